//! The reports' figures snapshot (issue 15): a scheduled job (`jobs::Job::ReportFigures`, every 10
//! minutes inside `serve`) and `labminds report-figures` rebuild the aggregate tables that every
//! report page and CSV reads (`db::report_figures`), so a report costs the same at 100,000
//! candidates as at 100.

use std::time::Instant;

use serde_json::Value;
use sqlx::PgPool;

use crate::db;

/// Rebuilds the figures (one transaction), then tidies the tables; returns the counts for the log
/// and `job_runs`.
pub(crate) async fn rebuild(pool: &PgPool) -> anyhow::Result<Value> {
    let started = Instant::now();
    let rebuilt = db::report_figures::rebuild(pool).await?;
    let built_ms = started.elapsed().as_millis();
    db::report_figures::tidy(pool).await?;
    Ok(serde_json::json!({
        "taken_at": rebuilt.taken_at.unix_timestamp(),
        "figures": rebuilt.figures,
        "cohorts": rebuilt.cohorts,
        "stays": rebuilt.stays,
        "rebuild_ms": built_ms,
        "total_ms": started.elapsed().as_millis(),
    }))
}
