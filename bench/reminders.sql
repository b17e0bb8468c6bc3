-- bench/run (BENCH_ONLY=reminders): the data of the reminders benchmark, generated in SQL.
--   psql -v candidates=100000 -v as_of=2026-12-01 -f bench/reminders.sql
-- :candidates candidates with one application each (the example application's answers), and 8
-- checklist items each with a current document: 2 that never expire (CV, evaluation) and 6 whose
-- last valid day is spread evenly over the 3 years after :as_of (what a 1-to-3-year placement
-- collects). Every tenth candidate also has a missing item put on the list 30 to 59 days before
-- :as_of. Half the candidates chose e-mail reminders; 50 recruiters own four cases in five.
insert into recruiters (id, email, password_hash, display_name)
select gen_random_uuid(), 'bench-owner-' || n || '@labmindsstaffing.com', '$argon2id$bench', 'Owner ' || n
from generate_series(1, 50) n
on conflict do nothing;

create temporary table bench_people as
select n, gen_random_uuid() as cid,
       -- 8 characters of the reference alphabet: n in base 32, so every reference is unique.
       'LM-' || (select string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
                                          1 + ((n / (32 ^ k)::bigint) % 32)::int, 1), '' order by k desc)
                 from generate_series(0, 7) k) as ref
from generate_series(1, :candidates) n;

insert into candidates (id, email_normalised, phone_e164, email)
select cid, 'bench.reminders.' || n || '@example.com', '+639' || lpad(n::text, 9, '0'),
       'bench.reminders.' || n || '@example.com'
from bench_people;

insert into applications (
    id, candidate_id, reference, submission_id, is_returning, given_name, family_name, email,
    email_normalised, phone_raw, phone_country, phone_e164, country_of_residence, citizenships,
    country_of_education, qualification, graduation_year, experience_years, us_certification,
    us_certification_status, english_test, target_states, open_to_any_state, work_authorisation,
    availability, heard_about, privacy_policy_version, privacy_consented_at, consent_ip_hash,
    keep_data_consent, raw_answers)
select gen_random_uuid(), cid, ref, gen_random_uuid(), false, 'María José', 'dela Cruz',
       'bench.reminders.' || n || '@example.com', 'bench.reminders.' || n || '@example.com',
       '0917 123 4567', 'PH', '+639' || lpad(n::text, 9, '0'), 'PH', '{PH}', 'PH', 'bs_mls', 2016,
       6.5, 'mls_ascpi', 'passed', 'ielts_academic', '{CA}', false, 'needs_sponsorship',
       'within_3_months', 'facebook_group', '2026-11-22', now() - interval '120 days',
       sha256(n::text::bytea), true, '{}'
from bench_people;

insert into candidate_pipelines (candidate_id, stage, owner_id)
select p.cid, 'screening', case when p.n % 5 = 0 then null else r.id end
from bench_people p
join (select id, row_number() over (order by id) - 1 as slot from recruiters) r
  on r.slot = p.n % 50;

insert into candidate_consents (id, candidate_id, purpose, given, notice_version, channel)
select gen_random_uuid(), cid, 'email_updates', true, '2026-12-01', 'my_application'
from bench_people where n % 2 = 0;

create temporary table bench_types (slot int, type_key text, expires boolean);
insert into bench_types values
    (0, 'cv', false), (1, 'evaluation', false), (2, 'passport', true), (3, 'mls_ascpi', true),
    (4, 'english_test', true), (5, 'visascreen', true), (6, 'home_licence', true),
    (7, 'state_licence_ca', true);

insert into document_checklist_items (id, candidate_id, type_key, origin, created_at)
select gen_random_uuid(), p.cid, t.type_key, 'plan', now() - interval '120 days'
from bench_people p cross join bench_types t;

insert into candidate_documents (
    id, item_id, candidate_id, kind, content_type, file_name, size_bytes, sha256, issued_on,
    expires_on, uploaded_by, created_at)
select gen_random_uuid(), i.id, i.candidate_id, 'pdf', 'application/pdf', i.type_key || '.pdf',
       10, sha256(i.id::text::bytea), null,
       case when t.expires
            then date :'as_of' + (abs(hashtext(i.id::text)) % 1096)
       end,
       'candidate', now() - interval '100 days'
from document_checklist_items i join bench_types t on t.type_key = i.type_key;

-- The missing items: put on the list 30 to 59 days before :as_of, no document.
insert into document_checklist_items (id, candidate_id, type_key, origin, created_at)
select gen_random_uuid(), cid, 'mls_amt', 'recruiter',
       (date :'as_of' - 30 - (n % 30))::timestamp at time zone 'UTC' + interval '9 hours'
from bench_people where n % 10 = 0;

analyze;
