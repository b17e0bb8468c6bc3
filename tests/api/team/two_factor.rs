//! The second sign-in step: one-time codes (never twice), recovery codes (each once), the
//! throttle, the states a half-signed-in session is held in, and REQUIRE_2FA.

use super::*;
use crate::admin::add_recruiter;

const ADMIN: &str = "maria@labmindsstaffing.com";

async fn second_step(app: &TestApp, client: &reqwest::Client, code: &str) -> Response {
    post_with_csrf(
        app,
        client,
        "/admin/login/code",
        "/admin/login/code",
        &[("code", code)],
    )
    .await
}

#[tokio::test]
async fn a_one_time_code_cannot_be_used_twice() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (_, _, enrolled) = signed_in_admin(app, ADMIN).await;
    // The enrolment's code is refused now, the next one is not. The spent code is the one the
    // enrolment typed, not the current window's again: on a slow run the 30 s window may have
    // turned between the two, and the new window's code was never used.
    let (client, location) = password_step(app, ADMIN, PASSWORD).await;
    assert_eq!(location, "/admin/login/code");
    assert_eq!(
        second_step(app, &client, &enrolled.code).await.status(),
        401
    );
    let next = code_for(&enrolled.secret, 1);
    assert_eq!(second_step(app, &client, &next).await.status(), 303);
    // And that one only once, from another browser too.
    let (other, _) = password_step(app, ADMIN, PASSWORD).await;
    assert_eq!(second_step(app, &other, &next).await.status(), 401);
    assert_eq!(second_step(app, &other, "000000x").await.status(), 401);
}

#[tokio::test]
async fn each_recovery_code_signs_in_once() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (_, _, enrolled) = signed_in_admin(app, ADMIN).await;
    let code = enrolled.recovery_codes[3].clone();
    let hashes: Vec<String> = sqlx::query_scalar("select code_hash from recovery_codes")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(
        hashes.iter().all(|h| h.starts_with("$argon2id$")),
        "stored hashed"
    );
    assert!(hashes.iter().all(|h| !h.contains(&code.replace('-', ""))));

    let (client, _) = password_step(app, ADMIN, PASSWORD).await;
    // As people type it: upper case, with spaces.
    let typed = format!(" {} ", code.to_uppercase().replace('-', " "));
    let response = second_step(app, &client, &typed).await;
    assert_eq!(response.status(), 303);
    assert_eq!(page(app, &client, "/admin").await.0, 200);
    let (again, _) = password_step(app, ADMIN, PASSWORD).await;
    assert_eq!(second_step(app, &again, &code).await.status(), 401);
    // Another code still works.
    let other = enrolled.recovery_codes[4].clone();
    assert_eq!(second_step(app, &again, &other).await.status(), 303);
    let used: i64 =
        sqlx::query_scalar("select count(*) from recovery_codes where used_at is not null")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(used, 2);
}

#[tokio::test]
async fn the_second_step_is_throttled_like_the_password() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (_, _, enrolled) = signed_in_admin(app, ADMIN).await;
    let (client, _) = password_step(app, ADMIN, PASSWORD).await;
    for _ in 0..5 {
        assert_eq!(second_step(app, &client, "123456").await.status(), 401);
    }
    let refused = second_step(app, &client, &code_for(&enrolled.secret, 1)).await;
    assert_eq!(
        refused.status(),
        429,
        "the sixth attempt is refused, even a right one"
    );
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_session_waiting_for_its_code_opens_nothing_else() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    signed_in_admin(app, ADMIN).await;
    let (client, _) = password_step(app, ADMIN, PASSWORD).await;
    for path in [
        "/admin",
        "/admin/candidates",
        "/admin/team",
        "/admin/account",
        "/admin/two-factor",
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(
            response.headers()["location"],
            "/admin/login/code",
            "{path}"
        );
    }
    let token = csrf_on(app, &client, "/admin/login/code").await;
    let response = post_form(
        app,
        &client,
        "/admin/team/invite",
        &[
            ("csrf_token", &token),
            ("email", "x@example.com"),
            ("role", "admin"),
        ],
    )
    .await;
    assert_eq!(response.status(), 403);
    // It can give up: signing out works at this step.
    let response = post_form(app, &client, "/admin/logout", &[("csrf_token", &token)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(page(app, &client, "/admin/login/code").await.0, 303);
}

#[tokio::test]
async fn with_require_2fa_recruiters_set_it_up_at_their_next_sign_in() {
    let team = spawn_team(&[("REQUIRE_2FA", "true")]).await;
    let app = &team.app;
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let (client, location) = password_step(app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(location, "/admin/two-factor");
    let response = client
        .get(app.url("/admin/candidates"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/admin/two-factor");
    let enrolled = enrol(app, &client).await;
    assert_eq!(page(app, &client, "/admin/candidates").await.0, 200);
    let (again, location) = password_step(app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(location, "/admin/login/code");
    let code = code_for(&enrolled.secret, 1);
    assert_eq!(second_step(app, &again, &code).await.status(), 303);

    // Without it, a recruiter's password is enough (and two-factor is offered, not forced).
    let plain = spawn_team(&[]).await;
    add_recruiter(&plain.app, "ana@labmindsstaffing.com").await;
    let (_, location) = password_step(&plain.app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(location, "/admin");
}

#[tokio::test]
async fn the_operator_can_remove_a_lost_second_factor_which_is_then_set_up_again() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (signed_in, _, _) = signed_in_admin(app, ADMIN).await;
    let command = labminds::cli::recruiter::RecruiterCommand::ResetTwoFactor {
        email: ADMIN.to_owned(),
    };
    labminds::cli::recruiter::run(command, &app.pool, &b""[..])
        .await
        .unwrap();
    assert_eq!(
        page(app, &signed_in, "/admin").await.0,
        303,
        "its sessions ended"
    );
    let codes: i64 = sqlx::query_scalar("select count(*) from recovery_codes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(codes, 0);
    // An admin must have it: the next sign-in sets it up again, with a new secret.
    let (client, location) = password_step(app, ADMIN, PASSWORD).await;
    assert_eq!(location, "/admin/two-factor");
    enrol(app, &client).await;
    assert_eq!(page(app, &client, "/admin/team").await.0, 200);
}
