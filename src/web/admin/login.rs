//! `/admin/login` and `/admin/logout`. A wrong password and an unknown (or disabled) account get
//! the same page, status and message, after the same argon2 work; attempts are throttled
//! (`admin::throttle`) before the password is checked; a login always starts a new session (no
//! fixation).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;
use secrecy::SecretString;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::password::verify_password;
use crate::auth::session::{CookiePolicy, RecruiterSession};
use crate::auth::throttle::{Step, normalise_email};
use crate::crypto::{random_token, token_digest};
use crate::db::audit::{self, AuditAction};
use crate::db::{recruiters, sessions};
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
) -> Result<HttpResponse, AppError> {
    if current_session(&request, &state).await?.is_some() {
        return Ok(see_other(SCOPE));
    }
    login_page(String::new(), None, StatusCode::OK)
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
    start_session(&state, &request, account.id).await
}

/// A new session for every login (a cookie the browser already had is deleted, never reused).
async fn start_session(
    state: &AppState,
    request: &HttpRequest,
    recruiter_id: Uuid,
) -> Result<HttpResponse, AppError> {
    let policy = CookiePolicy::for_settings(&state.settings);
    let token = random_token().context("no random bytes for a session token")?;
    let replaced = request.cookie(policy.name).map(|c| token_digest(c.value()));
    sessions::create(
        &state.pool,
        recruiter_id,
        &token_digest(&token),
        &random_token().context("no random bytes for a CSRF token")?,
        replaced.as_deref(),
    )
    .await?;
    let nothing = serde_json::json!({});
    audit::record(
        &state.pool,
        Some(recruiter_id),
        AuditAction::LoginSucceeded,
        None,
        nothing,
    )
    .await?;
    let mut response = see_other(SCOPE);
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
    };
    render_admin_with_status(&page, status)
}
