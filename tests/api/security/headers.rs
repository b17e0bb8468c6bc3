//! Every route's response, scored as the Mozilla (MDN) HTTP Observatory would score it, earns an
//! A+: public pages, the advisor and intake pages, errors (404, 405, 413), static files, and every
//! dashboard page signed in, with PUBLIC_URL https so HSTS and Secure cookies apply.

use labminds::web::admin::{AdminMethod, ROUTES};

use super::observatory::observatory_score;
use crate::admin::{PASSWORD, Seed, add_recruiter, seed_candidate};
use crate::helpers::{TestApp, attrs, spawn_app_with};

const ORIGIN: &str = "https://labminds.example";

/// Signs in over plain http on loopback: the Secure cookie is carried by hand, since a cookie
/// store would (rightly) not send it over http.
async fn sign_in(app: &TestApp) -> (reqwest::Response, String) {
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let response = app
        .client
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .form(&[
            ("email", "ana@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "login should succeed");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (response, cookie)
}

/// Reads the response and records it in `failures` if it scores below 100.
async fn grade(path: &str, response: reqwest::Response, failures: &mut Vec<String>) {
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.text().await.unwrap_or_default();
    let is_html = headers
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/html"));
    let (score, modifiers) = observatory_score(&headers, true, is_html.then_some(body.as_str()));
    if score < 100 {
        failures.push(format!("{path} ({status}): {score}, {modifiers:?}"));
    }
}

#[tokio::test]
async fn every_route_scores_a_plus_by_the_mozilla_observatory_rules() {
    let app = spawn_app_with(&[("PUBLIC_URL", ORIGIN)]).await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    let mut failures = Vec::new();

    let (_, home) = app.get_html("/").await;
    let mut public = labminds::guide::all_guide_paths();
    public.extend(attrs(&home, "link[rel=stylesheet]", "href"));
    public.extend(
        [
            "/",
            "/healthz",
            "/readyz",
            "/favicon.ico",
            "/sitemap.xml",
            "/robots.txt",
            "/advisor",
            "/advisor/plan?country_of_education=PH",
            "/apply",
            "/apply/thanks/LM-ABCDEFGH",
            "/no/such/page",
            "/admin/login",
        ]
        .map(str::to_owned),
    );
    for path in &public {
        grade(path, app.get(path).await, &mut failures).await;
    }
    // Errors: a wrong method (405) and a body over the limit (413).
    let wrong_method = app.client.delete(app.url("/apply")).send().await.unwrap();
    grade("DELETE /apply", wrong_method, &mut failures).await;
    let too_large = app
        .client
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .body(vec![b'a'; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status(), 413);
    grade("POST /admin/login (too large)", too_large, &mut failures).await;

    // The login answer carries the session cookie: it is scored too.
    let (login, cookie) = sign_in(&app).await;
    grade("POST /admin/login", login, &mut failures).await;
    let mut admin_pages = 0;
    for route in ROUTES
        .iter()
        .filter(|r| r.method == AdminMethod::Get && !r.is_public())
    {
        let path = route
            .full_path()
            .replace("{id}", &seeded.candidate_id.to_string());
        let response = app
            .client
            .get(app.url(&path))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap();
        admin_pages += 1;
        grade(&path, response, &mut failures).await;
    }
    assert!(
        public.len() > 20 && admin_pages >= 6,
        "too few routes were scored"
    );
    assert!(failures.is_empty(), "below A+: {failures:#?}");
}
