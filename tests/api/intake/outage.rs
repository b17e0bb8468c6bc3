//! The database goes away mid-visit: nothing is acknowledged that was not saved, the answers stay
//! on the page, and the same form goes through once the database is back.

use std::time::{Duration, Instant};

use super::*;
use crate::helpers::{attrs, spawn_app_behind_proxy, texts};

#[tokio::test]
async fn while_the_database_is_unreachable_the_form_comes_back_with_503_and_nothing_is_lost() {
    // Arrange: the app reaches PostgreSQL only through a proxy the test controls.
    let (app, proxy) =
        spawn_app_behind_proxy(&[("FORM_MIN_FILL_SECONDS", "0"), ("RUN_WORKER", "false")]).await;
    let token = form_token(&app).await;
    let answers = valid_answers(&token);

    // Act: cut the database off, then send the form.
    proxy.cut();
    let started = Instant::now();
    let response = post_form(&app, &answers).await;

    // Assert: a prompt 503 that says nothing was saved and keeps every answer.
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(started.elapsed() < Duration::from_secs(10));
    let html = html_of(response).await;
    assert!(
        texts(&html, "#notice")
            .join(" ")
            .contains("nothing was saved")
    );
    assert_eq!(attrs(&html, "#given_name", "value"), vec!["María José"]);
    assert_eq!(attrs(&html, "#phone", "value"), vec!["0917 123 4567"]);
    assert_eq!(
        attrs(&html, "input[name=form_token]", "value"),
        vec![token.clone()]
    );
    assert_nothing_stored(&app).await;

    // The database comes back: the same form goes through, once.
    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(15);
    let reference = loop {
        let response = post_form(&app, &answers).await;
        if response.status() == 303 {
            break thanks_reference(&response);
        }
        assert_eq!(response.status(), 503, "only 503 while recovering");
        assert!(Instant::now() < deadline, "no recovery within 15 s");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(count(&app, "applications").await, 1);
    assert_eq!(
        thanks_reference(&post_form(&app, &answers).await),
        reference
    );
}
