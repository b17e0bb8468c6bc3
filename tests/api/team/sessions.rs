//! Each recruiter's own sessions (device, last seen in their time zone, ended one by one), and
//! what admins do to accounts: disabling ends every session at once; the last admin stays.

use super::*;
use crate::admin::add_recruiter;

const EMAIL: &str = "ana@labmindsstaffing.com";
const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";

async fn signed_in_with(app: &TestApp, user_agent: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .user_agent(user_agent)
        .build()
        .unwrap();
    let response = post_form(
        app,
        &client,
        "/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(response.status(), 303);
    client
}

#[tokio::test]
async fn recruiters_see_their_sessions_in_their_time_zone_and_end_them() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, EMAIL).await;
    let desk = signed_in_with(app, FIREFOX).await;
    let phone = signed_in_with(app, PHONE).await;
    let saved = post_with_csrf(
        app,
        &desk,
        "/admin/account",
        "/admin/account/profile",
        &[
            ("display_name", "Ana Reyes"),
            ("public_phone", "+63 917 123 4567"),
            ("time_zone", "Asia/Manila"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let stored: (String, Option<String>, String) =
        sqlx::query_as("select display_name, public_phone, time_zone from recruiters")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        (
            "Ana Reyes".into(),
            Some("+639171234567".into()),
            "Asia/Manila".into()
        )
    );

    let (_, html) = page(app, &desk, "/admin/account").await;
    let rows = texts(&html, "table.sessions tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Firefox on Windows (this browser)")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("Chrome on Android")),
        "{rows:?}"
    );
    // Times in the recruiter's zone: Manila is UTC+8, "PST" in the tz database.
    assert!(rows.iter().all(|r| r.contains(" PST")), "{rows:?}");

    // Ending the phone's session signs the phone out at once, and only the phone.
    let forms = attrs(&html, "table.sessions form", "action");
    let row_of_phone = rows.iter().position(|r| r.contains("Android")).unwrap();
    let response = post_with_csrf(app, &desk, "/admin/account", &forms[row_of_phone], &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(page(app, &phone, "/admin").await.0, 303);
    assert_eq!(page(app, &desk, "/admin").await.0, 200);
    // Another account's session id is not found.
    let response = post_with_csrf(
        app,
        &desk,
        "/admin/account",
        &format!("/admin/account/sessions/{}/end", Uuid::new_v4()),
        &[],
    )
    .await;
    assert_eq!(response.status(), 404);
    // A bad time zone or phone is refused beside its field, with what was typed kept.
    let refused = post_with_csrf(
        app,
        &desk,
        "/admin/account",
        "/admin/account/profile",
        &[
            ("display_name", "Ana"),
            ("public_phone", "12"),
            ("time_zone", "Mars/Olympus"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert_eq!(texts(&html, ".field-error").len(), 2);
    assert_eq!(attrs(&html, "#time_zone", "value"), vec!["Mars/Olympus"]);
}

#[tokio::test]
async fn a_disabled_account_loses_every_session_at_once() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (admin, admin_id, _) = signed_in_admin(app, "maria@labmindsstaffing.com").await;
    let ana = add_recruiter(app, EMAIL).await;
    let desk = signed_in_with(app, FIREFOX).await;
    let phone = signed_in_with(app, PHONE).await;
    let response = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        &format!("/admin/team/{ana}/disable"),
        &[],
    )
    .await;
    assert_eq!(response.status(), 303);
    for client in [&desk, &phone] {
        let response = client.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/admin/login");
    }
    assert_eq!(
        crate::admin::rows_with(app, "recruiter_sessions", "recruiter_id", ana).await,
        0
    );
    let again = post_form(
        app,
        &crate::helpers::client(),
        "/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(again.status(), 401);

    // The last active admin can be neither demoted nor disabled.
    let demote = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        &format!("/admin/team/{admin_id}/role"),
        &[("role", "recruiter")],
    )
    .await;
    assert_eq!(demote.status(), 409);
    let disable = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        &format!("/admin/team/{admin_id}/disable"),
        &[],
    )
    .await;
    assert_eq!(disable.status(), 409);
    assert_eq!(page(app, &admin, "/admin/team").await.0, 200);
    // With a second admin, a role change works and is audited.
    let lee = add_recruiter(app, "lee@labmindsstaffing.com").await;
    let promote = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        &format!("/admin/team/{lee}/role"),
        &[("role", "admin")],
    )
    .await;
    assert_eq!(promote.status(), 303);
    let demote = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        &format!("/admin/team/{admin_id}/role"),
        &[("role", "recruiter")],
    )
    .await;
    assert_eq!(demote.status(), 303);
    assert_eq!(
        page(app, &admin, "/admin/team").await.0,
        403,
        "a recruiter now"
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where action in ('role_changed', 'recruiter_disabled')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 3);
}
