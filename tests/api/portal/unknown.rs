//! An address with no application gets the same answer, in about the same time, as one on file:
//! nobody learns from the site whether someone applied. Its owner gets a note saying so.

use std::time::{Duration, Instant};

use super::*;

/// Status, Location and the page it leads to, for one request.
async fn answer(app: &TestApp, email: &str) -> (u16, String, String) {
    let client = client();
    let response = request_link(app, &client, email).await;
    let status = response.status().as_u16();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page = client.get(app.url(&location)).send().await.unwrap();
    (status, location, page.text().await.unwrap())
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_a_note_instead_of_a_link() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, "known@example.com").await;
    let known = answer(app, "known@example.com").await;
    let unknown = answer(app, "stranger@example.com").await;
    assert_eq!(known, unknown);
    assert_eq!(known.0, 303);

    let note = mail_to(&portal, "stranger@example.com", 1).await;
    assert_eq!(
        link_in(&note),
        None,
        "no link for an address with no application"
    );
    assert!(
        note.body("text/plain")
            .unwrap()
            .contains("We have no application from this address")
    );
    assert!(link_in(&mail_to(&portal, "known@example.com", 1).await).is_some());
    // The note is about nobody; only the known address got a link row.
    let (links, nobody): (i64, i64) = sqlx::query_as(
        "select (select count(*) from candidate_links), \
                (select count(*) from outbox_messages \
                 where kind = 'portal_no_application' and candidate_id is null \
                   and application_id is null and recruiter_id is null)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((links, nobody), (1, 1));
}

#[tokio::test]
async fn an_unknown_address_takes_about_as_long_as_a_known_one() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    const ROUNDS: usize = 9;
    for n in 0..ROUNDS {
        candidate(app, &format!("known{n}@example.com")).await;
    }
    let client = client();
    // Warm up both paths (templates, prepared statements).
    request_link(app, &client, "warm.known@example.com").await;
    candidate(app, "warm2@example.com").await;
    request_link(app, &client, "warm2@example.com").await;
    async fn timed(app: &TestApp, client: &Client, email: &str) -> Duration {
        let started = Instant::now();
        let response = request_link(app, client, email).await;
        assert_eq!(response.status(), 303);
        started.elapsed()
    }
    // Alternate, so that whatever else the machine does slows both alike; a new address each
    // time, so neither the per-address limit nor the double-click dedupe applies.
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..ROUNDS {
        known.push(timed(app, &client, &format!("known{n}@example.com")).await);
        unknown.push(timed(app, &client, &format!("unknown{n}@example.com")).await);
    }
    known.sort();
    unknown.sort();
    let (known, unknown) = (known[ROUNDS / 2], unknown[ROUNDS / 2]);
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    eprintln!("link request, median of {ROUNDS}: known {known:?}, unknown {unknown:?}");
    assert!(
        (0.5..=2.0).contains(&ratio),
        "unknown {unknown:?} vs known {known:?}"
    );
}
