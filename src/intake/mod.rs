//! The intake use case: a candidate's parsed application in; out, in one transaction, the
//! candidate (new, or matched as returning by e-mail or phone), the application with its raw
//! answers, the CV, the acknowledgement's sign-in link to "My application", and the two e-mails
//! queued in the outbox for the worker to deliver. Nothing is
//! acknowledged before COMMIT, and nothing external happens inside it.
//!
//! The web layer (`web::intake`) reads the body, checks its origin and signed token (`token`),
//! parses the answers (`domain::NewApplication`), calls `submit` and answers.

pub mod emails;
pub mod token;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::{Connection, PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::config::Settings;
use crate::crypto;
use crate::db::applications::{self, ApplicationRow, FileRow};
use crate::db::candidate_links::{self, LinkPurpose};
use crate::db::duplicates::{self, Likeness};
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::{candidates, throttles, violates};
use crate::domain::window::{FixedWindow, RetryAfter};
use crate::domain::{ApplicationReference, IntakeForm, NewApplication};
use crate::guide::PRIVACY_POLICY_VERSION;
use emails::{CandidateAckEmail, SupportAlertEmail};

/// The window of `SUBMIT_RATE_PER_HOUR`: the clock hour (`db::throttles::count_submission` counts
/// under `date_trunc('hour', now())`, the same epoch-aligned hour in UTC).
pub(crate) const SUBMISSION_WINDOW: FixedWindow = FixedWindow::of_seconds(3600);

/// One posted application, parsed, with what the transaction needs besides the answers.
pub(crate) struct Submission<'a> {
    /// The answers as typed, stored beside the parsed ones.
    pub(crate) form: &'a IntakeForm,
    pub(crate) application: &'a NewApplication,
    /// From the signed form token: a re-post of the same rendered form finds the first one.
    pub(crate) submission_id: Uuid,
    /// For the per-client limit and the consent record; only a keyed hash of it is stored.
    pub(crate) client_ip: &'a str,
}

/// Why an application was not saved.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SubmitError {
    #[error("too many submissions from this client this hour")]
    RateLimited(RetryAfter),
    #[error("the database is unavailable; nothing was saved")]
    Unavailable(#[source] sqlx::Error),
    #[error("the application could not be saved")]
    Unexpected(#[source] anyhow::Error),
}

impl From<sqlx::Error> for SubmitError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            SubmitError::Unavailable(error)
        } else {
            SubmitError::Unexpected(anyhow::Error::new(error))
        }
    }
}

/// Why one attempt at the transaction did not commit.
enum Attempt {
    /// The random reference is taken: try again with another.
    ReferenceTaken,
    RateLimited(RetryAfter),
    Database(sqlx::Error),
    Unexpected(anyhow::Error),
}

impl From<sqlx::Error> for Attempt {
    fn from(error: sqlx::Error) -> Self {
        Attempt::Database(error)
    }
}

impl From<Attempt> for SubmitError {
    fn from(attempt: Attempt) -> Self {
        match attempt {
            Attempt::RateLimited(wait) => SubmitError::RateLimited(wait),
            Attempt::Database(error) => error.into(),
            Attempt::Unexpected(error) => SubmitError::Unexpected(error),
            Attempt::ReferenceTaken => SubmitError::Unexpected(anyhow::anyhow!(
                "three random references in a row were taken"
            )),
        }
    }
}

/// Saves the application once and returns its reference. A submission id seen before answers
/// with the first application's reference (a double click, a reload, the back button), so the
/// person sees the same confirmation and nothing is stored twice.
pub(crate) async fn submit(
    pool: &PgPool,
    settings: &Settings,
    submission: &Submission<'_>,
) -> Result<String, SubmitError> {
    let id = submission.submission_id;
    // One connection for the whole submission: sqlx pings a connection as it leaves the pool,
    // so every `acquire` or `begin` on the pool is a round trip of its own (issue 17).
    let mut conn = pool.acquire().await?;
    if let Some(reference) = applications::find_reference_by_submission(&mut conn, id).await? {
        return Ok(reference);
    }
    let mut last = Attempt::ReferenceTaken;
    for _ in 0..3 {
        let reference = ApplicationReference::generate();
        match save_once(&mut conn, settings, submission, &reference).await {
            Ok(candidate_id) => {
                derive_checklist(&mut conn, candidate_id).await;
                return Ok(reference.as_str().to_owned());
            }
            Err(Attempt::ReferenceTaken) => last = Attempt::ReferenceTaken,
            Err(Attempt::Database(e)) if violates(&e, applications::SUBMISSION_ID_KEY) => {
                // The same form, posted twice at once: the other request saved it first.
                let first = applications::find_reference_by_submission(&mut conn, id).await?;
                return first.ok_or_else(|| e.into());
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(last.into())
}

/// The document checklist for the new answers (issue 14), so the dashboard and the reminders see
/// it before anyone opens the case. The application is saved either way: the checklist is
/// derived again whenever a page shows it.
async fn derive_checklist(conn: &mut PgConnection, candidate_id: Uuid) {
    if let Err(error) = crate::documents::checklist::sync_on(conn, candidate_id).await {
        tracing::warn!(error = ?crate::telemetry::ErrorChain(&error), "the document checklist was not derived");
    }
}

/// Saves the application in one transaction and returns its candidate.
async fn save_once(
    conn: &mut PgConnection,
    settings: &Settings,
    submission: &Submission<'_>,
    reference: &ApplicationReference,
) -> Result<Uuid, Attempt> {
    let a = submission.application;
    let key = settings.secret_key.expose_secret().as_bytes();
    let ip_hash = crypto::keyed_digest(key, "client-ip", submission.client_ip.as_bytes());
    let mut tx = conn.begin().await?;
    let count = throttles::count_submission(&mut tx, &ip_hash).await?;
    if i64::from(count) > i64::from(settings.intake.submit_rate_per_hour) {
        return Err(Attempt::RateLimited(
            SUBMISSION_WINDOW.retry_after(OffsetDateTime::now_utc()),
        ));
    }
    let earlier =
        candidates::find_by_contact(&mut tx, a.email.normalised(), a.phone.e164()).await?;
    let candidate_id = match &earlier {
        Some(earlier) => earlier.candidate_id,
        None => {
            let id = Uuid::new_v4();
            candidates::insert(
                &mut tx,
                id,
                a.email.as_str(),
                a.email.normalised(),
                a.phone.e164(),
            )
            .await?;
            id
        }
    };
    let application_id = Uuid::new_v4();
    let earlier_reference = earlier.as_ref().map(|e| e.reference.as_str());
    let row = ApplicationRow {
        is_returning: earlier.is_some(),
        earlier_reference,
        consent_ip_hash: &ip_hash,
        ..application_row(
            submission.form,
            a,
            application_id,
            candidate_id,
            reference,
            submission.submission_id,
        )
    };
    if !applications::insert(&mut tx, &row).await? {
        return Err(Attempt::ReferenceTaken);
    }
    if let Some(cv) = &a.cv {
        let sha256 = crypto::digest(cv.bytes());
        let file_name = cv.stored_name(reference);
        let file = FileRow {
            application_id,
            kind: cv.kind().as_str(),
            content_type: cv.kind().content_type(),
            file_name: &file_name,
            sha256: &sha256,
            content: cv.bytes(),
        };
        applications::insert_file(&mut tx, &file).await?;
    }
    // The acknowledgement carries a sign-in link of its own to "My application" (72 hours, once),
    // but only to the person's current address. An application matched by phone, or sent from an
    // address the person changed away from, joins their case without a link: whoever typed it
    // (perhaps not the person) must not be signed in to the case, so they ask for a link, which
    // goes to the current address.
    let signs_in = earlier.as_ref().is_none_or(|e| e.address_is_current);
    let link_token = if signs_in {
        let token = crypto::random_token()
            .context("no random bytes for a link token")
            .map_err(Attempt::Unexpected)?;
        candidate_links::insert(
            &mut tx,
            &crypto::token_digest(&token),
            candidate_id,
            LinkPurpose::Acknowledgement,
            crate::portal::ACKNOWLEDGEMENT_LINK_LIFETIME,
        )
        .await?;
        Some(token)
    } else {
        None
    };
    let origin = settings.public_origin();
    let portal_link = link_token
        .as_ref()
        .map(|token| format!("{origin}{}", crate::portal::link_path(token)));
    let support_inbox = settings.mail.support_inbox.to_string();
    // The dashboard's candidate page (`web::admin`'s `/candidates/{id}` route).
    let admin_url = format!("{origin}/admin/candidates/{candidate_id}");
    let likeness = Likeness {
        candidate_id,
        given_name: a.given_name.as_str(),
        family_name: a.family_name.as_ref().map(|n| n.as_str()),
        graduation_year: row.graduation_year,
        country_of_education: a.country_of_education.code,
    };
    let duplicate_of = duplicates::possible_duplicate(&mut tx, &likeness).await?;
    let alert = SupportAlertEmail::new(
        a,
        reference,
        earlier_reference,
        duplicate_of.as_deref(),
        admin_url,
    )
    .render(&support_inbox)
    .context("rendering the support alert failed")
    .map_err(Attempt::Unexpected)?;
    let ack = CandidateAckEmail {
        candidate_email: a.email.as_str(),
        given_name: a.given_name.as_str(),
        reference: reference.as_str(),
        site: &origin,
        portal_link: portal_link.as_deref(),
        support_inbox: &support_inbox,
    }
    .render()
    .context("rendering the candidate's acknowledgement failed")
    .map_err(Attempt::Unexpected)?;
    let domain = settings.message_domain();
    let about = About::Application {
        application_id,
        candidate_id,
    };
    // The acknowledgement's link token leaves the stored copy once the e-mail is sent.
    for (kind, email, secret) in [
        (MessageKind::SupportAlert, &alert, None),
        (MessageKind::CandidateAck, &ack, link_token.as_deref()),
    ] {
        let queued = Queued {
            secret,
            ..Queued::new(kind, about, email)
        };
        outbox::enqueue(&mut tx, &queued, domain).await?;
    }
    tx.commit().await?;
    tracing::info!(application.id = %application_id, application.reference = %reference, "application saved");
    Ok(candidate_id)
}

/// The columns of the application from the parsed answers (raw values kept beside them).
pub fn application_row<'a>(
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
        utm: a.utm.pairs().map(|(_, value)| some(value)),
        privacy_policy_version: PRIVACY_POLICY_VERSION,
        consent_ip_hash: &[],
        keep_data_consent: a.keep_data,
        raw_answers: form.snapshot(),
    }
}
