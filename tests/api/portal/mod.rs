//! "My application" (issue 13) over real HTTP, with the e-mail worker delivering to a real SMTP
//! server: links are read from the messages it receives, as a candidate would.

mod browser;
mod browser_details;
mod calendar;
mod consents;
mod details;
mod email_change;
mod instances;
mod isolation;
mod limits;
mod next_step;
mod page;
mod privacy;
mod purge;
mod reminders;
mod requests;
mod sign_in;
mod unknown;

use std::time::{Duration, Instant};

use labminds::config::Settings;
use labminds::email::Mailer;
use reqwest::{Client, Response};
use scraper::Html;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::admin::ORIGIN;
use crate::helpers::{TestApp, attrs, client, spawn_app_with, test_settings};
use crate::support::applications::{Stored, store};
use crate::support::smtp_server::{ReceivedMessage, SmtpServer};

/// The app, a real SMTP server, and the e-mail worker (both lanes) delivering to it.
pub struct Portal {
    pub app: TestApp,
    pub smtp: SmtpServer,
    pub settings: Settings,
    stop: CancellationToken,
    worker: Option<JoinHandle<()>>,
}

pub async fn spawn_portal(overrides: &[(&str, &str)]) -> Portal {
    let smtp = SmtpServer::start().await;
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let mut vars = vec![("SMTP_URL", url.as_str()), ("FORM_MIN_FILL_SECONDS", "0")];
    vars.extend_from_slice(overrides);
    let app = spawn_app_with(&vars).await;
    let settings = test_settings(&app.db, &app.mail_dir, &vars);
    let stop = CancellationToken::new();
    let worker = labminds::worker::spawn(
        app.pool.clone(),
        Mailer::from_settings(&settings.mail).unwrap(),
        settings.clone(),
        stop.clone(),
    );
    Portal {
        app,
        smtp,
        settings,
        stop,
        worker: Some(worker),
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
    }
}

/// The example's editable answers with a new phone, availability and states: a
/// change on My application that saves.
pub const CHANGED_DETAILS: &[(&str, &str)] = &[
    ("phone_country", "PH"),
    ("phone", "0918 765 4321"),
    ("country_of_residence", "PH"),
    ("us_certification", "mls_ascpi"),
    ("us_certification_status", "passed"),
    ("english_test", "ielts_academic"),
    ("target_states", "TX"),
    ("work_authorisation", "needs_sponsorship"),
    ("availability", "now"),
];

/// A candidate who applied from `email` (the example application, stored by the app's code).
pub async fn candidate(app: &TestApp, email: &str) -> Stored {
    // The row borrows its strings for the whole store; a test's few addresses may live forever.
    let email: &'static str = Box::leak(email.to_owned().into_boxed_str());
    let normalised: &'static str = Box::leak(email.to_lowercase().into_boxed_str());
    store(&app.pool, None, |row| {
        row.email = email;
        row.email_normalised = normalised;
    })
    .await
}

pub async fn html(response: Response) -> Html {
    Html::parse_document(&response.text().await.unwrap())
}

/// `GET /my-application` through `client`.
pub async fn my_application(app: &TestApp, client: &Client) -> Response {
    client.get(app.url("/my-application")).send().await.unwrap()
}

/// The signed-in candidate's own download, parsed.
pub async fn my_export(app: &TestApp, client: &Client) -> serde_json::Value {
    let response = client
        .get(app.url("/my-application/export.json"))
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

/// True when the page is the signed-in one (it lists applications), not the request form.
pub async fn is_signed_in(app: &TestApp, client: &Client) -> bool {
    let page = html(my_application(app, client).await).await;
    let signed_in = !attrs(&page, "form[action='/my-application/sign-out']", "action").is_empty();
    let form = !attrs(&page, "input[name=email]", "name").is_empty();
    assert_ne!(signed_in, form, "one page or the other");
    signed_in
}

/// Asks for a link as a browser would: the form's token, our Origin.
pub async fn request_link(app: &TestApp, client: &Client, email: &str) -> Response {
    let form = html(my_application(app, client).await).await;
    let token = attrs(&form, "input[name=form_token]", "value").remove(0);
    client
        .post(app.url("/my-application"))
        .header("Origin", ORIGIN)
        .form(&[("email", email), ("form_token", token.as_str())])
        .send()
        .await
        .unwrap()
}

/// The path of the first sign-in link in a message (`/my-application/link/<64 hex>`).
pub fn link_in(message: &ReceivedMessage) -> Option<String> {
    let text = message.body("text/plain")?;
    let start = text.find("/my-application/link/")?;
    let path: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-'))
        .collect();
    Some(path)
}

/// Waits (at most 5 s: the sign-in mail's promise) for the `nth` message (1-based) to `email`.
pub async fn mail_to(portal: &Portal, email: &str, nth: usize) -> ReceivedMessage {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let to_them: Vec<ReceivedMessage> = portal
            .smtp
            .messages()
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(email)))
            .collect();
        if let Some(message) = to_them.get(nth - 1) {
            return message.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no e-mail {nth} to {email} within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Opens a link's page and presses "Continue" (the form's token, our Origin).
pub async fn continue_with(app: &TestApp, client: &Client, link: &str) -> Response {
    let page = client.get(app.url(link)).send().await.unwrap();
    assert_eq!(page.status(), 200, "the link's page for {link}");
    let page = html(page).await;
    let token = attrs(&page, "input[name=form_token]", "value").remove(0);
    client
        .post(app.url(link))
        .header("Origin", ORIGIN)
        .form(&[("form_token", token.as_str())])
        .send()
        .await
        .unwrap()
}

/// Request -> e-mail -> Continue: a client signed in as the candidate of `email`.
pub async fn signed_in_client(portal: &Portal, email: &str, nth: usize) -> Client {
    let client = client();
    let response = request_link(&portal.app, &client, email).await;
    assert_eq!(response.status(), 303);
    let link = link_in(&mail_to(portal, email, nth).await).expect("a link in the e-mail");
    let response = continue_with(&portal.app, &client, &link).await;
    assert_eq!(response.status(), 303);
    client
}

/// Waits (at most 5 s) until the worker has handled every queued e-mail.
pub async fn wait_until_sent(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let pending: i64 =
            sqlx::query_scalar("select count(*) from outbox_messages where status = 'pending'")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        if pending == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "e-mails still pending after 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A signed-in form post: the session's CSRF token (from `/my-application`), our Origin.
pub async fn post_signed_in(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> Response {
    let page = html(my_application(app, client).await).await;
    let csrf = attrs(&page, "input[name=csrf_token]", "value").remove(0);
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(path))
        .header("Origin", ORIGIN)
        .form(&form)
        .send()
        .await
        .unwrap()
}
