//! The step a recruiter writes for the candidate to read on My application: what happens next
//! and, if they set one, by when. One per candidate; setting replaces it, clearing deletes it.
//! Each write records its audit event (without the text) in the same transaction.

use sqlx::{PgExecutor, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::Change;
use crate::db::audit::{self, AuditAction};

pub(crate) struct NextStep {
    pub(crate) what: String,
    pub(crate) due_on: Option<Date>,
    pub(crate) set_at: OffsetDateTime,
}

pub(crate) async fn of_candidate<'e>(
    executor: impl PgExecutor<'e>,
    candidate_id: Uuid,
) -> Result<Option<NextStep>, sqlx::Error> {
    sqlx::query_as!(
        NextStep,
        r#"select what, due_on, set_at from candidate_next_steps where candidate_id = $1"#,
        candidate_id,
    )
    .fetch_optional(executor)
    .await
}

/// Sets the step (`Some`) or clears it (`None`); `NotFound` for an unknown candidate.
pub(crate) async fn set(
    pool: &PgPool,
    candidate_id: Uuid,
    step: Option<(&str, Option<Date>)>,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let exists = sqlx::query_scalar!(
        r#"select id from candidates where id = $1 for share"#,
        candidate_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        return Ok(Change::NotFound);
    }
    let action = match step {
        Some((what, due_on)) => {
            sqlx::query!(
                r#"
                insert into candidate_next_steps (candidate_id, what, due_on, set_by)
                values ($1, $2, $3, $4)
                on conflict (candidate_id) do update
                set what = excluded.what, due_on = excluded.due_on,
                    set_by = excluded.set_by, set_at = now()
                "#,
                candidate_id,
                what,
                due_on,
                recruiter_id,
            )
            .execute(&mut *tx)
            .await?;
            AuditAction::NextStepSet
        }
        None => {
            let deleted = sqlx::query!(
                r#"delete from candidate_next_steps where candidate_id = $1"#,
                candidate_id
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if deleted == 0 {
                return Ok(Change::Unchanged);
            }
            AuditAction::NextStepCleared
        }
    };
    let details = serde_json::json!({ "dated": step.is_some_and(|(_, due)| due.is_some()) });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        action,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}
