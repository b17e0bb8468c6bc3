//! The dashboard's read queries (issue 5): the filtered candidate list (also the CSV export), the
//! overview counts, and one candidate with all their applications.
//!
//! A candidate is shown through their latest application (the anti-join on `later`), which holds
//! the current answers; the search looks at every application, so an old reference still finds
//! the person. One static query with `($n is null or ...)` parameters serves every filter.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// The parsed filter (built by `web::admin::filters`): `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct CandidateFilter {
    /// A `like` pattern over name, e-mail, phone and reference (lower-cased, wildcards escaped).
    pub search_pattern: Option<String>,
    pub stage: Option<String>,
    pub education: Option<String>,
    pub certification: Option<String>,
    pub certification_status: Option<String>,
    pub english: Option<String>,
    pub state: Option<String>,
    pub work_authorisation: Option<String>,
    pub returning: Option<bool>,
    pub submitted_from: Option<OffsetDateTime>,
    /// Exclusive: the day after the chosen "to" date.
    pub submitted_before: Option<OffsetDateTime>,
    pub source: Option<String>,
    pub owner: Option<Uuid>,
    pub sort: &'static str,
    pub page: i64,
}

/// One row of the list and of the CSV export.
pub struct CandidateRow {
    pub candidate_id: Uuid,
    pub reference: String,
    pub given_name: String,
    pub family_name: Option<String>,
    pub email: String,
    pub phone_e164: String,
    pub country_of_residence: String,
    pub country_of_education: String,
    pub qualification: String,
    pub experience_years: String,
    /// The same, as a number, for sorting.
    pub experience_sort: f64,
    pub us_certification: String,
    pub us_certification_status: String,
    pub english_test: String,
    pub work_authorisation: String,
    pub target_states: Vec<String>,
    pub open_to_any_state: bool,
    pub is_returning: bool,
    pub heard_about: Option<String>,
    pub submitted_at: OffsetDateTime,
    pub stage: String,
    pub owner_email: Option<String>,
    /// Rows matching the filter up to the cap, on every row (a window count: one query, not
    /// two); equal to the cap means "at least this many".
    pub total: i64,
}

/// The candidates matching `filter`, `limit` rows from `offset`, among the first `cap` matches.
///
/// The cap keeps the window count cheap: with the default sort the inner query walks the
/// `created_at` index and stops after `cap` rows, instead of checking "latest application" for
/// all 100,000 candidates to print an exact total nobody pages through.
pub async fn list(
    pool: &PgPool,
    filter: &CandidateFilter,
    limit: i64,
    offset: i64,
    cap: i64,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    sqlx::query_as!(
        CandidateRow,
        r#"
        select capped.*, count(*) over () as "total!"
        from (
          select
            a.candidate_id, a.reference, a.given_name, a.family_name, a.email, a.phone_e164,
            a.country_of_residence, a.country_of_education, a.qualification,
            a.experience_years::text as "experience_years!",
            a.experience_years::float8 as "experience_sort!",
            a.us_certification, a.us_certification_status, a.english_test, a.work_authorisation,
            a.target_states, a.open_to_any_state, a.is_returning, a.heard_about,
            a.created_at as submitted_at,
            coalesce(p.stage, 'new') as "stage!",
            r.email as "owner_email?"
          from applications a
          left join candidate_pipelines p on p.candidate_id = a.candidate_id
          left join recruiters r on r.id = p.owner_id
          where not exists (
              select 1 from applications later
              where later.candidate_id = a.candidate_id
                and (later.created_at, later.id) > (a.created_at, a.id))
            and ($1::text is null or a.candidate_id in (
              select s.candidate_id from applications s
              where lower(s.given_name || ' ' || coalesce(s.family_name, '') || ' '
                    || s.email_normalised || ' ' || s.phone_e164 || ' ' || s.reference) like $1))
            and ($2::text is null or coalesce(p.stage, 'new') = $2)
            and ($3::text is null or a.country_of_education = $3)
            and ($4::text is null or a.us_certification = $4)
            and ($5::text is null or a.us_certification_status = $5)
            and ($6::text is null or a.english_test = $6)
            and ($7::text is null or a.target_states @> array[$7] or a.open_to_any_state)
            and ($8::text is null or a.work_authorisation = $8)
            and ($9::bool is null or a.is_returning = $9)
            and ($10::timestamptz is null or a.created_at >= $10)
            and ($11::timestamptz is null or a.created_at < $11)
            and ($12::text is null or a.heard_about = $12)
            and ($13::uuid is null or p.owner_id = $13)
          order by
            case when $14 = 'oldest' then a.created_at end asc,
            case when $14 = 'name' then lower(a.given_name || ' ' || coalesce(a.family_name, '')) end asc,
            case when $14 = 'experience' then a.experience_years end desc,
            a.created_at desc, a.candidate_id desc
          limit $17
        ) capped
        order by
          case when $14 = 'oldest' then capped.submitted_at end asc,
          case when $14 = 'name' then lower(capped.given_name || ' ' || coalesce(capped.family_name, '')) end asc,
          case when $14 = 'experience' then capped."experience_sort!" end desc,
          capped.submitted_at desc, capped.candidate_id desc
        limit $15 offset $16
        "#,
        filter.search_pattern,
        filter.stage,
        filter.education,
        filter.certification,
        filter.certification_status,
        filter.english,
        filter.state,
        filter.work_authorisation,
        filter.returning,
        filter.submitted_from,
        filter.submitted_before,
        filter.source,
        filter.owner,
        filter.sort,
        limit,
        offset,
        cap,
    )
    .fetch_all(pool)
    .await
}

pub struct Overview {
    pub new_this_week: i64,
    pub total: i64,
    pub outbox_pending: i64,
    pub outbox_dead: i64,
}

pub struct Count {
    pub key: String,
    pub count: i64,
}

pub async fn overview(pool: &PgPool) -> Result<Overview, sqlx::Error> {
    sqlx::query_as!(
        Overview,
        r#"
        select
          (select count(*) from candidates where created_at >= now() - interval '7 days') as "new_this_week!",
          (select count(*) from candidates) as "total!",
          (select count(*) from outbox_messages where status = 'pending') as "outbox_pending!",
          (select count(*) from outbox_messages where status = 'dead') as "outbox_dead!"
        "#
    )
    .fetch_one(pool)
    .await
}

pub async fn counts_per_stage(pool: &PgPool) -> Result<Vec<Count>, sqlx::Error> {
    sqlx::query_as!(
        Count,
        r#"
        select coalesce(p.stage, 'new') as "key!", count(*) as "count!"
        from candidates c left join candidate_pipelines p on p.candidate_id = c.id
        group by 1 order by 2 desc
        "#
    )
    .fetch_all(pool)
    .await
}

/// Per country of education of each candidate's latest application.
pub async fn counts_per_education(pool: &PgPool) -> Result<Vec<Count>, sqlx::Error> {
    sqlx::query_as!(
        Count,
        r#"
        select latest.country_of_education as "key!", count(*) as "count!"
        from (select distinct on (candidate_id) candidate_id, country_of_education
              from applications order by candidate_id, created_at desc, id desc) latest
        group by 1 order by 2 desc, 1
        "#
    )
    .fetch_all(pool)
    .await
}

/// Active recruiters, for the owner menu.
pub struct RecruiterOption {
    pub id: Uuid,
    pub email: String,
}

pub async fn active_recruiters(pool: &PgPool) -> Result<Vec<RecruiterOption>, sqlx::Error> {
    sqlx::query_as!(
        RecruiterOption,
        "select id, email from recruiters where disabled_at is null order by email"
    )
    .fetch_all(pool)
    .await
}
