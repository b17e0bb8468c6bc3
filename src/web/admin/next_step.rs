//! `POST /admin/candidates/{id}/next-step`: the step the candidate reads on My application
//! (text, and an optional date from today on). An empty text clears it. Answers 303 back to the
//! candidate page; a bad field re-renders the page with 422, the message beside the field and
//! everything typed kept. The guard has already checked the session and CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use time::Date;

use crate::auth::session::RecruiterSession;
use crate::db::{Change, next_steps};
use crate::domain::FormErrors;
use crate::domain::text::SingleLineText;
use crate::web::AppState;
use crate::web::admin::candidate::{Drafts, candidate_page, parse_id};
use crate::web::admin::render_admin_with_status;
use crate::web::error::AppError;
use crate::web::respond::see_other;

/// The table's check constraint holds the same limit.
pub(crate) const MAX_NEXT_STEP_CHARS: usize = 300;

/// The form as typed (kept on a refused post).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NextStepForm {
    /// Named apart from the next-action form's `what` and `due_on` on the same page.
    #[serde(default, rename = "step_what")]
    pub(crate) what: String,
    #[serde(default, rename = "step_due_on")]
    pub(crate) due_on: String,
}

/// `None` clears the step. A date in the past, an unreadable one, or a date without a text is
/// refused with a message for its field: the candidate must never read a deadline that has gone by.
fn parse(form: &NextStepForm, today: Date) -> Result<Option<(String, Option<Date>)>, FormErrors> {
    let mut errors = FormErrors::default();
    let what = SingleLineText::parse_optional(&form.what, MAX_NEXT_STEP_CHARS)
        .map_err(|_| {
            errors.add(
                "step_what",
                format!("Write the step on one line, in at most {MAX_NEXT_STEP_CHARS} characters."),
            )
        })
        .ok()
        .flatten();
    let due_on = match form.due_on.trim() {
        "" => None,
        raw => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(raw, &format) {
                Ok(date) if date >= today => Some(date),
                Ok(_) => {
                    errors.add("step_due_on", "Choose today or a later date.");
                    None
                }
                Err(_) => {
                    errors.add(
                        "step_due_on",
                        "Enter the date as year-month-day, for example 2027-01-31.",
                    );
                    None
                }
            }
        }
    };
    if what.is_none() && due_on.is_some() && errors.get("step_what").is_none() {
        errors.add(
            "step_what",
            "Write what happens by that date, or clear the date too.",
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(what.map(|what| (what.as_str().to_owned(), due_on)))
}

pub(crate) async fn set_next_step(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<NextStepForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    match parse(&form, session.today()) {
        Ok(step) => {
            let step = step.as_ref().map(|(what, due)| (what.as_str(), *due));
            match next_steps::set(&state.pool, id, step, session.recruiter_id).await? {
                Change::NotFound => Err(AppError::NotFound),
                Change::Done | Change::Unchanged => {
                    Ok(see_other(&format!("/admin/candidates/{id}")))
                }
            }
        }
        Err(errors) => {
            let drafts = Drafts {
                step_form: Some(form),
                errors,
                ..Drafts::default()
            };
            let page = candidate_page(&state, &session, id, drafts).await?;
            render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
