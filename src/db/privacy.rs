//! Erasure, export and retention (issue 5): the queries that remove or gather everything stored
//! about one candidate. Foreign keys do the fan-out: applications, CV files, outbox rows, notes,
//! stage history and pipeline rows cascade; audit events lose their candidate reference.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};

/// Erases a candidate and records that an erasure happened (without the id, which would keep a
/// link to the old events). `Ok(false)` when there is no such candidate.
pub async fn erase_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
    recruiter_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query!("delete from candidates where id = $1", candidate_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 1 {
        audit::record(
            &mut *tx,
            Some(recruiter_id),
            AuditAction::CandidateErased,
            None,
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(deleted == 1)
}

/// Erases every candidate whose last application is older than `months`, unless their latest
/// application consented to keeping the data for future roles. Returns how many were erased.
pub async fn purge_expired_candidates(pool: &PgPool, months: u32) -> Result<u64, sqlx::Error> {
    let months = i32::try_from(months).unwrap_or(i32::MAX);
    let mut tx = pool.begin().await?;
    let purged = sqlx::query!(
        r#"
        delete from candidates c
        using (
            select distinct on (candidate_id) candidate_id, created_at, keep_data_consent
            from applications
            order by candidate_id, created_at desc
        ) latest
        where latest.candidate_id = c.id
          and latest.created_at < now() - make_interval(months => $1)
          and not latest.keep_data_consent
        "#,
        months,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if purged > 0 {
        audit::record(
            &mut *tx,
            None,
            AuditAction::RetentionPurge,
            None,
            serde_json::json!({ "candidates": purged, "retention_months": months }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(purged)
}

/// Everything stored about a candidate, as one JSON document (the right of access). The CV's
/// bytes are left out (it is downloaded separately); so is the keyed IP hash, which is not the
/// person's data in any readable form.
pub async fn export_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"
        select jsonb_build_object(
          'candidate', to_jsonb(c),
          'applications', (select coalesce(jsonb_agg(to_jsonb(a) - 'consent_ip_hash'
                                    order by a.created_at), '[]'::jsonb)
                           from applications a where a.candidate_id = c.id),
          'cv_files', (select coalesce(jsonb_agg(jsonb_build_object(
                              'application_id', f.application_id, 'file_name', f.file_name,
                              'kind', f.kind, 'size_bytes', f.size_bytes,
                              'created_at', f.created_at) order by f.created_at), '[]'::jsonb)
                       from application_files f
                       join applications a on a.id = f.application_id
                       where a.candidate_id = c.id),
          'emails', (select coalesce(jsonb_agg(jsonb_build_object(
                            'kind', o.kind, 'recipient', o.recipient, 'subject', o.subject,
                            'status', o.status, 'attempts', o.attempts, 'sent_at', o.sent_at,
                            'created_at', o.created_at) order by o.created_at), '[]'::jsonb)
                     from outbox_messages o
                     join applications a on a.id = o.application_id
                     where a.candidate_id = c.id),
          'pipeline', (select to_jsonb(p) - 'candidate_id' from candidate_pipelines p
                       where p.candidate_id = c.id),
          'stage_history', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'from_stage', h.from_stage, 'to_stage', h.to_stage,
                                   'created_at', h.created_at) order by h.created_at), '[]'::jsonb)
                            from candidate_stage_changes h where h.candidate_id = c.id),
          'notes', (select coalesce(jsonb_agg(jsonb_build_object(
                           'body', n.body, 'created_at', n.created_at) order by n.created_at),
                           '[]'::jsonb)
                    from candidate_notes n where n.candidate_id = c.id)
        ) as "export!"
        from candidates c where c.id = $1
        "#,
        candidate_id,
    )
    .fetch_optional(pool)
    .await
}
