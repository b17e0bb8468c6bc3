//! "My application" in a real headless Chromium at phone width (375 px), from the e-mail's link:
//! ask for a link, open it, continue, read the page, the copy of one's data, the request form and
//! the erasure page (and the pages after a request and an erasure); every page passes the layout, console and axe-core (WCAG 2.1 A/AA) checks.

use fantoccini::Locator;

use super::*;
use crate::support::binary::free_port;
use crate::support::browser::{Browser, PHONE, check_page};

const ANA: &str = "ana.browser@example.com";

pub(super) async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits until the browser is on `path` (a click returns before the navigation ends).
pub(super) async fn wait_for_path(browser: &Browser, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = browser.client.current_url().await.unwrap();
        if url.path() == path {
            browser.wait_until_loaded().await;
            return;
        }
        assert!(Instant::now() < deadline, "never reached {path}, on {url}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_candidate_on_a_phone_signs_in_from_the_email_and_every_page_is_accessible() {
    // The browser's Origin must be the app's own: PUBLIC_URL is the address it serves.
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let origin = format!("http://127.0.0.1:{port}");
    let portal = spawn_portal(&[("BIND_ADDR", &bind), ("PUBLIC_URL", &origin)]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let browser = Browser::start(PHONE).await;
    let mut problems = check_page(&browser, &app.url("/my-application"), "request form").await;

    browser
        .client
        .find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(ANA)
        .await
        .unwrap();
    click(&browser, "form button[type=submit]").await;
    wait_for_path(&browser, "/my-application/sent").await;
    problems.extend(check_page(&browser, &app.url("/my-application/sent"), "sent").await);

    let link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    problems.extend(check_page(&browser, &app.url(&link), "continue").await);
    click(&browser, "form button[type=submit]").await;
    wait_for_path(&browser, "/my-application").await;
    let references = browser
        .client
        .find_all(Locator::Css("table td"))
        .await
        .unwrap();
    assert!(
        !references.is_empty(),
        "signed in, the page lists the application"
    );
    let key = b"test-secret-key-0123456789abcdef0123456789";
    let unsubscribe = labminds::portal::consents::unsubscribe_path(key, ana.candidate_id);
    for (path, label) in [
        ("/my-application", "the page"),
        ("/my-application/data", "everything held"),
        ("/my-application/request", "request form"),
        ("/my-application/calendar", "calendar feed"),
        ("/my-application/erase", "erase"),
        ("/my-application/request/sent", "request sent"),
        (link.as_str(), "a used link"),
        ("/my-application/erased", "erased"),
        (unsubscribe.as_str(), "unsubscribe"),
    ] {
        problems.extend(check_page(&browser, &app.url(path), label).await);
    }
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}
