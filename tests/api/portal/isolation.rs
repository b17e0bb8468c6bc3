//! Two candidates, each signed in: neither can see or act on the other's case with swapped ids,
//! cookies, CSRF tokens or links, and the candidates' and recruiters' sessions never stand in
//! for each other.

use super::*;
use crate::helpers::texts;

const ANA: &str = "ana.swap@example.com";
const BO: &str = "bo.swap@example.com";

/// A fresh client that sends exactly this cookie header.
fn cookie_of(client_cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", client_cookie.parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The candidate session cookie a sign-in sets.
async fn sign_in_cookie(portal: &Portal, email: &str, nth: usize) -> String {
    let app = &portal.app;
    let fresh = client();
    request_link(app, &fresh, email).await;
    let link = link_in(&mail_to(portal, email, nth).await).unwrap();
    let response = continue_with(app, &fresh, &link).await;
    let set = response.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

async fn references_seen(app: &TestApp, client: &Client, query: &str) -> Vec<String> {
    let path = format!("/my-application{query}");
    let page = html(client.get(app.url(&path)).send().await.unwrap()).await;
    texts(&page, "table td:first-child")
}

#[tokio::test]
async fn two_candidates_never_see_or_change_each_others_case() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let bo = candidate(app, BO).await;
    let ana_cookie = sign_in_cookie(&portal, ANA, 1).await;
    let bo_cookie = sign_in_cookie(&portal, BO, 1).await;
    let (as_ana, as_bo) = (cookie_of(&ana_cookie), cookie_of(&bo_cookie));

    assert_eq!(
        references_seen(app, &as_ana, "").await,
        vec![ana.reference.clone()]
    );
    assert_eq!(
        references_seen(app, &as_bo, "").await,
        vec![bo.reference.clone()]
    );
    // Ids in the URL change nothing: the page is the session's candidate's only.
    let bo_id = format!("?candidate_id={}&id={}", bo.candidate_id, bo.candidate_id);
    assert_eq!(
        references_seen(app, &as_ana, &bo_id).await,
        vec![ana.reference.clone()]
    );

    // Bo's CSRF token with Ana's cookie cannot sign Ana out (nor the other way round).
    let bo_page = html(my_application(app, &as_bo).await).await;
    let bo_csrf = attrs(&bo_page, "input[name=csrf_token]", "value").remove(0);
    let swapped = as_ana
        .post(app.url("/my-application/sign-out"))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", bo_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(swapped.status(), 403);
    assert_eq!(
        references_seen(app, &as_ana, "").await,
        vec![ana.reference.clone()]
    );

    // Ana's spent link is no way into anyone's case.
    let ana_link = link_in(&mail_to(&portal, ANA, 1).await).unwrap();
    let reused = as_bo.get(app.url(&ana_link)).send().await.unwrap();
    assert_eq!(reused.status(), 410);
    assert_eq!(
        references_seen(app, &as_bo, "").await,
        vec![bo.reference.clone()]
    );

    // A cookie value under the other name, or a made-up one, opens nothing.
    let value = ana_cookie.split_once('=').unwrap().1;
    let as_recruiter = cookie_of(&format!("labminds_session={value}"));
    let admin = as_recruiter.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(
        admin.status(),
        303,
        "a candidate session is no dashboard session"
    );
    let made_up = cookie_of(&format!("labminds_candidate={}", "a".repeat(64)));
    assert!(references_seen(app, &made_up, "").await.is_empty());
}

#[tokio::test]
async fn a_recruiter_session_is_no_candidate_session() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    crate::admin::add_recruiter(app, "ana@labmindsstaffing.com").await;
    let login =
        crate::admin::log_in_as(app, "ana@labmindsstaffing.com", crate::admin::PASSWORD).await;
    assert_eq!(login.status(), 303);
    let set = login.headers()["set-cookie"].to_str().unwrap();
    let value = set.split(';').next().unwrap().split_once('=').unwrap().1;
    let forged = cookie_of(&format!("labminds_candidate={value}"));
    assert!(!is_signed_in(app, &forged).await);
}

/// Someone who knows a candidate's phone number applies from their own address: the application
/// joins the candidate's case (the intake's returning-candidate rule), but its acknowledgement
/// carries no sign-in link, so it is no way into the case. The person's own address still is.
#[tokio::test]
async fn an_application_matched_by_phone_from_another_address_signs_nobody_in() {
    use crate::intake::{form_token, post_form, valid_answers, with};
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let own = labminds::domain::intake_form::example_application()
        .into_iter()
        .find(|(k, _)| *k == "email")
        .unwrap()
        .1;
    let first = valid_answers(&form_token(app).await);
    assert_eq!(post_form(app, &first).await.status(), 303);
    assert!(link_in(&mail_to(&portal, own, 1).await).is_some());

    let other = "not.the.person@example.net";
    let second = with(valid_answers(&form_token(app).await), "email", other);
    assert_eq!(post_form(app, &second).await.status(), 303);
    let ack = mail_to(&portal, other, 1).await;
    assert_eq!(link_in(&ack), None, "no sign-in link to a matched case");
    let text = ack.body("text/plain").unwrap();
    assert!(text.contains("/my-application"), "{text}");
    assert!(text.contains("address we have on file"), "{text}");

    let (people, links): (i64, i64) = sqlx::query_as(
        "select (select count(distinct candidate_id) from applications), \
                (select count(*) from candidate_links)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (people, links),
        (1, 1),
        "one case, one link: the first one's"
    );
    // Asking for a link with the other address finds nobody (the current address is the first).
    request_link(app, &client(), other).await;
    let no_link = mail_to(&portal, other, 2).await;
    assert_eq!(link_in(&no_link), None);
}
