//! Issue 18: what an outside attack on the release binary found, each finding kept fixed by a
//! test that fails on the code before the fix. Routes are taken from the server's own tables
//! (`web::server::all_routes`), so a route added later is swept too.

mod apply_limit;
mod body_limit;
mod cv;
mod descriptors;
mod flood;
mod framing;
mod head;
mod lease;
mod memory;
mod nul;
mod secret_key;
mod thanks;
mod throttle;

use std::collections::HashMap;

use labminds::web::server::{RouteMethod, all_routes};
use uuid::Uuid;

use crate::admin::sign_in;
use crate::helpers::{TestApp, spawn_app_with};
use crate::intake::{form_token, post_multipart, small_pdf, thanks_reference, valid_answers};

/// An app with one application (with a CV and its two e-mails, and a document on its checklist)
/// and a recruiter signed in through
/// `app.client`, and a value for every path parameter of every route.
pub struct Site {
    pub app: TestApp,
    values: HashMap<&'static str, String>,
}

pub async fn site_with_data(overrides: &[(&str, &str)]) -> Site {
    let mut vars = vec![("FORM_MIN_FILL_SECONDS", "0")];
    vars.extend_from_slice(overrides);
    let app = spawn_app_with(&vars).await;
    let answers = valid_answers(&form_token(&app).await);
    let reference =
        thanks_reference(&post_multipart(&app, &answers, Some(("cv.pdf", small_pdf()))).await);
    sign_in(&app).await;
    // The reports' CSVs answer with their table once the figures are built.
    crate::admin::reports::rebuilt(&app).await;
    let (candidate, application): (Uuid, Uuid) =
        sqlx::query_as("select candidate_id, id from applications")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let message: Uuid = sqlx::query_scalar("select id from outbox_messages limit 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // A document on the candidate's checklist (issue 14), uploaded on the candidate page.
    let uploaded = crate::documents::recruiter_upload(
        &app,
        candidate,
        &[("type", "passport")],
        Some(("passport.pdf", crate::documents::pdf())),
    )
    .await;
    assert_eq!(uploaded.status(), 303);
    let (document, item): (Uuid, Uuid) =
        sqlx::query_as("select id, item_id from candidate_documents")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    // A live calendar feed of the candidate, whose token is 64 zeros (only its digest is stored).
    sqlx::query(
        "insert into candidate_calendar_feeds (candidate_id, token_hash) values ($1, sha256($2))",
    )
    .bind(candidate)
    .bind("0".repeat(64).into_bytes())
    .execute(&app.pool)
    .await
    .unwrap();
    let values = HashMap::from([
        ("candidate", candidate.to_string()),
        ("application", application.to_string()),
        ("message_id", message.to_string()),
        ("document", document.to_string()),
        ("item", item.to_string()),
        // A link token (invitation, password reset) that was never issued.
        ("token", "0".repeat(64)),
        ("reference", reference),
        ("name", "style.css".to_owned()),
        ("state", "california".to_owned()),
        // A report's CSV (/admin/reports/{file}).
        ("file", "funnel.csv".to_owned()),
        // A sign-in link's token: well-formed, never issued.
        ("token", "0".repeat(64)),
        // The candidate's calendar feed (made above).
        ("feed", format!("{}.ics", "0".repeat(64))),
        // The candidate's one-click unsubscribe token, signed with the test's SECRET_KEY.
        (
            "unsubscribe_token",
            labminds::portal::consents::unsubscribe_path(
                b"test-secret-key-0123456789abcdef0123456789",
                candidate,
            )
            .trim_start_matches("/unsubscribe/")
            .to_owned(),
        ),
    ]);
    Site { app, values }
}

impl Site {
    /// The route's pattern with a real value for each parameter.
    pub fn path(&self, pattern: &str) -> String {
        self.path_with(pattern, |name| self.value(pattern, name))
    }

    /// The pattern with `value(parameter name)` for each parameter.
    pub fn path_with(&self, pattern: &str, value: impl Fn(&str) -> String) -> String {
        pattern
            .split('/')
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => value(name),
                    None => segment.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    }

    fn value(&self, pattern: &str, name: &str) -> String {
        let key = match name {
            "id" if pattern.starts_with("/admin/applications/") => "application",
            "id" if pattern.starts_with("/admin/documents/") => "document",
            "id" if pattern.starts_with("/my-application/documents/") => "document",
            "id" => "candidate",
            other => other,
        };
        self.values
            .get(key)
            .unwrap_or_else(|| panic!("no sample value for {{{name}}} in {pattern}"))
            .clone()
    }

    /// Every route of one method, as its pattern.
    pub fn routes(method: RouteMethod) -> Vec<String> {
        all_routes()
            .into_iter()
            .filter(|(m, _)| *m == method)
            .map(|(_, pattern)| pattern)
            .collect()
    }
}

/// The name/value pairs a browser would send from the first form of a page: text-like inputs,
/// checked boxes, selected options and textareas.
pub fn form_values(html: &scraper::Html) -> Vec<(String, String)> {
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let mut values = Vec::new();
    for input in html.select(&select("form input[name]")) {
        let element = input.value();
        let name = element.attr("name").unwrap_or_default().to_owned();
        let kind = element.attr("type").unwrap_or("text");
        let checkable = matches!(kind, "checkbox" | "radio");
        if kind == "file" || (checkable && element.attr("checked").is_none()) {
            continue;
        }
        values.push((name, element.attr("value").unwrap_or_default().to_owned()));
    }
    for option in html.select(&select("form select[name] option[selected]")) {
        let select_element = option
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "select");
        if let Some(select_element) = select_element {
            let name = select_element.value().attr("name").unwrap_or_default();
            let value = option.value().attr("value").unwrap_or_default();
            values.push((name.to_owned(), value.to_owned()));
        }
    }
    for area in html.select(&select("form textarea[name]")) {
        let name = area.value().attr("name").unwrap_or_default().to_owned();
        values.push((name, area.text().collect()));
    }
    values
}

/// Every parameter name any form of the site sends: the inputs of every page's forms, seen signed
/// in and signed out.
pub async fn every_form_field(site: &Site) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let signed_out = crate::helpers::client();
    for (pattern, client) in Site::routes(RouteMethod::Get)
        .into_iter()
        .flat_map(|p| [(p.clone(), &site.app.client), (p, &signed_out)])
    {
        let url = site.app.url(&site.path(&pattern));
        let response = client.get(url).send().await.unwrap();
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/html"));
        if !is_html {
            continue;
        }
        let html = scraper::Html::parse_document(&response.text().await.unwrap());
        let fields = scraper::Selector::parse("form [name]").unwrap();
        for element in html.select(&fields) {
            names.insert(element.value().attr("name").unwrap_or_default().to_owned());
        }
    }
    names.into_iter().filter(|n| !n.is_empty()).collect()
}
