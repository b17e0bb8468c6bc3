//! Erasure and retention: removing everything stored about a candidate, on a recruiter's request
//! or when their data is past the retention period. Foreign keys do the fan-out: applications, CV
//! files, outbox rows, notes, stage history and pipeline rows cascade; audit events lose their
//! candidate reference. The audit log keeps only that an erasure happened.

use sqlx::{PgConnection, PgPool};
use time::Date;
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};

/// Erases a candidate and records that an erasure happened (without the id, which would keep a
/// link to the old events). `Ok(false)` when there is no such candidate.
pub(crate) async fn erase_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
    recruiter_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let erased = erase_in(&mut tx, candidate_id, Some(recruiter_id)).await?;
    tx.commit().await?;
    Ok(erased)
}

/// The erasure itself, in the caller's transaction: by a recruiter (`Some`), or by the candidate
/// on their own page (`None`; the audit says so and nothing else).
pub(crate) async fn erase_in(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    recruiter_id: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query!("delete from candidates where id = $1", candidate_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if deleted == 1 {
        let details = match recruiter_id {
            Some(_) => serde_json::json!({}),
            None => serde_json::json!({ "by": "candidate" }),
        };
        audit::record(
            &mut *conn,
            recruiter_id,
            AuditAction::CandidateErased,
            None,
            details,
        )
        .await?;
    }
    Ok(deleted == 1)
}

/// Erases every candidate whose last application is older than `months` before `as_of`, unless
/// they consent to keeping the data for future roles: their latest consent change on "My
/// application" (`candidate_consents`), or without one, their latest application's answer. Returns how many were
/// erased.
pub(crate) async fn purge_expired_candidates(
    pool: &PgPool,
    months: u32,
    as_of: Date,
) -> Result<u64, sqlx::Error> {
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
          and latest.created_at < $2::date - make_interval(months => $1)
          and not coalesce((
              select k.given from candidate_consents k
              where k.candidate_id = c.id and k.purpose = 'keep_details'
              order by k.created_at desc, k.id desc limit 1), latest.keep_data_consent)
        "#,
        months,
        as_of,
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
