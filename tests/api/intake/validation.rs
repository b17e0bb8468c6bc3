//! Every rule refuses with 422, a message beside the field, a linked summary and the answers kept;
//! hostile input never causes a 5xx and is escaped wherever it is shown.

use super::*;
use crate::helpers::{attrs, texts};

/// Asserts the page is a 422 re-render with an error on `field` shown the accessible way.
async fn assert_rejected_on(response: reqwest::Response, field: &str) -> scraper::Html {
    assert_eq!(response.status(), 422, "expected 422 for {field}");
    let html = html_of(response).await;
    let summary_links = attrs(&html, ".error-summary[role=alert] a", "href");
    assert!(
        summary_links.contains(&format!("#{field}")),
        "summary lacks #{field}: {summary_links:?}"
    );
    let message = texts(&html, &format!("#{field}-error"));
    assert_eq!(message.len(), 1, "no message beside {field}");
    assert!(message[0].len() > 15, "message too terse: {message:?}");
    let described = attrs(
        &html,
        &format!("[aria-describedby~=\"{field}-error\"]"),
        "aria-describedby",
    );
    assert!(!described.is_empty(), "nothing described by {field}-error");
    html
}

#[tokio::test]
async fn each_invalid_answer_is_refused_with_a_message_beside_its_field() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let cases: Vec<(&str, Answers)> = vec![
        (
            "given_name",
            with(valid_answers(&token), "given_name", "  "),
        ),
        (
            "given_name",
            with(valid_answers(&token), "given_name", "R2-D2"),
        ),
        (
            "given_name",
            with(valid_answers(&token), "given_name", &"a".repeat(101)),
        ),
        (
            "family_name",
            with(valid_answers(&token), "family_name", ""),
        ),
        (
            "family_name",
            with(
                with(valid_answers(&token), "single_name", "yes"),
                "family_name",
                "Cruz",
            ),
        ),
        (
            "email",
            with(valid_answers(&token), "email", "maria.example.com"),
        ),
        (
            "email",
            with(valid_answers(&token), "email", "maria@example"),
        ),
        ("email", with(valid_answers(&token), "email", "")),
        ("phone", with(valid_answers(&token), "phone", "123")),
        ("phone", with(valid_answers(&token), "phone", "call me")),
        ("phone", with(valid_answers(&token), "phone_country", "")),
        (
            "country_of_residence",
            with(valid_answers(&token), "country_of_residence", "XX"),
        ),
        ("citizenship", without(valid_answers(&token), "citizenship")),
        (
            "citizenship",
            [
                valid_answers(&token),
                ["CA", "MX", "US"]
                    .iter()
                    .map(|c| ("citizenship".to_owned(), c.to_string()))
                    .collect(),
            ]
            .concat(),
        ),
        (
            "country_of_education",
            with(valid_answers(&token), "country_of_education", ""),
        ),
        (
            "qualification",
            with(valid_answers(&token), "qualification", "phd_in_hacking"),
        ),
        (
            "graduation_year",
            with(valid_answers(&token), "graduation_year", "1959"),
        ),
        (
            "graduation_year",
            with(valid_answers(&token), "graduation_year", "3000"),
        ),
        (
            "graduation_year",
            with(valid_answers(&token), "graduation_year", "twenty"),
        ),
        (
            "experience_years",
            with(valid_answers(&token), "experience_years", "-1"),
        ),
        (
            "experience_years",
            with(valid_answers(&token), "experience_years", "51"),
        ),
        (
            "experience_years",
            with(valid_answers(&token), "experience_years", "2.3"),
        ),
        (
            "us_certification",
            with(valid_answers(&token), "us_certification", ""),
        ),
        (
            "us_certification_status",
            with(
                with(valid_answers(&token), "us_certification", "none_yet"),
                "us_certification_status",
                "passed",
            ),
        ),
        (
            "english_test",
            with(valid_answers(&token), "english_test", "klingon"),
        ),
        (
            "target_states",
            without(valid_answers(&token), "target_states"),
        ),
        (
            "target_states",
            with(valid_answers(&token), "target_states", "ZZ"),
        ),
        (
            "target_states",
            [
                without(valid_answers(&token), "target_states"),
                [
                    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA",
                ]
                .iter()
                .map(|s| ("target_states".to_owned(), s.to_string()))
                .collect(),
            ]
            .concat(),
        ),
        (
            "work_authorisation",
            with(valid_answers(&token), "work_authorisation", "tn"),
        ),
        (
            "availability",
            with(valid_answers(&token), "availability", "yesterday"),
        ),
        (
            "message",
            with(valid_answers(&token), "message", &"é".repeat(2001)),
        ),
        (
            "heard_about",
            with(valid_answers(&token), "heard_about", "tv"),
        ),
        (
            "heard_about_detail",
            with(
                valid_answers(&token),
                "heard_about_detail",
                &"x".repeat(201),
            ),
        ),
        ("consent", without(valid_answers(&token), "consent")),
        ("consent", with(valid_answers(&token), "consent", "no")),
        (
            "keep_data",
            with(valid_answers(&token), "keep_data", "maybe"),
        ),
    ];
    for (field, answers) in cases {
        let response = post_form(&app, &answers).await;
        let html = assert_rejected_on(response, field).await;
        // Everything typed is kept.
        if field != "given_name" {
            assert_eq!(
                attrs(&html, "#given_name", "value"),
                vec!["María José"],
                "{field}"
            );
        }
        if field != "email" {
            assert_eq!(
                attrs(&html, "#email", "value"),
                vec!["Maria.Cruz@Example.com"]
            );
        }
        if field != "target_states" {
            assert_eq!(
                attrs(&html, "input[name=target_states][checked]", "value"),
                vec!["CA", "NY"],
                "{field}"
            );
        }
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn tn_status_is_accepted_for_a_canadian_citizen() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = with(
        with(valid_answers(&token), "work_authorisation", "tn"),
        "citizenship",
        "CA",
    );
    thanks_reference(&post_form(&app, &answers).await);
}

#[tokio::test]
async fn a_rejected_form_keeps_every_kind_of_answer() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = [
        with(valid_answers(&token), "email", "nope"),
        vec![("citizenship".into(), "CA".into())],
    ]
    .concat();
    let answers = with(
        with(answers, "message", "Line one\nLine two"),
        "open_to_any_state",
        "yes",
    );
    let html = html_of(post_form(&app, &answers).await).await;
    assert_eq!(attrs(&html, "#email", "value"), vec!["nope"]);
    assert_eq!(attrs(&html, "#phone", "value"), vec!["0917 123 4567"]);
    assert_eq!(
        attrs(&html, "#phone_country option[selected]", "value"),
        vec!["PH"]
    );
    assert_eq!(
        attrs(&html, "#citizenship option[selected]", "value"),
        vec!["PH"]
    );
    assert_eq!(
        attrs(&html, "#citizenship_2 option[selected]", "value"),
        vec!["CA"]
    );
    assert_eq!(
        attrs(&html, "#english_test option[selected]", "value"),
        vec!["ielts_academic"]
    );
    assert_eq!(attrs(&html, "#experience_years", "value"), vec!["6.5"]);
    assert_eq!(texts(&html, "#message"), vec!["Line one Line two"]);
    assert_eq!(attrs(&html, "#consent[checked]", "value"), vec!["yes"]);
    assert_eq!(attrs(&html, "#keep_data[checked]", "value"), vec!["yes"]);
    assert_eq!(
        attrs(&html, "#open_to_any_state[checked]", "value"),
        vec!["yes"]
    );
    assert_eq!(attrs(&html, "input[name=form_token]", "value"), vec![token]);
    assert_eq!(
        attrs(&html, "input[name=utm_source]", "value"),
        vec!["facebook"]
    );
}

#[tokio::test]
async fn a_fake_cv_is_refused_with_a_message_and_the_answers_kept() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.resize(4096, 0);
    let mut page = b"<html><body><script>alert(1)</script>".to_vec();
    page.resize(4096, b' ');
    for (name, bytes) in [
        ("cv.pdf", exe),
        ("cv.pdf", page),
        ("tiny.pdf", b"%PDF-1.4".to_vec()),
    ] {
        let response = post_multipart(&app, &valid_answers(&token), Some((name, bytes))).await;
        let html = assert_rejected_on(response, "cv").await;
        assert_eq!(attrs(&html, "#given_name", "value"), vec!["María José"]);
        assert!(
            texts(&html, "#cv-hint")
                .join(" ")
                .contains("choose your file again"),
            "the page asks for the file again"
        );
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_cv_over_10_mb_is_refused_beside_the_field_not_with_a_lost_form() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let mut big = small_pdf();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let response = post_multipart(&app, &valid_answers(&token), Some(("cv.pdf", big))).await;
    let html = assert_rejected_on(response, "cv").await;
    assert!(texts(&html, "#cv-error")[0].contains("10 MB"));
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn hostile_names_and_addresses_are_refused_and_shown_escaped() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let cases = [
        ("given_name", "<script>alert(1)</script>"),
        ("given_name", "Ana\r\nBcc: victim@example.com"),
        ("family_name", "\"><img src=x onerror=alert(1)>"),
        ("email", "maria@example.com\r\nBcc: victim@example.com"),
        ("email", "<script>@example.com"),
        ("given_name", &"A".repeat(5000)),
    ];
    for (field, value) in cases {
        let response = post_form(&app, &with(valid_answers(&token), field, value)).await;
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("<script>alert"),
            "unescaped markup for {field}"
        );
        assert!(!body.contains("<img src=x"), "unescaped markup for {field}");
        let html = scraper::Html::parse_document(&body);
        assert_eq!(texts(&html, &format!("#{field}-error")).len(), 1, "{field}");
        // HTML parsing turns CR LF into LF; the value is otherwise exactly what was typed.
        assert_eq!(
            attrs(&html, &format!("#{field}"), "value"),
            vec![value.replace("\r\n", "\n")]
        );
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn malformed_bodies_get_a_clear_4xx_never_a_5xx() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let post = |content_type: &'static str, body: Vec<u8>| {
        app.client
            .post(app.url("/apply"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // Invalid UTF-8 after percent-decoding.
    let mut raw = format!("form_token={token}&given_name=").into_bytes();
    raw.extend_from_slice(b"%FF%FE%C3");
    let response = post("application/x-www-form-urlencoded", raw)
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("We could not understand that request"),
        "{page}"
    );
    // Wrong content types.
    for content_type in ["application/json", "text/plain", "text/html"] {
        let response = post(content_type, b"{\"given_name\":\"Ana\"}".to_vec())
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
    }
    // A multipart body that is cut off, and one without a boundary.
    let response = post(
        "multipart/form-data; boundary=XYZ",
        b"--XYZ\r\nContent-Disposition: form-data; name=\"given_name\"\r\n\r\nAna".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 400);
    let response = post("multipart/form-data", b"whatever".to_vec())
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // A single text answer far over any field's size.
    let huge = reqwest::multipart::Form::new()
        .text("form_token", token.clone())
        .text("message", "x".repeat(100_000));
    let response = app
        .client
        .post(app.url("/apply"))
        .multipart(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_cut_off_with_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_intake_app().await;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", app.port))
        .await
        .unwrap();
    let head = "POST /apply HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\
                Content-Type: multipart/form-data; boundary=XYZ\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let part = b"--XYZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n\r\n";
    let chunk = |data: &[u8]| [format!("{:x}\r\n", data.len()).as_bytes(), data, b"\r\n"].concat();
    stream.write_all(&chunk(part)).await.unwrap();
    let megabyte = vec![b'a'; 1024 * 1024];
    for _ in 0..13 {
        if stream.write_all(&chunk(&megabyte)).await.is_err() {
            break; // the server may close as soon as it has answered
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = vec![0u8; 64];
    let n = stream.read(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}
