//! Next actions (issue 15, item 2): the one open action of a case, set (closing the open one as
//! 'replaced') and marked done. Each write locks the candidate row first, so two recruiters
//! setting an action at once end with one open action, and records its audit event in the same
//! transaction.

use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};
use crate::db::{Change, pipeline};
use crate::domain::next_action::NewNextAction;

/// The open action of a case, as the candidate page shows it.
pub(crate) struct OpenAction {
    pub(crate) what: String,
    pub(crate) due_on: Date,
    pub(crate) assignee_name: Option<String>,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) async fn open_of(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<OpenAction>, sqlx::Error> {
    sqlx::query_as!(
        OpenAction,
        r#"
        select a.what, a.due_on, r.display_name as "assignee_name?", a.created_at
        from next_actions a left join recruiters r on r.id = a.assignee_id
        where a.candidate_id = $1 and a.closed_at is null
        "#,
        candidate_id,
    )
    .fetch_optional(pool)
    .await
}

/// What setting an action came to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SetOutcome {
    Done,
    NoCandidate,
    /// The chosen assignee is not an active recruiter (disabled since the page was shown).
    UnknownAssignee,
}

/// Sets the case's next action; without an assignee, the case's owner (if any) gets it.
pub(crate) async fn set(
    pool: &PgPool,
    candidate_id: Uuid,
    action: &NewNextAction,
    recruiter_id: Uuid,
) -> Result<SetOutcome, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let outcome = set_in(&mut tx, candidate_id, action, recruiter_id).await?;
    if outcome == SetOutcome::Done {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// Parks the case at "not eligible yet" with its re-check as the next action, in one
/// transaction: the stage never changes without the date.
pub(crate) async fn park_until_recheck(
    pool: &PgPool,
    candidate_id: Uuid,
    recheck: &NewNextAction,
    recruiter_id: Uuid,
) -> Result<SetOutcome, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let stage = pipeline::change_stage_in(&mut tx, candidate_id, NOT_ELIGIBLE_YET, recruiter_id);
    if matches!(stage.await?, Change::NotFound) {
        return Ok(SetOutcome::NoCandidate);
    }
    let outcome = set_in(&mut tx, candidate_id, recheck, recruiter_id).await?;
    if outcome == SetOutcome::Done {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// The stage that asks for a re-check date.
pub(crate) const NOT_ELIGIBLE_YET: &str = "not_eligible_yet";

async fn set_in(
    tx: &mut PgConnection,
    candidate_id: Uuid,
    action: &NewNextAction,
    recruiter_id: Uuid,
) -> Result<SetOutcome, sqlx::Error> {
    if !lock_candidate(&mut *tx, candidate_id).await? {
        return Ok(SetOutcome::NoCandidate);
    }
    let assignee = match action.assignee {
        Some(id) => {
            let active = sqlx::query_scalar!(
                r#"select exists (select 1 from recruiters where id = $1 and disabled_at is null) as "active!""#,
                id
            )
            .fetch_one(&mut *tx)
            .await?;
            if !active {
                return Ok(SetOutcome::UnknownAssignee);
            }
            Some(id)
        }
        None => sqlx::query_scalar!(
            "select owner_id from candidate_pipelines where candidate_id = $1",
            candidate_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .flatten(),
    };
    close_open(&mut *tx, candidate_id, "replaced", recruiter_id).await?;
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into next_actions (id, candidate_id, what, due_on, assignee_id, created_by)
           values ($1, $2, $3, $4, $5, $6)"#,
        id,
        candidate_id,
        action.what,
        action.due_on,
        assignee,
        recruiter_id,
    )
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "next_action": id, "due_on": action.due_on.to_string() });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::NextActionSet,
        Some(candidate_id),
        details,
    )
    .await?;
    Ok(SetOutcome::Done)
}

/// Marks the open action done; `Unchanged` when there is none (a second click).
pub(crate) async fn mark_done(
    pool: &PgPool,
    candidate_id: Uuid,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock_candidate(&mut tx, candidate_id).await? {
        return Ok(Change::NotFound);
    }
    let Some(id) = close_open(&mut tx, candidate_id, "done", recruiter_id).await? else {
        return Ok(Change::Unchanged);
    };
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::NextActionDone,
        Some(candidate_id),
        serde_json::json!({ "next_action": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

async fn lock_candidate(conn: &mut PgConnection, candidate_id: Uuid) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        "select id from candidates where id = $1 for update",
        candidate_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

async fn close_open(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    closed_as: &str,
    recruiter_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"update next_actions set closed_at = now(), closed_as = $2, closed_by = $3
           where candidate_id = $1 and closed_at is null
           returning id"#,
        candidate_id,
        closed_as,
        recruiter_id,
    )
    .fetch_optional(conn)
    .await
}
