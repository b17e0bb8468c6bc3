//! Passwords: `/admin/forgot-password` (a reset link by e-mail), `/admin/reset/{token}` (the
//! link's page: GET shows the form, POST uses the link) and `/admin/account/password` (a signed-in
//! recruiter's change, which asks for the current password).
//!
//! The forgotten-password answer is the same page and status for every address: a known one gets
//! a link, any other a note that there is no account, both queued in one transaction, so neither
//! the answer nor its time tells whether an account exists (the answer also waits for a fixed
//! floor, `ANSWER_FLOOR`). Requests are limited per client and
//! per address (`db::rate_limits`), so nobody can flood an inbox.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use secrecy::SecretString;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::auth::password::{NewPassword, verify_password};
use crate::auth::session::RecruiterSession;
use crate::auth::throttle::normalise_email;
use crate::crypto::{keyed_digest, token_digest};
use crate::db::{links, rate_limits, recruiters};
use crate::domain::window::FixedWindow;
use crate::domain::{EmailAddress, FormErrors};
use crate::team::ANSWER_FLOOR;
use crate::team::links as team_links;
use crate::web::AppState;
use crate::web::admin::account::account_page;
use crate::web::admin::invitation::password_message;
use crate::web::admin::{admin_meta, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::see_other;

const WINDOW: FixedWindow = FixedWindow::of_seconds(3600);
/// Reset requests one client may make per hour, over all addresses.
const PER_CLIENT: i32 = 10;
/// Reset e-mails one address gets per hour; beyond, the same answer and nothing sent.
const PER_ADDRESS: i32 = 3;

#[derive(Template)]
#[template(path = "admin/forgot_password.html")]
pub(crate) struct ForgotPage {
    pub(crate) meta: PageMeta,
    pub(crate) email: String,
    pub(crate) sent: bool,
    pub(crate) errors: FormErrors,
}

#[derive(Template)]
#[template(path = "admin/reset_password.html")]
pub(crate) struct ResetPage {
    pub(crate) meta: PageMeta,
    /// `false`: the link cannot be used (unknown, used, expired).
    pub(crate) usable: bool,
    pub(crate) action: String,
    pub(crate) errors: FormErrors,
}

#[derive(Deserialize)]
pub(crate) struct ForgotForm {
    #[serde(default)]
    pub(crate) email: String,
}

#[derive(Deserialize)]
pub(crate) struct ResetForm {
    #[serde(default)]
    pub(crate) password: String,
}

#[derive(Deserialize)]
pub(crate) struct ChangePasswordForm {
    #[serde(default)]
    pub(crate) current_password: String,
    #[serde(default)]
    pub(crate) new_password: String,
}

fn forgot_page(
    email: String,
    sent: bool,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = ForgotPage {
        meta: admin_meta("/admin/forgot-password", "Forgot your password?"),
        email,
        sent,
        errors,
    };
    render_admin_with_status(&page, status)
}

pub(crate) async fn show_forgot() -> Result<HttpResponse, AppError> {
    forgot_page(String::new(), false, FormErrors::default(), StatusCode::OK)
}

pub(crate) async fn request_reset(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let Ok(address) = EmailAddress::parse(&form.email) else {
        let mut errors = FormErrors::default();
        errors.add("email", "Enter your e-mail address, like name@example.com.");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return forgot_page(form.email.clone(), false, errors, status);
    };
    let answer_at = tokio::time::Instant::now() + ANSWER_FLOOR;
    let email = normalise_email(address.as_str());
    let key = state.secret_key();
    let client = keyed_digest(key, "reset-client", state.client_ip(&request).as_bytes());
    let hits = rate_limits::hit(
        &state.pool,
        "password_reset_client",
        &client,
        WINDOW.length(),
    )
    .await?;
    if hits.count > PER_CLIENT {
        return Err(AppError::RateLimited(
            WINDOW.retry_after(OffsetDateTime::now_utc()),
        ));
    }
    let address_key = keyed_digest(key, "reset-address", email.as_bytes());
    let hits = rate_limits::hit(
        &state.pool,
        "password_reset_address",
        &address_key,
        WINDOW.length(),
    )
    .await?;
    if hits.count <= PER_ADDRESS {
        team_links::request_reset(&state.pool, &state.settings, &email).await?;
    }
    tokio::time::sleep_until(answer_at).await;
    forgot_page(email, true, FormErrors::default(), StatusCode::OK)
}

fn reset_page(
    token: &str,
    usable: bool,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = ResetPage {
        meta: admin_meta("/admin/reset", "Choose a new password"),
        usable,
        action: format!("/admin/reset/{token}"),
        errors,
    };
    render_admin_with_status(&page, status)
}

pub(crate) async fn show_reset(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let usable = links::reset_is_open(&state.pool, &token_digest(&path)).await?;
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    reset_page(&path, usable, FormErrors::default(), status)
}

pub(crate) async fn reset(
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ResetForm>,
) -> Result<HttpResponse, AppError> {
    let password = match NewPassword::parse(&form.password) {
        Ok(password) => password,
        Err(error) => {
            let mut errors = FormErrors::default();
            errors.add("password", password_message(&error));
            let usable = links::reset_is_open(&state.pool, &token_digest(&path)).await?;
            return reset_page(&path, usable, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    if !team_links::reset_password(&state.pool, &path, &password).await? {
        return reset_page(&path, false, FormErrors::default(), StatusCode::GONE);
    }
    Ok(see_other("/admin/login?reset=done"))
}

pub(crate) async fn change_password(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Form<ChangePasswordForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::default();
    let new = NewPassword::parse(&form.new_password)
        .map_err(|e| errors.add("new_password", password_message(&e)));
    let stored = recruiters::password_hash(&state.pool, session.recruiter_id).await?;
    let current = SecretString::from(form.current_password.clone());
    if !verify_password(current, stored).await? {
        errors.add("current_password", "This is not your current password.");
    }
    let (Ok(new), true) = (new, errors.is_empty()) else {
        let page = account_page(&state, &session, None, errors).await?;
        return render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    team_links::change_password(&state.pool, session.recruiter_id, session.session_id, &new)
        .await?;
    Ok(see_other("/admin/account?done=password"))
}
