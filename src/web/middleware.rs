//! Cross-cutting HTTP behaviour, applied to every response (errors included): security headers,
//! request body limits, request logging with a request id, and friendly pages for the plain error
//! bodies actix-web produces on its own.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, Next};
use tracing::Instrument;

use crate::config::Settings;
use crate::web::error::{AppError, error_page};
use crate::web::respond::CachePolicy;

/// The Content-Security-Policy: nothing inline, nothing from elsewhere. Pages need no JavaScript;
/// `script-src 'self'` leaves room for small progressive-enhancement files served by us.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub(crate) fn security_headers(settings: &Settings) -> DefaultHeaders {
    let mut headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        // Any response that names no cache policy of its own (see `respond`) is kept nowhere.
        .add((header::CACHE_CONTROL, CachePolicy::NoStore.header_value()));
    if settings.is_https() {
        headers = headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        ));
    }
    headers
}

/// The largest body each route accepts. The intake form carries a CV of at most 10 MB plus the
/// answers, the document uploads (`web::upload_body`) a document of at most 10 MB; everything
/// else is a small form.
pub(crate) const MAX_FORM_BYTES: u64 = 64 * 1024;
pub(crate) const MAX_APPLY_BYTES: u64 = 11 * 1024 * 1024;

fn body_limit_for(path: &str) -> u64 {
    if path == "/apply" || crate::web::upload_body::is_upload_path(path) {
        MAX_APPLY_BYTES
    } else {
        MAX_FORM_BYTES
    }
}

/// Refuses a body whose declared length is over the route's limit before reading any of it.
/// Bodies without a declared length are capped by the extractors' own limits.
pub(crate) async fn limit_body_size(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > body_limit_for(request.path())) {
        // The client's doing, not ours: a warning, never an error (issue 18).
        tracing::warn!("request body over the limit, answering 413");
        let response = actix_web::ResponseError::error_response(&AppError::PayloadTooLarge);
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// HEAD is GET without the body (RFC 9110 9.3.2): the request is routed as a GET, so every GET
/// route answers HEAD, routes added later included, with the same status and headers; actix-http
/// leaves the body out because the connection read a HEAD. The log line keeps the method sent.
pub(crate) async fn head_as_get(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if request.method() == Method::HEAD {
        request.head_mut().method = Method::GET;
    }
    next.call(request).await
}

/// Logs one line per request inside a span that carries the request id, the method and the route
/// pattern. Never the path, the query string, the client address or any header: paths and queries
/// can carry personal data (pre-filled forms), and addresses are personal data themselves.
pub(crate) async fn log_requests(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // A thread-local PRNG, not the OS: an id only correlates log lines, and new_v4's getrandom
    // system call on every request showed in the guide benchmark.
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
    // Written out once, for the span and the header: formatting a Uuid for each cost more than
    // the rest of the line (issue 17).
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let id = &*id.hyphenated().encode_lower(&mut text);
    let span =
        tracing::info_span!("request", request_id = %id, method = %request.method().as_str());
    let started = Instant::now();
    let outcome = next.call(request).instrument(span.clone()).await;
    // Whole microseconds: an integer is written in a few instructions, a float's shortest
    // decimal form takes thousands (issue 17).
    let elapsed_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let _entered = span.enter();
    match outcome {
        Ok(mut response) => {
            let status = response.status().as_u16();
            if let Ok(value) = HeaderValue::from_str(id) {
                response.headers_mut().insert(X_REQUEST_ID, value);
            }
            match response.request().match_pattern() {
                Some(route) => {
                    tracing::info!(status, route = %route, elapsed_us, "request finished")
                }
                None => {
                    tracing::info!(status, route = %"(unmatched)", elapsed_us, "request finished")
                }
            }
            Ok(response)
        }
        Err(error) => {
            tracing::error!(elapsed_us, error = %error, "request failed before a response");
            Err(error)
        }
    }
}

const X_REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// Replaces the plain-text bodies of actix-web's own errors (a malformed form, a wrong method, a
/// body over an extractor's limit) with the site's error page, so no internal message is shown.
pub(crate) fn render_plain_errors<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let is_probe = matches!(response.request().path(), "/healthz" | "/readyz");
    if is_html || is_probe {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let (request, _) = response.into_parts();
    let page = error_page(status);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, page).map_into_right_body(),
    ))
}
