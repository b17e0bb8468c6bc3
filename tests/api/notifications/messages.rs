//! Messages to candidates: the template prefills the form (hostile names escaped on the page
//! and in the e-mail), the recruiter's edited text is sent with Reply-To the recruiter, a bad
//! field is refused beside it with the text kept, and the message is on the timeline. The form's
//! one-time token: the same form posted twice (or twice at once) sends one message; a post
//! without this form's token comes back with the text kept.

use super::{ANA, delivered, mails};
use crate::admin::{Seed, post_admin, seed_candidate, sign_in};
use crate::helpers::{TestApp, attrs, texts};
use crate::portal::spawn_portal;

const HOSTILE: &str = "<script>alert(1)</script>";

/// The one-time token of a newly shown message form at `path`.
pub async fn form_token(app: &TestApp, path: &str) -> String {
    let (status, page) = app.get_html(path).await;
    assert_eq!(status, 200, "{path}");
    attrs(&page, "input[name=form_token]", "value").remove(0)
}

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
    let token = form_token(app, &path).await;
    let refused = post_admin(
        app,
        &path,
        &[
            ("form_token", &token),
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
    assert_eq!(
        attrs(&page, "input[name=form_token]", "value"),
        [token.as_str()],
        "the same form, so still one message"
    );

    let body = format!("Dear {HOSTILE},\n\nPlease send the <b>transcript</b>.\nThank you.");
    let sent = post_admin(
        app,
        &path,
        &[
            ("form_token", &token),
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

/// Messages to the candidate: e-mails delivered, rows stored, timeline entries on the page.
async fn sent_so_far(portal: &crate::portal::Portal, candidate: uuid::Uuid) -> (usize, i64, usize) {
    delivered(portal).await;
    let app = &portal.app;
    let mails = mails(portal, "ana.reyes@example.com", "Your documents").len();
    let rows: i64 = sqlx::query_scalar("select count(*) from candidate_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (_, page) = app
        .get_html(&format!("/admin/candidates/{candidate}"))
        .await;
    let entries = attrs(&page, "#timeline li.timeline-message", "class").len();
    (mails, rows, entries)
}

#[tokio::test]
async fn the_same_form_posted_twice_sends_one_message_and_a_post_without_its_token_comes_back() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    sign_in(app).await;
    let seeded = seed_candidate(app, &Seed::default()).await;
    let other = seed_candidate(
        app,
        &Seed {
            email: "someone.else@example.com",
            phone: "+639170000031",
            ..Seed::default()
        },
    )
    .await;
    let path = format!("/admin/candidates/{}/message", seeded.candidate_id);
    let done = format!(
        "/admin/candidates/{}?done=message#timeline",
        seeded.candidate_id
    );
    let message = |token: &str| {
        vec![
            ("form_token", token.to_owned()),
            ("template", "general".to_owned()),
            ("subject", "Your documents".to_owned()),
            ("body", "Typed <once>.".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let path = path.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_admin(app, &path, &fields).await
        }
    };

    // A double click, then back and "send" again: one e-mail, one row, one timeline entry.
    let token = form_token(app, &path).await;
    for _ in 0..2 {
        let response = post(message(&token)).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], done.as_str());
    }
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (1, 1, 1));

    // Two posts of one form at the same moment: one more message, not two.
    let token = form_token(app, &path).await;
    let (first, second) = tokio::join!(post(message(&token)), post(message(&token)));
    assert_eq!(
        [first.status().as_u16(), second.status().as_u16()],
        [303, 303]
    );
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (2, 2, 2));

    // Without a token, with a mangled one, with another candidate's form's: the form again, the
    // text kept, a notice, a new token; nothing sent.
    let others = form_token(
        app,
        &format!("/admin/candidates/{}/message", other.candidate_id),
    )
    .await;
    let fresh = form_token(app, &path).await;
    let flipped = if fresh.ends_with('0') { '1' } else { '0' };
    let mangled = format!("{}{flipped}", &fresh[..fresh.len() - 1]);
    for bad in ["", "not-a-token", mangled.as_str(), others.as_str()] {
        let refused = post(message(bad)).await;
        assert_eq!(refused.status(), 422, "{bad:?}");
        let page = scraper::Html::parse_document(&refused.text().await.unwrap());
        assert_eq!(texts(&page, "#form-notice").len(), 1, "{bad:?}");
        assert_eq!(
            attrs(&page, "input[name=subject]", "value"),
            ["Your documents"]
        );
        assert_eq!(texts(&page, "textarea[name=body]"), ["Typed <once>."]);
        let new_token = attrs(&page, "input[name=form_token]", "value").remove(0);
        assert!(
            ![bad, fresh.as_str(), token.as_str()].contains(&new_token.as_str()),
            "{bad:?}"
        );
    }
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (2, 2, 2));

    // The form that came back sends, once.
    let refused = post(message("")).await;
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    let new_token = attrs(&page, "input[name=form_token]", "value").remove(0);
    assert_eq!(post(message(&new_token)).await.status(), 303);
    assert_eq!(post(message(&new_token)).await.status(), 303);
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (3, 3, 3));
}
