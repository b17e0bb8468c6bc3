//! `/admin/login` and `/admin/logout`. A wrong password and an unknown (or disabled) account get
//! the same page, status and message, after the same argon2 work; attempts are throttled
//! (`admin::throttle`) before the password is checked; a login always starts a new session (no
//! fixation). After the password, an account with two-factor sign-in gets a session that waits
//! for its code (`second_step`); one that must have it and has not set it up yet gets a session
//! that only opens the enrolment page (`two_factor`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;
use secrecy::SecretString;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::password::verify_password;
use crate::auth::session::{CookiePolicy, RecruiterSession, SessionState, device_label};
use crate::auth::throttle::{Step, normalise_email};
use crate::crypto::{random_token, token_digest};
use crate::db::audit::{self, AuditAction};
use crate::db::sessions::NewSession;
use crate::db::{recruiters, sessions};
use crate::domain::team::Role;
use crate::web::AppState;
use crate::web::admin::guard::current_session;
use crate::web::admin::throttle::admit;
use crate::web::admin::{LOGIN_PATH, SCOPE, admin_meta, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::see_other;

pub(crate) const WRONG_CREDENTIALS: &str = "E-mail or password is wrong";

#[derive(Template)]
#[template(path = "admin/login.html")]
pub(crate) struct LoginPage {
    pub(crate) meta: PageMeta,
    pub(crate) email: String,
    pub(crate) error: Option<&'static str>,
    pub(crate) notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    pub(crate) reset: String,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    pub(crate) email: String,
    #[serde(default)]
    pub(crate) password: String,
}

pub(crate) async fn show_login(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    if current_session(&request, &state).await?.is_some() {
        return Ok(see_other(SCOPE));
    }
    let notice = (query.reset == "done")
        .then_some("Your new password is saved. Sign in with it; your other sessions have ended.");
    let page = LoginPage {
        meta: admin_meta(LOGIN_PATH, "Recruiter sign-in"),
        email: String::new(),
        error: None,
        notice,
    };
    render_admin_with_status(&page, StatusCode::OK)
}

pub(crate) async fn log_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let LoginForm { email, password } = form.into_inner();
    let email = normalise_email(&email);
    // Counted before the password is checked: parallel guesses cannot outrun the limit.
    let attempt = admit(&state, &request, Step::Password, &email).await?;
    let account = recruiters::find_for_login(&state.pool, &email).await?;
    let usable = account.as_ref().filter(|a| !a.disabled);
    let stored = usable.map(|a| a.password_hash.clone());
    let matches = verify_password(SecretString::from(password), stored).await?;
    let Some(account) = usable.filter(|_| matches) else {
        // Known accounts are named by id; for unknown ones nothing of the typed e-mail is kept.
        let known = account.map(|a| a.id);
        audit::record(
            &state.pool,
            known,
            AuditAction::LoginFailed,
            None,
            serde_json::json!({}),
        )
        .await?;
        return login_page(email, Some(WRONG_CREDENTIALS), StatusCode::UNAUTHORIZED);
    };
    attempt.succeeded(&state).await?;
    let role = Role::stored(&account.role);
    let next = if account.two_factor {
        SessionState::SecondFactor
    } else if role.needs_second_factor(state.settings.require_2fa) {
        SessionState::Enrol
    } else {
        SessionState::Active
    };
    start_session(&state, &request, account.id, next).await
}

/// The page each session state opens first.
fn landing(next: SessionState) -> &'static str {
    match next {
        SessionState::Active => SCOPE,
        SessionState::SecondFactor => "/admin/login/code",
        SessionState::Enrol => "/admin/two-factor",
    }
}

/// A new session for every step of a sign-in (a cookie the browser already had is deleted, never
/// reused), answered with a 303 to the page the state opens. Only a full sign-in is audited as one
/// and counts as the account's last sign-in.
pub(crate) async fn start_session(
    state: &AppState,
    request: &HttpRequest,
    recruiter_id: Uuid,
    next: SessionState,
) -> Result<HttpResponse, AppError> {
    let policy = CookiePolicy::for_settings(&state.settings);
    let token = random_token().context("no random bytes for a session token")?;
    let replaced = request.cookie(policy.name).map(|c| token_digest(c.value()));
    let user_agent = request
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let device = device_label(user_agent);
    let csrf = random_token().context("no random bytes for a CSRF token")?;
    let session = NewSession {
        recruiter_id,
        token_digest: &token_digest(&token),
        csrf_token: &csrf,
        state: next,
        device: &device,
    };
    sessions::create(&state.pool, &session, replaced.as_deref()).await?;
    if next == SessionState::Active {
        let nothing = serde_json::json!({});
        audit::record(
            &state.pool,
            Some(recruiter_id),
            AuditAction::LoginSucceeded,
            None,
            nothing,
        )
        .await?;
    }
    let mut response = see_other(landing(next));
    response
        .add_cookie(&policy.session_cookie(token))
        .context("the session cookie could not be set")?;
    Ok(response)
}

pub(crate) async fn log_out(
    state: web::Data<AppState>,
    request: HttpRequest,
    session: RecruiterSession,
) -> Result<HttpResponse, AppError> {
    let policy = CookiePolicy::for_settings(&state.settings);
    if let Some(cookie) = request.cookie(policy.name) {
        sessions::delete(&state.pool, &token_digest(cookie.value())).await?;
    }
    audit::record(
        &state.pool,
        Some(session.recruiter_id),
        AuditAction::Logout,
        None,
        serde_json::json!({}),
    )
    .await?;
    let mut response = see_other(LOGIN_PATH);
    response
        .add_cookie(&policy.removal_cookie())
        .context("the session cookie could not be set")?;
    Ok(response)
}

fn login_page(
    email: String,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = LoginPage {
        meta: admin_meta(LOGIN_PATH, "Recruiter sign-in"),
        email,
        error,
        notice: None,
    };
    render_admin_with_status(&page, status)
}
