//! The reports' numbers (issue 15, item 6), read from the figures the `report-figures` job keeps
//! (`db::report_figures`, migration 20261207500000): applications per week, the funnel,
//! breakdowns by source, campaign, country of education and target state, and the histogram of
//! completed stays behind the median days in each stage.
//!
//! Every query sums the rows of the range's days (an index on the day, the grouped columns
//! included), so a request reads at most days x keys x owners rows, whatever the number of
//! candidates. The owner filter is a column of those rows (the candidates' owner at the rebuild);
//! without one, the rows summed over every owner (`everyone`) are read instead.

use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// What a report covers: applications submitted (UTC) from `first_day` to `last_day`, both
/// included, of candidates the owner (when chosen) owned at the figures' rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
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

/// How many completed stays in `stage` lasted `whole_days` (one bar of the histogram).
pub(crate) struct Stays {
    pub(crate) stage: String,
    pub(crate) whole_days: i32,
    pub(crate) stays: i64,
}

/// The column a breakdown groups by: its `dimension` in `report_figures`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupBy {
    Source,
    Campaign,
    Country,
    /// An application counts once per target state it names, and as `any` when open to any.
    State,
}

impl GroupBy {
    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Source => "source",
            GroupBy::Campaign => "campaign",
            GroupBy::Country => "country",
            GroupBy::State => "state",
        }
    }
}

/// Begins the one transaction a page reads its figures in: repeatable read, so every report on
/// the page and its "as of" time come from the same rebuild even if another commits meanwhile.
pub(crate) async fn begin_reading(
    pool: &PgPool,
) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("set transaction isolation level repeatable read, read only")
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// When the figures were taken; `None` until the first rebuild has committed.
pub(crate) async fn taken_at(
    conn: &mut PgConnection,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    sqlx::query_scalar!("select taken_at from report_snapshots")
        .fetch_optional(conn)
        .await
}

/// The `weeks` weeks from `first_monday` (every week listed, zero when nothing came), counting
/// applications up to `last_day` included.
pub(crate) async fn weekly(
    conn: &mut PgConnection,
    first_monday: Date,
    weeks: i32,
    last_day: Date,
    owner: Option<Uuid>,
) -> Result<Vec<Week>, sqlx::Error> {
    sqlx::query_as!(
        Week,
        r#"
        select w.week as "week!", coalesce(c.n, 0)::bigint as "applications!"
        from (select $1::date + 7 * n as week from generate_series(0, $2::int - 1) n) w
        left join (
          select (date_trunc('week', f.day))::date as week, sum(f.applications) as n
          from report_figures f
          where f.dimension = 'total' and f.everyone = ($4::uuid is null)
            and f.day >= $1 and f.day <= $3 and ($4::uuid is null or f.owner_id = $4)
          group by 1
        ) c on c.week = w.week
        order by 1
        "#,
        first_monday,
        weeks,
        last_day,
        owner,
    )
    .fetch_all(conn)
    .await
}

/// Applications per value of the grouped column (an empty key is an application without one),
/// and how many of them are of candidates placed now; the most applications first.
pub(crate) async fn breakdown(
    conn: &mut PgConnection,
    scope: &Scope,
    by: GroupBy,
) -> Result<Vec<Breakdown>, sqlx::Error> {
    sqlx::query_as!(
        Breakdown,
        r#"
        select f.key as "key!", sum(f.applications)::bigint as "applications!",
               sum(f.placements)::bigint as "placements!"
        from report_figures f
        where f.dimension = $1 and f.everyone = ($4::uuid is null)
          and f.day >= $2 and f.day <= $3 and ($4::uuid is null or f.owner_id = $4)
        group by 1
        order by 2 desc, 1
        "#,
        by.as_str(),
        scope.first_day,
        scope.last_day,
        scope.owner,
    )
    .fetch_all(conn)
    .await
}

/// Per current stage, the candidates whose first application was in the range (the funnel's
/// cohort). The funnel's "reached" column is summed from these in the pipeline's order.
pub(crate) async fn funnel(
    conn: &mut PgConnection,
    scope: &Scope,
) -> Result<Vec<Reached>, sqlx::Error> {
    sqlx::query_as!(
        Reached,
        r#"
        select c.stage as "stage!", sum(c.candidates)::bigint as "candidates!"
        from report_cohorts c
        where c.everyone = ($3::uuid is null) and c.day >= $1 and c.day <= $2
          and ($3::uuid is null or c.owner_id = $3)
        group by 1
        "#,
        scope.first_day,
        scope.last_day,
        scope.owner,
    )
    .fetch_all(conn)
    .await
}

/// The histogram of the stays that ended in the range, per stage left and length in whole days,
/// shortest first; `reports::median_whole_days` reads the median off it.
pub(crate) async fn stays(
    conn: &mut PgConnection,
    scope: &Scope,
) -> Result<Vec<Stays>, sqlx::Error> {
    sqlx::query_as!(
        Stays,
        r#"
        select s.stage as "stage!", s.whole_days as "whole_days!",
               sum(s.stays)::bigint as "stays!"
        from report_stays s
        where s.everyone = ($3::uuid is null) and s.day >= $1 and s.day <= $2
          and ($3::uuid is null or s.owner_id = $3)
        group by 1, 2
        order by 1, 2
        "#,
        scope.first_day,
        scope.last_day,
        scope.owner,
    )
    .fetch_all(conn)
    .await
}
