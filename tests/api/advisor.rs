//! The pathway advisor over real HTTP: the questionnaire, plans for personas, the pre-filled
//! `/apply` round trip, invalid and hostile input.

use crate::helpers::{attrs, spawn_app, texts};

const PH_CA: &str = "country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=2&lab_accreditation=cap&us_certification=none_yet&english_test=ielts_academic&citizenship=PH&target_states=CA&country_of_residence=PH&work_authorisation=needs_sponsorship";

const CANADIAN: &str = "country_of_education=CA&qualification=mlt_diploma&clinical_training=yes&experience_years=4&lab_accreditation=ministry&us_certification=none_yet&english_test=exempt&citizenship=CA&citizenship=PH&open_to_any_state=yes&target_states=NY&country_of_residence=CA&work_authorisation=needs_sponsorship";

fn verdict_of(html: &scraper::Html, key: &str) -> Option<String> {
    attrs(
        html,
        &format!("article.advice[data-key=\"{key}\"]"),
        "data-verdict",
    )
    .into_iter()
    .next()
}

#[tokio::test]
async fn the_questionnaire_renders_with_the_intake_forms_field_names() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/advisor").await;
    assert_eq!(status, 200);
    assert_eq!(
        attrs(&html, "form[action=\"/advisor/plan\"]", "method"),
        ["get"]
    );
    for name in [
        "country_of_education",
        "qualification",
        "us_certification",
        "english_test",
        "country_of_residence",
        "work_authorisation",
    ] {
        assert_eq!(
            attrs(&html, &format!("select[name=\"{name}\"]"), "id"),
            [name],
            "{name}"
        );
    }
    assert_eq!(
        attrs(&html, "select[name=\"citizenship\"]", "name").len(),
        3
    );
    assert_eq!(
        attrs(
            &html,
            "input[type=checkbox][name=\"target_states\"]",
            "value"
        )
        .len(),
        52
    );
    assert_eq!(
        attrs(&html, "input[name=\"open_to_any_state\"]", "value"),
        ["yes"]
    );
    assert_eq!(
        attrs(&html, "input[name=\"experience_years\"]", "type"),
        ["text"]
    );
    assert_eq!(
        attrs(
            &html,
            "input[type=radio][name=\"lab_accreditation\"]",
            "value"
        )
        .len(),
        6
    );
    // The intake's values, so a plan can pre-fill the application.
    let qualifications = attrs(&html, "select[name=\"qualification\"] option", "value");
    assert!(
        qualifications.contains(&"bs_mls".to_owned())
            && qualifications.contains(&"mlt_diploma".to_owned())
    );
    assert!(
        attrs(&html, "select[name=\"us_certification\"] option", "value")
            .contains(&"mt_amt".to_owned())
    );
    assert_eq!(
        attrs(&html, "nav.site-nav a[aria-current=page]", "href"),
        ["/advisor"]
    );
}

#[tokio::test]
async fn a_philippine_graduate_aiming_for_california_gets_a_likely_ascpi_verdict_and_the_visa_routes_open_to_her()
 {
    let app = spawn_app().await;
    let response = app.get(&format!("/advisor/plan?{PH_CA}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        texts(&html, "main h2"),
        [
            "Your plan on one screen",
            "1. Certification",
            "2. Credential evaluation and English",
            "3. State licences",
            "4. Visa routes",
            "5. Timeline and costs",
            "6. Your next steps"
        ]
    );
    // The opening screen names each part; the parts' items sit in closed <details>.
    assert_eq!(
        texts(&html, "#headline dt"),
        [
            "Certification",
            "State licences",
            "Visa routes",
            "Next three steps",
            "Timeline",
            "Costs"
        ]
    );
    assert_eq!(texts(&html, "#headline .summary-steps li").len(), 3);
    let summary = texts(&html, "#headline dd").join(" ");
    assert!(summary.contains("born in the Philippines"), "{summary}");
    assert!(summary.contains("$325 to $430"), "{summary}");
    assert_eq!(texts(&html, "details.plan-details").len(), 5);
    assert!(attrs(&html, "details.plan-details", "open").is_empty());
    assert_eq!(
        texts(&html, "details.plan-details article.advice").len(),
        texts(&html, "article.advice").len()
    );
    assert_eq!(verdict_of(&html, "mls_ascpi").as_deref(), Some("likely"));
    assert_eq!(verdict_of(&html, "state_CA").as_deref(), Some("required"));
    assert_eq!(verdict_of(&html, "h1b").as_deref(), Some("open"));
    assert_eq!(verdict_of(&html, "tn").as_deref(), Some("not-open"));
    assert_eq!(verdict_of(&html, "visascreen").as_deref(), Some("required"));
    // Each item links its guide section and at least one source.
    assert_eq!(
        attrs(&html, "#state_CA a.guide-link", "href"),
        ["/licensure/california"]
    );
    assert_eq!(attrs(&html, "#h1b a.guide-link", "href"), ["/visas#h-1b"]);
    assert!(
        attrs(&html, "#mls_ascpi a.source-link", "href")
            .iter()
            .all(|h| h.starts_with("https://"))
    );
    assert!(!attrs(&html, "#state_CA a.source-link", "href").is_empty());
    assert!(
        texts(&html, "#h1b li")
            .iter()
            .any(|t| t.contains("$100,000") && t.contains("outside the US"))
    );
    assert!(
        texts(&html, ".note")
            .iter()
            .any(|t| t.contains("not legal advice"))
    );
    assert!(!texts(&html, "#next-steps ~ ol li").is_empty());
    assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
}

#[tokio::test]
async fn a_canadian_diploma_holder_is_offered_tn_but_not_ascpi_or_h1b() {
    let app = spawn_app().await;
    let (status, html) = app.get_html(&format!("/advisor/plan?{CANADIAN}")).await;
    assert_eq!(status, 200);
    assert_eq!(verdict_of(&html, "ascpi").as_deref(), Some("not-open"));
    assert_eq!(verdict_of(&html, "tn").as_deref(), Some("open"));
    assert_eq!(verdict_of(&html, "h1b").as_deref(), Some("not-yet"));
    assert_eq!(verdict_of(&html, "english").as_deref(), Some("not-needed"));
    assert_eq!(verdict_of(&html, "any_state").as_deref(), Some("open"));
}

#[tokio::test]
async fn apply_with_these_answers_opens_the_application_form_pre_filled() {
    let app = spawn_app().await;
    let (_, plan) = app.get_html(&format!("/advisor/plan?{CANADIAN}")).await;
    let links = attrs(&plan, "a.button[href^=\"/apply?\"]", "href");
    assert!(
        !links.is_empty(),
        "the plan links to /apply with the answers"
    );
    let (status, form) = app.get_html(&links[0]).await;
    assert_eq!(status, 200);
    let selected = |name: &str| {
        attrs(
            &form,
            &format!("select[name=\"{name}\"] option[selected]"),
            "value",
        )
    };
    assert_eq!(selected("country_of_education"), ["CA"]);
    assert_eq!(selected("qualification"), ["mlt_diploma"]);
    assert_eq!(selected("english_test"), ["exempt"]);
    assert_eq!(selected("us_certification"), ["none_yet"]);
    assert_eq!(selected("country_of_residence"), ["CA"]);
    assert_eq!(selected("work_authorisation"), ["needs_sponsorship"]);
    assert_eq!(selected("citizenship"), ["CA", "PH"]);
    assert_eq!(
        attrs(&form, "input[name=\"experience_years\"]", "value"),
        ["4"]
    );
    assert_eq!(
        attrs(&form, "input[name=\"target_states\"][checked]", "value"),
        ["NY"]
    );
    assert_eq!(
        attrs(&form, "input[name=\"open_to_any_state\"][checked]", "value"),
        ["yes"]
    );
}

#[tokio::test]
async fn invalid_answers_show_the_questionnaire_again_with_422_and_messages_beside_the_fields() {
    let app = spawn_app().await;
    let (status, html) = app
        .get_html("/advisor/plan?country_of_education=XX&qualification=phd&experience_years=lots&citizenship=PH&target_states=CA&english_test=ielts_academic")
        .await;
    assert_eq!(status, 422);
    let summary = attrs(&html, ".error-summary a", "href");
    for field in [
        "country_of_education",
        "qualification",
        "experience_years",
        "lab_accreditation",
        "work_authorisation",
    ] {
        assert!(
            summary.contains(&format!("#{field}")),
            "{field} in {summary:?}"
        );
        assert_eq!(
            attrs(&html, &format!("#{field}-error"), "id").len(),
            1,
            "{field}"
        );
    }
    // What was right is kept.
    assert_eq!(
        attrs(
            &html,
            "select[name=\"english_test\"] option[selected]",
            "value"
        ),
        ["ielts_academic"]
    );
    assert_eq!(
        attrs(&html, "input[name=\"target_states\"][checked]", "value"),
        ["CA"]
    );
    let (status, _) = app.get_html("/advisor/plan").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn hostile_input_is_escaped_and_never_breaks_the_page() {
    let app = spawn_app().await;
    let evil = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%3E";
    let response = app
        .get(&format!("/advisor/plan?experience_years={evil}&country_of_education={evil}&citizenship={evil}&target_states=%FF%FE"))
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    let html = scraper::Html::parse_document(&body);
    assert!(attrs(&html, "script", "src").is_empty() && texts(&html, "script").is_empty());
    assert!(attrs(&html, "img[src=x]", "src").is_empty());
    assert_eq!(
        attrs(&html, "input[name=\"experience_years\"]", "value"),
        ["<script>alert(1)</script>\"><img src=x>"]
    );
    let response = app.get(&format!("/advisor?qualification={evil}")).await;
    assert_eq!(response.status(), 200);
}
