//! `recruiter_sessions`: server-side sessions, stored under the SHA-256 of the cookie's token. The
//! lifetimes are the rules of `auth::session`.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::session::{
    ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, PENDING_TIMEOUT, RecruiterSession, SessionState,
};

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

/// A session to start: whose, under which token digest, how far signed in, on what device.
pub(crate) struct NewSession<'a> {
    pub(crate) recruiter_id: Uuid,
    pub(crate) token_digest: &'a [u8],
    pub(crate) csrf_token: &'a str,
    pub(crate) state: SessionState,
    pub(crate) device: &'a str,
}

/// Starts a session. `replaced`: the digest of a session cookie the browser already had, deleted
/// in the same transaction (every step of a sign-in gets a new id: no session fixation). An active
/// session lasts `ABSOLUTE_TIMEOUT` at most, a pending one `PENDING_TIMEOUT`. (The last sign-in
/// is read from the audit log: no write to the account's row, which parallel sign-ins of one
/// account would queue on.)
pub(crate) async fn create(
    pool: &PgPool,
    session: &NewSession<'_>,
    replaced: Option<&[u8]>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    if let Some(old) = replaced {
        sqlx::query!("delete from recruiter_sessions where token_hash = $1", old)
            .execute(&mut *tx)
            .await?;
    }
    let lifetime = if session.state == SessionState::Active {
        ABSOLUTE_TIMEOUT
    } else {
        PENDING_TIMEOUT
    };
    sqlx::query!(
        r#"insert into recruiter_sessions
               (token_hash, recruiter_id, csrf_token, expires_at, state, device)
           values ($1, $2, $3, now() + make_interval(secs => $4::float8), $5, $6)"#,
        session.token_digest,
        session.recruiter_id,
        session.csrf_token,
        lifetime.as_secs_f64(),
        session.state.as_str(),
        session.device,
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
        returning s.id as session_id, s.recruiter_id, r.email, r.display_name, r.role,
                  r.time_zone, s.state, s.csrf_token
        "#,
        token_digest,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await
}

/// Opens the dashboard to a session that has just set up its second factor (the page that shows
/// the recovery codes answers the same request, so the session keeps its id): a full sign-in.
pub(crate) async fn activate(pool: &PgPool, session_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update recruiter_sessions set state = 'active',
               expires_at = now() + make_interval(secs => $2::float8)
           where id = $1 and state = 'enrol'"#,
        session_id,
        ABSOLUTE_TIMEOUT.as_secs_f64(),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// One of a recruiter's live sessions, for the sessions list.
pub(crate) struct SessionRow {
    pub(crate) id: Uuid,
    pub(crate) device: String,
    pub(crate) created_at: time::OffsetDateTime,
    pub(crate) last_seen_at: time::OffsetDateTime,
}

pub(crate) async fn list_active(
    pool: &PgPool,
    recruiter_id: Uuid,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as!(
        SessionRow,
        r#"select id, device, created_at, last_seen_at from recruiter_sessions
           where recruiter_id = $1 and state = 'active' and expires_at > now()
             and last_seen_at > now() - make_interval(secs => $2::float8)
           order by last_seen_at desc"#,
        recruiter_id,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .fetch_all(pool)
    .await
}

/// Ends one of the recruiter's own sessions by its id; `false` if it is not theirs (or gone).
pub(crate) async fn end_own(
    conn: &mut PgConnection,
    recruiter_id: Uuid,
    session_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query!(
        "delete from recruiter_sessions where id = $1 and recruiter_id = $2",
        session_id,
        recruiter_id,
    )
    .execute(conn)
    .await?;
    Ok(ended.rows_affected() == 1)
}

/// Ends every session of the account but `keep` (a changed password keeps the browser that
/// changed it).
pub(crate) async fn end_others(
    conn: &mut PgConnection,
    recruiter_id: Uuid,
    keep: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from recruiter_sessions where recruiter_id = $1 and id <> $2",
        recruiter_id,
        keep,
    )
    .execute(conn)
    .await?;
    Ok(())
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
