//! The candidate intake form (issue 4): `GET /apply` shows it (pre-filled from the query string),
//! `POST /apply` checks and saves it, `GET /apply/thanks/{reference}` confirms.
//!
//! The field names are listed in `crate::domain::intake_form`; saving is the intake use case's
//! (`crate::intake`).

pub(crate) mod body;
mod submit;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use std::borrow::Borrow;

use crate::domain::countries::{COUNTRIES, Country};
use crate::domain::phone::dial_code_options;
use crate::domain::us_states::{US_STATES, UsState};
use crate::domain::window::RetryAfter;
use crate::domain::*;
use crate::intake::token::FormToken;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy};
pub(crate) use body::parse_urlencoded;
pub(crate) use submit::submit_intake;

/// A banner above the form when it comes back for a reason other than the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// Sent back sooner than a person can fill it in.
    TooFast,
    /// The token was too old or could not be checked (e.g. the server's key changed).
    Expired,
    /// The database is unreachable: nothing was saved.
    Unavailable,
    /// The client's hourly limit is reached: nothing was saved; try again after the wait.
    TooMany(RetryAfter),
}

#[derive(Template)]
#[template(path = "intake/form.html")]
pub struct IntakeFormPage {
    pub(crate) meta: PageMeta,
    pub(crate) form: IntakeForm,
    pub(crate) errors: FormErrors,
    pub(crate) form_token: String,
    pub(crate) notice: Option<Notice>,
    /// A file was chosen before the form came back: browsers cannot keep it, so say so.
    pub(crate) cv_was_chosen: bool,
    pub(crate) current_year: i32,
}

impl IntakeFormPage {
    pub fn new(state: &AppState, form: IntakeForm, token: &FormToken) -> Self {
        Self {
            meta: state.page_meta(
                "/apply",
                "Apply to LabMinds Staffing",
                "Tell a LabMinds recruiter about your lab training, experience and plans in about five minutes. Free, and works on any phone.",
            ),
            form,
            errors: FormErrors::default(),
            form_token: token.encode(state.secret_key()),
            notice: None,
            cv_was_chosen: false,
            current_year: current_year(),
        }
    }

    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }

    pub(crate) fn state_input_id(&self, first: impl Borrow<bool>, code: &str) -> String {
        forms::group_input_id("target_states", first, code)
    }

    pub(crate) fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }

    pub(crate) fn dial_codes(&self) -> &'static [(&'static str, String)] {
        dial_code_options()
    }

    pub(crate) fn states(&self) -> &'static [UsState] {
        US_STATES
    }

    /// The latest accepted graduation year, shown in the hint.
    pub(crate) fn last_year(&self) -> i32 {
        self.current_year + 1
    }

    /// The response: 200 for a new form, 422 for answers to fix, 503 while the database is away.
    /// Each render carries its own token (and maybe a person's answers): never cached anywhere.
    pub(crate) fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }
}

pub(crate) fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn current_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// `GET /apply`: a new form with a fresh token, pre-filled from the query string (links from the
/// pathway advisor and campaigns: `/apply?given_name=Ana&citizenship=PH&utm_source=fb`).
pub(crate) async fn show_intake_form(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let pairs = body::parse_urlencoded(request.query_string().as_bytes()).unwrap_or_default();
    let mut form = IntakeForm::from_pairs(pairs);
    // The pre-fill may name fields, never the hidden machinery.
    form.website.clear();
    form.form_token.clear();
    IntakeFormPage::new(&state, form, &FormToken::issue(unix_now())).respond(StatusCode::OK)
}

#[derive(Template)]
#[template(path = "intake/thanks.html")]
pub(crate) struct ThanksPage {
    pub(crate) meta: PageMeta,
    pub(crate) reference: String,
}

/// `GET /apply/thanks/{reference}`: the reference and next steps only, for an application that
/// exists (or the honeypot's decoy, which must look accepted); any other reference is a 404.
/// References are 40 random bits, so the existence check tells a guesser nothing useful.
pub(crate) async fn show_thanks(
    state: web::Data<AppState>,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let reference = ApplicationReference::parse(&reference).map_err(|_| AppError::NotFound)?;
    let known = reference.is_decoy(state.secret_key())
        || crate::db::applications::reference_exists(&state.pool, reference.as_str()).await?;
    if !known {
        return Err(AppError::NotFound);
    }
    let page = ThanksPage {
        meta: PageMeta::unindexed(
            "/apply/thanks",
            "Application received",
            "We have received your application.",
        ),
        reference: reference.as_str().to_owned(),
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

/// Where a saved application sends the person.
pub(crate) fn thanks_path(reference: &str) -> String {
    format!("/apply/thanks/{reference}")
}
