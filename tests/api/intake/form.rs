//! GET /apply: every field, labels, pre-fill from the query string, tracking parameters.

use labminds::domain::IntakeForm;
use labminds::domain::intake_form::FILE_FIELD;

use super::spawn_intake_app;
use crate::helpers::{attrs, texts};

#[tokio::test]
async fn get_apply_renders_every_named_field_and_labels_every_visible_control() {
    let app = spawn_intake_app().await;
    let response = app.get("/apply").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = scraper::Html::parse_document(&response.text().await.unwrap());

    // Every field the form posts (the one list in `IntakeForm`), and the CV's file part.
    let names = IntakeForm::FIELD_NAMES.iter().chain([&FILE_FIELD]);
    for name in names {
        let selector = format!("form [name=\"{name}\"]");
        assert!(
            !attrs(&html, &selector, "name").is_empty(),
            "no control named {name}"
        );
    }
    assert_eq!(attrs(&html, "select[name=citizenship]", "id").len(), 3);
    assert_eq!(attrs(&html, "input[name=target_states]", "value").len(), 52);
    assert_eq!(attrs(&html, "form", "enctype"), vec!["multipart/form-data"]);
    // Every visible control has a label pointing at its id.
    let labels = attrs(&html, "label[for]", "for");
    for id in attrs(
        &html,
        "form input:not([type=hidden]), form select, form textarea",
        "id",
    ) {
        assert!(labels.contains(&id), "control #{id} has no label");
    }
    // The consent box links the privacy notice; the honeypot is hidden from people.
    assert!(attrs(&html, "form a", "href").contains(&"/privacy".to_owned()));
    assert_eq!(
        attrs(&html, ".hp[aria-hidden=true] #website", "tabindex"),
        vec!["-1"]
    );
    assert_eq!(texts(&html, "h1"), vec!["Apply to LabMinds Staffing"]);
}

#[tokio::test]
async fn get_apply_prefills_text_select_and_checkbox_fields_from_the_query_string() {
    let app = spawn_intake_app().await;
    let (status, html) = app
        .get_html(
            "/apply?given_name=Ana%20%3Cb%3E&citizenship=PH&citizenship=CA&target_states=CA\
             &target_states=TX&email=ana%40example.com&qualification=bs_mls&consent=yes\
             &open_to_any_state=yes&form_token=forged&website=spam",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(attrs(&html, "#given_name", "value"), vec!["Ana <b>"]);
    assert_eq!(attrs(&html, "#email", "value"), vec!["ana@example.com"]);
    assert_eq!(
        attrs(&html, "#citizenship option[selected]", "value"),
        vec!["PH"]
    );
    assert_eq!(
        attrs(&html, "#citizenship_2 option[selected]", "value"),
        vec!["CA"]
    );
    assert!(attrs(&html, "#citizenship_3 option[selected]", "value").is_empty());
    assert_eq!(
        attrs(&html, "input[name=target_states][checked]", "value"),
        vec!["CA", "TX"]
    );
    assert_eq!(
        attrs(&html, "#qualification option[selected]", "value"),
        vec!["bs_mls"]
    );
    assert_eq!(attrs(&html, "#consent[checked]", "value"), vec!["yes"]);
    assert_eq!(
        attrs(&html, "#open_to_any_state[checked]", "value"),
        vec!["yes"]
    );
    // The hidden machinery is never taken from a link.
    assert_ne!(
        attrs(&html, "input[name=form_token]", "value"),
        vec!["forged"]
    );
    assert_eq!(attrs(&html, "#website", "value"), vec![""]);
}

#[tokio::test]
async fn get_apply_keeps_campaign_parameters_in_hidden_fields_cut_to_length() {
    let app = spawn_intake_app().await;
    let long = "x".repeat(500);
    let (_, html) = app
        .get_html(&format!(
            "/apply?utm_source=facebook&utm_medium=group&utm_campaign={long}&utm_term=mls\
             &utm_content=%22%3E%3Cscript%3E&ref=ana-123"
        ))
        .await;
    assert_eq!(
        attrs(&html, "input[name=utm_source]", "value"),
        vec!["facebook"]
    );
    assert_eq!(
        attrs(&html, "input[name=utm_medium]", "value"),
        vec!["group"]
    );
    assert_eq!(
        attrs(&html, "input[name=utm_campaign]", "value")[0].len(),
        100
    );
    assert_eq!(
        attrs(&html, "input[name=utm_content]", "value"),
        vec!["\"><script>"]
    );
    assert_eq!(attrs(&html, "input[name=ref]", "value"), vec!["ana-123"]);
    // Parsed as an attribute value, not as markup.
    assert!(texts(&html, "script").is_empty());
}

#[tokio::test]
async fn each_rendered_form_carries_its_own_token() {
    let app = spawn_intake_app().await;
    let first = super::form_token(&app).await;
    let second = super::form_token(&app).await;
    assert_ne!(first, second);
}

#[tokio::test]
async fn the_thanks_page_shows_a_saved_reference_and_refuses_anything_else() {
    let app = spawn_intake_app().await;
    let token = super::form_token(&app).await;
    let reference =
        super::thanks_reference(&super::post_form(&app, &super::valid_answers(&token)).await);
    let (status, html) = app.get_html(&format!("/apply/thanks/{reference}")).await;
    assert_eq!(status, 200);
    assert!(texts(&html, "main").join(" ").contains(&reference));
    assert_eq!(
        attrs(&html, "meta[name=robots]", "content"),
        vec!["noindex"]
    );
    // Well-formed but never saved (issue 18): not found either.
    for bad in ["LM-ABCDEFGH", "LM-abc", "LM-0000000O", "%3Cscript%3E"] {
        assert_eq!(
            app.get(&format!("/apply/thanks/{bad}")).await.status(),
            404,
            "{bad}"
        );
    }
}

#[test]
fn the_readme_lists_every_field_of_the_form() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let list = readme
        .split("Its field names are stable")
        .nth(1)
        .and_then(|rest| rest.split("It posts as").next())
        .expect("the README lists the intake's field names");
    let mut named: Vec<&str> = list
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .filter(|word| *word != "yes")
        .collect();
    named.sort_unstable();
    // The README names the tracking parameters as `utm_*`, and leaves out the hidden machinery.
    let mut expected: Vec<&str> = IntakeForm::FIELD_NAMES
        .iter()
        .copied()
        .chain([FILE_FIELD])
        .filter(|name| !name.starts_with("utm_") && !matches!(*name, "website" | "form_token"))
        .collect();
    expected.sort_unstable();
    assert_eq!(named, expected);
}
