-- The first migration: a table that records when this schema was created, so `labminds migrate`
-- has something to apply on a new database and operators can see the install date.
create table schema_info (
    id boolean primary key default true,
    created_at timestamptz not null default now(),
    constraint schema_info_single_row check (id)
);
insert into schema_info default values;
