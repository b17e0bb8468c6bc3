-- "My application" (issue 13): candidates sign in with a link sent to the address they applied
-- with, and get a server-side session like the recruiters'. Only the SHA-256 of a link's token or
-- a session's token is stored, so a copy of these tables (a backup, a replica) cannot be replayed.

create table candidate_links (
    token_hash bytea primary key,
    candidate_id uuid not null,
    -- 'sign_in': asked for on /my-application (CANDIDATE_LINK_MINUTES); 'acknowledgement': in
    -- the e-mail that acknowledges an application (72 hours).
    purpose text not null,
    expires_at timestamptz not null,
    -- Single use: set by the sign-in that spends the link.
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint candidate_links_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_links_token_hash_check check (octet_length(token_hash) = 32),
    constraint candidate_links_purpose_check check (purpose in ('sign_in', 'acknowledgement'))
);
create index candidate_links_candidate_id_idx on candidate_links (candidate_id);
create index candidate_links_expires_at_idx on candidate_links (expires_at);

create table candidate_sessions (
    token_hash bytea primary key,
    candidate_id uuid not null,
    -- Per-session CSRF token, sent back in every form of the signed-in pages.
    csrf_token text not null,
    created_at timestamptz not null default now(),
    -- Sliding idle timeout: refreshed on every request.
    last_seen_at timestamptz not null default now(),
    -- Absolute timeout.
    expires_at timestamptz not null,
    constraint candidate_sessions_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_sessions_token_hash_check check (octet_length(token_hash) = 32)
);
create index candidate_sessions_candidate_id_idx on candidate_sessions (candidate_id);
create index candidate_sessions_expires_at_idx on candidate_sessions (expires_at);

-- The sign-in e-mail, and its twin for an address with no application on file (so the answer
-- and the work are the same whatever the address).
insert into email_kinds (kind) values ('portal_link'), ('portal_no_application');

-- What candidates do on their pages: recorded with the candidate's id and no recruiter.
insert into audit_actions (action) values
    ('portal_link_requested'), ('portal_signed_in'), ('portal_signed_out'), ('portal_viewed');
