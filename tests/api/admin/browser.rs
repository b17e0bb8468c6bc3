//! A recruiter's day in a real headless Chromium: sign in, find a candidate, move them to the next
//! stage, write a note. The pages need no JavaScript and pass axe-core's WCAG A/AA rules.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::*;
use crate::helpers::spawn_app_for_browser;
use crate::support::browser::{Browser, DESKTOP, PHONE, check_page};

/// Waits (up to 10 s) until the page shows `expected` in the first element matching `css`: after a
/// form post the browser is briefly between pages, and a lookup then may miss or see the old one.
async fn wait_for_text(c: &Client, css: &str, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = match c.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} shows {text:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser is on `path`.
async fn wait_for_path(c: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.current_url().await.unwrap().path() != path {
        assert!(Instant::now() < deadline, "never reached {path}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_recruiter_logs_in_finds_a_candidate_changes_the_stage_and_adds_a_note() {
    // The browser's Origin must be PUBLIC_URL's, so the app is bound to a port chosen up front.
    let app = spawn_app_for_browser(&[]).await;
    let origin = app.address.clone();
    add_recruiter(&app, "ana@labmindsstaffing.com").await;
    seed_candidate(&app, &Seed::default()).await;
    seed_candidate(
        &app,
        &Seed {
            given_name: "Bolanle",
            family_name: Some("Okafor"),
            email: "b@example.ng",
            ..Seed::default()
        },
    )
    .await;

    let browser = Browser::start(DESKTOP).await;
    let c = &browser.client;
    browser.goto(&format!("{origin}/admin/candidates")).await;
    wait_for_path(c, "/admin/login").await;
    let mut problems = browser.axe_violations().await;
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
    wait_for_path(c, "/admin").await;
    problems.extend(browser.axe_violations().await);

    c.find(Locator::LinkText("Candidates"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, "/admin/candidates").await;
    c.wait()
        .for_element(Locator::Css("#f-q"))
        .await
        .unwrap()
        .send_keys("okafor")
        .await
        .unwrap();
    c.find(Locator::Css("form.filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(c, "#result-count", "1 candidate · Download these as CSV").await;
    problems.extend(browser.axe_violations().await);
    let links = c
        .find_all(Locator::Css("table.candidates tbody td:first-child a"))
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    links[0].click().await.unwrap();
    c.wait()
        .for_element(Locator::Css("#stage"))
        .await
        .unwrap()
        .select_by_value("screening")
        .await
        .unwrap();
    c.find(Locator::XPath("//button[normalize-space()='Change stage']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(c, "#current-stage", "Screening").await;

    c.find(Locator::Css("#note"))
        .await
        .unwrap()
        .send_keys("Called: available for night shifts.")
        .await
        .unwrap();
    c.find(Locator::XPath("//button[normalize-space()='Add note']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(c, ".note-body", "Called: available for night shifts.").await;
    problems.extend(browser.axe_violations().await);
    problems.extend(browser.console_errors().await);
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );

    let history: i64 = sqlx::query_scalar("select count(*) from candidate_stage_changes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(history, 1);
}

/// True when the candidate table is wider than its box (the recruiter would scroll it sideways).
async fn table_scrolls_sideways(c: &Client) -> bool {
    c.execute(
        "const box = document.querySelector('table.candidates').parentElement; \
         return box.scrollWidth > box.clientWidth",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[tokio::test]
async fn the_list_the_candidate_page_and_the_reports_fit_a_desktop_and_a_phone_and_pass_axe() {
    let app = spawn_app_for_browser(&[]).await;
    let origin = app.address.clone();
    add_recruiter(&app, "ana@labmindsstaffing.com").await;
    // Long names and addresses are what push a table wider than the screen.
    let long = seed_candidate(
        &app,
        &Seed {
            given_name: "Maria Concepcion Esperanza",
            family_name: Some("de los Santos-Villanueva"),
            email: "maria.concepcion.esperanza.delossantos@university-hospital.example.com",
            ..Seed::default()
        },
    )
    .await;
    for (i, email) in ["b@example.ng", "c@example.in"].into_iter().enumerate() {
        seed_candidate(
            &app,
            &Seed {
                email,
                age_days: 7 * (i as i32 + 1),
                ..Seed::default()
            },
        )
        .await;
    }
    // The reports show their charts and tables only once the figures are built.
    super::reports::rebuilt(&app).await;

    let browser = Browser::start(DESKTOP).await;
    let c = &browser.client;
    browser.goto(&format!("{origin}/admin/login")).await;
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
    wait_for_path(c, "/admin").await;

    let pages = [
        "/admin/candidates".to_owned(),
        format!("/admin/candidates/{}", long.candidate_id),
        "/admin/reports".to_owned(),
    ];
    let mut problems = Vec::new();
    for size in [DESKTOP, PHONE] {
        browser.resize(size).await;
        for path in &pages {
            problems.extend(check_page(&browser, &format!("{origin}{path}"), path).await);
            if path == "/admin/candidates" && size == DESKTOP && table_scrolls_sideways(c).await {
                problems.push("the candidate list scrolls sideways at 1280 px".to_owned());
            }
        }
    }
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}
