-- Privacy requests the page cannot fulfil itself (issue 13): an objection, a correction, a
-- restriction, anything else. Each is due 30 days after it arrives (the house deadline, inside
-- GDPR's one month); the dashboard lists them and the overview highlights the overdue ones.
create table privacy_requests (
    id uuid primary key,
    candidate_id uuid not null,
    kind text not null,
    message text not null,
    due_on date not null,
    answered_at timestamptz,
    answered_by uuid,
    created_at timestamptz not null default now(),
    constraint privacy_requests_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint privacy_requests_answered_by_fkey foreign key (answered_by)
        references recruiters (id) on delete set null,
    constraint privacy_requests_kind_check check (kind in
        ('objection', 'correction', 'restriction', 'other')),
    constraint privacy_requests_message_check check (char_length(message) between 1 and 5000)
);
create index privacy_requests_open_idx on privacy_requests (due_on) where answered_at is null;
create index privacy_requests_candidate_id_idx on privacy_requests (candidate_id);

insert into audit_actions (action) values ('privacy_request_made'), ('privacy_request_answered');
