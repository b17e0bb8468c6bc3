//! The privacy self-service of a signed-in candidate: the JSON download of everything held
//! (`/my-application/export.json`), the same as a readable page that prints cleanly
//! (`/my-application/data`), and erasure after one confirmation (`/my-application/erase`).
//! Without a session a GET leads to the sign-in form and a POST is refused.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;
use serde::Deserialize;

use super::{current_candidate, portal_meta, session_for_post};
use crate::portal::PATH;
use crate::portal::privacy::{self, Printable};
use crate::portal::session::cookie_policy;
use crate::web::AppState;
use crate::web::admin::candidate::attachment;
use crate::web::admin::labels::Labels;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

const ERASED_PATH: &str = "/my-application/erased";

/// `GET /my-application/export.json`: everything held, as a download.
pub(crate) async fn export_json(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let export = privacy::export(&state.pool, session.candidate_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = serde_json::to_vec_pretty(&export).context("serialising the export failed")?;
    Ok(attachment("my-application.json", "application/json", body))
}

#[derive(Template)]
#[template(path = "portal/data.html")]
pub(crate) struct DataPage {
    pub(crate) meta: PageMeta,
    pub(crate) data: Printable,
    pub(crate) l: Labels,
}

impl DataPage {
    /// What an e-mail of the outbox was, in the candidate's words.
    pub(crate) fn email_kind(&self, kind: &str) -> &'static str {
        match kind {
            "candidate_ack" => "Confirmation of your application",
            "support_alert" => "Alert to our recruiters about your application",
            "portal_link" => "Sign-in link to My application",
            _ => "E-mail about your case",
        }
    }
}

/// `GET /my-application/data`: everything held, readable and printable.
pub(crate) async fn show_data(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let data = privacy::printable(&state.pool, session.candidate_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = DataPage {
        meta: portal_meta("Everything we hold about you"),
        data,
        l: Labels,
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

#[derive(Template)]
#[template(path = "portal/erase.html")]
pub(crate) struct ErasePage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
}

/// `GET /my-application/erase`: what erasing means, and the one button that does it.
pub(crate) async fn confirm_erase(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let page = ErasePage {
        meta: portal_meta("Delete everything we hold about you"),
        csrf: session.csrf_token,
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

#[derive(Deserialize)]
pub(crate) struct EraseForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /my-application/erase`: erases the candidate, ends the session (its row went with the
/// candidate) and confirms by e-mail.
pub(crate) async fn erase(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    privacy::erase(&state.pool, &state.settings, session.candidate_id).await?;
    let mut response = see_other(ERASED_PATH);
    response
        .add_cookie(&cookie_policy(&state.settings).removal_cookie())
        .context("the session cookie could not be removed")?;
    Ok(response)
}

#[derive(Template)]
#[template(path = "portal/erased.html")]
pub(crate) struct ErasedPage {
    pub(crate) meta: PageMeta,
}

/// `GET /my-application/erased`: the erasure is done.
pub(crate) async fn show_erased() -> Result<HttpResponse, AppError> {
    let page = ErasedPage {
        meta: portal_meta("Your data is deleted"),
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}
