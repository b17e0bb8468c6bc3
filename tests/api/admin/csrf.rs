//! State-changing requests need the session's CSRF token and our Origin (or Referer); a refused
//! request changes nothing.

use super::*;

/// Header or form name-value pairs.
type Fields<'a> = Vec<(&'a str, &'a str)>;

async fn stage_of(app: &TestApp, candidate_id: Uuid) -> Option<String> {
    sqlx::query_scalar("select stage from candidate_pipelines where candidate_id = $1")
        .bind(candidate_id)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn posts_without_the_right_token_or_from_another_origin_are_forbidden_and_change_nothing() {
    let (app, _) = signed_in_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    let path = format!("/admin/candidates/{}/stage", seeded.candidate_id);
    let token = csrf_token(&app).await;
    let wrong = "0".repeat(64);
    let cases: Vec<(&str, Fields, Fields)> = vec![
        (
            "missing token",
            vec![("Origin", ORIGIN)],
            vec![("stage", "screening")],
        ),
        (
            "wrong token",
            vec![("Origin", ORIGIN)],
            vec![("csrf_token", &wrong), ("stage", "screening")],
        ),
        (
            "empty token",
            vec![("Origin", ORIGIN)],
            vec![("csrf_token", ""), ("stage", "screening")],
        ),
        (
            "foreign origin",
            vec![("Origin", "https://evil.example")],
            vec![("csrf_token", &token), ("stage", "screening")],
        ),
        (
            "foreign referer, no origin",
            vec![("Referer", "https://evil.example/page")],
            vec![("csrf_token", &token), ("stage", "screening")],
        ),
        (
            "neither origin nor referer",
            vec![],
            vec![("csrf_token", &token), ("stage", "screening")],
        ),
    ];
    for (case, headers, form) in cases {
        let mut request = app.client.post(app.url(&path)).form(&form);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "{case}");
    }
    assert_eq!(stage_of(&app, seeded.candidate_id).await, None);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'stage_changed'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 0);

    // The same request with the token and a same-origin Referer (no Origin) goes through.
    let response = app
        .client
        .post(app.url(&path))
        .header(
            "Referer",
            format!("{ORIGIN}/admin/candidates/{}", seeded.candidate_id),
        )
        .form(&[("csrf_token", token.as_str()), ("stage", "screening")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        stage_of(&app, seeded.candidate_id).await.as_deref(),
        Some("screening")
    );
}

#[tokio::test]
async fn another_sessions_token_is_refused() {
    let (app, _) = signed_in_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    let mine = csrf_token(&app).await;
    // A second recruiter's session has its own token.
    let other = crate::helpers::client();
    add_recruiter(&app, "ben@labmindsstaffing.com").await;
    let response = other
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .form(&[
            ("email", "ben@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let response = other
        .post(app.url(&format!("/admin/candidates/{}/notes", seeded.candidate_id)))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", mine.as_str()), ("body", "hello")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        rows_with(&app, "candidate_notes", "candidate_id", seeded.candidate_id).await,
        0
    );
}

#[tokio::test]
async fn the_login_form_refuses_a_foreign_origin() {
    let app = crate::helpers::spawn_app().await;
    add_recruiter(&app, "ana@labmindsstaffing.com").await;
    let response = app
        .client
        .post(app.url("/admin/login"))
        .header("Origin", "https://evil.example")
        .form(&[
            ("email", "ana@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());
}
