-- Notifications and messages (issue 15, items 3 to 5).

-- The daily digest's settings, per account: on by default, at 08:00 in the account's own time
-- zone (`recruiters.time_zone`). The hour is a local hour, 0 to 23.
alter table recruiters
    add column digest_enabled boolean not null default true,
    add column digest_hour smallint not null default 8,
    add constraint recruiters_digest_hour_check check (digest_hour between 0 and 23);

-- A recruiter's message to a candidate (from a template, edited), queued in the outbox in the same
-- transaction. The outbox row carries the delivery status; this row says who wrote it and from
-- which template, for the candidate's timeline. Erased with the candidate.
create table candidate_messages (
    id uuid primary key,
    candidate_id uuid not null,
    recruiter_id uuid,
    template text not null,
    subject text not null,
    outbox_message_id uuid,
    created_at timestamptz not null default now(),
    constraint candidate_messages_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_messages_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete set null,
    constraint candidate_messages_outbox_message_id_fkey foreign key (outbox_message_id)
        references outbox_messages (id) on delete set null,
    constraint candidate_messages_template_check check (template in (
        'missing_document', 'interview_invitation', 'not_eligible_yet', 'general')),
    constraint candidate_messages_subject_check check (char_length(subject) between 1 and 200)
);
create index candidate_messages_candidate_id_idx on candidate_messages (candidate_id, created_at);

-- The timeline reads a candidate's owner changes and next-step changes from the audit log.
create index audit_events_candidate_created_idx on audit_events (candidate_id, created_at);

insert into email_kinds (kind) values ('case_assigned'), ('recruiter_digest'), ('candidate_message');
insert into audit_actions (action) values ('candidate_message_sent'), ('digest_settings_changed');
