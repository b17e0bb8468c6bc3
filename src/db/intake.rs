//! Queries of the candidate intake: the rows one submission writes (in the caller's transaction),
//! the idempotency look-up, the returning-candidate match and the per-IP submission counter.

use sqlx::PgConnection;
use uuid::Uuid;

/// The constraint that makes a re-posted form find the first submission instead of a second row.
pub const SUBMISSION_ID_KEY: &str = "applications_submission_id_key";

/// True when `error` is a violation of the named constraint (`on_constraint`, as realworld-axum-sqlx
/// does): the database decides, we never check first and insert second.
pub fn violates(error: &sqlx::Error, constraint: &str) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.constraint() == Some(constraint))
}

/// The reference of the application stored for this submission id, if any.
pub async fn find_reference_by_submission(
    conn: &mut PgConnection,
    submission_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "select reference from applications where submission_id = $1",
        submission_id
    )
    .fetch_optional(conn)
    .await
}

/// Counts one submission from a client in the current hour and returns the hour's count so far.
pub async fn count_submission(conn: &mut PgConnection, ip_hash: &[u8]) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        r#"
        insert into intake_rate_limits (ip_hash, window_start, submissions)
        values ($1, date_trunc('hour', now()), 1)
        on conflict on constraint intake_rate_limits_pkey
        do update set submissions = intake_rate_limits.submissions + 1
        returning submissions
        "#,
        ip_hash
    )
    .fetch_one(conn)
    .await
}

/// A candidate who applied before, found by normalised e-mail or E.164 phone.
pub struct EarlierApplication {
    pub candidate_id: Uuid,
    pub reference: String,
}

/// The most recent earlier application whose e-mail or phone matches.
///
/// Two `limit 1` probes, one per index, instead of one `or`: with `or` the planner may walk the
/// created_at index and read every application when nothing matches (a new candidate).
pub async fn find_earlier_application(
    conn: &mut PgConnection,
    email_normalised: &str,
    phone_e164: &str,
) -> Result<Option<EarlierApplication>, sqlx::Error> {
    sqlx::query_as!(
        EarlierApplication,
        r#"
        select candidate_id as "candidate_id!", reference as "reference!" from (
            (select candidate_id, reference, created_at from applications
             where email_normalised = $1 order by created_at desc limit 1)
            union all
            (select candidate_id, reference, created_at from applications
             where phone_e164 = $2 order by created_at desc limit 1)
        ) as matches
        order by created_at desc
        limit 1
        "#,
        email_normalised,
        phone_e164
    )
    .fetch_optional(conn)
    .await
}

pub async fn insert_candidate(
    conn: &mut PgConnection,
    id: Uuid,
    email_normalised: &str,
    phone_e164: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into candidates (id, email_normalised, phone_e164) values ($1, $2, $3)",
        id,
        email_normalised,
        phone_e164
    )
    .execute(conn)
    .await?;
    Ok(())
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
pub async fn insert_application(
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
    let inserted = sqlx::query_scalar!(
        r#"
        insert into applications (
            id, candidate_id, reference, submission_id, is_returning, earlier_reference,
            given_name, family_name, email, email_normalised, phone_raw, phone_country, phone_e164,
            country_of_residence, citizenships, country_of_education, qualification,
            graduation_year, experience_years, us_certification, us_certification_status,
            english_test, target_states, open_to_any_state, work_authorisation, availability,
            message, heard_about, heard_about_detail,
            utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_ref,
            privacy_policy_version, privacy_consented_at, consent_ip_hash, keep_data_consent,
            raw_answers
        ) values (
            $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            ($19::float8)::numeric(3, 1), $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
            $30, $31, $32, $33, $34, $35, $36, now(), $37, $38, $39
        )
        on conflict on constraint applications_reference_key do nothing
        returning id
        "#,
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

/// A rendered e-mail for the outbox (delivered later by the worker).
pub struct OutboxRow<'a> {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub reply_to: Option<&'a str>,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub message_id: &'a str,
}

pub async fn insert_outbox_message(
    conn: &mut PgConnection,
    message: &OutboxRow<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        insert into outbox_messages
            (id, application_id, kind, recipient, reply_to, subject, body_text, body_html, message_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        "#,
        message.id,
        message.application_id,
        message.kind,
        message.recipient,
        message.reply_to,
        message.subject,
        message.body_text,
        message.body_html,
        message.message_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Rate-limit windows older than a day can no longer count against anyone: the purge drops them.
pub async fn delete_old_rate_limits(pool: &sqlx::PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        "delete from intake_rate_limits where window_start < now() - interval '1 day'"
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}
