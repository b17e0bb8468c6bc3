//! `candidate_links`: the sign-in links of "My application", stored under the SHA-256 of their
//! token. A link is spent by the one statement that marks it used, so two clicks (or two
//! instances) can never both sign in with it.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Why a link was made; it decides nothing but is kept for the audit of how people sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkPurpose {
    /// Asked for on `/my-application`.
    SignIn,
    /// In the e-mail that acknowledges an application.
    Acknowledgement,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::Acknowledgement => "acknowledgement",
        }
    }
}

/// Stores a new link in the caller's transaction (the intake's, or the link request's).
pub(crate) async fn insert(
    conn: &mut PgConnection,
    token_digest: &[u8],
    candidate_id: Uuid,
    purpose: LinkPurpose,
    lifetime: Duration,
) -> Result<(), sqlx::Error> {
    sqlx::query_file!(
        "src/db/submission/insert_candidate_link.sql",
        token_digest,
        candidate_id,
        purpose.as_str(),
        lifetime.as_secs_f64(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// True when the link exists, is unused and has not expired (the confirmation page's question;
/// it changes nothing: a GET never signs in).
pub(crate) async fn is_usable(pool: &PgPool, token_digest: &[u8]) -> Result<bool, sqlx::Error> {
    let usable = sqlx::query_scalar!(
        r#"select exists (
             select 1 from candidate_links
             where token_hash = $1 and used_at is null and expires_at > now()) as "usable!""#,
        token_digest,
    )
    .fetch_one(pool)
    .await?;
    Ok(usable)
}

/// Spends the link in the caller's transaction: its candidate, or `None` when it is unknown,
/// used or expired.
pub(crate) async fn spend(
    conn: &mut PgConnection,
    token_digest: &[u8],
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"update candidate_links set used_at = now()
           where token_hash = $1 and used_at is null and expires_at > now()
           returning candidate_id"#,
        token_digest,
    )
    .fetch_optional(conn)
    .await
}

/// Housekeeping for the daily purge: links that can no longer be used.
pub(crate) async fn delete_spent(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from candidate_links where expires_at <= now() or used_at is not null"
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
