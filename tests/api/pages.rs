//! The site shell over HTTP: home page, error pages, security headers, compression, static files.

use crate::helpers::{attrs, spawn_app, spawn_app_with, texts};

const REQUIRED_HEADERS: &[&str] = &[
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
];

fn assert_security_headers(response: &reqwest::Response) {
    for name in REQUIRED_HEADERS {
        assert!(
            response.headers().contains_key(*name),
            "{name} missing on {} {}",
            response.status(),
            response.url()
        );
    }
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    for directive in [
        "default-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "CSP must not allow inline code: {csp}"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn home_page_has_one_h1_and_leads_to_the_guide_and_the_form() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/").await;
    assert_eq!(status, 200);
    assert_eq!(texts(&html, "h1").len(), 1);
    let links = attrs(&html, "main a", "href");
    assert!(
        links.iter().any(|l| l == "/guide"),
        "home links to the guide: {links:?}"
    );
    assert!(
        links.iter().any(|l| l == "/apply"),
        "home links to the form: {links:?}"
    );
    // The shell: skip link to main, landmarks, the contact address and a privacy link.
    assert_eq!(attrs(&html, "a.skip-link", "href"), vec!["#main"]);
    assert_eq!(attrs(&html, "main", "id"), vec!["main"]);
    assert_eq!(texts(&html, "header nav").len(), 1);
    assert!(
        texts(&html, "footer")
            .join(" ")
            .contains("support@labmindsstaffing.com")
    );
    assert!(
        attrs(&html, "footer a", "href")
            .iter()
            .any(|l| l == "/privacy")
    );
    assert_eq!(attrs(&html, "html", "lang"), vec!["en"]);
    assert_eq!(
        attrs(&html, "link[rel=stylesheet]", "href").len(),
        1,
        "one stylesheet"
    );
    assert!(texts(&html, "script").is_empty(), "no JavaScript needed");
}

#[tokio::test]
async fn unknown_page_gets_a_friendly_404_in_the_site_design() {
    let app = spawn_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), 404);
    assert_security_headers(&response);
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(texts(&html, "h1"), vec!["We could not find that page"]);
    assert_eq!(
        texts(&html, "header nav").len(),
        1,
        "the error page keeps the navigation"
    );
}

#[tokio::test]
async fn security_headers_are_on_200_404_and_413_responses() {
    let app = spawn_app().await;
    let ok = app.get("/").await;
    assert_eq!(ok.status(), 200);
    assert_security_headers(&ok);
    assert!(
        !ok.headers().contains_key("strict-transport-security"),
        "no HSTS over plain http"
    );

    let missing = app.get("/missing").await;
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing);

    let too_large = app
        .client
        .post(app.url("/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 200 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status(), 413);
    assert_security_headers(&too_large);
    let html = scraper::Html::parse_document(&too_large.text().await.unwrap());
    assert_eq!(texts(&html, "h1"), vec!["What you sent is too large"]);
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_url_is_https() {
    let app = spawn_app_with(&[("PUBLIC_URL", "https://labmindsstaffing.example")]).await;
    let response = app.get("/").await;
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=63072000"), "{hsts}");
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        vec!["https://labmindsstaffing.example/"]
    );
}

#[tokio::test]
async fn html_and_css_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
    let (_, html) = app.get_html("/").await;
    let css = attrs(&html, "link[rel=stylesheet]", "href").remove(0);
    let style = app
        .client
        .get(app.url(&css))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(style.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn static_files_have_a_versioned_url_and_a_long_cache() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    let css = attrs(&html, "link[rel=stylesheet]", "href").remove(0);
    assert!(css.starts_with("/static/style.css?v="), "{css}");
    let response = app.get(&css).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let etag = response.headers()["etag"].clone();
    let again = app
        .client
        .get(app.url(&css))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(app.get("/favicon.ico").await.status(), 200);
    assert_eq!(app.get("/static/nope.css").await.status(), 404);
}

#[tokio::test]
async fn malformed_requests_get_a_page_not_an_internal_message() {
    let app = spawn_app().await;
    let response = app.client.delete(app.url("/")).send().await.unwrap();
    assert!(response.status().is_client_error());
    assert_security_headers(&response);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}
