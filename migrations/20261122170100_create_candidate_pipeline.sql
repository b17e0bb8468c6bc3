-- The recruiters' work on a candidate (issue 5): pipeline stage and owner, the history of stage
-- changes, and append-only notes; plus the indexes behind the dashboard's search and filters.

-- One row per candidate once a recruiter has touched them; no row means stage 'new', no owner.
create table candidate_pipelines (
    candidate_id uuid primary key,
    stage text not null default 'new',
    owner_id uuid,
    stage_changed_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    constraint candidate_pipelines_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_pipelines_owner_id_fkey foreign key (owner_id)
        references recruiters (id) on delete set null,
    constraint candidate_pipelines_stage_check check (stage in (
        'new', 'contacted', 'screening', 'credentialing', 'ready_to_present',
        'submitted_to_client', 'client_interview', 'offer', 'immigration_processing', 'placed',
        'not_eligible_yet', 'on_hold', 'withdrawn', 'rejected'))
);
create index candidate_pipelines_stage_idx on candidate_pipelines (stage);
create index candidate_pipelines_owner_id_idx on candidate_pipelines (owner_id);

create table candidate_stage_changes (
    id uuid primary key,
    candidate_id uuid not null,
    from_stage text not null,
    to_stage text not null,
    recruiter_id uuid,
    created_at timestamptz not null default now(),
    constraint candidate_stage_changes_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_stage_changes_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete set null
);
create index candidate_stage_changes_candidate_id_idx
    on candidate_stage_changes (candidate_id, created_at);

create table candidate_notes (
    id uuid primary key,
    candidate_id uuid not null,
    recruiter_id uuid,
    body text not null,
    created_at timestamptz not null default now(),
    constraint candidate_notes_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_notes_recruiter_id_fkey foreign key (recruiter_id)
        references recruiters (id) on delete set null,
    constraint candidate_notes_body_check check (char_length(body) between 1 and 5000)
);
create index candidate_notes_candidate_id_idx on candidate_notes (candidate_id, created_at);

-- History and notes are append-only: edits are refused; deletes stay possible for erasure.
create function refuse_update() returns trigger language plpgsql as $$
begin
    raise exception '% rows cannot be changed, only added', tg_table_name;
end;
$$;
create trigger candidate_notes_append_only before update on candidate_notes
    for each row execute function refuse_update();
create trigger candidate_stage_changes_append_only before update on candidate_stage_changes
    for each row execute function refuse_update();
create trigger audit_events_append_only before update of action, details, created_at
    on audit_events for each row execute function refuse_update();

-- Search: one substring match over name, e-mail, phone and reference (pg_trgm makes `like
-- '%term%'` an index scan). The expression must match `db::candidates_admin` exactly.
create extension if not exists pg_trgm;
create index applications_search_idx on applications using gin (
    (lower(given_name || ' ' || coalesce(family_name, '') || ' ' || email_normalised || ' '
        || phone_e164 || ' ' || reference)) gin_trgm_ops);
-- Filters.
create index applications_country_of_education_idx on applications (country_of_education);
create index applications_target_states_idx on applications using gin (target_states);
-- The "latest application of each candidate" anti-join.
create index applications_candidate_created_idx on applications (candidate_id, created_at desc);
create index candidates_created_at_idx on candidates (created_at);
