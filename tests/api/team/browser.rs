//! The whole journey in headless Chromium at 1280 px, with axe-core on every page: an admin's
//! first sign-in (password, then setting up the authenticator), the invitation from the team
//! page, the invitee's link, password, enrolment, and a later two-step sign-in. No JavaScript.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::*;
use crate::support::browser::{Browser, DESKTOP};

async fn wait_for_path(c: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.current_url().await.unwrap().path() != path {
        assert!(Instant::now() < deadline, "never reached {path}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let field = c.wait().for_element(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn press(c: &Client, label: &str) {
    c.find(Locator::XPath(&format!(
        "//button[normalize-space()='{label}']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
}

async fn check(browser: &Browser, label: &str, problems: &mut Vec<String>) {
    browser.wait_until_loaded().await;
    if browser.scrolls_horizontally().await {
        problems.push(format!("{label}: scrolls horizontally"));
    }
    for error in browser.console_errors().await {
        problems.push(format!("{label}: console error: {error}"));
    }
    for violation in browser.axe_violations().await {
        problems.push(format!("{label}: axe: {violation}"));
    }
}

/// On the enrolment page: reads the key, types the app's code `steps` ahead, and continues.
async fn enrol_in_browser(browser: &Browser, problems: &mut Vec<String>) -> String {
    let c = &browser.client;
    wait_for_path(c, "/admin/two-factor").await;
    check(browser, "two-factor set-up", problems).await;
    let secret = c
        .find(Locator::Css("#totp-secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    type_into(c, "#code", &code_for(&secret, 0)).await;
    press(c, "Turn on two-factor sign-in").await;
    c.wait()
        .for_element(Locator::Css(".recovery-codes"))
        .await
        .unwrap();
    check(browser, "recovery codes", problems).await;
    let codes = c
        .find_all(Locator::Css(".recovery-codes code"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    c.find(Locator::LinkText("Continue to the dashboard"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, "/admin").await;
    secret
}

async fn password_in_browser(browser: &Browser, origin: &str, email: &str) {
    let c = &browser.client;
    browser.goto(&format!("{origin}/admin/login")).await;
    type_into(c, "#email", email).await;
    type_into(c, "#password", PASSWORD).await;
    press(c, "Sign in").await;
}

#[tokio::test]
async fn an_invitation_leads_to_a_first_two_step_sign_in_in_a_real_browser() {
    let port = crate::support::binary::free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let bind = format!("127.0.0.1:{port}");
    let team = spawn_team(&[("BIND_ADDR", &bind), ("PUBLIC_URL", &origin)]).await;
    let app = &team.app;
    add_admin(app, "maria@labmindsstaffing.com").await;
    let browser = Browser::start(DESKTOP).await;
    let c = &browser.client;
    let mut problems = Vec::new();

    // The admin's first sign-in sets up two-factor sign-in, then the team page invites Lee.
    browser.goto(&format!("{origin}/admin/login")).await;
    check(&browser, "sign-in", &mut problems).await;
    password_in_browser(&browser, &origin, "maria@labmindsstaffing.com").await;
    enrol_in_browser(&browser, &mut problems).await;
    c.find(Locator::LinkText("Team"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, "/admin/team").await;
    check(&browser, "team", &mut problems).await;
    type_into(c, "#invite-email", "lee@labmindsstaffing.com").await;
    press(c, "Send the invitation").await;
    c.wait()
        .for_element(Locator::Css("p.note[role=status]"))
        .await
        .unwrap();
    check(&browser, "team after inviting", &mut problems).await;
    press(c, "Sign out (Maria Santos)").await;
    wait_for_path(c, "/admin/login").await;

    // Lee opens the e-mailed link, chooses a name, time zone and password, and enrols.
    let messages = team.delivered_to("lee@labmindsstaffing.com").await;
    let link = link_in(&messages[0], "/admin/invitation/").unwrap();
    assert!(link.starts_with(&origin), "{link}");
    browser.goto(&link).await;
    check(&browser, "invitation", &mut problems).await;
    type_into(c, "#display_name", "Lee Chen").await;
    type_into(c, "#time_zone", "Asia/Manila").await;
    type_into(c, "#password", PASSWORD).await;
    press(c, "Create my account").await;
    let secret = enrol_in_browser(&browser, &mut problems).await;
    check(&browser, "first dashboard page", &mut problems).await;
    press(c, "Sign out (Lee Chen)").await;
    wait_for_path(c, "/admin/login").await;

    // The next sign-in takes both steps.
    password_in_browser(&browser, &origin, "lee@labmindsstaffing.com").await;
    wait_for_path(c, "/admin/login/code").await;
    check(&browser, "sign-in code", &mut problems).await;
    type_into(c, "#code", &code_for(&secret, 1)).await;
    press(c, "Sign in").await;
    wait_for_path(c, "/admin").await;
    c.find(Locator::LinkText("Your account"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, "/admin/account").await;
    check(&browser, "account and sessions", &mut problems).await;
    let sessions = c
        .find_all(Locator::Css("table.sessions tbody tr"))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    browser.close().await;
    assert!(problems.is_empty(), "{problems:#?}");
}
