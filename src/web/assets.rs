//! Static files, compiled into the binary so one file is all an operator deploys.
//!
//! Each file is served at `/static/<name>?v=<fingerprint>` with a year-long immutable cache; the
//! fingerprint is a hash of the content, so a new release changes the URL and browsers refetch.

use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::AppError;

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

pub const ASSETS: &[Asset] = &[
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
    etag: String,
    href: String,
}

fn fingerprints() -> &'static [Fingerprinted] {
    static CELL: OnceLock<Vec<Fingerprinted>> = OnceLock::new();
    CELL.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let digest = Sha256::digest(asset.bytes);
                let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
                Fingerprinted {
                    etag: format!("\"{hex}\""),
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
pub fn href(name: &str) -> &'static str {
    let i = index_of(name).unwrap_or_else(|| panic!("unknown static asset {name}"));
    &fingerprints()[i].href
}

pub async fn serve_asset(
    name: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let i = index_of(&name).ok_or(AppError::NotFound)?;
    Ok(asset_response(i, &request))
}

/// Browsers ask for /favicon.ico on their own, whatever the page links.
pub async fn serve_favicon(request: HttpRequest) -> HttpResponse {
    let i = index_of("favicon.ico").expect("favicon.ico is in ASSETS");
    asset_response(i, &request)
}

fn asset_response(i: usize, request: &HttpRequest) -> HttpResponse {
    let asset = &ASSETS[i];
    let etag = &fingerprints()[i].etag;
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .insert_header((header::ETAG, etag.as_str()));
    if fresh {
        response.finish()
    } else {
        response.content_type(asset.content_type).body(asset.bytes)
    }
}
