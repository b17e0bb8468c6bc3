//! Static files, compiled into the binary so one file is all an operator deploys, and their
//! versioned URLs for the templates.
//!
//! Each file is served (`static_files`) at `/static/<name>?v=<fingerprint>` with a year-long
//! immutable cache; the fingerprint is a hash of the content, so a new release changes the URL
//! and browsers refetch.

use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;

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

/// The asset of that name and its strong ETag (the content's fingerprint).
pub(crate) fn find(name: &str) -> Option<(&'static Asset, &'static HeaderValue)> {
    index_of(name).map(|i| (&ASSETS[i], &fingerprints()[i].etag))
}
