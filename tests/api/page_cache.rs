//! The page cache (src/web/page_cache.rs) over HTTP: the home page and the guide are served from
//! memory, precompressed, and must answer exactly as a fresh render would.

use std::io::Read;

use labminds::web::AppState;

use crate::helpers::{spawn_app, test_settings};

/// The cached paths, one of each kind of handler.
const PATHS: &[&str] = &[
    "/",
    "/guide",
    "/certification",
    "/licensure",
    "/licensure/california",
    "/faq",
    "/privacy",
];

async fn get(
    app: &crate::helpers::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request failed")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn cached_pages_answer_identically_to_a_fresh_render() {
    let app = spawn_app().await;
    // The same settings the app runs with: the fresh render must see the same origin.
    let settings = test_settings(&app.db, &app.mail_dir, &[]);
    let state = AppState::new(app.pool.clone(), settings);
    for path in PATHS {
        let fresh = if *path == "/" {
            labminds::web::pages::HomePage::html(&state).unwrap()
        } else {
            labminds::web::guide::render_fresh(&state, path)
                .unwrap()
                .unwrap()
        };
        // The first request renders and caches, the second is served from the cache.
        for round in ["first", "cached"] {
            let response = get(&app, path, &[]).await;
            assert_eq!(response.status(), 200, "{path} {round}");
            assert!(response.headers().get("content-encoding").is_none());
            assert_eq!(response.text().await.unwrap(), fresh, "{path} {round}");
        }
    }
}

#[tokio::test]
async fn gzip_and_brotli_bodies_decode_to_the_same_html() {
    let app = spawn_app().await;
    for path in PATHS {
        let plain = get(&app, path, &[]).await.bytes().await.unwrap();
        let gz = get(&app, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.headers()["content-encoding"], "gzip", "{path}");
        assert_eq!(gz.headers()["vary"], "Accept-Encoding", "{path}");
        assert_eq!(gunzip(&gz.bytes().await.unwrap()), plain.as_ref(), "{path}");
        // Browsers list gzip first; brotli is smaller, so it wins.
        let br = get(
            &app,
            path,
            &[("accept-encoding", "gzip, deflate, br, zstd")],
        )
        .await;
        assert_eq!(br.headers()["content-encoding"], "br", "{path}");
        let br_body = br.bytes().await.unwrap();
        assert!(
            br_body.len() < plain.len() / 3,
            "{path} is barely compressed"
        );
        assert_eq!(unbrotli(&br_body), plain.as_ref(), "{path}");
    }
}

#[tokio::test]
async fn cached_pages_keep_every_security_header_and_answer_304_to_their_etag() {
    let app = spawn_app().await;
    let response = get(&app, "/certification", &[("accept-encoding", "br")]).await;
    let headers = response.headers().clone();
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(headers.contains_key(name), "{name} missing");
    }
    assert_eq!(headers["cache-control"], "public, max-age=300");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");

    let again = get(&app, "/certification", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    let other = get(&app, "/certification", &[("if-none-match", "W/\"other\"")]).await;
    assert_eq!(other.status(), 200);
    // A different page has a different validator.
    let faq = get(&app, "/faq", &[]).await;
    assert_ne!(faq.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn an_unknown_state_is_a_404_and_not_cached() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let response = get(&app, "/licensure/atlantis", &[("accept-encoding", "gzip")]).await;
        assert_eq!(response.status(), 404);
        assert!(response.headers().get("etag").is_none());
    }
}

/// Responses that are not cached (a form with its own token, the stylesheet) are compressed as
/// they go out (`web::compress`), in the coding the client prefers; bodies that are compressed
/// already (the icon) and clients that ask for nothing get the bytes as they are.
#[tokio::test]
async fn other_responses_are_compressed_as_they_go_out_unless_compressed_already() {
    let app = spawn_app().await;
    let plain = get(&app, "/apply", &[]).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    assert!(plain.contains("</html>"));

    let gz = get(&app, "/apply", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.status(), 200);
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let html = String::from_utf8(gunzip(&gz.bytes().await.unwrap())).unwrap();
    assert!(
        html.contains("</html>") && html.contains("name=\"email\""),
        "{html}"
    );

    let br = get(&app, "/apply", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.headers()["content-encoding"], "br");
    let html = String::from_utf8(unbrotli(&br.bytes().await.unwrap())).unwrap();
    assert!(html.contains("</html>"), "{html}");

    let css_path = "/static/style.css";
    let css = get(&app, css_path, &[]).await.bytes().await.unwrap();
    let css_gz = get(&app, css_path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(css_gz.headers()["content-encoding"], "gzip");
    assert_eq!(gunzip(&css_gz.bytes().await.unwrap()), css.as_ref());

    // The icon: an image format, sent as it is whatever the client accepts.
    let ico = get(&app, "/favicon.ico", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(ico.status(), 200);
    assert!(ico.headers().get("content-encoding").is_none());
    assert_eq!(
        ico.bytes().await.unwrap().as_ref(),
        include_bytes!("../../static/favicon.ico")
    );
}
