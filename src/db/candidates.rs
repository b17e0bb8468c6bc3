//! `candidates`: a person, possibly applying more than once. Their creation and the
//! returning-candidate match (in the intake's transaction), the dashboard's list with its filters
//! (also the CSV export) and headline counts, one candidate's summary, and the export of
//! everything held about them (the right of access).
//!
//! The list shows a candidate through their latest application (the anti-join on `later`), which
//! holds the current answers; the search looks at every application, so an old reference still
//! finds the person. One static query with `($n is null or ...)` parameters serves every filter.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::Count;

/// A new person; `email` (as typed) and `email_normalised` start their current address.
pub async fn insert(
    conn: &mut PgConnection,
    id: Uuid,
    email: &str,
    email_normalised: &str,
    phone_e164: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query_file!(
        "src/db/submission/insert_candidate.sql",
        id,
        email_normalised,
        phone_e164,
        email
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A candidate who applied before, found by normalised e-mail or E.164 phone.
pub(crate) struct EarlierApplication {
    pub(crate) candidate_id: Uuid,
    pub(crate) reference: String,
    /// Whether the address typed is the person's current one (what signs them in). A match by
    /// phone, or by an address they changed away from, is not: see the intake's link rule.
    pub(crate) address_is_current: bool,
}

/// The most recent earlier application whose e-mail or phone matches.
///
/// Two `limit 1` probes, one per index, instead of one `or`: with `or` the planner may walk the
/// created_at index and read every application when nothing matches (a new candidate).
pub(crate) async fn find_by_contact(
    conn: &mut PgConnection,
    email_normalised: &str,
    phone_e164: &str,
) -> Result<Option<EarlierApplication>, sqlx::Error> {
    sqlx::query_file_as!(
        EarlierApplication,
        "src/db/submission/find_candidate_by_contact.sql",
        email_normalised,
        phone_e164
    )
    .fetch_optional(conn)
    .await
}

/// The candidate whose current address is this (normalised) one: who a sign-in link for the
/// address goes to. An address the person changed away from finds nobody. One probe of
/// `candidates_email_normalised_idx`.
pub(crate) async fn find_by_email(
    conn: &mut PgConnection,
    email_normalised: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select id from candidates where email_normalised = $1
           order by created_at desc limit 1"#,
        email_normalised,
    )
    .fetch_optional(conn)
    .await
}

pub(crate) struct CandidateSummary {
    pub(crate) id: Uuid,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) stage: String,
    pub(crate) owner_id: Option<Uuid>,
    pub(crate) owner_name: Option<String>,
}

pub(crate) async fn summary(
    pool: &PgPool,
    id: Uuid,
) -> Result<Option<CandidateSummary>, sqlx::Error> {
    sqlx::query_as!(
        CandidateSummary,
        r#"
        select c.id, c.created_at, coalesce(p.stage, 'new') as "stage!", p.owner_id as "owner_id?",
               r.display_name as "owner_name?"
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

/// The parsed filter (built by `web::admin::filters`): `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct CandidateFilter {
    /// A `like` pattern over name, e-mail, phone and reference (lower-cased, wildcards escaped).
    pub search_pattern: Option<String>,
    pub stage: Option<String>,
    pub(crate) education: Option<String>,
    pub(crate) certification: Option<String>,
    pub(crate) certification_status: Option<String>,
    pub(crate) english: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) work_authorisation: Option<String>,
    pub(crate) returning: Option<bool>,
    pub(crate) submitted_from: Option<OffsetDateTime>,
    /// Exclusive: the day after the chosen "to" date.
    pub(crate) submitted_before: Option<OffsetDateTime>,
    pub(crate) source: Option<String>,
    pub(crate) owner: Option<Uuid>,
    /// The open next action: `overdue` (due before `today`), `open`, or `none` (issue 15).
    pub(crate) due: Option<&'static str>,
    /// The day "overdue" and "days since last contact" are counted from.
    pub(crate) today: Option<time::Date>,
    pub sort: &'static str,
    pub page: i64,
}

/// One row of the list and of the CSV export.
pub(crate) struct CandidateRow {
    pub(crate) candidate_id: Uuid,
    pub(crate) reference: String,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) email: String,
    pub(crate) phone_e164: String,
    pub(crate) country_of_residence: String,
    pub(crate) country_of_education: String,
    pub(crate) qualification: String,
    pub(crate) experience_years: String,
    /// The same, as a number: selected for the outer query's ORDER BY, never read in Rust.
    #[allow(dead_code, reason = "sqlx maps every selected column")]
    pub(crate) experience_sort: f64,
    pub(crate) us_certification: String,
    pub(crate) us_certification_status: String,
    pub(crate) english_test: String,
    pub(crate) work_authorisation: String,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: bool,
    pub(crate) is_returning: bool,
    pub(crate) heard_about: Option<String>,
    pub(crate) submitted_at: OffsetDateTime,
    pub(crate) stage: String,
    pub(crate) owner_name: Option<String>,
    /// The open next action's due date (issue 15).
    pub(crate) due_on: Option<time::Date>,
    /// Whole days from the last contact (the latest application, stage change or note) to today.
    pub(crate) days_since_contact: i32,
    /// Rows matching the filter up to the cap, on every row (a window count: one query, not
    /// two); equal to the cap means "at least this many".
    pub(crate) total: i64,
}

/// The candidates matching `filter`, `limit` rows from `offset`, among the first `cap` matches.
///
/// The cap keeps the window count cheap: with the default sort the inner query walks the
/// `created_at` index and stops after `cap` rows, instead of checking "latest application" for
/// all 100,000 candidates to print an exact total nobody pages through.
pub(crate) async fn list(
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
            r.display_name as "owner_name?",
            n.due_on as "due_on?",
            ($18::date - (greatest(
                a.created_at,
                (select max(h.created_at) from candidate_stage_changes h
                 where h.candidate_id = a.candidate_id),
                (select max(t.created_at) from candidate_notes t
                 where t.candidate_id = a.candidate_id)
             ) at time zone 'UTC')::date) as "days_since_contact!"
          from applications a
          left join candidate_pipelines p on p.candidate_id = a.candidate_id
          left join recruiters r on r.id = p.owner_id
          left join next_actions n on n.candidate_id = a.candidate_id and n.closed_at is null
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
            and ($19::text is null
                 or ($19 = 'overdue' and n.due_on < $18::date)
                 or ($19 = 'open' and n.id is not null)
                 or ($19 = 'none' and n.id is null))
          order by
            case when $14 = 'due' then n.due_on end asc nulls last,
            case when $14 = 'oldest' then a.created_at end asc,
            case when $14 = 'name' then lower(a.given_name || ' ' || coalesce(a.family_name, '')) end asc,
            case when $14 = 'experience' then a.experience_years end desc,
            a.created_at desc, a.candidate_id desc
          limit $17
        ) capped
        order by
          case when $14 = 'due' then capped."due_on?" end asc nulls last,
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
        filter.today.unwrap_or_else(crate::jobs::today),
        filter.due,
    )
    .fetch_all(pool)
    .await
}

/// The dashboard's headline numbers about candidates.
pub(crate) struct Totals {
    pub(crate) new_this_week: i64,
    pub(crate) total: i64,
}

pub(crate) async fn totals(pool: &PgPool) -> Result<Totals, sqlx::Error> {
    sqlx::query_as!(
        Totals,
        r#"
        select
          (select count(*) from candidates where created_at >= now() - interval '7 days') as "new_this_week!",
          (select count(*) from candidates) as "total!"
        "#
    )
    .fetch_one(pool)
    .await
}

/// Per country of education of each candidate's latest application.
pub(crate) async fn counts_per_education(pool: &PgPool) -> Result<Vec<Count>, sqlx::Error> {
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

/// The candidate's current address, as typed: where every e-mail to the person goes.
pub(crate) async fn current_email(
    conn: &mut PgConnection,
    candidate_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select email from candidates where id = $1"#,
        candidate_id,
    )
    .fetch_optional(conn)
    .await
}

/// True when another candidate's current address is this (normalised) one.
pub(crate) async fn email_taken_by_other(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    email_normalised: &str,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query_scalar!(
        r#"select exists (select 1 from candidates where email_normalised = $1 and id <> $2)
           as "taken!""#,
        email_normalised,
        candidate_id,
    )
    .fetch_one(conn)
    .await?;
    Ok(taken)
}

/// Moves the candidate's current address (a confirmed change).
pub(crate) async fn set_email(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    email: &str,
    email_normalised: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update candidates set email = $2, email_normalised = $3 where id = $1"#,
        candidate_id,
        email,
        email_normalised,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The candidate as their latest application names them: what a message to them, or about them
/// to a recruiter, needs.
pub(crate) struct LatestContact {
    pub(crate) reference: String,
    /// The current address (`current_email`): where every e-mail to the person goes.
    pub(crate) email: String,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    /// The current number: the newest version the candidate kept on My application, else the
    /// application's.
    pub(crate) phone_e164: String,
}

pub(crate) async fn latest_contact(
    conn: &mut PgConnection,
    candidate_id: Uuid,
) -> Result<Option<LatestContact>, sqlx::Error> {
    sqlx::query_as!(
        LatestContact,
        r#"select a.reference, c.email, a.given_name, a.family_name,
                  coalesce((select v.phone_e164 from candidate_profile_versions v
                            where v.candidate_id = a.candidate_id
                            order by v.version desc limit 1), a.phone_e164) as "phone_e164!"
           from applications a join candidates c on c.id = a.candidate_id
           where a.candidate_id = $1
           order by a.created_at desc, a.id desc limit 1"#,
        candidate_id,
    )
    .fetch_optional(conn)
    .await
}

/// Everything stored about a candidate, as one JSON document (the right of access): the
/// dashboard's export and the candidate's own download. `activity` is what the person did on
/// "My application" (sign-ins, views, downloads), with the times. The CV's
/// bytes are left out (it is downloaded separately); so is the keyed IP hash, which is not the
/// person's data in any readable form.
pub(crate) async fn export(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"
        select jsonb_build_object(
          'candidate', to_jsonb(c),
          'applications', (select coalesce(jsonb_agg(to_jsonb(a) - 'consent_ip_hash'
                                    order by a.created_at), '[]'::jsonb)
                           from applications a where a.candidate_id = c.id),
          'cv_files', (select coalesce(jsonb_agg(jsonb_build_object(
                              'application_id', f.application_id, 'file_name', f.file_name,
                              'kind', f.kind, 'size_bytes', f.size_bytes,
                              'created_at', f.created_at) order by f.created_at), '[]'::jsonb)
                       from application_files f
                       join applications a on a.id = f.application_id
                       where a.candidate_id = c.id),
          'emails', (select coalesce(jsonb_agg(jsonb_build_object(
                            'kind', o.kind, 'recipient', o.recipient, 'subject', o.subject,
                            'status', o.status, 'attempts', o.attempts, 'sent_at', o.sent_at,
                            'created_at', o.created_at) order by o.created_at), '[]'::jsonb)
                     from outbox_messages o
                     where o.candidate_id = c.id),
          'pipeline', (select to_jsonb(p) - 'candidate_id' from candidate_pipelines p
                       where p.candidate_id = c.id),
          'stage_history', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'from_stage', h.from_stage, 'to_stage', h.to_stage,
                                   'created_at', h.created_at) order by h.created_at), '[]'::jsonb)
                            from candidate_stage_changes h where h.candidate_id = c.id),
          'notes', (select coalesce(jsonb_agg(jsonb_build_object(
                           'body', n.body, 'created_at', n.created_at) order by n.created_at),
                           '[]'::jsonb)
                    from candidate_notes n where n.candidate_id = c.id),
          'next_actions', (select coalesce(jsonb_agg(jsonb_build_object(
                                  'what', x.what, 'due_on', x.due_on, 'created_at', x.created_at,
                                  'closed_as', x.closed_as, 'closed_at', x.closed_at)
                                  order by x.created_at), '[]'::jsonb)
                           from next_actions x where x.candidate_id = c.id),
          'privacy_requests', (select coalesce(jsonb_agg(jsonb_build_object(
                                      'kind', q.kind, 'message', q.message, 'due_on', q.due_on,
                                      'answered_at', q.answered_at, 'created_at', q.created_at)
                                      order by q.created_at), '[]'::jsonb)
                               from privacy_requests q where q.candidate_id = c.id),
          'consents', (select coalesce(jsonb_agg(jsonb_build_object(
                              'purpose', k.purpose, 'given', k.given,
                              'notice_version', k.notice_version, 'channel', k.channel,
                              'created_at', k.created_at) order by k.created_at), '[]'::jsonb)
                       from candidate_consents k where k.candidate_id = c.id),
          'next_step', (select jsonb_build_object('what', s.what, 'due_on', s.due_on,
                                                  'set_at', s.set_at)
                        from candidate_next_steps s where s.candidate_id = c.id),
          'changes', (select coalesce(jsonb_agg(jsonb_build_object(
                             'version', v.version, 'changed_fields', v.changed_fields,
                             'phone', v.phone_e164, 'country_of_residence', v.country_of_residence,
                             'us_certification', v.us_certification,
                             'us_certification_status', v.us_certification_status,
                             'english_test', v.english_test, 'target_states', v.target_states,
                             'open_to_any_state', v.open_to_any_state,
                             'work_authorisation', v.work_authorisation,
                             'availability', v.availability, 'email_before', v.email_before,
                             'email_after', v.email_after, 'created_at', v.created_at)
                             order by v.version), '[]'::jsonb)
                      from candidate_profile_versions v where v.candidate_id = c.id),
          'email_changes', (select coalesce(jsonb_agg(jsonb_build_object(
                                   'new_email', m.new_email, 'created_at', m.created_at,
                                   'expires_at', m.expires_at, 'used_at', m.used_at)
                                   order by m.created_at), '[]'::jsonb)
                            from candidate_email_changes m where m.candidate_id = c.id),
          'checklist', (select coalesce(jsonb_agg(jsonb_build_object(
                               'type', i.type_key, 'origin', i.origin, 'note', i.note,
                               'waived_at', i.waived_at, 'waived_reason', i.waived_reason,
                               'created_at', i.created_at) order by i.created_at), '[]'::jsonb)
                        from document_checklist_items i where i.candidate_id = c.id),
          'documents', (select coalesce(jsonb_agg(jsonb_build_object(
                               'id', d.id, 'type', i.type_key, 'file_name', d.file_name,
                               'kind', d.kind, 'size_bytes', d.size_bytes,
                               'issued_on', d.issued_on, 'expires_on', d.expires_on,
                               'uploaded_by', d.uploaded_by, 'created_at', d.created_at,
                               'verified_at', d.verified_at, 'superseded_at', d.superseded_at)
                               order by d.created_at), '[]'::jsonb)
                        from candidate_documents d
                        join document_checklist_items i on i.id = d.item_id
                        where d.candidate_id = c.id),
          'calendar_feed', (select jsonb_build_object('made_at', f.created_at)
                            from candidate_calendar_feeds f where f.candidate_id = c.id),
          'activity', (select coalesce(jsonb_agg(jsonb_build_object(
                              'action', e.action, 'created_at', e.created_at)
                              order by e.created_at), '[]'::jsonb)
                       from audit_events e
                       where e.candidate_id = c.id and e.recruiter_id is null
                         and e.action like 'portal\_%')
        ) as "export!"
        from candidates c where c.id = $1
        "#,
        candidate_id,
    )
    .fetch_optional(pool)
    .await
}
