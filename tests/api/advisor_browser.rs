//! The pathway advisor in a real headless Chromium at phone width: fill in the questionnaire,
//! submit, land on the plan; both pages pass the layout, console and accessibility checks.

use fantoccini::Locator;

use crate::helpers::spawn_app;
use crate::support::browser::{Browser, PHONE, check_page};

/// A plan URL for the public-pages sweep (`browser_pages.rs`).
pub const SAMPLE_PLAN: &str = "/advisor/plan?country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=2&lab_accreditation=cap&us_certification=none_yet&english_test=ielts_academic&citizenship=PH&citizenship=CA&target_states=CA&target_states=NY&open_to_any_state=yes&country_of_residence=PH&work_authorisation=needs_sponsorship";

async fn choose(browser: &Browser, id: &str, value: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("#{id} = {value}: {e}"));
}

async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

#[tokio::test]
async fn a_candidate_on_a_phone_fills_in_the_questionnaire_and_lands_on_an_accessible_plan() {
    let app = spawn_app().await;
    let browser = Browser::start(PHONE).await;
    let mut problems = check_page(&browser, &app.url("/advisor"), "/advisor").await;

    choose(&browser, "country_of_education", "PH").await;
    choose(&browser, "qualification", "bs_mls").await;
    click(&browser, "#clinical_training").await; // the first radio: "Yes"
    browser
        .client
        .find(Locator::Id("experience_years"))
        .await
        .unwrap()
        .send_keys("2")
        .await
        .unwrap();
    click(&browser, "#lab_accreditation").await; // the first radio: CAP
    choose(&browser, "us_certification", "none_yet").await;
    choose(&browser, "english_test", "ielts_academic").await;
    choose(&browser, "citizenship", "PH").await;
    choose(&browser, "country_of_residence", "PH").await;
    choose(&browser, "work_authorisation", "needs_sponsorship").await;
    click(&browser, "input[name=target_states][value=CA]").await;
    click(&browser, "form button[type=submit]").await;

    // Wait for the plan to load (the click returns before the navigation ends).
    let verdict = browser
        .client
        .wait()
        .for_element(Locator::Css("article[data-key=mls_ascpi]"))
        .await
        .expect("the form lands on the plan")
        .attr("data-verdict")
        .await
        .unwrap();
    assert_eq!(verdict.as_deref(), Some("likely"));
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/advisor/plan");
    problems.extend(check_page(&browser, url.as_str(), "/advisor/plan").await);
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}
