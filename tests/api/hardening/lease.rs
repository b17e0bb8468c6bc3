//! Finding 11: e-mails claimed by a worker that was killed arrived 2 minutes late (the lease). The
//! lease is now short (MAIL_LEASE_SECONDS, 15 s by default) and safe: a worker renews it every
//! third of it while a delivery is under way, so a slow SMTP server never lets a second worker
//! claim the message mid-send.

use std::time::{Duration, Instant};

use labminds::email::Mailer;
use labminds::worker::deliver_due;

use crate::helpers::{spawn_app, test_settings};
use crate::support::outbox::{NewMessage, insert_outbox_message};
use crate::support::smtp_server::{Mode, SmtpServer};

#[tokio::test]
async fn a_delivery_slower_than_the_lease_keeps_it_and_is_sent_once() {
    let app = spawn_app().await;
    let smtp = SmtpServer::start().await;
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let settings = test_settings(
        &app.db,
        &app.mail_dir,
        &[
            ("SMTP_URL", &smtp_url),
            ("SMTP_TIMEOUT_SECONDS", "2"),
            ("MAIL_LEASE_SECONDS", "3"),
        ],
    );
    let mailer = Mailer::from_settings(&settings.mail).unwrap();
    // The server takes 5 s to say it accepted the message: longer than the 3 s lease.
    smtp.set_mode(Mode::AcceptSlowly(Duration::from_secs(5)));
    insert_outbox_message(&app.pool, &NewMessage::to("ana@example.com")).await;
    let first = {
        let (pool, mailer, settings) = (app.pool.clone(), mailer.clone(), settings.clone());
        tokio::spawn(async move { deliver_due(&pool, &mailer, &settings).await.unwrap() })
    };
    // The first worker has it (the server holds its data and has not answered yet)...
    let started = Instant::now();
    while smtp.messages().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "never sent");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // ...and a second worker keeps looking while it delivers: it never gets the message.
    let mut claimed_by_second = 0;
    while !first.is_finished() {
        claimed_by_second += deliver_due(&app.pool, &mailer, &settings).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the first delivery never ended"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(first.await.unwrap(), 1);
    assert!(
        started.elapsed() > Duration::from_secs(4),
        "the slow server was not slow"
    );
    assert_eq!(claimed_by_second, 0);
    assert_eq!(smtp.messages().len(), 1);
    let status: String = sqlx::query_scalar("select status from outbox_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "sent");
}
