-- "My application" (issue 13, item 3): a candidate's current e-mail address, and changing it only
-- once the new address confirms a link.
--
-- `candidates.email` (as typed) and `candidates.email_normalised` are the current address: where
-- every e-mail to the person goes and what a sign-in request looks up. They start as the latest
-- application's address (a later application moves them to its own address, as before); a
-- confirmed change on My application moves them too. The applications keep the address as sent.
alter table candidates add column email text;
update candidates c
set email = a.email, email_normalised = a.email_normalised
from (
    select distinct on (candidate_id) candidate_id, email, email_normalised
    from applications order by candidate_id, created_at desc, id desc
) a
where a.candidate_id = c.id;
update candidates set email = email_normalised where email is null;
alter table candidates alter column email set not null;

-- A change waiting for the new address to confirm it: the link's token is random (256 bits) and
-- only its SHA-256 is stored. Single use, expires like a sign-in link (CANDIDATE_LINK_MINUTES).
create table candidate_email_changes (
    token_hash bytea primary key,
    candidate_id uuid not null,
    new_email text not null,
    new_email_normalised text not null,
    expires_at timestamptz not null,
    -- Set by the confirmation that spends the link (applied or refused).
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint candidate_email_changes_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_email_changes_token_hash_check check (octet_length(token_hash) = 32),
    constraint candidate_email_changes_normalised_check
        check (new_email_normalised = lower(new_email_normalised))
);
create index candidate_email_changes_candidate_id_idx on candidate_email_changes (candidate_id);
create index candidate_email_changes_expires_at_idx on candidate_email_changes (expires_at);

-- A confirmed change is a profile version like any other (recruiters see old -> new and when);
-- the other answers are carried over unchanged.
alter table candidate_profile_versions
    add column email_before text,
    add column email_after text,
    add constraint candidate_profile_versions_email_check
        check ((email_before is null) = (email_after is null));

-- The raw link token of a queued e-mail (sign-in, acknowledgement, address confirmation): kept
-- only until the message is sent, when it is replaced in the stored bodies and cleared, so a
-- copy of the outbox after delivery holds no usable link.
alter table outbox_messages add column secret text;

insert into email_kinds (kind) values ('portal_email_change'), ('portal_email_changed');
insert into audit_actions (action) values
    ('portal_email_change_requested'), ('portal_email_changed'), ('portal_email_change_refused');
