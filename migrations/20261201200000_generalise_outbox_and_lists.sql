-- Foundations the next features share (candidate portal, documents, recruiter workflow, team):
--
-- 1. Lists the code extends are rows of lookup tables: e-mail kinds and audit actions. A later
--    migration adds its values with one insert. With a check constraint each feature would rewrite
--    the whole list, and two features rewriting it would silently drop each other's values. The
--    Rust enums (`db::outbox::MessageKind`, `db::audit::AuditAction`) are the one list in code; a
--    test checks that they and these tables hold the same values.
-- 2. An outbox row may be about an application, a candidate, a recruiter or nobody (a sign-in link
--    to an address, an erasure confirmation). Rows about a candidate go with the candidate.
-- 3. Priorities (a sign-in link must not wait behind other mail), a dedupe key (a scheduled job
--    queues "the reminder for this document for this date" at most once, however often it runs, on
--    however many instances), and the List-Unsubscribe address of mail that is not strictly about
--    the case (RFC 8058 one-click).
-- 4. Scheduled work records its runs, so `serve` knows whether today's run is done.
-- 5. A generic fixed-window rate limiter, counted in the database so every instance shares it.

create table email_kinds (
    kind text primary key,
    created_at timestamptz not null default now(),
    constraint email_kinds_kind_check check (kind ~ '^[a-z][a-z0-9_]{1,62}$')
);
insert into email_kinds (kind) values ('support_alert'), ('candidate_ack');
alter table outbox_messages
    drop constraint outbox_messages_kind_check,
    add constraint outbox_messages_kind_fkey foreign key (kind) references email_kinds (kind);

create table audit_actions (
    action text primary key,
    created_at timestamptz not null default now(),
    constraint audit_actions_action_check check (action ~ '^[a-z][a-z0-9_]{1,62}$')
);
insert into audit_actions (action) values
    ('login_succeeded'), ('login_failed'), ('logout'), ('candidate_viewed'), ('cv_downloaded'),
    ('candidates_exported'), ('candidate_exported'), ('candidate_erased'), ('stage_changed'),
    ('owner_changed'), ('note_added'), ('email_resent'), ('retention_purge');
alter table audit_events
    drop constraint audit_events_action_check,
    add constraint audit_events_action_fkey foreign key (action) references audit_actions (action);

alter table outbox_messages
    alter column application_id drop not null,
    add column candidate_id uuid,
    add column recruiter_id uuid,
    add column priority smallint not null default 0,
    add column dedupe_key text,
    add column unsubscribe_url text,
    add constraint outbox_messages_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    add constraint outbox_messages_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete cascade,
    add constraint outbox_messages_dedupe_key_key unique (dedupe_key),
    add constraint outbox_messages_priority_check check (priority between 0 and 9),
    add constraint outbox_messages_unsubscribe_url_check check (unsubscribe_url ~ '^https?://[^\s]+$');
update outbox_messages o set candidate_id = a.candidate_id
from applications a where a.id = o.application_id;
create index outbox_messages_candidate_id_idx on outbox_messages (candidate_id);
create index outbox_messages_recruiter_id_idx on outbox_messages (recruiter_id);
-- The claim query: due rows, most urgent first, then oldest.
drop index outbox_messages_due_idx;
create index outbox_messages_due_idx on outbox_messages (priority desc, next_attempt_at)
    where status = 'pending';

create table job_runs (
    job text not null,
    -- What the run covered: a date ("2026-12-01") for daily jobs, a date and hour for hourly ones.
    run_key text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    -- Non-personal counts ("queued": 12).
    outcome jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint job_runs_pkey primary key (job, run_key)
);

create table rate_limit_hits (
    -- What is limited ("portal_link_ip", "trust_check"), so one table serves every limit.
    bucket text not null,
    -- A keyed digest (SECRET_KEY) of who is counted: never an address or an IP in the clear.
    key_hash bytea not null,
    window_start timestamptz not null,
    hits integer not null default 0,
    created_at timestamptz not null default now(),
    constraint rate_limit_hits_pkey primary key (bucket, key_hash, window_start)
);
create index rate_limit_hits_window_start_idx on rate_limit_hits (window_start);
