//! Asking for a link (`POST /my-application`), its confirmation page (`GET
//! /my-application/link/{token}`: a GET never signs in, because mail scanners follow links), the
//! sign-in itself (`POST` to the same path) and the sign-out. Every POST needs our own Origin
//! (or Referer) and a token we rendered: the signed form token, or the session's CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;
use serde::Deserialize;

use super::{Notice, RequestPage, portal_meta, session_for_post};
use crate::crypto::token_digest;
use crate::db::candidate_links;
use crate::domain::new_application::email_message;
use crate::domain::{EmailAddress, FormErrors};
use crate::intake::token::FormToken;
use crate::portal::session::cookie_policy;
use crate::portal::{self, PATH, PortalError, link_path};
use crate::telemetry::ErrorChain;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::intake::unix_now;
use crate::web::layout::PageMeta;
use crate::web::origin::SentOrigin;
use crate::web::respond::{self, CachePolicy, see_other};

const SENT_PATH: &str = "/my-application/sent";

/// The shortest time a link request takes to answer (see `request_link`).
const ANSWER_FLOOR: std::time::Duration = std::time::Duration::from_millis(100);

#[derive(Deserialize)]
pub(crate) struct LinkRequestForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    form_token: String,
}

/// The dashboard's bar: a state-changing request must say it comes from our own pages.
fn require_own_origin(state: &AppState, request: &HttpRequest) -> Result<(), AppError> {
    match state.sent_origin(request.headers()) {
        SentOrigin::Own => Ok(()),
        SentOrigin::Foreign | SentOrigin::Absent => Err(AppError::Forbidden),
    }
}

/// `POST /my-application`: always the same answer (a 303 to the "check your e-mail" page)
/// whatever the address, once the request is counted and its e-mail queued.
pub(crate) async fn request_link(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<LinkRequestForm>,
) -> Result<HttpResponse, AppError> {
    require_own_origin(&state, &request)?;
    let LinkRequestForm { email, form_token } = form.into_inner();
    let again = |email: String, notice, errors, status| {
        RequestPage {
            errors,
            ..RequestPage::new(&state, email, notice)
        }
        .respond(status)
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if FormToken::judge(&form_token, state.secret_key(), unix_now(), 0).is_err() {
        return again(
            email,
            Some(Notice::Expired),
            FormErrors::default(),
            unprocessable,
        );
    }
    let address = match EmailAddress::parse(&email) {
        Ok(address) => address,
        Err(error) => {
            let mut errors = FormErrors::default();
            errors.add("email", email_message(error));
            return again(email, None, errors, unprocessable);
        }
    };
    let client_ip = state.client_ip(&request);
    // Whatever the address, the answer leaves no sooner than this: the work for an address on
    // file (a link row) and for one that is not (a note) differs by a few milliseconds, which
    // must not tell a stranger who applied.
    let floor = tokio::time::sleep(ANSWER_FLOOR);
    let outcome = portal::request_link(&state.pool, &state.settings, &address, &client_ip).await;
    floor.await;
    match outcome {
        Ok(()) => Ok(see_other(SENT_PATH)),
        Err(PortalError::RateLimited(wait)) => Ok(respond::with_retry_after(
            again(
                email,
                Some(Notice::TooMany(wait)),
                FormErrors::default(),
                StatusCode::TOO_MANY_REQUESTS,
            )?,
            wait,
        )),
        Err(PortalError::Unavailable(error)) => {
            tracing::warn!(error = ?ErrorChain(&error), "database unavailable, no link sent");
            let notice = Some(Notice::Unavailable);
            again(
                email,
                notice,
                FormErrors::default(),
                StatusCode::SERVICE_UNAVAILABLE,
            )
        }
        Err(error @ PortalError::Unexpected(_)) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "portal/confirm.html")]
pub(crate) struct ConfirmPage {
    pub(crate) meta: PageMeta,
    pub(crate) action: String,
    pub(crate) form_token: String,
}

/// A link's token: 64 hex characters, or nothing we ever made.
pub(super) fn link_token(raw: &str) -> Option<&str> {
    (raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())).then_some(raw)
}

/// The answer to a link that cannot sign in: it says so and offers a new one (410 Gone).
fn link_gone(state: &AppState) -> Result<HttpResponse, AppError> {
    RequestPage::new(state, String::new(), Some(Notice::LinkGone)).respond(StatusCode::GONE)
}

/// `GET /my-application/link/{token}`: a "Continue" button, or the page for a spent link.
pub(crate) async fn confirm_link(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = link_token(&token) else {
        return link_gone(&state);
    };
    if !candidate_links::is_usable(&state.pool, &token_digest(token)).await? {
        return link_gone(&state);
    }
    let page = ConfirmPage {
        meta: portal_meta("Open My application"),
        action: link_path(token),
        form_token: FormToken::issue(unix_now()).encode(state.secret_key()),
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

#[derive(Deserialize)]
pub(crate) struct ContinueForm {
    #[serde(default)]
    form_token: String,
}

/// `POST /my-application/link/{token}`: spends the link and starts a session.
pub(crate) async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    form: web::Form<ContinueForm>,
) -> Result<HttpResponse, AppError> {
    require_own_origin(&state, &request)?;
    if FormToken::judge(&form.form_token, state.secret_key(), unix_now(), 0).is_err() {
        return Err(AppError::Forbidden);
    }
    let Some(token) = link_token(&token) else {
        return link_gone(&state);
    };
    let policy = cookie_policy(&state.settings);
    let replaced = request.cookie(policy.name).map(|c| token_digest(c.value()));
    let Some(session_token) = portal::sign_in(&state.pool, token, replaced.as_deref()).await?
    else {
        return link_gone(&state);
    };
    let mut response = see_other(PATH);
    response
        .add_cookie(&policy.session_cookie(session_token))
        .context("the session cookie could not be set")?;
    Ok(response)
}

#[derive(Deserialize)]
pub(crate) struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /my-application/sign-out`: ends the session; the form for a new link follows.
pub(crate) async fn sign_out(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SignOutForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    let policy = cookie_policy(&state.settings);
    if let Some(cookie) = request.cookie(policy.name) {
        portal::sign_out(&state.pool, cookie.value(), session.candidate_id).await?;
    }
    let mut response = see_other(PATH);
    response
        .add_cookie(&policy.removal_cookie())
        .context("the session cookie could not be removed")?;
    Ok(response)
}
