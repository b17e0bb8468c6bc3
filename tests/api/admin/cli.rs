//! `labminds recruiter ...` and `labminds purge` as an operator runs them.

use std::io::Write;
use std::process::{Command, Stdio};

use super::*;
use crate::helpers::spawn_app;

fn labminds(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn recruiter_add_reads_the_password_from_stdin_and_the_account_can_log_in() {
    let app = spawn_app().await;
    let output = labminds(
        &app,
        &["recruiter", "add", "Zoe@LabMindsStaffing.com"],
        "a long enough password\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hash: String = sqlx::query_scalar(
        "select password_hash from recruiters where email = 'zoe@labmindsstaffing.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    let response = log_in_as(&app, "zoe@labmindsstaffing.com", "a long enough password").await;
    assert_eq!(response.status(), 303);

    let again = labminds(
        &app,
        &["recruiter", "add", "zoe@labmindsstaffing.com"],
        "a long enough password\n",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let disabled = labminds(
        &app,
        &["recruiter", "disable", "zoe@labmindsstaffing.com"],
        "",
    );
    assert!(disabled.status.success());
    assert_eq!(app.get("/admin").await.status(), 303, "the session ended");
}

#[tokio::test]
async fn recruiter_add_admin_makes_the_first_admin_who_sets_up_two_factor_at_sign_in() {
    let app = spawn_app().await;
    let output = labminds(
        &app,
        &[
            "recruiter",
            "add",
            "--admin",
            "--name",
            "Maria Santos",
            "maria@labmindsstaffing.com",
        ],
        "a long enough password\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("admin account created"));
    let (role, name): (String, String) =
        sqlx::query_as("select role, display_name from recruiters")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), name.as_str()), ("admin", "Maria Santos"));
    let response = log_in_as(&app, "maria@labmindsstaffing.com", "a long enough password").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/two-factor");
}

#[tokio::test]
async fn a_short_password_is_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let output = labminds(
        &app,
        &["recruiter", "add", "zoe@labmindsstaffing.com"],
        "short\n",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 12 characters"), "{stderr}");
    assert!(!stderr.contains("short\n"));
    let count: i64 = sqlx::query_scalar("select count(*) from recruiters")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn labminds_purge_erases_candidates_past_the_retention_period() {
    let app = spawn_app().await;
    let old = seed_candidate(
        &app,
        &Seed {
            age_days: 400,
            ..Seed::default()
        },
    )
    .await;
    let output = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("purge")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .env("RETENTION_MONTHS", "12")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("erased 1 candidate"));
    assert_eq!(
        rows_with(&app, "candidates", "id", old.candidate_id).await,
        0
    );
}

/// `labminds facts review` needs no database or configuration; its exit status says whether
/// anything is due. Fixed dates only: with the real clock the answer changes with time.
fn facts_review(as_of: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_labminds"))
        .args(["facts", "review", "--as-of", as_of])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

#[test]
fn facts_review_exits_1_when_something_is_due_and_0_otherwise() {
    let december = facts_review("2026-12-01");
    let text = String::from_utf8_lossy(&december.stdout);
    assert_eq!(december.status.code(), Some(1), "{text}");
    // The $100,000 proclamation's sunset, and every entry the library lists for that day.
    assert!(
        text.contains(": expires 2026-09-21; check whether"),
        "{text}"
    );
    let due = labminds::guide::review::due_on(time::macros::date!(2026 - 12 - 01));
    for entry in &due {
        assert!(
            text.contains(&entry.to_string()),
            "{entry} missing from {text}"
        );
    }
    // Before every date the file holds, nothing can be due.
    let before = facts_review("2000-01-01");
    let text = String::from_utf8_lossy(&before.stdout);
    assert_eq!(before.status.code(), Some(0), "{text}");
    assert!(text.contains("nothing has expired"), "{text}");
    let bad = facts_review("1 December");
    assert_eq!(bad.status.code(), Some(2), "clap refuses a malformed date");
}

#[tokio::test]
async fn the_dashboard_overview_lists_the_facts_due_today() {
    let (app, _) = signed_in_app().await;
    let (status, html) = app.get_html("/admin").await;
    assert_eq!(status, 200);
    // The same function as the command, on the same day: the list shown is exactly it.
    let expected: Vec<String> =
        labminds::guide::review::due_on(time::OffsetDateTime::now_utc().date())
            .iter()
            .map(ToString::to_string)
            .collect();
    let shown = crate::helpers::texts(&html, "ul.facts-due li");
    assert_eq!(shown, expected);
    let heading = crate::helpers::texts(&html, "#facts-due");
    assert_eq!(heading, ["Guide facts to review"]);
}
