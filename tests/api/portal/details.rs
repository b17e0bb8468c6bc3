//! Keeping it current: a change is a new version beside the untouched application, the owner
//! (or the support inbox) is told once which fields changed, bad input gets the intake form's
//! messages with everything typed kept and nothing written, and only the signed-in candidate's
//! own session, CSRF token and our Origin can change anything.

use super::*;
use crate::admin::post_admin;
use crate::helpers::texts;
use crate::support::applications::Stored;

const ANA: &str = "ana.details@example.com";
const BEN: &str = "ben.details@example.com";
const OWNER: &str = "ana@labmindsstaffing.com";

async fn save(app: &TestApp, client: &Client, fields: &[(&str, &str)]) -> Response {
    post_signed_in(app, client, "/my-application/details", fields).await
}

/// The application row's answers and raw snapshot, to show they never change.
async fn application_answers(
    app: &TestApp,
    stored: &Stored,
) -> (String, String, Vec<String>, String) {
    sqlx::query_as(
        "select phone_e164, availability, target_states, raw_answers::text from applications where id = $1",
    )
    .bind(stored.application_id)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn versions(app: &TestApp) -> Vec<(i32, Vec<String>)> {
    sqlx::query_as(
        "select version, changed_fields from candidate_profile_versions order by version",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

fn changed_mails(portal: &Portal) -> Vec<ReceivedMessage> {
    portal
        .smtp
        .messages()
        .into_iter()
        .filter(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("updated their details"))
        })
        .collect()
}

#[tokio::test]
async fn a_change_is_a_new_version_beside_the_untouched_application_and_the_inbox_hears_once() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let before = application_answers(app, &ana).await;
    let client = signed_in_client(&portal, ANA, 1).await;

    let form = html(
        client
            .get(app.url("/my-application/details"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        crate::helpers::attrs(&form, "input[name=phone]", "value"),
        ["+639171234567"]
    );
    assert_eq!(
        crate::helpers::attrs(&form, "select[name=availability] option[selected]", "value"),
        ["within_3_months"]
    );

    let response = save(app, &client, CHANGED_DETAILS).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/my-application/details?saved=1"
    );
    assert_eq!(
        versions(app).await,
        [(
            1,
            vec![
                "phone".to_owned(),
                "target_states".to_owned(),
                "availability".to_owned()
            ]
        )]
    );
    assert_eq!(
        application_answers(app, &ana).await,
        before,
        "the application stays as sent"
    );
    let shown = html(
        client
            .get(app.url("/my-application/details"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        crate::helpers::attrs(&shown, "input[name=phone]", "value"),
        ["+639187654321"]
    );
    let export = my_export(app, &client).await.to_string();
    assert!(
        export.contains(r#""changed_fields":["phone","target_states","availability"]"#),
        "{export}"
    );
    // The pathway plan follows the current answers (Texas now), not the application's.
    let page = html(my_application(app, &client).await).await;
    let plan = crate::helpers::attrs(&page, "a[href^='/advisor/plan?']", "href").join(" ");
    assert!(
        plan.contains("target_states=TX") && !plan.contains("target_states=CA"),
        "{plan}"
    );
    // The same answers again change nothing.
    assert_eq!(save(app, &client, CHANGED_DETAILS).await.status(), 303);
    assert_eq!(versions(app).await.len(), 1);
    assert_eq!(
        count(
            app,
            "select count(*) from audit_events where action = 'portal_details_changed'"
        )
        .await,
        1
    );

    wait_until_sent(app).await;
    let inbox = "support@labmindsstaffing.com";
    let mails = changed_mails(&portal);
    assert_eq!(mails.len(), 1, "exactly one e-mail");
    assert!(
        mails[0]
            .rcpt_to
            .iter()
            .any(|r| r.eq_ignore_ascii_case(inbox))
    );
    let text = mails[0].body("text/plain").unwrap();
    assert!(
        text.contains(&ana.reference) && text.contains("Availability"),
        "{text}"
    );
    assert!(
        !text.contains("765") && !text.contains("Texas"),
        "no values: {text}"
    );

    // The dashboard shows what changed and when.
    crate::admin::sign_in(app).await;
    let (status, page) = app
        .get_html(&format!("/admin/candidates/{}", ana.candidate_id))
        .await;
    assert_eq!(status, 200);
    let changes = texts(&page, "#changes li li").join(" | ");
    assert!(changes.contains("Phone: +639187654321"), "{changes}");
    assert!(changes.contains("Target states: Texas"), "{changes}");
}

#[tokio::test]
async fn the_owner_of_the_case_is_told_instead_of_the_inbox() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let owner = crate::admin::sign_in(app).await.to_string();
    let path = format!("/admin/candidates/{}/owner", ana.candidate_id);
    assert_eq!(
        post_admin(app, &path, &[("owner", &owner)]).await.status(),
        303
    );
    let client = signed_in_client(&portal, ANA, 1).await;
    assert_eq!(save(app, &client, CHANGED_DETAILS).await.status(), 303);
    wait_until_sent(app).await;
    let mails = changed_mails(&portal);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].rcpt_to, [OWNER]);
}

#[tokio::test]
async fn bad_answers_get_the_intake_messages_with_everything_kept_and_nothing_written() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let outbox_before = count(app, "select count(*) from outbox_messages").await;
    let bad = [
        ("phone_country", "PH"),
        ("phone", "0917-abc"),
        ("country_of_residence", "ZZ"),
        ("us_certification", "none_yet"),
        ("us_certification_status", "passed"),
        ("english_test", "oet"),
        ("work_authorisation", "tn"),
        ("availability", "now"),
    ];
    let response = save(app, &client, &bad).await;
    assert_eq!(response.status(), 422);
    let page = html(response).await;
    let messages = texts(&page, ".field-error");
    let all = messages.join(" | ");
    for expected in [
        "Enter the phone number with digits only",
        "Choose the country you live in from the list.",
        "You chose “None yet” for certification.",
        "Choose at least one state, or tick “Open to any state”.",
        "TN status is only for citizens of Canada or Mexico.",
    ] {
        assert!(all.contains(expected), "{expected} in {all}");
    }
    assert_eq!(
        crate::helpers::attrs(&page, "input[name=phone]", "value"),
        ["0917-abc"]
    );
    assert_eq!(
        crate::helpers::attrs(&page, "select[name=english_test] option[selected]", "value"),
        ["oet"]
    );
    assert!(versions(app).await.is_empty());
    assert_eq!(
        count(app, "select count(*) from outbox_messages").await,
        outbox_before
    );
}

#[tokio::test]
async fn only_the_candidates_own_session_token_and_origin_change_anything() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    candidate(app, BEN).await;
    let ana = signed_in_client(&portal, ANA, 1).await;
    let ben = signed_in_client(&portal, BEN, 1).await;
    let ben_csrf = {
        let page = html(my_application(app, &ben).await).await;
        crate::helpers::attrs(&page, "input[name=csrf_token]", "value").remove(0)
    };
    let mut with_bens_token = vec![("csrf_token", ben_csrf.as_str())];
    with_bens_token.extend_from_slice(CHANGED_DETAILS);
    // Ana's cookie with Ben's CSRF token; no Origin; no session at all.
    let swapped = ana
        .post(app.url("/my-application/details"))
        .header("Origin", crate::admin::ORIGIN)
        .form(&with_bens_token)
        .send()
        .await
        .unwrap();
    assert_eq!(swapped.status(), 403);
    let no_origin = ben
        .post(app.url("/my-application/details"))
        .form(&with_bens_token)
        .send()
        .await
        .unwrap();
    assert_eq!(no_origin.status(), 403);
    let stranger = client()
        .post(app.url("/my-application/details"))
        .header("Origin", crate::admin::ORIGIN)
        .form(&with_bens_token)
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 403);
    assert!(versions(app).await.is_empty());
    // Signed out, the form is not shown.
    let page = client()
        .get(app.url("/my-application/details"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303);
    // Ben's own change lands on Ben only.
    assert_eq!(save(app, &ben, CHANGED_DETAILS).await.status(), 303);
    let owners: Vec<String> = sqlx::query_scalar(
        "select a.email from candidate_profile_versions v join applications a using (candidate_id)",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(owners, [BEN]);
}

/// With the database away nothing can be saved (nor the session checked): the details form and
/// the address form answer 503 with everything that was typed, and nothing is written; once the
/// database is back, the same post saves.
#[tokio::test]
async fn with_the_database_away_the_forms_answer_503_and_keep_what_was_typed() {
    use crate::helpers::spawn_app_behind_proxy;
    let (app, proxy) = spawn_app_behind_proxy(&[("RUN_WORKER", "false")]).await;
    candidate(&app, ANA).await;
    let client = client();
    request_link(&app, &client, ANA).await;
    // No worker here: the link is read from the queued message itself.
    let body: String =
        sqlx::query_scalar("select body_text from outbox_messages where kind = 'portal_link'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let start = body.find("/my-application/link/").unwrap();
    let link: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-'))
        .collect();
    assert_eq!(continue_with(&app, &client, &link).await.status(), 303);
    let page = html(my_application(&app, &client).await).await;
    let csrf = attrs(&page, "input[name=csrf_token]", "value").remove(0);
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(CHANGED_DETAILS);
    let post = || {
        client
            .post(app.url("/my-application/details"))
            .header("Origin", ORIGIN)
            .form(&form)
            .send()
    };

    proxy.cut();
    let response = post().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let page = html(response).await;
    assert_eq!(
        texts(&page, "#unavailable-title"),
        vec!["We could not save your changes"]
    );
    assert_eq!(attrs(&page, "#phone", "value"), vec!["0918 765 4321"]);
    assert_eq!(
        attrs(&page, "input[name=target_states][checked]", "value"),
        vec!["TX"]
    );
    assert_eq!(
        attrs(&page, "input[name=csrf_token]", "value"),
        vec![csrf.clone()]
    );
    let address = client
        .post(app.url("/my-application/email"))
        .header("Origin", ORIGIN)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "ana.new@example.org"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(address.status(), 503);
    let page = html(address).await;
    assert_eq!(
        texts(&page, "#unavailable-title"),
        vec!["We could not send the link"]
    );
    assert_eq!(attrs(&page, "#email", "value"), vec!["ana.new@example.org"]);
    proxy.restore();
    let asked: i64 = sqlx::query_scalar("select count(*) from candidate_email_changes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(asked, 0, "no change was asked for");
    assert_eq!(versions(&app).await.len(), 0, "nothing was written");

    // The database is back: the same form saves.
    assert_eq!(post().await.unwrap().status(), 303);
    assert_eq!(versions(&app).await.len(), 1);
}
