-- Next actions (issue 15, item 2): what to do next on a case, by when, for whom. At most one
-- open action per candidate (the partial unique index); setting a new one closes the open one
-- as 'replaced', marking it done closes it as 'done'. Erasing a candidate erases its actions.
create table next_actions (
    id uuid primary key,
    candidate_id uuid not null,
    what text not null,
    due_on date not null,
    assignee_id uuid,
    created_by uuid,
    created_at timestamptz not null default now(),
    closed_at timestamptz,
    closed_as text,
    closed_by uuid,
    constraint next_actions_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint next_actions_assignee_id_fkey foreign key (assignee_id)
        references recruiters (id) on delete set null,
    constraint next_actions_created_by_fkey foreign key (created_by)
        references recruiters (id) on delete set null,
    constraint next_actions_closed_by_fkey foreign key (closed_by)
        references recruiters (id) on delete set null,
    constraint next_actions_what_check check (char_length(what) between 1 and 200),
    constraint next_actions_closed_check check (
        (closed_at is null and closed_as is null)
        or (closed_at is not null and closed_as in ('done', 'replaced'))
    )
);

create unique index next_actions_one_open_key on next_actions (candidate_id) where closed_at is null;
-- The list sorted by due date and the overview's overdue actions read only open actions.
create index next_actions_open_due_idx on next_actions (due_on) where closed_at is null;

insert into audit_actions (action) values ('next_action_set'), ('next_action_done');
