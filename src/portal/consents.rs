//! The candidate's consents: four purposes, each given or withdrawn in one click on "My
//! application" and recorded with the privacy-notice version, the time and the channel
//! (`db::consents`). Withdrawing "processing" means erasure, which the page confirms once first.
//! Mail that is not strictly about the case carries a one-click unsubscribe link (RFC 8058,
//! `unsubscribe_path`) that withdraws "e-mail updates" without a session.

use sqlx::PgPool;
use uuid::Uuid;

use crate::crypto;
use crate::db::consents::{self, ConsentChange, ConsentState};
use crate::domain::choices::choice;
use crate::guide::PRIVACY_POLICY_VERSION;

choice!(
    /// What a consent is for.
    ConsentPurpose {
        Processing => "processing", "Handling my application";
        KeepDetails => "keep_details", "Keeping my details for future roles";
        EmailUpdates => "email_updates", "E-mail updates and reminders";
        ShareWithEmployers => "share_with_employers", "Sharing my profile with US employers";
    }
);

impl ConsentPurpose {
    /// What giving it means, in the page's words.
    pub(crate) fn explanation(self) -> &'static str {
        match self {
            Self::Processing => {
                "Needed for us to have your case at all. Taking it back deletes everything we hold about you."
            }
            Self::KeepDetails => {
                "We keep your details after the usual time, to offer you roles later. Without it we delete them when the retention time ends."
            }
            Self::EmailUpdates => {
                "E-mails that are not strictly about your case, such as reminders and news."
            }
            Self::ShareWithEmployers => {
                "We may send your profile to named US employers, outside your country. Without it we ask you before each one."
            }
        }
    }
}

/// How a change was made (`candidate_consents_channel_check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    Page,
    Unsubscribe,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Page => "my_application",
            Channel::Unsubscribe => "email_unsubscribe",
        }
    }
}

/// Every purpose with its current state, in the list's order.
pub(crate) async fn states(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<(ConsentPurpose, ConsentState)>, sqlx::Error> {
    let purposes: Vec<String> = ConsentPurpose::ALL
        .iter()
        .map(|p| p.as_str().to_owned())
        .collect();
    let states = consents::current(pool, candidate_id, &purposes).await?;
    Ok(states
        .into_iter()
        .filter_map(|state| Some((ConsentPurpose::parse(&state.purpose).ok()?, state)))
        .collect())
}

/// Gives or withdraws a consent under today's notice; false when the candidate is gone.
pub(crate) async fn change(
    pool: &PgPool,
    candidate_id: Uuid,
    purpose: ConsentPurpose,
    given: bool,
    channel: Channel,
) -> Result<bool, sqlx::Error> {
    consents::record(
        pool,
        &ConsentChange {
            candidate_id,
            purpose: purpose.as_str(),
            given,
            notice_version: PRIVACY_POLICY_VERSION,
            channel: channel.as_str(),
        },
    )
    .await
}

fn unsubscribe_payload(candidate_id: Uuid) -> String {
    format!("unsubscribe:{candidate_id}")
}

/// The one-click unsubscribe path of a candidate's mail (`/unsubscribe/<id>.<signature>`, an
/// HMAC under `SECRET_KEY`): for the outbox's `unsubscribe_url` of mail not strictly about the
/// case. It needs no session, since a mail provider posts it (RFC 8058).
pub fn unsubscribe_path(secret_key: &[u8], candidate_id: Uuid) -> String {
    let signature = crypto::sign(secret_key, &unsubscribe_payload(candidate_id));
    format!("/unsubscribe/{candidate_id}.{signature}")
}

/// The candidate an unsubscribe token was made for, if its signature is ours.
pub(crate) fn verify_unsubscribe(secret_key: &[u8], token: &str) -> Option<Uuid> {
    let (id, signature) = token.split_once('.')?;
    let candidate_id = Uuid::try_parse(id).ok()?;
    crypto::verify(secret_key, &unsubscribe_payload(candidate_id), signature).ok()?;
    Some(candidate_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsubscribe_token_verifies_with_its_key_only() {
        let id = Uuid::new_v4();
        let path = unsubscribe_path(b"key", id);
        let token = path.strip_prefix("/unsubscribe/").unwrap();
        assert_eq!(verify_unsubscribe(b"key", token), Some(id));
        assert_eq!(verify_unsubscribe(b"other", token), None);
        let other = unsubscribe_path(b"key", Uuid::new_v4());
        let forged = format!("{id}.{}", other.rsplit('.').next().unwrap());
        assert_eq!(verify_unsubscribe(b"key", &forged), None);
        assert_eq!(verify_unsubscribe(b"key", "nonsense"), None);
    }

    #[test]
    fn the_purposes_are_the_tables_own() {
        let sql = include_str!("../../migrations/20261203000300_create_candidate_consents.sql");
        for purpose in ConsentPurpose::ALL {
            assert!(
                sql.contains(&format!("'{}'", purpose.as_str())),
                "{purpose:?}"
            );
        }
        for channel in [Channel::Page, Channel::Unsubscribe] {
            assert!(sql.contains(&format!("'{}'", channel.as_str())));
        }
    }
}
