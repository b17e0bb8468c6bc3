//! `POST /admin/candidates/{id}/next-step`: the step the candidate reads on My application
//! (text, and an optional date from today on). An empty text clears it. Answers 303 back to the
//! candidate page; the guard has already checked the session and CSRF token.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::auth::session::RecruiterSession;
use crate::db::{Change, next_steps};
use crate::domain::text::SingleLineText;
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::error::AppError;
use crate::web::respond::see_other;

/// The table's check constraint holds the same limit.
pub(crate) const MAX_NEXT_STEP_CHARS: usize = 300;

#[derive(Deserialize)]
pub(crate) struct NextStepForm {
    /// Named apart from the next-action form's `what` and `due_on` on the same page.
    #[serde(default, rename = "step_what")]
    pub(crate) what: String,
    #[serde(default, rename = "step_due_on")]
    pub(crate) due_on: String,
}

/// `None` clears the step. A date in the past, an unreadable one, or a date without a text is
/// refused: the candidate must never read a deadline that has gone by.
fn parse(form: &NextStepForm, today: Date) -> Result<Option<(String, Option<Date>)>, AppError> {
    let what = SingleLineText::parse_optional(&form.what, MAX_NEXT_STEP_CHARS)
        .map_err(|_| AppError::BadRequest)?;
    let due_on = match form.due_on.trim() {
        "" => None,
        raw => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let date = Date::parse(raw, &format).map_err(|_| AppError::BadRequest)?;
            (date >= today)
                .then_some(date)
                .ok_or(AppError::BadRequest)?;
            Some(date)
        }
    };
    match (what, due_on) {
        (Some(what), due_on) => Ok(Some((what.as_str().to_owned(), due_on))),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(AppError::BadRequest),
    }
}

pub(crate) async fn set_next_step(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<NextStepForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let step = parse(&form, OffsetDateTime::now_utc().date())?;
    let step = step.as_ref().map(|(what, due)| (what.as_str(), *due));
    match next_steps::set(&state.pool, id, step, session.recruiter_id).await? {
        Change::NotFound => Err(AppError::NotFound),
        Change::Done | Change::Unchanged => Ok(see_other(&format!("/admin/candidates/{id}"))),
    }
}
