//! `GET /my-application/details`: the answers a candidate keeps current, pre-filled with the
//! current ones; `POST` parses them with the intake form's parsers and messages and stores a new
//! version (303 back to the page), or shows the form again (422) with everything typed kept and
//! nothing written.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::borrow::Borrow;

use super::{current_candidate, portal_meta, session_for_post};
use crate::domain::countries::{COUNTRIES, Country};
use crate::domain::phone::dial_code_options;
use crate::domain::profile_update::Details;
use crate::domain::us_states::{US_STATES, UsState};
use crate::domain::{FormErrors, IntakeForm};
use crate::portal::details::{self, Saved};
use crate::portal::{PATH, candidate_email};
use crate::telemetry::ErrorChain;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::intake::parse_urlencoded;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

#[derive(Template)]
#[template(path = "portal/details.html")]
pub(crate) struct DetailsPage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    pub(crate) form: IntakeForm,
    pub(crate) errors: FormErrors,
    /// Shown after a save went through (`?saved=1`).
    pub(crate) saved: bool,
    /// The current e-mail address (changed on its own form, `/my-application/email`); empty when
    /// the database could not be asked.
    pub(crate) email: String,
    /// The database was away: nothing was saved, and the form shows what was sent (503).
    pub(crate) unavailable: bool,
}

/// Where a successful save lands: the form again, with the saved answers and a notice.
const SAVED_PATH: &str = "/my-application/details?saved=1";

impl DetailsPage {
    fn new(csrf: String, form: IntakeForm, errors: FormErrors, email: String) -> Self {
        DetailsPage {
            meta: portal_meta("Update your details"),
            csrf,
            form,
            errors,
            saved: false,
            email,
            unavailable: false,
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

    fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }
}

pub(crate) async fn show_details(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let Some(current) = details::current(&state.pool, session.candidate_id).await? else {
        return Ok(see_other(PATH));
    };
    let email = candidate_email(&state.pool, session.candidate_id)
        .await?
        .unwrap_or_default();
    let mut page = DetailsPage::new(
        session.csrf_token,
        current.details.to_form(),
        FormErrors::default(),
        email,
    );
    page.saved = request.query_string() == "saved=1";
    page.respond(StatusCode::OK)
}

pub(crate) async fn save_details(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let pairs = parse_urlencoded(&body).ok_or(AppError::BadRequest)?;
    let csrf = pairs
        .iter()
        .find(|(name, _)| name == "csrf_token")
        .map_or("", |(_, value)| value.as_str());
    let form = IntakeForm::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.clone())));
    match save(&state, &request, csrf, form.clone()).await {
        // Without the database nothing is saved, and the session cannot be checked either: the
        // form comes back with what was sent (only to whoever sent it, under the token they sent),
        // so nothing typed is lost while the database is away.
        Err(AppError::DatabaseUnavailable(error)) => {
            tracing::warn!(error = ?ErrorChain(&error), "database unavailable, details not saved");
            let mut page =
                DetailsPage::new(csrf.to_owned(), form, FormErrors::default(), String::new());
            page.unavailable = true;
            page.respond(StatusCode::SERVICE_UNAVAILABLE)
        }
        other => other,
    }
}

async fn save(
    state: &AppState,
    request: &HttpRequest,
    csrf: &str,
    form: IntakeForm,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(request, state, csrf).await?;
    let Some(current) = details::current(&state.pool, session.candidate_id).await? else {
        return Ok(see_other(PATH));
    };
    let parsed = match Details::parse(&form, &current.citizenships) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let email = candidate_email(&state.pool, session.candidate_id)
                .await?
                .unwrap_or_default();
            return DetailsPage::new(session.csrf_token, form, errors, email)
                .respond(StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match details::save(&state.pool, &state.settings, session.candidate_id, &parsed).await? {
        Saved::Version(_) | Saved::Unchanged => Ok(see_other(SAVED_PATH)),
        Saved::Gone => Ok(see_other(PATH)),
    }
}
