//! The candidate page's forms: stage, owner, note, e-mail resend. Each answers 303 back to the
//! candidate page (Post/Redirect/Get); the guard has already checked the session and CSRF token.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::db::{Change, outbox, pipeline};
use crate::domain::MultiLineText;
use crate::domain::stage;
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::error::AppError;
use crate::web::respond::see_other;

pub(crate) const MAX_NOTE_CHARS: usize = 5000;

#[derive(Deserialize)]
pub(crate) struct StageForm {
    #[serde(default)]
    pub(crate) stage: String,
}

#[derive(Deserialize)]
pub(crate) struct OwnerForm {
    #[serde(default)]
    pub(crate) owner: String,
}

#[derive(Deserialize)]
pub(crate) struct NoteForm {
    #[serde(default)]
    pub(crate) body: String,
}

fn back_to(candidate_id: Uuid, change: Change) -> Result<HttpResponse, AppError> {
    match change {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::Unchanged => {
            Ok(see_other(&format!("/admin/candidates/{candidate_id}")))
        }
    }
}

pub(crate) async fn change_stage(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let to = stage::find(form.stage.trim()).ok_or(AppError::BadRequest)?;
    let change = pipeline::change_stage(&state.pool, id, to.value, session.recruiter_id).await?;
    back_to(id, change)
}

pub(crate) async fn change_owner(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<OwnerForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let owner = match form.owner.trim() {
        "" => None,
        raw => Some(Uuid::parse_str(raw).map_err(|_| AppError::BadRequest)?),
    };
    let change = pipeline::change_owner(&state.pool, id, owner, session.recruiter_id).await?;
    back_to(id, change)
}

pub(crate) async fn add_note(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let body = MultiLineText::parse_optional(&form.body, MAX_NOTE_CHARS)
        .ok()
        .flatten()
        .ok_or(AppError::BadRequest)?;
    let change = pipeline::add_note(&state.pool, id, body.as_str(), session.recruiter_id).await?;
    back_to(id, change)
}

pub(crate) async fn resend_email(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (candidate, message) = path.into_inner();
    let (id, message_id) = (parse_id(&candidate)?, parse_id(&message)?);
    let change = outbox::resend(&state.pool, id, message_id, session.recruiter_id).await?;
    back_to(id, change)
}
