//! Abuse controls and once-only saving: idempotent re-posts, returning candidates, honeypot,
//! fill time, token checks, Origin checks and the per-IP rate limit.

use labminds::intake::token::FormToken;

use super::*;
use crate::helpers::{attrs, spawn_app, texts};

#[tokio::test]
async fn posting_the_same_form_twice_stores_one_application_with_the_same_reference() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = valid_answers(&token);

    let first = thanks_reference(&post_form(&app, &answers).await);
    let second = thanks_reference(&post_form(&app, &answers).await);

    assert_eq!(first, second);
    assert_eq!(count(&app, "applications").await, 1);
    assert_eq!(count(&app, "outbox_messages").await, 2);
}

#[tokio::test]
async fn a_double_click_racing_two_posts_stores_one_application() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = valid_answers(&token);

    let (a, b) = tokio::join!(post_form(&app, &answers), post_form(&app, &answers));

    assert_eq!(thanks_reference(&a), thanks_reference(&b));
    assert_eq!(count(&app, "applications").await, 1);
    assert_eq!(count(&app, "outbox_messages").await, 2);
}

#[tokio::test]
async fn a_returning_candidate_is_linked_and_flagged_but_sees_the_same_response() {
    let app = spawn_intake_app().await;
    let first = thanks_reference(&post_form(&app, &valid_answers(&form_token(&app).await)).await);

    // Same e-mail in another case, different phone.
    let again = with(
        with(
            valid_answers(&form_token(&app).await),
            "email",
            " MARIA.CRUZ@example.COM ",
        ),
        "phone",
        "0918 765 4321",
    );
    let response = post_form(&app, &again).await;
    let second = thanks_reference(&response);
    // Same phone (typed internationally), different e-mail.
    let third_answers = with(
        with(
            valid_answers(&form_token(&app).await),
            "email",
            "other@example.org",
        ),
        "phone",
        "+63 917 123 4567",
    );
    let third = thanks_reference(&post_form(&app, &third_answers).await);

    assert_eq!(count(&app, "candidates").await, 1);
    let rows: Vec<(String, bool, Option<String>)> = sqlx::query_as(
        "select reference, is_returning, earlier_reference from applications order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows[0], (first.clone(), false, None));
    assert_eq!(rows[1], (second.clone(), true, Some(first.clone())));
    // The third matches the first by phone only (the second had another phone).
    assert_eq!(rows[2], (third.clone(), true, Some(first.clone())));
    let alert: String = sqlx::query_scalar(
        "select body_text from outbox_messages where kind = 'support_alert' and subject like $1",
    )
    .bind(format!("%{second}"))
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        alert.contains(&format!(
            "Possible returning candidate: matches an earlier application {first}"
        )),
        "{alert}"
    );
    // The public answer is the same shape as for a new candidate.
    let (status, html) = app.get_html(&format!("/apply/thanks/{second}")).await;
    assert_eq!(status, 200);
    assert!(!texts(&html, "main").join(" ").contains(&first));
}

#[tokio::test]
async fn a_filled_honeypot_looks_accepted_but_stores_nothing() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let response = post_form(
        &app,
        &with(valid_answers(&token), "website", "http://spam.example"),
    )
    .await;
    let reference = thanks_reference(&response);
    assert_eq!(
        app.get(&format!("/apply/thanks/{reference}"))
            .await
            .status(),
        200
    );
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_form_sent_back_too_fast_is_shown_again_with_a_fresh_token() {
    let app = spawn_app().await; // the default minimum of 3 seconds
    let token = form_token(&app).await;
    let response = post_form(&app, &valid_answers(&token)).await;
    assert_eq!(response.status(), 422);
    let html = html_of(response).await;
    assert!(texts(&html, "#notice h2")[0].contains("check your answers and send again"));
    assert_eq!(attrs(&html, "#given_name", "value"), vec!["María José"]);
    assert_nothing_stored(&app).await;
    // The token on the page works once a person could have read the form: wait until the
    // minimum fill time has passed since the time the token was signed with.
    let fresh = attrs(&html, "input[name=form_token]", "value").remove(0);
    let issued: i64 = fresh.split('.').nth(1).unwrap().parse().unwrap();
    while time::OffsetDateTime::now_utc().unix_timestamp() < issued + 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    thanks_reference(&post_form(&app, &valid_answers(&fresh)).await);
}

#[tokio::test]
async fn an_expired_or_forged_token_is_refused_and_the_answers_kept() {
    let key = "k".repeat(40);
    let app = spawn_app_with(&[("FORM_MIN_FILL_SECONDS", "0"), ("SECRET_KEY", &key)]).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let old = FormToken::issue(now - 25 * 3600).encode(key.as_bytes());
    let forged = FormToken::issue(now - 60).encode(b"not the server's key");
    for token in [old, forged, "garbage".to_owned(), String::new()] {
        let response = post_form(&app, &valid_answers(&token)).await;
        assert_eq!(response.status(), 422, "{token}");
        let html = html_of(response).await;
        assert_eq!(texts(&html, "#notice").len(), 1);
        assert_eq!(
            attrs(&html, "#email", "value"),
            vec!["Maria.Cruz@Example.com"]
        );
        // The fresh token works.
        let fresh = attrs(&html, "input[name=form_token]", "value").remove(0);
        assert!(FormToken::verify(&fresh, key.as_bytes()).is_ok());
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_post_from_another_origin_is_forbidden_and_stores_nothing() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("referer", "https://evil.example/apply"),
    ] {
        let response = app
            .client
            .post(app.url("/apply"))
            .header(header, value)
            .form(&valid_answers(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
    }
    assert_nothing_stored(&app).await;

    // Our own origin is welcome.
    let response = app
        .client
        .post(app.url("/apply"))
        .header("origin", "http://localhost:8080")
        .form(&valid_answers(&token))
        .send()
        .await
        .unwrap();
    thanks_reference(&response);
}

#[tokio::test]
async fn submissions_over_the_hourly_limit_get_429_and_store_nothing() {
    let app = spawn_app_with(&[
        ("FORM_MIN_FILL_SECONDS", "0"),
        ("SUBMIT_RATE_PER_HOUR", "2"),
    ])
    .await;
    for i in 0..2 {
        let answers = with(
            valid_answers(&form_token(&app).await),
            "email",
            &format!("person{i}@example.com"),
        );
        thanks_reference(&post_form(&app, &answers).await);
    }
    let answers = with(
        valid_answers(&form_token(&app).await),
        "email",
        "third@example.com",
    );
    let response = post_form(&app, &answers).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Too many applications from your connection")
    );
    assert_eq!(count(&app, "applications").await, 2);
    assert_eq!(count(&app, "outbox_messages").await, 4);
    // The counter holds a keyed hash, never the address.
    let hashes: Vec<Vec<u8>> = sqlx::query_scalar("select ip_hash from intake_rate_limits")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert_eq!(hashes[0].len(), 32);
    assert!(!String::from_utf8_lossy(&hashes[0]).contains("127.0.0.1"));
}
