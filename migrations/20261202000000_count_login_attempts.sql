-- Login attempts counted BEFORE the password is checked (issue 18): one row per key and fixed
-- 15-minute window, incremented by a single upsert, so parallel requests and several instances
-- can never check more passwords than the limit allows. Keys are keyed hashes (never an address
-- or an e-mail): the account and client together, the client alone, the account alone.
create table login_attempts (
    key_hash bytea not null,
    window_start timestamptz not null,
    attempts integer not null default 1,
    created_at timestamptz not null default now(),
    constraint login_attempts_pkey primary key (key_hash, window_start),
    constraint login_attempts_attempts_check check (attempts >= 0)
);
create index login_attempts_window_start_idx on login_attempts (window_start);

-- login_failures stays for now: the previous release still writes it while both run during a
-- deploy (expand, then contract in a later release). The purge keeps emptying it.
