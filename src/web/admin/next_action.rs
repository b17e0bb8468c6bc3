//! The candidate page's next-action forms (issue 15, item 2): set the case's one open action, or
//! mark it done. A bad field re-renders the candidate page with 422, the message beside the field
//! and everything typed kept; success answers 303 back to the page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::auth::session::RecruiterSession;
use crate::db::next_actions::{self, SetOutcome};
use crate::domain::FormErrors;
use crate::domain::next_action::{NewNextAction, NextActionForm};
use crate::web::AppState;
use crate::web::admin::candidate::{Drafts, candidate_page, parse_id};
use crate::web::admin::render_admin_with_status;
use crate::web::error::AppError;
use crate::web::respond::see_other;

pub(crate) async fn set_next_action(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<NextActionForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    let errors = match NewNextAction::parse(&form, session.today()) {
        Ok(action) => {
            match next_actions::set(&state.pool, id, &action, session.recruiter_id).await? {
                SetOutcome::Done => return Ok(see_other(&format!("/admin/candidates/{id}"))),
                SetOutcome::NoCandidate => return Err(AppError::NotFound),
                SetOutcome::UnknownAssignee => {
                    let mut errors = FormErrors::default();
                    errors.add("assignee", "Choose a recruiter from the list.");
                    errors
                }
            }
        }
        Err(errors) => errors,
    };
    let drafts = Drafts {
        action_form: form,
        errors,
        ..Drafts::default()
    };
    let page = candidate_page(&state, &session, id, drafts).await?;
    render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

pub(crate) async fn finish_next_action(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    match next_actions::mark_done(&state.pool, id, session.recruiter_id).await? {
        crate::db::Change::NotFound => Err(AppError::NotFound),
        _ => Ok(see_other(&format!("/admin/candidates/{id}"))),
    }
}
