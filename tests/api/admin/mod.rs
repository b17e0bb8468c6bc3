//! The recruiter dashboard (issue 5) over real HTTP against a real database: the route guard,
//! login and sessions, throttling, CSRF, the candidate list and page, exports, erasure, the CLI.

mod access;
mod browser;
mod candidates;
pub mod cards;
mod cli;
mod csrf;
mod login;
mod privacy;
pub mod reports;

use reqwest::Response;
use uuid::Uuid;

use labminds::db::applications::ApplicationRow;

use crate::helpers::{TestApp, attrs, spawn_app};
use crate::support::applications::{self, Stored};

pub const PASSWORD: &str = "correct horse battery staple";
/// The test settings' PUBLIC_URL origin: what a browser on the dashboard sends as Origin.
pub const ORIGIN: &str = "http://localhost:8080";

/// Creates an active recruiter account the way the CLI does; returns its id.
pub async fn add_recruiter(app: &TestApp, email: &str) -> Uuid {
    let command = labminds::cli::recruiter::RecruiterCommand::Add {
        email: email.to_owned(),
        admin: false,
        name: None,
    };
    let stdin = format!("{PASSWORD}\n");
    labminds::cli::recruiter::run(command, &app.pool, stdin.as_bytes())
        .await
        .expect("recruiter added");
    sqlx::query_scalar("select id from recruiters where email = $1")
        .bind(email.to_lowercase())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Posts the login form as a browser on our origin would.
pub async fn log_in_as(app: &TestApp, email: &str, password: &str) -> Response {
    app.client
        .post(app.url("/admin/login"))
        .header("Origin", ORIGIN)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// An app with one recruiter signed in through `app.client`.
pub async fn signed_in_app() -> (TestApp, Uuid) {
    let app = spawn_app().await;
    let id = sign_in(&app).await;
    (app, id)
}

/// An app with an admin signed in through `app.client` (made with `recruiter add --admin`, signed
/// in with the password and the two-factor set-up the first sign-in asks for).
pub async fn signed_in_admin_app() -> (TestApp, Uuid) {
    let app = spawn_app().await;
    let id = sign_in_admin(&app).await;
    (app, id)
}

pub async fn sign_in_admin(app: &TestApp) -> Uuid {
    let command = labminds::cli::recruiter::RecruiterCommand::Add {
        email: "ana@labmindsstaffing.com".to_owned(),
        admin: true,
        name: None,
    };
    let stdin = format!("{PASSWORD}\n");
    labminds::cli::recruiter::run(command, &app.pool, stdin.as_bytes())
        .await
        .expect("admin added");
    let response = log_in_as(app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(response.headers()["location"], "/admin/two-factor");
    crate::team::enrol(app, &app.client).await;
    sqlx::query_scalar("select id from recruiters where email = 'ana@labmindsstaffing.com'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

pub async fn sign_in(app: &TestApp) -> Uuid {
    let id = add_recruiter(app, "ana@labmindsstaffing.com").await;
    let response = log_in_as(app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert_eq!(response.status(), 303, "login should succeed");
    id
}

/// The session's CSRF token, from a dashboard page's forms.
pub async fn csrf_token(app: &TestApp) -> String {
    let (status, html) = app.get_html("/admin").await;
    assert_eq!(status, 200);
    attrs(&html, "input[name=csrf_token]", "value").remove(0)
}

/// A dashboard form post with the session's CSRF token and our Origin.
pub async fn post_admin(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Response {
    let token = csrf_token(app).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(app.url(path))
        .header("Origin", ORIGIN)
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A candidate as the intake would store one, through the application's own functions
/// (`support::applications`), with the answers a test chooses, including dates and values the
/// form would refuse today.
pub struct Seed {
    pub given_name: &'static str,
    pub family_name: Option<&'static str>,
    pub email: &'static str,
    pub phone: &'static str,
    pub education: &'static str,
    pub certification: &'static str,
    pub english: &'static str,
    pub states: &'static [&'static str],
    pub work_authorisation: &'static str,
    pub heard_about: Option<&'static str>,
    pub keep_data: bool,
    /// Days ago the application was made.
    pub age_days: i32,
}

impl Default for Seed {
    fn default() -> Self {
        Seed {
            given_name: "Ana",
            family_name: Some("Reyes"),
            email: "ana.reyes@example.com",
            phone: "+639171234567",
            education: "PH",
            certification: "mls_ascpi",
            english: "ielts_academic",
            states: &["CA"],
            work_authorisation: "needs_sponsorship",
            heard_about: Some("facebook_group"),
            keep_data: false,
            age_days: 0,
        }
    }
}

impl Seed {
    /// Sets the chosen answers on the example application's row.
    fn apply(&self, row: &mut ApplicationRow<'_>) {
        row.given_name = self.given_name;
        row.family_name = self.family_name;
        row.email = self.email;
        row.email_normalised = Box::leak(self.email.to_lowercase().into_boxed_str());
        row.phone_raw = self.phone;
        row.phone_country = None;
        row.phone_e164 = self.phone;
        row.country_of_residence = self.education;
        row.country_of_education = self.education;
        row.citizenships = vec![self.education.to_owned()];
        row.us_certification = self.certification;
        row.english_test = self.english;
        row.target_states = self.states.iter().map(|s| s.to_string()).collect();
        row.open_to_any_state = false;
        row.work_authorisation = self.work_authorisation;
        row.heard_about = self.heard_about;
        row.keep_data_consent = self.keep_data;
        // The answers "as typed" are the seed's, not the example's (erasure tests look for them).
        row.raw_answers = serde_json::json!({
            "given_name": self.given_name,
            "family_name": self.family_name.unwrap_or_default(),
            "email": self.email,
            "phone": self.phone,
            "country_of_education": self.education,
        });
    }
}

pub type Seeded = Stored;

pub async fn seed_candidate(app: &TestApp, seed: &Seed) -> Seeded {
    let stored = applications::store(&app.pool, None, |row| seed.apply(row)).await;
    applications::backdate(&app.pool, &stored, seed.age_days, true).await;
    stored
}

/// Another application of an existing candidate.
pub async fn add_application(app: &TestApp, candidate_id: Uuid, seed: &Seed) -> Seeded {
    let stored = applications::store(&app.pool, Some(candidate_id), |row| seed.apply(row)).await;
    applications::backdate(&app.pool, &stored, seed.age_days, false).await;
    stored
}

/// Rows of `table` whose `column` equals `id`.
pub async fn rows_with(app: &TestApp, table: &str, column: &str, id: Uuid) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "select count(*) from {table} where {column} = $1"
    )))
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

pub async fn html(response: Response) -> scraper::Html {
    scraper::Html::parse_document(&response.text().await.unwrap())
}
