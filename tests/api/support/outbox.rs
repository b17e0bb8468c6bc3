//! Arrange and drain the e-mail outbox in tests: insert rows as the intake would, read their
//! state, and deliver everything due through `labminds::worker::deliver_due`.

use std::time::{Duration, Instant};

use labminds::config::Settings;
use labminds::email::Mailer;
use labminds::worker::deliver_due;
use sqlx::PgPool;
use uuid::Uuid;

/// A message as the intake would write it, before the worker has touched it.
pub struct NewMessage {
    pub kind: &'static str,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

impl NewMessage {
    pub fn to(recipient: &str) -> NewMessage {
        NewMessage {
            kind: "candidate_ack",
            recipient: recipient.to_owned(),
            reply_to: Some("support@labmindsstaffing.com".to_owned()),
            subject: "We received your application".to_owned(),
            body_text: "Dear Ana, thank you.".to_owned(),
            body_html: "<p>Dear Ana, thank you.</p>".to_owned(),
        }
    }
}

/// A minimal valid candidate and application, which every outbox row belongs to (foreign key).
pub async fn insert_application(pool: &PgPool) -> Uuid {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let (candidate_id, application_id) = (Uuid::new_v4(), Uuid::new_v4());
    let reference: String = std::iter::once("LM-".to_owned())
        .chain(
            application_id.as_bytes()[..8]
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]).to_string()),
        )
        .collect();
    sqlx::query("insert into candidates (id, email_normalised, phone_e164) values ($1, $2, $3)")
        .bind(candidate_id)
        .bind("ana@example.com")
        .bind("+639171234567")
        .execute(pool)
        .await
        .expect("insert a candidate");
    sqlx::query(
        "insert into applications (id, candidate_id, reference, submission_id, is_returning, \
         given_name, email, email_normalised, phone_raw, phone_e164, country_of_residence, \
         citizenships, country_of_education, qualification, graduation_year, experience_years, \
         us_certification, us_certification_status, english_test, target_states, \
         open_to_any_state, work_authorisation, availability, privacy_policy_version, \
         privacy_consented_at, consent_ip_hash, keep_data_consent, raw_answers) \
         values ($1, $2, $3, $4, false, 'Ana', 'ana@example.com', 'ana@example.com', \
         '0917 123 4567', '+639171234567', 'PH', array['PH'], 'PH', 'bs_mls', 2019, 3.5, \
         'none_yet', 'not_started', 'none_yet', array[]::text[], true, 'needs_sponsorship', \
         'now', 'test', now(), '\\x00', false, '{}'::jsonb)",
    )
    .bind(application_id)
    .bind(candidate_id)
    .bind(reference)
    .bind(Uuid::new_v4())
    .execute(pool)
    .await
    .expect("insert an application");
    application_id
}

/// Inserts a pending outbox row for a new application; returns its id and Message-ID.
pub async fn insert_outbox_message(pool: &PgPool, message: &NewMessage) -> (Uuid, String) {
    let id = Uuid::new_v4();
    let application_id = insert_application(pool).await;
    let message_id = format!("<{}@labmindsstaffing.com>", id.simple());
    sqlx::query(
        "insert into outbox_messages (id, application_id, kind, recipient, reply_to, subject, \
         body_text, body_html, message_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(application_id)
    .bind(message.kind)
    .bind(&message.recipient)
    .bind(&message.reply_to)
    .bind(&message.subject)
    .bind(&message.body_text)
    .bind(&message.body_html)
    .bind(&message_id)
    .execute(pool)
    .await
    .expect("insert an outbox message");
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
