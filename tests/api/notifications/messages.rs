//! Messages to candidates: the template prefills the form (hostile names escaped on the page
//! and in the e-mail), the recruiter's edited text is sent with Reply-To the recruiter, a bad
//! field is refused beside it with the text kept, and the message is on the timeline. The form's
//! one-time token: the same form posted twice (or twice at once) sends one message; the same
//! form posted again with edited content sends nothing and comes back with the edit kept, to be
//! sent as a new message; a post without this form's token comes back with the text kept.

use super::{ANA, delivered, mails};
use crate::admin::{Seed, Seeded, post_admin, seed_candidate, sign_in};
use crate::helpers::{TestApp, attrs, texts};
use crate::portal::{Portal, spawn_portal};

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
    assert_sent(&sent, seeded.candidate_id);
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

/// The answer of a sent message (or of its double click): 303 to the candidate's timeline.
fn assert_sent(response: &reqwest::Response, candidate: uuid::Uuid) {
    assert_eq!(response.status(), 303);
    let timeline = format!("/admin/candidates/{candidate}?done=message#timeline");
    assert_eq!(response.headers()["location"], timeline.as_str());
}

/// The text of the messages `sent_so_far` counts.
const TYPED: &str = "Typed <once>.";

/// Posts the message form at `path` with subject "Your documents".
async fn post_message(
    app: &TestApp,
    path: &str,
    token: &str,
    template: &str,
    body: &str,
) -> reqwest::Response {
    let fields = [
        ("form_token", token),
        ("template", template),
        ("subject", "Your documents"),
        ("body", body),
    ];
    post_admin(app, path, &fields).await
}

/// A portal with Ana signed in and one candidate (`Seed`'s default, ana.reyes@example.com).
async fn signed_in_with_a_candidate() -> (Portal, Seeded) {
    let portal = spawn_portal(&[]).await;
    sign_in(&portal.app).await;
    let seeded = seed_candidate(&portal.app, &Seed::default()).await;
    (portal, seeded)
}

/// Messages to the candidate: e-mails delivered, rows stored, timeline entries on the page.
async fn sent_so_far(portal: &Portal, candidate: uuid::Uuid) -> (usize, i64, usize) {
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
    let (portal, seeded) = signed_in_with_a_candidate().await;
    let app = &portal.app;
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

    // A double click, then back and "send" again: one e-mail, one row, one timeline entry.
    let token = form_token(app, &path).await;
    for _ in 0..2 {
        let response = post_message(app, &path, &token, "general", TYPED).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], done.as_str());
    }
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (1, 1, 1));

    // Two posts of one form at the same moment: one more message, not two.
    let token = form_token(app, &path).await;
    let (first, second) = tokio::join!(
        post_message(app, &path, &token, "general", TYPED),
        post_message(app, &path, &token, "general", TYPED)
    );
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
        let refused = post_message(app, &path, bad, "general", TYPED).await;
        assert_eq!(refused.status(), 422, "{bad:?}");
        let page = scraper::Html::parse_document(&refused.text().await.unwrap());
        assert_eq!(texts(&page, "#form-notice").len(), 1, "{bad:?}");
        assert_eq!(
            attrs(&page, "input[name=subject]", "value"),
            ["Your documents"]
        );
        assert_eq!(texts(&page, "textarea[name=body]"), [TYPED]);
        let new_token = attrs(&page, "input[name=form_token]", "value").remove(0);
        assert!(
            ![bad, fresh.as_str(), token.as_str()].contains(&new_token.as_str()),
            "{bad:?}"
        );
    }
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (2, 2, 2));

    // The form that came back sends, once.
    let refused = post_message(app, &path, "", "general", TYPED).await;
    let page = scraper::Html::parse_document(&refused.text().await.unwrap());
    let new_token = attrs(&page, "input[name=form_token]", "value").remove(0);
    assert_eq!(
        post_message(app, &path, &new_token, "general", TYPED)
            .await
            .status(),
        303
    );
    assert_eq!(
        post_message(app, &path, &new_token, "general", TYPED)
            .await
            .status(),
        303
    );
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (3, 3, 3));
}

/// The notice when a form that already sent a message is posted with other content.
const ALREADY_SENT: &str = "A message was already sent from this form. Nothing was sent now: \
    check the text and press Send to send it as a new message.";

#[tokio::test]
async fn the_same_form_posted_again_with_an_edited_text_comes_back_and_sends_it_only_when_asked() {
    let (portal, seeded) = signed_in_with_a_candidate().await;
    let app = &portal.app;
    let path = format!("/admin/candidates/{}/message", seeded.candidate_id);

    let token = form_token(app, &path).await;
    let first = post_message(app, &path, &token, "general", "Please send the transcript.").await;
    assert_eq!(first.status(), 303);
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (1, 1, 1));

    // Back, the text edited (or the template changed), "send" again from the same form: nothing
    // sent, the form back with what was typed, the notice and a new token.
    let edited = "Please send the transcript and the <b>diploma</b>.";
    let mut returned = Vec::new();
    for (template, body) in [("general", edited), ("missing_document", edited)] {
        let response = post_message(app, &path, &token, template, body).await;
        assert_eq!(response.status(), 422, "{template}");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert_eq!(texts(&page, "#form-notice"), [ALREADY_SENT], "{template}");
        assert_eq!(texts(&page, ".field-error").len(), 0, "no field is wrong");
        assert_eq!(
            attrs(&page, "input[name=subject]", "value"),
            ["Your documents"]
        );
        assert_eq!(texts(&page, "textarea[name=body]"), [edited]);
        assert_eq!(attrs(&page, "input[name=template]", "value"), [template]);
        let new_token = attrs(&page, "input[name=form_token]", "value").remove(0);
        assert_ne!(new_token, token, "{template}");
        returned.push(new_token);
    }
    assert_ne!(
        returned[0], returned[1],
        "every form back has its own token"
    );
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (1, 1, 1));

    // The same text as the first post is still a double click: the same 303, nothing sent.
    let again = post_message(app, &path, &token, "general", "Please send the transcript.").await;
    assert_eq!(again.status(), 303);
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (1, 1, 1));

    // Sending the form that came back delivers the edited text as a second message, once.
    for _ in 0..2 {
        let sent = post_message(app, &path, &returned[0], "general", edited).await;
        assert_sent(&sent, seeded.candidate_id);
    }
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (2, 2, 2));
    let received = mails(&portal, "ana.reyes@example.com", "Your documents");
    let bodies: Vec<String> = received
        .iter()
        .map(|m| m.body("text/plain").unwrap().replace("\r\n", "\n"))
        .collect();
    assert!(
        bodies[0].starts_with("Please send the transcript.\n"),
        "{bodies:?}"
    );
    assert!(bodies[1].starts_with(edited), "{bodies:?}");

    // A message sent before the content was kept (null) compares as different: the form back.
    sqlx::query("update candidate_messages set content_sha256 = null")
        .execute(&app.pool)
        .await
        .unwrap();
    let legacy = post_message(app, &path, &returned[0], "general", edited).await;
    assert_eq!(legacy.status(), 422);
    let page = scraper::Html::parse_document(&legacy.text().await.unwrap());
    assert_eq!(texts(&page, "#form-notice"), [ALREADY_SENT]);
    assert_eq!(sent_so_far(&portal, seeded.candidate_id).await, (2, 2, 2));
}
