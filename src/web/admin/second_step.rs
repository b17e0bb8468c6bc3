//! `/admin/login/code`: the second sign-in step. The session that passed the password shows this
//! page only; a right one-time code (or an unused recovery code) replaces it with an active
//! session (a new id). Every attempt goes through the same throttle as the password
//! (`admin::throttle`, with counters of its own), so six digits cannot be guessed either.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::session::{RecruiterSession, SessionState};
use crate::auth::throttle::Step;
use crate::db::audit::{self, AuditAction};
use crate::team::second_factor;
use crate::web::AppState;
use crate::web::admin::login::start_session;
use crate::web::admin::throttle::admit;
use crate::web::admin::{admin_meta, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::layout::PageMeta;

pub(crate) const WRONG_CODE: &str =
    "This code is wrong or was already used. Wait for the next code and try again.";

#[derive(Template)]
#[template(path = "admin/login_code.html")]
pub(crate) struct CodePage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    pub(crate) error: Option<&'static str>,
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    pub(crate) code: String,
}

fn code_page(
    session: &RecruiterSession,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = CodePage {
        meta: admin_meta("/admin/login/code", "Enter your sign-in code"),
        csrf: session.csrf_token.clone(),
        error,
    };
    render_admin_with_status(&page, status)
}

pub(crate) async fn show_code_form(session: RecruiterSession) -> Result<HttpResponse, AppError> {
    code_page(&session, None, StatusCode::OK)
}

pub(crate) async fn submit_code(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: RecruiterSession,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    // Counted before the code is checked, under the account's e-mail like the password.
    let attempt = admit(&state, &request, Step::SecondFactor, &session.email).await?;
    let passed = second_factor::check(&state.pool, session.recruiter_id, &form.code).await?;
    if passed.is_none() {
        let details = serde_json::json!({ "step": "second_factor" });
        let id = Some(session.recruiter_id);
        audit::record(&state.pool, id, AuditAction::LoginFailed, None, details).await?;
        return code_page(&session, Some(WRONG_CODE), StatusCode::UNAUTHORIZED);
    }
    attempt.succeeded(&state).await?;
    start_session(&state, &request, session.recruiter_id, SessionState::Active).await
}
