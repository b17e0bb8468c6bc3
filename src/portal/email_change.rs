//! A new e-mail address (issue 13, item 3: "a changed e-mail address only takes effect after the
//! new address confirms a link"). A signed-in candidate names a new address (`request`); we store
//! the change under the hash of a 256-bit token and send the link to the NEW address through the
//! outbox's urgent lane. Nothing changes until the candidate, signed in, presses "Confirm" on the
//! link's page (`confirm`): then, in one transaction, the current address moves, a profile
//! version records old -> new, the recruiters are told, the OLD address gets a notice, and the
//! audit has the fact (never the addresses).
//!
//! No enumeration: the request's answer is the same whether or not the new address belongs to
//! another candidate. Only the confirmation, made by whoever reads that mailbox, learns that the
//! address is taken (which its owner may know); the change is then refused and the link spent,
//! so two people never share one current address.

use anyhow::Context;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::config::Settings;
use crate::crypto::{keyed_digest, random_token, token_digest};
use crate::db::audit::{self, AuditAction};
use crate::db::outbox::{self, About, MessageKind, Priority, Queued};
use crate::db::{candidates, email_changes, profile_versions, rate_limits};
use crate::domain::EmailAddress;
use crate::portal::emails::{EmailChangeEmail, EmailChangedEmail};
use crate::portal::{PATH, PortalError, REQUEST_WINDOW, details};

/// Changes one candidate may ask for in `REQUEST_WINDOW`: no session can flood mailboxes.
pub(crate) const CHANGES_PER_CANDIDATE: i32 = 5;

/// The path of a confirmation link: the token is its last segment.
pub(crate) fn confirm_path(token: &str) -> String {
    format!("{PATH}/email/{token}")
}

/// What a request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requested {
    /// A link is on its way to the new address (whoever it belongs to).
    Sent,
    /// The address is the current one already: nothing to confirm.
    Same,
    /// The candidate is gone (erased meanwhile).
    Gone,
}

/// What a confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirmed {
    Changed,
    /// The address is another candidate's current one: the link is spent, nothing changed.
    Taken,
    /// The link is unknown, another candidate's, used or expired.
    Gone,
}

/// Stores a pending change to `new` and sends its link to the new address.
pub(crate) async fn request(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    new: &EmailAddress,
) -> Result<Requested, PortalError> {
    let key = settings.secret_key_bytes();
    let candidate_key = keyed_digest(key, "portal-email-change", candidate_id.as_bytes());
    let window = REQUEST_WINDOW.length();
    let hits = rate_limits::hit(pool, "portal_email_change", &candidate_key, window).await?;
    if hits.count > CHANGES_PER_CANDIDATE {
        return Err(PortalError::RateLimited(
            REQUEST_WINDOW.retry_after(OffsetDateTime::now_utc()),
        ));
    }
    let mut tx = pool.begin().await?;
    let Some(current) = candidates::current_email(&mut tx, candidate_id).await? else {
        return Ok(Requested::Gone);
    };
    if current.to_lowercase() == new.normalised() {
        return Ok(Requested::Same);
    }
    let token = random_token().context("no random bytes for a link token")?;
    let lifetime = settings.candidate_link_lifetime;
    email_changes::insert(
        &mut tx,
        &token_digest(&token),
        candidate_id,
        new.as_str(),
        new.normalised(),
        lifetime,
    )
    .await?;
    let site = settings.public_origin();
    let link_url = format!("{site}{}", confirm_path(&token));
    let support_inbox = settings.mail.support_inbox.to_string();
    let email = EmailChangeEmail {
        recipient: new.as_str(),
        link_url: &link_url,
        minutes: lifetime.as_secs() / 60,
        site: &site,
        support_inbox: &support_inbox,
    }
    .render()
    .context("rendering the address confirmation failed")?;
    let queued = Queued {
        priority: Priority::Urgent,
        secret: Some(&token),
        ..Queued::new(
            MessageKind::PortalEmailChange,
            About::Candidate(candidate_id),
            &email,
        )
    };
    outbox::enqueue(&mut tx, &queued, settings.message_domain()).await?;
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        None,
        AuditAction::PortalEmailChangeRequested,
        Some(candidate_id),
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(Requested::Sent)
}

/// True when `token` is a live change link of this candidate (the confirmation page's question).
pub(crate) async fn is_usable(
    pool: &PgPool,
    candidate_id: Uuid,
    token: &str,
) -> Result<bool, sqlx::Error> {
    email_changes::is_usable(pool, &token_digest(token), candidate_id).await
}

/// Spends the link and applies the change, all in one transaction.
pub(crate) async fn confirm(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    token: &str,
) -> Result<Confirmed, PortalError> {
    let mut tx = pool.begin().await?;
    // Locks the candidate row: concurrent changes and detail saves take turns.
    let Some(current) = profile_versions::current(&mut tx, candidate_id).await? else {
        return Ok(Confirmed::Gone);
    };
    let Some(new) = email_changes::spend(&mut tx, &token_digest(token), candidate_id).await? else {
        return Ok(Confirmed::Gone);
    };
    let old = candidates::current_email(&mut tx, candidate_id)
        .await?
        .context("the locked candidate has no row")?;
    let nothing = serde_json::json!({});
    if candidates::email_taken_by_other(&mut tx, candidate_id, &new.email_normalised).await? {
        audit::record(
            &mut *tx,
            None,
            AuditAction::PortalEmailChangeRefused,
            Some(candidate_id),
            nothing,
        )
        .await?;
        tx.commit().await?;
        return Ok(Confirmed::Taken);
    }
    candidates::set_email(&mut tx, candidate_id, &new.email, &new.email_normalised).await?;
    let version = current.version + 1;
    let version_id = profile_versions::insert_email_change(
        &mut tx,
        candidate_id,
        version,
        &current.details,
        (&old, &new.email),
    )
    .await?;
    details::tell_recruiters(
        &mut tx,
        settings,
        candidate_id,
        &current.reference,
        &["email"],
        version_id,
    )
    .await?;
    let site = settings.public_origin();
    let support_inbox = settings.mail.support_inbox.to_string();
    let notice = EmailChangedEmail {
        recipient: &old,
        site: &site,
        support_inbox: &support_inbox,
    }
    .render()
    .context("rendering the address-changed notice failed")?;
    let dedupe_key = format!("email-changed:{version_id}");
    let queued = Queued {
        priority: Priority::Urgent,
        dedupe_key: Some(&dedupe_key),
        ..Queued::new(
            MessageKind::PortalEmailChanged,
            About::Candidate(candidate_id),
            &notice,
        )
    };
    outbox::enqueue(&mut tx, &queued, settings.message_domain()).await?;
    let details = serde_json::json!({ "version": version, "fields": ["email"] });
    audit::record(
        &mut *tx,
        None,
        AuditAction::PortalEmailChanged,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Confirmed::Changed)
}
