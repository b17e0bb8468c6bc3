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

/// A Filipino graduate aiming for California, abroad: the plan of the measurement.
const PLAN: &str = "/advisor/plan?country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=2&lab_accreditation=cap&us_certification=none_yet&english_test=ielts_academic&citizenship=PH&target_states=CA&country_of_residence=PH&work_authorisation=needs_sponsorship";

async fn number(browser: &Browser, script: &str) -> i64 {
    let value = browser.client.execute(script, vec![]).await.unwrap();
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.round() as i64))
        .unwrap_or_else(|| panic!("{script}: {value}"))
}

#[tokio::test]
async fn the_plan_opens_with_a_summary_keeps_details_closed_on_screen_and_prints_them_in_full() {
    let app = spawn_app().await;
    // The phone width the issue measured the plan at.
    let browser = Browser::start((390, 844)).await;
    browser.goto(&app.url(PLAN)).await;
    browser.wait_until_loaded().await;
    let height = "return document.documentElement.scrollHeight";
    let item_shown = "return document.querySelector('#h1b').checkVisibility() ? 1 : 0";
    let closed = number(&browser, height).await;
    let summary_bottom = number(
        &browser,
        "const r = document.querySelector('#headline').getBoundingClientRect(); return r.bottom + window.scrollY",
    )
    .await;
    let summary_height = number(
        &browser,
        "return document.querySelector('#headline').getBoundingClientRect().height",
    )
    .await;
    assert_eq!(
        number(&browser, item_shown).await,
        0,
        "details start closed"
    );
    // Printing shows every item without anyone opening a <details>.
    browser.emulate_media("print").await;
    assert!(
        number(&browser, item_shown).await > 0,
        "print shows the items"
    );
    let printed = number(&browser, height).await;
    browser.emulate_media("screen").await;
    browser
        .client
        .execute(
            "document.querySelectorAll('details').forEach(d => d.open = true); return true",
            vec![],
        )
        .await
        .unwrap();
    let opened = number(&browser, height).await;
    println!(
        "plan at 390 px: {closed} px with details closed (summary {summary_height} px tall, ends at {summary_bottom} px), {opened} px with all open, {printed} px in print layout"
    );
    assert!(
        closed * 2 < opened,
        "closed {closed} px should be under half of open {opened} px"
    );
    // About one screen: the summary box is at most a quarter taller than the viewport.
    let viewport = number(&browser, "return window.innerHeight").await;
    assert!(
        summary_height * 4 <= viewport * 5,
        "the summary is {summary_height} px tall on a {viewport} px screen"
    );
    assert!(
        summary_bottom * 3 < closed,
        "the summary ({summary_bottom} px) is the top of the page, not all of it ({closed} px)"
    );
    browser.close().await;
}
