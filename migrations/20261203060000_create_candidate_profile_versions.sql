-- "Keeping it current" on My application (issue 13, item 3): every change a candidate makes to
-- the answers they may keep current is a new row here, holding the whole editable set as it
-- stands after the change and which fields changed. The application rows keep the answers
-- exactly as submitted; the newest version (or, without one, the newest application) is current.
-- Erasing the candidate erases the versions.
create table candidate_profile_versions (
    id uuid primary key,
    candidate_id uuid not null,
    version integer not null,
    -- Who made the change: the candidate on their page (the only writer so far).
    changed_by text not null default 'candidate',
    changed_fields text[] not null,
    phone_e164 text not null,
    country_of_residence text not null,
    us_certification text not null,
    us_certification_status text not null,
    english_test text not null,
    target_states text[] not null,
    open_to_any_state boolean not null,
    work_authorisation text not null,
    availability text not null,
    created_at timestamptz not null default now(),
    constraint candidate_profile_versions_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_profile_versions_version_key unique (candidate_id, version),
    constraint candidate_profile_versions_changed_by_check check (changed_by in ('candidate')),
    constraint candidate_profile_versions_changed_fields_check check (cardinality(changed_fields) >= 1),
    constraint candidate_profile_versions_phone_e164_check check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
    constraint candidate_profile_versions_country_check check (country_of_residence ~ '^[A-Z]{2}$'),
    constraint candidate_profile_versions_target_states_check check (
        cardinality(target_states) <= 10 and (open_to_any_state or cardinality(target_states) >= 1))
);

insert into email_kinds (kind) values ('profile_changed');
insert into audit_actions (action) values ('portal_details_changed');
