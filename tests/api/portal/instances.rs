//! Two instances on one database (as behind a load balancer): a link sent by one signs in on the
//! other, and the session holds on both. With the database away, a 503 page keeps the address.

use labminds::web::server::Application;

use super::*;
use crate::helpers::{spawn_app_behind_proxy, texts};

#[tokio::test]
async fn a_link_from_one_instance_signs_in_on_the_other_and_the_session_holds_on_both() {
    let portal = spawn_portal(&[]).await;
    let first = &portal.app;
    let ana = candidate(first, "ana.two@example.com").await;
    // A second server: its own process state and pool, the same database and SECRET_KEY.
    let pool = labminds::db::connect(&portal.settings).await.unwrap();
    let second = Application::build_with_pool(portal.settings.clone(), pool, false)
        .await
        .unwrap();
    let second_port = second.port();
    let second_url = |path: &str| format!("http://127.0.0.1:{second_port}{path}");
    let handle = second.handle();
    tokio::spawn(second.run_until_stopped());

    let client = client();
    assert_eq!(
        request_link(first, &client, "ana.two@example.com")
            .await
            .status(),
        303
    );
    let link = link_in(&mail_to(&portal, "ana.two@example.com", 1).await).unwrap();
    // Confirmed and spent on the second instance.
    let page = html(client.get(second_url(&link)).send().await.unwrap()).await;
    let token = attrs(&page, "input[name=form_token]", "value").remove(0);
    let signed_in = client
        .post(second_url(&link))
        .header("Origin", ORIGIN)
        .form(&[("form_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    // Cookies belong to the host, not the port: the same session reaches both instances.
    for url in [second_url("/my-application"), first.url("/my-application")] {
        let page = html(client.get(&url).send().await.unwrap()).await;
        assert_eq!(
            texts(&page, "table td:first-child"),
            vec![ana.reference.clone()],
            "{url}"
        );
    }
    handle.stop(false).await;
}

#[tokio::test]
async fn with_the_database_away_the_form_answers_503_and_keeps_the_address() {
    let (app, proxy) = spawn_app_behind_proxy(&[("RUN_WORKER", "false")]).await;
    let client = client();
    let form = html(my_application(&app, &client).await).await;
    let token = attrs(&form, "input[name=form_token]", "value").remove(0);
    proxy.cut();
    let response = client
        .post(app.url("/my-application"))
        .header("Origin", ORIGIN)
        .form(&[("email", "ana@example.com"), ("form_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let page = html(response).await;
    assert_eq!(
        texts(&page, "#notice h2"),
        vec!["We could not send your link"]
    );
    assert_eq!(attrs(&page, "#email", "value"), vec!["ana@example.com"]);
    proxy.restore();
}
