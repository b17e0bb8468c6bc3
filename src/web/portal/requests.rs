//! `GET /my-application/request`: a form for any privacy request the page cannot fulfil itself;
//! `POST` stores it (due in 30 days, listed in the dashboard) or shows the form again (422) with
//! a message beside each field to fix and everything typed kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use std::borrow::Borrow;

use super::{current_candidate, portal_meta, session_for_post};
use crate::domain::FormErrors;
use crate::portal::PATH;
use crate::portal::requests::{self, PrivacyRequest, PrivacyRequestKind};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

const SENT_PATH: &str = "/my-application/request/sent";

#[derive(Deserialize, Default)]
pub(crate) struct PrivacyRequestForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Template)]
#[template(path = "portal/request_form.html")]
pub(crate) struct PrivacyRequestPage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    pub(crate) kind: String,
    pub(crate) message: String,
    pub(crate) errors: FormErrors,
    pub(crate) max_chars: usize,
}

impl PrivacyRequestPage {
    fn new(csrf: String, form: PrivacyRequestForm, errors: FormErrors) -> Self {
        PrivacyRequestPage {
            meta: portal_meta("Ask us about your data"),
            csrf,
            kind: form.kind,
            message: form.message,
            errors,
            max_chars: requests::MAX_REQUEST_CHARS,
        }
    }

    pub(crate) fn kinds(&self) -> &'static [(&'static str, &'static str)] {
        PrivacyRequestKind::OPTIONS
    }

    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }

    fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }
}

pub(crate) async fn show_request_form(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    PrivacyRequestPage::new(
        session.csrf_token,
        PrivacyRequestForm::default(),
        FormErrors::default(),
    )
    .respond(StatusCode::OK)
}

pub(crate) async fn submit_request(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<PrivacyRequestForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    let parsed = match PrivacyRequest::parse(&form.kind, &form.message) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return PrivacyRequestPage::new(session.csrf_token, form, errors)
                .respond(StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    requests::submit(&state.pool, session.candidate_id, &parsed).await?;
    Ok(see_other(SENT_PATH))
}

#[derive(Template)]
#[template(path = "portal/request_sent.html")]
pub(crate) struct RequestSentPage {
    pub(crate) meta: PageMeta,
    pub(crate) days: i32,
}

pub(crate) async fn show_request_sent() -> Result<HttpResponse, AppError> {
    let page = RequestSentPage {
        meta: portal_meta("We have your request"),
        days: crate::db::privacy_requests::DAYS_TO_ANSWER,
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}
