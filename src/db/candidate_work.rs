//! The dashboard's writes on a candidate (issue 5): stage, owner, notes, e-mail resends. Each one
//! writes its audit event in the same transaction, so the log cannot miss a change.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};

pub enum Change {
    Done,
    /// No such candidate (or e-mail): the handler answers 404.
    NotFound,
    /// Nothing to do (same stage, a message that is not dead).
    Unchanged,
}

pub async fn change_stage(
    pool: &PgPool,
    candidate_id: Uuid,
    to_stage: &str,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Locks the candidate's pipeline row (creating it at 'new'), so two recruiters changing the
    // stage at once write a history that chains.
    let from_stage = sqlx::query_scalar!(
        r#"
        insert into candidate_pipelines (candidate_id)
        select id from candidates where id = $1
        on conflict (candidate_id) do update set candidate_id = excluded.candidate_id
        returning stage
        "#,
        candidate_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(from_stage) = from_stage else {
        return Ok(Change::NotFound);
    };
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
    sqlx::query!(
        r#"insert into candidate_stage_changes (id, candidate_id, from_stage, to_stage, recruiter_id)
           values ($1, $2, $3, $4, $5)"#,
        Uuid::now_v7(),
        candidate_id,
        from_stage,
        to_stage,
        recruiter_id,
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
    tx.commit().await?;
    Ok(Change::Done)
}

/// Assigns (or with `None`, clears) the owner; only active recruiters can be assigned.
pub async fn change_owner(
    pool: &PgPool,
    candidate_id: Uuid,
    owner_id: Option<Uuid>,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query!(
        r#"
        insert into candidate_pipelines (candidate_id, owner_id)
        select c.id, $2 from candidates c
        where c.id = $1
          and ($2::uuid is null or exists (
              select 1 from recruiters r where r.id = $2 and r.disabled_at is null))
        on conflict (candidate_id) do update set owner_id = excluded.owner_id
        "#,
        candidate_id,
        owner_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(Change::NotFound);
    }
    let details = serde_json::json!({ "owner": owner_id });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::OwnerChanged,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

pub async fn add_note(
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

/// Puts a dead e-mail of this candidate back in the queue, to be tried at once.
pub async fn resend_email(
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
