-- Consents of "My application" (issue 13): each change is a row (given or withdrawn) with the
-- privacy-notice version, the time and how it was given; the latest row per purpose is the
-- current state. Without a row, the application form's answers stand (processing given with
-- the application, keeping the details as ticked; updates and sharing not given).
create table candidate_consents (
    id uuid primary key,
    candidate_id uuid not null,
    purpose text not null,
    given boolean not null,
    notice_version text not null,
    -- 'my_application' (the page's buttons), 'email_unsubscribe' (one-click, RFC 8058).
    channel text not null,
    created_at timestamptz not null default now(),
    constraint candidate_consents_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_consents_purpose_check check (purpose in
        ('processing', 'keep_details', 'email_updates', 'share_with_employers')),
    constraint candidate_consents_channel_check check (channel in
        ('my_application', 'email_unsubscribe'))
);
create index candidate_consents_candidate_idx on candidate_consents (candidate_id, purpose, created_at desc);

insert into audit_actions (action) values ('consent_given'), ('consent_withdrawn');
