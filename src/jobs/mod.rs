//! Scheduled work: the retention purge and the document reminders (daily), the recruiters' digest
//! (hourly; each recruiter has their own hour) and the reports' figures (every 10 minutes). One
//! list of jobs (`JOBS`), one way to run a job for a date (`run`), and one scheduler inside
//! `serve`.
//!
//! Every job that works by date is a function of an explicit date: `--as-of YYYY-MM-DD` on the
//! command line, today's date (UTC) in `serve`. So tests never wait for the clock and never break
//! as time passes. The reports' figures are of the current state, so they take no date.
//!
//! Safe with any number of instances:
//! - a run holds a PostgreSQL advisory lock for its job, so two instances never work on the same
//!   job at the same moment (the second one skips and says so);
//! - each job is idempotent per date: whatever it queues carries an outbox dedupe key
//!   ("reminder:<document>:<date>"), so running it again for the same date queues nothing new
//!   (a rebuild of the figures replaces them whole);
//! - `job_runs` records finished runs, which is how the scheduler knows today's run is done.

use std::time::Duration;

use anyhow::Context;
use serde_json::Value;
use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::db;
use crate::notifications::digest::{self, Clock};
use crate::telemetry::ErrorChain;

/// The scheduled jobs. A new job is a variant here, a line in `JOBS`, and its arms below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Candidates past `RETENTION_MONTHS`, expired sessions, old counters.
    Purge,
    /// Document reminders to candidates and owners (`crate::reminders`).
    Reminders,
    /// The recruiters' daily digests that are due (`notifications::digest`).
    Digest,
    /// The reports' figures, rebuilt from scratch (`crate::reports`). Of the current state, so
    /// it works the same for any date: a run by hand is simply a fresh rebuild.
    ReportFigures,
}

/// Every job, in the order the scheduler runs them.
pub(crate) const JOBS: &[Job] = &[Job::Purge, Job::Reminders, Job::Digest, Job::ReportFigures];

/// How often a job's work is due: once per UTC date, once per UTC hour (for work whose
/// recipients each have their own hour, such as a digest sent at 8:00 in each person's time zone),
/// or once in each ten minutes of the clock (for figures that must stay fresh).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cadence {
    Daily,
    Hourly,
    TenMinutes,
}

/// What a run is for: a date given by hand (`--as-of`, maybe narrowed to a local hour with the
/// digest's `--hour`), or the instant of the scheduler's tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunFor {
    Date { date: Date, hour: Option<u8> },
    Tick(OffsetDateTime),
}

impl RunFor {
    /// The date (UTC for a tick) of a job that works by date.
    fn date(self) -> Date {
        match self {
            RunFor::Date { date, .. } => date,
            RunFor::Tick(at) => at.date(),
        }
    }
}

impl Job {
    pub fn name(self) -> &'static str {
        match self {
            Job::Purge => "purge",
            Job::Reminders => "reminders",
            Job::Digest => "digest",
            Job::ReportFigures => "report-figures",
        }
    }

    pub(crate) fn cadence(self) -> Cadence {
        match self {
            Job::Purge | Job::Reminders => Cadence::Daily,
            Job::Digest => Cadence::Hourly,
            Job::ReportFigures => Cadence::TenMinutes,
        }
    }

    /// What a run at `now` covers: "2026-12-01" for a daily job, "2026-12-01T08" for an hourly
    /// one, "2026-12-01T08:50" for one due every ten minutes (08:50 to 08:59).
    pub fn run_key(self, now: OffsetDateTime) -> String {
        let date = now.date();
        match self.cadence() {
            Cadence::Daily => date.to_string(),
            Cadence::Hourly => format!("{date}T{:02}", now.hour()),
            Cadence::TenMinutes => format!("{date}T{:02}:{}0", now.hour(), now.minute() / 10),
        }
    }

    /// Does the job's work for `what`; returns non-personal counts for the log and `job_runs`.
    async fn work(self, pool: &PgPool, settings: &Settings, what: RunFor) -> anyhow::Result<Value> {
        match self {
            Job::Purge => {
                let purged =
                    crate::retention::purge(pool, settings.retention_months, what.date()).await?;
                Ok(serde_json::json!({ "candidates_erased": purged }))
            }
            Job::Reminders => Ok(crate::reminders::run(pool, settings, what.date())
                .await?
                .json()),
            Job::Digest => {
                let clock = match what {
                    RunFor::Date { date, hour } => Clock::Day { date, hour },
                    RunFor::Tick(at) => Clock::At(at),
                };
                digest::run(pool, settings, clock).await
            }
            Job::ReportFigures => crate::reports::rebuild(pool).await,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum RunOutcome {
    /// The work was done; these are its counts.
    Done(Value),
    /// Another instance holds the job's lock right now; nothing was done here.
    Busy,
}

/// Runs `job` for `as_of` once, under the job's lock, and records the run under `run_key`.
pub async fn run(
    pool: &PgPool,
    settings: &Settings,
    job: Job,
    as_of: Date,
    run_key: &str,
) -> anyhow::Result<RunOutcome> {
    let what = RunFor::Date {
        date: as_of,
        hour: None,
    };
    run_for(pool, settings, job, what, run_key).await
}

/// `run` for a date and hour, or a scheduler tick.
pub async fn run_for(
    pool: &PgPool,
    settings: &Settings,
    job: Job,
    what: RunFor,
    run_key: &str,
) -> anyhow::Result<RunOutcome> {
    let name = job.name();
    let Some(lock) = db::jobs::try_lock(pool, name)
        .await
        .with_context(|| format!("could not take the lock of the {name} job"))?
    else {
        tracing::info!(
            job = name,
            run_key,
            "job is running on another instance, skipped"
        );
        return Ok(RunOutcome::Busy);
    };
    let outcome = job.work(pool, settings, what).await;
    let recorded = match &outcome {
        Ok(counts) => db::jobs::record_finished(pool, name, run_key, counts).await,
        Err(_) => Ok(()),
    };
    lock.release().await;
    let counts = outcome.with_context(|| format!("the {name} job failed"))?;
    recorded.with_context(|| format!("could not record the run of the {name} job"))?;
    tracing::info!(job = name, run_key, outcome = %counts, "job finished");
    Ok(RunOutcome::Done(counts))
}

/// How often the scheduler in `serve` looks for due work.
const SCHEDULER_TICK: Duration = Duration::from_secs(60);

/// Runs every job whose current run (today, or this hour) has not finished yet, at start-up and
/// then every minute, until `stop` is cancelled. A failed run is logged and tried again at the next
/// tick; it never stops the server.
pub(crate) fn spawn_scheduler(
    pool: PgPool,
    settings: Settings,
    stop: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(SCHEDULER_TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = ticks.tick() => run_due(&pool, &settings).await,
            }
        }
    })
}

async fn run_due(pool: &PgPool, settings: &Settings) {
    let now = OffsetDateTime::now_utc();
    for &job in JOBS {
        let run_key = job.run_key(now);
        let due = match db::jobs::finished(pool, job.name(), &run_key).await {
            Ok(finished) => !finished,
            Err(error) => {
                tracing::warn!(error = ?ErrorChain(&error), job = job.name(), "could not check whether a job is due");
                continue;
            }
        };
        let tick = RunFor::Tick(now);
        if due && let Err(error) = run_for(pool, settings, job, tick, &run_key).await {
            tracing::error!(error = ?ErrorChain(error.as_ref()), job = job.name(), "scheduled job failed");
        }
    }
}

/// Parses `--as-of YYYY-MM-DD`.
pub(crate) fn parse_as_of(raw: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &format)
        .map_err(|_| format!("expected a date such as 2026-12-01, not {raw:?}"))
}

/// Today's date in UTC: the `--as-of` of a command run without one.
pub(crate) fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn run_keys_name_the_date_or_the_hour() {
        let now = datetime!(2026-12-01 08:59:59 UTC);
        assert_eq!(Job::Purge.run_key(now), "2026-12-01");
        assert_eq!(Job::Purge.cadence(), Cadence::Daily);
        assert_eq!(Job::Reminders.run_key(now), "2026-12-01");
        assert_eq!(Job::Digest.run_key(now), "2026-12-01T08");
        assert_eq!(Job::Digest.cadence(), Cadence::Hourly);
        assert_eq!(Job::ReportFigures.run_key(now), "2026-12-01T08:50");
        assert_eq!(Job::ReportFigures.cadence(), Cadence::TenMinutes);
        let later = datetime!(2026-12-01 09:00:00 UTC);
        assert_eq!(Job::ReportFigures.run_key(later), "2026-12-01T09:00");
        let early = datetime!(2026-12-01 09:09:59 UTC);
        assert_eq!(Job::ReportFigures.run_key(early), "2026-12-01T09:00");
    }

    #[test]
    fn as_of_dates_parse_strictly() {
        assert_eq!(parse_as_of("2024-02-29"), Ok(date!(2024 - 02 - 29)));
        for bad in ["2023-02-29", "01/12/2026", "2026-12-1x", "", "tomorrow"] {
            assert!(parse_as_of(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_job_has_a_unique_name() {
        let mut names: Vec<&str> = JOBS.iter().map(|j| j.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), JOBS.len());
    }
}
