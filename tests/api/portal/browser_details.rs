//! The details page and the change of e-mail address in a real headless Chromium: the details
//! form, edited and saved (and sent back with a mistake), at phone (375 px) and desktop
//! (1280 px) widths; the address change from its form to the confirmed page at 375 px, with the
//! link read from the delivered mail. Every page passes the layout, console and axe-core checks.

use fantoccini::Locator;

use super::browser::{click, wait_for_path};
use super::*;
use crate::support::binary::free_port;
use crate::support::browser::{Browser, DESKTOP, PHONE, check_current, check_page};

const ANA: &str = "ana.browser.details@example.com";
const NEW: &str = "ana.browser.new@example.org";

/// The app served on its own PUBLIC_URL (the browser's Origin must be the app's), with Ana on
/// file, and a browser at `size` signed in as her from the e-mail's link.
async fn signed_in_browser(size: (u32, u32)) -> (Portal, Browser) {
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let origin = format!("http://127.0.0.1:{port}");
    let portal = spawn_portal(&[("BIND_ADDR", &bind), ("PUBLIC_URL", &origin)]).await;
    candidate(&portal.app, ANA).await;
    let browser = Browser::start(size).await;
    browser.goto(&portal.app.url("/my-application")).await;
    type_into(&browser, "email", ANA).await;
    click(&browser, "form button[type=submit]").await;
    wait_for_path(&browser, "/my-application/sent").await;
    let link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    browser.goto(&portal.app.url(&link)).await;
    click(&browser, "form button[type=submit]").await;
    wait_for_path(&browser, "/my-application").await;
    (portal, browser)
}

async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn the_details_page_edited_and_saved_is_accessible_on_a_phone_and_a_desktop() {
    let mut problems = Vec::new();
    for (size, width) in [(PHONE, "375"), (DESKTOP, "1280")] {
        let (portal, browser) = signed_in_browser(size).await;
        let app = &portal.app;
        let details = app.url("/my-application/details");
        problems.extend(check_page(&browser, &details, &format!("details {width}")).await);
        // A mistake: the 422 page with its message beside the field.
        type_into(&browser, "phone", "12").await;
        click(
            &browser,
            "form[action='/my-application/details'] button[type=submit]",
        )
        .await;
        wait_for_path(&browser, "/my-application/details").await;
        let errors = browser
            .client
            .find_all(Locator::Css("#phone-error"))
            .await
            .unwrap();
        assert_eq!(errors.len(), 1, "the phone's message at {width}");
        problems.extend(check_current(&browser, &details, &format!("details 422 {width}")).await);
        // Put right and saved: the form again, with its notice.
        type_into(&browser, "phone", "+63 918 765 4321").await;
        click(
            &browser,
            "form[action='/my-application/details'] button[type=submit]",
        )
        .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while browser.client.current_url().await.unwrap().query() != Some("saved=1") {
            if Instant::now() > deadline {
                let errors = browser
                    .client
                    .find_all(Locator::Css(".field-error"))
                    .await
                    .unwrap();
                let mut texts = Vec::new();
                for e in errors {
                    texts.push(e.text().await.unwrap());
                }
                let url = browser.client.current_url().await.unwrap();
                panic!("never saved at {width}: on {url}, {texts:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        browser.wait_until_loaded().await;
        let notice = browser
            .client
            .find_all(Locator::Css("p.note[role=status]"))
            .await
            .unwrap();
        assert_eq!(notice.len(), 1, "the saved notice at {width}");
        let saved = app.url("/my-application/details?saved=1");
        problems.extend(check_current(&browser, &saved, &format!("details saved {width}")).await);
        browser.close().await;
    }
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_change_of_address_on_a_phone_is_accessible_from_form_to_confirmation() {
    let (portal, browser) = signed_in_browser(PHONE).await;
    let app = &portal.app;
    let form = app.url("/my-application/email");
    let mut problems = check_page(&browser, &form, "address form").await;
    type_into(&browser, "email", "not an address").await;
    click(
        &browser,
        "form[action='/my-application/email'] button[type=submit]",
    )
    .await;
    wait_for_path(&browser, "/my-application/email").await;
    problems.extend(check_current(&browser, &form, "address 422").await);
    type_into(&browser, "email", NEW).await;
    click(
        &browser,
        "form[action='/my-application/email'] button[type=submit]",
    )
    .await;
    wait_for_path(&browser, "/my-application/email/sent").await;
    problems.extend(check_current(&browser, &app.url("/my-application/email/sent"), "sent").await);
    let message = mail_to(&portal, NEW, 1).await;
    let text = message.body("text/plain").unwrap();
    let start = text.find("/my-application/email/").unwrap();
    let link: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-'))
        .collect();
    problems.extend(check_page(&browser, &app.url(&link), "confirm").await);
    click(&browser, "form button[type=submit]").await;
    wait_for_path(&browser, "/my-application/email/changed").await;
    let changed = app.url("/my-application/email/changed");
    problems.extend(check_current(&browser, &changed, "changed").await);
    problems.extend(check_page(&browser, &app.url(&link), "a used link").await);
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}
