//! `candidates`: a person, possibly applying more than once. Their creation and the
//! returning-candidate match (in the intake's transaction), the dashboard's list with its filters
//! (also the CSV export) and headline counts, one candidate's summary, and the export of
//! everything held about them (the right of access).
//!
//! The list reads the cards (`candidate_cards`: one row per candidate with their latest
//! application's answers, stage, owner, open next action and last contact, kept by triggers; see
//! its migration), the overview's counts `candidate_card_counts` (kept from the cards). The search
//! looks at every application, so an old reference still finds the person. One static query with
//! `($n is null or ...)` parameters serves every filter.

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
/// It reads the cards (`candidate_cards`, kept by triggers from the applications, pipeline, next
/// actions, stage changes and notes): `capped` walks the index of the chosen sort in order,
/// numbering the matches, and stops at the cap (the window's run condition), reading only that
/// index when no filter needs a card's other columns; then the page's rows are read by key. The
/// cap keeps the count cheap: nobody pages through more than the pager allows.
///
/// Every filter is `$n is null or ...`, which folds away only in a plan made for the values
/// sent. A prepared statement may switch to one generic plan after five runs, and that plan sorts
/// every card; so the query runs in a transaction that asks for a plan per execution.
pub(crate) async fn list(
    pool: &PgPool,
    filter: &CandidateFilter,
    limit: i64,
    offset: i64,
    cap: i64,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query_scalar!(
        r#"select set_config('plan_cache_mode', 'force_custom_plan', true) as "set!""#
    )
    .fetch_one(&mut *tx)
    .await?;
    let rows = sqlx::query_as!(
        CandidateRow,
        r#"
        -- The matches in the chosen order, numbered, up to the cap ($17).
        with capped as (
          select numbered.candidate_id, numbered.position
          from (
            select k.candidate_id,
                   row_number() over (order by
                     case when $14 = 'due' then k.due_on end asc nulls last,
                     case when $14 = 'oldest' then k.submitted_at end asc,
                     case when $14 = 'name' then lower(k.given_name || ' ' || coalesce(k.family_name, '')) end asc,
                     case when $14 = 'experience' then k.experience_years end desc,
                     k.submitted_at desc, k.candidate_id desc) as position
            from candidate_cards k
            where ($1::text is null or k.candidate_id in (
                select s.candidate_id from applications s
                where lower(s.given_name || ' ' || coalesce(s.family_name, '') || ' '
                      || s.email_normalised || ' ' || s.phone_e164 || ' ' || s.reference) like $1))
              and ($2::text is null or k.stage = $2)
              and ($3::text is null or k.country_of_education = $3)
              and ($4::text is null or k.us_certification = $4)
              and ($5::text is null or k.us_certification_status = $5)
              and ($6::text is null or k.english_test = $6)
              and ($7::text is null or k.target_states @> array[$7] or k.open_to_any_state)
              and ($8::text is null or k.work_authorisation = $8)
              and ($9::bool is null or k.is_returning = $9)
              and ($10::timestamptz is null or k.submitted_at >= $10)
              and ($11::timestamptz is null or k.submitted_at < $11)
              and ($12::text is null or k.heard_about = $12)
              and ($13::uuid is null or k.owner_id = $13)
              and ($19::text is null
                   or ($19 = 'overdue' and k.due_on < $18::date)
                   or ($19 = 'open' and k.next_action_id is not null)
                   or ($19 = 'none' and k.next_action_id is null))
          ) numbered
          where numbered.position <= $17
        )
        select
          k.candidate_id, k.reference, k.given_name, k.family_name, k.email, k.phone_e164,
          k.country_of_residence, k.country_of_education, k.qualification,
          k.experience_years::text as "experience_years!",
          k.us_certification, k.us_certification_status, k.english_test, k.work_authorisation,
          k.target_states, k.open_to_any_state, k.is_returning, k.heard_about, k.submitted_at,
          k.stage, r.display_name as "owner_name?", k.due_on as "due_on?",
          ($18::date - (k.last_contact_at at time zone 'UTC')::date) as "days_since_contact!",
          (select count(*) from capped) as "total!"
        from capped
        join candidate_cards k on k.candidate_id = capped.candidate_id
        left join recruiters r on r.id = k.owner_id
        -- The page: rows $16 + 1 to $16 + $15.
        where capped.position > $16 and capped.position <= $16 + $15
        order by capped.position
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
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// The dashboard's headline numbers about candidates.
pub(crate) struct Totals {
    pub(crate) new_this_week: i64,
    pub(crate) total: i64,
}

/// The week's range of `candidates_created_at_idx` (an index-only scan), and the total from the
/// stage counts (`candidate_card_counts`: every candidate has one card, with a stage) instead of
/// counting every candidate.
pub(crate) async fn totals(pool: &PgPool) -> Result<Totals, sqlx::Error> {
    sqlx::query_as!(
        Totals,
        r#"
        select
          (select count(*) from candidates where created_at >= now() - interval '7 days') as "new_this_week!",
          (select coalesce(sum(candidates), 0)::int8 from candidate_card_counts
           where dimension = 'stage') as "total!"
        "#
    )
    .fetch_one(pool)
    .await
}

/// Per country of education of each candidate's latest application: the sum of the country's
/// stripes in `candidate_card_counts`.
pub(crate) async fn counts_per_education(pool: &PgPool) -> Result<Vec<Count>, sqlx::Error> {
    sqlx::query_as!(
        Count,
        r#"
        select key as "key!", sum(candidates)::int8 as "count!"
        from candidate_card_counts
        where dimension = 'country_of_education'
        group by 1 having sum(candidates) > 0
        order by 2 desc, 1
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
