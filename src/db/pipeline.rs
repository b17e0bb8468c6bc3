//! The recruiters' work on a candidate: the pipeline row (stage and owner), the stage history and
//! the notes. Each write records its audit event in the same transaction, so the log cannot miss
//! a change.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};
use crate::db::{Change, Count};

/// A pipeline row as `lock` found it.
struct Locked {
    stage: String,
    owner_id: Option<Uuid>,
    /// When the current stage was entered (the reports' stays in a stage).
    stage_changed_at: OffsetDateTime,
}

/// Locks the candidate's pipeline row until the transaction ends, creating it at 'new' (entered
/// when the candidate first applied) with no owner; `None` when there is no such candidate.
async fn lock(tx: &mut PgConnection, candidate_id: Uuid) -> Result<Option<Locked>, sqlx::Error> {
    sqlx::query_as!(
        Locked,
        r#"
        insert into candidate_pipelines (candidate_id, stage_changed_at)
        select id, created_at from candidates where id = $1
        on conflict (candidate_id) do update set candidate_id = excluded.candidate_id
        returning stage, owner_id, stage_changed_at
        "#,
        candidate_id,
    )
    .fetch_optional(tx)
    .await
}

pub async fn change_stage(
    pool: &PgPool,
    candidate_id: Uuid,
    to_stage: &str,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let change = change_stage_in(&mut tx, candidate_id, to_stage, recruiter_id).await?;
    tx.commit().await?;
    Ok(change)
}

/// `change_stage` inside the caller's transaction (the next action's re-check date joins it).
pub(crate) async fn change_stage_in(
    tx: &mut PgConnection,
    candidate_id: Uuid,
    to_stage: &str,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    // Under the row's lock, two recruiters changing the stage at once write a history that chains.
    let Some(from) = lock(&mut *tx, candidate_id).await? else {
        return Ok(Change::NotFound);
    };
    let from_stage = from.stage;
    if from_stage == to_stage {
        return Ok(Change::Unchanged);
    }
    sqlx::query!(
        r#"update candidate_pipelines set stage = $2, stage_changed_at = now()
           where candidate_id = $1"#,
        candidate_id,
        to_stage,
    )
    .execute(&mut *tx)
    .await?;
    // `from_stage_since`: when the stage being left was entered, so the reports read a stay's
    // length from this one row.
    sqlx::query!(
        r#"insert into candidate_stage_changes
             (id, candidate_id, from_stage, to_stage, recruiter_id, from_stage_since)
           values ($1, $2, $3, $4, $5, $6)"#,
        Uuid::now_v7(),
        candidate_id,
        from_stage,
        to_stage,
        recruiter_id,
        from.stage_changed_at,
    )
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "from": from_stage, "to": to_stage });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::StageChanged,
        Some(candidate_id),
        details,
    )
    .await?;
    Ok(Change::Done)
}

/// What an owner change came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OwnerChange {
    /// No such candidate, or the chosen owner is not an active account.
    NotFound,
    /// The case already had that owner: nothing recorded.
    Unchanged,
    /// The owner changed; `event` names this assignment (audit log, e-mail dedupe key).
    Changed { event: Uuid },
}

/// Assigns (or with `None`, clears) the owner in the caller's transaction; only active recruiters
/// can be assigned. Locks the pipeline row first (creating it at 'new'), so two assignments at
/// once are two events in order, each seeing the owner the other left.
pub(crate) async fn change_owner_in(
    tx: &mut PgConnection,
    candidate_id: Uuid,
    owner_id: Option<Uuid>,
    recruiter_id: Uuid,
) -> Result<OwnerChange, sqlx::Error> {
    let Some(Locked {
        owner_id: previous, ..
    }) = lock(&mut *tx, candidate_id).await?
    else {
        return Ok(OwnerChange::NotFound);
    };
    if previous == owner_id {
        return Ok(OwnerChange::Unchanged);
    }
    let updated = sqlx::query!(
        r#"
        update candidate_pipelines set owner_id = $2
        where candidate_id = $1
          and ($2::uuid is null or exists (
              select 1 from recruiters r where r.id = $2 and r.disabled_at is null))
        "#,
        candidate_id,
        owner_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(OwnerChange::NotFound);
    }
    let event = Uuid::now_v7();
    let details = serde_json::json!({ "owner": owner_id, "previous": previous, "event": event });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::OwnerChanged,
        Some(candidate_id),
        details,
    )
    .await?;
    Ok(OwnerChange::Changed { event })
}

pub(crate) async fn add_note(
    pool: &PgPool,
    candidate_id: Uuid,
    body: &str,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        r#"insert into candidate_notes (id, candidate_id, recruiter_id, body)
           select $1, id, $3, $4 from candidates where id = $2"#,
        Uuid::now_v7(),
        candidate_id,
        recruiter_id,
        body,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(Change::NotFound);
    }
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::NoteAdded,
        Some(candidate_id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

pub(crate) struct StageChange {
    pub(crate) from_stage: String,
    pub(crate) to_stage: String,
    pub(crate) recruiter_name: Option<String>,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) struct Note {
    pub(crate) body: String,
    pub(crate) author_name: Option<String>,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) async fn stage_history(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<StageChange>, sqlx::Error> {
    sqlx::query_as!(
        StageChange,
        r#"
        select h.from_stage, h.to_stage, r.display_name as "recruiter_name?", h.created_at
        from candidate_stage_changes h left join recruiters r on r.id = h.recruiter_id
        where h.candidate_id = $1
        order by h.created_at desc
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

pub(crate) async fn notes(pool: &PgPool, candidate_id: Uuid) -> Result<Vec<Note>, sqlx::Error> {
    sqlx::query_as!(
        Note,
        r#"
        select n.body, r.display_name as "author_name?", n.created_at
        from candidate_notes n left join recruiters r on r.id = n.recruiter_id
        where n.candidate_id = $1
        order by n.created_at desc
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

/// Candidates per stage (no pipeline row counts as 'new'): the sum of the stage's stripes in
/// `candidate_card_counts` (kept by triggers from the cards), not a count of every candidate.
pub(crate) async fn counts_per_stage(pool: &PgPool) -> Result<Vec<Count>, sqlx::Error> {
    sqlx::query_as!(
        Count,
        r#"
        select key as "key!", sum(candidates)::int8 as "count!"
        from candidate_card_counts
        where dimension = 'stage'
        group by 1 having sum(candidates) > 0
        order by 2 desc
        "#
    )
    .fetch_all(pool)
    .await
}
