//! `document_checklist_items`, `candidate_documents` and `document_contents` (issue 14): the
//! checklist of each candidate, the files uploaded against it, and the bytes (the PostgreSQL
//! side of `documents::storage`). Every write that changes an item records its audit event in
//! the same transaction.

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::documents::status::{CurrentDocument, ItemFacts};

/// Where an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Derived from the advisor's plan for the current answers.
    Plan,
    /// Added by a recruiter on the candidate page.
    Recruiter,
}

impl Origin {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Origin::Plan => "plan",
            Origin::Recruiter => "recruiter",
        }
    }
}

/// Who uploaded a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Uploader {
    Candidate,
    Recruiter(Uuid),
}

/// One checklist item with its current document (if any), as the pages show it.
#[derive(Debug, Clone)]
pub(crate) struct ItemRow {
    pub(crate) id: Uuid,
    pub(crate) type_key: String,
    pub(crate) origin: String,
    pub(crate) note: Option<String>,
    pub(crate) waived_at: Option<OffsetDateTime>,
    pub(crate) waived_by_name: Option<String>,
    pub(crate) waived_reason: Option<String>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) document_id: Option<Uuid>,
    pub(crate) file_name: Option<String>,
    pub(crate) size_bytes: Option<i32>,
    pub(crate) issued_on: Option<Date>,
    pub(crate) expires_on: Option<Date>,
    pub(crate) uploaded_by: Option<String>,
    pub(crate) uploaded_at: Option<OffsetDateTime>,
    pub(crate) verified_at: Option<OffsetDateTime>,
    pub(crate) verified_by_name: Option<String>,
}

impl ItemRow {
    /// What `documents::status::status_on` needs.
    pub(crate) fn facts(&self) -> ItemFacts {
        ItemFacts {
            waived: self.waived_at.is_some(),
            current: self.document_id.map(|_| CurrentDocument {
                expires_on: self.expires_on,
                verified: self.verified_at.is_some(),
            }),
        }
    }
}

/// The candidate's checklist, in the order items were added (the plan's order first).
pub(crate) async fn items_of(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as!(
        ItemRow,
        r#"
        select i.id, i.type_key, i.origin, i.note, i.waived_at,
               w.display_name as "waived_by_name?", i.waived_reason, i.created_at,
               d.id as "document_id?", d.file_name as "file_name?", d.size_bytes as "size_bytes?",
               d.issued_on as "issued_on?", d.expires_on as "expires_on?",
               d.uploaded_by as "uploaded_by?", d.created_at as "uploaded_at?",
               d.verified_at as "verified_at?", v.display_name as "verified_by_name?"
        from document_checklist_items i
        left join candidate_documents d on d.item_id = i.id and d.superseded_at is null
        left join recruiters w on w.id = i.waived_by
        left join recruiters v on v.id = d.verified_by
        where i.candidate_id = $1
        order by i.created_at, i.id
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

/// Stores the plan's items for the current answers: adds the types the plan now asks for, and
/// removes plan items it no longer asks for unless a file was uploaded for them or a recruiter
/// waived them (what happened to a document is kept). Recruiter items are never touched.
/// Idempotent; the unique key makes two syncs at once harmless.
pub(crate) async fn sync_plan_items(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    type_keys: &[String],
) -> Result<(), sqlx::Error> {
    // One statement, one round trip: the plan's items in (each key once), the plan's items no
    // longer asked for out, unless waived or holding a document (issue 17: one statement per key
    // was most of a submission's round trips).
    let ids: Vec<Uuid> = type_keys.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query_file!(
        "src/db/submission/sync_plan_items.sql",
        candidate_id,
        &ids,
        type_keys,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What adding an item came to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Added {
    Inserted(Uuid),
    /// The candidate has that item already (a waived one stays waived).
    AlreadyThere,
    NoCandidate,
}

/// A recruiter adds a document type to a candidate's checklist.
pub(crate) async fn add_item(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    type_key: &str,
    note: Option<&str>,
    recruiter_id: Uuid,
) -> Result<Added, sqlx::Error> {
    let exists = sqlx::query_scalar!("select id from candidates where id = $1", candidate_id)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Ok(Added::NoCandidate);
    }
    let id = Uuid::now_v7();
    let inserted = sqlx::query!(
        r#"
        insert into document_checklist_items (id, candidate_id, type_key, origin, note, added_by)
        values ($1, $2, $3, 'recruiter', $4, $5)
        on conflict (candidate_id, type_key) do nothing
        "#,
        id,
        candidate_id,
        type_key,
        note,
        recruiter_id,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(if inserted == 1 {
        Added::Inserted(id)
    } else {
        Added::AlreadyThere
    })
}

/// The item of a candidate with this type, creating it (as a recruiter item when a recruiter
/// uploads a type the checklist lacks, as a plan item otherwise) so every file belongs to an item.
pub(crate) async fn item_for_upload(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    type_key: &str,
    uploader: Uploader,
) -> Result<Uuid, sqlx::Error> {
    let (origin, added_by) = match uploader {
        Uploader::Candidate => (Origin::Plan, None),
        Uploader::Recruiter(id) => (Origin::Recruiter, Some(id)),
    };
    sqlx::query_scalar!(
        r#"
        insert into document_checklist_items (id, candidate_id, type_key, origin, added_by)
        values ($1, $2, $3, $4, $5)
        on conflict (candidate_id, type_key) do update set type_key = excluded.type_key
        returning id
        "#,
        Uuid::now_v7(),
        candidate_id,
        type_key,
        origin.as_str(),
        added_by,
    )
    .fetch_one(&mut *conn)
    .await
}

/// Waives an open item with a reason; `false` when the item is not the candidate's.
pub(crate) async fn waive(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    item_id: Uuid,
    reason: &str,
    recruiter_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query!(
        r#"
        update document_checklist_items
        set waived_at = now(), waived_by = $3, waived_reason = $4
        where id = $1 and candidate_id = $2
        "#,
        item_id,
        candidate_id,
        recruiter_id,
        reason,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// The metadata of one new document.
pub(crate) struct NewDocument<'a> {
    pub(crate) id: Uuid,
    pub(crate) item_id: Uuid,
    pub(crate) candidate_id: Uuid,
    pub(crate) kind: &'a str,
    pub(crate) content_type: &'a str,
    pub(crate) file_name: &'a str,
    pub(crate) size_bytes: i32,
    pub(crate) sha256: &'a [u8],
    pub(crate) issued_on: Option<Date>,
    pub(crate) expires_on: Option<Date>,
    pub(crate) uploader: Uploader,
}

/// Stores a document's metadata as the item's current one, superseding the previous file. The
/// caller stores the bytes (`documents::storage`) in the same transaction.
pub(crate) async fn insert_document(
    conn: &mut PgConnection,
    doc: &NewDocument<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update candidate_documents set superseded_at = now()
        where item_id = $1 and superseded_at is null
        "#,
        doc.item_id,
    )
    .execute(&mut *conn)
    .await?;
    let (uploaded_by, uploader_id) = match doc.uploader {
        Uploader::Candidate => ("candidate", None),
        Uploader::Recruiter(id) => ("recruiter", Some(id)),
    };
    sqlx::query!(
        r#"
        insert into candidate_documents
            (id, item_id, candidate_id, kind, content_type, file_name, size_bytes, sha256,
             issued_on, expires_on, uploaded_by, uploader_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        "#,
        doc.id,
        doc.item_id,
        doc.candidate_id,
        doc.kind,
        doc.content_type,
        doc.file_name,
        doc.size_bytes,
        doc.sha256,
        doc.issued_on,
        doc.expires_on,
        uploaded_by,
        uploader_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks the candidate's current document of an item verified; `false` when there is none.
pub(crate) async fn verify(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    document_id: Uuid,
    recruiter_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query!(
        r#"
        update candidate_documents set verified_at = now(), verified_by = $3
        where id = $1 and candidate_id = $2 and superseded_at is null
        "#,
        document_id,
        candidate_id,
        recruiter_id,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A document's metadata for a download; the bytes come from the store.
pub(crate) struct DocumentFile {
    pub(crate) candidate_id: Uuid,
    pub(crate) type_key: String,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
}

pub(crate) async fn file(
    pool: &PgPool,
    document_id: Uuid,
) -> Result<Option<DocumentFile>, sqlx::Error> {
    sqlx::query_as!(
        DocumentFile,
        r#"
        select d.candidate_id, i.type_key, d.file_name, d.content_type
        from candidate_documents d join document_checklist_items i on i.id = d.item_id
        where d.id = $1
        "#,
        document_id,
    )
    .fetch_optional(pool)
    .await
}

/// The bytes of a document (the PostgreSQL store).
pub(crate) async fn put_content(
    conn: &mut PgConnection,
    document_id: Uuid,
    content: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into document_contents (document_id, content) values ($1, $2)",
        document_id,
        content,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn content(
    executor: impl PgExecutor<'_>,
    document_id: Uuid,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar!(
        "select content from document_contents where document_id = $1",
        document_id,
    )
    .fetch_optional(executor)
    .await
}

/// One current document on the dashboard's expiry list.
pub(crate) struct ExpiringRow {
    pub(crate) candidate_id: Uuid,
    pub(crate) document_id: Uuid,
    pub(crate) type_key: String,
    pub(crate) expires_on: Date,
    pub(crate) verified: bool,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) reference: String,
    pub(crate) owner_name: Option<String>,
}

/// What the dashboard's lists are narrowed to.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListFilter {
    pub(crate) type_key: Option<String>,
    /// Only the cases this recruiter owns.
    pub(crate) owner_id: Option<Uuid>,
}

/// The most rows a list shows (the filters narrow it).
pub(crate) const LIST_LIMIT: i64 = 200;

/// Current documents of open items whose last valid day is on or before `until` (already
/// expired ones included: they need the same work), soonest first. A range scan on
/// `candidate_documents_expiry_idx`.
pub(crate) async fn expiring(
    pool: &PgPool,
    until: Date,
    filter: &ListFilter,
) -> Result<Vec<ExpiringRow>, sqlx::Error> {
    sqlx::query_as!(
        ExpiringRow,
        r#"
        select d.candidate_id, d.id as document_id, i.type_key, d.expires_on as "expires_on!",
               d.verified_at is not null as "verified!",
               a.given_name, a.family_name, a.reference, r.display_name as "owner_name?"
        from candidate_documents d
        join document_checklist_items i on i.id = d.item_id and i.waived_at is null
        left join candidate_pipelines p on p.candidate_id = d.candidate_id
        left join recruiters r on r.id = p.owner_id
        join lateral (
            select given_name, family_name, reference from applications x
            where x.candidate_id = d.candidate_id order by x.created_at desc, x.id desc limit 1
        ) a on true
        where d.superseded_at is null and d.expires_on is not null and d.expires_on <= $1
          and ($2::text is null or i.type_key = $2)
          and ($3::uuid is null or p.owner_id = $3)
        order by d.expires_on, d.id
        limit $4
        "#,
        until,
        filter.type_key,
        filter.owner_id,
        LIST_LIMIT,
    )
    .fetch_all(pool)
    .await
}

/// One open item with no document: a candidate blocked on it.
pub(crate) struct MissingRow {
    pub(crate) candidate_id: Uuid,
    pub(crate) type_key: String,
    pub(crate) since: OffsetDateTime,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) reference: String,
    pub(crate) owner_name: Option<String>,
}

/// Open items with no document that have waited since before `before`, oldest first.
pub(crate) async fn missing(
    pool: &PgPool,
    before: OffsetDateTime,
    filter: &ListFilter,
) -> Result<Vec<MissingRow>, sqlx::Error> {
    sqlx::query_as!(
        MissingRow,
        r#"
        select i.candidate_id, i.type_key, i.created_at as since,
               a.given_name, a.family_name, a.reference, r.display_name as "owner_name?"
        from document_checklist_items i
        left join candidate_pipelines p on p.candidate_id = i.candidate_id
        left join recruiters r on r.id = p.owner_id
        join lateral (
            select given_name, family_name, reference from applications x
            where x.candidate_id = i.candidate_id order by x.created_at desc, x.id desc limit 1
        ) a on true
        where i.waived_at is null and i.created_at <= $1
          and not exists (select 1 from candidate_documents d
                          where d.item_id = i.id and d.superseded_at is null)
          and ($2::text is null or i.type_key = $2)
          and ($3::uuid is null or p.owner_id = $3)
        order by i.created_at, i.id
        limit $4
        "#,
        before,
        filter.type_key,
        filter.owner_id,
        LIST_LIMIT,
    )
    .fetch_all(pool)
    .await
}

/// The overview's counts on `today`: current documents expiring within 30 days (not yet
/// expired), expired ones, and candidates with at least one open item without a document.
pub(crate) struct Counts {
    pub(crate) expiring_30: i64,
    pub(crate) expired: i64,
    pub(crate) blocked_candidates: i64,
}

pub(crate) async fn counts(pool: &PgPool, today: Date) -> Result<Counts, sqlx::Error> {
    sqlx::query_as!(
        Counts,
        r#"
        select
          (select count(*) from candidate_documents d
           join document_checklist_items i on i.id = d.item_id and i.waived_at is null
           where d.superseded_at is null and d.expires_on >= $1
             and d.expires_on <= $1 + 30) as "expiring_30!",
          (select count(*) from candidate_documents d
           join document_checklist_items i on i.id = d.item_id and i.waived_at is null
           where d.superseded_at is null and d.expires_on < $1) as "expired!",
          (select count(distinct i.candidate_id) from document_checklist_items i
           where i.waived_at is null
             and not exists (select 1 from candidate_documents d
                             where d.item_id = i.id and d.superseded_at is null))
            as "blocked_candidates!"
        "#,
        today,
    )
    .fetch_one(pool)
    .await
}
