//! Forgotten passwords (a link by e-mail: single use, 30 minutes) and changing one's own password.

use super::*;
use crate::admin::add_recruiter;

const EMAIL: &str = "ana@labmindsstaffing.com";
const NEW_PASSWORD: &str = "a much newer horse battery";

async fn ask_for_a_link(team: &TeamApp, email: &str) -> Response {
    post_form(
        &team.app,
        &crate::helpers::client(),
        "/admin/forgot-password",
        &[("email", email)],
    )
    .await
}

async fn reset_link(team: &TeamApp) -> String {
    let response = ask_for_a_link(team, EMAIL).await;
    assert_eq!(response.status(), 200);
    let messages = team.delivered_to(EMAIL).await;
    let message = messages.last().expect("a reset e-mail");
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Reset your LabMinds Staffing password")
    );
    link_in(message, "/admin/reset/").expect("the link is in the e-mail")
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, EMAIL).await;
    let (signed_in, _) = password_step(app, EMAIL, PASSWORD).await;
    assert_eq!(page(app, &signed_in, "/admin").await.0, 200);
    let (_, html) = page(app, &crate::helpers::client(), "/admin/login").await;
    assert!(attrs(&html, "a", "href").contains(&"/admin/forgot-password".to_owned()));

    let link = reset_link(&team).await;
    let browser = crate::helpers::client();
    for _ in 0..2 {
        assert_eq!(page(app, &browser, &link).await.0, 200, "GET uses nothing");
    }
    let response = post_form(app, &browser, &link, &[("password", "short")]).await;
    assert_eq!(response.status(), 422);
    let response = post_form(app, &browser, &link, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/login?reset=done");
    // The old session is gone at once; only the new password works; the link is used up.
    assert_eq!(page(app, &signed_in, "/admin").await.0, 303);
    let old = post_form(
        app,
        &crate::helpers::client(),
        "/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(old.status(), 401);
    password_step(app, EMAIL, NEW_PASSWORD).await;
    let again = post_form(
        app,
        &browser,
        &link,
        &[("password", "yet another horse battery")],
    )
    .await;
    assert_eq!(again.status(), 410);
    let actions: Vec<String> = sqlx::query_scalar("select action from audit_events")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(actions.contains(&"password_reset_requested".to_owned()));
    assert!(actions.contains(&"password_reset".to_owned()));
}

#[tokio::test]
async fn a_reset_link_expires_after_30_minutes() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, EMAIL).await;
    let link = reset_link(&team).await;
    let lifetime: f64 = sqlx::query_scalar(
        "select extract(epoch from expires_at - created_at)::float8 from password_resets",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!((lifetime - 1800.0).abs() < 5.0, "{lifetime}");
    // 31 minutes later, as the row's clock sees it.
    sqlx::query("update password_resets set expires_at = now() - interval '1 minute'")
        .execute(&app.pool)
        .await
        .unwrap();
    let browser = crate::helpers::client();
    let (status, expired) = page(app, &browser, &link).await;
    assert_eq!(status, 410);
    let response = post_form(app, &browser, &link, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(response.status(), 410);
    password_step(app, EMAIL, PASSWORD).await;
    // A link that was never sent looks the same as an expired one.
    let (status, never) = page(app, &browser, &format!("/admin/reset/{}", "f".repeat(64))).await;
    assert_eq!(status, 410);
    assert_eq!(texts(&never, "main"), texts(&expired, "main"));
}

#[tokio::test]
async fn changing_ones_password_asks_for_the_current_one_and_ends_the_other_sessions() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, EMAIL).await;
    let (here, _) = password_step(app, EMAIL, PASSWORD).await;
    let (elsewhere, _) = password_step(app, EMAIL, PASSWORD).await;
    let wrong = post_with_csrf(
        app,
        &here,
        "/admin/account",
        "/admin/account/password",
        &[
            ("current_password", "not my password at all"),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let html = scraper::Html::parse_document(&wrong.text().await.unwrap());
    assert_eq!(
        texts(&html, ".field-error"),
        vec!["This is not your current password."]
    );
    let response = post_with_csrf(
        app,
        &here,
        "/admin/account",
        "/admin/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        page(app, &here, "/admin").await.0,
        200,
        "this browser stays signed in"
    );
    assert_eq!(
        page(app, &elsewhere, "/admin").await.0,
        303,
        "the other one is signed out"
    );
    password_step(app, EMAIL, NEW_PASSWORD).await;
}
