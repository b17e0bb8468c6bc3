//! A real headless Chromium driven over WebDriver (Debian's chromium + chromium-driver, installed
//! by scripts/test), with axe-core injected for accessibility checks.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::binary::free_port;

pub const PHONE: (u32, u32) = (375, 812);
pub const DESKTOP: (u32, u32) = (1280, 900);

pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: std::path::PathBuf,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium with the given viewport.
    pub async fn start((width, height): (u32, u32)) -> Browser {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start {chromedriver} ({e}); run scripts/test, which installs it")
            });
        let profile = std::env::temp_dir().join(format!(
            "labminds-chromium-{}",
            uuid::Uuid::new_v4().simple()
        ));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                // The flags the machine notes recommend: no sandbox as root, no background
                // networking (the machine has no network), a profile of its own per run.
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("could not open a WebDriver session: {e}"),
            }
        };
        let browser = Browser {
            client,
            driver,
            profile,
        };
        browser.resize((width, height)).await;
        browser
    }

    /// Sets the viewport (not the window) to exactly this size.
    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.client.set_window_size(width, height).await.unwrap();
        // The window includes no chrome in headless mode, but make sure of the CSS viewport.
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .unwrap();
        let dx = width as i64 - inner[0].as_i64().unwrap_or(width as i64);
        let dy = height as i64 - inner[1].as_i64().unwrap_or(height as i64);
        if dx != 0 || dy != 0 {
            self.client
                .set_window_size((width as i64 + dx) as u32, (height as i64 + dy) as u32)
                .await
                .unwrap();
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("could not open {url}: {e}"));
    }

    /// Waits until the page and everything it loads (images, frames, their documents) has
    /// finished loading or failing: `document.readyState` is "complete" here and in every frame.
    pub async fn wait_until_loaded(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let script = "return document.readyState === 'complete' && \
            Array.from(document.querySelectorAll('iframe')).every(f => { \
              try { return f.contentDocument === null || f.contentDocument.readyState === 'complete'; } \
              catch (e) { return true; } })";
        loop {
            let loaded = self.client.execute(script, vec![]).await.unwrap();
            if loaded.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the page never finished loading");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn viewport_width(&self) -> i64 {
        self.client
            .execute("return window.innerWidth", vec![])
            .await
            .unwrap()
            .as_i64()
            .unwrap()
    }

    /// True when the page is wider than the viewport (the visitor would have to scroll sideways).
    pub async fn scrolls_horizontally(&self) -> bool {
        self.client
            .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth", vec![])
            .await
            .unwrap()
            .as_bool()
            .unwrap()
    }

    /// Browser console entries at SEVERE level since the last call (CSP violations, script errors,
    /// failed loads all land here).
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(Chromedriver::browser_log())
            .await
            .expect("read the browser log");
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the current page; returns the violations.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe_path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/node_modules/axe-core/axe.min.js"
        );
        let axe = std::fs::read_to_string(axe_path).unwrap_or_else(|_| {
            panic!("{axe_path} is missing; run scripts/test, which installs axe-core")
        });
        self.client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        serde_json::from_value(result).unwrap_or_default()
    }

    /// Renders the page for `media` ("print" or "screen"), as the print dialog would, through
    /// chromedriver's DevTools endpoint (`Emulation.setEmulatedMedia`).
    pub async fn emulate_media(&self, media: &str) {
        self.client
            .issue_cmd(Chromedriver::devtools(
                "Emulation.setEmulatedMedia",
                json!({ "media": media }),
            ))
            .await
            .unwrap_or_else(|e| panic!("emulate {media} media: {e}"));
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // After `close` this is a no-op; after a panic it stops chromedriver (and its Chromium).
        let _ = self.driver.kill();
    }
}

/// A POST to one of chromedriver's own endpoints, outside the W3C standard: `se/log` (the only
/// way to read the console) and `goog/cdp/execute` (a Chrome DevTools Protocol command).
#[derive(Debug)]
struct Chromedriver {
    path: &'static str,
    body: serde_json::Value,
}

impl Chromedriver {
    fn browser_log() -> Self {
        Chromedriver {
            path: "se/log",
            body: json!({ "type": "browser" }),
        }
    }

    fn devtools(cmd: &str, params: serde_json::Value) -> Self {
        Chromedriver {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }),
        }
    }
}

impl WebDriverCompatibleCommand for Chromedriver {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Checks a page as a visitor would see it: no sideways scrolling, nothing in the console, no
/// accessibility violations. Returns the problems found, prefixed with the page and width.
pub async fn check_page(browser: &Browser, url: &str, label: &str) -> Vec<String> {
    browser.goto(url).await;
    check_current(browser, url, label).await
}

/// `check_page` for the page the browser is on (reached by a form post, say), loaded from `url`.
pub async fn check_current(browser: &Browser, url: &str, label: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let width = browser.viewport_width().await;
    if browser.scrolls_horizontally().await {
        problems.push(format!("{label} at {width}px: scrolls horizontally"));
    }
    // The document's own status is the test's business (a 404 page is meant to be a 404); every
    // other console error (a failed sub-resource, a CSP violation, a script error) is a problem.
    let own_status = format!("{url} - Failed to load resource");
    for error in browser
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.starts_with(&own_status))
    {
        problems.push(format!("{label} at {width}px: console error: {error}"));
    }
    for violation in browser.axe_violations().await {
        problems.push(format!("{label} at {width}px: axe: {violation}"));
    }
    problems
}
