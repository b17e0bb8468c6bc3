//! Invitations: the e-mailed link, its page (GET never uses it), choosing a password, setting up
//! the second factor, and the two-step sign-in after it.

use super::*;

/// An admin signed in who invites `email`; returns the app, the admin's client and the link.
pub async fn invited(team: &TeamApp, email: &str, role: &str) -> (reqwest::Client, String) {
    let app = &team.app;
    let (admin, _, _) = signed_in_admin(app, "maria@labmindsstaffing.com").await;
    let response = post_with_csrf(
        app,
        &admin,
        "/admin/team",
        "/admin/team/invite",
        &[("email", email), ("role", role)],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/team?done=invited");
    let messages = team.delivered_to(email).await;
    assert_eq!(messages.len(), 1, "one invitation e-mail");
    let link = link_in(&messages[0], "/admin/invitation/").expect("the link is in the e-mail");
    (admin, link)
}

#[tokio::test]
async fn an_invitation_leads_to_a_password_two_factor_and_a_two_step_sign_in() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (admin, link) = invited(&team, "lee@labmindsstaffing.com", "recruiter").await;
    let message = &team.delivered_to("lee@labmindsstaffing.com").await[0];
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Your invitation to the LabMinds Staffing team")
    );
    assert!(
        message
            .body("text/plain")
            .unwrap()
            .contains("Maria Santos invites you")
    );
    // The token is 256 bits (64 hex characters), and the database holds only its digest.
    let token = link.trim_start_matches("/admin/invitation/");
    assert_eq!(token.len(), 64);
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from recruiter_invitations where token_hash = sha256(convert_to($1, 'UTF8'))",
    )
    .bind(token)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 1);
    let urgent: i16 = sqlx::query_scalar(
        "select priority from outbox_messages where kind = 'recruiter_invitation'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(urgent, 5, "invitations go through the urgent lane");

    // Opening the link (twice, as a mail scanner and then the person) uses nothing.
    let invitee = crate::helpers::client();
    for _ in 0..2 {
        let (status, html) = page(app, &invitee, &link).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&html, "h1"), vec!["Join the LabMinds Staffing team"]);
    }
    // A short password is refused beside its field, the name kept.
    let fields = [
        ("display_name", "Lee Chen"),
        ("time_zone", "Asia/Manila"),
        ("password", "short"),
    ];
    let response = post_form(app, &invitee, &link, &fields).await;
    assert_eq!(response.status(), 422);
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(attrs(&html, "#display_name", "value"), vec!["Lee Chen"]);
    assert_eq!(texts(&html, ".field-error").len(), 1);
    // The right answers make the account, sign it in and offer two-factor sign-in.
    let fields = [
        ("display_name", "Lee Chen"),
        ("time_zone", "Asia/Manila"),
        ("password", PASSWORD),
    ];
    let response = post_form(app, &invitee, &link, &fields).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/two-factor");
    let enrolled = enrol(app, &invitee).await;
    // The link is used up.
    let response = post_form(app, &crate::helpers::client(), &link, &fields).await;
    assert_eq!(response.status(), 410);
    assert_eq!(page(app, &crate::helpers::client(), &link).await.0, 410);

    // Signing in now takes both steps; the code is the app's next one (the first was used).
    let (client, location) = password_step(app, "lee@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(location, "/admin/login/code");
    assert_eq!(page(app, &client, "/admin/candidates").await.0, 303);
    let code = code_for(&enrolled.secret, 1);
    let response = post_with_csrf(
        app,
        &client,
        "/admin/login/code",
        "/admin/login/code",
        &[("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin");
    let (status, html) = page(app, &client, "/admin").await;
    assert_eq!(status, 200);
    assert!(texts(&html, "nav").join(" ").contains("Lee Chen"));

    // The team page shows the new recruiter, their role and a last sign-in.
    let (_, html) = page(app, &admin, "/admin/team").await;
    let rows = texts(&html, "table.team tbody tr");
    let lee = rows
        .iter()
        .find(|r| r.contains("Lee Chen"))
        .expect("Lee is listed");
    assert!(lee.contains("Recruiter") && lee.contains("On"), "{lee}");
    assert!(!lee.contains("never"), "{lee}");
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_events order by created_at")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    for action in [
        "recruiter_invited",
        "invitation_accepted",
        "two_factor_enrolled",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} audited: {actions:?}"
        );
    }
}

#[tokio::test]
async fn an_invitation_link_works_for_72_hours_only() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (_, link) = invited(&team, "lee@labmindsstaffing.com", "admin").await;
    let expires: bool = sqlx::query_scalar(
        "select expires_at between now() + interval '71 hours 59 minutes' and now() + interval '72 hours' from recruiter_invitations",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(expires);
    sqlx::query("update recruiter_invitations set expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let invitee = crate::helpers::client();
    assert_eq!(page(app, &invitee, &link).await.0, 410);
    let fields = [
        ("display_name", "Lee Chen"),
        ("time_zone", "UTC"),
        ("password", PASSWORD),
    ];
    assert_eq!(post_form(app, &invitee, &link, &fields).await.status(), 410);
    let accounts: i64 = sqlx::query_scalar("select count(*) from recruiters")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(accounts, 1, "only the admin");
}

#[tokio::test]
async fn an_invited_admin_must_set_up_two_factor_before_anything_else() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (_, link) = invited(&team, "lee@labmindsstaffing.com", "admin").await;
    let invitee = crate::helpers::client();
    let fields = [
        ("display_name", "Lee Chen"),
        ("time_zone", "America/Chicago"),
        ("password", PASSWORD),
    ];
    let response = post_form(app, &invitee, &link, &fields).await;
    assert_eq!(response.headers()["location"], "/admin/two-factor");
    // Until enrolment, every dashboard page leads back to it.
    for path in ["/admin", "/admin/team", "/admin/candidates"] {
        let response = invitee.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(
            response.headers()["location"],
            "/admin/two-factor",
            "{path}"
        );
    }
    enrol(app, &invitee).await;
    assert_eq!(page(app, &invitee, "/admin/team").await.0, 200);
}
