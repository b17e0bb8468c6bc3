//! A fixed-window rate limiter in the database (`rate_limit_hits`), so a limit holds across every
//! instance and survives restarts. Each limit is a bucket; who is counted is a keyed digest (see
//! `crypto`), never an address. New limits use this instead of a table of their own.

use std::time::Duration;

use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

/// One hit counted: how many hits this key has in the current window (this one included), and
/// when the window ends (the truthful `Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hits {
    pub count: i32,
    pub window_ends: OffsetDateTime,
}

/// Counts a hit for `key_hash` in `bucket`, atomically (parallel requests each get their own
/// count), in windows of `window` aligned to the Unix epoch.
pub async fn hit<'e>(
    executor: impl PgExecutor<'e>,
    bucket: &str,
    key_hash: &[u8],
    window: Duration,
) -> Result<Hits, sqlx::Error> {
    let seconds = window.as_secs_f64().max(1.0);
    let row = sqlx::query!(
        r#"
        insert into rate_limit_hits (bucket, key_hash, window_start, hits)
        values ($1, $2,
                to_timestamp(floor(extract(epoch from now())::float8 / $3::float8) * $3::float8), 1)
        on conflict on constraint rate_limit_hits_pkey
        do update set hits = rate_limit_hits.hits + 1
        returning hits, window_start + make_interval(secs => $3::float8) as "window_ends!"
        "#,
        bucket,
        key_hash,
        seconds,
    )
    .fetch_one(executor)
    .await?;
    Ok(Hits {
        count: row.hits,
        window_ends: row.window_ends,
    })
}

/// Housekeeping for the daily purge: windows older than a day count against no one (no limit
/// here is longer than a day).
pub(crate) async fn delete_old(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted =
        sqlx::query!("delete from rate_limit_hits where window_start < now() - interval '1 day'")
            .execute(pool)
            .await?
            .rows_affected();
    Ok(deleted)
}
