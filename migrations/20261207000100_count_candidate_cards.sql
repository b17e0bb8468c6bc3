-- The overview's counts per stage and per country of education, and its total (issue 15: "never
-- a scan per request"): kept beside the cards instead of counted from them on every request (an
-- index-only scan of all 100,000 cards is still 100,000 entries read, 20 ms each count on two
-- busy cores). The overview sums a few hundred rows.
--
-- The counts are derived from the cards only, by a trigger on candidate_cards after each
-- statement (the cards are in turn kept by their own triggers), so every writer keeps them too.
-- Each (dimension, key) is split over 64 stripes by the candidate's id: a count that every
-- submission touches ('stage' 'new') would otherwise be one row that concurrent submissions
-- queue on until each commits; each statement updates its rows in one order, so two cannot
-- deadlock on them.
create table candidate_card_counts (
    dimension text not null,
    key text not null,
    stripe smallint not null,
    candidates bigint not null,
    primary key (dimension, key, stripe),
    constraint candidate_card_counts_dimension_check
        check (dimension in ('stage', 'country_of_education'))
);

-- The stripe of a candidate: stable, spread evenly over 0..63.
create function candidate_card_stripe(candidate_id uuid) returns smallint
language sql immutable parallel safe
return (hashtext(candidate_id::text) & 63)::smallint;

-- After a statement on candidate_cards: +1 for each card it added, -1 for each it removed (an
-- update is both), per stage and per country; an update that changes neither adds nothing and
-- locks no count. TRUNCATE (the benchmark's fill) empties the counts with the cards.
create function count_candidate_cards_after_statement() returns trigger
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
    added_ids uuid[];
    added_stages text[];
    added_countries text[];
    gone_ids uuid[];
    gone_stages text[];
    gone_countries text[];
begin
    if tg_op = 'TRUNCATE' then
        delete from candidate_card_counts;
        return null;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        select array_agg(candidate_id), array_agg(stage), array_agg(country_of_education)
        into added_ids, added_stages, added_countries
        from new_rows;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        select array_agg(candidate_id), array_agg(stage), array_agg(country_of_education)
        into gone_ids, gone_stages, gone_countries
        from old_rows;
    end if;
    insert into candidate_card_counts as c (dimension, key, stripe, candidates)
    select d.dimension, d.key, d.stripe, sum(d.delta)
    from (
        select 'stage' as dimension, a.key, candidate_card_stripe(a.id) as stripe, 1 as delta
        from unnest(added_ids, added_stages) as a(id, key)
        union all
        select 'country_of_education', a.key, candidate_card_stripe(a.id), 1
        from unnest(added_ids, added_countries) as a(id, key)
        union all
        select 'stage', g.key, candidate_card_stripe(g.id), -1
        from unnest(gone_ids, gone_stages) as g(id, key)
        union all
        select 'country_of_education', g.key, candidate_card_stripe(g.id), -1
        from unnest(gone_ids, gone_countries) as g(id, key)
    ) d
    group by 1, 2, 3
    having sum(d.delta) <> 0
    order by 1, 2, 3
    on conflict (dimension, key, stripe) do update set candidates = c.candidates + excluded.candidates;
    return null;
end;
$$;

create trigger candidate_cards_counts_insert after insert on candidate_cards
    referencing new table as new_rows
    for each statement execute function count_candidate_cards_after_statement();
create trigger candidate_cards_counts_update after update on candidate_cards
    referencing old table as old_rows new table as new_rows
    for each statement execute function count_candidate_cards_after_statement();
create trigger candidate_cards_counts_delete after delete on candidate_cards
    referencing old table as old_rows
    for each statement execute function count_candidate_cards_after_statement();
create trigger candidate_cards_counts_truncate after truncate on candidate_cards
    for each statement execute function count_candidate_cards_after_statement();

-- The cards made so far.
insert into candidate_card_counts (dimension, key, stripe, candidates)
select 'stage', stage, candidate_card_stripe(candidate_id), count(*) from candidate_cards group by 1, 2, 3
union all
select 'country_of_education', country_of_education, candidate_card_stripe(candidate_id), count(*)
from candidate_cards group by 1, 2, 3;
