//! The use cases around one document: storing an upload (from the candidate's page or the
//! candidate page of the dashboard), verifying it, and reading it for a download. An upload is one
//! transaction: the item, the metadata, the bytes (`storage`), the audit event and, for a
//! candidate's upload, the e-mail to the case owner (or the support inbox) through the outbox:
//! nothing is stored half-way, and the e-mail goes once (its dedupe key is the document's id).

use anyhow::Context;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::emails::UploadedEmail;
use super::storage::DocumentStore;
use crate::config::Settings;
use crate::db::audit::{self, AuditAction};
use crate::db::documents::{self, DocumentFile, NewDocument, Uploader};
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::profile_versions;
use crate::domain::document_upload::{NewUpload, stored_name};
use crate::portal::PortalError;

/// What an upload came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    Document(Uuid),
    /// The candidate is gone (erased meanwhile): nothing stored.
    NoCandidate,
}

pub(crate) async fn store(
    pool: &PgPool,
    settings: &Settings,
    files: &impl DocumentStore,
    candidate_id: Uuid,
    upload: &NewUpload,
    uploader: Uploader,
) -> Result<Stored, PortalError> {
    let mut tx = pool.begin().await?;
    // Locks the candidate row: an erasure waits for the upload, or the upload finds nobody.
    let Some(current) = profile_versions::current(&mut tx, candidate_id).await? else {
        return Ok(Stored::NoCandidate);
    };
    let type_key = upload.document_type.key.as_str();
    let item_id = documents::item_for_upload(&mut tx, candidate_id, type_key, uploader).await?;
    let id = Uuid::now_v7();
    let file_name = stored_name(&current.reference, type_key, upload.kind);
    let sha256 = Sha256::digest(&upload.bytes);
    let document = NewDocument {
        id,
        item_id,
        candidate_id,
        kind: upload.kind.as_str(),
        content_type: upload.kind.content_type(),
        file_name: &file_name,
        size_bytes: i32::try_from(upload.bytes.len()).unwrap_or(i32::MAX),
        sha256: &sha256[..],
        issued_on: upload.issued_on,
        expires_on: upload.expires_on,
        uploader,
    };
    documents::insert_document(&mut tx, &document).await?;
    files.put(&mut tx, id, &upload.bytes).await?;
    let recruiter_id = match uploader {
        Uploader::Candidate => None,
        Uploader::Recruiter(id) => Some(id),
    };
    let details = serde_json::json!({ "type": type_key, "document": id });
    audit::record(
        &mut *tx,
        recruiter_id,
        AuditAction::DocumentUploaded,
        Some(candidate_id),
        details,
    )
    .await?;
    if uploader == Uploader::Candidate {
        let owner = profile_versions::active_owner(&mut tx, candidate_id).await?;
        let support_inbox = settings.mail.support_inbox.to_string();
        let (recipient, about) = match &owner {
            Some((id, email)) => (email.as_str(), About::Recruiter(*id)),
            None => (support_inbox.as_str(), About::Nobody),
        };
        let candidate_url = format!(
            "{}/admin/candidates/{candidate_id}#documents",
            settings.public_origin()
        );
        let email = UploadedEmail {
            recipient,
            reference: &current.reference,
            type_name: &upload.document_type.name,
            candidate_url: &candidate_url,
        }
        .render()
        .context("rendering the document-uploaded e-mail failed")
        .map_err(PortalError::Unexpected)?;
        let dedupe_key = format!("document-uploaded:{id}");
        let queued = Queued {
            dedupe_key: Some(&dedupe_key),
            ..Queued::new(MessageKind::DocumentUploaded, about, &email)
        };
        outbox::enqueue(&mut tx, &queued, settings.message_domain()).await?;
    }
    tx.commit().await?;
    Ok(Stored::Document(id))
}

/// Marks a candidate's current document verified by this recruiter; `false` when it is not the
/// candidate's current document (superseded meanwhile, or another candidate's).
pub(crate) async fn verify(
    pool: &PgPool,
    candidate_id: Uuid,
    document_id: Uuid,
    recruiter_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !documents::verify(&mut tx, candidate_id, document_id, recruiter_id).await? {
        return Ok(false);
    }
    let details = serde_json::json!({ "document": document_id });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::DocumentVerified,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Who asks for a download.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reader {
    /// A signed-in recruiter: any candidate's documents.
    Recruiter(Uuid),
    /// A signed-in candidate: only their own.
    Candidate(Uuid),
}

/// A document's name, type and bytes for a download, audited; `None` when it does not exist or
/// belongs to another candidate than the one asking (the same answer for both: no probing).
pub(crate) async fn download(
    pool: &PgPool,
    files: &impl DocumentStore,
    document_id: Uuid,
    reader: Reader,
) -> Result<Option<(DocumentFile, Vec<u8>)>, sqlx::Error> {
    let Some(file) = documents::file(pool, document_id).await? else {
        return Ok(None);
    };
    let recruiter_id = match reader {
        Reader::Recruiter(id) => Some(id),
        Reader::Candidate(id) if id == file.candidate_id => None,
        Reader::Candidate(_) => return Ok(None),
    };
    let Some(bytes) = files.get(pool, document_id).await? else {
        return Ok(None);
    };
    let details = serde_json::json!({ "type": file.type_key, "document": document_id });
    audit::record(
        pool,
        recruiter_id,
        AuditAction::DocumentDownloaded,
        Some(file.candidate_id),
        details,
    )
    .await?;
    Ok(Some((file, bytes)))
}
