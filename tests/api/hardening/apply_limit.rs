//! Finding 8: the 429 page of /apply dropped everything the candidate typed and said
//! `Retry-After: 5` although the window ends at the next hour. People behind carrier NAT share an
//! address, so the limit can hit someone who did nothing wrong: the page keeps every answer.

use std::time::{SystemTime, UNIX_EPOCH};

use super::form_values;
use crate::helpers::{spawn_app_with, texts};
use crate::intake::{count, form_token, post_form, thanks_reference, valid_answers, with};

#[tokio::test]
async fn the_apply_429_keeps_every_answer_and_says_when_the_hour_ends() {
    let app = spawn_app_with(&[
        ("FORM_MIN_FILL_SECONDS", "0"),
        ("SUBMIT_RATE_PER_HOUR", "1"),
    ])
    .await;
    thanks_reference(&post_form(&app, &valid_answers(&form_token(&app).await)).await);
    let answers = with(
        valid_answers(&form_token(&app).await),
        "email",
        "neighbour@example.com",
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let response = post_form(&app, &answers).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let hour_ends_in = 3600 - now % 3600;
    assert!(
        retry_after.abs_diff(hour_ends_in) <= 2,
        "{retry_after} vs {hour_ends_in}"
    );
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        texts(&html, "#notice h2"),
        vec!["Too many applications from your connection"]
    );
    let kept = form_values(&html);
    for (name, value) in &answers {
        if value.is_empty() || name == "website" {
            continue;
        }
        assert!(
            kept.iter().any(|(n, v)| n == name && v == value),
            "{name}={value:?} was not kept: {kept:?}"
        );
    }
    assert_eq!(count(&app, "applications").await, 1);
}
