-- Candidate intake (issue 4): candidates, their applications (every answer, raw and normalised),
-- CV files, and the per-IP submission counter of the public form. Written by one transaction per
-- submission together with the two outbox_messages rows (support alert, candidate acknowledgement).

-- A person, possibly applying more than once. Matched on the normalised e-mail or the E.164 phone
-- of a new application; not unique, because a match on either key links, and two people may share
-- a phone (family) without being merged by a constraint.
create table candidates (
    id uuid primary key,
    email_normalised text not null,
    phone_e164 text not null,
    created_at timestamptz not null default now(),
    constraint candidates_email_normalised_check check (email_normalised = lower(email_normalised)),
    constraint candidates_phone_e164_check check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$')
);
create index candidates_email_normalised_idx on candidates (email_normalised);
create index candidates_phone_e164_idx on candidates (phone_e164);

create table applications (
    id uuid primary key,
    candidate_id uuid not null,
    -- LM- and 8 characters of an alphabet without look-alikes; random, quoted by the candidate.
    reference text not null,
    -- From the signed form token: a re-post of the same rendered form finds this row.
    submission_id uuid not null,
    -- True when the candidate matched an earlier application (shown to recruiters only).
    is_returning boolean not null,
    -- The reference of the most recent earlier application of the same candidate, if any.
    earlier_reference text,
    given_name text not null,
    family_name text,
    email text not null,
    email_normalised text not null,
    phone_raw text not null,
    phone_country text,
    phone_e164 text not null,
    country_of_residence text not null,
    citizenships text[] not null,
    country_of_education text not null,
    qualification text not null,
    graduation_year smallint not null,
    experience_years numeric(3, 1) not null,
    us_certification text not null,
    us_certification_status text not null,
    english_test text not null,
    target_states text[] not null,
    open_to_any_state boolean not null,
    work_authorisation text not null,
    availability text not null,
    message text,
    heard_about text,
    heard_about_detail text,
    utm_source text,
    utm_medium text,
    utm_campaign text,
    utm_term text,
    utm_content text,
    utm_ref text,
    -- Privacy acknowledgement: which notice, when, and a keyed hash of the client IP (never the IP).
    privacy_policy_version text not null,
    privacy_consented_at timestamptz not null,
    consent_ip_hash bytea not null,
    -- Separate, optional consent: keep the data for future roles (drives the purge job).
    keep_data_consent boolean not null,
    -- Every posted answer as typed (strings), beside the normalised columns above.
    raw_answers jsonb not null,
    created_at timestamptz not null default now(),
    constraint applications_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint applications_reference_key unique (reference),
    constraint applications_submission_id_key unique (submission_id),
    constraint applications_reference_check check (reference ~ '^LM-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$'),
    constraint applications_given_name_check check (char_length(given_name) between 1 and 100),
    constraint applications_family_name_check check (char_length(family_name) between 1 and 100),
    constraint applications_email_check check (char_length(email) <= 254),
    constraint applications_phone_e164_check check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
    constraint applications_country_of_residence_check check (country_of_residence ~ '^[A-Z]{2}$'),
    constraint applications_country_of_education_check check (country_of_education ~ '^[A-Z]{2}$'),
    constraint applications_citizenships_check check (cardinality(citizenships) between 1 and 3),
    constraint applications_qualification_check check (qualification in
        ('bs_mls', 'bs_life_science', 'mlt_diploma', 'masters_or_higher', 'other')),
    constraint applications_graduation_year_check check (graduation_year >= 1960),
    constraint applications_experience_years_check check (
        experience_years between 0 and 50 and experience_years * 2 = trunc(experience_years * 2)),
    constraint applications_us_certification_check check (us_certification in
        ('mls_ascpi', 'mlt_ascpi', 'mls_ascp', 'mt_amt', 'mlt_amt', 'specialist_ascp', 'none_yet')),
    constraint applications_us_certification_status_check check (us_certification_status in
        ('not_started', 'preparing', 'applied', 'authorised_to_test', 'exam_scheduled', 'passed', 'lapsed')),
    constraint applications_english_test_check check (english_test in
        ('ielts_academic', 'ielts_general', 'toefl_ibt', 'oet', 'pte_academic', 'cambridge', 'met',
         'toeic', 'duolingo', 'booked', 'none_yet', 'exempt')),
    constraint applications_target_states_check check (
        cardinality(target_states) <= 10 and (open_to_any_state or cardinality(target_states) >= 1)),
    constraint applications_work_authorisation_check check (work_authorisation in
        ('citizen_or_green_card', 'h1b', 'tn', 'ead', 'f1_opt', 'needs_sponsorship', 'other')),
    constraint applications_availability_check check (availability in
        ('now', 'within_3_months', 'months_3_to_6', 'months_6_to_12', 'after_12_months', 'after_visa')),
    constraint applications_heard_about_check check (heard_about in
        ('facebook_group', 'referral', 'webinar', 'search', 'linkedin', 'job_board', 'other')),
    constraint applications_message_check check (char_length(message) <= 2000)
);
-- The recruiter dashboard's filters and look-ups.
create index applications_created_at_idx on applications (created_at desc);
create index applications_candidate_id_idx on applications (candidate_id);
create index applications_email_normalised_idx on applications (email_normalised);
create index applications_phone_e164_idx on applications (phone_e164);

-- The CV, in the database so every instance serves it and backups include it.
create table application_files (
    id uuid primary key,
    application_id uuid not null,
    kind text not null,
    content_type text not null,
    file_name text not null,
    size_bytes integer not null,
    sha256 bytea not null,
    content bytea not null,
    created_at timestamptz not null default now(),
    constraint application_files_application_id_fkey foreign key (application_id)
        references applications (id) on delete cascade,
    constraint application_files_application_id_key unique (application_id),
    constraint application_files_kind_check check (kind in ('pdf', 'doc', 'docx', 'odt', 'rtf')),
    constraint application_files_size_bytes_check check (
        size_bytes between 1 and 10485760 and size_bytes = octet_length(content))
);

-- Submissions per client per hour, counted in the database so every instance shares the limit
-- and it survives restarts. The client is a keyed SHA-256 of its IP address, never the address.
create table intake_rate_limits (
    ip_hash bytea not null,
    window_start timestamptz not null,
    submissions integer not null default 0,
    created_at timestamptz not null default now(),
    constraint intake_rate_limits_pkey primary key (ip_hash, window_start)
);
create index intake_rate_limits_window_start_idx on intake_rate_limits (window_start);

-- The outbox rows belong to an application: erasing an application erases its e-mails.
alter table outbox_messages
    add constraint outbox_messages_application_id_fkey foreign key (application_id)
        references applications (id) on delete cascade;
