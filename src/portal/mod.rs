//! "My application" (issue 13): a candidate follows their case without an account or password.
//! The use cases: asking for a sign-in link (`request_link`, the same work and answer whatever the
//! address), signing in with it (`sign_in`, single use, a server-side session), signing out, and
//! what the signed-in page shows (`case`).
//!
//! The web layer (`web::portal`) checks origins and form tokens, parses the address and answers;
//! the rows live in `db::{candidate_links, candidate_sessions}`; the e-mails go through the
//! outbox's urgent lane (`emails`).

pub(crate) mod case;
pub mod consents;
pub(crate) mod details;
pub(crate) mod email_change;
pub(crate) mod emails;
pub(crate) mod privacy;
pub(crate) mod requests;
pub(crate) mod session;

use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::config::Settings;
use crate::crypto::{keyed_digest, random_token, token_digest};
use crate::db::audit::{self, AuditAction};
use crate::db::candidate_links::{self, LinkPurpose};
use crate::db::outbox::{self, About, MessageKind, Priority, Queued};
use crate::db::{candidate_sessions, candidates, rate_limits};
use crate::domain::EmailAddress;
use crate::domain::window::{FixedWindow, RetryAfter};
use emails::{NoApplicationEmail, PortalLinkEmail};

/// The page's path; every e-mail to a candidate links here.
pub(crate) const PATH: &str = "/my-application";

/// How long the link in an application's acknowledgement works.
pub(crate) const ACKNOWLEDGEMENT_LINK_LIFETIME: Duration = Duration::from_secs(72 * 60 * 60);

/// Link requests are counted per hour (epoch-aligned), per client and per address.
pub(crate) const REQUEST_WINDOW: FixedWindow = FixedWindow::of_seconds(3600);
/// Requests one client may make in the window (over all addresses): generous, because a
/// carrier's NAT puts many phones behind one address.
pub(crate) const REQUESTS_PER_CLIENT: i32 = 20;
/// Requests for one address in the window, from anywhere: no mailbox gets flooded.
pub(crate) const REQUESTS_PER_ADDRESS: i32 = 5;

/// Double clicks within this many seconds send one e-mail (the outbox's dedupe key).
const DEDUPE_SECONDS: i64 = 60;

/// The path of a link: the token is its last segment.
pub(crate) fn link_path(token: &str) -> String {
    format!("{PATH}/link/{token}")
}

/// Why a request or a sign-in did not go through.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PortalError {
    #[error("too many link requests")]
    RateLimited(RetryAfter),
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    #[error("the request could not be handled")]
    Unexpected(#[source] anyhow::Error),
}

impl From<sqlx::Error> for PortalError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            PortalError::Unavailable(error)
        } else {
            PortalError::Unexpected(anyhow::Error::new(error))
        }
    }
}

impl From<anyhow::Error> for PortalError {
    fn from(error: anyhow::Error) -> Self {
        PortalError::Unexpected(error)
    }
}

/// Sends a sign-in link to `email` if an application came from it, otherwise a note that none
/// did. Both take the same statements and the same urgent lane, so neither the answer nor its
/// time tells a stranger whether the address is on file. Counted first, per client and per
/// address, in PostgreSQL (every instance shares the counts).
pub(crate) async fn request_link(
    pool: &PgPool,
    settings: &Settings,
    email: &EmailAddress,
    client_ip: &str,
) -> Result<(), PortalError> {
    let key = settings.secret_key_bytes();
    let address_key = keyed_digest(key, "portal-address", email.normalised().as_bytes());
    let client_key = keyed_digest(key, "portal-client", client_ip.as_bytes());
    let window = REQUEST_WINDOW.length();
    let by_client = rate_limits::hit(pool, "portal_link_client", &client_key, window).await?;
    let by_address = rate_limits::hit(pool, "portal_link_address", &address_key, window).await?;
    if by_client.count > REQUESTS_PER_CLIENT || by_address.count > REQUESTS_PER_ADDRESS {
        return Err(PortalError::RateLimited(
            REQUEST_WINDOW.retry_after(OffsetDateTime::now_utc()),
        ));
    }
    let site = settings.public_origin();
    let support_inbox = settings.mail.support_inbox.to_string();
    let mut tx = pool.begin().await?;
    let candidate_id = candidates::find_by_email(&mut tx, email.normalised()).await?;
    let mut secret = None;
    let (kind, about, rendered) = match candidate_id {
        Some(candidate_id) => {
            let token = random_token().context("no random bytes for a link token")?;
            let lifetime = settings.candidate_link_lifetime;
            candidate_links::insert(
                &mut tx,
                &token_digest(&token),
                candidate_id,
                LinkPurpose::SignIn,
                lifetime,
            )
            .await?;
            let link_url = format!("{site}{}", link_path(&token));
            let email = PortalLinkEmail {
                recipient: email.as_str(),
                link_url: &link_url,
                minutes: lifetime.as_secs() / 60,
                site: &site,
                support_inbox: &support_inbox,
            }
            .render();
            let about = About::Candidate(candidate_id);
            secret = Some(token);
            (MessageKind::PortalLink, about, email)
        }
        None => {
            let note = NoApplicationEmail {
                recipient: email.as_str(),
                site: &site,
                support_inbox: &support_inbox,
            }
            .render();
            (MessageKind::PortalNoApplication, About::Nobody, note)
        }
    };
    let rendered = rendered.context("rendering the sign-in e-mail failed")?;
    let minute = OffsetDateTime::now_utc().unix_timestamp() / DEDUPE_SECONDS;
    let dedupe_key = format!("portal:{}:{minute}", hex::encode(&address_key[..16]));
    let queued = Queued {
        priority: Priority::Urgent,
        dedupe_key: Some(&dedupe_key),
        secret: secret.as_deref(),
        ..Queued::new(kind, about, &rendered)
    };
    if outbox::enqueue(&mut tx, &queued, settings.message_domain())
        .await?
        .is_none()
    {
        // The same address asked a moment ago: that e-mail is on its way; store no second link.
        return Ok(());
    }
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        None,
        AuditAction::PortalLinkRequested,
        candidate_id,
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Spends the link and starts a session, in one transaction, and returns the session cookie's
/// token (only its digest is stored): a link signs in once, on whichever
/// instance the click lands. `None` when the link is unknown, used or expired. `replaced`: the
/// digest of a session cookie the browser already had (deleted: no session fixation).
pub(crate) async fn sign_in(
    pool: &PgPool,
    link_token: &str,
    replaced: Option<&[u8]>,
) -> Result<Option<String>, PortalError> {
    let mut tx = pool.begin().await?;
    let Some(candidate_id) = candidate_links::spend(&mut tx, &token_digest(link_token)).await?
    else {
        return Ok(None);
    };
    let token = random_token().context("no random bytes for a session token")?;
    let csrf = random_token().context("no random bytes for a CSRF token")?;
    candidate_sessions::create(
        &mut tx,
        candidate_id,
        &token_digest(&token),
        &csrf,
        replaced,
    )
    .await?;
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        None,
        AuditAction::PortalSignedIn,
        Some(candidate_id),
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Ends the session of this cookie and records it.
pub(crate) async fn sign_out(
    pool: &PgPool,
    session_token: &str,
    candidate_id: Uuid,
) -> Result<(), sqlx::Error> {
    candidate_sessions::delete(pool, &token_digest(session_token)).await?;
    let nothing = serde_json::json!({});
    audit::record(
        pool,
        None,
        AuditAction::PortalSignedOut,
        Some(candidate_id),
        nothing,
    )
    .await
}

/// The candidate's current e-mail address (as typed), for their pages.
pub(crate) async fn candidate_email(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    candidates::current_email(&mut conn, candidate_id).await
}
