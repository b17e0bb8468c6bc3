//! Login, logout and sessions: one answer for every failure, throttling, fixation, replay,
//! timeouts and revocation.

use std::time::{Duration, Instant};

use super::*;
use crate::helpers::{client, spawn_app, texts};

const EMAIL: &str = "ana@labmindsstaffing.com";

/// The session cookie's value from a login response.
fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("labminds_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("a session cookie")
}

/// A client that sends exactly this session cookie.
async fn get_with_cookie(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    client()
        .get(app.url(path))
        .header("Cookie", format!("labminds_session={cookie}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn logging_in_sets_a_strict_http_only_cookie_and_opens_the_dashboard() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    let response = log_in_as(&app, " Ana@LabMindsStaffing.com ", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin");
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    // Plain-http development on localhost: no Secure flag (the browser would drop the cookie).
    assert!(!set_cookie.contains("Secure"));
    let token = session_cookie(&response);
    assert_eq!(token.len(), 64);
    // Only the digest is stored.
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from recruiter_sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(&token));
    let (status, page) = app.get_html("/admin").await;
    assert_eq!(status, 200);
    assert_eq!(texts(&page, "h1"), vec!["Dashboard"]);
    // The login page sends a signed-in recruiter on to the dashboard.
    assert_eq!(app.get("/admin/login").await.status(), 303);
}

#[tokio::test]
async fn the_session_cookie_is_host_prefixed_and_secure_over_https() {
    let app =
        crate::helpers::spawn_app_with(&[("PUBLIC_URL", "https://labmindsstaffing.com")]).await;
    add_recruiter(&app, EMAIL).await;
    let response = app
        .client
        .post(app.url("/admin/login"))
        .header("Origin", "https://labmindsstaffing.com")
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        set_cookie.starts_with("__Host-labminds_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("Secure") && set_cookie.contains("Path=/"));
    assert!(!set_cookie.contains("Domain"));
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    let wrong = log_in_as(&app, EMAIL, "not the password at all").await;
    let unknown = log_in_as(
        &app,
        "nobody@labmindsstaffing.com",
        "not the password at all",
    )
    .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), wrong.status());
    assert!(wrong.headers().get("set-cookie").is_none());
    // Byte for byte the same page, apart from the address typed back into the form.
    let wrong = wrong.text().await.unwrap();
    let unknown = unknown.text().await.unwrap();
    assert_eq!(unknown.replace("nobody@labmindsstaffing.com", EMAIL), wrong);
    let wrong = scraper::Html::parse_document(&wrong);
    assert_eq!(
        texts(&wrong, ".error-summary"),
        vec!["E-mail or password is wrong"]
    );
    // The audit log names the known account, and keeps nothing typed for the unknown one.
    let failures: Vec<(Option<Uuid>, serde_json::Value)> = sqlx::query_as(
        "select recruiter_id, details from audit_events where action = 'login_failed' order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(failures.len(), 2);
    assert!(failures[0].0.is_some());
    assert_eq!(failures[1], (None, serde_json::json!({})));
    let dump: String = sqlx::query_scalar("select string_agg(t::text, ' ') from audit_events t")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!dump.contains("nobody"));
}

#[tokio::test]
async fn a_disabled_account_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    labminds::db::recruiters::disable(&app.pool, EMAIL)
        .await
        .unwrap();
    let response = log_in_as(&app, EMAIL, PASSWORD).await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        texts(&html(response).await, ".error-summary"),
        vec!["E-mail or password is wrong"]
    );
}

#[tokio::test]
async fn unknown_emails_take_about_as_long_as_wrong_passwords() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    // Warm up (the dummy hash is made on first use).
    log_in_as(&app, "warm@labmindsstaffing.com", "x").await;
    // Alternate the two kinds of attempt, so that whatever else the machine is doing slows both
    // alike; compare the medians.
    async fn timed(app: &TestApp, email: &str) -> Duration {
        let started = Instant::now();
        let response = log_in_as(app, email, "wrong wrong wrong").await;
        assert_eq!(response.status(), 401);
        started.elapsed()
    }
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        wrong.push(timed(&app, EMAIL).await);
        unknown.push(timed(&app, "nobody@labmindsstaffing.com").await);
        // Clear failures so the throttle never trips during the measurement.
        sqlx::query("delete from login_attempts")
            .execute(&app.pool)
            .await
            .unwrap();
    }
    wrong.sort();
    unknown.sort();
    let (wrong, unknown) = (wrong[wrong.len() / 2], unknown[unknown.len() / 2]);
    assert!(
        unknown.as_secs_f64() >= 0.5 * wrong.as_secs_f64(),
        "unknown {unknown:?} vs wrong {wrong:?}"
    );
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_a_429_until_the_window_passes() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    for _ in 0..5 {
        assert_eq!(
            log_in_as(&app, EMAIL, "wrong wrong wrong").await.status(),
            401
        );
    }
    // Even the right password is refused while throttled: the guesser learns nothing.
    let throttled = log_in_as(&app, EMAIL, PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    assert_eq!(
        texts(&html(throttled).await, "h1"),
        vec!["Too many attempts"]
    );
    // Once the 15-minute window has passed (moved back in the database) the account may try again.
    sqlx::query("update login_attempts set window_start = window_start - interval '15 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(log_in_as(&app, EMAIL, PASSWORD).await.status(), 303);
}

#[tokio::test]
async fn one_client_trying_many_accounts_is_throttled_too() {
    let app = spawn_app().await;
    for i in 0..20 {
        let email = format!("guess{i}@labmindsstaffing.com");
        assert_eq!(
            log_in_as(&app, &email, "wrong wrong wrong").await.status(),
            401
        );
    }
    let response = log_in_as(&app, "another@labmindsstaffing.com", "wrong wrong wrong").await;
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn a_cookie_set_before_login_is_replaced_by_a_new_session() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    let planted = "a".repeat(64);
    let response = client()
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .header("Cookie", format!("labminds_session={planted}"))
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let issued = session_cookie(&response);
    assert_ne!(issued, planted);
    assert_eq!(
        get_with_cookie(&app, &planted, "/admin").await.status(),
        303
    );
    assert_eq!(get_with_cookie(&app, &issued, "/admin").await.status(), 200);
    // A second login gives yet another id and ends the first.
    let again = client()
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .header("Cookie", format!("labminds_session={issued}"))
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let second = session_cookie(&again);
    assert_ne!(second, issued);
    assert_eq!(get_with_cookie(&app, &issued, "/admin").await.status(), 303);
}

#[tokio::test]
async fn a_cookie_replayed_after_logout_is_refused() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    let token = session_cookie(&log_in_as(&app, EMAIL, PASSWORD).await);
    let response = post_admin(&app, "/admin/logout", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/login");
    let removal = response.headers()["set-cookie"].to_str().unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(get_with_cookie(&app, &token, "/admin").await.status(), 303);
    assert_eq!(app.get("/admin").await.status(), 303);
    let count: i64 = sqlx::query_scalar("select count(*) from recruiter_sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn disabling_a_recruiter_ends_their_sessions_at_once() {
    let (app, _) = signed_in_app().await;
    assert_eq!(app.get("/admin").await.status(), 200);
    let command = labminds::cli::recruiter::RecruiterCommand::Disable {
        email: EMAIL.to_owned(),
    };
    labminds::cli::recruiter::run(command, &app.pool, &b""[..])
        .await
        .unwrap();
    assert_eq!(app.get("/admin").await.status(), 303);
    assert_eq!(log_in_as(&app, EMAIL, PASSWORD).await.status(), 401);
}

#[tokio::test]
async fn resetting_a_password_ends_sessions_and_only_the_new_password_works() {
    let (app, _) = signed_in_app().await;
    let command = labminds::cli::recruiter::RecruiterCommand::ResetPassword {
        email: EMAIL.to_owned(),
    };
    labminds::cli::recruiter::run(command, &app.pool, &b"a brand new passphrase\n"[..])
        .await
        .unwrap();
    assert_eq!(app.get("/admin").await.status(), 303);
    assert_eq!(log_in_as(&app, EMAIL, PASSWORD).await.status(), 401);
    assert_eq!(
        log_in_as(&app, EMAIL, "a brand new passphrase")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn idle_and_old_sessions_expire() {
    let (app, _) = signed_in_app().await;
    sqlx::query("update recruiter_sessions set last_seen_at = now() - interval '31 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/admin").await.status(), 303);

    sign_in_again(&app).await;
    assert_eq!(app.get("/admin").await.status(), 200);
    sqlx::query("update recruiter_sessions set expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/admin").await.status(), 303);
}

async fn sign_in_again(app: &TestApp) {
    assert_eq!(log_in_as(app, EMAIL, PASSWORD).await.status(), 303);
}
