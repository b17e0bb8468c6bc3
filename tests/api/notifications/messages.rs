//! Messages to candidates: the template prefills the form (hostile names escaped on the page
//! and in the e-mail), the recruiter's edited text is sent with Reply-To the recruiter, a bad
//! field is refused beside it with the text kept, and the message is on the timeline.

use super::{ANA, delivered, mails};
use crate::admin::{Seed, post_admin, seed_candidate, sign_in};
use crate::helpers::{attrs, texts};
use crate::portal::spawn_portal;

const HOSTILE: &str = "<script>alert(1)</script>";

#[tokio::test]
async fn a_message_from_a_template_goes_to_the_candidate_with_reply_to_the_recruiter() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    sign_in(app).await;
    let seeded = seed_candidate(
        app,
        &Seed {
            given_name: HOSTILE,
            email: "ana.reyes@example.com",
            ..Seed::default()
        },
    )
    .await;
    let path = format!("/admin/candidates/{}/message", seeded.candidate_id);

    // Every template prefills the form; the name is escaped on the page.
    for template in [
        "missing_document",
        "interview_invitation",
        "not_eligible_yet",
        "general",
    ] {
        let response = app.get(&format!("{path}?template={template}")).await;
        assert_eq!(response.status(), 200, "{template}");
        let body = response.text().await.unwrap();
        assert!(!body.contains(HOSTILE), "{template}: the name is escaped");
        let page = scraper::Html::parse_document(&body);
        let text = texts(&page, "textarea[name=body]").join("");
        assert!(
            text.starts_with(&format!("Dear {HOSTILE},")),
            "{template}: {text}"
        );
        assert!(text.contains(&seeded.reference), "{template}");
        assert_eq!(attrs(&page, "input[name=template]", "value"), [template]);
        assert_eq!(
            attrs(&page, "#template option[selected]", "value"),
            [template]
        );
    }

    // A missing body is refused beside the field; the subject typed is kept; nothing is queued.
    let refused = post_admin(
        app,
        &path,
        &[
            ("template", "general"),
            ("subject", "About <i>your</i> file"),
            ("body", "  "),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    assert_eq!(texts(&page, "#body-error"), ["Write the message."]);
    assert_eq!(
        attrs(&page, "input[name=subject]", "value"),
        ["About <i>your</i> file"]
    );

    let body = format!("Dear {HOSTILE},\n\nPlease send the <b>transcript</b>.\nThank you.");
    let sent = post_admin(
        app,
        &path,
        &[
            ("template", "missing_document"),
            ("subject", "A document we still need"),
            ("body", &body),
        ],
    )
    .await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        sent.headers()["location"],
        format!(
            "/admin/candidates/{}?done=message#timeline",
            seeded.candidate_id
        )
    );
    delivered(&portal).await;

    let received = mails(&portal, "ana.reyes@example.com", "A document we still need");
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.header("Reply-To").as_deref(), Some(ANA));
    let text = message.body("text/plain").unwrap().replace("\r\n", "\n");
    assert!(text.starts_with(&body), "the text as typed: {text}");
    assert!(text.contains("ana, LabMinds Staffing"), "{text}");
    // Every e-mail to a candidate leads to My application.
    assert!(text.contains("/my-application"), "{text}");
    let html = message.body("text/html").unwrap();
    assert!(
        html.contains("<p>Dear &#60;script&#62;alert(1)&#60;/script&#62;,</p>"),
        "{html}"
    );
    assert!(
        html.contains("Please send the &#60;b&#62;transcript&#60;/b&#62;.<br>Thank you."),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );

    // On the timeline, with its delivery status and who sent it.
    let (_, page) = app
        .get_html(&format!("/admin/candidates/{}", seeded.candidate_id))
        .await;
    let entry = texts(&page, "#timeline li.timeline-message").join(" ");
    assert!(
        entry.contains("Message to the candidate (Missing document)"),
        "{entry}"
    );
    assert!(entry.contains("A document we still need"), "{entry}");
    assert!(entry.contains("ana") && entry.contains("sent"), "{entry}");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where action = 'candidate_message_sent'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_candidate_page_opens_a_whatsapp_chat_with_the_stored_number() {
    let portal = spawn_portal(&[]).await;
    sign_in(&portal.app).await;
    let seeded = seed_candidate(&portal.app, &Seed::default()).await;
    let (_, page) = portal
        .app
        .get_html(&format!("/admin/candidates/{}", seeded.candidate_id))
        .await;
    assert_eq!(
        attrs(&page, "#whatsapp", "href"),
        ["https://wa.me/639171234567"]
    );
}
