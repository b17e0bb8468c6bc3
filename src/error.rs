//! The one error type of the web layer. Every variant renders a page in the site's design; internal
//! error text is never shown to the visitor, and the cause chain of unexpected errors is logged once.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::web::layout::PageMeta;

/// How long a client should wait before retrying after a 503 or 429, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("bad request")]
    BadRequest,
    #[error("too many requests")]
    RateLimited,
    #[error("the database is unavailable")]
    DatabaseUnavailable(#[source] sqlx::Error),
    #[error("unexpected error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            AppError::DatabaseUnavailable(error)
        } else {
            AppError::Unexpected(anyhow::Error::new(error))
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Unexpected(error)
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Unexpected(anyhow::Error::new(error).context("rendering a template failed"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
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
        error_page(self.status_code())
    }
}

/// The page for an error status, used by `AppError` and by the safety net that replaces the plain
/// bodies actix-web gives its own errors (bad form encodings, wrong methods).
pub fn error_page(status: StatusCode) -> HttpResponse {
    let page = ErrorPage::for_status(status);
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if matches!(
        status,
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS
    ) {
        response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS.to_string()));
    }
    match page.render() {
        Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
        // The error template is static and compiled in; if it ever fails, say so plainly.
        Err(_) => response
            .content_type("text/plain; charset=utf-8")
            .body("Something went wrong. Please try again."),
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorPage {
    pub meta: PageMeta,
    pub status: u16,
    pub heading: &'static str,
    pub explanation: &'static str,
}

impl ErrorPage {
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

/// Formats an error with all its causes on one line: `outer: cause: root cause`.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}
