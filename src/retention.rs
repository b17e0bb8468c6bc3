//! The retention purge: a scheduled job (`jobs::Job::Purge`, daily inside `serve`) and
//! `labminds purge [--as-of YYYY-MM-DD]`.

use sqlx::PgPool;
use time::Date;

use crate::db;

/// Erases candidates whose data is past retention on `as_of`, then expired sessions and sign-in links, old login
/// failures, old counters and old job records.
pub async fn purge(pool: &PgPool, retention_months: u32, as_of: Date) -> anyhow::Result<u64> {
    let candidates = db::retention::purge_expired_candidates(pool, retention_months, as_of).await?;
    db::sessions::delete_expired(pool).await?;
    db::links::delete_dead(pool).await?;
    db::candidate_sessions::delete_expired(pool).await?;
    db::candidate_links::delete_spent(pool).await?;
    db::email_changes::delete_spent(pool).await?;
    db::outbox::delete_old_about_nobody(pool).await?;
    db::throttles::delete_old_attempts(pool).await?;
    db::throttles::delete_old_failures(pool).await?;
    db::throttles::delete_old_submission_counts(pool).await?;
    db::rate_limits::delete_old(pool).await?;
    db::jobs::delete_old_runs(pool).await?;
    tracing::info!(candidates, retention_months, "retention purge done");
    Ok(candidates)
}
