//! The `worker` and `serve` binaries deliver e-mail and stop cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::support::database::TestDatabase;
use crate::support::outbox::{NewMessage, insert_outbox_message};
use crate::support::smtp_server::{ReceivedMessage, SmtpServer};

fn message_ids(messages: &[ReceivedMessage]) -> Vec<String> {
    messages
        .iter()
        .filter_map(ReceivedMessage::message_id)
        .collect()
}

/// Starts the binary with a subcommand against `db`, its stderr (JSON logs) collected by a thread.
fn start_binary(
    subcommand: &str,
    db: &TestDatabase,
    smtp: &SmtpServer,
) -> (Child, std::thread::JoinHandle<Vec<String>>) {
    let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
    let mut child = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg(subcommand)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("SMTP_URL", format!("smtp://127.0.0.1:{}", smtp.port))
        .env("MAIL_DIR", &mail_dir)
        .env("LOG_FORMAT", "json")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the labminds binary");
    let stderr = child.stderr.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    (child, lines)
}

/// Sends SIGTERM and waits for a successful exit; returns the log lines.
async fn terminate(mut child: Child, lines: std::thread::JoinHandle<Vec<String>>) -> Vec<String> {
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit within 15 s of SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let lines = lines.join().unwrap();
    assert!(status.success(), "exit status {status}; log: {lines:#?}");
    lines
}

fn logged(lines: &[String], message: &str) -> bool {
    lines.iter().any(|line| {
        serde_json::from_str::<serde_json::Value>(line)
            .is_ok_and(|event| event["message"] == message)
    })
}

#[tokio::test]
async fn the_worker_binary_delivers_and_stops_cleanly_on_sigterm() {
    let db = TestDatabase::create().await;
    let pool = PgPool::connect(&db.url).await.unwrap();
    let smtp = SmtpServer::start().await;
    let (_, message_id) = insert_outbox_message(&pool, &NewMessage::to("ana@example.com")).await;

    let (child, lines) = start_binary("worker", &db, &smtp);
    let received = smtp.wait_for(1, Duration::from_secs(30)).await;
    let lines = terminate(child, lines).await;

    assert_eq!(message_ids(&received), [message_id]);
    assert!(logged(&lines, "e-mail delivered"), "{lines:#?}");
    assert!(logged(&lines, "e-mail worker stopped"), "{lines:#?}");
    assert!(
        !lines.iter().any(|line| line.contains("ana@example.com")),
        "recipient addresses are never logged"
    );
    assert!(
        lines.iter().any(|line| line.contains("example.com")),
        "the domain is"
    );
}

#[tokio::test]
async fn serve_runs_the_worker_in_process_and_stops_it_with_the_server() {
    let db = TestDatabase::create().await;
    let pool = PgPool::connect(&db.url).await.unwrap();
    let smtp = SmtpServer::start().await;

    let (child, lines) = start_binary("serve", &db, &smtp);
    let (_, message_id) = insert_outbox_message(&pool, &NewMessage::to("ana@example.com")).await;
    let received = smtp.wait_for(1, Duration::from_secs(30)).await;
    let lines = terminate(child, lines).await;

    assert_eq!(message_ids(&received), [message_id]);
    assert!(logged(&lines, "e-mail worker stopped"), "{lines:#?}");
    assert!(logged(&lines, "stopped gracefully"), "{lines:#?}");
}
