-- The candidate's personal calendar feed (issue 14, item 5): a secret URL with a 256-bit token,
-- of which only the SHA-256 is kept (the page shows the URL once, when it is made). One feed per
-- candidate: making a new one replaces the old (whose URL stops working), revoking deletes it.
-- Erasing the candidate erases the feed.
create table candidate_calendar_feeds (
    candidate_id uuid primary key,
    token_hash bytea not null,
    created_at timestamptz not null default now(),
    constraint candidate_calendar_feeds_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_calendar_feeds_token_hash_key unique (token_hash),
    constraint candidate_calendar_feeds_token_hash_check check (octet_length(token_hash) = 32)
);
