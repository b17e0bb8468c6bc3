//! The rebuild of the reports' figures (`report_figures`, `report_cohorts`, `report_stays`,
//! `report_snapshots`; migration 20261207500000), run by the `report-figures` job.
//!
//! From scratch each time, in one transaction: every row counts each candidate's current owner,
//! stage and placement as of the rebuild, and readers keep seeing the previous figures until it
//! commits (they never see a half-built set, and never wait). Repeatable read, so the three
//! tables and the snapshot's time describe one moment, even while applications keep coming.

use sqlx::PgPool;
use time::OffsetDateTime;

/// What a rebuild wrote: the per-owner rows of each table (counts only, nothing about a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rebuilt {
    pub(crate) taken_at: OffsetDateTime,
    pub(crate) figures: u64,
    pub(crate) cohorts: u64,
    pub(crate) stays: u64,
}

pub(crate) async fn rebuild(pool: &PgPool) -> Result<Rebuilt, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("set transaction isolation level repeatable read")
        .execute(&mut *tx)
        .await?;
    // The grouping of 100,000 applications into some 170,000 figures fits in memory with this
    // (measured: 4 MB, the default, spills to disk and takes twice as long); for this
    // transaction only.
    sqlx::query!("set local work_mem = '64MB'")
        .execute(&mut *tx)
        .await?;
    // The moment the transaction's snapshot is taken: what "figures as of" means.
    let taken_at = sqlx::query_scalar!(r#"select now() as "now!""#)
        .fetch_one(&mut *tx)
        .await?;

    sqlx::query!("delete from report_figures")
        .execute(&mut *tx)
        .await?;
    // One grouping per dimension over the applications joined once to their pipeline rows (no
    // row: nobody owns the candidate, who is new). Grouping the dimensions apart lets each use
    // a hash table sized by its own keys.
    let figures = sqlx::query!(
        r#"
        insert into report_figures
            (dimension, day, owner_id, everyone, key, applications, placements)
        with a as (
          select (a.created_at at time zone 'UTC')::date as day, p.owner_id,
                 coalesce(p.stage = 'placed', false) as placed, a.heard_about, a.utm_campaign,
                 a.country_of_education, a.target_states, a.open_to_any_state
          from applications a
          left join candidate_pipelines p on p.candidate_id = a.candidate_id
        )
        select 'total', day, owner_id, false, '', count(*), count(*) filter (where placed)
        from a group by day, owner_id
        union all
        select 'source', day, owner_id, false, coalesce(heard_about, ''), count(*),
               count(*) filter (where placed)
        from a group by day, owner_id, heard_about
        union all
        select 'campaign', day, owner_id, false, coalesce(utm_campaign, ''), count(*),
               count(*) filter (where placed)
        from a group by day, owner_id, utm_campaign
        union all
        select 'country', day, owner_id, false, country_of_education, count(*),
               count(*) filter (where placed)
        from a group by day, owner_id, country_of_education
        union all
        select 'state', day, owner_id, false, s.state, count(*), count(*) filter (where placed)
        from a
        cross join lateral unnest(a.target_states
            || case when a.open_to_any_state then array['any'] else '{}'::text[] end) s(state)
        group by day, owner_id, s.state
        "#
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // The same summed over every owner: what the page without an owner filter reads.
    sqlx::query!(
        r#"
        insert into report_figures
            (dimension, day, owner_id, everyone, key, applications, placements)
        select dimension, day, null, true, key, sum(applications), sum(placements)
        from report_figures
        group by dimension, day, key
        "#
    )
    .execute(&mut *tx)
    .await?;

    sqlx::query!("delete from report_cohorts")
        .execute(&mut *tx)
        .await?;
    let cohorts = sqlx::query!(
        r#"
        insert into report_cohorts (day, owner_id, everyone, stage, candidates)
        select (f.first_at at time zone 'UTC')::date, p.owner_id, false,
               coalesce(p.stage, 'new'), count(*)
        from (select candidate_id, min(created_at) as first_at
              from applications group by candidate_id) f
        left join candidate_pipelines p on p.candidate_id = f.candidate_id
        group by 1, 2, 4
        "#
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        r#"
        insert into report_cohorts (day, owner_id, everyone, stage, candidates)
        select day, null, true, stage, sum(candidates)
        from report_cohorts
        group by day, stage
        "#
    )
    .execute(&mut *tx)
    .await?;

    sqlx::query!("delete from report_stays")
        .execute(&mut *tx)
        .await?;
    // A stay's length in whole days, rounded down; never below 0 (a clock step back between
    // entering and leaving must not make a negative bar).
    let stays = sqlx::query!(
        r#"
        insert into report_stays (day, owner_id, everyone, stage, whole_days, stays)
        select (h.created_at at time zone 'UTC')::date, p.owner_id, false, h.from_stage,
               greatest(0, floor(extract(epoch from h.created_at - h.from_stage_since)
                                 / 86400))::int,
               count(*)
        from candidate_stage_changes h
        left join candidate_pipelines p on p.candidate_id = h.candidate_id
        group by 1, 2, 4, 5
        "#
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        r#"
        insert into report_stays (day, owner_id, everyone, stage, whole_days, stays)
        select day, null, true, stage, whole_days, sum(stays)
        from report_stays
        group by day, stage, whole_days
        "#
    )
    .execute(&mut *tx)
    .await?;

    sqlx::query!(
        r#"
        insert into report_snapshots (id, taken_at) values (true, $1)
        on conflict (id) do update set taken_at = excluded.taken_at
        "#,
        taken_at,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Rebuilt {
        taken_at,
        figures,
        cohorts,
        stays,
    })
}

/// After a rebuild: every row of the previous figures is dead. Vacuuming at once keeps the
/// tables and their indexes the size of one set of figures (reads stay index-only scans of
/// live rows), and the statistics of the new rows lead the planner to the index for a range.
pub(crate) async fn tidy(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("vacuum (analyze) report_figures, report_cohorts, report_stays, report_snapshots")
        .execute(pool)
        .await?;
    Ok(())
}
