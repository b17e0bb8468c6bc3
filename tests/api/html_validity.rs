//! Every page is valid HTML by the Nu HTML Checker (vnu.jar, the engine of the W3C validator, run
//! locally: scripts/test installs it and a Java runtime). The pages come from the route tables
//! (every GET route of the site, the guide and the dashboard, signed in, with real ids), plus the
//! pages a form post answers with (the intake form with its errors, the trust check's answers)
//! and the error page. They are collected first and checked in one run, because starting the
//! JVM is most of vnu's time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use labminds::web::server::{RouteMethod, all_routes};

use crate::admin::{ORIGIN, sign_in};
use crate::helpers::{TestApp, attrs, spawn_app_with};
use crate::support::applications;

const VNU_JAR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar"
);

/// One rendered page and how it was reached.
struct Page {
    label: String,
    html: String,
}

async fn fetch(app: &TestApp, path: &str) -> Option<Page> {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    assert!(!status.is_server_error(), "GET {path}: {status}");
    let is_html = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return None;
    }
    Some(Page {
        label: format!("GET {path} ({status})"),
        html: response.text().await.unwrap(),
    })
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)], label: &str) -> Page {
    let response = app
        .client
        .post(app.url(path))
        .header("Origin", ORIGIN)
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert!(!status.is_server_error(), "POST {path}: {status}");
    Page {
        label: format!("POST {path} {label} ({status})"),
        html: response.text().await.unwrap(),
    }
}

async fn form_token(app: &TestApp, path: &str) -> String {
    let (_, html) = app.get_html(path).await;
    attrs(&html, "input[name=form_token]", "value").remove(0)
}

/// Every page a visitor or a signed-in recruiter can see, rendered by the real application.
async fn every_page(app: &TestApp) -> Vec<Page> {
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let mut pages = Vec::new();
    // Before signing in: the login page (signed in, it redirects).
    pages.extend(fetch(app, "/admin/login").await);
    sign_in(app).await;
    let candidate = stored.candidate_id.to_string();
    let application = stored.application_id.to_string();
    let mut paths: Vec<String> = all_routes()
        .into_iter()
        .filter(|(method, path)| *method == RouteMethod::Get && path != "/admin/login")
        .map(|(_, path)| {
            path.replace("/candidates/{id}", &format!("/candidates/{candidate}"))
                .replace(
                    "/applications/{id}",
                    &format!("/applications/{application}"),
                )
                .replace("{reference}", &stored.reference)
        })
        .filter(|path| !path.contains('{'))
        .collect();
    // The guide's parameterised routes (`/licensure/{slug}`) by their pages.
    paths.extend(labminds::guide::all_guide_paths());
    paths.sort();
    paths.dedup();
    paths.extend([
        crate::advisor_browser::SAMPLE_PLAN.to_owned(),
        "/advisor/plan?citizenship=ZZ&experience_years=many".to_owned(),
        "/no-such-page".to_owned(),
    ]);
    for path in &paths {
        pages.extend(fetch(app, path).await);
    }
    // The intake form sent back with every error.
    let token = form_token(app, "/apply").await;
    pages.push(post(app, "/apply", &[("form_token", &token)], "with errors").await);
    // The trust check's answers and its error.
    let token = form_token(app, "/trust").await;
    for (contact, label) in [
        ("ana@labmindsstaffing.com", "yes"),
        ("someone@example.com", "no"),
        ("+63 917 123 4567", "phone"),
        ("not an address", "error"),
    ] {
        let fields = [("form_token", token.as_str()), ("contact", contact)];
        pages.push(post(app, "/trust", &fields, label).await);
    }
    pages.extend(my_application_pages(app, &stored).await);
    pages
}

/// "My application" signed in as the stored candidate (with a link asked for as a candidate
/// would, read from its e-mail in the outbox: this app runs no worker), the request form sent
/// back with errors, and the one-click unsubscribe page.
async fn my_application_pages(app: &TestApp, stored: &applications::Stored) -> Vec<Page> {
    let token = form_token(app, "/my-application").await;
    let fields = [("email", "maria.cruz@example.com"), ("form_token", &token)];
    let asked = app
        .client
        .post(app.url("/my-application"))
        .header("Origin", ORIGIN);
    assert_eq!(asked.form(&fields).send().await.unwrap().status(), 303);
    let body: String =
        sqlx::query_scalar("select body_text from outbox_messages where kind = 'portal_link'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let start = body
        .find("/my-application/link/")
        .expect("a link in the e-mail");
    let link = &body[start..start + "/my-application/link/".len() + 64];
    let mut pages: Vec<Page> = fetch(app, link).await.into_iter().collect();
    let token = form_token(app, link).await;
    post(app, link, &[("form_token", &token)], "continue").await;
    for path in [
        "/my-application",
        "/my-application/data",
        "/my-application/request",
        "/my-application/erase",
        "/my-application/documents",
        "/my-application/calendar",
        "/my-application/details",
        "/my-application/email",
    ] {
        pages.extend(fetch(app, path).await);
    }
    let (_, page) = app.get_html("/my-application").await;
    let csrf = attrs(&page, "input[name=csrf_token]", "value").remove(0);
    let fields = [("csrf_token", csrf.as_str()), ("kind", ""), ("message", "")];
    pages.push(post(app, "/my-application/request", &fields, "with errors").await);
    let key = b"test-secret-key-0123456789abcdef0123456789";
    let unsubscribe = labminds::portal::consents::unsubscribe_path(key, stored.candidate_id);
    pages.extend(fetch(app, &unsubscribe).await);
    pages
}

/// Runs vnu once over the files; returns its messages of type "error", each with its page.
fn validate(dir: &Path, pages: &[Page]) -> Vec<String> {
    let files: Vec<PathBuf> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let file = dir.join(format!("{i:03}.html"));
            std::fs::write(&file, &page.html).unwrap();
            file
        })
        .collect();
    assert!(
        Path::new(VNU_JAR).exists(),
        "{VNU_JAR} is missing; run scripts/test, which installs vnu-jar and Java"
    );
    let started = Instant::now();
    let output = Command::new("java")
        // It runs once and briefly: the quick JIT tier and the serial collector halve its time
        // (measured: 3.4 s to 1.3 s for one page); that tier needs more stack than the default.
        .args(["-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .args(["-jar", VNU_JAR])
        .args(["--format", "json"])
        .args(&files)
        .output()
        .expect("java runs (scripts/test installs default-jre-headless)");
    println!(
        "vnu checked {} pages in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    // vnu writes its JSON report to standard error.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|_| {
        panic!(
            "vnu's report is not JSON: {}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let label_of = |url: &str| {
        let index: usize = url
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".html"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        pages.get(index).map_or(url.to_owned(), |p| p.label.clone())
    };
    report["messages"]
        .as_array()
        .expect("vnu lists messages")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{} line {}: {} [{}]",
                label_of(m["url"].as_str().unwrap_or_default()),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"]
                    .as_str()
                    .unwrap_or_default()
                    .trim()
                    .replace('\n', " ")
            )
        })
        .collect()
}

/// A page with the error /apply had: an autofill token its input's type does not allow. It is
/// checked in the same run, to prove the run catches that class of error.
const FAULTY: &str = "known-faulty page";

#[tokio::test]
async fn every_page_is_valid_html_by_the_nu_html_checker() {
    // A form sent back at once is checked (the fill-time rule would only show its notice), and
    // the trust page shows the operator's statements.
    let statements = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/agency-statements.example.toml"
    );
    let app = spawn_app_with(&[
        ("FORM_MIN_FILL_SECONDS", "0"),
        ("AGENCY_STATEMENTS_FILE", statements),
    ])
    .await;
    let mut pages = every_page(&app).await;
    let labels: Vec<&str> = pages.iter().map(|p| p.label.as_str()).collect();
    for expected in [
        "GET /trust (200 OK)",
        "GET /apply (200 OK)",
        "GET /advisor (200 OK)",
        "GET /admin/login (200 OK)",
        "GET /admin (200 OK)",
        "GET /admin/candidates (200 OK)",
        "GET /no-such-page (404 Not Found)",
        "POST /apply with errors (422 Unprocessable Entity)",
        "GET /my-application (200 OK)",
        "GET /my-application/data (200 OK)",
        "POST /my-application/request with errors (422 Unprocessable Entity)",
        "POST /trust yes (200 OK)",
        "POST /trust error (422 Unprocessable Entity)",
    ] {
        assert!(labels.contains(&expected), "{expected} not in {labels:#?}");
    }
    for path in labminds::guide::all_guide_paths() {
        assert!(
            labels.contains(&format!("GET {path} (200 OK)").as_str()),
            "{path}"
        );
    }
    pages.push(Page {
        label: FAULTY.to_owned(),
        html: "<!doctype html><html lang=en><title>t</title>\
            <input type=tel name=phone autocomplete=tel-national>"
            .to_owned(),
    });
    let dir = std::env::temp_dir().join(format!("labminds-vnu-{}", app.db.name));
    std::fs::create_dir_all(&dir).unwrap();
    let messages = validate(&dir, &pages);
    std::fs::remove_dir_all(&dir).ok();
    let (faulty, errors): (Vec<String>, Vec<String>) =
        messages.into_iter().partition(|m| m.starts_with(FAULTY));
    assert_eq!(faulty.len(), 1, "the known fault is caught: {faulty:?}");
    assert!(faulty[0].contains("tel-national"), "{faulty:?}");
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}
