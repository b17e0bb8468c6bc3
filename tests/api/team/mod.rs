//! The team (issue 16) over real HTTP, a real database and a real SMTP server: invitations,
//! two-factor sign-in with codes computed here from the secret the page shows, recovery codes,
//! password resets and changes, sessions, roles over every route, enumeration by answer and by
//! timing, and the invitation-to-first-sign-in journey in headless Chromium.

mod browser;
mod enumeration;
mod invitation;
mod reset;
mod roles;
mod sessions;
mod two_factor;

use std::time::{SystemTime, UNIX_EPOCH};

use labminds::config::Settings;
use labminds::email::Mailer;
use reqwest::Response;
use totp_rs::{Algorithm, Secret, TOTP};
use uuid::Uuid;

use crate::admin::{ORIGIN, PASSWORD};
use crate::helpers::{TestApp, attrs, spawn_app_with, test_settings, texts};
use crate::support::outbox::drain_outbox;
use crate::support::smtp_server::{ReceivedMessage, SmtpServer};

/// The app with a real SMTP server to deliver to, and a way to deliver what is queued.
pub struct TeamApp {
    pub app: TestApp,
    pub settings: Settings,
    pub smtp: SmtpServer,
}

pub async fn spawn_team(overrides: &[(&str, &str)]) -> TeamApp {
    let smtp = SmtpServer::start().await;
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let mut vars = vec![("SMTP_URL", url.as_str()), ("MAIL_RETRY_BASE_MS", "50")];
    vars.extend_from_slice(overrides);
    let app = spawn_app_with(&vars).await;
    let settings = test_settings(&app.db, &app.mail_dir, &vars);
    TeamApp {
        app,
        settings,
        smtp,
    }
}

impl TeamApp {
    /// Delivers everything queued and returns every message the SMTP server has received.
    pub async fn delivered(&self) -> Vec<ReceivedMessage> {
        let mailer = Mailer::from_settings(&self.settings.mail).unwrap();
        drain_outbox(&self.app.pool, &mailer, &self.settings).await;
        self.smtp.messages()
    }

    /// The messages delivered to `to`.
    pub async fn delivered_to(&self, to: &str) -> Vec<ReceivedMessage> {
        self.delivered()
            .await
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == to))
            .collect()
    }
}

/// The link under `prefix` (e.g. "/admin/invitation/") in a message's text part.
pub fn link_in(message: &ReceivedMessage, prefix: &str) -> Option<String> {
    let text = message.body("text/plain").expect("a text part");
    text.split_whitespace()
        .find(|word| word.contains(prefix))
        .map(|url| url.trim_start_matches(ORIGIN).to_owned())
}

/// A session's CSRF token from the form of any page it can open.
pub async fn csrf_on(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let html = page(app, client, path).await.1;
    attrs(&html, "input[name=csrf_token]", "value")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{path} has no form with a CSRF token"))
}

pub async fn page(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (reqwest::StatusCode, scraper::Html) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    (
        status,
        scraper::Html::parse_document(&response.text().await.unwrap()),
    )
}

/// A form post from our origin.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    client
        .post(app.url(path))
        .header("Origin", ORIGIN)
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// A dashboard form post with the CSRF token of the session's page `from`.
pub async fn post_with_csrf(
    app: &TestApp,
    client: &reqwest::Client,
    from: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    let token = csrf_on(app, client, from).await;
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    post_form(app, client, path, &form).await
}

/// The code an authenticator app shows for `secret` (base32, as the enrolment page prints it),
/// `steps` time steps from now (1 = the next code, which the server also accepts).
pub fn code_for(secret: &str, steps: i64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    totp.generate((now + steps * 30) as u64)
}

/// An admin made on the command line (`recruiter add --admin`).
pub async fn add_admin(app: &TestApp, email: &str) -> Uuid {
    let command = labminds::cli::recruiter::RecruiterCommand::Add {
        email: email.to_owned(),
        admin: true,
        name: Some("Maria Santos".to_owned()),
    };
    labminds::cli::recruiter::run(command, &app.pool, format!("{PASSWORD}\n").as_bytes())
        .await
        .expect("admin added");
    sqlx::query_scalar("select id from recruiters where email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// What an enrolment gave: the secret (base32) and the ten recovery codes.
pub struct Enrolled {
    pub secret: String,
    /// The code the enrolment was confirmed with: spent, whichever 30 s window it is now.
    pub code: String,
    pub recovery_codes: Vec<String>,
}

/// On the enrolment page (the session is already there): reads the secret, types the app's code,
/// and returns the secret and the recovery codes the answer shows once.
pub async fn enrol(app: &TestApp, client: &reqwest::Client) -> Enrolled {
    let (status, html) = page(app, client, "/admin/two-factor").await;
    assert_eq!(status, 200);
    assert_eq!(
        crate::helpers::attrs(&html, "svg[role=img]", "viewBox").len(),
        1,
        "the QR code is inline SVG"
    );
    let secret = texts(&html, "#totp-secret").remove(0);
    let code = code_for(&secret, 0);
    let response = post_with_csrf(
        app,
        client,
        "/admin/two-factor",
        "/admin/two-factor",
        &[("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 200, "enrolment confirmed");
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    let recovery_codes = texts(&html, ".recovery-codes code");
    assert_eq!(recovery_codes.len(), 10);
    Enrolled {
        secret,
        code,
        recovery_codes,
    }
}

/// The password step with a fresh client; returns the client and where the answer sends it.
pub async fn password_step(
    app: &TestApp,
    email: &str,
    password: &str,
) -> (reqwest::Client, String) {
    let client = crate::helpers::client();
    let response = post_form(
        app,
        &client,
        "/admin/login",
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(response.status(), 303, "password accepted for {email}");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    (client, location)
}

/// A full admin sign-in (password, then enrolment, as at the first sign-in): the signed-in
/// client, the account id and the enrolment.
pub async fn signed_in_admin(app: &TestApp, email: &str) -> (reqwest::Client, Uuid, Enrolled) {
    let id = add_admin(app, email).await;
    let (client, location) = password_step(app, email, PASSWORD).await;
    assert_eq!(location, "/admin/two-factor");
    let enrolled = enrol(app, &client).await;
    (client, id, enrolled)
}
