//! The candidate intake form over real HTTP against a real database: rendering and pre-fill,
//! saving with the outbox e-mails, validation, hostile input, abuse controls, outages.

mod abuse;
mod browser;
mod form;
mod outage;
mod round_trips;
mod submit;
mod validation;

use labminds::domain::intake_form::example_application;

use crate::helpers::{TestApp, attrs, spawn_app_with};

/// The app with the fill-time check off, so tests can post right after fetching the form.
pub async fn spawn_intake_app() -> TestApp {
    spawn_app_with(&[("FORM_MIN_FILL_SECONDS", "0")]).await
}

pub type Answers = Vec<(String, String)>;

/// A fresh form's token, as a browser would get it.
pub async fn form_token(app: &TestApp) -> String {
    let (status, html) = app.get_html("/apply").await;
    assert_eq!(status, 200);
    attrs(&html, "input[name=form_token]", "value").remove(0)
}

/// A complete, valid application (the one example, `example_application()`) with a token.
pub fn valid_answers(token: &str) -> Answers {
    std::iter::once(("form_token", token))
        .chain(example_application())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The answers with one single-valued field replaced (or added).
pub fn with(mut answers: Answers, name: &str, value: &str) -> Answers {
    answers.retain(|(k, _)| k != name);
    answers.push((name.to_owned(), value.to_owned()));
    answers
}

pub fn without(mut answers: Answers, name: &str) -> Answers {
    answers.retain(|(k, _)| k != name);
    answers
}

pub async fn post_form(app: &TestApp, answers: &Answers) -> reqwest::Response {
    app.client
        .post(app.url("/apply"))
        .form(answers)
        .send()
        .await
        .expect("request failed")
}

pub async fn post_multipart(
    app: &TestApp,
    answers: &Answers,
    cv: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in answers {
        form = form.text(name.clone(), value.clone());
    }
    let part = match cv {
        Some((file_name, bytes)) => reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str("application/octet-stream")
            .unwrap(),
        // What a browser sends when no file was chosen.
        None => reqwest::multipart::Part::bytes(Vec::new())
            .file_name("")
            .mime_str("application/octet-stream")
            .unwrap(),
    };
    form = form.part("cv", part);
    app.client
        .post(app.url("/apply"))
        .multipart(form)
        .send()
        .await
        .expect("request failed")
}

/// A small but well-formed-looking PDF of about 2 KB, with the trailer a PDF ends with.
pub fn small_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(2000, b' ');
    pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
    pdf
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Nothing at all was stored.
pub async fn assert_nothing_stored(app: &TestApp) {
    for table in [
        "candidates",
        "applications",
        "application_files",
        "outbox_messages",
    ] {
        assert_eq!(count(app, table).await, 0, "{table} should be empty");
    }
}

/// The Location of a 303, which must be a thanks page; returns the reference.
pub fn thanks_reference(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 303, "expected a redirect");
    let location = response.headers()["location"].to_str().unwrap();
    let reference = location
        .strip_prefix("/apply/thanks/")
        .unwrap_or_else(|| panic!("not a thanks page: {location}"));
    assert!(reference.starts_with("LM-"), "{reference}");
    reference.to_owned()
}

pub async fn html_of(response: reqwest::Response) -> scraper::Html {
    scraper::Html::parse_document(&response.text().await.unwrap())
}
