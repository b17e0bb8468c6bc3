//! One timeline per candidate: every source in one list, newest first, a page at a time.

use crate::admin::{Seed, post_admin, seed_candidate, sign_in};
use crate::helpers::{attrs, texts};
use crate::portal::spawn_portal;

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
    post_admin(
        app,
        &format!("{path}/message"),
        &[
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
    for n in 0..30 {
        post_admin(
            app,
            &format!("{path}/notes"),
            &[("body", &format!("Note {n}"))],
        )
        .await;
    }
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
