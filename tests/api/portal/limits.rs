//! Link requests are limited per address and per client, counted in PostgreSQL; the 429 page is
//! friendly, keeps the address and says when to try again (`Retry-After`, the hour's end).

use super::*;
use crate::helpers::texts;

async fn assert_limited(response: Response, email: &str) {
    assert_eq!(response.status(), 429);
    let wait: u32 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let page = html(response).await;
    assert_eq!(texts(&page, "#notice h2"), vec!["Too many requests"]);
    assert_eq!(attrs(&page, "#email", "value"), vec![email]);
}

#[tokio::test]
async fn one_address_gets_five_requests_an_hour_from_anywhere() {
    let portal = spawn_portal(&[("TRUST_PROXY_HEADERS", "true")]).await;
    let app = &portal.app;
    candidate(app, "ana.limit@example.com").await;
    for n in 0..5 {
        // A different client each time: the address's own limit holds across clients.
        let client = client();
        let form = html(my_application(app, &client).await).await;
        let token = attrs(&form, "input[name=form_token]", "value").remove(0);
        let response = client
            .post(app.url("/my-application"))
            .header("Origin", ORIGIN)
            .header("X-Forwarded-For", format!("203.0.113.{n}"))
            .form(&[("email", "ana.limit@example.com"), ("form_token", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "request {n}");
    }
    let sixth = request_link(app, &client(), "ana.limit@example.com").await;
    assert_limited(sixth, "ana.limit@example.com").await;
    // Another address from the same client is still served.
    assert_eq!(
        request_link(app, &client(), "bo.limit@example.com")
            .await
            .status(),
        303
    );
    // Counted in the shared table, under keyed digests only.
    let buckets: Vec<String> =
        sqlx::query_scalar("select distinct bucket from rate_limit_hits order by 1")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(buckets, ["portal_link_address", "portal_link_client"]);
}

#[tokio::test]
async fn one_client_gets_twenty_requests_an_hour_over_all_addresses() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let client = client();
    for n in 0..20 {
        let email = format!("person{n}@example.com");
        assert_eq!(request_link(app, &client, &email).await.status(), 303);
    }
    assert_limited(
        request_link(app, &client, "person20@example.com").await,
        "person20@example.com",
    )
    .await;
}
