-- bench/run (BENCH_ONLY=dashboard): 100,000 candidates generated in SQL for the recruiter
-- dashboard's benchmark, with the spread of a site in use: three years of applications (more in
-- recent months), twelve owners and some cases nobody owns, every pipeline stage with a stage
-- history that leads there, open next actions due from two weeks ago to a month ahead, notes,
-- and the countries, sources, campaigns and target states candidates give. Deterministic (from
-- the row number), so two runs measure the same data. Ends with every candidate's card made.
--   psql -v candidates=100000 -f bench/dashboard.sql
\set ON_ERROR_STOP on
\if :{?candidates}
\else
  \set candidates 100000
\endif

truncate applications, candidates, outbox_messages, intake_rate_limits cascade;
-- The dashboard's cards (candidate_cards) are made once at the end, by the refresh function the
-- triggers call: refreshed after each bulk insert below they would be rewritten six times, and
-- the bloated table and indexes would slow the very pages this measures.
select format('alter table %I disable trigger %I', event_object_table, trigger_name)
from information_schema.triggers
where trigger_name like '%\_cards\_%' and action_statement like '%refresh_candidate_cards%'
group by event_object_table, trigger_name
\gexec
delete from recruiters where email like 'bench-owner-%';
insert into recruiters (id, email, password_hash, display_name)
select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
       'bench-owner-' || n || '@labmindsstaffing.com', '$argon2id$bench', 'Owner ' || n
from generate_series(1, 12) n;

create temp table gen as
select n,
       ('10000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as candidate_id,
       ('20000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as application_id,
       -- Ages 0..1095 days, squared towards today: recent months hold more applications.
       now() - make_interval(secs => (power((n * 7919 % 100000) / 100000.0, 2) * 1095 * 86400)::float8)
           - make_interval(secs => (n % 86400)::float8) as created_at,
       (array['PH','PH','PH','PH','IN','IN','NG','KE','PK','EG','ZA','GH','VN','NP','JM','LK','CM','ZW','MX','CA'])
           [1 + n % 20] as country,
       (array['facebook_group','facebook_group','referral','webinar','search','linkedin','job_board','other'])
           [1 + n % 8] as heard_about,
       case when n % 10 < 7 then null
            else (array['ascpi-2026-spring','webinar-nov','fb-lagos','referral-week','=cmd|calc'])[1 + n % 5] end
           as campaign,
       -- 14 stages: most cases early in the pipeline, some placed, some parked or closed.
       (array['new','new','new','contacted','contacted','contacted','screening','screening',
              'screening','credentialing','credentialing','credentialing','ready_to_present',
              'submitted_to_client','client_interview','offer','immigration_processing','placed',
              'not_eligible_yet','not_eligible_yet','on_hold','withdrawn','rejected','rejected'])
           [1 + (n * 31) % 24] as stage,
       case when n % 7 = 0 then null
            else ('00000000-0000-4000-8000-' || lpad((1 + n % 12)::text, 12, '0'))::uuid end as owner_id
from generate_series(1, :candidates) n;

insert into candidates (id, email, email_normalised, phone_e164, created_at)
select candidate_id, 'Candidate' || n || '@example.com', 'candidate' || n || '@example.com',
       '+63917' || lpad(n::text, 7, '0'), created_at
from gen;

insert into applications (
    id, candidate_id, reference, submission_id, is_returning, given_name, family_name, email,
    email_normalised, phone_raw, phone_e164, country_of_residence, citizenships,
    country_of_education, qualification, graduation_year, experience_years, us_certification,
    us_certification_status, english_test, target_states, open_to_any_state, work_authorisation,
    availability, heard_about, utm_source, utm_campaign, privacy_policy_version,
    privacy_consented_at, consent_ip_hash, keep_data_consent, raw_answers, created_at)
select g.application_id, g.candidate_id,
       -- The row number in base 32 over the reference alphabet: unique and well formed.
       'LM-' || (select string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', ((g.n >> (5 * k)) & 31) + 1, 1), '' order by k desc)
                 from generate_series(0, 7) k),
       gen_random_uuid(), false,
       (array['Ana','Maria','Jose','Priya','Chinedu','Wanjiru','Ayesha','Mohamed','Thabo','Ama'])[1 + g.n % 10],
       (array['Reyes','Santos','Cruz','Patel','Okafor','Kamau','Khan','Hassan','Nkosi','Mensah'])[1 + (g.n / 10) % 10],
       'Candidate' || g.n || '@example.com', 'candidate' || g.n || '@example.com',
       '0917' || lpad(g.n::text, 7, '0'), '+63917' || lpad(g.n::text, 7, '0'),
       g.country, array[g.country], g.country,
       (array['bs_mls','bs_mls','bs_life_science','mlt_diploma','masters_or_higher'])[1 + g.n % 5],
       2005 + g.n % 20, (g.n % 21) / 2.0,
       (array['mls_ascpi','mls_ascpi','mlt_ascpi','none_yet','mls_ascp','mt_amt'])[1 + g.n % 6],
       (array['not_started','preparing','applied','passed','passed','exam_scheduled'])[1 + g.n % 6],
       (array['ielts_academic','none_yet','toefl_ibt','oet','booked','exempt'])[1 + g.n % 6],
       case when g.n % 9 = 0 then '{}'::text[]
            else (string_to_array((array['CA,NY','TX,FL','NY,NJ','CA,WA','IL,OH','FL,GA','TX,AZ','MA,NY'])
                                   [1 + g.n % 8], ','))[1:1 + g.n % 2] end,
       g.n % 9 = 0,
       (array['needs_sponsorship','needs_sponsorship','needs_sponsorship','h1b','citizen_or_green_card','tn'])[1 + g.n % 6],
       (array['now','within_3_months','months_3_to_6','after_visa'])[1 + g.n % 4],
       g.heard_about, case when g.campaign is null then null else 'newsletter' end, g.campaign,
       '2026-11-01', g.created_at, sha256(g.n::text::bytea), g.n % 3 = 0,
       jsonb_build_object('given_name', 'Candidate', 'country_of_education', g.country,
                          'message', repeat('I trained as a medical technologist. ', 8)),
       g.created_at
from gen g;

insert into candidate_pipelines (candidate_id, stage, owner_id, stage_changed_at, created_at)
select candidate_id, stage, owner_id, created_at, created_at from gen;

-- The history that leads to each stage: forward through the working order to it, or for a
-- parked or closed case forward one to three steps and then there; spread over the case's age.
insert into candidate_stage_changes
    (id, candidate_id, from_stage, to_stage, recruiter_id, from_stage_since, created_at)
select gen_random_uuid(), g.candidate_id, path.stages[i - 1], path.stages[i], g.owner_id,
       g.created_at + (now() - g.created_at) * (i - 2) / cardinality(path.stages),
       g.created_at + (now() - g.created_at) * (i - 1) / cardinality(path.stages)
from gen g
cross join lateral (
    select case when fwd.pos > 0 then fwd.order_[1:fwd.pos]
                else fwd.order_[1:1 + g.n % 3] || g.stage end as stages
    from (select array['new','contacted','screening','credentialing','ready_to_present',
                       'submitted_to_client','client_interview','offer',
                       'immigration_processing','placed'] as order_,
                 coalesce(array_position(array['new','contacted','screening','credentialing',
                       'ready_to_present','submitted_to_client','client_interview','offer',
                       'immigration_processing','placed'], g.stage), 0) as pos) fwd
) path
cross join lateral generate_series(2, cardinality(path.stages)) i;

-- Open next actions on most open cases, due from two weeks ago (overdue) to a month ahead.
insert into next_actions (id, candidate_id, what, due_on, assignee_id, created_by, created_at)
select gen_random_uuid(), candidate_id, 'Ask for the English test result',
       current_date + (n % 45 - 14), owner_id, owner_id, created_at
from gen
where n % 10 < 7 and stage not in ('placed', 'withdrawn', 'rejected');

insert into candidate_notes (id, candidate_id, recruiter_id, body, created_at)
select gen_random_uuid(), candidate_id, owner_id, 'Called; will send the evaluation next week.',
       created_at + (now() - created_at) / 2
from gen where n % 3 = 0;

drop table gen;
select format('alter table %I enable trigger %I', event_object_table, trigger_name)
from information_schema.triggers
where trigger_name like '%\_cards\_%' and action_statement like '%refresh_candidate_cards%'
group by event_object_table, trigger_name
\gexec
select refresh_candidate_cards(array(select id from candidates));
vacuum analyze;
