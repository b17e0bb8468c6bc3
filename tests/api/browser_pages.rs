//! Every public page in a real headless Chromium, at phone and desktop widths: no sideways
//! scrolling, no console errors (CSP violations included), no axe-core WCAG 2.1 A/AA violations.

use crate::helpers::spawn_app;
use crate::support::browser::{Browser, DESKTOP, PHONE, check_page};

/// The pages a visitor can reach without an account. Guide pages come from the guide's registry.
fn public_paths() -> Vec<String> {
    let mut paths = vec!["/".to_owned(), "/no-such-page".to_owned()];
    paths.extend(public_extra_paths());
    paths
}

fn public_extra_paths() -> Vec<String> {
    let mut paths = labminds::guide::all_guide_paths();
    paths.push("/apply".to_owned());
    paths.push("/advisor".to_owned());
    paths.push("/trust".to_owned());
    paths.push(crate::advisor_browser::SAMPLE_PLAN.to_owned());
    paths
}

#[tokio::test]
async fn public_pages_pass_layout_console_and_accessibility_checks_on_phone_and_desktop() {
    let app = spawn_app().await;
    let browser = Browser::start(PHONE).await;
    let mut problems = Vec::new();
    for size in [PHONE, DESKTOP] {
        browser.resize(size).await;
        assert_eq!(
            browser.viewport_width().await,
            i64::from(size.0),
            "the viewport has the intended width"
        );
        for path in public_paths() {
            problems.extend(check_page(&browser, &app.url(&path), &path).await);
        }
    }
    browser.close().await;
    assert!(
        problems.is_empty(),
        "problems found:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_browser_checks_catch_a_page_with_known_faults() {
    // Proves the checks above can fail: an image without alt text, a too-wide element, a failed load.
    let browser = Browser::start(PHONE).await;
    let page = "data:text/html,<!doctype html><html lang=en><title>t</title><main>\
        <img src=/missing.png><div style='width:2000px'>wide</div></main></html>";
    let problems = check_page(&browser, page, "faulty page").await;
    browser.close().await;
    let all = problems.join("\n");
    assert!(
        all.contains("image-alt"),
        "axe should report the missing alt text: {all}"
    );
    assert!(all.contains("scrolls horizontally"), "{all}");
}
