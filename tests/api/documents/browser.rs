//! Documents in a real headless Chromium: a candidate on a phone (375 px) uploads a PDF from
//! their page, and a recruiter reads the checklist on the candidate page (1280 px); every page
//! passes the layout, console and axe-core (WCAG 2.1 A/AA) checks.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use super::*;
use crate::admin::{PASSWORD, add_recruiter};
use crate::portal::{candidate, link_in, mail_to, spawn_portal};
use crate::support::binary::free_port;
use crate::support::browser::{Browser, DESKTOP, PHONE, check_page};

const ANA: &str = "ana.docbrowser@example.com";

/// Waits for `target` (a path, or a path and its query) to be the loaded page. With a query, a
/// form that posts back to its own page is only done when the redirect's query shows: the path
/// alone is already there before the post, and an element found then goes stale.
async fn wait_for_path(browser: &Browser, target: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = browser.client.current_url().await.unwrap();
        let here = match url.query() {
            Some(query) if target.contains('?') => format!("{}?{query}", url.path()),
            _ => url.path().to_owned(),
        };
        if here == target {
            browser.wait_until_loaded().await;
            return;
        }
        assert!(
            Instant::now() < deadline,
            "never reached {target}, on {url}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_candidate_uploads_a_pdf_from_a_phone_and_a_recruiter_reads_the_checklist() {
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let origin = format!("http://127.0.0.1:{port}");
    let portal = spawn_portal(&[("BIND_ADDR", &bind), ("PUBLIC_URL", &origin)]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let file = std::env::temp_dir().join(format!("labminds-ielts-{port}.pdf"));
    std::fs::write(&file, pdf()).unwrap();

    let browser = Browser::start(PHONE).await;
    let c = &browser.client;
    // Sign in from the e-mail's link, as the candidate would.
    browser.goto(&app.url("/my-application")).await;
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(ANA)
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&browser, "/my-application/sent").await;
    let link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    browser.goto(&app.url(&link)).await;
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&browser, "/my-application").await;

    let mut problems =
        check_page(&browser, &app.url("/my-application/documents"), "documents").await;
    c.find(Locator::Css("#type option[value=english_test]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css(
        "form[enctype='multipart/form-data'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_for_path(&browser, "/my-application/documents?uploaded=1").await;
    let status = c
        .find(Locator::Css("li[data-type=english_test]"))
        .await
        .unwrap()
        .attr("data-status")
        .await
        .unwrap();
    assert_eq!(status.as_deref(), Some("received"));
    problems.extend(
        check_page(
            &browser,
            &app.url("/my-application/documents?uploaded=1"),
            "uploaded",
        )
        .await,
    );
    let stored = stored_documents(app).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].0, "english_test");
    browser.close().await;
    let _ = std::fs::remove_file(&file);

    // The recruiter's side at desktop width: the candidate page with its checklist, and the list.
    let browser = Browser::start(DESKTOP).await;
    let c = &browser.client;
    browser.goto(&app.url("/admin/login")).await;
    c.find(Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys("ana@labmindsstaffing.com")
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form.admin-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.current_url().await.unwrap().path() == "/admin/login" {
        assert!(Instant::now() < deadline, "the sign-in never went through");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let page = format!("/admin/candidates/{}", ana.candidate_id);
    problems.extend(check_page(&browser, &app.url(&page), "candidate page").await);
    let items = c
        .find_all(Locator::Css("#documents li[data-status]"))
        .await
        .unwrap();
    assert!(items.len() >= 5, "the checklist is on the page");
    problems.extend(check_page(&browser, &app.url("/admin/documents"), "documents list").await);
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}
