//! `candidate_sessions`: the signed-in sessions of "My application", stored under the SHA-256 of
//! the cookie's token, like the recruiters' (`db::sessions`). The lifetimes are
//! `portal::session`'s.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::portal::session::{ABSOLUTE_TIMEOUT, CandidateSession, IDLE_TIMEOUT};

/// Starts a session in the caller's transaction (the one that spends the link). `replaced`: the
/// digest of a session cookie the browser already had, deleted (a sign-in always gets a new id).
pub(crate) async fn create(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    token_digest: &[u8],
    csrf_token: &str,
    replaced: Option<&[u8]>,
) -> Result<(), sqlx::Error> {
    if let Some(old) = replaced {
        sqlx::query!("delete from candidate_sessions where token_hash = $1", old)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query!(
        r#"insert into candidate_sessions (token_hash, candidate_id, csrf_token, expires_at)
           values ($1, $2, $3, now() + make_interval(secs => $4::float8))"#,
        token_digest,
        candidate_id,
        csrf_token,
        ABSOLUTE_TIMEOUT.as_secs_f64(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The session of a cookie, if it is live: refreshes its idle timer in the same statement.
pub(crate) async fn touch(
    pool: &PgPool,
    token_digest: &[u8],
) -> Result<Option<CandidateSession>, sqlx::Error> {
    sqlx::query_as!(
        CandidateSession,
        r#"
        update candidate_sessions set last_seen_at = now()
        where token_hash = $1
          and expires_at > now()
          and last_seen_at > now() - make_interval(secs => $2::float8)
        returning candidate_id, csrf_token
        "#,
        token_digest,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await
}

pub(crate) async fn delete(pool: &PgPool, token_digest: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from candidate_sessions where token_hash = $1",
        token_digest
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping for the daily purge: sessions past their absolute or idle timeout.
pub(crate) async fn delete_expired(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        r#"delete from candidate_sessions
           where expires_at <= now() or last_seen_at <= now() - make_interval(secs => $1::float8)"#,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
