//! "What happens next and by when": the step a recruiter writes on the candidate page is shown
//! on that candidate's My application only, is audited, and bad input gets its message beside
//! the field with everything typed kept, and writes nothing.

use super::*;
use crate::admin::post_admin;
use crate::helpers::texts;

const ANA: &str = "ana.step@example.com";
const BEN: &str = "ben.step@example.com";

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_events where action = $1")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn steps(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from candidate_next_steps")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_recruiters_next_step_shows_on_that_candidates_page_only_and_can_be_cleared() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    candidate(app, BEN).await;
    crate::admin::sign_in(app).await;
    let ana_client = signed_in_client(&portal, ANA, 1).await;
    let ben_client = signed_in_client(&portal, BEN, 1).await;
    let page = html(my_application(app, &ana_client).await).await;
    assert!(texts(&page, "#next-step-title").is_empty(), "none set yet");

    let path = format!("/admin/candidates/{}/next-step", ana.candidate_id);
    let due = (time::OffsetDateTime::now_utc().date() + time::Duration::days(10)).to_string();
    let what = "Send us a scan of your ASCPi exam result <b>";
    let response = post_admin(app, &path, &[("step_what", what), ("step_due_on", &due)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(audited(app, "next_step_set").await, 1);

    let page = html(my_application(app, &ana_client).await).await;
    assert_eq!(texts(&page, "#next-step-title"), vec!["Next step for you"]);
    assert_eq!(texts(&page, "#next-step-text"), vec![what], "escaped text");
    assert_eq!(texts(&page, "#next-step-due").len(), 1);
    let admin_page = app
        .client
        .get(app.url(&format!("/admin/candidates/{}", ana.candidate_id)))
        .send()
        .await
        .unwrap();
    let admin_page = html(admin_page).await;
    assert_eq!(texts(&admin_page, "#candidate-next-step"), vec![what]);

    let other = html(my_application(app, &ben_client).await).await;
    assert!(
        texts(&other, "#next-step-title").is_empty(),
        "Ben sees none"
    );
    let export = my_export(app, &ana_client).await;
    assert_eq!(export["next_step"]["what"], what);

    let response = post_admin(app, &path, &[("step_what", ""), ("step_due_on", "")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(audited(app, "next_step_cleared").await, 1);
    let page = html(my_application(app, &ana_client).await).await;
    assert!(texts(&page, "#next-step-title").is_empty(), "cleared");
}

/// The value of the input `#id` on a page.
fn input_value(page: &str, id: &str) -> String {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(&format!("input#{id}")).unwrap();
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_past_or_unreadable_date_a_date_alone_or_an_unknown_candidate_writes_nothing() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    crate::admin::sign_in(app).await;
    let path = format!("/admin/candidates/{}/next-step", ana.candidate_id);
    let yesterday = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    let long = "x".repeat(301);
    for (fields, field_in_error) in [
        (
            [
                ("step_what", "Book the exam"),
                ("step_due_on", yesterday.as_str()),
            ],
            "step_due_on",
        ),
        (
            [
                ("step_what", "Book the exam"),
                ("step_due_on", "31/12/2026"),
            ],
            "step_due_on",
        ),
        (
            [("step_what", ""), ("step_due_on", "2099-01-01")],
            "step_what",
        ),
        (
            [("step_what", "line\u{7}bell"), ("step_due_on", "")],
            "step_what",
        ),
        (
            [("step_what", long.as_str()), ("step_due_on", "")],
            "step_what",
        ),
    ] {
        let response = post_admin(app, &path, &fields).await;
        assert_eq!(response.status(), 422, "{fields:?}");
        let page = response.text().await.unwrap();
        // The message stands beside its field, and everything typed is still there.
        let id = match field_in_error {
            "step_what" => "next-step-what",
            _ => "next-step-due",
        };
        let message = texts(
            &scraper::Html::parse_document(&page),
            &format!("#{id}-error"),
        );
        assert_eq!(message.len(), 1, "{fields:?}: {message:?}");
        assert!(
            page.contains(&format!("aria-describedby=\"{id}-error\"")),
            "{fields:?}"
        );
        assert_eq!(
            input_value(&page, "next-step-what"),
            fields[0].1,
            "{fields:?}"
        );
        assert_eq!(
            input_value(&page, "next-step-due"),
            fields[1].1,
            "{fields:?}"
        );
    }
    let unknown = format!("/admin/candidates/{}/next-step", uuid::Uuid::now_v7());
    let response = post_admin(app, &unknown, &[("step_what", "Book the exam")]).await;
    assert_eq!(response.status(), 404);
    assert_eq!(steps(app).await, 0);
    assert_eq!(audited(app, "next_step_set").await, 0);
}
