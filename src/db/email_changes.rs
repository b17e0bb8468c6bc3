//! `candidate_email_changes`: a new e-mail address a candidate asked for on My application,
//! waiting for a link sent to it. Stored under the SHA-256 of the link's token; spent by the one
//! statement that marks it used, and only by the candidate who asked (a token of another
//! candidate finds nothing).

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The address a spent link confirms.
pub(crate) struct NewAddress {
    pub(crate) email: String,
    pub(crate) email_normalised: String,
}

/// Stores a pending change in the caller's transaction.
pub(crate) async fn insert(
    conn: &mut PgConnection,
    token_digest: &[u8],
    candidate_id: Uuid,
    new_email: &str,
    new_email_normalised: &str,
    lifetime: Duration,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into candidate_email_changes
               (token_hash, candidate_id, new_email, new_email_normalised, expires_at)
           values ($1, $2, $3, $4, now() + make_interval(secs => $5::float8))"#,
        token_digest,
        candidate_id,
        new_email,
        new_email_normalised,
        lifetime.as_secs_f64(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// True when this candidate's link exists, is unused and has not expired (the confirmation
/// page's question; it changes nothing).
pub(crate) async fn is_usable(
    pool: &PgPool,
    token_digest: &[u8],
    candidate_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let usable = sqlx::query_scalar!(
        r#"select exists (
             select 1 from candidate_email_changes
             where token_hash = $1 and candidate_id = $2 and used_at is null
               and expires_at > now()) as "usable!""#,
        token_digest,
        candidate_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(usable)
}

/// Spends this candidate's link in the caller's transaction: the new address, or `None` when the
/// link is unknown, another candidate's, used or expired.
pub(crate) async fn spend(
    conn: &mut PgConnection,
    token_digest: &[u8],
    candidate_id: Uuid,
) -> Result<Option<NewAddress>, sqlx::Error> {
    sqlx::query_as!(
        NewAddress,
        r#"update candidate_email_changes set used_at = now()
           where token_hash = $1 and candidate_id = $2 and used_at is null and expires_at > now()
           returning new_email as email, new_email_normalised as email_normalised"#,
        token_digest,
        candidate_id,
    )
    .fetch_optional(conn)
    .await
}

/// Housekeeping for the daily purge: changes that can no longer be confirmed (their address is
/// personal data we no longer need).
pub(crate) async fn delete_spent(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from candidate_email_changes where expires_at <= now() or used_at is not null"
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
