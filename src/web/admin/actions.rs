//! The candidate page's forms: stage, owner, note, e-mail resend. Each answers 303 back to the
//! candidate page (Post/Redirect/Get); the guard has already checked the session and CSRF token.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::db::next_actions::{self, SetOutcome};
use crate::db::{Change, outbox, pipeline};
use crate::domain::FormErrors;
use crate::domain::MultiLineText;
use crate::domain::next_action::{NewNextAction, NextActionForm};
use crate::domain::stage;
use crate::notifications::assignment;
use crate::web::AppState;
use crate::web::admin::candidate::{Drafts, candidate_page, parse_id};
use crate::web::admin::render_admin_with_status;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use actix_web::http::StatusCode;

pub(crate) const MAX_NOTE_CHARS: usize = 5000;

#[derive(Deserialize)]
pub(crate) struct StageForm {
    #[serde(default)]
    pub(crate) stage: String,
    /// Asked for "not eligible yet": the date the case is looked at again (its next action).
    #[serde(default)]
    pub(crate) recheck_on: String,
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
    if to.value == next_actions::NOT_ELIGIBLE_YET {
        return park_until_recheck(&state, &session, id, &form.recheck_on).await;
    }
    let change = pipeline::change_stage(&state.pool, id, to.value, session.recruiter_id).await?;
    back_to(id, change)
}

/// "Not eligible yet" needs a re-check date, which becomes the case's next action for its owner.
async fn park_until_recheck(
    state: &AppState,
    session: &RecruiterSession,
    id: Uuid,
    recheck_on: &str,
) -> Result<HttpResponse, AppError> {
    let recheck = NextActionForm {
        what: "Re-check eligibility".to_owned(),
        due_on: recheck_on.to_owned(),
        assignee: String::new(),
    };
    let mut errors = FormErrors::default();
    match NewNextAction::parse(&recheck, session.today()) {
        Ok(action) => {
            match next_actions::park_until_recheck(&state.pool, id, &action, session.recruiter_id)
                .await?
            {
                SetOutcome::Done => return back_to(id, Change::Done),
                SetOutcome::NoCandidate | SetOutcome::UnknownAssignee => {
                    return Err(AppError::NotFound);
                }
            }
        }
        Err(refused) => {
            let message = refused.get("due_on").unwrap_or_default();
            errors.add(
                "recheck_on",
                format!("“Not eligible yet” needs a re-check date. {message}"),
            );
        }
    }
    let drafts = Drafts {
        recheck_on: recheck_on.to_owned(),
        errors,
        ..Drafts::default()
    };
    let page = candidate_page(state, session, id, drafts).await?;
    render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
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
    let by = session.recruiter_id;
    let change = assignment::assign(&state.pool, &state.settings, id, owner, by).await?;
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
