//! The HTTP fuzz run: thousands of hostile requests (see `fuzz_cases`) against every public route
//! and, signed in, every dashboard route from `web::admin::ROUTES`, sent to the real binary. The
//! server must answer none of them with a 5xx, log no panic, and serve normally afterwards.
//!
//! `FUZZ_REQUESTS` (default 40,000, about 15 s) and `FUZZ_SEED` (default fixed) reproduce or extend a run.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use labminds::web::admin::{AdminMethod, ROUTES};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::app::AppProcess;
use crate::cluster::free_port;
use crate::database::TestDatabase;
use crate::fuzz_cases::{Credentials, FILTER_FIELDS, INTAKE_FIELDS, Target, request};

const PASSWORD: &str = "correct horse battery staple";
const CONCURRENCY: usize = 16;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Sends raw bytes and returns the status code of the answer, or None when the server closed the
/// connection without one (allowed for garbage that is not HTTP; counted in the report).
async fn send(port: u16, raw: &[u8]) -> Option<u16> {
    let exchange = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        // The server may answer (413, 431) and close before reading everything: not an error.
        let _ = stream.write_all(raw).await;
        let mut head = Vec::new();
        let mut buffer = [0u8; 4096];
        while head.len() < 16 {
            let n = stream.read(&mut buffer).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buffer[..n]);
        }
        let line = String::from_utf8_lossy(&head);
        line.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(30), exchange)
        .await
        .ok()
        .flatten()
}

/// Every public route, and every dashboard route with real ids filled in.
fn targets(candidate: &str, application: &str, message: &str) -> Vec<Target> {
    let mut public: Vec<String> = labminds::guide::all_guide_paths();
    public.extend(
        [
            "/",
            "/healthz",
            "/readyz",
            "/favicon.ico",
            "/static/style.css",
            "/sitemap.xml",
            "/robots.txt",
            "/advisor",
            "/advisor/plan",
            "/apply",
            "/apply/thanks/LM-ABCDEFGH",
            "/no/such/page",
        ]
        .map(str::to_owned),
    );
    let mut targets: Vec<Target> = public
        .into_iter()
        .map(|path| Target {
            method: "GET",
            fields: if path.starts_with("/advisor") {
                INTAKE_FIELDS
            } else {
                &[]
            },
            path,
            admin: false,
        })
        .collect();
    targets.push(Target {
        method: "POST",
        path: "/apply".into(),
        fields: INTAKE_FIELDS,
        admin: false,
    });
    for route in ROUTES {
        let path = route
            .full_path()
            .replace(
                "/applications/{id}",
                &format!("/applications/{application}"),
            )
            .replace("{id}", candidate)
            .replace("{message_id}", message);
        let method = match route.method {
            AdminMethod::Get => "GET",
            AdminMethod::Post => "POST",
        };
        // Signed out by a valid token here, the session would be gone for the rest of the run.
        if path.ends_with("/logout") {
            continue;
        }
        let fields: &'static [&'static str] = match route.path {
            "/candidates" | "/candidates.csv" => FILTER_FIELDS,
            "/login" => &["email", "password"],
            _ => &["stage", "owner", "body", "confirm"],
        };
        targets.push(Target {
            method,
            path,
            fields,
            admin: true,
        });
    }
    targets
}

/// Signs in as a new recruiter; returns the cookie and the session's CSRF token.
async fn sign_in(app: &AppProcess, pool: &PgPool) -> Credentials {
    let add = labminds::cli::recruiter::RecruiterCommand::Add {
        email: "fuzz@labmindsstaffing.com".to_owned(),
        admin: false,
        name: None,
    };
    labminds::cli::recruiter::run(add, pool, format!("{PASSWORD}\n").as_bytes())
        .await
        .expect("recruiter added");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let origin = app.base_url();
    let login = client
        .post(format!("{origin}/admin/login"))
        .header("Origin", &origin)
        .form(&[
            ("email", "fuzz@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303, "login should succeed");
    let set_cookie = login.headers()["set-cookie"].to_str().unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let page = client
        .get(format!("{origin}/admin"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
    let csrf_token = html
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap();
    Credentials {
        cookie,
        csrf_token: csrf_token.to_owned(),
        origin,
    }
}

/// One real application with a CV, so the dashboard routes have a candidate, a CV and e-mails.
async fn seed_application(app: &AppProcess, pool: &PgPool) -> (String, String, String) {
    let client = reqwest::Client::new();
    let html = client
        .get(format!("{}/apply", app.base_url()))
        .send()
        .await
        .unwrap();
    let html = scraper::Html::parse_document(&html.text().await.unwrap());
    let selector = scraper::Selector::parse("input[name=form_token]").unwrap();
    let token = html
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap();
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in crate::load::answers(token, "fuzz.seed@example.com", 1) {
        form = form.text(name, value);
    }
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(2000, b' ');
    pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
    let part = reqwest::multipart::Part::bytes(pdf).file_name("cv.pdf");
    let saved = client
        .post(format!("{}/apply", app.base_url()))
        .multipart(form.part("cv", part))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success() || saved.status().is_redirection());
    let (candidate, application, message): (uuid::Uuid, uuid::Uuid, uuid::Uuid) = sqlx::query_as(
        "select a.candidate_id, a.id, o.id from applications a join outbox_messages o on o.application_id = a.id limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (
        candidate.to_string(),
        application.to_string(),
        message.to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_thousand_hostile_requests_get_no_5xx_and_no_panic_and_the_server_stays_healthy() {
    let _one_at_a_time = crate::SERIAL.lock().await;
    let total = env_number("FUZZ_REQUESTS", 40_000);
    let seed = env_number("FUZZ_SEED", 0x1abd_5eed);
    let db = TestDatabase::create().await;
    let pool = PgPool::connect(&db.url).await.unwrap();
    let port = free_port();
    let mail_dir = std::env::temp_dir().join(format!("labminds-fuzz-mail-{}", db.name));
    let env = [
        ("DATABASE_URL", db.url.clone()),
        ("PUBLIC_URL", format!("http://127.0.0.1:{port}")),
        ("MAIL_DIR", mail_dir.display().to_string()),
        ("RUN_WORKER", "false".into()),
        ("FORM_MIN_FILL_SECONDS", "0".into()),
        ("SUBMIT_RATE_PER_HOUR", "1000000".into()),
        ("DATABASE_MAX_CONNECTIONS", "20".into()),
        ("LOG_FORMAT", "json".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut app = AppProcess::start(port, env).await;
    let (candidate, application, message) = seed_application(&app, &pool).await;
    let creds = sign_in(&app, &pool).await;
    let targets = Arc::new(targets(&candidate, &application, &message));

    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let statuses = Arc::new(Mutex::new(BTreeMap::<(String, String), u64>::new()));
    let server_errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (next, targets, creds) = (next.clone(), targets.clone(), creds.clone());
        let (statuses, server_errors) = (statuses.clone(), server_errors.clone());
        let host = format!("127.0.0.1:{port}");
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= total {
                    return;
                }
                let (raw, label) = request(seed, i, &targets, &creds, &host);
                let status = send(port, &raw).await;
                let class = status.map_or("no answer".to_owned(), |s| s.to_string());
                let kind = label.split(':').next().unwrap_or_default().to_owned();
                *statuses.lock().unwrap().entry((kind, class)).or_default() += 1;
                if status.is_some_and(|s| s >= 500) {
                    server_errors
                        .lock()
                        .unwrap()
                        .push(format!("#{i} {label} -> {status:?}"));
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = started.elapsed();

    let healthy = reqwest::get(format!("{}/healthz", app.base_url()))
        .await
        .is_ok_and(|r| r.status() == 200);
    let still_serving = reqwest::get(format!("{}/apply", app.base_url()))
        .await
        .is_ok_and(|r| r.status() == 200);
    let panics = app.panics();
    let statuses = statuses.lock().unwrap().clone();
    let server_errors = server_errors.lock().unwrap().clone();
    let mut by_class = BTreeMap::<&str, u64>::new();
    for ((_, class), n) in &statuses {
        *by_class.entry(class.as_str()).or_default() += n;
    }
    println!(
        "HTTP fuzz: {total} requests (seed {seed:#x}, {} routes) in {:.1} s; answers by class: \
         {by_class:?}; 5xx: {}; panics in the log: {}; healthy afterwards: {healthy}",
        targets.len(),
        elapsed.as_secs_f64(),
        server_errors.len(),
        panics.len(),
    );
    for ((kind, class), n) in &statuses {
        println!("  {kind:<24} {class:<9} {n:>6}");
    }
    assert!(server_errors.is_empty(), "5xx answers: {server_errors:#?}");
    assert!(panics.is_empty(), "panics: {panics:#?}");
    assert!(
        healthy && still_serving,
        "the server is not serving after the run (exit status: {:?}); log tail: {}",
        app.exited(),
        app.log_text()
            .lines()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = std::fs::remove_dir_all(mail_dir);
}
