//! Scheduled work: a job runs for an explicit date, one instance at a time, and records its run;
//! `labminds purge --as-of` runs the purge for a chosen date.

use std::process::Command;

use labminds::db::jobs::{finished, try_lock};
use labminds::jobs::{Job, RunOutcome, run};
use time::macros::date;

use crate::admin::{Seed, rows_with, seed_candidate};
use crate::helpers::{spawn_app, test_settings};

#[tokio::test]
async fn a_job_runs_for_its_date_and_records_the_run() {
    let app = spawn_app().await;
    let settings = test_settings(&app.db, &app.mail_dir, &[]);
    assert!(!finished(&app.pool, "purge", "2026-12-01").await.unwrap());
    let outcome = run(
        &app.pool,
        &settings,
        Job::Purge,
        date!(2026 - 12 - 01),
        "2026-12-01",
    )
    .await
    .unwrap();
    assert_eq!(
        outcome,
        RunOutcome::Done(serde_json::json!({ "candidates_erased": 0 }))
    );
    assert!(finished(&app.pool, "purge", "2026-12-01").await.unwrap());
    assert!(!finished(&app.pool, "purge", "2026-12-02").await.unwrap());
    // A second run for the same date is allowed (jobs are idempotent) and recorded once.
    run(
        &app.pool,
        &settings,
        Job::Purge,
        date!(2026 - 12 - 01),
        "2026-12-01",
    )
    .await
    .unwrap();
    let runs: i64 = sqlx::query_scalar("select count(*) from job_runs where job = 'purge'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(runs, 1);
}

#[tokio::test]
async fn a_job_whose_lock_another_instance_holds_is_skipped() {
    let app = spawn_app().await;
    let settings = test_settings(&app.db, &app.mail_dir, &[]);
    // What another instance's run holds while it works (a session lock on its own connection).
    let held = try_lock(&app.pool, Job::Purge.name())
        .await
        .unwrap()
        .expect("free");
    assert!(try_lock(&app.pool, "purge").await.unwrap().is_none());
    let outcome = run(
        &app.pool,
        &settings,
        Job::Purge,
        date!(2026 - 12 - 01),
        "2026-12-01",
    )
    .await
    .unwrap();
    assert_eq!(outcome, RunOutcome::Busy);
    assert!(!finished(&app.pool, "purge", "2026-12-01").await.unwrap());
    held.release().await;
    let outcome = run(
        &app.pool,
        &settings,
        Job::Purge,
        date!(2026 - 12 - 01),
        "2026-12-01",
    )
    .await
    .unwrap();
    assert!(matches!(outcome, RunOutcome::Done(_)));
}

fn purge_command(app_db_url: &str, as_of: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_labminds"))
        .args(["purge", "--as-of", as_of])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", app_db_url)
        .env("RETENTION_MONTHS", "12")
        .output()
        .unwrap()
}

#[tokio::test]
async fn labminds_purge_as_of_a_date_erases_what_is_past_retention_on_that_date() {
    let app = spawn_app().await;
    // Last applied 200 days ago: inside 12 months today, past them a year from now.
    let seeded = seed_candidate(
        &app,
        &Seed {
            age_days: 200,
            ..Seed::default()
        },
    )
    .await;
    let today = time::OffsetDateTime::now_utc().date();
    let output = purge_command(&app.db.url, &today.to_string());
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("erased 0 candidate"));
    assert_eq!(
        rows_with(&app, "candidates", "id", seeded.candidate_id).await,
        1
    );

    let next_year = today.replace_year(today.year() + 1).unwrap_or(today);
    let output = purge_command(&app.db.url, &next_year.to_string());
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("erased 1 candidate"));
    assert_eq!(
        rows_with(&app, "candidates", "id", seeded.candidate_id).await,
        0
    );
}

#[tokio::test]
async fn a_malformed_as_of_date_stops_the_command_with_a_message() {
    let app = spawn_app().await;
    let output = purge_command(&app.db.url, "31/12/2026");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--as-of") && stderr.contains("2026-12-01"),
        "{stderr}"
    );
}
