-- "What happens next and by when" on My application (issue 13, item 2): one step a recruiter
-- writes for the candidate to read (text and an optional date). Only this table is shown to the
-- candidate; the recruiters' own next actions (issue 15) stay internal. Erasing the candidate
-- erases it.
create table candidate_next_steps (
    candidate_id uuid primary key,
    what text not null,
    due_on date,
    set_by uuid,
    set_at timestamptz not null default now(),
    constraint candidate_next_steps_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_next_steps_set_by_fkey foreign key (set_by)
        references recruiters (id) on delete set null,
    constraint candidate_next_steps_what_check check (char_length(what) between 1 and 300)
);

insert into audit_actions (action) values ('next_step_set'), ('next_step_cleared');
