//! Queries of the delivery worker on `outbox_messages`: claim due rows under a lease, then record
//! how each delivery went. Writing the rows is the intake's business (in its own transaction).

use std::time::Duration;

use sqlx::PgPool;
use uuid::Uuid;

/// A rendered e-mail, claimed for one delivery attempt.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub kind: String,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    /// Attempts so far, counting the one this claim starts.
    pub attempts: i32,
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
) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    sqlx::query_as!(
        OutboxMessage,
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
    .await
}

/// Records a delivery. Guarded by `status = 'pending'` so a late duplicate mark changes nothing.
pub async fn mark_sent(pool: &PgPool, id: Uuid) -> Result<(), sqlx::Error> {
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
