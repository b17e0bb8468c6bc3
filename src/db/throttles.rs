//! The counters that refuse too many attempts, shared by every instance: sign-in attempts
//! (`login_attempts`, per account and client, per client and per account in fixed windows) and
//! applications per client per hour (`intake_rate_limits`). Both count keyed hashes, never
//! addresses.

use sqlx::{PgConnection, PgPool};

use crate::auth::throttle::{AttemptCounts, AttemptKeys, WINDOW};

/// Counts one sign-in attempt under its three keys in one statement and returns the window's
/// counts, this attempt included. The upsert takes each row's lock in turn, so of any number of
/// parallel attempts each sees a different count: no more pass than the limits allow.
pub(crate) async fn count_attempt(
    pool: &PgPool,
    keys: &AttemptKeys,
) -> Result<AttemptCounts, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        insert into login_attempts (key_hash, window_start)
        select key_hash, $4 from unnest(array[$1::bytea, $2::bytea, $3::bytea]) as k(key_hash)
        on conflict on constraint login_attempts_pkey
        do update set attempts = login_attempts.attempts + 1
        returning key_hash, attempts
        "#,
        keys.pair,
        keys.client,
        keys.account,
        keys.window_start,
    )
    .fetch_all(pool)
    .await?;
    let count_of = |key: &[u8]| {
        rows.iter()
            .find(|row| row.key_hash == key)
            .map_or(0, |row| row.attempts)
    };
    Ok(AttemptCounts {
        pair: count_of(&keys.pair),
        client: count_of(&keys.client),
        account: count_of(&keys.account),
    })
}

/// A successful sign-in: the pair's failures are forgiven, and this attempt is taken back from the
/// client's and the account's counts (earlier failures from elsewhere stay counted).
pub(crate) async fn forgive_attempt(pool: &PgPool, keys: &AttemptKeys) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        with forgiven as (
            delete from login_attempts where key_hash = $1 and window_start = $4
        )
        update login_attempts set attempts = greatest(attempts - 1, 0)
        where key_hash in ($2, $3) and window_start = $4
        "#,
        keys.pair,
        keys.client,
        keys.account,
        keys.window_start,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping for the daily purge: windows that have ended count against no one.
pub(crate) async fn delete_old_attempts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from login_attempts where window_start < now() - make_interval(secs => $1::float8)",
        WINDOW.length().as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}

/// The previous release's failure log (`login_failures`, kept until a later release drops it):
/// rows older than its window count against no one.
pub(crate) async fn delete_old_failures(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from login_failures where created_at <= now() - make_interval(secs => $1::float8)",
        WINDOW.length().as_secs_f64(),
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
