//! Every dashboard route, straight from the route table, refuses visitors without a session; ids
//! that do not belong to a candidate are a 404 even with one.

use labminds::web::admin::{AdminMethod, ROUTES};
use uuid::Uuid;

use super::*;
use crate::helpers::{spawn_app, texts};

fn concrete(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('/') {
        if !out.is_empty() || !segment.is_empty() {
            out.push('/');
        }
        if segment.starts_with('{') {
            out.push_str(&Uuid::new_v4().to_string());
        } else {
            out.push_str(segment);
        }
    }
    format!("/admin{out}")
}

#[tokio::test]
async fn every_admin_route_without_a_session_redirects_to_login_or_is_forbidden() {
    let app = spawn_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    assert!(ROUTES.len() >= 10, "the route table looks truncated");
    for route in ROUTES.iter().filter(|r| !r.is_public()) {
        for path in [
            concrete(route.path),
            route
                .full_path()
                .replace("{id}", &seeded.candidate_id.to_string()),
        ] {
            let response = match route.method {
                AdminMethod::Get => app.client.get(app.url(&path)).send().await.unwrap(),
                AdminMethod::Post => app
                    .client
                    .post(app.url(&path))
                    .header("Origin", ORIGIN)
                    .form(&[("csrf_token", "x")])
                    .send()
                    .await
                    .unwrap(),
            };
            match route.method {
                AdminMethod::Get => {
                    assert_eq!(response.status(), 303, "GET {path}");
                    assert_eq!(response.headers()["location"], "/admin/login", "GET {path}");
                }
                AdminMethod::Post => assert_eq!(response.status(), 403, "POST {path}"),
            }
            assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        }
    }
    // Nothing was changed by all those posts.
    assert_eq!(
        rows_with(&app, "candidates", "id", seeded.candidate_id).await,
        1
    );
}

#[tokio::test]
async fn unknown_paths_under_admin_also_require_a_session() {
    let app = spawn_app().await;
    let response = app.get("/admin/no-such-page").await;
    assert_eq!(response.status(), 303);
    let response = app
        .client
        .put(app.url("/admin/candidates"))
        .header("Origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn admin_pages_are_not_cached_and_not_indexed() {
    let (app, _) = signed_in_app().await;
    seed_candidate(&app, &Seed::default()).await;
    for path in ["/admin", "/admin/candidates"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let html = html(response).await;
        let robots = crate::helpers::attrs(&html, "meta[name=robots]", "content");
        assert_eq!(robots, vec!["noindex"], "{path}");
    }
    // Signed in, the login page redirects (still uncached); signed out it is a noindex page.
    assert_eq!(
        app.get("/admin/login").await.headers()["cache-control"],
        "no-store"
    );
    let login = spawn_app().await;
    let response = login.get("/admin/login").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = html(response).await;
    assert_eq!(texts(&page, "h1"), vec!["Recruiter sign-in"]);
    assert_eq!(
        crate::helpers::attrs(&page, "meta[name=robots]", "content"),
        vec!["noindex"]
    );
}

#[tokio::test]
async fn candidate_and_cv_urls_with_unknown_ids_are_not_found() {
    // An admin: the erase pages are theirs (a recruiter gets 403 before any id is looked at).
    let (app, _) = signed_in_admin_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    let random = Uuid::new_v4();
    for path in [
        format!("/admin/candidates/{random}"),
        format!("/admin/candidates/{random}/export.json"),
        format!("/admin/candidates/{random}/erase"),
        // A real application id is not a candidate id, and a candidate id is not an application's.
        format!("/admin/candidates/{}", seeded.application_id),
        format!("/admin/applications/{}/cv", seeded.candidate_id),
        // Real application without a CV.
        format!("/admin/applications/{}/cv", seeded.application_id),
        format!("/admin/applications/{random}/cv"),
        "/admin/candidates/not-a-uuid".to_owned(),
        "/admin/candidates/1%20or%201=1".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    let response = post_admin(
        &app,
        &format!("/admin/candidates/{random}/stage"),
        &[("stage", "screening")],
    )
    .await;
    assert_eq!(response.status(), 404);
}
