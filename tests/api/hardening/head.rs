//! Finding 7: HEAD answered 404 on every route, probes included, so monitors that use HEAD marked
//! the site down. Now every GET route of the tables answers HEAD like GET, without a body.

use labminds::web::server::RouteMethod;

use super::{Site, site_with_data};

#[tokio::test]
async fn head_is_answered_like_get_on_every_route_without_a_body() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    let routes = Site::routes(RouteMethod::Get);
    assert!(routes.iter().any(|r| r == "/healthz") && routes.iter().any(|r| r == "/readyz"));
    for pattern in routes {
        let path = site.path(&pattern);
        let get = app.client.get(app.url(&path)).send().await.unwrap();
        let head = app.client.head(app.url(&path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_ne!(head.status(), 404, "HEAD {path}");
        for header in ["content-type", "cache-control", "content-security-policy"] {
            assert_eq!(
                head.headers().get(header),
                get.headers().get(header),
                "HEAD {path}: {header}"
            );
        }
        let get_length = get.bytes().await.unwrap().len();
        let head_length = head.headers().get("content-length").cloned();
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} sent a body"
        );
        if let Some(length) = head_length {
            assert_eq!(
                length.to_str().unwrap(),
                get_length.to_string(),
                "HEAD {path}"
            );
        }
    }
}

#[tokio::test]
async fn head_on_a_post_only_route_or_an_unknown_path_is_answered_as_get_would_be() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    for path in ["/admin/logout", "/apply/thanks", "/no-such-page"] {
        let get = app.client.get(app.url(path)).send().await.unwrap();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert!(head.bytes().await.unwrap().is_empty());
    }
}
