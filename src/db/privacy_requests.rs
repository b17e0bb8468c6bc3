//! `privacy_requests`: what candidates ask for on "My application" beyond what the page does
//! itself, each due 30 days after it arrives. Written with its audit event in one transaction.

use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::Change;
use crate::db::audit::{self, AuditAction};

/// Days from arrival to the due date (the house deadline).
pub(crate) const DAYS_TO_ANSWER: i32 = 30;

/// Stores a request from the candidate, due `DAYS_TO_ANSWER` days from today (UTC); returns
/// the due date.
pub(crate) async fn insert(
    pool: &PgPool,
    candidate_id: Uuid,
    kind: &str,
    message: &str,
) -> Result<Date, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let due_on = sqlx::query_scalar!(
        r#"insert into privacy_requests (id, candidate_id, kind, message, due_on)
           values ($1, $2, $3, $4, (now() at time zone 'utc')::date + $5::int)
           returning due_on"#,
        Uuid::now_v7(),
        candidate_id,
        kind,
        message,
        DAYS_TO_ANSWER,
    )
    .fetch_one(&mut *tx)
    .await?;
    let details = serde_json::json!({ "kind": kind });
    audit::record(
        &mut *tx,
        None,
        AuditAction::PrivacyRequestMade,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(due_on)
}

/// One request as the dashboard lists it.
pub(crate) struct PrivacyRequest {
    pub(crate) id: Uuid,
    pub(crate) candidate_id: Uuid,
    pub(crate) reference: Option<String>,
    pub(crate) kind: String,
    pub(crate) message: String,
    pub(crate) due_on: Date,
    pub(crate) overdue: bool,
    pub(crate) answered_at: Option<OffsetDateTime>,
    pub(crate) created_at: OffsetDateTime,
}

/// Open requests first (soonest due first), then the answered ones, newest first.
pub(crate) async fn list(pool: &PgPool) -> Result<Vec<PrivacyRequest>, sqlx::Error> {
    sqlx::query_as!(
        PrivacyRequest,
        r#"
        select r.id, r.candidate_id,
               (select a.reference from applications a where a.candidate_id = r.candidate_id
                order by a.created_at desc limit 1) as "reference?",
               r.kind, r.message, r.due_on,
               (r.answered_at is null and r.due_on < (now() at time zone 'utc')::date) as "overdue!",
               r.answered_at, r.created_at
        from privacy_requests r
        order by r.answered_at is not null, r.due_on, r.created_at desc
        limit 500
        "#
    )
    .fetch_all(pool)
    .await
}

/// Open requests and how many of them are past their due date, for the overview.
pub(crate) struct Due {
    pub(crate) open: i64,
    pub(crate) overdue: i64,
}

pub(crate) async fn due(pool: &PgPool) -> Result<Due, sqlx::Error> {
    sqlx::query_as!(
        Due,
        r#"
        select count(*) as "open!",
               count(*) filter (where due_on < (now() at time zone 'utc')::date) as "overdue!"
        from privacy_requests where answered_at is null
        "#
    )
    .fetch_one(pool)
    .await
}

/// Marks a request answered (once).
pub(crate) async fn mark_answered(
    pool: &PgPool,
    id: Uuid,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let candidate = sqlx::query_scalar!(
        r#"update privacy_requests set answered_at = now(), answered_by = $2
           where id = $1 and answered_at is null
           returning candidate_id"#,
        id,
        recruiter_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(candidate_id) = candidate else {
        return Ok(Change::Unchanged);
    };
    let details = serde_json::json!({ "request": id });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::PrivacyRequestAnswered,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}
