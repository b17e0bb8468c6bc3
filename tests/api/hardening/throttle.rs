//! Findings 2, 5, 8 and 10: the login throttle counted failures after checking, so 30 parallel
//! wrong passwords were all checked; only the first X-Forwarded-For line was read; the 429 said
//! `Retry-After: 5` for a 15-minute window; and a stranger could keep a recruiter locked out.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::admin::{ORIGIN, PASSWORD, add_recruiter};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const EMAIL: &str = "ana@labmindsstaffing.com";

/// A login post that arrives through the load balancer for `client` (two X-Forwarded-For lines:
/// whatever the client claimed, then the address the balancer appended).
async fn log_in_from(
    app: &TestApp,
    client: &str,
    claimed: &str,
    password: &str,
) -> reqwest::Response {
    crate::helpers::client()
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .header("X-Forwarded-For", claimed)
        .header("X-Forwarded-For", client)
        .form(&[("email", EMAIL), ("password", password)])
        .send()
        .await
        .unwrap()
}

fn seconds_left_in_window(window: u64) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    window - now % window
}

#[tokio::test]
async fn thirty_parallel_wrong_passwords_check_no_more_than_the_limit() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    let attempts = (0..30).map(|_| crate::admin::log_in_as(&app, EMAIL, "wrong wrong wrong"));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 25), "{statuses:?}");
    // Checked means audited as a failed login: exactly the limit.
    let failures: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'login_failed'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(failures, 5);
}

#[tokio::test]
async fn the_429_says_when_the_fifteen_minute_window_ends() {
    let app = spawn_app().await;
    add_recruiter(&app, EMAIL).await;
    for _ in 0..5 {
        crate::admin::log_in_as(&app, EMAIL, "wrong wrong wrong").await;
    }
    let expected = seconds_left_in_window(900);
    let refused = crate::admin::log_in_as(&app, EMAIL, PASSWORD).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        retry_after.abs_diff(expected) <= 2,
        "Retry-After {retry_after}, window ends in {expected} s"
    );
}

#[tokio::test]
async fn a_stranger_failing_elsewhere_cannot_lock_the_recruiter_out() {
    let app = spawn_app_with(&[("TRUST_PROXY_HEADERS", "true")]).await;
    add_recruiter(&app, EMAIL).await;
    let mut stranger = Vec::new();
    for _ in 0..8 {
        stranger.push(
            log_in_from(&app, "198.51.100.66", "198.51.100.66", "guess guess guess")
                .await
                .status(),
        );
    }
    assert_eq!(stranger[..5], [401; 5]);
    assert!(stranger[5..].iter().all(|s| *s == 429), "{stranger:?}");
    // The recruiter, from their own address, gets in at once.
    let own = log_in_from(&app, "203.0.113.7", "203.0.113.7", PASSWORD).await;
    assert_eq!(own.status(), 303);
}

#[tokio::test]
async fn many_strangers_only_slow_the_account_down_progressively() {
    let app = spawn_app_with(&[("TRUST_PROXY_HEADERS", "true")]).await;
    add_recruiter(&app, EMAIL).await;
    // Ten failures from ten addresses: none is throttled, none is slowed.
    for i in 0..10 {
        let client = format!("198.51.100.{i}");
        let response = log_in_from(&app, &client, &client, "guess guess guess").await;
        assert_eq!(response.status(), 401);
    }
    // From the eleventh on, each attempt for the account waits longer (0.5 s, 1 s, ...).
    let started = Instant::now();
    let response = log_in_from(&app, "198.51.100.11", "198.51.100.11", "guess guess guess").await;
    assert_eq!(response.status(), 401);
    let started_second = Instant::now();
    let own = log_in_from(&app, "203.0.113.7", "203.0.113.7", PASSWORD).await;
    assert_eq!(
        own.status(),
        303,
        "the recruiter is slowed, never locked out"
    );
    assert!(started_second.elapsed() >= Duration::from_millis(900));
    assert!(started.elapsed() >= Duration::from_millis(1400));
}

#[tokio::test]
async fn every_x_forwarded_for_line_is_read_and_the_appended_one_counts() {
    let app = spawn_app_with(&[("TRUST_PROXY_HEADERS", "true")]).await;
    add_recruiter(&app, EMAIL).await;
    // The client makes up a new first line each time; the balancer appends the same address.
    for i in 0..5 {
        let claimed = format!("10.0.0.{i}");
        let response = log_in_from(&app, "203.0.113.9", &claimed, "guess guess guess").await;
        assert_eq!(response.status(), 401);
    }
    let response = log_in_from(&app, "203.0.113.9", "10.0.0.99", "guess guess guess").await;
    assert_eq!(response.status(), 429);
}
