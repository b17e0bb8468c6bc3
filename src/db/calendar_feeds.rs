//! `candidate_calendar_feeds`: the digest of each candidate's calendar-feed token. The token
//! itself is never stored; a fetch looks its digest up.

use sqlx::PgPool;

use crate::db::audit::{self, AuditAction};
use time::OffsetDateTime;
use uuid::Uuid;

/// Stores a new feed for the candidate, replacing any older one (whose URL stops working at
/// once), with its audit event. False when the candidate is gone.
pub(crate) async fn replace(
    pool: &PgPool,
    candidate_id: Uuid,
    token_hash: &[u8],
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let stored = sqlx::query!(
        r#"
        insert into candidate_calendar_feeds (candidate_id, token_hash)
        select id, $2 from candidates where id = $1
        on conflict (candidate_id) do update set token_hash = excluded.token_hash, created_at = now()
        "#,
        candidate_id,
        token_hash,
    )
    .execute(&mut *tx)
    .await?;
    let stored = stored.rows_affected() == 1;
    if stored {
        let action = AuditAction::PortalCalendarFeedMade;
        audit::record(
            &mut *tx,
            None,
            action,
            Some(candidate_id),
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(stored)
}

/// Deletes the candidate's feed, with its audit event; false when there was none.
pub(crate) async fn revoke(pool: &PgPool, candidate_id: Uuid) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query!(
        "delete from candidate_calendar_feeds where candidate_id = $1",
        candidate_id
    )
    .execute(&mut *tx)
    .await?;
    let deleted = deleted.rows_affected() == 1;
    if deleted {
        let action = AuditAction::PortalCalendarFeedStopped;
        audit::record(
            &mut *tx,
            None,
            action,
            Some(candidate_id),
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(deleted)
}

/// When the candidate's current feed was made, if they have one.
pub(crate) async fn made_at(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    sqlx::query_scalar!(
        "select created_at from candidate_calendar_feeds where candidate_id = $1",
        candidate_id
    )
    .fetch_optional(pool)
    .await
}

/// The candidate whose feed has this token digest.
pub(crate) async fn candidate_of(
    pool: &PgPool,
    token_hash: &[u8],
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select candidate_id from candidate_calendar_feeds where token_hash = $1",
        token_hash
    )
    .fetch_optional(pool)
    .await
}
