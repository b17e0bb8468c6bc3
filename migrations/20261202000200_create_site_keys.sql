-- Without SECRET_KEY (development over http only; https requires it), the form tokens and the
-- keyed hashes of the rate-limit counters use a key made once and kept here (issue 18): a restart
-- no longer refuses the forms open at the time, resets no counter, and every instance on the
-- database shares it.
create table site_keys (
    name text not null,
    secret text not null,
    created_at timestamptz not null default now(),
    constraint site_keys_pkey primary key (name)
);
