//! A candidate on a phone fills in /apply in a real headless Chromium, makes one mistake, fixes it
//! from the error summary, and lands on the confirmation page; the row and both e-mails exist.

use fantoccini::Locator;

use crate::helpers::spawn_app_for_browser;
use crate::support::browser::{Browser, PHONE};

async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("no #{id}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn choose(browser: &Browser, id: &str, value: &str) {
    let select = browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("no #{id}"));
    select
        .select_by_value(value)
        .await
        .unwrap_or_else(|_| panic!("#{id} has no option {value}"));
}

async fn tick(browser: &Browser, id: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Sends the form as the server would receive it: the browser's own e-mail check is switched off
/// (it would stop the post before the server sees it; the server's check is what is tested).
async fn submit(browser: &Browser) {
    browser
        .client
        .execute(
            "document.querySelector('form').setAttribute('novalidate', '')",
            vec![],
        )
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn value_of(browser: &Browser, id: &str) -> String {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.prop("value").await.unwrap().unwrap_or_default()
}

#[tokio::test]
async fn a_candidate_on_a_phone_fills_in_the_form_fixes_a_mistake_and_is_acknowledged() {
    let app = spawn_app_for_browser(&[("FORM_MIN_FILL_SECONDS", "0")]).await;
    let browser = Browser::start(PHONE).await;
    browser.goto(&app.url("/apply")).await;

    // Everything right but the e-mail address.
    type_into(&browser, "given_name", "María José").await;
    type_into(&browser, "family_name", "dela Cruz").await;
    type_into(&browser, "email", "maria.example.com").await;
    choose(&browser, "phone_country", "PH").await;
    type_into(&browser, "phone", "0917 123 4567").await;
    choose(&browser, "country_of_residence", "PH").await;
    choose(&browser, "citizenship", "PH").await;
    choose(&browser, "qualification", "bs_mls").await;
    choose(&browser, "country_of_education", "PH").await;
    type_into(&browser, "graduation_year", "2019").await;
    type_into(&browser, "experience_years", "3").await;
    choose(&browser, "us_certification", "mls_ascpi").await;
    choose(&browser, "us_certification_status", "preparing").await;
    choose(&browser, "english_test", "ielts_academic").await;
    tick(&browser, "target_states_CA").await;
    choose(&browser, "work_authorisation", "needs_sponsorship").await;
    choose(&browser, "availability", "months_3_to_6").await;
    tick(&browser, "consent").await;
    submit(&browser).await;

    // The page comes back with a summary that leads to the field, and what was typed is kept.
    let summary = browser
        .client
        .wait()
        .for_element(Locator::Css(".error-summary"))
        .await
        .unwrap();
    let link = summary
        .find(Locator::Css("a[href='#email']"))
        .await
        .expect("the summary links the e-mail field");
    assert_eq!(value_of(&browser, "given_name").await, "María José");
    assert_eq!(value_of(&browser, "email").await, "maria.example.com");
    let described_by = browser
        .client
        .find(Locator::Id("email"))
        .await
        .unwrap()
        .attr("aria-describedby")
        .await
        .unwrap();
    assert!(described_by.unwrap_or_default().contains("email-error"));
    // The error page itself passes the same checks as every page (checked in place: reloading
    // it would lose the errors).
    assert!(
        !browser.scrolls_horizontally().await,
        "the error page scrolls sideways"
    );
    let console = browser.console_errors().await;
    assert!(
        console
            .iter()
            .all(|e| e.contains("Failed to load resource")),
        "{console:#?}"
    );
    assert_eq!(browser.axe_violations().await, Vec::<String>::new());

    // Fix it from the summary and send again.
    link.click().await.unwrap();
    type_into(&browser, "email", "maria.cruz@example.com").await;
    submit(&browser).await;

    let heading = browser
        .client
        .wait()
        .for_element(Locator::Css("main h1"))
        .await
        .unwrap();
    let url = browser.client.current_url().await.unwrap();
    browser.close().await;
    assert!(
        url.path().starts_with("/apply/thanks/LM-"),
        "landed on {url} ({})",
        heading.text().await.unwrap_or_default()
    );
    let applications: i64 = sqlx::query_scalar("select count(*) from applications")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let emails: i64 = sqlx::query_scalar("select count(*) from outbox_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((applications, emails), (1, 2));
}
