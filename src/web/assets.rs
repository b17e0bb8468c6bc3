//! Static files, compiled into the binary so one file is all an operator deploys.
//!
//! Each file is served at `/static/<name>?v=<fingerprint>` with a year-long immutable cache; the
//! fingerprint is a hash of the content, so a new release changes the URL and browsers refetch.

use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::error::AppError;
use crate::web::respond::{self, CachePolicy, Validated};

pub(crate) struct Asset {
    pub(crate) name: &'static str,
    pub(crate) content_type: &'static str,
    pub(crate) bytes: &'static [u8],
}

pub(crate) const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../static/style.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../static/favicon.svg"),
    },
    Asset {
        name: "favicon.ico",
        content_type: "image/x-icon",
        bytes: include_bytes!("../../static/favicon.ico"),
    },
];

struct Fingerprinted {
    etag: HeaderValue,
    href: String,
}

fn fingerprints() -> &'static [Fingerprinted] {
    static CELL: OnceLock<Vec<Fingerprinted>> = OnceLock::new();
    CELL.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let hex = crate::crypto::fingerprint(asset.bytes, 6);
                Fingerprinted {
                    etag: HeaderValue::from_str(&format!("\"{hex}\""))
                        .unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
                    href: format!("/static/{}?v={hex}", asset.name),
                }
            })
            .collect()
    })
}

fn index_of(name: &str) -> Option<usize> {
    ASSETS.iter().position(|a| a.name == name)
}

/// The versioned URL of an asset. Panics on an unknown name: a typo in a template is a bug caught
/// by every page test.
pub(crate) fn href(name: &str) -> &'static str {
    let i = index_of(name).unwrap_or_else(|| panic!("unknown static asset {name}"));
    &fingerprints()[i].href
}

pub(crate) async fn serve_asset(
    name: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let i = index_of(&name).ok_or(AppError::NotFound)?;
    Ok(asset_response(i, &request))
}

/// Browsers ask for /favicon.ico on their own, whatever the page links.
pub(crate) async fn serve_favicon(request: HttpRequest) -> HttpResponse {
    let i = index_of("favicon.ico").expect("favicon.ico is in ASSETS");
    asset_response(i, &request)
}

fn asset_response(i: usize, request: &HttpRequest) -> HttpResponse {
    let asset = &ASSETS[i];
    let Validated {
        fresh,
        mut response,
    } = respond::validated(request, CachePolicy::Immutable, &fingerprints()[i].etag);
    if fresh {
        response.finish()
    } else {
        response.content_type(asset.content_type).body(asset.bytes)
    }
}
