//! The one way a response leaves the site: a status, an explicit cache policy and a body. Every
//! page (public, dashboard, errors, the cached guide pages), redirect, download and probe answer
//! is built here, so `Cache-Control` is written in one place and conditional GET (ETag,
//! `If-None-Match`, 304) exists once.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use askama::Template;

use crate::domain::window::RetryAfter;

pub(crate) const HTML: &str = "text/html; charset=utf-8";
pub(crate) const TEXT: &str = "text/plain; charset=utf-8";

/// What a 503 tells the client to wait: an estimate (a database outage or a full pool has no known
/// end). A 429 says exactly when its window ends instead (`with_retry_after`, from
/// `domain::window`).
pub(crate) const UNAVAILABLE_RETRY_AFTER: RetryAfter = RetryAfter(5);
/// A full password-hashing pool drains within a second.
pub(crate) const BUSY_RETRY_AFTER: RetryAfter = RetryAfter(1);

/// Who may keep a copy of a response, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CachePolicy {
    /// Personal or single-use: never stored anywhere (forms carrying a token, the dashboard, a
    /// plan, errors, redirects, downloads, probes). Also what the security headers set on any
    /// response that names no policy.
    NoStore,
    /// The same for every visitor and fine to reuse for this many seconds (the guide, sitemaps).
    Public { max_age: u32 },
    /// Addressed by its content (the URL changes when the bytes do): kept for a year, never
    /// revalidated.
    Immutable,
    /// For one person's client only, never a shared cache, for this many seconds (the calendar
    /// feed, which the candidate's calendar app polls).
    Private { max_age: u32 },
}

impl CachePolicy {
    pub(crate) fn header_value(self) -> HeaderValue {
        match self {
            CachePolicy::NoStore => HeaderValue::from_static("no-store"),
            CachePolicy::Immutable => {
                HeaderValue::from_static("public, max-age=31536000, immutable")
            }
            CachePolicy::Public { max_age } => {
                HeaderValue::from_str(&format!("public, max-age={max_age}"))
                    .unwrap_or_else(|_| HeaderValue::from_static("no-store"))
            }
            CachePolicy::Private { max_age } => {
                HeaderValue::from_str(&format!("private, max-age={max_age}"))
                    .unwrap_or_else(|_| HeaderValue::from_static("no-store"))
            }
        }
    }
}

/// The start of every response: the status and the cache policy.
pub(crate) fn builder(status: StatusCode, policy: CachePolicy) -> HttpResponseBuilder {
    let mut builder = HttpResponse::build(status);
    builder.insert_header((header::CACHE_CONTROL, policy.header_value()));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        let seconds = UNAVAILABLE_RETRY_AFTER.seconds().to_string();
        builder.insert_header((header::RETRY_AFTER, seconds));
    }
    builder
}

/// Sets `Retry-After` on a 429 (or replaces a 503's estimate) with what the limit says.
pub(crate) fn with_retry_after(mut response: HttpResponse, wait: RetryAfter) -> HttpResponse {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait.seconds()));
    response
}

/// An HTML page.
pub(crate) fn html(status: StatusCode, policy: CachePolicy, html: String) -> HttpResponse {
    builder(status, policy).content_type(HTML).body(html)
}

/// A page template, rendered (a failure becomes the caller's `AppError` through `?`).
pub(crate) fn page<T: Template>(
    status: StatusCode,
    policy: CachePolicy,
    page: &T,
) -> Result<HttpResponse, askama::Error> {
    Ok(html(status, policy, page.render()?))
}

/// Post/Redirect/Get: `303 See Other` to `location`.
pub(crate) fn see_other(location: &str) -> HttpResponse {
    builder(StatusCode::SEE_OTHER, CachePolicy::NoStore)
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// True when the request's `If-None-Match` names `etag`, by the weak comparison RFC 9110 13.1.2
/// prescribes for it (`W/` prefixes ignored, `*` matches).
pub(crate) fn is_fresh(request: &HttpRequest, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or("").trim_start_matches("W/");
    request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sent| {
            sent.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
        })
}

/// The start of a response that carries a validator: a `304 Not Modified` when `fresh` (the
/// client's copy is current; finish it without a body), else a 200 that still needs its body.
/// Both carry the policy and the ETag; headers both need (`Vary`) are the caller's to add.
pub(crate) struct Validated {
    pub(crate) fresh: bool,
    pub(crate) response: HttpResponseBuilder,
}

pub(crate) fn validated(
    request: &HttpRequest,
    policy: CachePolicy,
    etag: &HeaderValue,
) -> Validated {
    let fresh = is_fresh(request, etag);
    let status = if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    };
    let mut response = builder(status, policy);
    response.insert_header((header::ETAG, etag.clone()));
    Validated { fresh, response }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn sent(value: &str) -> HttpRequest {
        TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, value))
            .to_http_request()
    }

    #[test]
    fn if_none_match_uses_the_weak_comparison() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(is_fresh(&sent("W/\"abc\""), &etag));
        assert!(is_fresh(&sent("\"abc\""), &etag));
        assert!(is_fresh(&sent("\"x\", W/\"abc\""), &etag));
        assert!(is_fresh(&sent("*"), &etag));
        assert!(!is_fresh(&sent("\"abd\""), &etag));
        assert!(!is_fresh(&TestRequest::default().to_http_request(), &etag));
    }

    #[test]
    fn each_policy_has_its_header() {
        let value = |p: CachePolicy| p.header_value().to_str().unwrap().to_owned();
        assert_eq!(value(CachePolicy::NoStore), "no-store");
        assert_eq!(
            value(CachePolicy::Public { max_age: 300 }),
            "public, max-age=300"
        );
        assert_eq!(
            value(CachePolicy::Immutable),
            "public, max-age=31536000, immutable"
        );
    }

    #[test]
    fn waiting_answers_say_when_to_come_back() {
        let unavailable = builder(StatusCode::SERVICE_UNAVAILABLE, CachePolicy::NoStore).finish();
        assert_eq!(unavailable.headers().get(header::RETRY_AFTER).unwrap(), "5");
        // A 429's wait comes from its limit's window, never from a constant.
        let limited = builder(StatusCode::TOO_MANY_REQUESTS, CachePolicy::NoStore).finish();
        assert!(limited.headers().get(header::RETRY_AFTER).is_none());
        let limited = with_retry_after(limited, RetryAfter(900));
        assert_eq!(limited.headers().get(header::RETRY_AFTER).unwrap(), "900");
        let ok = builder(StatusCode::OK, CachePolicy::NoStore).finish();
        assert!(ok.headers().get(header::RETRY_AFTER).is_none());
    }
}
