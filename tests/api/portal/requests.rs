//! A privacy request from "My application" lands in the dashboard's list with a due date 30
//! days out; overdue ones are highlighted there and on the overview until answered.

use super::*;
use crate::admin::post_admin;
use crate::helpers::texts;

const ANA: &str = "ana.request@example.com";

async fn post_request(app: &TestApp, client: &Client, kind: &str, message: &str) -> Response {
    let fields = [("kind", kind), ("message", message)];
    post_signed_in(app, client, "/my-application/request", &fields).await
}

#[tokio::test]
async fn a_request_is_listed_with_its_due_date_and_highlighted_once_overdue() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;

    // Bad input: a message beside the field, the text kept, nothing stored.
    let refused = post_request(app, &client, "", "Please stop").await;
    assert_eq!(refused.status(), 422);
    let page = html(refused).await;
    assert_eq!(texts(&page, ".field-error").len(), 1);
    assert_eq!(texts(&page, "#kind-error").len(), 1);
    assert_eq!(texts(&page, "#message"), vec!["Please stop"]);
    let refused = post_request(app, &client, "objection", "  ").await;
    assert_eq!(texts(&html(refused).await, "#message-error").len(), 1);
    let stored: i64 = sqlx::query_scalar("select count(*) from privacy_requests")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    let sent = post_request(
        app,
        &client,
        "objection",
        "Please stop using my phone number.",
    )
    .await;
    assert_eq!(sent.status(), 303);
    assert_eq!(sent.headers()["location"], "/my-application/request/sent");
    let (days, kind): (i32, String) = sqlx::query_as(
        "select due_on - (created_at at time zone 'utc')::date, kind from privacy_requests",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((days, kind.as_str()), (30, "objection"));
    let made: serde_json::Value = sqlx::query_scalar(
        "select details from audit_events where action = 'privacy_request_made'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(made, serde_json::json!({ "kind": "objection" }));

    // It is part of what the person can download.
    let export = my_export(app, &client).await;
    assert_eq!(export["privacy_requests"][0]["kind"], "objection");

    // The dashboard lists it with its due date and the candidate's reference.
    crate::admin::sign_in(app).await;
    let (status, list) = app.get_html("/admin/privacy-requests").await;
    assert_eq!(status, 200);
    let due: time::Date = sqlx::query_scalar("select due_on from privacy_requests")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let row = texts(&list, "tbody tr").remove(0);
    assert!(
        row.contains(&due.to_string()) && row.contains(&ana.reference),
        "{row}"
    );
    assert!(row.contains("Please stop using my phone number."));
    assert!(attrs(&list, "tbody tr.alert", "class").is_empty());
    let (_, overview) = app.get_html("/admin").await;
    assert!(attrs(&overview, "#privacy-requests.alert", "id").is_empty());

    // 31 days later (the due date moved back): highlighted in the list and on the overview.
    sqlx::query("update privacy_requests set due_on = due_on - 31")
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, list) = app.get_html("/admin/privacy-requests").await;
    assert_eq!(attrs(&list, "tbody tr.alert", "class").len(), 1);
    let (_, overview) = app.get_html("/admin").await;
    assert_eq!(attrs(&overview, "#privacy-requests.alert", "id").len(), 1);
    assert!(
        texts(&overview, "#privacy-requests")
            .join(" ")
            .contains("1 overdue")
    );

    // Answered: no longer open or highlighted.
    let id: uuid::Uuid = sqlx::query_scalar("select id from privacy_requests")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let path = format!("/admin/privacy-requests/{id}/answered");
    assert_eq!(post_admin(app, &path, &[]).await.status(), 303);
    let (_, overview) = app.get_html("/admin").await;
    assert!(attrs(&overview, "#privacy-requests.alert", "id").is_empty());
    assert!(
        texts(&overview, "#privacy-requests")
            .join(" ")
            .contains("none overdue")
    );
}
