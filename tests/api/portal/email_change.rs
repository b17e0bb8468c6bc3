//! A new e-mail address takes effect only once the new address confirms a link: the link goes
//! to the new address (read from the delivered mail), its page changes nothing, its "Confirm"
//! works once, in time, for the candidate who asked; then sign-in and every e-mail follow the new
//! address, the old one hears of the change, recruiters see old -> new. A taken address gets the
//! same answer as any; the stored copies of sent mail keep no usable token.

use super::*;
use crate::helpers::texts;

const ANA: &str = "ana.address@example.com";
const NEW: &str = "Ana.New@example.org";
const BEN: &str = "ben.address@example.com";

/// The path of the confirmation link in a message (`/my-application/email/<64 hex>`).
fn confirm_link_in(message: &ReceivedMessage) -> Option<String> {
    let text = message.body("text/plain")?;
    let start = text.find("/my-application/email/")?;
    let path: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-'))
        .collect();
    Some(path)
}

async fn ask_for(app: &TestApp, client: &Client, email: &str) -> Response {
    post_signed_in(app, client, "/my-application/email", &[("email", email)]).await
}

/// The Confirm form's CSRF token on a link's page (which must offer it).
async fn confirm(app: &TestApp, client: &Client, link: &str) -> Response {
    let page = client.get(app.url(link)).send().await.unwrap();
    assert_eq!(page.status(), 200, "the link's page");
    let page = html(page).await;
    let csrf = crate::helpers::attrs(&page, "input[name=csrf_token]", "value").remove(0);
    client
        .post(app.url(link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

async fn current_email(app: &TestApp, candidate_id: uuid::Uuid) -> String {
    sqlx::query_scalar("select email from candidates where id = $1")
        .bind(candidate_id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "select action from audit_events where action like 'portal_email%' order by created_at, id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_confirmed_change_moves_sign_in_and_mail_to_the_new_address_and_tells_the_old_one() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;

    let details = html(
        client
            .get(app.url("/my-application/details"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(texts(&details, "#email-heading + p").join("").contains(ANA));
    let form = client
        .get(app.url("/my-application/email"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    assert_eq!(form.headers()["cache-control"], "no-store");

    let response = ask_for(app, &client, NEW).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/my-application/email/sent");
    let message = mail_to(&portal, NEW, 1).await;
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Please confirm your new e-mail address")
    );
    let link = confirm_link_in(&message).expect("a confirmation link");
    assert_eq!(link.len(), "/my-application/email/".len() + 64);
    // Until confirmed, nothing moves: the page's GET changes nothing either.
    let page = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(current_email(app, ana.candidate_id).await, ANA);

    let response = confirm(app, &client, &link).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/my-application/email/changed"
    );
    assert_eq!(current_email(app, ana.candidate_id).await, NEW);
    let version: (i32, Vec<String>, Option<String>, Option<String>) = sqlx::query_as(
        "select version, changed_fields, email_before, email_after from candidate_profile_versions",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        version,
        (
            1,
            vec!["email".to_owned()],
            Some(ANA.to_owned()),
            Some(NEW.to_owned())
        )
    );
    // The old address hears of it (its 2nd mail, after the sign-in link).
    let notice = mail_to(&portal, ANA, 2).await;
    assert_eq!(
        notice.header("Subject").as_deref(),
        Some("Your e-mail address was changed")
    );
    assert!(
        notice
            .body("text/plain")
            .unwrap()
            .contains("If this was not you")
    );
    // The support inbox (nobody owns the case) is told which field changed, never the values.
    let deadline = Instant::now() + Duration::from_secs(5);
    let inbox = loop {
        let told = portal.smtp.messages().into_iter().find(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("updated their details"))
        });
        if let Some(message) = told {
            break message;
        }
        assert!(Instant::now() < deadline, "the inbox is never told");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let text = inbox.body("text/plain").unwrap();
    assert!(text.contains("E-mail address"), "{text}");
    assert!(!text.contains(NEW) && !text.contains(ANA), "{text}");
    assert_eq!(
        actions(app).await,
        ["portal_email_change_requested", "portal_email_changed"]
    );
    let details: Vec<String> = sqlx::query_scalar(
        "select details::text from audit_events where action like 'portal_email%'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(details.iter().all(|d| !d.contains('@')), "{details:?}");

    // Sign-in follows the new address; the old one finds nobody (its note has no link).
    let again = signed_in_client(&portal, &NEW.to_lowercase(), 2).await;
    assert!(is_signed_in(app, &again).await);
    // (A minute later: the first request's double-click guard no longer holds this one back.)
    sqlx::query("update outbox_messages set dedupe_key = null where kind = 'portal_link'")
        .execute(&app.pool)
        .await
        .unwrap();
    request_link(app, &crate::helpers::client(), ANA).await;
    let note = mail_to(&portal, ANA, 3).await;
    assert!(
        link_in(&note).is_none(),
        "the old address no longer signs in"
    );
    // Mail to the candidate goes to the current address: the erasure's confirmation.
    let response = post_signed_in(app, &again, "/my-application/erase", &[]).await;
    assert_eq!(response.status(), 303);
    let erased = mail_to(&portal, NEW, 3).await;
    assert_eq!(
        erased.header("Subject").as_deref(),
        Some("We have deleted your data")
    );
}

#[tokio::test]
async fn the_dashboard_shows_the_old_and_new_address_and_when() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    ask_for(app, &client, NEW).await;
    let link = confirm_link_in(&mail_to(&portal, NEW, 1).await).unwrap();
    assert_eq!(confirm(app, &client, &link).await.status(), 303);
    crate::admin::sign_in(app).await;
    let (status, page) = app
        .get_html(&format!("/admin/candidates/{}", ana.candidate_id))
        .await;
    assert_eq!(status, 200);
    let changes = texts(&page, "#changes li").join(" | ");
    assert!(
        changes.contains(&format!("E-mail address: {ANA} → {NEW}")),
        "{changes}"
    );
    assert!(changes.contains("Version 1"), "{changes}");
}

#[tokio::test]
async fn a_link_works_once_for_its_own_candidate_signed_in_with_our_origin() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    candidate(app, BEN).await;
    let ana_client = signed_in_client(&portal, ANA, 1).await;
    let ben_client = signed_in_client(&portal, BEN, 1).await;
    // Signed out, nobody can ask for a change.
    let stranger = client()
        .post(app.url("/my-application/email"))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", "x"), ("email", NEW)])
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 403);
    assert_eq!(
        client()
            .get(app.url("/my-application/email"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );

    ask_for(app, &ana_client, NEW).await;
    let link = confirm_link_in(&mail_to(&portal, NEW, 1).await).unwrap();
    // Ben's session with Ana's link: the same "used or expired" page, and nothing spent.
    let swapped = ben_client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(swapped.status(), 410);
    let ben_csrf = {
        let page = html(my_application(app, &ben_client).await).await;
        crate::helpers::attrs(&page, "input[name=csrf_token]", "value").remove(0)
    };
    let swapped = ben_client
        .post(app.url(&link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", ben_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(swapped.status(), 410);
    // Signed out: the page asks to sign in first; a POST is refused.
    let signed_out = client().get(app.url(&link)).send().await.unwrap();
    assert_eq!(signed_out.status(), 200);
    assert_eq!(
        texts(&html(signed_out).await, "h1"),
        ["Please sign in first"]
    );
    let refused = client()
        .post(app.url(&link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", ben_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    // Ana's cookie with Ben's CSRF token, or without our Origin: refused.
    let wrong_token = ana_client
        .post(app.url(&link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", ben_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 403);
    let ana_csrf = {
        let page = html(my_application(app, &ana_client).await).await;
        crate::helpers::attrs(&page, "input[name=csrf_token]", "value").remove(0)
    };
    for origin in [None, Some("https://evil.example")] {
        let mut post = ana_client.post(app.url(&link));
        if let Some(origin) = origin {
            post = post.header("Origin", origin);
        }
        let response = post
            .form(&[("csrf_token", ana_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "origin {origin:?}");
    }
    assert_eq!(current_email(app, ana.candidate_id).await, ANA);

    // Ana's own confirmation works, once.
    assert_eq!(confirm(app, &ana_client, &link).await.status(), 303);
    assert_eq!(current_email(app, ana.candidate_id).await, NEW);
    let used = ana_client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(used.status(), 410);
    let again = ana_client
        .post(app.url(&link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", ana_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 410);
    assert_eq!(
        sqlx::query_scalar::<_, i64>("select count(*) from candidate_profile_versions")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_link_lasts_candidate_link_minutes() {
    let portal = spawn_portal(&[("CANDIDATE_LINK_MINUTES", "2")]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    ask_for(app, &client, NEW).await;
    let message = mail_to(&portal, NEW, 1).await;
    assert!(
        message
            .body("text/plain")
            .unwrap()
            .contains("for 2 minutes")
    );
    let link = confirm_link_in(&message).unwrap();
    let lifetime: f64 = sqlx::query_scalar(
        "select extract(epoch from expires_at - created_at)::float8 from candidate_email_changes",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!((lifetime - 120.0).abs() < 1.0, "{lifetime}");
    let csrf = {
        let page = html(client.get(app.url(&link)).send().await.unwrap()).await;
        crate::helpers::attrs(&page, "input[name=csrf_token]", "value").remove(0)
    };
    sqlx::query("update candidate_email_changes set expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let expired = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(expired.status(), 410);
    assert_eq!(
        texts(&html(expired).await, "h1"),
        ["This link has been used or has expired"]
    );
    let late = client
        .post(app.url(&link))
        .header("Origin", crate::admin::ORIGIN)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 410);
    assert_eq!(current_email(app, ana.candidate_id).await, ANA);
}

#[tokio::test]
async fn a_bad_address_gets_the_message_beside_the_field_with_what_was_typed() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    for typed in ["ana at example", ANA] {
        let response = ask_for(app, &client, typed).await;
        assert_eq!(response.status(), 422, "{typed}");
        let page = html(response).await;
        assert_eq!(
            crate::helpers::attrs(&page, "input[name=email]", "value"),
            [typed]
        );
        assert_eq!(texts(&page, "#email-error").len(), 1, "{typed}");
        assert_eq!(
            crate::helpers::attrs(&page, "input[name=email]", "aria-invalid"),
            ["true"]
        );
    }
    assert!(actions(app).await.is_empty(), "nothing asked for");
    let pending: i64 = sqlx::query_scalar("select count(*) from candidate_email_changes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(pending, 0);
}

#[tokio::test]
async fn another_candidates_address_gets_the_same_answer_and_is_refused_on_confirmation() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let ben = candidate(app, BEN).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let free = ask_for(app, &client, NEW).await;
    let taken = ask_for(app, &client, BEN).await;
    assert_eq!(free.status(), taken.status());
    assert_eq!(free.headers()["location"], taken.headers()["location"]);
    let to_ben = mail_to(&portal, BEN, 1).await;
    assert_eq!(
        to_ben.header("Subject"),
        mail_to(&portal, NEW, 1).await.header("Subject")
    );
    let link = confirm_link_in(&to_ben).unwrap();
    let response = confirm(app, &client, &link).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        texts(&html(response).await, "h1"),
        ["We could not change your address"]
    );
    assert_eq!(current_email(app, ana.candidate_id).await, ANA);
    assert_eq!(current_email(app, ben.candidate_id).await, BEN);
    assert_eq!(
        actions(app).await,
        [
            "portal_email_change_requested",
            "portal_email_change_requested",
            "portal_email_change_refused"
        ]
    );
    // The link is spent; Ben still signs in with his address.
    assert_eq!(
        client.get(app.url(&link)).send().await.unwrap().status(),
        410
    );
    let ben_client = signed_in_client(&portal, BEN, 2).await;
    assert!(is_signed_in(app, &ben_client).await);
}

#[tokio::test]
async fn a_sent_message_keeps_no_usable_token_in_the_outbox() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    ask_for(app, &client, NEW).await;
    let sign_in = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    let change = confirm_link_in(&mail_to(&portal, NEW, 1).await).unwrap();
    // The acknowledgement of a real submission carries a link too (another person: another
    // phone, or the application would join Ana's case without a link).
    let token = crate::intake::form_token(app).await;
    let answers = crate::intake::with(
        crate::intake::valid_answers(&token),
        "phone",
        "0918 765 4321",
    );
    let response = crate::intake::post_form(app, &answers).await;
    assert_eq!(response.status(), 303);
    wait_until_sent(app).await;
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select kind, body_text, body_html, secret from outbox_messages
         where kind in ('portal_link', 'portal_email_change', 'candidate_ack') and status = 'sent'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        rows.len(),
        3,
        "{:?}",
        rows.iter().map(|r| &r.0).collect::<Vec<_>>()
    );
    for token in [&sign_in, &change] {
        let token = token.rsplit('/').next().unwrap();
        for (kind, text, html, secret) in &rows {
            assert!(!text.contains(token) && !html.contains(token), "{kind}");
            assert!(secret.is_none(), "{kind}");
        }
    }
    for (kind, text, html, _) in &rows {
        assert!(
            text.contains(labminds::db::outbox::SCRUBBED)
                && html.contains(labminds::db::outbox::SCRUBBED),
            "{kind}: the link's place is marked"
        );
        let hex_run = text
            .split(|c: char| !c.is_ascii_hexdigit())
            .any(|w| w.len() == 64);
        assert!(!hex_run, "{kind} keeps a 64-hex token");
    }
}
