-- The dashboard's read model (issue 15): one card per candidate, holding what the candidate list
-- and the overview show, filter and sort by. Without it every request found each candidate's
-- latest application, pipeline row, open next action and last contact for all 100,000
-- candidates, then sorted them (1.3 s for the list sorted by due date); with it each page walks
-- one index of this table in order and stops after a page, or counts one index.
--
-- Why triggers keep it: a card is derived data with ONE definition, the view
-- candidate_card_source; refresh_candidate_cards() copies the view's rows for some candidates
-- into the table. Triggers on every table the view reads call it after each statement, in the
-- writer's transaction, so no writer (the intake, My application, a recruiter's action,
-- erasure, the retention purge, a later migration, psql) can forget it, and nobody ever reads a
-- card that disagrees with its sources. The triggers are per statement with transition tables:
-- the purge deletes thousands of candidates in one statement and refreshes them in one set-based
-- statement, not row by row.
--
-- The recruiter's display name is not on the card: the list joins it from recruiters (a dozen
-- rows), so renaming an account needs no refresh. The search keeps matching every application
-- of a candidate through applications_search_idx (an old reference still finds the person): one
-- text per candidate would either match across two applications or need an index-less array.

create view candidate_card_source as
select c.id as candidate_id,
       -- When the person first applied: the overview's "unowned new cases" age.
       c.created_at,
       -- The latest application's answers: what the list shows.
       a.reference, a.given_name, a.family_name, a.email, a.phone_e164,
       a.country_of_residence, a.country_of_education, a.qualification, a.experience_years,
       a.us_certification, a.us_certification_status, a.english_test, a.work_authorisation,
       a.target_states, a.open_to_any_state, a.is_returning, a.heard_about,
       a.created_at as submitted_at,
       -- No pipeline row means a case nobody has touched: 'new', no owner.
       coalesce(p.stage, 'new') as stage,
       p.owner_id,
       n.id as next_action_id,
       n.due_on,
       -- "Days since last contact" counts from this: the latest application, stage change or note.
       greatest(a.created_at, h.last_at, t.last_at) as last_contact_at
from candidates c
cross join lateral (
    select x.reference, x.given_name, x.family_name, x.email, x.phone_e164,
           x.country_of_residence, x.country_of_education, x.qualification, x.experience_years,
           x.us_certification, x.us_certification_status, x.english_test, x.work_authorisation,
           x.target_states, x.open_to_any_state, x.is_returning, x.heard_about, x.created_at
    from applications x
    where x.candidate_id = c.id
    order by x.created_at desc, x.id desc
    limit 1) a
left join candidate_pipelines p on p.candidate_id = c.id
left join next_actions n on n.candidate_id = c.id and n.closed_at is null
left join lateral (select max(s.created_at) as last_at from candidate_stage_changes s
                   where s.candidate_id = c.id) h on true
left join lateral (select max(o.created_at) as last_at from candidate_notes o
                   where o.candidate_id = c.id) t on true;

-- Made from the view, so the table's columns are the view's, in the view's order (the refresh
-- copies rows with `select *`); the backfill is this statement.
create table candidate_cards as select * from candidate_card_source;
alter table candidate_cards
    add primary key (candidate_id),
    -- Erasure and the purge delete the card with the candidate; so does TRUNCATE ... CASCADE.
    add foreign key (candidate_id) references candidates (id) on delete cascade,
    alter column created_at set not null,
    alter column reference set not null,
    alter column given_name set not null,
    alter column email set not null,
    alter column phone_e164 set not null,
    alter column country_of_residence set not null,
    alter column country_of_education set not null,
    alter column qualification set not null,
    alter column experience_years set not null,
    alter column us_certification set not null,
    alter column us_certification_status set not null,
    alter column english_test set not null,
    alter column work_authorisation set not null,
    alter column target_states set not null,
    alter column open_to_any_state set not null,
    alter column is_returning set not null,
    alter column submitted_at set not null,
    alter column stage set not null,
    alter column last_contact_at set not null;

-- Makes the cards of `ids` what the view says: updated, added, or deleted when the candidate (or
-- their last application) is gone. Generic plans: a plan made for the ids sent costs a few
-- milliseconds on every write (the view joins six tables), the generic one (index probes per id)
-- serves one candidate and the whole table alike.
create function refresh_candidate_cards(ids uuid[]) returns void
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
begin
    if cardinality(ids) = 0 then
        return;
    end if;
    -- Lock the cards first (in one order, so two bulk writers cannot deadlock) and read the
    -- sources in the next statements, which see what was committed meanwhile: two transactions
    -- changing one candidate at once (a note and a re-submission) each compute the card after
    -- the other's commit, never from a snapshot that misses it. A candidate without a card yet is
    -- new in this transaction, so nobody else can be writing it.
    perform 1 from candidate_cards where candidate_id = any(ids) order by candidate_id for update;
    delete from candidate_cards k
    where k.candidate_id = any(ids)
      and not exists (select 1 from candidate_card_source s where s.candidate_id = k.candidate_id);
    insert into candidate_cards
    select * from candidate_card_source s where s.candidate_id = any(ids)
    on conflict (candidate_id) do update
    set (created_at, reference, given_name, family_name, email, phone_e164, country_of_residence,
         country_of_education, qualification, experience_years, us_certification,
         us_certification_status, english_test, work_authorisation, target_states,
         open_to_any_state, is_returning, heard_about, submitted_at, stage, owner_id,
         next_action_id, due_on, last_contact_at)
      = (excluded.created_at, excluded.reference, excluded.given_name, excluded.family_name,
         excluded.email, excluded.phone_e164, excluded.country_of_residence,
         excluded.country_of_education, excluded.qualification, excluded.experience_years,
         excluded.us_certification, excluded.us_certification_status, excluded.english_test,
         excluded.work_authorisation, excluded.target_states, excluded.open_to_any_state,
         excluded.is_returning, excluded.heard_about, excluded.submitted_at, excluded.stage,
         excluded.owner_id, excluded.next_action_id, excluded.due_on, excluded.last_contact_at)
    -- An unchanged card is not rewritten (a portal edit, an e-mail change, a no-op lock).
    where candidate_cards is distinct from excluded;
end;
$$;

-- After a statement on a table the view reads: refresh the cards of the candidates whose rows
-- it inserted, updated or deleted.
create function refresh_candidate_cards_after_statement() returns trigger
language plpgsql as $$
declare
    -- `candidates` names the candidate `id`, the other tables `candidate_id`.
    key text := case tg_table_name when 'candidates' then 'id' else 'candidate_id' end;
    ids uuid[] := '{}';
begin
    if tg_op in ('INSERT', 'UPDATE') then
        ids := ids || array(select (to_jsonb(r) ->> key)::uuid from new_rows r);
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        ids := ids || array(select (to_jsonb(r) ->> key)::uuid from old_rows r);
    end if;
    perform refresh_candidate_cards(array(select distinct unnest(ids)));
    return null;
end;
$$;

-- A trigger with transition tables has one event, so each table gets three.
do $$
declare
    source text;
begin
    foreach source in array array['candidates', 'applications', 'candidate_pipelines',
                                  'next_actions', 'candidate_stage_changes', 'candidate_notes']
    loop
        execute format('create trigger %I after insert on %I referencing new table as new_rows
                        for each statement execute function refresh_candidate_cards_after_statement()',
                       source || '_cards_insert', source);
        execute format('create trigger %I after update on %I
                        referencing old table as old_rows new table as new_rows
                        for each statement execute function refresh_candidate_cards_after_statement()',
                       source || '_cards_update', source);
        execute format('create trigger %I after delete on %I referencing old table as old_rows
                        for each statement execute function refresh_candidate_cards_after_statement()',
                       source || '_cards_delete', source);
    end loop;
end;
$$;

-- The list: each sort walks its index in order (the filters' `$n is null or ...` fold away in
-- the plan made for the values sent) and stops at the count cap; without a filter it reads only
-- the index (candidate_id and the sort keys), and then the page's 50 cards. "Oldest" reads the
-- newest index backwards.
create index candidate_cards_newest_idx on candidate_cards (submitted_at desc, candidate_id desc);
create index candidate_cards_due_idx
    on candidate_cards (due_on asc nulls last, submitted_at desc, candidate_id desc);
-- The names beside the sort key let the name sort read only this index (PostgreSQL reads an
-- expression's columns, not the expression, from an index-only scan).
create index candidate_cards_name_idx
    on candidate_cards ((lower(given_name || ' ' || coalesce(family_name, ''))),
                        submitted_at desc, candidate_id desc)
    include (given_name, family_name);
create index candidate_cards_experience_idx
    on candidate_cards (experience_years desc, submitted_at desc, candidate_id desc);
create index candidate_cards_owner_idx
    on candidate_cards (owner_id, submitted_at desc, candidate_id desc);
-- The list's stage and education filters (the overview's counts are kept in
-- candidate_card_counts, the next migration).
create index candidate_cards_stage_idx on candidate_cards (stage);
create index candidate_cards_country_of_education_idx on candidate_cards (country_of_education);
-- The overview's new cases nobody owns, the oldest first: the first rows of this index.
create index candidate_cards_unowned_new_idx on candidate_cards (created_at, candidate_id)
    where stage = 'new' and owner_id is null;
-- The overview's overdue actions in order (due date, then candidate): the first rows of this
-- index, instead of every open action sorted. It replaces the one on due_on alone.
create index next_actions_open_due_candidate_idx on next_actions (due_on, candidate_id)
    where closed_at is null;
drop index next_actions_open_due_idx;
