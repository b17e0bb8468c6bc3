//! Pages that are the same for every visitor for the life of the process (the home page and the
//! guide: facts are compiled in, settings fixed at start-up), rendered once and kept in memory
//! with precompressed gzip and brotli bodies.
//!
//! Without it every visit re-rendered the page and compressed it again, in actix's blocking
//! thread pool; with it a visit is a hash look-up and a copy of bytes (bench/results has the
//! before and after). Responses carry `Vary: Accept-Encoding` and a weak ETag, and answer a
//! matching `If-None-Match` with 304. A response that already has `Content-Encoding` is passed
//! through untouched by `web::compress`, so nothing is compressed twice.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

use crate::web::error::AppError;
use crate::web::respond::{self, CachePolicy, Validated};

const BR: HeaderValue = HeaderValue::from_static("br");
const GZIP: HeaderValue = HeaderValue::from_static("gzip");

/// The same for every visitor; browsers may reuse a copy for five minutes, then revalidate.
const POLICY: CachePolicy = CachePolicy::Public { max_age: 300 };

/// Cached pages by path. Bounded by the site's own page list: only paths that rendered a page
/// are stored (an unknown state slug is a 404 before it gets here).
#[derive(Default)]
pub(crate) struct PageCache {
    pages: RwLock<HashMap<String, Arc<CachedPage>>>,
}

impl PageCache {
    /// The cached page at `path`, rendering and compressing it on first use. Two workers may race
    /// to render the same page once; both results are identical, the last one stays.
    pub(crate) fn get_or_render(
        &self,
        path: &str,
        render: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<Arc<CachedPage>, AppError> {
        if let Some(page) = self.read().get(path) {
            return Ok(Arc::clone(page));
        }
        let page = Arc::new(CachedPage::new(render()?));
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        pages.insert(path.to_owned(), Arc::clone(&page));
        Ok(page)
    }

    /// Serves `path` from the cache (rendering it first if needed), negotiated for `request`.
    pub(crate) fn respond(
        &self,
        request: &HttpRequest,
        path: &str,
        render: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<HttpResponse, AppError> {
        Ok(self.get_or_render(path, render)?.respond(request))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<CachedPage>>> {
        // A panic while holding the lock cannot leave the map half-written: insert is one call.
        self.pages.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// One page in its three encodings.
pub(crate) struct CachedPage {
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    etag: HeaderValue,
}

/// The encodings a cached page is kept in, in the server's order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl CachedPage {
    /// Compresses at the highest levels: it happens once per page per process, and every later
    /// visitor on a slow link gets the smallest body.
    pub(crate) fn new(html: String) -> Self {
        let identity = Bytes::from(html);
        let hex = crate::crypto::fingerprint(&identity, 8);
        // Weak: the three encodings are the same page, not the same bytes (RFC 9110 8.8.1).
        let etag = HeaderValue::from_str(&format!("W/\"{hex}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
        CachedPage {
            gzip: gzip(&identity),
            brotli: brotli(&identity),
            identity,
            etag,
        }
    }

    pub(crate) fn body(&self, coding: Coding) -> &Bytes {
        match coding {
            Coding::Brotli => &self.brotli,
            Coding::Gzip => &self.gzip,
            Coding::Identity => &self.identity,
        }
    }

    pub(crate) fn respond(&self, request: &HttpRequest) -> HttpResponse {
        let Validated {
            fresh,
            mut response,
        } = respond::validated(request, POLICY, &self.etag);
        response.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
        if fresh {
            return response.finish();
        }
        let accept = request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let coding = choose_coding(accept);
        // The plain page goes out with no Content-Encoding: `web::compress` sends it as it is,
        // since this client accepts neither coding.
        // Static header values: a `&str` would be checked and copied on every visit.
        match coding {
            Coding::Brotli => response.insert_header((header::CONTENT_ENCODING, BR)),
            Coding::Gzip => response.insert_header((header::CONTENT_ENCODING, GZIP)),
            Coding::Identity => &mut response,
        };
        response
            .insert_header((
                header::CONTENT_TYPE,
                HeaderValue::from_static(respond::HTML),
            ))
            .body(self.body(coding).clone())
    }
}

/// The client's q-value for `coding` in an Accept-Encoding value (`*` counts for unlisted ones).
fn quality(accept: &str, coding: &str) -> f32 {
    let mut wildcard = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q;
        }
        if name == "*" {
            wildcard = Some(q);
        }
    }
    wildcard.unwrap_or(0.0)
}

/// Brotli when the client accepts it at least as much as gzip (it is smaller), then gzip, then
/// the plain page. Browsers list gzip first, so the client's order is not a preference.
pub(crate) fn choose_coding(accept: &str) -> Coding {
    let (br, gz) = (quality(accept, "br"), quality(accept, "gzip"));
    if br > 0.0 && br >= gz {
        Coding::Brotli
    } else if gz > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

fn gzip(bytes: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    Bytes::from(encoder.finish().unwrap_or_default())
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        // Quality 11, 4 MiB window: the smallest output; about 50 ms for a large page, once.
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = writer.write_all(bytes);
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn brotli_is_chosen_when_accepted_then_gzip_then_identity() {
        assert_eq!(choose_coding("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(choose_coding("gzip"), Coding::Gzip);
        assert_eq!(choose_coding("br;q=0.5, gzip"), Coding::Gzip);
        assert_eq!(choose_coding("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(choose_coding(""), Coding::Identity);
        assert_eq!(choose_coding("identity"), Coding::Identity);
        assert_eq!(choose_coding("*"), Coding::Brotli);
        assert_eq!(choose_coding("GZIP;q=0.8"), Coding::Gzip);
    }

    #[test]
    fn every_encoding_decodes_to_the_same_html() {
        let html = "<!doctype html><p>Ünïcode and repetition</p>".repeat(200);
        let page = CachedPage::new(html.clone());
        assert_eq!(page.body(Coding::Identity).as_ref(), html.as_bytes());
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(page.body(Coding::Gzip).as_ref())
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, html);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(page.body(Coding::Brotli).as_ref(), 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, html);
        assert!(page.body(Coding::Brotli).len() < html.len() / 10);
    }

    #[test]
    fn a_page_is_rendered_once() {
        let cache = PageCache::default();
        let mut renders = 0;
        for _ in 0..3 {
            cache
                .get_or_render("/x", || {
                    renders += 1;
                    Ok("<p>x</p>".to_owned())
                })
                .unwrap();
        }
        assert_eq!(renders, 1);
    }
}
