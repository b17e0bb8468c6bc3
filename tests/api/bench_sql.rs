//! bench/submission.sql, pgbench's side of the submissions benchmark, runs the statements a
//! submission runs: the app's own (src/db/submission/*.sql, which its queries compile from), in
//! the app's order, with pgbench variables for the parameters; and it runs.

use std::process::Command;

use crate::support::database::TestDatabase;

/// The app's statements of one submission, in order (one enqueue per e-mail; the transaction
/// ends before the checklist's three).
const STATEMENTS: &[&str] = &[
    "find_reference.sql",
    "count_submission.sql",
    "find_candidate_by_contact.sql",
    "insert_candidate.sql",
    "insert_application.sql",
    "insert_candidate_link.sql",
    "possible_duplicate.sql",
    "enqueue_message.sql",
    "enqueue_message.sql",
    "applications_of_candidate.sql",
    "newest_profile_version.sql",
    "sync_plan_items.sql",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Comments and layout dropped, every parameter (`$1`, `:name`) written `?`.
fn normalise(sql: &str) -> String {
    let mut out = String::new();
    for line in sql.lines() {
        let line = line.split("--").next().unwrap_or("");
        let mut chars = line.chars().peekable();
        let mut previous = ' ';
        while let Some(c) = chars.next() {
            let parameter = (c == '$' && chars.peek().is_some_and(char::is_ascii_digit))
                || (c == ':'
                    && previous != ':'
                    && chars
                        .peek()
                        .is_some_and(|n| n.is_ascii_lowercase() || *n == '_'));
            if parameter {
                while chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
                {
                    chars.next();
                }
                out.push('?');
                previous = '?';
            } else {
                out.push(c);
                previous = c;
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_benchmark_runs_the_statements_of_a_submission() {
    // Statements end at a `;`, or at pgbench's `\gset` (which keeps the row's values).
    let mut bench: Vec<String> = Vec::new();
    let mut statement = String::new();
    for line in read("bench/submission.sql").lines() {
        let line = line.split("--").next().unwrap_or("").trim_end();
        if line.starts_with('\\') {
            continue; // a meta-command such as \set
        }
        if let Some(draw) = line.strip_suffix("\\gset") {
            statement.push_str(draw);
            bench.push(format!("{} \\gset", normalise(&statement)));
            statement.clear();
        } else if let Some(end) = line.strip_suffix(';') {
            statement.push_str(end);
            bench.push(normalise(&statement));
            statement.clear();
        } else {
            statement.push_str(line);
            statement.push('\n');
        }
    }
    bench.retain(|s| !matches!(s.as_str(), "begin" | "commit"));
    let app: Vec<String> = STATEMENTS
        .iter()
        .map(|file| normalise(&read(&format!("src/db/submission/{file}"))))
        .collect();
    // The first statement draws the values; the rest are the app's, one for one.
    assert!(bench[0].contains("\\gset"), "{}", bench[0]);
    assert_eq!(&bench[1..], &app[..]);
}

#[tokio::test]
async fn the_benchmark_script_runs_against_the_schema() {
    let db = TestDatabase::create().await;
    let bindir = std::env::var("LABMINDS_PG_BINDIR")
        .expect("LABMINDS_PG_BINDIR names PostgreSQL's binaries (scripts/test sets it)");
    let script = format!("{}/bench/submission.sql", env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(format!("{bindir}/pgbench"))
        .args(["-n", "-M", "prepared", "-t", "3", "-f", &script, &db.url])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("number of failed transactions: 0"),
        "{report}"
    );
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let counts: (i64, i64) = sqlx::query_as(
        "select (select count(*) from applications), (select count(*) from outbox_messages)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, (3, 6));
    pool.close().await;
}

/// bench/my_application.sql (the signed-in page's statements) runs against the schema for a
/// candidate with a session, and does what the page does: one `portal_viewed` row per run.
#[tokio::test]
async fn the_my_application_benchmark_script_runs_against_the_schema() {
    let db = TestDatabase::create().await;
    let bindir = std::env::var("LABMINDS_PG_BINDIR")
        .expect("LABMINDS_PG_BINDIR names PostgreSQL's binaries (scripts/test sets it)");
    let pgbench = |args: &[&str]| {
        let output = Command::new(format!("{bindir}/pgbench"))
            .args(["-n", "-M", "prepared"])
            .args(args)
            .arg(&db.url)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{report}");
        assert!(
            report.contains("number of failed transactions: 0"),
            "{report}"
        );
    };
    let submission = format!("{}/bench/submission.sql", env!("CARGO_MANIFEST_DIR"));
    pgbench(&["-t", "1", "-f", &submission]);
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let (cid, digest): (uuid::Uuid, String) = sqlx::query_as(
        "insert into candidate_sessions (token_hash, candidate_id, csrf_token, expires_at)
         select sha256('bench'::bytea), id, 'bench', now() + interval '1 hour' from candidates
         returning candidate_id, encode(token_hash, 'hex')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let script = format!("{}/bench/my_application.sql", env!("CARGO_MANIFEST_DIR"));
    let (digest, cid) = (format!("digest=\\x{digest}"), format!("cid={cid}"));
    pgbench(&["-t", "3", "-D", &digest, "-D", &cid, "-f", &script]);
    let viewed: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'portal_viewed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(viewed, 3);
    pool.close().await;
}

/// Runs a benchmark's data script (`bench/<script>`) with psql, as bench/run does, with `vars`
/// (`name=value`) set.
fn run_bench_data(db: &TestDatabase, script: &str, vars: &[&str]) {
    let bindir = std::env::var("LABMINDS_PG_BINDIR")
        .expect("LABMINDS_PG_BINDIR names PostgreSQL's binaries (scripts/test sets it)");
    let script = format!("{}/bench/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut psql = Command::new(format!("{bindir}/psql"));
    psql.args(["-X", "-q", "-v", "ON_ERROR_STOP=1"]);
    for var in vars {
        psql.args(["-v", var]);
    }
    let output = psql.args(["-f", &script, &db.url]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// bench/reminders.sql (the reminders benchmark's data) runs against the schema, and the job
/// finds in it what the script says: every tenth candidate has a missing item due, and documents
/// inside their warning windows.
#[tokio::test]
async fn the_reminders_benchmark_data_runs_against_the_schema_and_has_reminders_due() {
    let db = TestDatabase::create().await;
    run_bench_data(
        &db,
        "reminders.sql",
        &["candidates=200", "as_of=2026-12-01"],
    );
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let documents: i64 = sqlx::query_scalar("select count(*) from candidate_documents")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(documents, 200 * 8);
    let settings = crate::helpers::test_settings(&db, &std::env::temp_dir(), &[]);
    let outcome = labminds::jobs::run(
        &pool,
        &settings,
        labminds::jobs::Job::Reminders,
        time::macros::date!(2026 - 12 - 01),
        "2026-12-01",
    )
    .await
    .unwrap();
    let labminds::jobs::RunOutcome::Done(counts) = outcome else {
        panic!("not busy")
    };
    let due = counts["due"].as_u64().unwrap();
    assert!(due > 20, "{counts}");
    assert_eq!(
        counts["queued_owner"].as_u64().unwrap(),
        due,
        "one owner mail per due item"
    );
    pool.close().await;
}

/// bench/dashboard.sql (the dashboard benchmark's data) runs against the schema and ends with
/// every candidate's card made, equal to the view that defines it, the overview's counts equal to
/// the cards', and the triggers on again.
#[tokio::test]
async fn the_dashboard_benchmark_data_runs_against_the_schema_and_makes_every_card() {
    let db = TestDatabase::create().await;
    run_bench_data(&db, "dashboard.sql", &["candidates=300"]);
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let (cards, differing, disabled): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from candidate_cards),
                (select count(*) from ((select * from candidate_cards
                                        except select * from candidate_card_source)
                                       union all (select * from candidate_card_source
                                                  except select * from candidate_cards)) x),
                (select count(*) from pg_trigger where tgname like '%\\_cards\\_%' and tgenabled = 'D')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((cards, differing, disabled), (300, 0, 0));
    assert_eq!(crate::admin::cards::count_differences(&pool).await, 0);
    pool.close().await;
}
