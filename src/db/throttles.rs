//! The counters that refuse too many attempts, shared by every instance: failed logins
//! (`login_failures`, per account and per client over a sliding window) and applications per
//! client per hour (`intake_rate_limits`). Both count keyed hashes, never addresses.

use sqlx::{PgConnection, PgPool};

use crate::auth::throttle::{FailureCounts, ThrottleKeys, WINDOW};

/// Failures within the window for the account and for the client.
pub(crate) async fn failure_counts(
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

pub(crate) async fn record_failure(pool: &PgPool, keys: &ThrottleKeys) -> Result<(), sqlx::Error> {
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
pub(crate) async fn clear_account_failures(
    pool: &PgPool,
    keys: &ThrottleKeys,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from login_failures where account_hash = $1",
        keys.account
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping for the daily purge: failures older than the window count against no one.
pub(crate) async fn delete_old_failures(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from login_failures where created_at <= now() - make_interval(secs => $1::float8)",
        WINDOW.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}

/// Counts one submission from a client in the current hour and returns the hour's count so far.
pub(crate) async fn count_submission(
    conn: &mut PgConnection,
    ip_hash: &[u8],
) -> Result<i32, sqlx::Error> {
    sqlx::query_file_scalar!("src/db/submission/count_submission.sql", ip_hash)
        .fetch_one(conn)
        .await
}

/// Rate-limit windows older than a day can no longer count against anyone: the purge drops them.
pub(crate) async fn delete_old_submission_counts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from intake_rate_limits where window_start < now() - interval '1 day'"
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
