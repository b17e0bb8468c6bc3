//! Changing the e-mail address (`portal::email_change`) over HTTP. `GET /my-application/email`:
//! the small form with the current address; `POST`: asks for the change (422 beside the field,
//! with what was typed, for a bad address), then always the same "check the new inbox" page.
//! `GET /my-application/email/{token}`: the link's page (a GET never changes anything: mail
//! scanners follow links), with a "Confirm" button for the signed-in candidate whose change it
//! is; its `POST` applies the change. Every POST needs our Origin and the session's CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use std::borrow::Borrow;

use super::sign_in::link_token;
use super::{current_candidate, portal_meta, session_for_post};
use crate::domain::new_application::email_message;
use crate::domain::{EmailAddress, FormErrors};
use crate::portal::email_change::{self, Confirmed, Requested, confirm_path};
use crate::portal::{PATH, candidate_email};
use crate::telemetry::ErrorChain;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

const SENT_PATH: &str = "/my-application/email/sent";
const CHANGED_PATH: &str = "/my-application/email/changed";

#[derive(Template)]
#[template(path = "portal/email.html")]
pub(crate) struct EmailPage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    pub(crate) current: String,
    pub(crate) email: String,
    pub(crate) errors: FormErrors,
    pub(crate) minutes: u64,
    /// The database was away: nothing was asked for, the form keeps what was typed (503).
    pub(crate) unavailable: bool,
}

impl EmailPage {
    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }
}

/// Where a change stands, for the pages around its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The link is on its way to the new address.
    Sent,
    /// The link's page for its candidate: the form that confirms.
    Confirm {
        action: String,
        csrf: String,
    },
    /// The link's page without a session: sign in first, then open the link again.
    SignInFirst,
    /// The link is used, expired, unknown or another candidate's (one message for all).
    Gone,
    /// The new address is another application's: nothing changed.
    Taken,
    Changed,
}

#[derive(Template)]
#[template(path = "portal/email_change.html")]
pub(crate) struct StepPage {
    pub(crate) meta: PageMeta,
    pub(crate) step: Step,
    pub(crate) minutes: u64,
    pub(crate) support_inbox: String,
}

fn step_page(state: &AppState, step: Step, status: StatusCode) -> Result<HttpResponse, AppError> {
    let title = match step {
        Step::Sent => "Please check your new inbox",
        Step::Confirm { .. } => "Confirm your new e-mail address",
        Step::SignInFirst => "Please sign in first",
        Step::Gone => "This link has been used or has expired",
        Step::Taken => "We could not change your address",
        Step::Changed => "Your e-mail address is changed",
    };
    let page = StepPage {
        meta: portal_meta(title),
        step,
        minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
        support_inbox: state.settings.mail.support_inbox.to_string(),
    };
    Ok(respond::page(status, CachePolicy::NoStore, &page)?)
}

/// `GET /my-application/email`: the form, for a signed-in candidate.
pub(crate) async fn show_email_form(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let Some(current) = candidate_email(&state.pool, session.candidate_id).await? else {
        return Ok(see_other(PATH));
    };
    let page = EmailPage {
        meta: portal_meta("Change your e-mail address"),
        csrf: session.csrf_token,
        current,
        email: String::new(),
        errors: FormErrors::default(),
        minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
        unavailable: false,
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

#[derive(Deserialize)]
pub(crate) struct EmailForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
}

/// `POST /my-application/email`: the same answer for every valid address but the current one.
pub(crate) async fn request_email_change(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    match ask(&state, &request, &form).await {
        // Without the database nothing is asked for, and the session cannot be checked either:
        // the form comes back with what was sent (only to whoever sent it), so nothing is lost.
        Err(AppError::DatabaseUnavailable(error)) => {
            tracing::warn!(error = ?ErrorChain(&error), "database unavailable, no change asked for");
            let page = EmailPage {
                meta: portal_meta("Change your e-mail address"),
                csrf: form.csrf_token,
                current: String::new(),
                email: form.email,
                errors: FormErrors::default(),
                minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
                unavailable: true,
            };
            Ok(respond::page(
                StatusCode::SERVICE_UNAVAILABLE,
                CachePolicy::NoStore,
                &page,
            )?)
        }
        other => other,
    }
}

async fn ask(
    state: &AppState,
    request: &HttpRequest,
    form: &EmailForm,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(request, state, &form.csrf_token).await?;
    let email = form.email.clone();
    let again = |current: String, email: String, message: &str| {
        let mut errors = FormErrors::default();
        errors.add("email", message);
        let page = EmailPage {
            meta: portal_meta("Change your e-mail address"),
            csrf: session.csrf_token.clone(),
            current,
            email,
            errors,
            minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
            unavailable: false,
        };
        Ok(respond::page(
            StatusCode::UNPROCESSABLE_ENTITY,
            CachePolicy::NoStore,
            &page,
        )?)
    };
    let Some(current) = candidate_email(&state.pool, session.candidate_id).await? else {
        return Ok(see_other(PATH));
    };
    let address = match EmailAddress::parse(&email) {
        Ok(address) => address,
        Err(error) => return again(current, email, &email_message(error)),
    };
    match email_change::request(&state.pool, &state.settings, session.candidate_id, &address)
        .await?
    {
        Requested::Sent => Ok(see_other(SENT_PATH)),
        Requested::Same => again(current, email, "This is the address we have already."),
        Requested::Gone => Ok(see_other(PATH)),
    }
}

/// `GET /my-application/email/sent`.
pub(crate) async fn show_email_sent(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    step_page(&state, Step::Sent, StatusCode::OK)
}

/// `GET /my-application/email/changed`.
pub(crate) async fn show_email_changed(
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    step_page(&state, Step::Changed, StatusCode::OK)
}

/// `GET /my-application/email/{token}`: the "Confirm" button, or why there is none.
pub(crate) async fn show_email_link(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return step_page(&state, Step::SignInFirst, StatusCode::OK);
    };
    let Some(token) = link_token(&token) else {
        return step_page(&state, Step::Gone, StatusCode::GONE);
    };
    if !email_change::is_usable(&state.pool, session.candidate_id, token).await? {
        return step_page(&state, Step::Gone, StatusCode::GONE);
    }
    let step = Step::Confirm {
        action: confirm_path(token),
        csrf: session.csrf_token,
    };
    step_page(&state, step, StatusCode::OK)
}

#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /my-application/email/{token}`: spends the link and changes the address.
pub(crate) async fn confirm_email_change(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    let Some(token) = link_token(&token) else {
        return step_page(&state, Step::Gone, StatusCode::GONE);
    };
    match email_change::confirm(&state.pool, &state.settings, session.candidate_id, token).await? {
        Confirmed::Changed => Ok(see_other(CHANGED_PATH)),
        Confirmed::Taken => step_page(&state, Step::Taken, StatusCode::CONFLICT),
        Confirmed::Gone => step_page(&state, Step::Gone, StatusCode::GONE),
    }
}
