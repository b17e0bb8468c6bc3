-- The reports' figures (issue 15: "report queries take bounded time at 100,000 candidates"):
-- aggregate tables that the `report-figures` job rebuilds from scratch every 10 minutes, in one
-- transaction, so each figure counts every candidate's current owner, stage and placement as of
-- the rebuild, and no submission or stage change ever waits on a counter row. A report sums the
-- rows of its range's days: at most (days x keys x owners) rows, whatever the number of
-- candidates. The rows name no person; an erased candidate's share goes at the next rebuild.
--
-- Unlogged: the figures are derived and rewritten whole every 10 minutes, and logged they wrote
-- some 90 MB of WAL per rebuild at 100,000 candidates (13 GB a day, for backups and replicas to
-- carry). After a crash PostgreSQL empties unlogged tables, the snapshot row with them, so the
-- page says the figures are being computed until the next rebuild, never shows half of them.
--
-- Each table holds its counts twice: per owner (`everyone` false; `owner_id` null: nobody owns the
-- candidate), and summed over all owners (`everyone` true, `owner_id` null), so the page without
-- an owner filter, the usual one, reads fewer rows (at 100,000 candidates and 12 owners, 26
-- weeks: a quarter of the applications' rows, half of the stays').

-- Applications per UTC day of submission, current owner (null: nobody) and grouped value, and
-- how many of them are of candidates placed now. `dimension` 'total' has one key (''), the
-- others the grouped column's value ('' for an application without one); 'state' counts an
-- application once per target state, and 'any' for "open to any state".
create unlogged table report_figures (
    dimension text not null,
    day date not null,
    owner_id uuid,
    everyone boolean not null,
    key text not null,
    applications integer not null,
    placements integer not null,
    constraint report_figures_dimension_check
        check (dimension in ('total', 'source', 'campaign', 'country', 'state')),
    constraint report_figures_everyone_check check (not (everyone and owner_id is not null))
);
create index report_figures_read_idx on report_figures (dimension, everyone, day)
    include (owner_id, key, applications, placements);

-- The funnel's cohorts: candidates by the UTC day of their first application, current owner and
-- current stage (no pipeline row: 'new').
create unlogged table report_cohorts (
    day date not null,
    owner_id uuid,
    everyone boolean not null,
    stage text not null,
    candidates integer not null,
    constraint report_cohorts_everyone_check check (not (everyone and owner_id is not null))
);
create index report_cohorts_read_idx on report_cohorts (everyone, day)
    include (owner_id, stage, candidates);

-- The completed stays in a stage, as a histogram: by the UTC day the stay ended (the stage
-- change), the candidate's current owner, the stage left and the stay's length in whole days
-- (rounded down). The median is read off the histogram (`reports::median_whole_days`).
create unlogged table report_stays (
    day date not null,
    owner_id uuid,
    everyone boolean not null,
    stage text not null,
    whole_days integer not null,
    stays integer not null,
    constraint report_stays_everyone_check check (not (everyone and owner_id is not null))
);
create index report_stays_read_idx on report_stays (everyone, day)
    include (owner_id, stage, whole_days, stays);

-- When the figures were taken: one row, written by each rebuild in the same transaction. No row
-- yet: the figures are being computed (the page says so rather than show zeros).
create unlogged table report_snapshots (
    id boolean primary key default true,
    taken_at timestamptz not null,
    constraint report_snapshots_one_row check (id)
);
