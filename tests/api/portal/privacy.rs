//! Privacy self-service: the download and the readable copy of everything held, and erasure
//! after one confirmation that leaves no row or file about the person (the audit keeps the fact;
//! the confirmation e-mail, about nobody, goes with the 30-day purge).

use uuid::Uuid;

use super::*;
use crate::helpers::texts;
use crate::intake::{form_token, post_multipart, small_pdf, thanks_reference, valid_answers};

const MARIA: &str = "Maria.Cruz@Example.com";

/// María applies with a CV over HTTP and signs in with her acknowledgement's link.
async fn maria_signed_in(portal: &Portal) -> (Client, String) {
    let app = &portal.app;
    let answers = valid_answers(&form_token(app).await);
    let response = post_multipart(app, &answers, Some(("cv.pdf", small_pdf()))).await;
    let reference = thanks_reference(&response);
    let link = link_in(&mail_to(portal, MARIA, 1).await).unwrap();
    let client = client();
    assert_eq!(continue_with(app, &client, &link).await.status(), 303);
    (client, reference)
}

#[tokio::test]
async fn the_download_and_the_readable_copy_hold_everything_about_the_person() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let (client, reference) = maria_signed_in(&portal).await;

    let response = client
        .get(app.url("/my-application/export.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let export: serde_json::Value = response.json().await.unwrap();
    assert_eq!(export["applications"][0]["reference"], reference.as_str());
    assert_eq!(export["applications"][0]["email"], MARIA);
    assert!(export["applications"][0].get("consent_ip_hash").is_none());
    assert_eq!(
        export["cv_files"][0]["file_name"],
        format!("{reference}-cv.pdf")
    );
    let mut kinds: Vec<&str> = export["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["candidate_ack", "support_alert"]);
    let actions: Vec<&str> = export["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["portal_signed_in"]);
    assert_eq!(export["privacy_requests"], serde_json::json!([]));
    assert_eq!(
        export["consents"],
        serde_json::json!([]),
        "no change made yet"
    );

    let page = client
        .get(app.url("/my-application/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = html(page).await;
    assert_eq!(
        texts(&page, "main h2")[0],
        format!("Application {reference}")
    );
    let cells = texts(&page, "main td").join(" | ");
    for shown in [MARIA, "+639171234567", "Philippines", "MedTech PH group"] {
        assert!(cells.contains(shown), "{shown} missing: {cells}");
    }
    let exported: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where action = 'portal_exported' and recruiter_id is null",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(exported, 2);

    // Without a session, both lead to the sign-in form.
    for path in ["/my-application/export.json", "/my-application/data"] {
        let response = crate::helpers::client()
            .get(app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/my-application");
    }
}

/// Rows of any table that still mention María (her name, address or phone).
async fn mentions(app: &TestApp) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables \
         where table_schema = 'public' and table_type = 'BASE TABLE'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let mut found = Vec::new();
    for table in tables {
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from {table} t where t::text ilike '%maria.cruz%' \
             or t::text ilike '%dela cruz%' or t::text ilike '%9171234567%'"
        )))
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if count > 0 {
            found.push((table, count));
        }
    }
    found
}

#[tokio::test]
async fn erasure_after_one_confirmation_leaves_no_row_or_file_about_the_person() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let (client, _) = maria_signed_in(&portal).await;
    let candidate_id: Uuid = sqlx::query_scalar("select id from candidates")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let confirm = client
        .get(app.url("/my-application/erase"))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);
    let confirm = html(confirm).await;
    assert_eq!(texts(&confirm, "form button"), vec!["Delete everything"]);
    let csrf = attrs(&confirm, "input[name=csrf_token]", "value").remove(0);
    // A forged post (no CSRF token, or another site) erases nothing.
    for (origin, token) in [(ORIGIN, ""), ("https://evil.example", csrf.as_str())] {
        let refused = client
            .post(app.url("/my-application/erase"))
            .header("Origin", origin)
            .form(&[("csrf_token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
    assert!(is_signed_in(app, &client).await);

    let erased = client
        .post(app.url("/my-application/erase"))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 303);
    assert_eq!(erased.headers()["location"], "/my-application/erased");
    assert!(!is_signed_in(app, &client).await);

    // The confirmation arrives; it names nothing of the case.
    let confirmation = mail_to(&portal, MARIA, 2).await;
    assert_eq!(
        confirmation.header("Subject").as_deref(),
        Some("We have deleted your data")
    );
    // Nothing about her is left but that e-mail, which is about nobody.
    assert_eq!(mentions(app).await, vec![("outbox_messages".to_owned(), 1)]);
    let (kind, about): (String, Option<Uuid>) =
        sqlx::query_as("select kind, candidate_id from outbox_messages")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((kind.as_str(), about), ("portal_erased", None));
    for table in ["candidate_links", "candidate_sessions", "application_files"] {
        let rows: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    // The audit keeps the fact only: no candidate id anywhere, no recruiter.
    let kept: Vec<(String, Option<Uuid>, serde_json::Value)> = sqlx::query_as(
        "select action, candidate_id, details from audit_events where action = 'candidate_erased'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        kept,
        vec![(
            "candidate_erased".to_owned(),
            None,
            serde_json::json!({ "by": "candidate" })
        )]
    );
    let linked: i64 =
        sqlx::query_scalar("select count(*) from audit_events where candidate_id = $1")
            .bind(candidate_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(linked, 0);

    // 30 days after it was sent, the purge forgets the confirmation too.
    wait_until_sent(app).await;
    sqlx::query("update outbox_messages set created_at = now() - interval '31 days'")
        .execute(&app.pool)
        .await
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert!(mentions(app).await.is_empty());
}
