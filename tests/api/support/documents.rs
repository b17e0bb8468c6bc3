//! Checklist items and documents for the reminder and calendar tests: an item of a type with a
//! current document whose last valid day is given, or an open item without one, and moving when
//! an item was put on the list (time travel, as `applications::backdate` does).

use time::{Date, Time};
use uuid::Uuid;

use crate::helpers::TestApp;

/// The candidate's item of `type_key` (made if missing), as a recruiter would add it.
async fn item(app: &TestApp, candidate_id: Uuid, type_key: &str) -> Uuid {
    sqlx::query_scalar(
        "insert into document_checklist_items (id, candidate_id, type_key, origin)
         values (gen_random_uuid(), $1, $2, 'recruiter')
         on conflict on constraint document_checklist_items_type_key_key
         do update set type_key = excluded.type_key
         returning id",
    )
    .bind(candidate_id)
    .bind(type_key)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// A current PDF for the candidate's item of `type_key`, valid until `expires_on`.
pub async fn seed_document(
    app: &TestApp,
    candidate_id: Uuid,
    type_key: &str,
    expires_on: Option<Date>,
) -> Uuid {
    let item_id = item(app, candidate_id, type_key).await;
    sqlx::query(
        "update candidate_documents set superseded_at = now()
         where item_id = $1 and superseded_at is null",
    )
    .bind(item_id)
    .execute(&app.pool)
    .await
    .unwrap();
    let pdf = b"%PDF-1.4\n%test\n".to_vec();
    sqlx::query(
        "with document as (
             insert into candidate_documents (id, item_id, candidate_id, kind, content_type,
                 file_name, size_bytes, sha256, expires_on, uploaded_by)
             values (gen_random_uuid(), $1, $2, 'pdf', 'application/pdf', 'document.pdf',
                 octet_length($3), sha256($3), $4, 'candidate')
             returning id)
         insert into document_contents (document_id, content) select id, $3 from document",
    )
    .bind(item_id)
    .bind(candidate_id)
    .bind(&pdf)
    .bind(expires_on)
    .execute(&app.pool)
    .await
    .unwrap();
    item_id
}

/// An open item of `type_key` without a document.
pub async fn seed_missing(app: &TestApp, candidate_id: Uuid, type_key: &str) -> Uuid {
    item(app, candidate_id, type_key).await
}

/// Moves when the item was put on the list to 09:00 UTC on `on`.
pub async fn backdate_item(app: &TestApp, item_id: Uuid, on: Date) {
    let at = on.with_time(Time::from_hms(9, 0, 0).unwrap()).assume_utc();
    sqlx::query("update document_checklist_items set created_at = $2 where id = $1")
        .bind(item_id)
        .bind(at)
        .execute(&app.pool)
        .await
        .unwrap();
}
