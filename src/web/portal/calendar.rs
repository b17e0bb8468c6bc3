//! The calendar feed over HTTP. `GET /my-application/calendar` shows whether the candidate has a
//! feed; `POST` makes one (or a new one in place of the old) and answers with the page showing
//! the address once, since only its digest is kept; `POST /my-application/calendar/revoke` stops
//! it. `GET /calendar/{token}.ics` is the feed itself: no session (a calendar app fetches it), the
//! token is the credential, and an unknown, replaced or revoked token is a plain 404.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{current_candidate, portal_meta, session_for_post};
use crate::calendar;
use crate::portal::PATH;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy, see_other};

const PAGE_PATH: &str = "/my-application/calendar";

/// How long a calendar app may keep a copy: a revoked feed stops within this time.
const FEED_MAX_AGE: u32 = 900;

#[derive(Template)]
#[template(path = "portal/calendar.html")]
pub(crate) struct CalendarPage {
    pub(crate) meta: PageMeta,
    pub(crate) csrf: String,
    /// When the current feed was made, if there is one.
    pub(crate) made_at: Option<OffsetDateTime>,
    /// The address, only in the answer to the POST that made it.
    pub(crate) new_url: Option<String>,
}

impl CalendarPage {
    pub(crate) fn day(&self, at: &OffsetDateTime) -> String {
        crate::reminders::emails::day(&at.date())
    }

    fn respond(&self) -> Result<HttpResponse, AppError> {
        Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, self)?)
    }
}

fn page(csrf: String, made_at: Option<OffsetDateTime>, new_url: Option<String>) -> CalendarPage {
    CalendarPage {
        meta: portal_meta("Your calendar feed"),
        csrf,
        made_at,
        new_url,
    }
}

/// `GET /my-application/calendar`.
pub(crate) async fn show_calendar(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return Ok(see_other(PATH));
    };
    let made_at = calendar::made_at(&state.pool, session.candidate_id).await?;
    page(session.csrf_token, made_at, None).respond()
}

#[derive(Deserialize)]
pub(crate) struct CalendarForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /my-application/calendar`: a new address, shown in this answer only.
pub(crate) async fn create_calendar(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<CalendarForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    let Some(token) = calendar::create(&state.pool, session.candidate_id).await? else {
        return Ok(see_other(PATH));
    };
    let url = format!(
        "{}{}",
        state.settings.public_origin(),
        calendar::path(&token)
    );
    let made_at = calendar::made_at(&state.pool, session.candidate_id).await?;
    page(session.csrf_token, made_at, Some(url)).respond()
}

/// `POST /my-application/calendar/revoke`.
pub(crate) async fn revoke_calendar(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<CalendarForm>,
) -> Result<HttpResponse, AppError> {
    let session = session_for_post(&request, &state, &form.csrf_token).await?;
    calendar::revoke(&state.pool, session.candidate_id).await?;
    Ok(see_other(PAGE_PATH))
}

/// `GET /calendar/{feed}`: `<token>.ics`, the token 64 hex digits; anything else is 404 without
/// a look-up.
pub(crate) async fn show_feed(
    state: web::Data<AppState>,
    feed: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = feed
        .strip_suffix(".ics")
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(AppError::NotFound)?;
    let text = calendar::feed(&state.pool, token, state.settings.message_domain())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(respond::builder(
        StatusCode::OK,
        CachePolicy::Private {
            max_age: FEED_MAX_AGE,
        },
    )
    .content_type("text/calendar; charset=utf-8")
    .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
    .insert_header(("X-Robots-Tag", "noindex"))
    .body(text))
}
