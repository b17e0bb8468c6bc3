//! The retention purge: `labminds purge`, and once a day inside `labminds serve`.

use std::time::Duration;

use sqlx::PgPool;

use crate::db;
use tokio_util::sync::CancellationToken;

/// How often `serve` purges. Every instance runs it; the deletes are idempotent.
pub(crate) const PURGE_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// Erases candidates past retention, then expired sessions and old login failures.
pub async fn purge(pool: &PgPool, retention_months: u32) -> anyhow::Result<u64> {
    let candidates = db::retention::purge_expired_candidates(pool, retention_months).await?;
    db::sessions::delete_expired(pool).await?;
    db::throttles::delete_old_failures(pool).await?;
    db::throttles::delete_old_submission_counts(pool).await?;
    tracing::info!(candidates, retention_months, "retention purge done");
    Ok(candidates)
}

/// Purges now and then every `PURGE_INTERVAL`, until `stop` is cancelled. A failed run is logged
/// and retried at the next tick; it never stops the server.
pub(crate) fn spawn_daily_purge(
    pool: PgPool,
    retention_months: u32,
    stop: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(PURGE_INTERVAL);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = ticks.tick() => {
                    if let Err(error) = purge(&pool, retention_months).await {
                        tracing::error!(
                            error = ?crate::telemetry::ErrorChain(error.as_ref()),
                            "retention purge failed"
                        );
                    }
                }
            }
        }
    })
}
