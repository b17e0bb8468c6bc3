//! The `worker` and `serve` binaries deliver e-mail and stop cleanly on SIGTERM.

use std::time::Duration;

use sqlx::PgPool;

use crate::support::binary::Binary;
use crate::support::database::TestDatabase;
use crate::support::outbox::{NewMessage, insert_outbox_message};
use crate::support::smtp_server::{ReceivedMessage, SmtpServer};

fn message_ids(messages: &[ReceivedMessage]) -> Vec<String> {
    messages
        .iter()
        .filter_map(ReceivedMessage::message_id)
        .collect()
}

/// Starts the binary with a subcommand against `db`, sending mail to `smtp`.
fn start_binary(subcommand: &str, db: &TestDatabase, smtp: &SmtpServer) -> Binary {
    Binary::start(
        subcommand,
        db,
        &[("SMTP_URL", format!("smtp://127.0.0.1:{}", smtp.port))],
    )
}

/// Sends SIGTERM and waits for a successful exit; returns the log lines.
fn terminate(binary: Binary) -> Vec<String> {
    binary.signal("TERM");
    let (status, lines) = binary.wait(Duration::from_secs(15));
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

    let binary = start_binary("worker", &db, &smtp);
    let received = smtp.wait_for(1, Duration::from_secs(30)).await;
    let lines = terminate(binary);

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

    let binary = start_binary("serve", &db, &smtp);
    let (_, message_id) = insert_outbox_message(&pool, &NewMessage::to("ana@example.com")).await;
    let received = smtp.wait_for(1, Duration::from_secs(30)).await;
    let lines = terminate(binary);

    assert_eq!(message_ids(&received), [message_id]);
    assert!(logged(&lines, "e-mail worker stopped"), "{lines:#?}");
    assert!(logged(&lines, "stopped gracefully"), "{lines:#?}");
}
