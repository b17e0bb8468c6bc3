//! The candidate's calendar feed (issue 14, item 5): made on My application, shown once,
//! fetched without a session by its secret URL, revoked (404), and never another candidate's.

use icalendar::{Calendar, Component};
use time::macros::date;

use super::*;
use crate::admin::ORIGIN;
use crate::helpers::texts;
use crate::support::documents::seed_document;

const ANA: &str = "ana.calendar@example.com";
const BEN: &str = "ben.calendar@example.com";

/// Makes (or remakes) the signed-in candidate's feed; returns its path, read from the page.
async fn make_feed(app: &TestApp, client: &Client) -> String {
    let response = post_signed_in(app, client, "/my-application/calendar", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = html(response).await;
    let url = attrs(&page, "input#feed-url", "value").remove(0);
    let path = url
        .strip_prefix(ORIGIN)
        .expect("an address on our site")
        .to_owned();
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{path}"
    );
    assert_eq!(
        path.len(),
        "/calendar/".len() + 64 + ".ics".len(),
        "256 bits in hex"
    );
    path
}

async fn calendar_page(app: &TestApp, client: &Client) -> scraper::Html {
    html(
        client
            .get(app.url("/my-application/calendar"))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    // A calendar app: no cookie.
    crate::helpers::client()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_candidate_makes_a_feed_that_lists_their_expiries_and_plan_deadlines_only() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let expires = date!(2027 - 05 - 31);
    seed_document(app, ana.candidate_id, "passport", Some(expires)).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let page = calendar_page(app, &client).await;
    assert!(
        texts(&page, "main p")
            .iter()
            .any(|t| t == "You have no calendar address.")
    );

    let path = make_feed(app, &client).await;
    let stored: Vec<Vec<u8>> =
        sqlx::query_scalar("select token_hash from candidate_calendar_feeds")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let token = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics");
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token.as_bytes(), "only a digest is stored");
    // Shown once: the page afterwards says a feed exists, without its address.
    let page = calendar_page(app, &client).await;
    assert!(attrs(&page, "input#feed-url", "value").is_empty());
    assert!(
        texts(&page, "main p")
            .iter()
            .any(|t| t.starts_with("You have a calendar address, made on"))
    );

    let response = fetch(app, &path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "private, max-age=900");
    let text = response.text().await.unwrap();
    let calendar: Calendar = text.parse().expect("the feed parses");
    let events: Vec<_> = calendar.events().collect();
    let passport = events
        .iter()
        .find(|e| e.get_summary() == Some("Passport: last valid day"))
        .expect("the passport's expiry");
    assert!(text.contains("DTSTART;VALUE=DATE:20270531\r\n"), "{text}");
    assert!(passport.get_uid().unwrap().starts_with("expiry-"));
    // The example application needs a sponsor: the plan offers the H-1B, with its season.
    assert!(
        events.iter().any(|e| e
            .get_summary()
            .is_some_and(|s| s.starts_with("H-1B registration (FY2028)"))),
        "{text}"
    );
    for personal in [ANA, ana.reference.as_str(), "María", "Cruz"] {
        assert!(!text.contains(personal), "{personal} in the feed");
    }
}

#[tokio::test]
async fn a_revoked_or_replaced_feed_is_gone_and_a_token_sees_only_its_own_candidate() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    candidate(app, BEN).await;
    seed_document(
        app,
        ana.candidate_id,
        "passport",
        Some(date!(2027 - 05 - 31)),
    )
    .await;
    let ana_client = signed_in_client(&portal, ANA, 1).await;
    let ben_client = signed_in_client(&portal, BEN, 1).await;
    let ana_feed = make_feed(app, &ana_client).await;
    let ben_feed = make_feed(app, &ben_client).await;
    assert_ne!(ana_feed, ben_feed);
    let ben_text = fetch(app, &ben_feed).await.text().await.unwrap();
    assert!(
        !ben_text.contains("Passport"),
        "Ana's document is not in Ben's feed"
    );
    assert!(
        fetch(app, &ana_feed)
            .await
            .text()
            .await
            .unwrap()
            .contains("Passport")
    );

    // A new address replaces the old one.
    let replaced = make_feed(app, &ana_client).await;
    assert_eq!(fetch(app, &ana_feed).await.status(), 404);
    assert_eq!(fetch(app, &replaced).await.status(), 200);
    // Revoked: 404, like an address that never existed or is malformed.
    let response = post_signed_in(app, &ana_client, "/my-application/calendar/revoke", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(fetch(app, &replaced).await.status(), 404);
    for never in [
        format!("/calendar/{}.ics", "0".repeat(64)),
        "/calendar/nonsense.ics".to_owned(),
        format!("/calendar/{}", "a".repeat(64)),
    ] {
        assert_eq!(fetch(app, &never).await.status(), 404, "{never}");
    }
    assert_eq!(fetch(app, &ben_feed).await.status(), 200, "Ben's goes on");

    // Every candidate action is in the audit log (never the token), and the export says whether a
    // feed is on: Ana made two and stopped the second; Ben's is on.
    let actions: Vec<(String, String)> = sqlx::query_as(
        "select action, details::text from audit_events
         where candidate_id = $1 and action like 'portal_calendar%' order by created_at",
    )
    .bind(ana.candidate_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let made = "portal_calendar_feed_made";
    let stopped = "portal_calendar_feed_stopped";
    assert_eq!(
        actions.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        vec![made, made, stopped]
    );
    assert!(actions.iter().all(|(_, details)| details == "{}"));
    assert!(my_export(app, &ana_client).await["calendar_feed"].is_null());
    assert!(my_export(app, &ben_client).await["calendar_feed"]["made_at"].is_string());

    // A post from elsewhere (no Origin) makes nothing.
    let foreign = ana_client
        .post(app.url("/my-application/calendar"))
        .form(&[("csrf_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
}
