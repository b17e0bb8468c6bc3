//! Delivery of outbox messages over a real SMTP server: headers and bodies, retries through SMTP
//! and database outages, dead letters and concurrent workers. The binaries: `worker_binary.rs`.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use labminds::config::Settings;
use labminds::email::Mailer;
use labminds::worker::deliver_due;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use crate::helpers::{TestApp, database_server_addr, spawn_app, spawn_app_with, test_settings};
use crate::support::database::TestDatabase;
use crate::support::outbox::{
    NewMessage, count_with_status, drain_outbox, insert_outbox_message, row_state,
};
use crate::support::smtp_server::{Mode, ReceivedMessage, SmtpServer};
use crate::support::tcp_proxy::TcpProxy;

/// The app, its settings, and a real SMTP server it delivers to (fast retries, 3 attempts).
async fn spawn_with_smtp(overrides: &[(&str, &str)]) -> (TestApp, Settings, SmtpServer) {
    let smtp = SmtpServer::start().await;
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let mut vars = vec![
        ("SMTP_URL", url.as_str()),
        ("MAIL_RETRY_BASE_MS", "50"),
        ("MAIL_MAX_ATTEMPTS", "3"),
    ];
    vars.extend_from_slice(overrides);
    let app = spawn_app_with(&vars).await;
    let settings = test_settings(&app.db, &app.mail_dir, &vars);
    (app, settings, smtp)
}

fn mailer(settings: &Settings) -> Mailer {
    Mailer::from_settings(&settings.mail).unwrap()
}

fn message_ids(messages: &[ReceivedMessage]) -> Vec<String> {
    messages
        .iter()
        .filter_map(ReceivedMessage::message_id)
        .collect()
}

#[tokio::test]
async fn a_pending_message_is_delivered_with_its_headers_and_both_bodies_and_marked_sent() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    let message = NewMessage {
        kind: labminds::db::outbox::MessageKind::SupportAlert,
        recipient: "support@labmindsstaffing.com".to_owned(),
        reply_to: Some("ana.reyes@example.com".to_owned()),
        subject: "New application: Ana Reyes (MLS, Philippines)".to_owned(),
        body_text: "Ana Reyes applied.\nGraduation: 2019 — Manila".to_owned(),
        body_html: "<p>Ana Reyes applied.</p><p>Graduation: 2019 &mdash; Manila</p>".to_owned(),
    };
    let (id, message_id) = insert_outbox_message(&app.pool, &message).await;

    let handled = deliver_due(&app.pool, &mailer(&settings), &settings)
        .await
        .unwrap();

    assert_eq!(handled, 1);
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    let email = &received[0];
    assert_eq!(email.mail_from, "no-reply@labmindsstaffing.com");
    assert_eq!(email.rcpt_to, ["support@labmindsstaffing.com"]);
    assert_eq!(
        email.header("From").as_deref(),
        Some("no-reply@labmindsstaffing.com")
    );
    assert_eq!(
        email.header("To").as_deref(),
        Some("support@labmindsstaffing.com")
    );
    assert_eq!(
        email.header("Reply-To").as_deref(),
        Some("ana.reyes@example.com")
    );
    assert_eq!(
        email.header("Subject").as_deref(),
        Some(message.subject.as_str())
    );
    assert_eq!(email.message_id(), Some(message_id));
    assert!(
        email
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("multipart/alternative")),
        "{}",
        email.data
    );
    assert_eq!(
        email.body("text/plain").map(|b| b.replace("\r\n", "\n")),
        Some(message.body_text.clone())
    );
    assert_eq!(email.body("text/html"), Some(message.body_html.clone()));
    let row = row_state(&app.pool, id).await;
    assert_eq!(row.status, "sent");
    assert!(row.sent && !row.locked);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error, None);
}

#[tokio::test]
async fn messages_wait_with_backoff_while_smtp_is_down_and_are_delivered_once_when_it_returns() {
    let (app, settings, mut smtp) = spawn_with_smtp(&[("MAIL_MAX_ATTEMPTS", "50")]).await;
    let mailer = mailer(&settings);
    smtp.stop().await;
    let mut inserted = Vec::new();
    for n in 0..3 {
        inserted.push(
            insert_outbox_message(&app.pool, &NewMessage::to(&format!("c{n}@example.com"))).await,
        );
    }

    // Act: one round while the server is down (the batch takes all three).
    let before: time::OffsetDateTime = sqlx::query_scalar("select now()")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(deliver_due(&app.pool, &mailer, &settings).await.unwrap(), 3);

    // Assert: every row failed once and was pushed back by at least the base delay minus jitter.
    let pushed_back: i64 = sqlx::query_scalar(
        "select count(*) from outbox_messages where status = 'pending' and attempts = 1 \
         and locked_until is null and last_error is not null \
         and next_attempt_at >= $1 + interval '40 milliseconds'",
    )
    .bind(before)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(pushed_back, 3, "each failed row waits for its retry");

    // More rounds while the server stays down: the rows keep waiting, failing again when due.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        deliver_due(&app.pool, &mailer, &settings).await.unwrap();
        let states = futures_util::future::join_all(
            inserted.iter().map(|(id, _)| row_state(&app.pool, *id)),
        )
        .await;
        for row in &states {
            assert_eq!(row.status, "pending");
            assert!(!row.sent);
        }
        if states.iter().all(|row| row.attempts >= 2 && !row.locked) {
            let error = states[0]
                .last_error
                .clone()
                .expect("the failure is recorded");
            assert!(!error.contains('@'), "no address in last_error: {error}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "rows were not retried: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(smtp.messages().is_empty());

    // The server comes back: everything is delivered, each message exactly once.
    smtp.restart().await;
    drain_outbox(&app.pool, &mailer, &settings).await;
    let received = smtp.wait_for(3, Duration::from_secs(10)).await;
    let mut ids = message_ids(&received);
    ids.sort();
    let mut expected: Vec<String> = inserted.iter().map(|(_, m)| m.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(count_with_status(&app.pool, "sent").await, 3);
}

#[tokio::test]
async fn a_message_rejected_every_time_is_marked_dead_after_the_attempt_limit() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    smtp.set_mode(Mode::RejectAll(554));
    let (id, _) = insert_outbox_message(&app.pool, &NewMessage::to("ana@example.com")).await;

    drain_outbox(&app.pool, &mailer(&settings), &settings).await;

    let row = row_state(&app.pool, id).await;
    assert_eq!(row.status, "dead");
    assert_eq!(row.attempts, 3);
    assert!(!row.locked && !row.sent);
    let error = row.last_error.expect("the reason is kept");
    assert!(error.contains("554"), "{error}");
    assert!(error.contains("gave up after 3 attempts"), "{error}");
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn a_hanging_smtp_server_times_out_and_the_message_is_retried_not_stuck() {
    let (app, settings, smtp) =
        spawn_with_smtp(&[("SMTP_TIMEOUT_SECONDS", "1"), ("MAIL_MAX_ATTEMPTS", "5")]).await;
    let mailer = mailer(&settings);
    smtp.set_mode(Mode::Hang);
    let (id, message_id) =
        insert_outbox_message(&app.pool, &NewMessage::to("ana@example.com")).await;

    let started = Instant::now();
    assert_eq!(deliver_due(&app.pool, &mailer, &settings).await.unwrap(), 1);

    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the attempt was not cut off: {:?}",
        started.elapsed()
    );
    let row = row_state(&app.pool, id).await;
    assert_eq!(
        (row.status.as_str(), row.attempts, row.locked),
        ("pending", 1, false)
    );
    assert!(row.last_error.is_some());

    smtp.set_mode(Mode::Accept);
    drain_outbox(&app.pool, &mailer, &settings).await;
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(message_ids(&received), [message_id]);
    let row = row_state(&app.pool, id).await;
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
}

async fn insert_many(pool: &PgPool, n: usize) -> HashSet<String> {
    let mut ids = HashSet::new();
    for i in 0..n {
        let (_, message_id) =
            insert_outbox_message(pool, &NewMessage::to(&format!("c{i}@example.com"))).await;
        ids.insert(message_id);
    }
    ids
}

fn assert_each_delivered_once(received: &[ReceivedMessage], expected: &HashSet<String>) {
    let ids = message_ids(received);
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "a message was delivered twice");
    assert_eq!(&unique, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_tasks_on_one_database_deliver_fifty_messages_once_each() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    let expected = insert_many(&app.pool, 50).await;
    let stop = CancellationToken::new();
    let mut workers = Vec::new();
    for _ in 0..2 {
        // Separate pools and transports, as two processes would have.
        let pool = labminds::db::connect(&settings).await.unwrap();
        workers.push(labminds::worker::spawn(
            pool,
            mailer(&settings),
            settings.clone(),
            stop.clone(),
        ));
    }

    smtp.wait_for(50, Duration::from_secs(60)).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while count_with_status(&app.pool, "sent").await < 50 {
        assert!(Instant::now() < deadline, "rows were not marked sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.cancel();
    for worker in workers {
        tokio::time::timeout(Duration::from_secs(15), worker)
            .await
            .unwrap()
            .unwrap();
    }

    assert_each_delivered_once(&smtp.messages(), &expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_drain_loops_deliver_fifty_messages_once_each() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    let expected = insert_many(&app.pool, 50).await;

    let loops = (0..2).map(|_| {
        let settings = settings.clone();
        tokio::spawn(async move {
            let pool = labminds::db::connect(&settings).await.unwrap();
            drain_outbox(&pool, &mailer(&settings), &settings).await;
        })
    });
    for result in futures_util::future::join_all(loops).await {
        result.unwrap();
    }

    assert_eq!(count_with_status(&app.pool, "sent").await, 50);
    assert_each_delivered_once(&smtp.messages(), &expected);
}

#[tokio::test]
async fn without_smtp_url_a_message_becomes_an_eml_file_in_mail_dir() {
    let app = spawn_app().await;
    let settings = test_settings(&app.db, &app.mail_dir, &[]);
    let (id, message_id) =
        insert_outbox_message(&app.pool, &NewMessage::to("ana@example.com")).await;

    drain_outbox(&app.pool, &mailer(&settings), &settings).await;

    let files: Vec<_> = std::fs::read_dir(&app.mail_dir)
        .expect("MAIL_DIR was created")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        eml.contains(&format!("Message-ID: {message_id}\r\n")),
        "{eml}"
    );
    assert!(eml.contains("To: ana@example.com\r\n"), "{eml}");
    assert_eq!(row_state(&app.pool, id).await.status, "sent");
    std::fs::remove_dir_all(&app.mail_dir).ok();
}

#[tokio::test]
async fn a_recipient_with_a_line_break_is_marked_dead_and_nothing_is_injected() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    let injected = NewMessage::to("ana@example.com\r\nBcc: eve@evil.example");
    let (bad, _) = insert_outbox_message(&app.pool, &injected).await;
    let mut sneaky = NewMessage::to("ana@example.com");
    sneaky.subject = "Hello\r\nBcc: eve@evil.example".to_owned();
    sneaky.reply_to = None;
    let (good, _) = insert_outbox_message(&app.pool, &sneaky).await;

    drain_outbox(&app.pool, &mailer(&settings), &settings).await;

    let row = row_state(&app.pool, bad).await;
    assert_eq!((row.status.as_str(), row.attempts), ("dead", 1));
    assert_eq!(
        row.last_error.as_deref(),
        Some("the recipient is not a valid e-mail address")
    );
    assert_eq!(row_state(&app.pool, good).await.status, "sent");
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1, "only the valid message is sent");
    assert_eq!(received[0].rcpt_to, ["ana@example.com"]);
    let headers = received[0].data.split("\r\n\r\n").next().unwrap();
    assert!(
        !headers
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "{headers}"
    );
    assert_eq!(received[0].header("Reply-To"), None);
}

#[tokio::test]
async fn a_message_inserted_while_the_worker_runs_is_delivered_within_five_seconds() {
    let (app, settings, smtp) = spawn_with_smtp(&[]).await;
    let stop = CancellationToken::new();
    let worker = labminds::worker::spawn(
        app.pool.clone(),
        mailer(&settings),
        settings.clone(),
        stop.clone(),
    );

    let (_, message_id) =
        insert_outbox_message(&app.pool, &NewMessage::to("ana@example.com")).await;

    let received = smtp.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(message_ids(&received), [message_id]);
    stop.cancel();
    tokio::time::timeout(Duration::from_secs(15), worker)
        .await
        .unwrap()
        .unwrap();
}

/// A database reached through a proxy the test can cut, the worker's settings, and its pool.
async fn proxied_database(smtp: &SmtpServer) -> (TestDatabase, TcpProxy, Settings, PgPool) {
    let db = TestDatabase::create().await;
    let proxy = TcpProxy::start(database_server_addr()).await;
    let proxied_url = proxy.database_url(&db.url);
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
    let settings = test_settings(
        &db,
        &mail_dir,
        &[("DATABASE_URL", &proxied_url), ("SMTP_URL", &smtp_url)],
    );
    let pool = PgPool::connect(&db.url).await.unwrap();
    (db, proxy, settings, pool)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_keeps_running_through_a_database_outage_and_delivers_after_restore() {
    let smtp = SmtpServer::start().await;
    let (_db, proxy, settings, pool) = proxied_database(&smtp).await;
    let worker_pool = labminds::db::connect(&settings).await.unwrap();
    let stop = CancellationToken::new();
    let worker = labminds::worker::spawn(
        worker_pool,
        mailer(&settings),
        settings.clone(),
        stop.clone(),
    );
    insert_outbox_message(&pool, &NewMessage::to("first@example.com")).await;
    smtp.wait_for(1, Duration::from_secs(10)).await;

    proxy.cut();
    let (_, second) = insert_outbox_message(&pool, &NewMessage::to("second@example.com")).await;
    // Let the worker meet the outage for a while: several failed rounds, each a refused connection.
    proxy.wait_for_refused(0, 3, Duration::from_secs(30)).await;
    assert!(!worker.is_finished(), "the worker must survive the outage");
    assert_eq!(smtp.messages().len(), 1);

    proxy.restore();
    let received = smtp.wait_for(2, Duration::from_secs(30)).await;
    assert_eq!(received[1].message_id(), Some(second));
    stop.cancel();
    tokio::time::timeout(Duration::from_secs(15), worker)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sent_mark_that_meets_a_database_outage_is_retried_and_the_message_is_not_resent() {
    let smtp = SmtpServer::start().await;
    // The server holds its final 250 back, so the database is cut between sending and marking.
    smtp.set_mode(Mode::AcceptSlowly(Duration::from_secs(3)));
    let (_db, proxy, settings, pool) = proxied_database(&smtp).await;
    let worker_pool = labminds::db::connect(&settings).await.unwrap();
    let stop = CancellationToken::new();
    let worker = labminds::worker::spawn(
        worker_pool,
        mailer(&settings),
        settings.clone(),
        stop.clone(),
    );
    let (id, _) = insert_outbox_message(&pool, &NewMessage::to("ana@example.com")).await;

    smtp.wait_for(1, Duration::from_secs(10)).await;
    proxy.cut();
    // The server answers 250 once the slow accept is over; the worker's mark then meets the
    // outage, and tries again (two refused connections), before the database comes back.
    proxy.wait_for_refused(0, 2, Duration::from_secs(30)).await;
    proxy.restore();

    // Marked sent soon after the database is back, long before the 2-minute lease would expire.
    let deadline = Instant::now() + Duration::from_secs(30);
    while row_state(&pool, id).await.status != "sent" {
        assert!(Instant::now() < deadline, "the sent mark was not retried");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(row_state(&pool, id).await.attempts, 1);
    assert_eq!(smtp.messages().len(), 1, "the message was sent again");
    stop.cancel();
    tokio::time::timeout(Duration::from_secs(15), worker)
        .await
        .unwrap()
        .unwrap();
}
