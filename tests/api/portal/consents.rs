//! Consents: shown with what the form said, changed in one click with the notice version, time
//! and channel recorded; withdrawing "processing" leads to the erasure's confirmation; the
//! retention purge follows "keep my details"; one-click unsubscribe (RFC 8058) withdraws
//! "e-mail updates" without a session.

use uuid::Uuid;

use super::*;
use crate::helpers::texts;
use crate::support::applications::backdate;

const ANA: &str = "ana.consent@example.com";
const KEY: &[u8] = b"test-secret-key-0123456789abcdef0123456789";

async fn choices(app: &TestApp, client: &Client) -> Vec<String> {
    texts(
        &html(my_application(app, client).await).await,
        ".consents h3",
    )
}

async fn change(app: &TestApp, client: &Client, purpose: &str, give: &str) -> Response {
    let fields = [("purpose", purpose), ("give", give)];
    post_signed_in(app, client, "/my-application/consents", &fields).await
}

#[tokio::test]
async fn consents_start_from_the_form_and_change_in_one_click_with_version_time_and_channel() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    assert_eq!(
        choices(app, &client).await,
        [
            "Handling my application: yes",
            "Keeping my details for future roles: yes",
            "E-mail updates and reminders: no",
            "Sharing my profile with US employers: no",
        ]
    );
    let response = change(app, &client, "keep_details", "no").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/my-application#choices");
    let page = html(my_application(app, &client).await).await;
    assert_eq!(
        texts(&page, ".consents h3")[1],
        "Keeping my details for future roles: no"
    );
    let note = texts(&page, ".consents li:nth-child(2) .meta").remove(0);
    assert!(
        note.contains("on this page") && note.contains("version 2026-12-01"),
        "{note}"
    );
    assert_eq!(
        change(app, &client, "share_with_employers", "yes")
            .await
            .status(),
        303
    );
    assert_eq!(
        choices(app, &client).await[3],
        "Sharing my profile with US employers: yes"
    );
    let recorded: Vec<(String, bool, String, String)> = sqlx::query_as(
        "select purpose, given, notice_version, channel from candidate_consents order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let page = |p: &str, g| {
        (
            p.to_owned(),
            g,
            "2026-12-01".to_owned(),
            "my_application".to_owned(),
        )
    };
    assert_eq!(
        recorded,
        vec![
            page("keep_details", false),
            page("share_with_employers", true)
        ]
    );
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_events where action like 'consent_%' order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, ["consent_withdrawn", "consent_given"]);
    let export = my_export(app, &client).await;
    assert_eq!(export["consents"][0]["purpose"], "keep_details");
    assert_eq!(export["consents"][0]["given"], false);
}

#[tokio::test]
async fn withdrawing_processing_leads_to_the_erasure_confirmation() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let response = change(app, &client, "processing", "no").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/my-application/erase");
    let candidates: i64 = sqlx::query_scalar("select count(*) from candidates")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(candidates, 1, "nothing is erased before the confirmation");
    assert_eq!(
        change(app, &client, "sell_my_data", "yes").await.status(),
        400
    );
}

#[tokio::test]
async fn the_retention_purge_follows_the_keep_details_consent() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    // Both ticked "keep my details" on the form, more than 24 months ago.
    let ana = candidate(app, ANA).await;
    let bo = candidate(app, "bo.consent@example.com").await;
    for stored in [&ana, &bo] {
        backdate(&app.pool, stored, 800, true).await;
    }
    let client = signed_in_client(&portal, ANA, 1).await;
    assert_eq!(
        change(app, &client, "keep_details", "no").await.status(),
        303
    );

    let today = time::OffsetDateTime::now_utc().date();
    let erased = labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert_eq!(erased, 1);
    let left: Vec<Uuid> = sqlx::query_scalar("select id from candidates")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, vec![bo.candidate_id]);
}

#[tokio::test]
async fn one_click_unsubscribe_withdraws_email_updates_without_a_session() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    assert_eq!(
        change(app, &client, "email_updates", "yes").await.status(),
        303
    );
    let path = labminds::portal::consents::unsubscribe_path(KEY, ana.candidate_id);

    // Opening the link shows a button and changes nothing.
    let stranger = crate::helpers::client();
    let page = stranger.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        texts(&html(page).await, "form button"),
        vec!["Stop update e-mails"]
    );
    assert_eq!(
        choices(app, &client).await[2],
        "E-mail updates and reminders: yes"
    );

    // A mail provider's one-click POST: no cookie, no Origin, the RFC 8058 body.
    let done = stranger
        .post(app.url(&path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(
        texts(&html(done).await, "h1"),
        vec!["You will get no more update e-mails"]
    );
    let page = html(my_application(app, &client).await).await;
    assert_eq!(
        texts(&page, ".consents h3")[2],
        "E-mail updates and reminders: no"
    );
    let note = texts(&page, ".consents li:nth-child(3) .meta").remove(0);
    assert!(
        note.contains("by the unsubscribe link in an e-mail"),
        "{note}"
    );

    // A token we did not sign does nothing.
    let forged = path.replace(&ana.candidate_id.to_string(), &Uuid::new_v4().to_string());
    let refused = stranger.post(app.url(&forged)).send().await.unwrap();
    assert_eq!(refused.status(), 410);
    let withdrawals: i64 = sqlx::query_scalar(
        "select count(*) from candidate_consents where channel = 'email_unsubscribe'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(withdrawals, 1);
}
