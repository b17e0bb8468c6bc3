-- The recruiter dashboard (issue 5): accounts, server-side sessions, login throttling and the
-- audit log of recruiter actions. Accounts are made with `labminds recruiter add`, never seeded.

create table recruiters (
    id uuid primary key,
    -- Stored lower-cased and trimmed: the login compares exactly.
    email text not null,
    -- argon2id PHC string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash).
    password_hash text not null,
    -- Set by `labminds recruiter disable`; a disabled account cannot log in and has no sessions.
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint recruiters_email_key unique (email),
    constraint recruiters_email_check check (
        email = lower(btrim(email)) and char_length(email) between 3 and 254 and email like '%_@_%'),
    constraint recruiters_password_hash_check check (password_hash like '$argon2id$%')
);

-- A session is a random 256-bit token in the cookie; only its SHA-256 is stored, so a copy of this
-- table (a backup, a replica) cannot be replayed as cookies.
create table recruiter_sessions (
    token_hash bytea primary key,
    recruiter_id uuid not null,
    -- Per-session CSRF token, sent back in every dashboard form.
    csrf_token text not null,
    created_at timestamptz not null default now(),
    -- Sliding idle timeout: refreshed on every request.
    last_seen_at timestamptz not null default now(),
    -- Absolute timeout: a session never outlives this, however busy.
    expires_at timestamptz not null,
    constraint recruiter_sessions_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete cascade,
    constraint recruiter_sessions_token_hash_check check (octet_length(token_hash) = 32)
);
create index recruiter_sessions_recruiter_id_idx on recruiter_sessions (recruiter_id);
create index recruiter_sessions_expires_at_idx on recruiter_sessions (expires_at);

-- Failed logins, counted per account and per client within a sliding window, in the database so
-- every instance shares the count. Both keys are keyed hashes (SECRET_KEY): never the typed
-- e-mail, never the IP address.
create table login_failures (
    id bigint generated always as identity primary key,
    account_hash bytea not null,
    ip_hash bytea not null,
    created_at timestamptz not null default now()
);
create index login_failures_account_idx on login_failures (account_hash, created_at);
create index login_failures_ip_idx on login_failures (ip_hash, created_at);
create index login_failures_created_at_idx on login_failures (created_at);

-- What recruiters did, for accountability. Never holds personal data of candidates: the candidate
-- is referenced by id only, and the reference is cleared when the candidate is erased or purged.
create table audit_events (
    id uuid primary key,
    -- Null for failed logins to unknown accounts and for jobs (the retention purge).
    recruiter_id uuid,
    action text not null,
    candidate_id uuid,
    -- Non-personal details: stage names, row counts, filter names.
    details jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint audit_events_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete set null,
    constraint audit_events_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete set null,
    constraint audit_events_action_check check (action in (
        'login_succeeded', 'login_failed', 'logout', 'candidate_viewed', 'cv_downloaded',
        'candidates_exported', 'candidate_exported', 'candidate_erased', 'stage_changed',
        'owner_changed', 'note_added', 'email_resent', 'retention_purge'))
);
create index audit_events_created_at_idx on audit_events (created_at desc);
create index audit_events_candidate_id_idx on audit_events (candidate_id);
create index audit_events_recruiter_id_idx on audit_events (recruiter_id);
