//! One candidate for the dashboard's candidate page (issue 5): every answer of every application,
//! the CV files' metadata, the e-mails about them, the stage history and the notes. A fixed number
//! of queries per page, whatever the number of applications (no N+1).

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

pub struct CandidateSummary {
    pub id: Uuid,
    pub created_at: OffsetDateTime,
    pub stage: String,
    pub owner_id: Option<Uuid>,
    pub owner_email: Option<String>,
}

/// Every column of an application a recruiter reads (all but the keyed IP hash and raw JSON).
pub struct ApplicationDetail {
    pub id: Uuid,
    pub reference: String,
    pub is_returning: bool,
    pub earlier_reference: Option<String>,
    pub given_name: String,
    pub family_name: Option<String>,
    pub email: String,
    pub phone_raw: String,
    pub phone_country: Option<String>,
    pub phone_e164: String,
    pub country_of_residence: String,
    pub citizenships: Vec<String>,
    pub country_of_education: String,
    pub qualification: String,
    pub graduation_year: i16,
    pub experience_years: String,
    pub us_certification: String,
    pub us_certification_status: String,
    pub english_test: String,
    pub target_states: Vec<String>,
    pub open_to_any_state: bool,
    pub work_authorisation: String,
    pub availability: String,
    pub message: Option<String>,
    pub heard_about: Option<String>,
    pub heard_about_detail: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub utm_ref: Option<String>,
    pub privacy_policy_version: String,
    pub privacy_consented_at: OffsetDateTime,
    pub keep_data_consent: bool,
    pub created_at: OffsetDateTime,
    pub cv_file_name: Option<String>,
    pub cv_kind: Option<String>,
    pub cv_size_bytes: Option<i32>,
}

pub struct EmailStatus {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

pub struct StageChange {
    pub from_stage: String,
    pub to_stage: String,
    pub recruiter_email: Option<String>,
    pub created_at: OffsetDateTime,
}

pub struct Note {
    pub body: String,
    pub author_email: Option<String>,
    pub created_at: OffsetDateTime,
}

pub async fn summary(pool: &PgPool, id: Uuid) -> Result<Option<CandidateSummary>, sqlx::Error> {
    sqlx::query_as!(
        CandidateSummary,
        r#"
        select c.id, c.created_at, coalesce(p.stage, 'new') as "stage!", p.owner_id as "owner_id?",
               r.email as "owner_email?"
        from candidates c
        left join candidate_pipelines p on p.candidate_id = c.id
        left join recruiters r on r.id = p.owner_id
        where c.id = $1
        "#,
        id,
    )
    .fetch_optional(pool)
    .await
}

/// Newest first.
pub async fn applications(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<ApplicationDetail>, sqlx::Error> {
    sqlx::query_as!(
        ApplicationDetail,
        r#"
        select a.id, a.reference, a.is_returning, a.earlier_reference, a.given_name, a.family_name,
               a.email, a.phone_raw, a.phone_country, a.phone_e164, a.country_of_residence,
               a.citizenships, a.country_of_education, a.qualification, a.graduation_year,
               a.experience_years::text as "experience_years!", a.us_certification,
               a.us_certification_status, a.english_test, a.target_states, a.open_to_any_state,
               a.work_authorisation, a.availability, a.message, a.heard_about,
               a.heard_about_detail, a.utm_source, a.utm_medium, a.utm_campaign, a.utm_term,
               a.utm_content, a.utm_ref, a.privacy_policy_version, a.privacy_consented_at,
               a.keep_data_consent, a.created_at,
               f.file_name as "cv_file_name?", f.kind as "cv_kind?", f.size_bytes as "cv_size_bytes?"
        from applications a
        left join application_files f on f.application_id = a.id
        where a.candidate_id = $1
        order by a.created_at desc, a.id desc
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

pub async fn emails(pool: &PgPool, candidate_id: Uuid) -> Result<Vec<EmailStatus>, sqlx::Error> {
    sqlx::query_as!(
        EmailStatus,
        r#"
        select o.id, o.application_id, o.kind, o.status, o.attempts, o.last_error, o.created_at,
               o.sent_at
        from outbox_messages o
        join applications a on a.id = o.application_id
        where a.candidate_id = $1
        order by o.created_at desc, o.kind
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

pub async fn stage_history(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<StageChange>, sqlx::Error> {
    sqlx::query_as!(
        StageChange,
        r#"
        select h.from_stage, h.to_stage, r.email as "recruiter_email?", h.created_at
        from candidate_stage_changes h left join recruiters r on r.id = h.recruiter_id
        where h.candidate_id = $1
        order by h.created_at desc
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

pub async fn notes(pool: &PgPool, candidate_id: Uuid) -> Result<Vec<Note>, sqlx::Error> {
    sqlx::query_as!(
        Note,
        r#"
        select n.body, r.email as "author_email?", n.created_at
        from candidate_notes n left join recruiters r on r.id = n.recruiter_id
        where n.candidate_id = $1
        order by n.created_at desc
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

/// The CV of an application: (file name, bytes).
pub struct CvDownload {
    pub candidate_id: Uuid,
    pub file_name: String,
    pub content: Vec<u8>,
}

pub async fn cv(pool: &PgPool, application_id: Uuid) -> Result<Option<CvDownload>, sqlx::Error> {
    sqlx::query_as!(
        CvDownload,
        r#"
        select a.candidate_id, f.file_name, f.content
        from application_files f join applications a on a.id = f.application_id
        where f.application_id = $1
        "#,
        application_id,
    )
    .fetch_optional(pool)
    .await
}
