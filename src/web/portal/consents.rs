//! `POST /my-application/consents`: one click gives or withdraws a consent (withdrawing
//! "processing" leads to the erasure page's one confirmation instead). `GET /unsubscribe/{token}`
//! shows a button and `POST` withdraws "e-mail updates": the one-click unsubscribe of RFC 8058,
//! which a mail provider posts without cookies or an Origin, so the signed token is the only
//! credential (it can do nothing but withdraw that one consent).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{portal_meta, session_for_post};
use crate::portal::PATH;
use crate::portal::consents::{self, Channel, ConsentPurpose};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

#[derive(Deserialize)]
pub(crate) struct ConsentForm {
    #[serde(default)]
    purpose: String,
    /// `yes` gives, anything else withdraws.
    #[serde(default)]
    give: String,
    #[serde(default)]
    csrf_token: String,
}

pub(crate) async fn change_consent(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<ConsentForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    let purpose = ConsentPurpose::parse(&form.purpose).map_err(|_| AppError::BadRequest)?;
    let give = form.give == "yes";
    if purpose == ConsentPurpose::Processing && !give {
        // Without it there is no case: erasure, after its one confirmation.
        return Ok(see_other("/my-application/erase"));
    }
    consents::change(
        &state.pool,
        session.candidate_id,
        purpose,
        give,
        Channel::Page,
    )
    .await?;
    Ok(see_other(&format!("{PATH}#choices")))
}

#[derive(Template)]
#[template(path = "portal/unsubscribe.html")]
pub(crate) struct UnsubscribePage {
    pub(crate) meta: PageMeta,
    /// `None` once done.
    pub(crate) action: Option<String>,
    pub(crate) valid: bool,
}

fn unsubscribe_page(action: Option<String>, valid: bool) -> Result<HttpResponse, AppError> {
    let page = UnsubscribePage {
        meta: portal_meta("Stop update e-mails"),
        action,
        valid,
    };
    // A link we did not make is gone, not missing: it can never work.
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok(respond::page(status, CachePolicy::NoStore, &page)?)
}

/// `GET /unsubscribe/{token}`: a button; a GET changes nothing (mail scanners follow links).
pub(crate) async fn confirm_unsubscribe(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let valid = consents::verify_unsubscribe(state.secret_key(), &token).is_some();
    unsubscribe_page(valid.then(|| format!("/unsubscribe/{token}")), valid)
}

/// `POST /unsubscribe/{token}`: withdraws "e-mail updates" (the page's button, or a mail
/// provider's `List-Unsubscribe=One-Click`).
pub(crate) async fn unsubscribe(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let Some(candidate_id) = consents::verify_unsubscribe(state.secret_key(), &token) else {
        return unsubscribe_page(None, false);
    };
    let purpose = ConsentPurpose::EmailUpdates;
    consents::change(
        &state.pool,
        candidate_id,
        purpose,
        false,
        Channel::Unsubscribe,
    )
    .await?;
    unsubscribe_page(None, true)
}
