//! Triage (issue 15, item 1) over real HTTP: the support alert delivered to a real SMTP server
//! opens with the advisor's reading and the flags, both parts escaped; the candidate page shows
//! the same for the latest application.

use labminds::config::Settings;
use labminds::email::Mailer;

use crate::admin::signed_in_app;
use crate::helpers::{TestApp, spawn_app_with, test_settings, texts};
use crate::intake::{form_token, post_form, thanks_reference, valid_answers, with};
use crate::support::applications;
use crate::support::outbox::drain_outbox;
use crate::support::smtp_server::{ReceivedMessage, SmtpServer};

async fn spawn_with_smtp() -> (TestApp, Settings, SmtpServer) {
    let smtp = SmtpServer::start().await;
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let vars = [("SMTP_URL", url.as_str()), ("FORM_MIN_FILL_SECONDS", "0")];
    let app = spawn_app_with(&vars).await;
    let settings = test_settings(&app.db, &app.mail_dir, &vars);
    (app, settings, smtp)
}

fn alert_for<'a>(messages: &'a [ReceivedMessage], reference: &str) -> &'a ReceivedMessage {
    messages
        .iter()
        .find(|m| m.header("Subject").as_deref() == Some(&format!("New application {reference}")))
        .unwrap_or_else(|| panic!("no alert for {reference}"))
}

#[tokio::test]
async fn the_delivered_alert_opens_with_the_triage_flags_a_lookalike_and_escapes_hostile_input() {
    let (app, settings, smtp) = spawn_with_smtp().await;
    let first = thanks_reference(&post_form(&app, &valid_answers(&form_token(&app).await)).await);
    // The same name, graduation year and country of education, but a new address and phone, a
    // Nigerian citizenship and a hostile message.
    let lookalike = [
        ("email", "other.person@example.org"),
        ("phone", "0918 765 4321"),
        ("citizenship", "NG"),
        ("message", "<script>alert('x')</script> & \"quotes\""),
    ]
    .into_iter()
    .fold(valid_answers(&form_token(&app).await), |a, (k, v)| {
        with(a, k, v)
    });
    let second = thanks_reference(&post_form(&app, &lookalike).await);

    drain_outbox(
        &app.pool,
        &Mailer::from_settings(&settings.mail).unwrap(),
        &settings,
    )
    .await;
    let messages = smtp.messages();

    let plain = alert_for(&messages, &first).body("text/plain").unwrap();
    assert!(
        plain.contains(
            "Triage: Holds MLS(ASCPi); California and New York licences needed; H-1B or EB-3\r\n"
        ),
        "{plain}"
    );
    assert!(plain.contains("TN (USMCA): Not open"), "{plain}");
    assert!(!plain.contains("Possible duplicate"), "{plain}");

    let alert = alert_for(&messages, &second);
    let text = alert.body("text/plain").unwrap();
    assert!(
        text.contains("Triage: Holds MLS(ASCPi); California and New York licences needed; H-1B or EB-3 (to review)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Possible duplicate: application {first}")),
        "{text}"
    );
    assert!(text.contains("do not actively recruit"), "{text}");
    assert!(
        text.contains("<script>alert('x')</script>"),
        "the text part is plain text"
    );

    let html_body = alert.body("text/html").unwrap();
    assert!(!html_body.contains("<script>"), "{html_body}");
    let html = scraper::Html::parse_document(&html_body);
    assert_eq!(
        texts(&html, "[data-triage=headline]"),
        ["Holds MLS(ASCPi); California and New York licences needed; H-1B or EB-3 (to review)"]
    );
    let flags = texts(&html, "[data-flag]");
    assert_eq!(flags.len(), 2, "{flags:?}");
    assert!(flags[0].starts_with("Citizen of Nigeria"), "{flags:?}");
    assert!(flags[1].contains(&first), "{flags:?}");
}

#[tokio::test]
async fn the_candidate_page_shows_the_triage_of_the_latest_application_with_its_flags() {
    let (app, _) = signed_in_app().await;
    let first = applications::store(&app.pool, None, |_| {}).await;
    // The row borrows for any lifetime the store picks: a leaked copy lives long enough.
    let earlier: &'static str = Box::leak(first.reference.clone().into_boxed_str());
    let again = applications::store(&app.pool, Some(first.candidate_id), |row| {
        row.earlier_reference = Some(earlier);
        row.target_states = vec!["TX".to_owned()];
    })
    .await;
    let lookalike = applications::store(&app.pool, None, |row| {
        row.email = "someone.else@example.org";
        row.email_normalised = "someone.else@example.org";
        row.phone_e164 = "+639187654321";
    })
    .await;

    let (status, html) = app
        .get_html(&format!("/admin/candidates/{}", first.candidate_id))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        texts(&html, "[data-triage=headline]"),
        ["Holds MLS(ASCPi); no state licence needed; H-1B or EB-3"],
        "the latest application (Texas) is triaged"
    );
    let returning = texts(&html, "[data-flag=returning]");
    assert!(returning[0].contains(&first.reference), "{returning:?}");
    let duplicate = texts(&html, "[data-flag=possible-duplicate]");
    assert!(duplicate[0].contains(&lookalike.reference), "{duplicate:?}");
    assert!(!duplicate[0].contains(&again.reference));

    let (_, html) = app
        .get_html(&format!("/admin/candidates/{}", lookalike.candidate_id))
        .await;
    assert!(texts(&html, "[data-flag=returning]").is_empty());
    let duplicate = texts(&html, "[data-flag=possible-duplicate]");
    assert!(
        duplicate[0].contains(&again.reference),
        "the newest lookalike: {duplicate:?}"
    );
    let visas = texts(&html, "[data-line=visa]");
    assert!(
        visas.iter().any(|v| v.starts_with("Not open TN")),
        "{visas:?}"
    );
}
