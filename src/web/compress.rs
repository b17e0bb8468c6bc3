//! Compression of the responses that are not compressed yet (issue 17).
//!
//! actix's `Compress` middleware parses the request's Accept-Encoding into a list and the
//! response's Content-Type into a MIME type on every request, and wraps every body in its
//! encoder, even a cached page that carries its own Content-Encoding and goes through untouched:
//! about a tenth of a guide page's instructions. Here a response that is already encoded (the
//! page cache's, see `web::page_cache`) or has no body to compress is passed on as it is, before
//! anything is parsed; the others get actix's own encoder (`actix_http::encoding::Encoder`, the
//! one `Compress` uses, with its levels and its thread pool for large bodies), in the coding the
//! page cache would choose for the same client.

use actix_http::encoding::Encoder;
use actix_web::Error;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding};
use actix_web::middleware::Next;

use crate::web::page_cache::{Coding, choose_coding};

/// Bodies smaller than this are sent as they are: compressing them saves less than the
/// Content-Encoding and Vary headers cost (a redirect's or a 304's empty body, a short error).
const MIN_BYTES: u64 = 256;

pub(crate) async fn compress_responses(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, impl MessageBody>>, Error> {
    let response = next.call(request).await?;
    let Some(coding) = coding_for(&response) else {
        return Ok(response.map_into_left_body());
    };
    Ok(response
        .map_body(|head, body| Encoder::response(coding, head, body))
        .map_into_right_body())
}

/// The coding to compress `response` with, or None to send it as it is.
fn coding_for<B: MessageBody>(response: &ServiceResponse<B>) -> Option<ContentEncoding> {
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING) {
        return None;
    }
    match response.response().body().size() {
        BodySize::Sized(n) if n < MIN_BYTES => return None,
        BodySize::None => return None,
        _ => {}
    }
    // The client's wish first: a client that sends no Accept-Encoding (or none of ours) costs
    // nothing more here, whatever the body.
    let coding = match choose_coding(
        response
            .request()
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())?,
    ) {
        Coding::Brotli => ContentEncoding::Brotli,
        Coding::Gzip => ContentEncoding::Gzip,
        Coding::Identity => return None,
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    is_compressible(content_type).then_some(coding)
}

/// Text is worth compressing; images (but SVG), audio, video, PDFs and archives are compressed
/// already (a candidate's uploaded scan, say), and compressing them again only costs time.
fn is_compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let is = |kind: &str| essence.eq_ignore_ascii_case(kind);
    let starts = |prefix: &str| {
        essence
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if is("image/svg+xml") {
        return true;
    }
    !(starts("image/")
        || starts("audio/")
        || starts("video/")
        || [
            "application/pdf",
            "application/zip",
            "application/gzip",
            "font/woff2",
        ]
        .into_iter()
        .any(is))
}

#[cfg(test)]
mod tests {
    use super::is_compressible;

    #[test]
    fn text_is_compressed_and_compressed_formats_are_not() {
        for kind in [
            "text/html; charset=utf-8",
            "text/css",
            "text/csv; charset=utf-8",
            "text/calendar",
            "application/json",
            "image/svg+xml",
            "",
        ] {
            assert!(is_compressible(kind), "{kind}");
        }
        for kind in [
            "image/png",
            "IMAGE/JPEG",
            "application/pdf",
            "video/mp4",
            "font/woff2",
        ] {
            assert!(!is_compressible(kind), "{kind}");
        }
    }
}
