-- The reports (issue 15, item 6) group the applications of a date range by source, campaign,
-- country of education and target state. This index holds those columns beside created_at, so a
-- report reads only the range's index entries (an index-only scan), never the wide rows with
-- their answers, at any number of candidates.
create index applications_reports_idx on applications (created_at)
    include (candidate_id, heard_about, utm_campaign, country_of_education, target_states,
             open_to_any_state);

-- The median days in each stage: each stage change records when the stage it leaves was entered
-- (the pipeline's stage_changed_at at the time), so a stay's length is one row, not a window over
-- the candidate's whole history. Existing rows get it from the history they already have: the
-- change before, or the candidate's first application for the first change.
alter table candidate_stage_changes add column from_stage_since timestamptz;
alter table candidate_stage_changes disable trigger candidate_stage_changes_append_only;
update candidate_stage_changes h
set from_stage_since = coalesce(prev.since, c.created_at)
from (select id, lag(created_at) over (partition by candidate_id order by created_at, id) as since
      from candidate_stage_changes) prev, candidates c
where prev.id = h.id and c.id = h.candidate_id;
-- A pipeline row made by an owner change was stamped with that moment; a case still at 'new'
-- has been new since the candidate applied.
update candidate_pipelines p set stage_changed_at = c.created_at
from candidates c
where c.id = p.candidate_id and p.stage = 'new'
  and not exists (select 1 from candidate_stage_changes h where h.candidate_id = p.candidate_id);
alter table candidate_stage_changes enable trigger candidate_stage_changes_append_only;
alter table candidate_stage_changes alter column from_stage_since set not null;
create index candidate_stage_changes_reports_idx on candidate_stage_changes (created_at)
    include (candidate_id, from_stage, from_stage_since);
