//! `/admin/two-factor`: setting up two-factor sign-in. The page shows the pending secret as a QR
//! code (inline SVG drawn by our template) and as text; the POST confirms it with a first code
//! and shows the ten recovery codes once. A session that had to enrol before anything else (an
//! admin, or anyone under `REQUIRE_2FA`) is then a full sign-in.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::session::{RecruiterSession, SessionState};
use crate::db::audit::{self, AuditAction};
use crate::db::{recruiters, sessions};
use crate::team::second_factor::{self, Enrolment};
use crate::web::AppState;
use crate::web::admin::{AdminChrome, render_admin, render_admin_with_status};
use crate::web::error::AppError;

const PATH: &str = "/admin/two-factor";
pub(crate) const WRONG_FIRST_CODE: &str =
    "This code is not the one your app shows now. Check the app's clock and type the newest code.";

#[derive(Template)]
#[template(path = "admin/two_factor.html")]
pub(crate) struct EnrolmentPage {
    pub(crate) chrome: AdminChrome,
    /// Only the enrolment page's own links when the session may open nothing else yet.
    pub(crate) must_enrol: bool,
    pub(crate) already_on: bool,
    pub(crate) enrolment: Option<Enrolment>,
    pub(crate) error: Option<&'static str>,
}

wears_chrome!(EnrolmentPage);

#[derive(Template)]
#[template(path = "admin/recovery_codes.html")]
pub(crate) struct RecoveryCodesPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) codes: Vec<String>,
}

wears_chrome!(RecoveryCodesPage);

#[derive(Deserialize)]
pub(crate) struct EnrolmentForm {
    #[serde(default)]
    pub(crate) code: String,
}

async fn enrolment_page(
    state: &AppState,
    session: &RecruiterSession,
    error: Option<&'static str>,
) -> Result<EnrolmentPage, AppError> {
    let profile = recruiters::profile(&state.pool, session.recruiter_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let enrolment = if profile.two_factor {
        None
    } else {
        Some(second_factor::enrolment(&state.pool, session.recruiter_id, &session.email).await?)
    };
    Ok(EnrolmentPage {
        chrome: AdminChrome::new(session, PATH, "Two-factor sign-in"),
        must_enrol: session.state() == SessionState::Enrol,
        already_on: profile.two_factor,
        enrolment,
        error,
    })
}

pub(crate) async fn show_enrolment(
    state: web::Data<AppState>,
    session: RecruiterSession,
) -> Result<HttpResponse, AppError> {
    render_admin(&enrolment_page(&state, &session, None).await?)
}

pub(crate) async fn confirm_enrolment(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Form<EnrolmentForm>,
) -> Result<HttpResponse, AppError> {
    let codes =
        second_factor::confirm_enrolment(&state.pool, session.recruiter_id, &form.code).await?;
    let Some(codes) = codes else {
        let page = enrolment_page(&state, &session, Some(WRONG_FIRST_CODE)).await?;
        return render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if session.state() == SessionState::Enrol {
        sessions::activate(&state.pool, session.session_id).await?;
        let nothing = serde_json::json!({});
        let id = Some(session.recruiter_id);
        audit::record(&state.pool, id, AuditAction::LoginSucceeded, None, nothing).await?;
    }
    let page = RecoveryCodesPage {
        chrome: AdminChrome::new(&session, PATH, "Your recovery codes"),
        codes: codes.iter().map(|c| c.display()).collect(),
    };
    render_admin(&page)
}
