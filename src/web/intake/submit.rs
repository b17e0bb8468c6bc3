//! `POST /apply`: the abuse checks, the parse, and the one transaction that saves an application
//! with its CV and its two outbox e-mails. Nothing is acknowledged before COMMIT.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::emails::{CandidateAckEmail, RenderedEmail, SupportAlertEmail};
use super::token::{FormToken, TokenAge};
use super::{IntakeFormPage, Notice, current_year, thanks_path, unix_now};
use crate::db::intake::{self as db, ApplicationRow, FileRow, OutboxRow};
use crate::domain::{ApplicationReference, CvUpload, FormErrors, IntakeForm, NewApplication};
use crate::error::{AppError, ErrorChain, error_page};
use crate::guide::PRIVACY_POLICY_VERSION;
use crate::web::AppState;
use crate::web::origin::SentOrigin;

/// Why an application was not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("this submission was saved before")]
    Duplicate(String),
    #[error("too many submissions from this client this hour")]
    RateLimited,
    #[error("the random reference is taken")]
    ReferenceTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

pub async fn submit_intake(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    // A foreign origin is refused; a missing one leaves the decision to the signed token.
    if state.sent_origin(request.headers()) == SentOrigin::Foreign {
        return Ok(error_page(StatusCode::FORBIDDEN));
    }
    let posted = match super::body::read(&request, payload).await {
        Ok(posted) => posted,
        Err(error) => return Ok(error.response()),
    };
    let (form, cv) = (posted.form, posted.cv);
    if !form.website.trim().is_empty() {
        // A bot filled the honeypot: it sees what a person would, and nothing is stored.
        return Ok(see_other(&thanks_path(
            ApplicationReference::generate().as_str(),
        )));
    }
    let cv_chosen = !matches!(cv, CvUpload::None);
    let token = match judge_token(&state, &form.form_token, unix_now()) {
        Ok(token) => token,
        Err((notice, fresh)) => return again(&state, form, fresh, notice, cv_chosen),
    };
    let application = match NewApplication::parse(&form, cv, current_year()) {
        Ok(application) => application,
        Err(errors) => return rejected(&state, form, &token, errors, cv_chosen),
    };
    let key = state.settings.secret_key.expose_secret().as_bytes();
    let ip_hash = keyed_hash(key, &state.client_ip(&request));
    match save(&state, &form, &application, token.submission_id, &ip_hash).await {
        Ok(reference) | Err(SaveError::Duplicate(reference)) => {
            Ok(see_other(&thanks_path(&reference)))
        }
        Err(SaveError::RateLimited) => Err(AppError::RateLimited),
        Err(SaveError::Database(e)) if crate::db::is_unavailable(&e) => {
            tracing::warn!(error = ?ErrorChain(&e), "database unavailable, application not saved");
            let mut page = IntakeFormPage::new(&state, form, &token)?;
            page.notice = Some(Notice::Unavailable);
            page.cv_was_chosen = cv_chosen;
            page.respond(StatusCode::SERVICE_UNAVAILABLE)
        }
        Err(SaveError::Database(e)) => Err(AppError::from(e)),
        Err(other) => Err(AppError::Unexpected(anyhow::Error::new(other))),
    }
}

/// A valid token that is old enough and not too old; otherwise the banner to show and a fresh
/// token (same submission id when the old one was genuine, so a re-post stays idempotent).
fn judge_token(state: &AppState, raw: &str, now: i64) -> Result<FormToken, (Notice, FormToken)> {
    let key = state.settings.secret_key.expose_secret().as_bytes();
    let token =
        FormToken::verify(raw, key).map_err(|_| (Notice::Expired, FormToken::issue(now)))?;
    let fresh = FormToken::new(token.submission_id, now);
    match token.age(now, state.settings.intake.min_fill_seconds) {
        TokenAge::Fine => Ok(token),
        TokenAge::TooFast => Err((Notice::TooFast, fresh)),
        TokenAge::Expired => Err((Notice::Expired, fresh)),
    }
}

/// The form again, answers kept, with a banner and a fresh token (status 422).
fn again(
    state: &AppState,
    form: IntakeForm,
    token: FormToken,
    notice: Notice,
    cv_chosen: bool,
) -> Result<HttpResponse, AppError> {
    let mut page = IntakeFormPage::new(state, form, &token)?;
    page.notice = Some(notice);
    page.cv_was_chosen = cv_chosen;
    page.respond(StatusCode::UNPROCESSABLE_ENTITY)
}

/// The form again with a message beside each answer to fix (status 422, same token).
fn rejected(
    state: &AppState,
    form: IntakeForm,
    token: &FormToken,
    errors: FormErrors,
    cv_chosen: bool,
) -> Result<HttpResponse, AppError> {
    let mut page = IntakeFormPage::new(state, form, token)?;
    page.errors = errors;
    page.cv_was_chosen = cv_chosen;
    page.respond(StatusCode::UNPROCESSABLE_ENTITY)
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .finish()
}

/// HMAC-SHA256 of the IP under the secret key: stable for rate limits, useless without the key.
fn keyed_hash(key: &[u8], ip: &str) -> Vec<u8> {
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(b"client-ip:");
            mac.update(ip.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        // Unreachable (HMAC takes any key length); a plain hash is still not the IP.
        Err(_) => Sha256::digest(ip.as_bytes()).to_vec(),
    }
}

/// Saves once: a known submission id answers with its first reference, a taken random reference
/// is retried with a new one.
async fn save(
    state: &AppState,
    form: &IntakeForm,
    application: &NewApplication,
    submission_id: Uuid,
    ip_hash: &[u8],
) -> Result<String, SaveError> {
    let mut conn = state.pool.acquire().await?;
    if let Some(reference) = db::find_reference_by_submission(&mut conn, submission_id).await? {
        return Err(SaveError::Duplicate(reference));
    }
    drop(conn);
    for _ in 0..3 {
        let reference = ApplicationReference::generate();
        match save_once(state, form, application, submission_id, ip_hash, &reference).await {
            Ok(()) => return Ok(reference.as_str().to_owned()),
            Err(SaveError::ReferenceTaken) => continue,
            Err(SaveError::Database(e)) if db::violates(&e, db::SUBMISSION_ID_KEY) => {
                // The same form, posted twice at once: the other request saved it first.
                let mut conn = state.pool.acquire().await?;
                let existing = db::find_reference_by_submission(&mut conn, submission_id).await?;
                return Err(existing.map_or(SaveError::Database(e), SaveError::Duplicate));
            }
            Err(other) => return Err(other),
        }
    }
    Err(SaveError::ReferenceTaken)
}

async fn save_once(
    state: &AppState,
    form: &IntakeForm,
    a: &NewApplication,
    submission_id: Uuid,
    ip_hash: &[u8],
    reference: &ApplicationReference,
) -> Result<(), SaveError> {
    let mut tx = state.pool.begin().await?;
    let count = db::count_submission(&mut tx, ip_hash).await?;
    if i64::from(count) > i64::from(state.settings.intake.submit_rate_per_hour) {
        return Err(SaveError::RateLimited);
    }
    let earlier =
        db::find_earlier_application(&mut tx, a.email.normalised(), a.phone.e164()).await?;
    let candidate_id = match &earlier {
        Some(earlier) => earlier.candidate_id,
        None => {
            let id = Uuid::new_v4();
            db::insert_candidate(&mut tx, id, a.email.normalised(), a.phone.e164()).await?;
            id
        }
    };
    let application_id = Uuid::new_v4();
    let earlier_reference = earlier.as_ref().map(|e| e.reference.as_str());
    let row = application_row(
        form,
        a,
        application_id,
        candidate_id,
        reference,
        submission_id,
    );
    let row = ApplicationRow {
        is_returning: earlier.is_some(),
        earlier_reference,
        consent_ip_hash: ip_hash,
        ..row
    };
    if !db::insert_application(&mut tx, &row).await? {
        return Err(SaveError::ReferenceTaken);
    }
    if let Some(cv) = &a.cv {
        let sha256 = Sha256::digest(cv.bytes());
        let file = FileRow {
            application_id,
            kind: cv.kind().as_str(),
            content_type: cv.kind().content_type(),
            file_name: cv.file_name(),
            sha256: &sha256,
            content: cv.bytes(),
        };
        db::insert_file(&mut tx, &file).await?;
    }
    let settings = &state.settings;
    let admin_url = format!("{}/admin/candidates/{candidate_id}", state.origin);
    let alert = SupportAlertEmail::new(a, reference, earlier_reference, admin_url).render();
    let ack = CandidateAckEmail {
        given_name: a.given_name.as_str(),
        reference: reference.as_str(),
        site: &state.origin,
        support_inbox: settings.mail.support_inbox.to_string(),
    }
    .render();
    let (alert, ack) = (alert.map_err(render_error)?, ack.map_err(render_error)?);
    let support_inbox = settings.mail.support_inbox.to_string();
    let host = settings
        .public_url
        .host_str()
        .unwrap_or("labmindsstaffing.com");
    let messages = [
        (
            "support_alert",
            support_inbox.as_str(),
            Some(a.email.as_str()),
            &alert,
        ),
        (
            "candidate_ack",
            a.email.as_str(),
            Some(support_inbox.as_str()),
            &ack,
        ),
    ];
    for (kind, recipient, reply_to, email) in messages {
        insert_email(
            &mut tx,
            application_id,
            kind,
            recipient,
            reply_to,
            email,
            host,
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(application.id = %application_id, application.reference = %reference, "application saved");
    Ok(())
}

fn render_error(error: askama::Error) -> SaveError {
    SaveError::Unexpected(anyhow::Error::new(error).context("rendering an intake e-mail failed"))
}

async fn insert_email(
    conn: &mut sqlx::PgConnection,
    application_id: Uuid,
    kind: &str,
    recipient: &str,
    reply_to: Option<&str>,
    email: &RenderedEmail,
    host: &str,
) -> Result<(), sqlx::Error> {
    let id = Uuid::new_v4();
    let message_id = format!("<{id}@{host}>");
    let row = OutboxRow {
        id,
        application_id,
        kind,
        recipient,
        reply_to,
        subject: &email.subject,
        body_text: &email.body_text,
        body_html: &email.body_html,
        message_id: &message_id,
    };
    db::insert_outbox_message(conn, &row).await
}

/// The columns of the application from the parsed answers (raw values kept beside them).
fn application_row<'a>(
    form: &'a IntakeForm,
    a: &'a NewApplication,
    id: Uuid,
    candidate_id: Uuid,
    reference: &'a ApplicationReference,
    submission_id: Uuid,
) -> ApplicationRow<'a> {
    let some = |s: &'a str| Some(s).filter(|s| !s.is_empty());
    ApplicationRow {
        id,
        candidate_id,
        reference: reference.as_str(),
        submission_id,
        is_returning: false,
        earlier_reference: None,
        given_name: a.given_name.as_str(),
        family_name: a.family_name.as_ref().map(|n| n.as_str()),
        email: a.email.as_str(),
        email_normalised: a.email.normalised(),
        phone_raw: form.phone.trim(),
        phone_country: some(form.phone_country.trim()),
        phone_e164: a.phone.e164(),
        country_of_residence: a.country_of_residence.code,
        citizenships: a.citizenships.iter().map(|c| c.code.to_owned()).collect(),
        country_of_education: a.country_of_education.code,
        qualification: a.qualification.as_str(),
        graduation_year: a.graduation_year.value(),
        experience_years: a.experience.years(),
        us_certification: a.us_certification.as_str(),
        us_certification_status: a.certification_status.as_str(),
        english_test: a.english_test.as_str(),
        target_states: a.target_states.iter().map(|s| s.code.to_owned()).collect(),
        open_to_any_state: a.open_to_any_state,
        work_authorisation: a.work_authorisation.as_str(),
        availability: a.availability.as_str(),
        message: a.message.as_ref().map(|m| m.as_str()),
        heard_about: a.heard_about.map(|h| h.as_str()),
        heard_about_detail: a.heard_about_detail.as_ref().map(|d| d.as_str()),
        utm: [
            some(&a.utm.source),
            some(&a.utm.medium),
            some(&a.utm.campaign),
            some(&a.utm.term),
            some(&a.utm.content),
            some(&a.utm.referral),
        ],
        privacy_policy_version: PRIVACY_POLICY_VERSION,
        consent_ip_hash: &[],
        keep_data_consent: a.keep_data,
        raw_answers: form.snapshot(),
    }
}
