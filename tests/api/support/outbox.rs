//! Arrange and drain the e-mail outbox in tests: queue messages as a use case would (through
//! `db::outbox::enqueue`), read their state, and deliver everything due through
//! `labminds::worker::deliver_due`.

use std::time::{Duration, Instant};

use labminds::config::Settings;
use labminds::db::outbox::{self, About, MessageKind, Queued};
use labminds::email::Email;
use labminds::email::Mailer;
use labminds::worker::deliver_due;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::applications::store;

/// A message as a use case would queue it, before the worker has touched it.
pub struct NewMessage {
    pub kind: MessageKind,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

impl NewMessage {
    pub fn to(recipient: &str) -> NewMessage {
        NewMessage {
            kind: MessageKind::CandidateAck,
            recipient: recipient.to_owned(),
            reply_to: Some("support@labmindsstaffing.com".to_owned()),
            subject: "We received your application".to_owned(),
            body_text: "Dear Ana, thank you.".to_owned(),
            body_html: "<p>Dear Ana, thank you.</p>".to_owned(),
        }
    }
}

/// Queues the message (`db::outbox::enqueue`) about an application of its own (every outbox row
/// belongs to one), both stored by the application's own functions; returns its id and Message-ID.
pub async fn insert_outbox_message(pool: &PgPool, message: &NewMessage) -> (Uuid, String) {
    let application = store(pool, None, |_| {}).await;
    let email = Email {
        recipient: message.recipient.clone(),
        reply_to: message.reply_to.clone(),
        subject: message.subject.clone(),
        body_text: message.body_text.clone(),
        body_html: message.body_html.clone(),
        unsubscribe_url: None,
    };
    let mut conn = pool.acquire().await.unwrap();
    let about = About::Application {
        application_id: application.application_id,
        candidate_id: application.candidate_id,
    };
    let queued = Queued::new(message.kind, about, &email);
    let id = outbox::enqueue(&mut conn, &queued, "labmindsstaffing.com")
        .await
        .expect("queue an outbox message")
        .expect("no dedupe key, so always queued");
    let message_id: String =
        sqlx::query_scalar("select message_id from outbox_messages where id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    (id, message_id)
}

#[derive(Debug, sqlx::FromRow)]
pub struct RowState {
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub locked: bool,
    pub sent: bool,
}

pub async fn row_state(pool: &PgPool, id: Uuid) -> RowState {
    sqlx::query_as(
        "select status, attempts, last_error, locked_until is not null as locked, \
         sent_at is not null as sent from outbox_messages where id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub async fn count_with_status(pool: &PgPool, status: &str) -> i64 {
    sqlx::query_scalar("select count(*) from outbox_messages where status = $1")
        .bind(status)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Calls `deliver_due` until no row is pending, waiting for retries that are not due yet.
pub async fn drain_outbox(pool: &PgPool, mailer: &Mailer, settings: &Settings) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let handled = deliver_due(pool, mailer, settings).await.unwrap();
        if count_with_status(pool, "pending").await == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the outbox did not drain in 60 s"
        );
        if handled == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
