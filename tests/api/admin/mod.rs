//! The recruiter dashboard (issue 5) over real HTTP against a real database: the route guard,
//! login and sessions, throttling, CSRF, the candidate list and page, exports, erasure, the CLI.

mod access;
mod browser;
mod candidates;
mod cli;
mod csrf;
mod login;
mod privacy;

use reqwest::Response;
use uuid::Uuid;

use crate::helpers::{TestApp, attrs, spawn_app};

pub const PASSWORD: &str = "correct horse battery staple";
/// The test settings' PUBLIC_URL origin: what a browser on the dashboard sends as Origin.
pub const ORIGIN: &str = "http://localhost:8080";

/// Creates an active recruiter account the way the CLI does; returns its id.
pub async fn add_recruiter(app: &TestApp, email: &str) -> Uuid {
    let command = labminds::cli::recruiter::RecruiterCommand::Add {
        email: email.to_owned(),
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

/// A candidate as the intake would store one, inserted directly (fast, and lets tests choose
/// dates and answers the form would refuse today).
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

pub struct Seeded {
    pub candidate_id: Uuid,
    pub application_id: Uuid,
    pub reference: String,
}

/// A reference in the intake's format, unique per call.
fn new_reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let bytes = Uuid::new_v4().into_bytes();
    let code: String = bytes[..8]
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("LM-{code}")
}

pub async fn seed_candidate(app: &TestApp, seed: &Seed) -> Seeded {
    let candidate_id = Uuid::new_v4();
    sqlx::query(
        "insert into candidates (id, email_normalised, phone_e164, created_at)
         values ($1, lower($2), $3, now() - make_interval(days => $4))",
    )
    .bind(candidate_id)
    .bind(seed.email)
    .bind(seed.phone)
    .bind(seed.age_days)
    .execute(&app.pool)
    .await
    .unwrap();
    add_application(app, candidate_id, seed).await
}

/// Another application of an existing candidate.
pub async fn add_application(app: &TestApp, candidate_id: Uuid, seed: &Seed) -> Seeded {
    let application_id = Uuid::new_v4();
    let reference = new_reference();
    let states: Vec<String> = seed.states.iter().map(|s| s.to_string()).collect();
    sqlx::query(
        "insert into applications (
            id, candidate_id, reference, submission_id, is_returning, given_name, family_name,
            email, email_normalised, phone_raw, phone_e164, country_of_residence, citizenships,
            country_of_education, qualification, graduation_year, experience_years,
            us_certification, us_certification_status, english_test, target_states,
            open_to_any_state, work_authorisation, availability, heard_about,
            privacy_policy_version, privacy_consented_at, consent_ip_hash, keep_data_consent,
            raw_answers, created_at)
         values ($1, $2, $3, $4,
            exists (select 1 from applications where candidate_id = $2),
            $5, $6, $7, lower($7), $8, $8, $9, array[$9], $9, 'bs_mls', 2015, 5.5, $10, 'passed',
            $11, $12, false, $13, 'now', $14, '2026-11', now(), '\\x00', $15, '{}'::jsonb,
            now() - make_interval(days => $16))",
    )
    .bind(application_id)
    .bind(candidate_id)
    .bind(&reference)
    .bind(Uuid::new_v4())
    .bind(seed.given_name)
    .bind(seed.family_name)
    .bind(seed.email)
    .bind(seed.phone)
    .bind(seed.education)
    .bind(seed.certification)
    .bind(seed.english)
    .bind(&states)
    .bind(seed.work_authorisation)
    .bind(seed.heard_about)
    .bind(seed.keep_data)
    .bind(seed.age_days)
    .execute(&app.pool)
    .await
    .unwrap();
    Seeded {
        candidate_id,
        application_id,
        reference,
    }
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
