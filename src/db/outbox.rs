//! `outbox_messages`: the one place that writes, claims and updates queued e-mail. A use case
//! queues its messages in its own transaction (`enqueue`); the delivery worker claims due rows
//! under a lease, sends outside any transaction and records how each delivery went; the dashboard
//! reads delivery status and puts dead messages back in the queue.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::Change;
use crate::db::audit::{self, AuditAction};
use crate::email::Email;

crate::domain::choices::stored_list!(
    /// What a message is; the table's check constraint holds the same list.
    MessageKind {
        /// The recruiters' alert about a new application.
        SupportAlert => "support_alert",
        /// The candidate's acknowledgement.
        CandidateAck => "candidate_ack",
    }
);

/// Queues `email` about an application, in the caller's transaction. The row's id makes its
/// Message-ID (`<id@message_domain>`), so every delivery attempt carries the same one and
/// receivers can drop a repeat after a crash. Returns the row's id.
pub async fn enqueue(
    conn: &mut PgConnection,
    application_id: Uuid,
    kind: MessageKind,
    email: &Email,
    message_domain: &str,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let message_id = format!("<{id}@{message_domain}>");
    sqlx::query_file!(
        "src/db/submission/enqueue_message.sql",
        id,
        application_id,
        kind.as_str(),
        email.recipient,
        email.reply_to,
        email.subject,
        email.body_text,
        email.body_html,
        message_id,
    )
    .execute(conn)
    .await?;
    Ok(id)
}

/// A queued e-mail, claimed for one delivery attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub(crate) id: Uuid,
    pub(crate) kind: String,
    pub(crate) message_id: String,
    /// Attempts so far, counting the one this claim starts.
    pub(crate) attempts: i32,
    pub(crate) email: Email,
}

/// Claims up to `limit` due rows for `lease`, counting the attempt, and commits at once.
///
/// SKIP LOCKED lets concurrent workers pick disjoint rows; the lease (`locked_until`) keeps the
/// rows away from other workers after the commit, while the message is being sent outside any
/// transaction. A worker that dies mid-send releases its rows when the lease runs out.
pub async fn claim_due(
    pool: &PgPool,
    limit: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        update outbox_messages
        set locked_until = now() + make_interval(secs => $2::float8),
            attempts = attempts + 1
        where id in (
            select id from outbox_messages
            where status = 'pending'
              and next_attempt_at <= now()
              and (locked_until is null or locked_until < now())
            order by next_attempt_at
            limit $1
            for update skip locked
        )
        returning id, kind, recipient, reply_to, subject, body_text, body_html, message_id, attempts
        "#,
        limit,
        lease.as_secs_f64(),
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Claimed {
            id: row.id,
            kind: row.kind,
            message_id: row.message_id,
            attempts: row.attempts,
            email: Email {
                recipient: row.recipient,
                reply_to: row.reply_to,
                subject: row.subject,
                body_text: row.body_text,
                body_html: row.body_html,
            },
        })
        .collect())
}

/// Records a delivery. Guarded by `status = 'pending'` so a late duplicate mark changes nothing.
pub(crate) async fn mark_sent(pool: &PgPool, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set status = 'sent', sent_at = now(), locked_until = null, last_error = null
        where id = $1 and status = 'pending'
        "#,
        id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Releases the row for another attempt after `delay`, keeping a short reason (no addresses).
pub async fn mark_retry(
    pool: &PgPool,
    id: Uuid,
    delay: Duration,
    last_error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set next_attempt_at = now() + make_interval(secs => $2::float8),
            locked_until = null,
            last_error = $3
        where id = $1 and status = 'pending'
        "#,
        id,
        delay.as_secs_f64(),
        last_error,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Gives up on the row: it stays in the table, `dead`, for a person to look at.
pub async fn mark_dead(pool: &PgPool, id: Uuid, last_error: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set status = 'dead', locked_until = null, last_error = $2
        where id = $1 and status = 'pending'
        "#,
        id,
        last_error,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The delivery status of one e-mail, for the candidate page.
pub(crate) struct EmailStatus {
    pub(crate) id: Uuid,
    pub(crate) application_id: Uuid,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) attempts: i32,
    pub(crate) last_error: Option<String>,
    pub(crate) sent_at: Option<OffsetDateTime>,
}

pub(crate) async fn of_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<EmailStatus>, sqlx::Error> {
    sqlx::query_as!(
        EmailStatus,
        r#"
        select o.id, o.application_id, o.kind, o.status, o.attempts, o.last_error, o.sent_at
        from outbox_messages o
        join applications a on a.id = o.application_id
        where a.candidate_id = $1
        order by o.created_at desc, o.kind
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

/// Puts a dead e-mail of this candidate back in the queue, to be tried at once.
pub(crate) async fn resend(
    pool: &PgPool,
    candidate_id: Uuid,
    message_id: Uuid,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let status = sqlx::query_scalar!(
        r#"
        select o.status from outbox_messages o join applications a on a.id = o.application_id
        where o.id = $1 and a.candidate_id = $2
        for update of o
        "#,
        message_id,
        candidate_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match status.as_deref() {
        None => return Ok(Change::NotFound),
        Some("dead") => {}
        Some(_) => return Ok(Change::Unchanged),
    }
    sqlx::query!(
        r#"update outbox_messages
           set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null
           where id = $1"#,
        message_id,
    )
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "message": message_id });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::EmailResent,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Messages waiting and given up on: the dashboard's "is e-mail flowing" numbers.
pub(crate) struct Health {
    pub(crate) pending: i64,
    pub(crate) dead: i64,
}

pub(crate) async fn health(pool: &PgPool) -> Result<Health, sqlx::Error> {
    sqlx::query_as!(
        Health,
        r#"
        select
          count(*) filter (where status = 'pending') as "pending!",
          count(*) filter (where status = 'dead') as "dead!"
        from outbox_messages
        "#
    )
    .fetch_one(pool)
    .await
}
