//! Attacks that only a real browser can judge, in headless Chromium:
//! - stored XSS: intake answers carrying markup that would fetch a canary URL (a listener this
//!   test owns) are shown on every dashboard page a recruiter opens; the canary must hear nothing,
//!   and the console must show no CSP violation (escaping, not only the CSP, stopped them);
//! - clickjacking: a page on another origin frames the login page; the frame must stay empty,
//!   while a frame of the attacker's own page (the control) renders, proving the check can see.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::Locator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::admin::PASSWORD;
use crate::helpers::{TestApp, spawn_app_with};
use crate::intake::{form_token, post_form, thanks_reference, valid_answers, with};
use crate::support::browser::{Browser, DESKTOP};

/// A tiny HTTP server on 127.0.0.1 that records the path of every request and answers `page`.
async fn listener(page: &'static str) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let paths = Arc::new(Mutex::new(Vec::new()));
    let seen = paths.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let n = stream.read(&mut buffer).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&buffer[..n]).into_owned();
            let path = head
                .split_whitespace()
                .nth(1)
                .unwrap_or("(none)")
                .to_owned();
            seen.lock().unwrap().push(path);
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    (port, paths)
}

/// The app on a port chosen up front, so PUBLIC_URL is the origin the browser really uses.
async fn app_for_the_browser() -> (TestApp, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let origin = format!("http://127.0.0.1:{port}");
    let bind = format!("127.0.0.1:{port}");
    let app = spawn_app_with(&[
        ("BIND_ADDR", &bind),
        ("PUBLIC_URL", &origin),
        ("FORM_MIN_FILL_SECONDS", "0"),
    ])
    .await;
    (app, origin)
}

async fn log_in(browser: &Browser, origin: &str) {
    let c = &browser.client;
    browser.goto(&format!("{origin}/admin/login")).await;
    c.find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys("ana@labmindsstaffing.com")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css(
        "form button[type=submit], form input[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let path = c.current_url().await.unwrap().path().to_owned();
        if path == "/admin" {
            break;
        }
        if path == "/admin/two-factor" {
            // An admin's first sign-in: set up the authenticator, as the person would.
            let secret = c
                .find(Locator::Css("#totp-secret"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let code = crate::team::code_for(&secret, 0);
            c.find(Locator::Css("#code"))
                .await
                .unwrap()
                .send_keys(&code)
                .await
                .unwrap();
            c.find(Locator::Css("form.admin-form button[type=submit]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            c.wait()
                .for_element(Locator::Css(".recovery-codes"))
                .await
                .unwrap();
            browser.goto(&format!("{origin}/admin")).await;
            continue;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "login did not reach /admin"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn stored_markup_from_the_intake_form_never_runs_on_dashboard_pages() {
    let (canary_port, canary_paths) = listener("canary").await;
    let (app, origin) = app_for_the_browser().await;
    // An admin, so the erase page (admins only) is checked too.
    crate::team::add_admin(&app, "ana@labmindsstaffing.com").await;
    let canary = format!("http://127.0.0.1:{canary_port}");
    // Every payload's URL has "payload" in its path; the browser's own requests (the control
    // page, its favicon) do not.
    let payload = format!(
        "<img src={canary}/payload-img><script>fetch('{canary}/payload-script')</script>\
         \"><svg onload=fetch('{canary}/payload-svg')><iframe src={canary}/payload-frame></iframe>"
    );
    let token = form_token(&app).await;
    let mut answers = valid_answers(&token);
    // The whole payload where it fits (the message); shorter ones in the fields with small limits.
    let short =
        format!("<img src={canary}/payload-short><script>fetch('{canary}/payload-s')</script>");
    answers = with(answers, "message", &payload);
    for field in ["heard_about_detail", "utm_source", "utm_campaign", "ref"] {
        answers = with(answers, field, &short);
    }
    let reference = thanks_reference(&post_form(&app, &answers).await);
    let candidate_id: uuid::Uuid =
        sqlx::query_scalar("select candidate_id from applications where reference = $1")
            .bind(&reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();

    let browser = Browser::start(DESKTOP).await;
    // The control: the browser can reach the canary, so a payload that ran would be heard.
    browser.goto(&format!("{canary}/reachable")).await;
    let reachable = canary_paths
        .lock()
        .unwrap()
        .iter()
        .any(|p| p == "/reachable");
    assert!(
        reachable,
        "the browser cannot reach the canary: the check is blind"
    );
    log_in(&browser, &origin).await;
    let mut violations = Vec::new();
    for path in [
        "/admin".to_owned(),
        "/admin/candidates".to_owned(),
        format!(
            "/admin/candidates?q={}",
            url::form_urlencoded::byte_serialize(payload.as_bytes()).collect::<String>()
        ),
        format!("/admin/candidates/{candidate_id}"),
        format!("/admin/candidates/{candidate_id}/erase"),
    ] {
        browser.goto(&format!("{origin}{path}")).await;
        // Any injected image, script or frame has loaded (or been refused) once the page has.
        browser.wait_until_loaded().await;
        let source = browser.client.source().await.unwrap();
        if path.contains(&candidate_id.to_string()) && !path.ends_with("erase") {
            assert!(
                source.contains("&lt;script&gt;fetch("),
                "{path}: the answer is shown as text"
            );
        }
        violations.extend(
            browser
                .console_errors()
                .await
                .into_iter()
                .map(|e| format!("{path}: {e}")),
        );
    }
    browser.close().await;
    let heard: Vec<String> = canary_paths
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.contains("payload"))
        .cloned()
        .collect();
    assert!(
        heard.is_empty(),
        "markup ran on a dashboard page: the canary heard {heard:?}"
    );
    assert!(
        violations.is_empty(),
        "console errors (a CSP violation means markup was injected): {violations:#?}"
    );
}

#[tokio::test]
async fn another_site_framing_the_login_page_gets_an_empty_frame() {
    let (app, origin) = app_for_the_browser().await;
    let _ = &app;
    // The attacker's page frames the login page, and (as a control) a page of its own.
    let page: &'static str = Box::leak(
        format!(
            "<!doctype html><title>attacker</title>\
             <iframe id=victim src=\"{origin}/admin/login\"></iframe>\
             <iframe id=control src=\"/control\"></iframe>"
        )
        .into_boxed_str(),
    );
    let (attacker_port, _) = listener(page).await;
    let browser = Browser::start(DESKTOP).await;
    browser
        .goto(&format!("http://127.0.0.1:{attacker_port}/"))
        .await;
    browser.wait_until_loaded().await;
    let c = &browser.client;

    // The control frame renders (here, the same attacker page again: it has a title).
    c.enter_frame(1).await.unwrap();
    let control = c.source().await.unwrap();
    c.enter_parent_frame().await.unwrap();
    assert!(
        control.contains("attacker"),
        "the control frame did not render: the check is blind"
    );

    // The victim frame shows no login form.
    c.enter_frame(0).await.unwrap();
    let framed = c.find(Locator::Css("input[name=password]")).await;
    let source = c.source().await.unwrap_or_default();
    let location = c
        .execute("return String(document.location.href)", vec![])
        .await;
    c.enter_parent_frame().await.unwrap();
    browser.close().await;
    assert!(
        framed.is_err(),
        "the login form rendered inside another site's frame"
    );
    assert!(
        !source.contains("password"),
        "the framed document has the login page"
    );
    // Chromium replaces a refused frame with its own error document.
    let location = location
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(
        !location.starts_with(&origin),
        "the frame holds our page: {location}"
    );
}
