//! The candidate page's documents (issue 14): upload a document for the candidate, add a type to
//! their checklist, waive one with a reason, verify the current document, and download one. A
//! refused form re-renders the candidate page with 422, the message beside the field and what was
//! typed kept; success answers 303 back to the page's checklist. The lists across candidates are
//! `documents_list`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::crypto::constant_time_eq;
use crate::db::audit::{self, AuditAction};
use crate::db::documents::{self, Added, Uploader};
use crate::documents::document_types;
use crate::documents::storage::PostgresStore;
use crate::documents::uploads::{self, Reader, Stored};
use crate::domain::FormErrors;
use crate::domain::document_upload::{DocumentForm, NewUpload};
use crate::domain::text::SingleLineText;
use crate::web::AppState;
use crate::web::admin::candidate::{Drafts, attachment, candidate_page, parse_id};
use crate::web::admin::render_admin_with_status;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::upload_body;

/// The longest note or waiver reason (the columns' checks agree).
pub(crate) const MAX_REASON_CHARS: usize = 500;

/// What the checklist forms keep when refused.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentDrafts {
    pub(crate) upload: DocumentForm,
    pub(crate) add: AddItemForm,
    /// The item whose waiver was refused, and the reason as typed.
    pub(crate) waive: Option<(Uuid, String)>,
}

fn checklist_of(id: Uuid) -> String {
    format!("/admin/candidates/{id}#documents")
}

async fn refused(
    state: &AppState,
    session: &RecruiterSession,
    id: Uuid,
    documents: DocumentDrafts,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let drafts = Drafts {
        documents,
        errors,
        ..Drafts::default()
    };
    let page = candidate_page(state, session, id, drafts).await?;
    render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// `POST /admin/candidates/{id}/documents` (multipart): a recruiter uploads a document.
pub(crate) async fn upload_document(
    state: web::Data<AppState>,
    session: RecruiterSession,
    request: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let posted = upload_body::read(&request, payload).await?;
    // The guard left this body to us: the token is checked before anything else.
    if !constant_time_eq(posted.field("csrf_token"), &session.csrf_token) {
        return Err(AppError::Forbidden);
    }
    let mut form = DocumentForm::default();
    for (name, value) in &posted.fields {
        form.set(name, value.clone());
    }
    let upload = match NewUpload::parse(&form, &posted.file, document_types(), session.today()) {
        Ok(upload) => upload,
        Err(errors) => {
            let drafts = DocumentDrafts {
                upload: form,
                ..DocumentDrafts::default()
            };
            return refused(&state, &session, id, drafts, errors).await;
        }
    };
    let uploader = Uploader::Recruiter(session.recruiter_id);
    let stored = uploads::store(
        &state.pool,
        &state.settings,
        &PostgresStore,
        id,
        &upload,
        uploader,
    )
    .await?;
    match stored {
        Stored::Document(_) => Ok(see_other(&checklist_of(id))),
        Stored::NoCandidate => Err(AppError::NotFound),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AddItemForm {
    #[serde(default, rename = "type")]
    pub(crate) type_key: String,
    #[serde(default)]
    pub(crate) note: String,
}

/// `POST /admin/candidates/{id}/checklist`: adds a document type to the checklist.
pub(crate) async fn add_item(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<AddItemForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    let mut errors = FormErrors::default();
    let document_type = document_types().get(form.type_key.trim());
    if document_type.is_none() {
        errors.add("add_type", "Choose a document type from the list.");
    }
    let note = match SingleLineText::parse_optional(&form.note, MAX_REASON_CHARS) {
        Ok(note) => note.map(|n| n.as_str().to_owned()),
        Err(_) => {
            errors.add(
                "add_note",
                format!("Keep the note to one line of at most {MAX_REASON_CHARS} characters."),
            );
            None
        }
    };
    let Some(document_type) = document_type.filter(|_| errors.is_empty()) else {
        let drafts = DocumentDrafts {
            add: form,
            ..DocumentDrafts::default()
        };
        return refused(&state, &session, id, drafts, errors).await;
    };
    let mut tx = state.pool.begin().await?;
    let added = documents::add_item(
        &mut tx,
        id,
        &document_type.key,
        note.as_deref(),
        session.recruiter_id,
    )
    .await?;
    match added {
        Added::NoCandidate => return Err(AppError::NotFound),
        Added::AlreadyThere => {
            errors.add("add_type", "This document is on the checklist already.");
            let drafts = DocumentDrafts {
                add: form,
                ..DocumentDrafts::default()
            };
            return refused(&state, &session, id, drafts, errors).await;
        }
        Added::Inserted(_) => {}
    }
    let details = serde_json::json!({ "type": document_type.key });
    audit::record(
        &mut *tx,
        Some(session.recruiter_id),
        AuditAction::ChecklistItemAdded,
        Some(id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(see_other(&checklist_of(id)))
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct WaiveForm {
    #[serde(default)]
    pub(crate) reason: String,
}

/// `POST /admin/candidates/{id}/checklist/{item}/waive`: the candidate does not need this one.
pub(crate) async fn waive_item(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<(String, String)>,
    form: web::Form<WaiveForm>,
) -> Result<HttpResponse, AppError> {
    let (id, item) = path.into_inner();
    let (id, item) = (parse_id(&id)?, parse_id(&item)?);
    let reason = match SingleLineText::parse_optional(&form.reason, MAX_REASON_CHARS) {
        Ok(Some(reason)) => reason.as_str().to_owned(),
        refused_reason => {
            let mut errors = FormErrors::default();
            let message = if matches!(refused_reason, Ok(None)) {
                "Say why the candidate does not need this document.".to_owned()
            } else {
                format!("Keep the reason to one line of at most {MAX_REASON_CHARS} characters.")
            };
            errors.add("waive_reason", message);
            let drafts = DocumentDrafts {
                waive: Some((item, form.reason.clone())),
                ..DocumentDrafts::default()
            };
            return refused(&state, &session, id, drafts, errors).await;
        }
    };
    let mut tx = state.pool.begin().await?;
    if !documents::waive(&mut tx, id, item, &reason, session.recruiter_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        Some(session.recruiter_id),
        AuditAction::ChecklistItemWaived,
        Some(id),
        serde_json::json!({ "item": item }),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other(&checklist_of(id)))
}

/// `POST /admin/candidates/{id}/documents/{document}/verify`.
pub(crate) async fn verify_document(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, document) = path.into_inner();
    let (id, document) = (parse_id(&id)?, parse_id(&document)?);
    if !uploads::verify(&state.pool, id, document, session.recruiter_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&checklist_of(id)))
}

/// `GET /admin/documents/{id}`: always an attachment under the derived name, never sniffed.
pub(crate) async fn download_document(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let reader = Reader::Recruiter(session.recruiter_id);
    let (file, bytes) = uploads::download(&state.pool, &PostgresStore, id, reader)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(attachment(&file.file_name, &file.content_type, bytes))
}
