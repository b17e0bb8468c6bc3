//! Personal data in the dashboard: escaping of hostile answers, the JSON export, erasure without a
//! trace, and the retention purge.

use super::*;
use crate::helpers::texts;
use crate::intake::{
    form_token, post_multipart, small_pdf, spawn_intake_app, thanks_reference, valid_answers, with,
};

const XSS: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";

/// An application through the real intake form (with a CV), as a candidate would send it.
async fn apply(app: &TestApp, answers: Vec<(String, String)>) -> (Uuid, String) {
    let response = post_multipart(app, &answers, Some(("cv.pdf", small_pdf()))).await;
    let reference = thanks_reference(&response);
    let candidate_id =
        sqlx::query_scalar("select candidate_id from applications where reference = $1")
            .bind(&reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    (candidate_id, reference)
}

#[tokio::test]
async fn hostile_answers_from_the_intake_form_are_escaped_on_every_dashboard_page() {
    let app = spawn_intake_app().await;
    // An admin, so the erase page (admins only) is checked too.
    sign_in_admin(&app).await;
    let token = form_token(&app).await;
    let mut answers = valid_answers(&token);
    for field in [
        "message",
        "heard_about_detail",
        "utm_source",
        "utm_campaign",
    ] {
        answers = with(answers, field, XSS);
    }
    let (candidate_id, _) = apply(&app, answers).await;
    post_admin(
        &app,
        &format!("/admin/candidates/{candidate_id}/notes"),
        &[("body", XSS)],
    )
    .await;
    for path in [
        "/admin".to_owned(),
        "/admin/candidates".to_owned(),
        "/admin/candidates?q=%3Cscript%3E".to_owned(),
        format!("/admin/candidates/{candidate_id}"),
        format!("/admin/candidates/{candidate_id}/erase"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("<script"), "{path} has a raw script tag");
        assert!(!body.contains("<img src=x"), "{path} has a raw img tag");
        let page = scraper::Html::parse_document(&body);
        assert!(texts(&page, "script").is_empty(), "{path}");
        assert!(
            crate::helpers::attrs(&page, "[onerror]", "onerror").is_empty(),
            "{path}"
        );
    }
    let (_, page) = app
        .get_html(&format!("/admin/candidates/{candidate_id}"))
        .await;
    // Shown as text, exactly as typed.
    assert!(
        texts(&page, "dd.message")
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>"))
    );
    assert_eq!(texts(&page, ".note-body"), vec![XSS.to_owned()]);
}

#[tokio::test]
async fn the_cv_downloads_as_an_opaque_attachment_and_is_audited() {
    let app = spawn_intake_app().await;
    sign_in(&app).await;
    let token = form_token(&app).await;
    let (candidate_id, reference) = apply(&app, valid_answers(&token)).await;
    let application_id: Uuid =
        sqlx::query_scalar("select id from applications where reference = $1")
            .bind(&reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (_, page) = app
        .get_html(&format!("/admin/candidates/{candidate_id}"))
        .await;
    let href = format!("/admin/applications/{application_id}/cv");
    assert!(crate::helpers::attrs(&page, "dd a[download]", "href").contains(&href));
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    // The type detected from the content, and the name derived from the reference (issue 18).
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        disposition.contains(&format!("filename=\"{reference}-cv.pdf\"")),
        "{disposition}"
    );
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        small_pdf().as_slice()
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where action = 'cv_downloaded' and candidate_id = $1",
    )
    .bind(candidate_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_json_export_holds_every_application_and_is_a_download() {
    let (app, _) = signed_in_app().await;
    let first = seed_candidate(&app, &Seed::default()).await;
    add_application(&app, first.candidate_id, &Seed::default()).await;
    post_admin(
        &app,
        &format!("/admin/candidates/{}/notes", first.candidate_id),
        &[("body", "Spoke on the phone")],
    )
    .await;
    let response = app
        .get(&format!(
            "/admin/candidates/{}/export.json",
            first.candidate_id
        ))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export: serde_json::Value = response.json().await.unwrap();
    assert_eq!(export["candidate"]["id"], first.candidate_id.to_string());
    assert_eq!(export["applications"].as_array().unwrap().len(), 2);
    assert_eq!(export["applications"][0]["given_name"], "Ana");
    assert!(export["applications"][0].get("consent_ip_hash").is_none());
    assert_eq!(export["notes"][0]["body"], "Spoke on the phone");
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'candidate_exported'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn erasing_a_candidate_leaves_no_trace_but_the_fact_of_the_erasure() {
    let app = spawn_intake_app().await;
    // Erasure is for admins (issue 16).
    sign_in_admin(&app).await;
    let token = form_token(&app).await;
    let (candidate_id, _) = apply(&app, valid_answers(&token)).await;
    // A second application of the same person (matched by e-mail).
    let token = form_token(&app).await;
    let (again, _) = apply(&app, with(valid_answers(&token), "english_test", "oet")).await;
    assert_eq!(again, candidate_id);
    let path = format!("/admin/candidates/{candidate_id}");
    post_admin(&app, &format!("{path}/stage"), &[("stage", "screening")]).await;
    post_admin(
        &app,
        &format!("{path}/notes"),
        &[("body", "Maria called back")],
    )
    .await;
    app.get(&path).await;
    let survivor = seed_candidate(
        &app,
        &Seed {
            email: "survivor@example.com",
            phone: "+639181111111",
            ..Seed::default()
        },
    )
    .await;

    // The confirmation step: a wrong word erases nothing.
    let (status, page) = app.get_html(&format!("{path}/erase")).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&page, "h1"), vec!["Erase María José dela Cruz?"]);
    let response = post_admin(&app, &format!("{path}/erase"), &[("confirm", "yes")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(rows_with(&app, "candidates", "id", candidate_id).await, 1);

    let response = post_admin(&app, &format!("{path}/erase"), &[("confirm", "ERASE")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&path).await.status(), 404);
    for (table, column) in [
        ("candidates", "id"),
        ("applications", "candidate_id"),
        ("candidate_pipelines", "candidate_id"),
        ("candidate_stage_changes", "candidate_id"),
        ("candidate_notes", "candidate_id"),
        ("audit_events", "candidate_id"),
    ] {
        assert_eq!(
            rows_with(&app, table, column, candidate_id).await,
            0,
            "{table}"
        );
    }
    // Only the other candidate's rows are left in the tables that hang off applications.
    for table in ["application_files", "outbox_messages"] {
        let left: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from {table} t where not exists (select 1 from applications a where a.id = t.application_id and a.candidate_id = $1)"
        )))
        .bind(survivor.candidate_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(left, 0, "{table} still holds rows of the erased candidate");
    }
    // No table anywhere still mentions the person.
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    for table in tables {
        let mentions: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from {table} t where t::text ilike '%maria.cruz%' or t::text ilike '%dela cruz%' or t::text ilike '%9171234567%'"
        )))
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(mentions, 0, "{table} still mentions the erased candidate");
    }
    let erasures: Vec<(Option<Uuid>, serde_json::Value)> = sqlx::query_as(
        "select candidate_id, details from audit_events where action = 'candidate_erased'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(erasures, vec![(None, serde_json::json!({}))]);
    assert_eq!(
        rows_with(&app, "candidates", "id", survivor.candidate_id).await,
        1
    );
}

#[tokio::test]
async fn the_purge_erases_candidates_past_retention_unless_they_consented() {
    let app = crate::helpers::spawn_app().await;
    let old = seed_candidate(
        &app,
        &Seed {
            email: "old@example.com",
            age_days: 800,
            ..Seed::default()
        },
    )
    .await;
    let kept = seed_candidate(
        &app,
        &Seed {
            email: "kept@example.com",
            age_days: 800,
            keep_data: true,
            ..Seed::default()
        },
    )
    .await;
    let recent = seed_candidate(
        &app,
        &Seed {
            email: "recent@example.com",
            age_days: 60,
            ..Seed::default()
        },
    )
    .await;
    // Applied long ago, and again recently: the last application counts.
    let returning = seed_candidate(
        &app,
        &Seed {
            email: "back@example.com",
            age_days: 900,
            ..Seed::default()
        },
    )
    .await;
    add_application(
        &app,
        returning.candidate_id,
        &Seed {
            email: "back@example.com",
            age_days: 5,
            ..Seed::default()
        },
    )
    .await;

    let erased = labminds::retention::purge(&app.pool, 24, today())
        .await
        .unwrap();
    assert_eq!(erased, 1);
    assert_eq!(
        rows_with(&app, "candidates", "id", old.candidate_id).await,
        0
    );
    assert_eq!(
        rows_with(&app, "applications", "candidate_id", old.candidate_id).await,
        0
    );
    for survivor in [&kept, &recent, &returning] {
        assert_eq!(
            rows_with(&app, "candidates", "id", survivor.candidate_id).await,
            1
        );
    }
    let details: serde_json::Value =
        sqlx::query_scalar("select details from audit_events where action = 'retention_purge'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        details,
        serde_json::json!({ "candidates": 1, "retention_months": 24 })
    );
    // A shorter period reaches the recent one too.
    assert_eq!(
        labminds::retention::purge(&app.pool, 1, today())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        rows_with(&app, "candidates", "id", recent.candidate_id).await,
        0
    );
}

/// The purge runs for an explicit date; these tests use the real one because their rows are
/// dated relative to now.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}
