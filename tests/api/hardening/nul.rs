//! Finding 6: a NUL byte in the login e-mail, the dashboard search or the CSV export gave a 500
//! and an ERROR line ("invalid byte sequence for encoding UTF8: 0x00"). Now the one rule refuses
//! it with a 400 before any handler runs: swept over every route of the tables, with every
//! parameter any form of the site sends, in the query, the form body and the path.

use labminds::web::server::RouteMethod;

use super::{Site, every_form_field, site_with_data};
use crate::admin::{ORIGIN, csrf_token};
use crate::helpers::texts;

const NUL: &str = "a\0b";

async fn assert_refused(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), 400, "{what}");
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        texts(&html, "h1"),
        vec!["We cannot accept a character you sent"],
        "{what}"
    );
}

#[tokio::test]
async fn a_nul_byte_in_any_parameter_of_any_route_is_refused_with_400() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    let fields = every_form_field(&site).await;
    for expected in [
        "email",
        "password",
        "q",
        "given_name",
        "country_of_education",
        "body",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "no form sends {expected}: {fields:?}"
        );
    }
    let csrf = csrf_token(app).await;
    for pattern in Site::routes(RouteMethod::Get) {
        let path = site.path(&pattern);
        for field in &fields {
            let response = app
                .client
                .get(app.url(&path))
                .query(&[(field.as_str(), NUL)])
                .send()
                .await
                .unwrap();
            assert_refused(response, &format!("GET {path}?{field}=NUL")).await;
        }
    }
    for pattern in Site::routes(RouteMethod::Post) {
        let path = site.path(&pattern);
        for field in &fields {
            let form = [("csrf_token", csrf.as_str()), (field.as_str(), NUL)];
            let response = app
                .client
                .post(app.url(&path))
                .header("Origin", ORIGIN)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_refused(response, &format!("POST {path} {field}=NUL")).await;
        }
    }
    // Path parameters too.
    for (method, pattern) in labminds::web::server::all_routes() {
        if !pattern.contains('{') {
            continue;
        }
        let path = site.path_with(&pattern, |_| "a%00b".to_owned());
        let request = match method {
            RouteMethod::Get => app.client.get(app.url(&path)),
            RouteMethod::Post => app
                .client
                .post(app.url(&path))
                .header("Origin", ORIGIN)
                .form(&[("csrf_token", csrf.as_str())]),
        };
        assert_refused(request.send().await.unwrap(), &path).await;
    }
}

#[tokio::test]
async fn a_nul_byte_in_a_text_part_of_the_multipart_form_is_refused_and_nothing_is_stored() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    let before = crate::intake::count(app, "applications").await;
    let token = crate::intake::form_token(app).await;
    for field in labminds::domain::IntakeForm::FIELD_NAMES {
        let answers = crate::intake::with(crate::intake::valid_answers(&token), field, NUL);
        let response = crate::intake::post_multipart(app, &answers, None).await;
        assert_refused(response, &format!("multipart {field}=NUL")).await;
    }
    assert_eq!(crate::intake::count(app, "applications").await, before);
}
