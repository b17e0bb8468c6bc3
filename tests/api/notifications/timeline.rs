//! One timeline per candidate: every source in one list, newest first, a page at a time.

use crate::admin::{Seed, post_admin, seed_candidate, sign_in};
use crate::helpers::{attrs, texts};
use crate::portal::spawn_portal;

/// `count` notes "Note 0", "Note 1", ... on the candidate page at `path`.
async fn add_notes(app: &crate::helpers::TestApp, path: &str, count: usize) {
    for n in 0..count {
        let body = format!("Note {n}");
        let added = post_admin(app, &format!("{path}/notes"), &[("body", &body)]).await;
        assert_eq!(added.status(), 303);
    }
}

#[tokio::test]
async fn the_timeline_lists_every_kind_of_event_newest_first_and_pages_older_ones() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = sign_in(app).await;
    let seeded = seed_candidate(app, &Seed::default()).await;
    let path = format!("/admin/candidates/{}", seeded.candidate_id);
    post_admin(
        app,
        &format!("{path}/owner"),
        &[("owner", &ana.to_string())],
    )
    .await;
    post_admin(
        app,
        &format!("{path}/stage"),
        &[("stage", "contacted"), ("recheck_on", "")],
    )
    .await;
    post_admin(
        app,
        &format!("{path}/notes"),
        &[("body", "Called; prefers <nights>.")],
    )
    .await;
    post_admin(
        app,
        &format!("{path}/next-action"),
        &[
            ("what", "Book a call"),
            ("due_on", "2099-03-15"),
            ("assignee", ""),
        ],
    )
    .await;
    post_admin(app, &format!("{path}/next-action/done"), &[]).await;
    post_admin(
        app,
        &format!("{path}/next-step"),
        &[("step_what", "Send your transcript"), ("step_due_on", "")],
    )
    .await;
    let token = super::messages::form_token(app, &format!("{path}/message")).await;
    post_admin(
        app,
        &format!("{path}/message"),
        &[
            ("form_token", &token),
            ("template", "general"),
            ("subject", "Hello"),
            ("body", "Welcome."),
        ],
    )
    .await;

    let (_, page) = app.get_html(&path).await;
    let kinds: Vec<String> = attrs(&page, "#timeline ol > li", "class");
    assert_eq!(
        kinds,
        [
            "timeline-message",
            "timeline-next_step_set",
            "timeline-action_done",
            "timeline-action_set",
            "timeline-note",
            "timeline-stage",
            "timeline-owner",
            "timeline-submitted",
        ],
        "newest first"
    );
    let whats = texts(&page, "#timeline .timeline-what");
    assert_eq!(whats[5], "Stage: New → Contacted");
    assert_eq!(whats[6], "Owner: ana");
    assert_eq!(
        whats[7],
        format!("Application {} submitted", seeded.reference)
    );
    assert_eq!(whats[3], "Next action set, due 2099-03-15");
    let details = texts(&page, "#timeline .timeline-detail");
    assert!(
        details.contains(&"Called; prefers <nights>.".to_owned()),
        "{details:?}"
    );
    assert!(
        attrs(&page, "#timeline a", "href").is_empty(),
        "one page only"
    );

    // The e-mails of the application and its acknowledgement join once queued; many notes push
    // the oldest entries to the next page.
    add_notes(app, &path, 30).await;
    let (_, page) = app.get_html(&path).await;
    assert_eq!(attrs(&page, "#timeline ol > li", "class").len(), 30);
    assert_eq!(texts(&page, "#timeline .timeline-detail")[0], "Note 29");
    let older = attrs(&page, "#timeline a", "href");
    assert_eq!(older.len(), 1, "{older:?}");
    let (status, page) = app.get_html(older[0].trim_end_matches("#timeline")).await;
    assert_eq!(status, 200);
    let rest = attrs(&page, "#timeline ol > li", "class");
    assert_eq!(rest.len(), 8, "{rest:?}");
    assert_eq!(rest.last().map(String::as_str), Some("timeline-submitted"));
    let (status, _) = app.get_html(&format!("{path}?older=nonsense")).await;
    assert_eq!(status, 404);
}

/// Documents on the timeline: each upload (by the candidate or by a recruiter, a replaced file
/// too), the verification and the waiver with its reason, newest first among the rest, no file
/// name, and still in order across the "Show older" pages.
#[tokio::test]
async fn documents_on_the_timeline_say_who_uploaded_verified_and_waived_them() {
    use crate::documents::{candidate_upload, pdf, recruiter_upload};
    use crate::portal::{candidate, signed_in_client};

    const EMAIL: &str = "timeline.documents@example.com";
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let stored = candidate(app, EMAIL).await;
    sign_in(app).await;
    let path = format!("/admin/candidates/{}", stored.candidate_id);
    let client = signed_in_client(&portal, EMAIL, 1).await;
    // The candidate page derives the checklist from the answers.
    app.get_html(&path).await;

    let fields = [("type", "passport"), ("expires_on", "2031-06-30")];
    let by_candidate =
        candidate_upload(app, &client, &fields, Some(("my passport.pdf", pdf()))).await;
    assert_eq!(by_candidate.status(), 303);
    let fields = [("type", "passport"), ("expires_on", "2032-01-31")];
    let id = stored.candidate_id;
    let by_recruiter = recruiter_upload(app, id, &fields, Some(("scan.pdf", pdf()))).await;
    assert_eq!(by_recruiter.status(), 303);
    let current: uuid::Uuid = sqlx::query_scalar(
        "select id from candidate_documents where candidate_id = $1 and superseded_at is null",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let verify = format!("{path}/documents/{current}/verify");
    assert_eq!(post_admin(app, &verify, &[]).await.status(), 303);
    let item: uuid::Uuid = sqlx::query_scalar(
        "select id from document_checklist_items
         where candidate_id = $1 and type_key = 'state_licence_ny'",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let reason = "Heading for <California> only";
    let waive = format!("{path}/checklist/{item}/waive");
    assert_eq!(
        post_admin(app, &waive, &[("reason", reason)])
            .await
            .status(),
        303
    );

    let (_, page) = app.get_html(&path).await;
    let documents = "#timeline li[class^=timeline-document]";
    assert_eq!(
        attrs(&page, documents, "class"),
        [
            "timeline-document_waived",
            "timeline-document_verified",
            "timeline-document_uploaded",
            "timeline-document_uploaded",
        ],
        "newest first"
    );
    let whats = texts(&page, &format!("{documents} .timeline-what"));
    assert!(
        whats[0].starts_with("Document not needed (waived): New York"),
        "{whats:?}"
    );
    assert_eq!(
        whats[1..],
        [
            "Document verified: Passport",
            "Document uploaded by a recruiter: Passport",
            "Document uploaded by the candidate: Passport",
        ]
    );
    assert_eq!(
        texts(
            &page,
            "#timeline li.timeline-document_waived .timeline-detail"
        ),
        [reason]
    );
    let metas = texts(&page, &format!("{documents} .meta"));
    assert!(metas[..3].iter().all(|m| m.ends_with("· ana")), "{metas:?}");
    assert!(
        !metas[3].contains('·'),
        "the candidate is no recruiter: {metas:?}"
    );
    let timeline = texts(&page, "#timeline").join(" ");
    assert!(
        !timeline.contains(".pdf") && !timeline.contains("2031-06-30"),
        "no file names or dates beyond the checklist's: {timeline}"
    );

    // Pushed to the next page by 30 notes, the entries stay in order, none twice, none lost.
    let before = attrs(&page, "#timeline ol > li", "class");
    assert!(before.len() < 30, "{before:?}");
    add_notes(app, &path, 30).await;
    let (_, first) = app.get_html(&path).await;
    let mut all = attrs(&first, "#timeline ol > li", "class");
    assert_eq!(all.len(), 30);
    let older = attrs(&first, "#timeline a", "href");
    assert_eq!(older.len(), 1, "{older:?}");
    let (_, second) = app.get_html(older[0].trim_end_matches("#timeline")).await;
    all.extend(attrs(&second, "#timeline ol > li", "class"));
    assert!(
        attrs(&second, "#timeline a", "href").is_empty(),
        "two pages"
    );
    assert_eq!(all[..30], vec!["timeline-note".to_owned(); 30]);
    assert_eq!(all[30..], before[..]);
}
