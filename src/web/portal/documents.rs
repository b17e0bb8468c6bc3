//! `GET /my-application/documents`: the candidate's document checklist in their words, and the
//! upload form (issue 14). `POST` (multipart) checks the file and the dates and stores the
//! document (303 back, with a notice), or shows the page again (422) with the message beside the
//! field and the dates and type kept; nothing is stored then. `GET …/documents/{id}` downloads
//! one of the candidate's own documents, always as an attachment. A new CV is an upload of type
//! CV: the one sent with the application stays as it was.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::borrow::Borrow;
use time::OffsetDateTime;

use super::{current_candidate, portal_meta, session_for_post};
use crate::db::documents::{self, Uploader};
use crate::documents::storage::PostgresStore;
use crate::documents::uploads::{self, Reader, Stored};
use crate::documents::view::{self, Line};
use crate::documents::{DocumentType, checklist, document_types};
use crate::domain::FormErrors;
use crate::domain::document_upload::{DocumentForm, NewUpload};
use crate::portal::PATH;
use crate::web::AppState;
use crate::web::admin::candidate::{attachment, parse_id};
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};
use crate::web::upload_body::{self, PORTAL_UPLOAD_PATH};

/// Where a successful upload lands: the page again, with a notice.
const UPLOADED_PATH: &str = "/my-application/documents?uploaded=1";

#[derive(Template)]
#[template(path = "portal/documents.html")]
pub(crate) struct DocumentsPage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    pub(crate) checklist: Vec<Line>,
    pub(crate) types: &'static [DocumentType],
    pub(crate) form: DocumentForm,
    pub(crate) errors: FormErrors,
    pub(crate) uploaded: bool,
    pub(crate) today: time::Date,
}

impl DocumentsPage {
    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }

    pub(crate) fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    pub(crate) fn is_chosen(&self, key: &str) -> bool {
        self.form.type_key == key
    }

    pub(crate) fn open_count(&self) -> usize {
        view::open_count(&self.checklist)
    }

    /// "1 December 2026".
    pub(crate) fn day(&self, on: &time::Date) -> String {
        on.format(time::macros::format_description!(
            "[day padding:none] [month repr:long] [year]"
        ))
        .unwrap_or_default()
    }

    fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }
}

async fn page(
    state: &AppState,
    candidate_id: uuid::Uuid,
    csrf: String,
    form: DocumentForm,
    errors: FormErrors,
) -> Result<DocumentsPage, AppError> {
    checklist::sync(&state.pool, candidate_id).await?;
    let today = OffsetDateTime::now_utc().date();
    let items = documents::items_of(&state.pool, candidate_id).await?;
    Ok(DocumentsPage {
        meta: portal_meta("Your documents"),
        csrf,
        checklist: view::lines(items, today),
        types: document_types().all(),
        form,
        errors,
        uploaded: false,
        today,
    })
}

pub(crate) async fn show_documents(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let mut page = page(
        &state,
        session.candidate_id,
        session.csrf_token,
        DocumentForm::default(),
        FormErrors::default(),
    )
    .await?;
    page.uploaded = request.query_string() == "uploaded=1";
    page.respond(StatusCode::OK)
}

pub(crate) async fn upload_document(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    debug_assert!(upload_body::is_upload_path(PORTAL_UPLOAD_PATH));
    let posted = upload_body::read(&request, payload).await?;
    let session = session_for_post(&request, &state, posted.field("csrf_token")).await?;
    let mut form = DocumentForm::default();
    for (name, value) in &posted.fields {
        form.set(name, value.clone());
    }
    let today = OffsetDateTime::now_utc().date();
    let upload = match NewUpload::parse(&form, &posted.file, document_types(), today) {
        Ok(upload) => upload,
        Err(errors) => {
            let page = page(
                &state,
                session.candidate_id,
                session.csrf_token,
                form,
                errors,
            );
            return page.await?.respond(StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let stored = uploads::store(
        &state.pool,
        &state.settings,
        &PostgresStore,
        session.candidate_id,
        &upload,
        Uploader::Candidate,
    )
    .await?;
    match stored {
        Stored::Document(_) => Ok(see_other(UPLOADED_PATH)),
        Stored::NoCandidate => Ok(see_other(PATH)),
    }
}

/// Only the signed-in owner of the document. Signed out, the page sends them to sign in (as every
/// page of My application does, whatever the id); another candidate's document gets the same 404
/// as one that does not exist.
pub(crate) async fn download_document(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let reader = Reader::Candidate(session.candidate_id);
    let (file, bytes) = uploads::download(&state.pool, &PostgresStore, id, reader)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(attachment(&file.file_name, &file.content_type, bytes))
}
