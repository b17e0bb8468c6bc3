//! Queries on `recruiters`, `recruiter_sessions` and `login_failures`: accounts, sessions and the
//! login throttle (issue 5).

use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, RecruiterSession};
use crate::auth::throttle::{FailureCounts, ThrottleKeys, WINDOW};

/// What the login needs to know about an account.
pub struct LoginAccount {
    pub id: Uuid,
    pub password_hash: String,
    pub disabled: bool,
}

pub async fn find_for_login(
    pool: &PgPool,
    email: &str,
) -> Result<Option<LoginAccount>, sqlx::Error> {
    sqlx::query_as!(
        LoginAccount,
        r#"select id, password_hash, disabled_at is not null as "disabled!"
           from recruiters where email = $1"#,
        email,
    )
    .fetch_optional(pool)
    .await
}

/// Inserts an account; `Ok(false)` when the e-mail is taken.
pub async fn insert(pool: &PgPool, email: &str, password_hash: &str) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        r#"insert into recruiters (id, email, password_hash) values ($1, $2, $3)
           on conflict on constraint recruiters_email_key do nothing"#,
        Uuid::now_v7(),
        email,
        password_hash,
    )
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Disables an account and ends its sessions at once; `Ok(false)` when there is no such account.
pub async fn disable(pool: &PgPool, email: &str) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"update recruiters set disabled_at = coalesce(disabled_at, now()), updated_at = now()
           where email = $1 returning id"#,
        email,
    )
    .fetch_optional(&mut *tx)
    .await?;
    end_sessions_and_commit(tx, id).await
}

/// Sets a new password (and re-enables nothing): every session of the account ends.
pub async fn set_password(
    pool: &PgPool,
    email: &str,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"update recruiters set password_hash = $2, updated_at = now()
           where email = $1 returning id"#,
        email,
        password_hash,
    )
    .fetch_optional(&mut *tx)
    .await?;
    end_sessions_and_commit(tx, id).await
}

/// Ends every session of the account the update found (if any) in the same transaction, so a
/// disabled account or a changed password locks out every browser at once.
async fn end_sessions_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    id: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    if let Some(id) = id {
        sqlx::query!("delete from recruiter_sessions where recruiter_id = $1", id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id.is_some())
}

/// Starts a session. `replaced`: the digest of a session cookie the browser already had, deleted
/// in the same transaction (a login always gets a new id: no session fixation).
pub async fn create_session(
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
pub async fn touch_session(
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

pub async fn delete_session(pool: &PgPool, token_digest: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from recruiter_sessions where token_hash = $1",
        token_digest
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Failures within the window for the account and for the client.
pub async fn failure_counts(
    pool: &PgPool,
    keys: &ThrottleKeys,
) -> Result<FailureCounts, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        select
          count(*) filter (where account_hash = $1) as "account!",
          count(*) filter (where ip_hash = $2) as "ip!"
        from login_failures
        where (account_hash = $1 or ip_hash = $2)
          and created_at > now() - make_interval(secs => $3::float8)
        "#,
        keys.account,
        keys.ip,
        WINDOW.as_secs_f64(),
    )
    .fetch_one(pool)
    .await?;
    Ok(FailureCounts {
        account: row.account,
        ip: row.ip,
    })
}

pub async fn record_failure(pool: &PgPool, keys: &ThrottleKeys) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into login_failures (account_hash, ip_hash) values ($1, $2)",
        keys.account,
        keys.ip,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful login forgives the account's earlier failures (not the client's).
pub async fn clear_account_failures(pool: &PgPool, keys: &ThrottleKeys) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from login_failures where account_hash = $1",
        keys.account
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping for the daily job: expired sessions and failures older than the window.
pub async fn delete_expired(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let sessions = sqlx::query!(
        r#"delete from recruiter_sessions
           where expires_at <= now() or last_seen_at <= now() - make_interval(secs => $1::float8)"#,
        IDLE_TIMEOUT.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    let failures = sqlx::query!(
        "delete from login_failures where created_at <= now() - make_interval(secs => $1::float8)",
        WINDOW.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(sessions + failures)
}
