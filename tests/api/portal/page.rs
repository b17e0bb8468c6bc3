//! The signed-in page: every application with its reference and date, the stage in the
//! candidate's words (internal verdicts never shown), who looks after the case, and the pathway
//! plan from the latest answers.

use super::*;
use crate::admin::{add_recruiter, post_admin};
use crate::helpers::texts;
use crate::support::applications::store;

const ANA: &str = "ana.page@example.com";

fn main_text(page: &Html) -> String {
    texts(page, "main").join(" ")
}

#[tokio::test]
async fn the_page_lists_every_application_and_the_plan_for_the_latest_answers() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let first = candidate(app, ANA).await;
    let second = store(&app.pool, Some(first.candidate_id), |row| {
        row.email = ANA;
        row.email_normalised = ANA;
    })
    .await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let response = my_application(app, &client).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = html(response).await;
    let mut references = texts(&page, "table td:first-child");
    references.sort();
    let mut expected = vec![first.reference.clone(), second.reference.clone()];
    expected.sort();
    assert_eq!(references, expected);
    assert_eq!(
        texts(&page, "#status-title"),
        vec!["We have your application"]
    );
    assert!(main_text(&page).contains("The LabMinds recruiting team looks after your case"));
    assert!(main_text(&page).contains("support@labmindsstaffing.com"));
    assert_eq!(
        attrs(&page, "meta[name=robots]", "content"),
        vec!["noindex"]
    );

    let plan = attrs(&page, "a", "href")
        .into_iter()
        .find(|href| href.starts_with("/advisor/plan?"))
        .expect("a link to the whole plan");
    assert!(plan.contains("country_of_education=PH"), "{plan}");
    let whole = client.get(app.url(&plan)).send().await.unwrap();
    assert_eq!(whole.status(), 200, "the plan's link opens the plan");
}

#[tokio::test]
async fn a_closed_case_says_so_kindly_and_never_shows_the_internal_verdict() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let recruiter = add_recruiter(app, "rita@labmindsstaffing.com").await;
    let client = signed_in_client(&portal, ANA, 1).await;

    labminds::db::pipeline::change_stage(&app.pool, ana.candidate_id, "screening", recruiter)
        .await
        .unwrap();
    let page = html(my_application(app, &client).await).await;
    assert_eq!(
        texts(&page, "#status-title"),
        vec!["A recruiter is looking at your details"]
    );

    for internal in ["rejected", "not_eligible_yet", "withdrawn", "on_hold"] {
        labminds::db::pipeline::change_stage(&app.pool, ana.candidate_id, internal, recruiter)
            .await
            .unwrap();
        let page = html(my_application(app, &client).await).await;
        let text = main_text(&page).to_lowercase();
        for word in ["reject", "not eligible", "withdrawn", "on hold"] {
            assert!(!text.contains(word), "{internal}: the page says {word:?}");
        }
        assert!(text.contains("apply again"), "{internal}: what to do next");
        assert_eq!(
            attrs(&page, "#status-title + p + p a", "href")
                .first()
                .map(String::as_str),
            Some("/apply"),
            "{internal}"
        );
    }
}

#[tokio::test]
async fn an_owned_case_names_its_recruiter_without_their_address() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    crate::admin::sign_in(app).await;
    let (owner, name): (uuid::Uuid, String) = sqlx::query_as(
        "select id, display_name from recruiters where email = 'ana@labmindsstaffing.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let path = format!("/admin/candidates/{}/owner", ana.candidate_id);
    let owner_id = owner.to_string();
    assert_eq!(
        post_admin(app, &path, &[("owner", &owner_id)])
            .await
            .status(),
        303
    );
    let client = signed_in_client(&portal, ANA, 1).await;
    let page = html(my_application(app, &client).await).await;
    let text = main_text(&page);
    assert!(
        text.contains(&format!("Your recruiter is {name}")),
        "{text}"
    );
    assert!(!text.contains("ana@labmindsstaffing.com"));
}

#[tokio::test]
async fn every_page_links_my_application_in_its_footer() {
    let app = crate::helpers::spawn_app().await;
    for path in ["/", "/apply", "/guide", "/privacy"] {
        let (_, page) = app.get_html(path).await;
        assert!(
            attrs(&page, "footer a", "href").contains(&"/my-application".to_owned()),
            "{path}"
        );
    }
}
