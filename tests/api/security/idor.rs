//! Direct object references: a real candidate's page and a real CV, addressed by their real ids,
//! are refused to a visitor without a session and to a session cookie replayed after logout; the
//! public confirmation page, addressed by the candidate's own reference, shows nothing of them.

use uuid::Uuid;

use crate::admin::{ORIGIN, PASSWORD, add_recruiter};
use crate::helpers::{TestApp, attrs, client};
use crate::intake::{
    form_token, post_multipart, small_pdf, spawn_intake_app, thanks_reference, valid_answers,
};

/// The answer to a GET with this cookie (or none): status, Location, body.
async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String, Vec<u8>) {
    let mut request = client().get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.bytes().await.unwrap().to_vec())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn real_candidate_and_cv_urls_are_refused_without_a_session_and_after_logout() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let saved = post_multipart(&app, &valid_answers(&token), Some(("cv.pdf", small_pdf()))).await;
    let reference = thanks_reference(&saved);
    let (candidate_id, application_id): (Uuid, Uuid) =
        sqlx::query_as("select candidate_id, id from applications where reference = $1")
            .bind(&reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let private_paths = [
        format!("/admin/candidates/{candidate_id}"),
        format!("/admin/candidates/{candidate_id}/export.json"),
        format!("/admin/applications/{application_id}/cv"),
    ];

    // Without a session: sent to the login page, with nothing of the candidate in the answer.
    for path in &private_paths {
        let (status, location, body) = fetch(&app, path, None).await;
        assert_eq!((status, location.as_str()), (303, "/admin/login"), "{path}");
        assert!(
            !contains(&body, b"%PDF") && !contains(&body, b"Cruz"),
            "{path} leaked data"
        );
    }

    // Signed in, the same URLs work: the refusals above were about the session, not the ids.
    let cookie = sign_in_by_hand(&app).await;
    let (status, _, cv) = fetch(&app, &private_paths[2], Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(cv.starts_with(b"%PDF"), "the recruiter gets the CV");

    // After logout, the old cookie opens nothing.
    let (_, _, dashboard) = fetch(&app, "/admin", Some(&cookie)).await;
    let dashboard = scraper::Html::parse_document(&String::from_utf8_lossy(&dashboard));
    let csrf = attrs(&dashboard, "input[name=csrf_token]", "value").remove(0);
    let logout = client()
        .post(app.url("/admin/logout"))
        .header("Origin", ORIGIN)
        .header("Cookie", &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    for path in &private_paths {
        let (status, location, body) = fetch(&app, path, Some(&cookie)).await;
        assert_eq!((status, location.as_str()), (303, "/admin/login"), "{path}");
        assert!(
            !contains(&body, b"%PDF"),
            "{path} leaked the CV after logout"
        );
    }

    // The candidate's own confirmation page names the reference and nothing else of theirs.
    let (status, _, thanks) = fetch(&app, &format!("/apply/thanks/{reference}"), None).await;
    assert_eq!(status, 200);
    for private in [&b"Cruz"[..], b"Maria", b"0917", b"example.com"] {
        assert!(
            !contains(&thanks, private),
            "the thanks page shows personal data"
        );
    }
}

/// Signs in without a cookie store; returns the session cookie as a `Cookie` header value, so
/// the test can replay it later exactly as an attacker who copied it would.
async fn sign_in_by_hand(app: &TestApp) -> String {
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let login = client()
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .form(&[
            ("email", "ana@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303, "login should succeed");
    let set_cookie = login.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}
