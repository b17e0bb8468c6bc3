//! Next actions (issue 15, item 2) over real HTTP: one open action per case, for the owner by
//! default; a past due date refused beside the field with the typed text kept; "not eligible
//! yet" asks for a re-check date that becomes the next action. Dates are fixed: 2020-01-02 is
//! past and 2099-03-15 future on any clock this suite runs on.

use crate::admin::{Seed, post_admin, seed_candidate, signed_in_app};
use crate::helpers::{TestApp, attrs, texts};
use crate::support::applications;

async fn open_and_closed(app: &TestApp) -> (i64, Vec<String>) {
    let open: i64 = sqlx::query_scalar("select count(*) from next_actions where closed_at is null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let closed: Vec<String> = sqlx::query_scalar(
        "select closed_as from next_actions where closed_at is not null order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    (open, closed)
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_events where action = $1")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_action_goes_to_the_owner_by_default_a_new_one_replaces_it_and_done_closes_it() {
    let (app, ana) = signed_in_app().await;
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let path = format!("/admin/candidates/{}", stored.candidate_id);
    let owner = ana.to_string();
    post_admin(&app, &format!("{path}/owner"), &[("owner", &owner)]).await;

    let set = |what: &'static str, due: &'static str| {
        let app = &app;
        let path = &path;
        async move {
            post_admin(
                app,
                &format!("{path}/next-action"),
                &[("what", what), ("due_on", due), ("assignee", "")],
            )
            .await
        }
    };
    let response = set("Ask for the IELTS result", "2099-03-15").await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_html(&path).await;
    let open = texts(&page, "#open-action").join(" ");
    assert!(open.contains("Ask for the IELTS result"), "{open}");
    assert!(open.contains("due 2099-03-15"), "{open}");
    assert!(open.contains("for ana"), "{open}");
    assert!(!open.contains("Overdue"), "{open}");

    assert_eq!(set("Book a call", "2099-03-20").await.status(), 303);
    assert_eq!(
        open_and_closed(&app).await,
        (1, vec!["replaced".to_owned()])
    );
    let (_, page) = app.get_html(&path).await;
    assert!(
        texts(&page, "#open-action")
            .join(" ")
            .contains("Book a call")
    );

    let done = post_admin(&app, &format!("{path}/next-action/done"), &[]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        open_and_closed(&app).await,
        (0, vec!["replaced".to_owned(), "done".to_owned()])
    );
    // A second click changes nothing.
    let again = post_admin(&app, &format!("{path}/next-action/done"), &[]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(audited(&app, "next_action_set").await, 2);
    assert_eq!(audited(&app, "next_action_done").await, 1);
}

#[tokio::test]
async fn a_past_due_date_is_refused_beside_the_field_and_what_was_typed_is_kept() {
    let (app, _) = signed_in_app().await;
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let path = format!("/admin/candidates/{}", stored.candidate_id);
    let hostile = "<b>Call</b> & \"ask\"";

    let response = post_admin(
        &app,
        &format!("{path}/next-action"),
        &[
            ("what", hostile),
            ("due_on", "2020-01-02"),
            ("assignee", ""),
        ],
    )
    .await;

    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(!body.contains("<b>Call</b>"), "escaped");
    let page = scraper::Html::parse_document(&body);
    let message = texts(&page, "#na-due_on-error").join(" ");
    assert!(message.contains("cannot be due in the past"), "{message}");
    assert_eq!(
        attrs(&page, "#na-due", "aria-describedby"),
        ["na-due_on-error"]
    );
    assert_eq!(attrs(&page, "input[name=what]", "value"), [hostile]);
    assert_eq!(attrs(&page, "input[name=due_on]", "value"), ["2020-01-02"]);
    assert_eq!(open_and_closed(&app).await, (0, vec![]));

    let unknown = uuid::Uuid::new_v4().to_string();
    let response = post_admin(
        &app,
        &format!("{path}/next-action"),
        &[
            ("what", "Call"),
            ("due_on", "2099-03-15"),
            ("assignee", &unknown),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert!(
        texts(&page, "#na-assignee-error")
            .join(" ")
            .contains("Choose a recruiter")
    );
    assert_eq!(open_and_closed(&app).await, (0, vec![]));
}

#[tokio::test]
async fn not_eligible_yet_asks_for_a_recheck_date_which_becomes_the_next_action() {
    let (app, _) = signed_in_app().await;
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let path = format!("/admin/candidates/{}", stored.candidate_id);

    for recheck in ["", "2020-01-02"] {
        let response = post_admin(
            &app,
            &format!("{path}/stage"),
            &[("stage", "not_eligible_yet"), ("recheck_on", recheck)],
        )
        .await;
        assert_eq!(response.status(), 422, "{recheck:?}");
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        let message = texts(&page, "#recheck_on-error").join(" ");
        assert!(message.contains("needs a re-check date"), "{message}");
        assert_eq!(
            texts(&page, "#current-stage"),
            ["New"],
            "nothing half-written"
        );
    }
    assert_eq!(open_and_closed(&app).await, (0, vec![]));

    let response = post_admin(
        &app,
        &format!("{path}/stage"),
        &[("stage", "not_eligible_yet"), ("recheck_on", "2099-06-01")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_html(&path).await;
    assert_eq!(texts(&page, "#current-stage"), ["Not eligible yet"]);
    let open = texts(&page, "#open-action").join(" ");
    assert!(
        open.contains("Re-check eligibility") && open.contains("due 2099-06-01"),
        "{open}"
    );
    // Other stages ask for no date.
    let response = post_admin(&app, &format!("{path}/stage"), &[("stage", "contacted")]).await;
    assert_eq!(response.status(), 303);
}

async fn set_action(app: &TestApp, candidate_id: uuid::Uuid, what: &str, due: &str) {
    let path = format!("/admin/candidates/{candidate_id}/next-action");
    let response = post_admin(
        app,
        &path,
        &[("what", what), ("due_on", due), ("assignee", "")],
    )
    .await;
    assert_eq!(response.status(), 303);
}

/// Moves an open action's due date into the past (the form refuses that, as it should).
async fn make_overdue(app: &TestApp, candidate_id: uuid::Uuid) {
    sqlx::query("update next_actions set due_on = date '2020-01-02' where candidate_id = $1 and closed_at is null")
        .bind(candidate_id)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn listed(app: &TestApp, query: &str) -> Vec<(String, String, String)> {
    let (status, page) = app.get_html(&format!("/admin/candidates?{query}")).await;
    assert_eq!(status, 200, "{query}");
    let names = texts(&page, "table.candidates tbody td:first-child a");
    let due = texts(&page, "table.candidates tbody td.due");
    let since = texts(&page, "table.candidates tbody td.since-contact");
    names
        .into_iter()
        .zip(due)
        .zip(since)
        .map(|((n, d), s)| (n, d, s))
        .collect()
}

/// A candidate with a single name, its own contact details, applied `age_days` ago.
fn seed(given: &'static str, email: &'static str, phone: &'static str, age_days: i32) -> Seed {
    Seed {
        given_name: given,
        family_name: None,
        email,
        phone,
        age_days,
        ..Seed::default()
    }
}

fn names(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|r| r.0.as_str()).collect()
}

#[tokio::test]
async fn the_list_sorts_and_filters_by_due_date_and_shows_days_since_last_contact() {
    let (app, _) = signed_in_app().await;
    let later = seed_candidate(
        &app,
        &seed("Later", "later@example.com", "+639170000001", 1),
    )
    .await;
    let sooner = seed_candidate(
        &app,
        &seed("Sooner", "sooner@example.com", "+639170000002", 2),
    )
    .await;
    let quiet = seed_candidate(
        &app,
        &seed("Quiet", "quiet@example.com", "+639170000003", 9),
    )
    .await;
    set_action(&app, later.candidate_id, "Call", "2099-05-01").await;
    set_action(&app, sooner.candidate_id, "Write", "2099-03-01").await;

    let rows = listed(&app, "sort=due").await;
    assert_eq!(
        names(&rows),
        ["Sooner", "Later", "Quiet"],
        "nearest due first, none last"
    );
    assert_eq!(rows[0].1, "2099-03-01");
    assert_eq!(rows[2].1, "none");
    // Days since the application (no note or stage change yet), from the backdated rows.
    let since: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(since, ["2", "1", "9"]);
    assert_eq!(names(&listed(&app, "due=none").await), ["Quiet"]);
    assert_eq!(
        names(&listed(&app, "due=open&sort=due").await),
        ["Sooner", "Later"]
    );
    assert!(listed(&app, "due=overdue").await.is_empty());

    make_overdue(&app, later.candidate_id).await;
    let overdue = listed(&app, "due=overdue").await;
    assert_eq!(names(&overdue), ["Later"]);
    assert!(overdue[0].1.contains("Overdue"), "{overdue:?}");

    // A note is contact: the quiet case's count starts again.
    let note = format!("/admin/candidates/{}/notes", quiet.candidate_id);
    assert_eq!(
        post_admin(&app, &note, &[("body", "Called, no answer")])
            .await
            .status(),
        303
    );
    let rows = listed(&app, "due=none").await;
    assert_eq!(rows[0].2, "0");
}

#[tokio::test]
async fn the_overview_shows_overdue_actions_and_old_unowned_new_cases() {
    let (app, ana) = signed_in_app().await;
    // Ten calendar days are more than two working days whatever today is; today is never.
    let waiting = seed_candidate(
        &app,
        &seed("Waiting", "waiting@example.com", "+639170000011", 10),
    )
    .await;
    let owned = seed_candidate(
        &app,
        &seed("Owned", "owned@example.com", "+639170000012", 10),
    )
    .await;
    seed_candidate(
        &app,
        &seed("Fresh", "fresh@example.com", "+639170000013", 0),
    )
    .await;
    let owner = ana.to_string();
    let path = format!("/admin/candidates/{}/owner", owned.candidate_id);
    post_admin(&app, &path, &[("owner", &owner)]).await;
    set_action(
        &app,
        owned.candidate_id,
        "Ask for the transcript",
        "2099-03-15",
    )
    .await;

    let (_, page) = app.get_html("/admin").await;
    assert_eq!(texts(&page, "#overdue-actions li.empty").len(), 1);
    let unowned = texts(&page, "#unowned-cases li");
    assert_eq!(unowned.len(), 1, "{unowned:?}");
    assert!(unowned[0].starts_with("Waiting") && unowned[0].contains(&waiting.reference));

    make_overdue(&app, owned.candidate_id).await;
    let (_, page) = app.get_html("/admin").await;
    let overdue = texts(&page, "#overdue-actions li");
    assert_eq!(
        overdue,
        ["Owned: Ask for the transcript, due 2020-01-02, for ana"]
    );
}
