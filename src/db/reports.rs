//! The reports' numbers (issue 15, item 6): applications per week, the funnel, breakdowns by
//! source, campaign, country of education and target state, and the median days in each stage.
//!
//! Every query reads only the rows of the scope's range, by an index on their time:
//! `applications_reports_idx` (created_at, with the grouped columns included, so an index-only
//! scan) and `candidate_stage_changes_reports_idx` for the stage times. The owner filter and the
//! placements are `in (...)` sets of pipeline rows, so without an owner no pipeline is read.
//! These still aggregate every row of the range per request (about 40,000 for 26 weeks at
//! 100,000 candidates): bench/run (BENCH_ONLY=dashboard) keeps the plans and the times.

use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// What a report covers: applications submitted in `[from, before)`, of candidates the owner
/// (when chosen) currently owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) from: OffsetDateTime,
    pub(crate) before: OffsetDateTime,
    pub(crate) first_day: Date,
    pub(crate) last_day: Date,
    pub(crate) owner: Option<Uuid>,
}

/// Applications in one week (Monday, UTC).
pub(crate) struct Week {
    pub(crate) week: Date,
    pub(crate) applications: i64,
}

/// Applications with one value of a grouped column, and how many of their candidates are placed.
pub(crate) struct Breakdown {
    pub(crate) key: String,
    pub(crate) applications: i64,
    pub(crate) placements: i64,
}

/// Candidates at a stage now.
pub(crate) struct Reached {
    pub(crate) stage: String,
    pub(crate) candidates: i64,
}

/// The completed stays in one stage: how many, and their median length.
pub(crate) struct StageDays {
    pub(crate) stage: String,
    pub(crate) stays: i64,
    pub(crate) median_days: f64,
}

/// The column a breakdown groups by. One static query serves all three (a `case` on this value),
/// so no SQL is put together at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupBy {
    Source,
    Campaign,
    Country,
}

impl GroupBy {
    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Source => "source",
            GroupBy::Campaign => "campaign",
            GroupBy::Country => "country",
        }
    }
}

/// The 26 weeks from `first_monday` (every week listed, zero when nothing came), counting
/// applications in `[from, before)` where the scope's range cuts the first or last week.
///
/// The owner filter is an `in (...)` on the owner's pipeline rows rather than a join: without an
/// owner the condition folds away and only the index is read.
pub(crate) async fn weekly(
    pool: &PgPool,
    first_monday: Date,
    weeks: i32,
    from: OffsetDateTime,
    before: OffsetDateTime,
    owner: Option<Uuid>,
) -> Result<Vec<Week>, sqlx::Error> {
    sqlx::query_as!(
        Week,
        r#"
        select w.week as "week!", coalesce(c.n, 0) as "applications!"
        from (select $1::date + 7 * n as week from generate_series(0, $2::int - 1) n) w
        left join (
          select (date_trunc('week', a.created_at at time zone 'UTC'))::date as week, count(*) as n
          from applications a
          where a.created_at >= $3 and a.created_at < $4
            and ($5::uuid is null or a.candidate_id in (
                select o.candidate_id from candidate_pipelines o where o.owner_id = $5))
          group by 1
        ) c on c.week = w.week
        order by 1
        "#,
        first_monday,
        weeks,
        from,
        before,
        owner,
    )
    .fetch_all(pool)
    .await
}

/// Applications per source (`heard_about`), campaign (`utm_campaign`) or country of education,
/// and how many of them are of candidates placed now; an empty key is an application without
/// one. The placed candidates are a small set read by `candidate_pipelines_stage_idx`.
pub(crate) async fn breakdown(
    pool: &PgPool,
    scope: &Scope,
    by: GroupBy,
) -> Result<Vec<Breakdown>, sqlx::Error> {
    sqlx::query_as!(
        Breakdown,
        r#"
        select coalesce(case $1::text
                          when 'source' then a.heard_about
                          when 'campaign' then a.utm_campaign
                          else a.country_of_education end, '') as "key!",
               count(*) as "applications!",
               count(*) filter (where a.candidate_id in (
                   select p.candidate_id from candidate_pipelines p where p.stage = 'placed'))
                 as "placements!"
        from applications a
        where a.created_at >= $2 and a.created_at < $3
          and ($4::uuid is null or a.candidate_id in (
              select o.candidate_id from candidate_pipelines o where o.owner_id = $4))
        group by 1
        order by 2 desc, 1
        "#,
        by.as_str(),
        scope.from,
        scope.before,
        scope.owner,
    )
    .fetch_all(pool)
    .await
}

/// The same per target state; `any` counts those open to any state (an application naming
/// three states counts in each).
pub(crate) async fn by_state(pool: &PgPool, scope: &Scope) -> Result<Vec<Breakdown>, sqlx::Error> {
    sqlx::query_as!(
        Breakdown,
        r#"
        select s.state as "key!",
               count(*) as "applications!",
               count(*) filter (where a.candidate_id in (
                   select p.candidate_id from candidate_pipelines p where p.stage = 'placed'))
                 as "placements!"
        from applications a
        cross join lateral unnest(a.target_states
            || case when a.open_to_any_state then array['any'] else '{}'::text[] end) as s(state)
        where a.created_at >= $1 and a.created_at < $2
          and ($3::uuid is null or a.candidate_id in (
              select o.candidate_id from candidate_pipelines o where o.owner_id = $3))
        group by 1
        order by 2 desc, 1
        "#,
        scope.from,
        scope.before,
        scope.owner,
    )
    .fetch_all(pool)
    .await
}

/// Per current stage, the candidates with an application in the range (a candidate without a
/// pipeline row is new). The funnel's "reached" column is summed from these in the pipeline's
/// order.
pub(crate) async fn funnel(pool: &PgPool, scope: &Scope) -> Result<Vec<Reached>, sqlx::Error> {
    sqlx::query_as!(
        Reached,
        r#"
        select coalesce(p.stage, 'new') as "stage!", count(*) as "candidates!"
        from (select distinct a.candidate_id from applications a
              where a.created_at >= $1 and a.created_at < $2) s
        left join candidate_pipelines p on p.candidate_id = s.candidate_id
        where $3::uuid is null or p.owner_id = $3
        group by 1
        "#,
        scope.from,
        scope.before,
        scope.owner,
    )
    .fetch_all(pool)
    .await
}

/// Per stage, the median length of the stays that ended in the range: from entering the stage
/// (`from_stage_since`, written with each change) to leaving it. A stay still running is not
/// counted: its length is not known yet. Read by `candidate_stage_changes_reports_idx`.
pub(crate) async fn stage_days(
    pool: &PgPool,
    scope: &Scope,
) -> Result<Vec<StageDays>, sqlx::Error> {
    sqlx::query_as!(
        StageDays,
        r#"
        select h.from_stage as "stage!", count(*) as "stays!",
               percentile_cont(0.5) within group (
                   order by extract(epoch from h.created_at - h.from_stage_since)::float8 / 86400)
                 as "median_days!"
        from candidate_stage_changes h
        where h.created_at >= $1 and h.created_at < $2
          and ($3::uuid is null or h.candidate_id in (
              select o.candidate_id from candidate_pipelines o where o.owner_id = $3))
        group by 1
        "#,
        scope.from,
        scope.before,
        scope.owner,
    )
    .fetch_all(pool)
    .await
}
