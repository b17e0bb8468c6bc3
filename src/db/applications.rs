//! `applications` and their CV files (`application_files`): what the intake's transaction
//! writes, the idempotency look-up of a re-posted form, and what the dashboard reads of them.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// The constraint that makes a re-posted form find the first submission instead of a second row.
pub(crate) const SUBMISSION_ID_KEY: &str = "applications_submission_id_key";

/// The reference of the application stored for this submission id, if any.
pub(crate) async fn find_reference_by_submission(
    conn: &mut PgConnection,
    submission_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_file_scalar!("src/db/submission/find_reference.sql", submission_id)
        .fetch_optional(conn)
        .await
}

/// True when an application with this reference exists (the thank-you page's check).
pub(crate) async fn reference_exists(pool: &PgPool, reference: &str) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"select exists (select 1 from applications where reference = $1) as "exists!""#,
        reference
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// Every column of a new application.
pub struct ApplicationRow<'a> {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub reference: &'a str,
    pub submission_id: Uuid,
    pub is_returning: bool,
    pub earlier_reference: Option<&'a str>,
    pub given_name: &'a str,
    pub family_name: Option<&'a str>,
    pub email: &'a str,
    pub email_normalised: &'a str,
    pub phone_raw: &'a str,
    pub phone_country: Option<&'a str>,
    pub phone_e164: &'a str,
    pub country_of_residence: &'a str,
    pub citizenships: Vec<String>,
    pub country_of_education: &'a str,
    pub qualification: &'a str,
    pub graduation_year: i16,
    pub experience_years: f64,
    pub us_certification: &'a str,
    pub us_certification_status: &'a str,
    pub english_test: &'a str,
    pub target_states: Vec<String>,
    pub open_to_any_state: bool,
    pub work_authorisation: &'a str,
    pub availability: &'a str,
    pub message: Option<&'a str>,
    pub heard_about: Option<&'a str>,
    pub heard_about_detail: Option<&'a str>,
    pub utm: [Option<&'a str>; 6],
    pub privacy_policy_version: &'a str,
    pub consent_ip_hash: &'a [u8],
    pub keep_data_consent: bool,
    pub raw_answers: serde_json::Value,
}

/// Inserts the application. `Ok(false)`: the random reference is taken (retry with another);
/// a re-posted submission id is an error on `SUBMISSION_ID_KEY`.
pub async fn insert(
    conn: &mut PgConnection,
    row: &ApplicationRow<'_>,
) -> Result<bool, sqlx::Error> {
    let [
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
        utm_ref,
    ] = row.utm;
    let inserted = sqlx::query_file_scalar!(
        "src/db/submission/insert_application.sql",
        row.id,
        row.candidate_id,
        row.reference,
        row.submission_id,
        row.is_returning,
        row.earlier_reference,
        row.given_name,
        row.family_name,
        row.email,
        row.email_normalised,
        row.phone_raw,
        row.phone_country,
        row.phone_e164,
        row.country_of_residence,
        &row.citizenships,
        row.country_of_education,
        row.qualification,
        row.graduation_year,
        row.experience_years,
        row.us_certification,
        row.us_certification_status,
        row.english_test,
        &row.target_states,
        row.open_to_any_state,
        row.work_authorisation,
        row.availability,
        row.message,
        row.heard_about,
        row.heard_about_detail,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
        utm_ref,
        row.privacy_policy_version,
        row.consent_ip_hash,
        row.keep_data_consent,
        row.raw_answers,
    )
    .fetch_optional(conn)
    .await?;
    Ok(inserted.is_some())
}

pub struct FileRow<'a> {
    pub application_id: Uuid,
    pub kind: &'a str,
    pub content_type: &'a str,
    pub file_name: &'a str,
    pub sha256: &'a [u8],
    pub content: &'a [u8],
}

pub async fn insert_file(conn: &mut PgConnection, file: &FileRow<'_>) -> Result<(), sqlx::Error> {
    let size = i32::try_from(file.content.len()).unwrap_or(i32::MAX);
    sqlx::query!(
        r#"
        insert into application_files
            (id, application_id, kind, content_type, file_name, size_bytes, sha256, content)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        "#,
        Uuid::new_v4(),
        file.application_id,
        file.kind,
        file.content_type,
        file.file_name,
        size,
        file.sha256,
        file.content,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every column of an application a recruiter reads (all but the keyed IP hash and raw JSON).
pub(crate) struct ApplicationDetail {
    pub(crate) id: Uuid,
    pub(crate) reference: String,
    pub(crate) earlier_reference: Option<String>,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) email: String,
    pub(crate) phone_raw: String,
    pub(crate) phone_country: Option<String>,
    pub(crate) phone_e164: String,
    pub(crate) country_of_residence: String,
    pub(crate) citizenships: Vec<String>,
    pub(crate) country_of_education: String,
    pub(crate) qualification: String,
    pub(crate) graduation_year: i16,
    pub(crate) experience_years: String,
    pub(crate) us_certification: String,
    pub(crate) us_certification_status: String,
    pub(crate) english_test: String,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: bool,
    pub(crate) work_authorisation: String,
    pub(crate) availability: String,
    pub(crate) message: Option<String>,
    pub(crate) heard_about: Option<String>,
    pub(crate) heard_about_detail: Option<String>,
    pub(crate) utm_source: Option<String>,
    pub(crate) utm_medium: Option<String>,
    pub(crate) utm_campaign: Option<String>,
    pub(crate) utm_term: Option<String>,
    pub(crate) utm_content: Option<String>,
    pub(crate) utm_ref: Option<String>,
    pub(crate) privacy_policy_version: String,
    pub(crate) privacy_consented_at: OffsetDateTime,
    pub(crate) keep_data_consent: bool,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) cv_file_name: Option<String>,
    pub(crate) cv_size_bytes: Option<i32>,
}

/// Newest first.
pub(crate) async fn of_candidate<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    candidate_id: Uuid,
) -> Result<Vec<ApplicationDetail>, sqlx::Error> {
    sqlx::query_file_as!(
        ApplicationDetail,
        "src/db/submission/applications_of_candidate.sql",
        candidate_id,
    )
    .fetch_all(executor)
    .await
}

/// The CV of an application: its derived name, the type detected from its content, its bytes.
pub(crate) struct CvDownload {
    pub(crate) candidate_id: Uuid,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) content: Vec<u8>,
}

pub(crate) async fn cv(
    pool: &PgPool,
    application_id: Uuid,
) -> Result<Option<CvDownload>, sqlx::Error> {
    sqlx::query_as!(
        CvDownload,
        r#"
        select a.candidate_id, f.file_name, f.content_type, f.content
        from application_files f join applications a on a.id = f.application_id
        where f.application_id = $1
        "#,
        application_id,
    )
    .fetch_optional(pool)
    .await
}
