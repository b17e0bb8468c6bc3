-- The team (issue 16): named accounts with roles and time zones, invitations, two-factor sign-in
-- with recovery codes, password resets by e-mail, and sessions a recruiter can list and end.

-- Existing accounts keep working: their display name starts as the e-mail's local part, their role
-- as recruiter (an operator makes the first admin with `labminds recruiter add --admin`).
alter table recruiters
    add column display_name text,
    -- E.164 ("+639171234567"), shown to the recruiter's candidates; optional.
    add column public_phone text,
    -- An IANA name ("Asia/Manila"), checked by the application against the tz database.
    add column time_zone text not null default 'UTC',
    add column role text not null default 'recruiter',
    -- The TOTP secret (RFC 6238, 20 random bytes). Never logged and never shown again after
    -- enrolment; `totp_pending_secret` is the one shown on the enrolment page until confirmed.
    add column totp_secret bytea,
    add column totp_pending_secret bytea,
    -- The last time step (unix time / 30) a code was accepted for: the same code, or an older
    -- one, is refused (no replay within its window).
    add column totp_last_step bigint,
    add constraint recruiters_role_check check (role in ('admin', 'recruiter')),
    add constraint recruiters_public_phone_check check (public_phone ~ '^\+[1-9][0-9]{6,14}$'),
    add constraint recruiters_time_zone_check check (char_length(time_zone) between 1 and 64),
    add constraint recruiters_totp_secret_check check (octet_length(totp_secret) = 20),
    add constraint recruiters_totp_pending_secret_check check (octet_length(totp_pending_secret) = 20);
update recruiters set display_name = split_part(email, '@', 1);
alter table recruiters
    alter column display_name set not null,
    add constraint recruiters_display_name_check check (char_length(display_name) between 1 and 100);

-- Ten single-use codes per account, each shown once. `selector` (the code's first four
-- characters) finds the row, so a code costs one argon2id check, not ten.
create table recovery_codes (
    id uuid primary key,
    recruiter_id uuid not null,
    selector text not null,
    code_hash text not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint recovery_codes_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete cascade,
    constraint recovery_codes_recruiter_selector_key unique (recruiter_id, selector),
    constraint recovery_codes_code_hash_check check (code_hash like '$argon2id$%')
);

-- An invitation is a single-use link (72 hours); only the SHA-256 of its 256-bit token is stored.
-- The account is made when the invitee accepts it.
create table recruiter_invitations (
    token_hash bytea primary key,
    email text not null,
    role text not null,
    invited_by uuid,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    created_at timestamptz not null default now(),
    constraint recruiter_invitations_invited_by_fkey foreign key (invited_by)
        references recruiters (id) on delete set null,
    constraint recruiter_invitations_role_check check (role in ('admin', 'recruiter')),
    constraint recruiter_invitations_email_check check (email = lower(btrim(email))),
    constraint recruiter_invitations_token_hash_check check (octet_length(token_hash) = 32)
);
create index recruiter_invitations_expires_at_idx on recruiter_invitations (expires_at);

-- A password reset is a single-use link (30 minutes); only the SHA-256 of its token is stored.
create table password_resets (
    token_hash bytea primary key,
    recruiter_id uuid not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint password_resets_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete cascade,
    constraint password_resets_token_hash_check check (octet_length(token_hash) = 32)
);
create index password_resets_recruiter_id_idx on password_resets (recruiter_id);

-- Sessions get an id a recruiter can name (to end one from the sessions list; the token hash is
-- never shown), the device they were started on (a short label from the User-Agent, never the
-- whole header), and a state: after the password, a session waits for the second factor (or for
-- enrolment, where two-factor sign-in is required) and opens nothing else.
alter table recruiter_sessions
    add column id uuid not null default gen_random_uuid(),
    add column device text not null default 'Unknown device',
    add column state text not null default 'active',
    add constraint recruiter_sessions_id_key unique (id),
    add constraint recruiter_sessions_state_check check (state in ('active', 'second_factor', 'enrol')),
    add constraint recruiter_sessions_device_check check (char_length(device) <= 80);

insert into email_kinds (kind) values
    ('recruiter_invitation'), ('recruiter_already_member'), ('password_reset'),
    ('password_reset_unknown');
insert into audit_actions (action) values
    ('recruiter_invited'), ('invitation_accepted'), ('role_changed'), ('recruiter_disabled'),
    ('two_factor_enrolled'), ('recovery_code_used'), ('password_reset_requested'),
    ('password_reset'), ('password_changed'), ('session_ended'), ('profile_changed');
