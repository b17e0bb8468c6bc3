//! "My application" (issue 13) over HTTP: `GET /my-application` shows the signed-in page or the
//! form that asks for a link; the link's confirmation, the sign-in, the sign-out and the link
//! request are in `sign_in`. Every page is personal or carries a token: never cached, never
//! indexed. The work is the portal use case's (`crate::portal`).

mod calendar;
mod consents;
mod details;
mod documents;
mod email;
mod privacy;
mod requests;
mod sign_in;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::borrow::Borrow;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::crypto::token_digest;
use crate::domain::FormErrors;
use crate::domain::window::RetryAfter;
use crate::intake::token::FormToken;
use crate::portal::case::Case;
use crate::portal::session::{CandidateSession, cookie_policy};
use crate::portal::{self, PATH};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::intake::unix_now;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy};
pub(crate) use calendar::{create_calendar, revoke_calendar, show_calendar, show_feed};
pub(crate) use consents::{change_consent, confirm_unsubscribe, unsubscribe};
pub(crate) use details::{save_details, show_details};
pub(crate) use documents::{download_document, show_documents, upload_document};
pub(crate) use email::{
    confirm_email_change, request_email_change, show_email_changed, show_email_form,
    show_email_link, show_email_sent,
};
pub(crate) use privacy::{confirm_erase, erase, export_json, show_data, show_erased};
pub(crate) use requests::{show_request_form, show_request_sent, submit_request};
pub(crate) use sign_in::{confirm_link, request_link, sign_in, sign_out};

/// Why the request form is shown with a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// The link was used, expired, or never existed (one message for all three).
    LinkGone,
    /// The form's token was too old or could not be checked.
    Expired,
    /// The database is unreachable: nothing was sent.
    Unavailable,
    TooMany(RetryAfter),
}

#[derive(Template)]
#[template(path = "portal/request.html")]
pub(crate) struct RequestPage {
    pub(crate) meta: PageMeta,
    pub(crate) email: String,
    pub(crate) errors: FormErrors,
    pub(crate) form_token: String,
    pub(crate) notice: Option<Notice>,
    pub(crate) minutes: u64,
    pub(crate) support_inbox: String,
}

impl RequestPage {
    pub(crate) fn new(state: &AppState, email: String, notice: Option<Notice>) -> Self {
        RequestPage {
            meta: portal_meta("Sign in to My application"),
            email,
            errors: FormErrors::default(),
            form_token: FormToken::issue(unix_now()).encode(state.secret_key()),
            notice,
            minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
            support_inbox: state.settings.mail.support_inbox.to_string(),
        }
    }

    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }

    pub(crate) fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }
}

#[derive(Template)]
#[template(path = "portal/page.html")]
pub(crate) struct CasePage {
    pub(crate) meta: PageMeta,
    pub(crate) case: Case,
    pub(crate) csrf: String,
    pub(crate) support_inbox: String,
}

impl CasePage {
    /// How a consent was given or withdrawn, in the page's words.
    pub(crate) fn channel(&self, channel: &str) -> &'static str {
        match channel {
            "application_form" => "on the application form",
            "my_application" => "on this page",
            "email_unsubscribe" => "by the unsubscribe link in an e-mail",
            _ => "by you",
        }
    }

    /// "1 December 2026": a date every reader understands, whatever their country's order.
    pub(crate) fn date(&self, at: &OffsetDateTime) -> String {
        self.day(&at.date())
    }

    pub(crate) fn day(&self, on: &time::Date) -> String {
        on.format(format_description!(
            "[day padding:none] [month repr:long] [year]"
        ))
        .unwrap_or_default()
    }
}

/// Personal pages: no canonical URL, never indexed.
pub(crate) fn portal_meta(title: &str) -> PageMeta {
    PageMeta::unindexed(PATH, title, "Follow your LabMinds Staffing application.")
}

/// The session of the request's candidate cookie, if it is live (the look-up refreshes it).
pub(crate) async fn current_candidate(
    request: &HttpRequest,
    state: &AppState,
) -> Result<Option<CandidateSession>, AppError> {
    let Some(cookie) = request.cookie(cookie_policy(&state.settings).name) else {
        return Ok(None);
    };
    let digest = token_digest(cookie.value());
    Ok(crate::db::candidate_sessions::touch(&state.pool, &digest).await?)
}

/// The session behind a state-changing request: our own Origin (or Referer), a live session, and
/// its CSRF token in the form; anything less is refused.
pub(crate) async fn session_for_post(
    request: &HttpRequest,
    state: &AppState,
    csrf_token: &str,
) -> Result<CandidateSession, AppError> {
    if state.sent_origin(request.headers()) != crate::web::origin::SentOrigin::Own {
        return Err(AppError::Forbidden);
    }
    let session = current_candidate(request, state)
        .await?
        .ok_or(AppError::Forbidden)?;
    if !crate::crypto::constant_time_eq(csrf_token, &session.csrf_token) {
        return Err(AppError::Forbidden);
    }
    Ok(session)
}

/// `GET /my-application`: the signed-in page, or the form that asks for a link.
pub(crate) async fn show_my_application(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Some(session) = current_candidate(&request, &state).await? else {
        return RequestPage::new(&state, String::new(), None).respond(StatusCode::OK);
    };
    let Some(case) = portal::case::case(&state.pool, session.candidate_id).await? else {
        // Erased while signed in: nothing left to show.
        return RequestPage::new(&state, String::new(), None).respond(StatusCode::OK);
    };
    let page = CasePage {
        meta: portal_meta("My application"),
        case,
        csrf: session.csrf_token,
        support_inbox: state.settings.mail.support_inbox.to_string(),
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}

#[derive(Template)]
#[template(path = "portal/sent.html")]
pub(crate) struct SentPage {
    pub(crate) meta: PageMeta,
    pub(crate) minutes: u64,
    pub(crate) support_inbox: String,
}

/// `GET /my-application/sent`: the one answer to every link request.
pub(crate) async fn show_sent(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let page = SentPage {
        meta: portal_meta("Please check your e-mail"),
        minutes: state.settings.candidate_link_lifetime.as_secs() / 60,
        support_inbox: state.settings.mail.support_inbox.to_string(),
    };
    Ok(respond::page(StatusCode::OK, CachePolicy::NoStore, &page)?)
}
