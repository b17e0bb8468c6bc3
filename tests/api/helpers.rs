//! `spawn_app()`: the real application on a random port, against a fresh database, over HTTP.

use std::net::SocketAddr;

use labminds::config::Settings;
use labminds::web::server::Application;
use sqlx::PgPool;

use crate::support::database::TestDatabase;
use crate::support::tcp_proxy::TcpProxy;

#[allow(dead_code)] // fields used by some test modules only
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub port: u16,
    /// Follows no redirects (tests assert on 303s) and keeps cookies.
    pub client: reqwest::Client,
    /// A pool on the test's own database, for arrange and assert steps.
    pub pool: PgPool,
    pub mail_dir: std::path::PathBuf,
    pub handle: actix_web::dev::ServerHandle,
    /// Last: dropped after everything that holds connections to it.
    pub db: TestDatabase,
}

/// Settings as the binary would read them, from a map of variables, with test defaults.
pub fn test_settings(
    db: &TestDatabase,
    mail_dir: &std::path::Path,
    overrides: &[(&str, &str)],
) -> Settings {
    let mut vars: std::collections::HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("BIND_ADDR", "127.0.0.1:0"),
        ("PUBLIC_URL", "http://localhost:8080"),
        ("DATABASE_MAX_CONNECTIONS", "5"),
        ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "2"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "5"),
        ("MAIL_DIR", mail_dir.to_str().unwrap()),
        // Required with an https PUBLIC_URL; `("SECRET_KEY", "")` tests the database's stand-in.
        ("SECRET_KEY", "test-secret-key-0123456789abcdef0123456789"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in overrides {
        vars.insert(k.to_string(), v.to_string());
    }
    Settings::from_lookup(|name| vars.get(name).cloned()).expect("test settings are valid")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the app with some variables overridden, e.g. `&[("PUBLIC_URL", "https://example.com")]`.
pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    let db = TestDatabase::create().await;
    let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
    let settings = test_settings(&db, &mail_dir, overrides);
    let pool = labminds::db::connect(&settings)
        .await
        .expect("connect to the test database");
    start(settings, pool, db, mail_dir).await
}

/// Starts the app on a port chosen up front with PUBLIC_URL = its own address, so a real
/// browser's Origin header is the app's own (the forms refuse foreign origins).
pub async fn spawn_app_for_browser(overrides: &[(&str, &str)]) -> TestApp {
    let port = crate::support::binary::free_port();
    let bind = format!("127.0.0.1:{port}");
    let origin = format!("http://127.0.0.1:{port}");
    let mut vars = vec![
        ("BIND_ADDR", bind.as_str()),
        ("PUBLIC_URL", origin.as_str()),
    ];
    vars.extend_from_slice(overrides);
    spawn_app_with(&vars).await
}

/// Starts the app reaching PostgreSQL only through a proxy the test can cut and restore.
pub async fn spawn_app_behind_proxy(overrides: &[(&str, &str)]) -> (TestApp, TcpProxy) {
    spawn_behind(overrides, TcpProxy::database_url).await
}

/// Starts the app reaching PostgreSQL through a proxy, without TLS, so the proxy can count the
/// round trips of what a test does (`TcpProxy::round_trips`).
pub async fn spawn_app_counting_round_trips(overrides: &[(&str, &str)]) -> (TestApp, TcpProxy) {
    spawn_behind(overrides, TcpProxy::plain_database_url).await
}

async fn spawn_behind(
    overrides: &[(&str, &str)],
    url_through: fn(&TcpProxy, &str) -> String,
) -> (TestApp, TcpProxy) {
    let db = TestDatabase::create().await;
    let proxy = TcpProxy::start(database_server_addr()).await;
    let proxied_url = url_through(&proxy, &db.url);
    let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
    let mut vars = vec![("DATABASE_URL", proxied_url.as_str())];
    vars.extend_from_slice(overrides);
    let settings = test_settings(&db, &mail_dir, &vars);
    let pool = labminds::db::connect(&settings)
        .await
        .expect("connect through the proxy");
    (start(settings, pool, db, mail_dir).await, proxy)
}

/// Starts the app with a pool built by the caller (e.g. through a proxy that a test can cut).
pub async fn start(
    settings: Settings,
    app_pool: PgPool,
    db: TestDatabase,
    mail_dir: std::path::PathBuf,
) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        // The log's writer lives as long as the test process.
        static LOG: std::sync::OnceLock<labminds::telemetry::LogGuard> = std::sync::OnceLock::new();
        LOG.get_or_init(|| labminds::telemetry::init(settings.log_format));
    }
    let pool = PgPool::connect(&db.url)
        .await
        .expect("connect to the test database");
    let app = Application::build_with_pool(settings, app_pool, false)
        .await
        .expect("build the application");
    let port = app.port();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: client(),
        pool,
        mail_dir,
        handle,
        db,
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn get_html(&self, path: &str) -> (reqwest::StatusCode, scraper::Html) {
        let response = self.get(path).await;
        let status = response.status();
        (
            status,
            scraper::Html::parse_document(&response.text().await.unwrap()),
        )
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting at once; the database is dropped (with FORCE) right after.
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

/// The address of the PostgreSQL server the tests use, for proxies.
pub fn database_server_addr() -> SocketAddr {
    let raw = std::env::var("LABMINDS_TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap();
    let url = url::Url::parse(&raw).unwrap();
    let host = url.host_str().unwrap_or("127.0.0.1");
    let host = if host == "localhost" {
        "127.0.0.1"
    } else {
        host
    };
    format!("{host}:{}", url.port().unwrap_or(5432))
        .parse()
        .expect("the test database host is an IP address")
}

/// Text of the elements matching a CSS selector.
pub fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Values of an attribute on the elements matching a CSS selector.
pub fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}
