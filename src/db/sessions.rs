//! `recruiter_sessions`: server-side sessions, stored under the SHA-256 of the cookie's token. The
//! lifetimes are the rules of `auth::session`.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, RecruiterSession};

/// Ends every session of the account, in the caller's transaction (a disabled account or a new
/// password locks out every browser at once).
pub(crate) async fn end_all(
    conn: &mut PgConnection,
    recruiter_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from recruiter_sessions where recruiter_id = $1",
        recruiter_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Starts a session. `replaced`: the digest of a session cookie the browser already had, deleted
/// in the same transaction (a login always gets a new id: no session fixation).
pub(crate) async fn create(
    pool: &PgPool,
    recruiter_id: Uuid,
    token_digest: &[u8],
    csrf_token: &str,
    replaced: Option<&[u8]>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    if let Some(old) = replaced {
        sqlx::query!("delete from recruiter_sessions where token_hash = $1", old)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query!(
        r#"insert into recruiter_sessions (token_hash, recruiter_id, csrf_token, expires_at)
           values ($1, $2, $3, now() + make_interval(secs => $4::float8))"#,
        token_digest,
        recruiter_id,
        csrf_token,
        ABSOLUTE_TIMEOUT.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The session of a cookie, if it is live: refreshes its idle timer in the same statement.
pub(crate) async fn touch(
    pool: &PgPool,
    token_digest: &[u8],
) -> Result<Option<RecruiterSession>, sqlx::Error> {
    sqlx::query_as!(
        RecruiterSession,
        r#"
        update recruiter_sessions s set last_seen_at = now()
        from recruiters r
        where s.token_hash = $1
          and r.id = s.recruiter_id
          and r.disabled_at is null
          and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(secs => $2::float8)
        returning s.recruiter_id, r.email, s.csrf_token
        "#,
        token_digest,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await
}

pub(crate) async fn delete(pool: &PgPool, token_digest: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from recruiter_sessions where token_hash = $1",
        token_digest
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping for the daily purge: sessions past their absolute or idle timeout.
pub(crate) async fn delete_expired(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        r#"delete from recruiter_sessions
           where expires_at <= now() or last_seen_at <= now() - make_interval(secs => $1::float8)"#,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
