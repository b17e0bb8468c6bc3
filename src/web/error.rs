//! The one error type of the web layer: handlers fail only by returning one of its variants. Each
//! renders a page in the site's design; internal error text is never shown to the visitor, and the
//! cause chain of an unexpected error is logged once, when its page is rendered.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::domain::window::RetryAfter;
use crate::telemetry::ErrorChain;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("bad request")]
    BadRequest,
    /// A foreign origin, a missing session on a form post, a wrong CSRF token.
    #[error("forbidden")]
    Forbidden,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the body is not in a form encoding")]
    UnsupportedMediaType,
    /// A NUL byte (or other text the database cannot store) in the path, query or form.
    #[error("the request holds text that cannot be stored")]
    UnstorableInput,
    /// A limit was reached; the client may try again after the window ends.
    #[error("too many requests")]
    RateLimited(RetryAfter),
    /// The client holds more connections than `MAX_CONNECTIONS_PER_CLIENT`.
    #[error("too many connections from this client")]
    TooManyConnections(RetryAfter),
    /// The body did not arrive within `REQUEST_TIMEOUT_SECONDS`.
    #[error("the request took too long to arrive")]
    RequestTimeout,
    /// Too many password checks at once (`auth::hashing`): try again in a moment.
    #[error("too busy to check a password now")]
    Busy,
    #[error("the database is unavailable")]
    DatabaseUnavailable(#[source] sqlx::Error),
    #[error("unexpected error")]
    Unexpected(#[source] anyhow::Error),
}

impl AppError {
    /// The one way to turn a failure nobody can fix by trying again differently into a 500 page.
    /// The error keeps its whole cause chain (add context with `anyhow::Context` first), which is
    /// logged once when the page is rendered.
    pub(crate) fn unexpected(error: impl Into<anyhow::Error>) -> Self {
        AppError::Unexpected(error.into())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            AppError::DatabaseUnavailable(error)
        } else {
            AppError::unexpected(error)
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::unexpected(error)
    }
}

impl From<crate::portal::PortalError> for AppError {
    fn from(error: crate::portal::PortalError) -> Self {
        use crate::portal::PortalError;
        match error {
            PortalError::RateLimited(wait) => AppError::RateLimited(wait),
            PortalError::Unavailable(error) => AppError::DatabaseUnavailable(error),
            PortalError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

impl From<crate::auth::hashing::Busy> for AppError {
    fn from(_: crate::auth::hashing::Busy) -> Self {
        AppError::Busy
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::unexpected(anyhow::Error::new(error).context("rendering a template failed"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest | AppError::UnstorableInput => StatusCode::BAD_REQUEST,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RateLimited(_) | AppError::TooManyConnections(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::DatabaseUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Unexpected(e) => {
                tracing::error!(error = ?ErrorChain(e.as_ref()), "request failed")
            }
            AppError::DatabaseUnavailable(e) => {
                tracing::warn!(error = ?ErrorChain(e), "database unavailable, answering 503")
            }
            _ => {}
        }
        match self {
            AppError::UnstorableInput => render_error_page(
                StatusCode::BAD_REQUEST,
                ErrorPage::with_text(
                    StatusCode::BAD_REQUEST,
                    "We cannot accept a character you sent",
                    "What you sent contains a NUL character (it often comes from text copied out of another program), which we cannot store. Please remove it, or type the text again, and send it once more.",
                ),
            ),
            AppError::RateLimited(retry_after) | AppError::TooManyConnections(retry_after) => {
                respond::with_retry_after(error_page(self.status_code()), *retry_after)
            }
            AppError::Busy => {
                respond::with_retry_after(error_page(self.status_code()), respond::BUSY_RETRY_AFTER)
            }
            _ => error_page(self.status_code()),
        }
    }
}

/// The page for an error status, used by `AppError` and by the safety net that replaces the plain
/// bodies actix-web gives its own errors (bad form encodings, wrong methods).
pub(crate) fn error_page(status: StatusCode) -> HttpResponse {
    render_error_page(status, ErrorPage::for_status(status))
}

fn render_error_page(status: StatusCode, page: ErrorPage) -> HttpResponse {
    match page.render() {
        Ok(html) => respond::html(status, CachePolicy::NoStore, html),
        // The error template is static and compiled in; if it ever fails, say so plainly.
        Err(_) => respond::builder(status, CachePolicy::NoStore)
            .content_type(respond::TEXT)
            .body("Something went wrong. Please try again."),
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
pub(crate) struct ErrorPage {
    pub(crate) meta: PageMeta,
    pub(crate) status: u16,
    pub(crate) heading: &'static str,
    pub(crate) explanation: &'static str,
}

impl ErrorPage {
    fn with_text(status: StatusCode, heading: &'static str, explanation: &'static str) -> Self {
        ErrorPage {
            meta: PageMeta::error(heading),
            status: status.as_u16(),
            heading,
            explanation,
        }
    }

    fn for_status(status: StatusCode) -> Self {
        let (heading, explanation) = match status.as_u16() {
            404 => (
                "We could not find that page",
                "The address may be mistyped, or the page may have moved. The links below lead to the main parts of the site.",
            ),
            405 => (
                "That action is not available here",
                "This page cannot be used that way. Please go back and try again.",
            ),
            413 => (
                "What you sent is too large",
                "The form or file you sent is bigger than we accept. A CV file may be at most 10 MB. Please choose a smaller file and send the form again.",
            ),
            408 => (
                "That took too long to arrive",
                "What you sent arrived too slowly, so we stopped waiting and nothing was saved. Please check your connection and send it again.",
            ),
            429 => (
                "Too many attempts",
                "You have sent this too many times in a short while. Please wait a few minutes and try again.",
            ),
            503 => (
                "We are briefly unavailable",
                "Our system is busy or being maintained, and nothing you sent has been saved. Please wait a minute and try again.",
            ),
            400..=499 => (
                "We could not understand that request",
                "Please go back, check what you entered, and try again.",
            ),
            _ => (
                "Something went wrong on our side",
                "We have been told about the problem. Please try again in a few minutes. If it keeps happening, write to support@labmindsstaffing.com.",
            ),
        };
        ErrorPage {
            meta: PageMeta::error(heading),
            status: status.as_u16(),
            heading,
            explanation,
        }
    }
}
