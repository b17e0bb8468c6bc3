//! The sign-in link: requested, delivered within 5 s through the urgent lane, confirmed with a
//! button (a GET never signs in), single use, expiring; the acknowledgement's own 72-hour link;
//! sign-out and the idle timeout; Origin and token checks; a bad address.

use std::time::{Duration, Instant};

use uuid::Uuid;

use super::*;
use crate::helpers::texts;

const ANA: &str = "ana.portal@example.com";

#[tokio::test]
async fn a_requested_link_arrives_within_five_seconds_and_signs_in_after_continue() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = client();

    let requested = Instant::now();
    let response = request_link(app, &client, "  Ana.Portal@Example.com ").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/my-application/sent");
    let message = mail_to(&portal, ANA, 1).await;
    let delivered_in = requested.elapsed();
    eprintln!("sign-in link at the SMTP server {delivered_in:?} after the request");
    assert!(delivered_in < Duration::from_secs(5));
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Your link to My application")
    );
    let link = link_in(&message).expect("the e-mail holds a link");
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 64, "256 bits, hex");

    // Only the token's SHA-256 is stored; the e-mail went through the urgent lane, about Ana.
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select token_hash from candidate_links")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token.as_bytes());
    assert_eq!(stored[0].len(), 32);
    let (priority, about): (i16, Option<Uuid>) = sqlx::query_as(
        "select priority, candidate_id from outbox_messages where kind = 'portal_link'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((priority, about), (5, Some(ana.candidate_id)));

    // The link's page asks to continue; opening it signs nobody in.
    let page = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = html(page).await;
    assert_eq!(texts(&page, "form button"), vec!["Continue"]);
    assert!(!is_signed_in(app, &client).await, "a GET never signs in");

    let response = continue_with(app, &client, &link).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/my-application");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("labminds_candidate="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    let page = html(my_application(app, &client).await).await;
    assert_eq!(
        texts(&page, "table td:first-child"),
        vec![ana.reference.clone()]
    );

    let actions: Vec<(String, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "select action, candidate_id, recruiter_id from audit_events order by created_at, id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let expected = ["portal_link_requested", "portal_signed_in", "portal_viewed"];
    assert_eq!(
        actions,
        expected.map(|a| (a.to_owned(), Some(ana.candidate_id), None))
    );
}

#[tokio::test]
async fn a_link_signs_in_once_and_then_says_it_was_used_and_offers_a_new_one() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let first = client();
    request_link(app, &first, ANA).await;
    let link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    assert_eq!(continue_with(app, &first, &link).await.status(), 303);

    let second = client();
    let again = second.get(app.url(&link)).send().await.unwrap();
    assert_eq!(again.status(), 410);
    let again = html(again).await;
    assert_eq!(
        texts(&again, "#notice h2"),
        vec!["This link has been used or has expired"]
    );
    assert_eq!(
        attrs(&again, "form input[name=email]", "name"),
        vec!["email"]
    );
    // Posting to it anyway (with a token from another page) signs nobody in.
    let form = html(my_application(app, &second).await).await;
    let token = attrs(&form, "input[name=form_token]", "value").remove(0);
    let replay = second
        .post(app.url(&link))
        .header("Origin", ORIGIN)
        .form(&[("form_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 410);
    assert!(!is_signed_in(app, &second).await);
    assert!(is_signed_in(app, &first).await);
}

#[tokio::test]
async fn a_link_lasts_candidate_link_minutes_and_an_expired_one_says_so() {
    let portal = spawn_portal(&[("CANDIDATE_LINK_MINUTES", "2")]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = client();
    request_link(app, &client, ANA).await;
    let message = mail_to(&portal, ANA, 1).await;
    assert!(
        message
            .body("text/plain")
            .unwrap()
            .contains("for 2 minutes")
    );
    let link = link_in(&message).unwrap();
    let lifetime: f64 = sqlx::query_scalar(
        "select extract(epoch from expires_at - created_at)::float8 from candidate_links",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!((lifetime - 120.0).abs() < 1.0, "{lifetime}");

    // Two minutes later (the row's clock moved back, no waiting).
    sqlx::query("update candidate_links set expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let expired = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(expired.status(), 410);
    assert_eq!(
        texts(&html(expired).await, "#notice h2"),
        vec!["This link has been used or has expired"]
    );
    assert!(!is_signed_in(app, &client).await);
}

#[tokio::test]
async fn the_acknowledgement_carries_its_own_link_valid_for_72_hours() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let token = crate::intake::form_token(app).await;
    let response = crate::intake::post_form(app, &crate::intake::valid_answers(&token)).await;
    assert_eq!(response.status(), 303);
    let email = labminds::domain::intake_form::example_application()
        .into_iter()
        .find(|(k, _)| *k == "email")
        .unwrap()
        .1;
    let ack = mail_to(&portal, email, 1).await;
    let link = link_in(&ack).expect("the acknowledgement links to My application");
    let (purpose, hours): (String, f64) = sqlx::query_as(
        "select purpose, extract(epoch from expires_at - created_at)::float8 / 3600 \
         from candidate_links",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(purpose, "acknowledgement");
    assert!((hours - 72.0).abs() < 0.01, "{hours}");
    let client = client();
    assert_eq!(continue_with(app, &client, &link).await.status(), 303);
    assert!(is_signed_in(app, &client).await);
}

/// The signed-in page's CSRF token.
async fn csrf(app: &TestApp, client: &Client) -> String {
    let page = html(my_application(app, client).await).await;
    attrs(&page, "input[name=csrf_token]", "value").remove(0)
}

#[tokio::test]
async fn sign_out_ends_the_session_and_the_old_cookie_opens_nothing() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let sessions: i64 = sqlx::query_scalar("select count(*) from candidate_sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1);
    let csrf_token = csrf(app, &client).await;
    // Without the session's CSRF token, or from elsewhere, sign-out is refused.
    let forged = client
        .post(app.url("/my-application/sign-out"))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", "0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let foreign = client
        .post(app.url("/my-application/sign-out"))
        .header("Origin", "https://evil.example")
        .form(&[("csrf_token", csrf_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert!(is_signed_in(app, &client).await);

    let out = client
        .post(app.url("/my-application/sign-out"))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", csrf_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(!is_signed_in(app, &client).await);
    let sessions: i64 = sqlx::query_scalar("select count(*) from candidate_sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        sessions, 0,
        "the row is gone, so a copied cookie opens nothing"
    );
    let signed_out: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'portal_signed_out'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(signed_out, 1);
}

#[tokio::test]
async fn a_session_unused_for_30_minutes_is_over() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    assert!(is_signed_in(app, &client).await);
    sqlx::query("update candidate_sessions set last_seen_at = now() - interval '29 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(is_signed_in(app, &client).await, "29 minutes idle is fine");
    sqlx::query("update candidate_sessions set last_seen_at = now() - interval '31 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!is_signed_in(app, &client).await);
}

#[tokio::test]
async fn posts_from_another_origin_or_without_our_token_are_refused() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = client();
    let foreign = client
        .post(app.url("/my-application"))
        .header("Origin", "https://evil.example")
        .form(&[("email", ANA)])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let no_origin = client
        .post(app.url("/my-application"))
        .form(&[("email", ANA)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_origin.status(), 403);
    let no_token = client
        .post(app.url("/my-application"))
        .header("Origin", ORIGIN)
        .form(&[("email", ANA)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 422);
    let page = html(no_token).await;
    assert_eq!(
        texts(&page, "#notice h2"),
        vec!["Please send the form again"]
    );
    assert_eq!(attrs(&page, "#email", "value"), vec![ANA]);
    assert!(portal.smtp.messages().is_empty(), "nothing was sent");

    // A link opened from another site cannot be spent by it.
    request_link(app, &client, ANA).await;
    let link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    let forged = client
        .post(app.url(&link))
        .header("Origin", "https://evil.example")
        .form(&[("form_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(continue_with(app, &client, &link).await.status(), 303);
}

#[tokio::test]
async fn a_mistyped_address_gets_a_message_beside_the_field_and_is_kept() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let response = request_link(app, &client(), "ana.example.com").await;
    assert_eq!(response.status(), 422);
    let page = html(response).await;
    assert_eq!(texts(&page, ".error-summary a").len(), 1);
    assert_eq!(texts(&page, "#email-error").len(), 1);
    assert_eq!(attrs(&page, "#email", "value"), vec!["ana.example.com"]);
    assert_eq!(attrs(&page, "#email", "aria-invalid"), vec!["true"]);
}
