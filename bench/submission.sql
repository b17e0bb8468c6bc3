-- pgbench: the SQL one accepted application commits (src/web/intake/submit.rs `save` and
-- `save_once`, queries in src/db/intake.rs), with random values, for bench/run's comparison:
--   pgbench -n -M prepared -c 32 -j 2 -T 10 -f bench/submission.sql
-- Same round trips as the app: the idempotency look-up outside the transaction (here it also
-- draws the random ids the app draws in-process), then one transaction with the per-IP counter,
-- the returning-candidate look-up, the candidate, the application and its two outbox e-mails.
-- The e-mail bodies are as long as the app's rendered ones (measured by bench/run).
\set n random(1, 1000000000)
with draw as (
    select gen_random_uuid() as sid, gen_random_uuid() as cid, gen_random_uuid() as aid,
           gen_random_uuid() as m1, gen_random_uuid() as m2,
           'LM-' || (select string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
                                              1 + floor(random() * 32)::int, 1), '')
                     from generate_series(1, 8)) as ref
)
select draw.*,
       'bench.' || :n || '@example.com' as email,
       '+63917' || lpad((:n % 10000000)::text, 7, '0') as phone,
       coalesce((select reference from applications where submission_id = draw.sid), '') as existing
from draw \gset
begin;
insert into intake_rate_limits (ip_hash, window_start, submissions)
values (sha256(:n::text::bytea), date_trunc('hour', now()), 1)
on conflict on constraint intake_rate_limits_pkey
do update set submissions = intake_rate_limits.submissions + 1
returning submissions;
select candidate_id, reference from applications
where email_normalised = :email or phone_e164 = :phone
order by created_at desc
limit 1;
insert into candidates (id, email_normalised, phone_e164) values (:cid, :email, :phone);
insert into applications (
    id, candidate_id, reference, submission_id, is_returning, earlier_reference,
    given_name, family_name, email, email_normalised, phone_raw, phone_country, phone_e164,
    country_of_residence, citizenships, country_of_education, qualification,
    graduation_year, experience_years, us_certification, us_certification_status,
    english_test, target_states, open_to_any_state, work_authorisation, availability,
    message, heard_about, heard_about_detail,
    utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_ref,
    privacy_policy_version, privacy_consented_at, consent_ip_hash, keep_data_consent,
    raw_answers
) values (
    :aid, :cid, :ref, :sid, false, null,
    'María José', 'dela Cruz', :email, :email, '0917 123 4567', 'PH', :phone,
    'PH', '{PH}', 'PH', 'bs_mls', 2016, (6.5::float8)::numeric(3, 1), 'mls_ascpi', 'passed',
    'ielts_academic', '{CA,NY}', false, 'needs_sponsorship', 'within_3_months',
    'Six years in a hospital lab, mostly chemistry and haematology.', 'facebook_group',
    'MedTech PH group', 'facebook', null, 'autumn', null, null, null,
    '2026-11-22', now(), sha256(:n::text::bytea), true,
    '{"given_name":"María José","family_name":"dela Cruz","single_name":"","email":"bench@example.com","phone_country":"PH","phone":"0917 123 4567","country_of_residence":"PH","citizenship":["PH"],"country_of_education":"PH","qualification":"bs_mls","graduation_year":"2016","experience_years":"6.5","us_certification":"mls_ascpi","us_certification_status":"passed","english_test":"ielts_academic","target_states":["CA","NY"],"open_to_any_state":"","work_authorisation":"needs_sponsorship","availability":"within_3_months","message":"Six years in a hospital lab, mostly chemistry and haematology.","heard_about":"facebook_group","heard_about_detail":"MedTech PH group","consent":"yes","keep_data":"yes","utm_source":"facebook","utm_campaign":"autumn"}'::jsonb
)
on conflict on constraint applications_reference_key do nothing
returning id;
insert into outbox_messages
    (id, application_id, kind, recipient, reply_to, subject, body_text, body_html, message_id)
values (:m1, :aid, 'support_alert', 'support@labmindsstaffing.com', :email,
        'New application ' || :ref, repeat('t', 2400), repeat('h', 5200),
        '<' || :m1 || '@127.0.0.1>');
insert into outbox_messages
    (id, application_id, kind, recipient, reply_to, subject, body_text, body_html, message_id)
values (:m2, :aid, 'candidate_ack', :email, 'support@labmindsstaffing.com',
        'We received your application ' || :ref, repeat('t', 1200), repeat('h', 2600),
        '<' || :m2 || '@127.0.0.1>');
commit;
