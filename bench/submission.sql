-- pgbench: the statements one accepted application runs, with random values, for bench/run's
-- comparison:   pgbench -n -M prepared -c 32 -j 2 -T 10 -f bench/submission.sql
-- Each statement below is the app's own (src/db/submission/*.sql, which the queries compile
-- from), with pgbench variables for its parameters; tests/api/bench_sql.rs checks that they stay
-- the same, in the same order, and that this script runs. The round trips are the app's too,
-- but for sqlx's pings as the connection leaves the pool and returns: the idempotency look-up outside the
-- transaction, then one transaction with the per-IP counter, the returning-candidate look-up,
-- the candidate, the application, the acknowledgement's sign-in link, the possible-duplicate
-- look-up and its two outbox e-mails; after COMMIT, the document checklist (the candidate's
-- applications, their newest changed details, the plan's items in one statement).
-- The first select draws
-- what the app draws or computes in-process (ids, the reference, the keyed IP hash) and the
-- example application's answers and checklist; e-mail bodies are as long as the app's rendered
-- ones (measured by bench/run). pgbench's \gset turns NULL into '', so the unset answers are
-- stored as ''.
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
       sha256(:n::text::bytea) as ip_hash, sha256(draw.cid::text::bytea) as link_hash,
       'acknowledgement' as link_purpose, 259200 as link_seconds,
       false as is_returning, null as earlier_reference,
       'María José' as given_name, 'dela Cruz' as family_name, '0917 123 4567' as phone_raw,
       'PH' as phone_country, 'PH' as residence, '{PH}' as citizenships, 'PH' as education,
       'bs_mls' as qualification, 2016 as graduation_year, 6.5 as experience,
       'mls_ascpi' as certification, 'passed' as certification_status,
       'ielts_academic' as english_test, '{CA,NY}' as target_states, false as open_to_any_state,
       'needs_sponsorship' as work_authorisation, 'within_3_months' as availability,
       null as message, 'facebook_group' as heard_about, 'MedTech PH group' as heard_about_detail,
       'facebook' as utm_source, null as utm_medium, 'autumn' as utm_campaign, null as utm_term,
       null as utm_content, null as utm_ref, '2026-11-22' as privacy_policy_version,
       true as keep_data,
       array[gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
             gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
             gen_random_uuid()] as item_ids,
       '{cv,passport,mls_ascpi,evaluation,english_test,visascreen,home_licence,state_licence_ca,state_licence_ny}' as item_keys,
       '{"given_name":"María José","family_name":"dela Cruz","single_name":"","email":"bench@example.com","phone_country":"PH","phone":"0917 123 4567","country_of_residence":"PH","citizenship":["PH","",""],"country_of_education":"PH","qualification":"bs_mls","graduation_year":"2016","experience_years":"6.5","us_certification":"mls_ascpi","us_certification_status":"passed","english_test":"ielts_academic","target_states":["CA","NY"],"open_to_any_state":"","work_authorisation":"needs_sponsorship","availability":"within_3_months","message":"","heard_about":"facebook_group","heard_about_detail":"MedTech PH group","consent":"yes","keep_data":"yes"}' as raw_answers,
       'support_alert' as alert_kind, 'support@labmindsstaffing.com' as support_inbox,
       'New application ' || draw.ref as alert_subject,
       repeat('t', 2400) as alert_text, repeat('h', 5200) as alert_html,
       '<' || draw.m1 || '@127.0.0.1>' as alert_message_id, null as alert_secret,
       'candidate_ack' as ack_kind, 'We have received your application ' || draw.ref as ack_subject,
       repeat('t', 1200) as ack_text, repeat('h', 2600) as ack_html,
       '<' || draw.m2 || '@127.0.0.1>' as ack_message_id, md5(draw.cid::text) || md5(draw.m2::text) as ack_secret
from draw \gset
select reference from applications where submission_id = :sid;
begin;
insert into intake_rate_limits (ip_hash, window_start, submissions)
values (:ip_hash, date_trunc('hour', now()), 1)
on conflict on constraint intake_rate_limits_pkey
do update set submissions = intake_rate_limits.submissions + 1
returning submissions;
select m.candidate_id as "candidate_id!", m.reference as "reference!",
       c.email_normalised = :email as "address_is_current!"
from (
    (select candidate_id, reference, created_at from applications
     where email_normalised = :email order by created_at desc limit 1)
    union all
    (select a.candidate_id, a.reference, a.created_at from candidates c
     join applications a on a.candidate_id = c.id
     where c.email_normalised = :email order by a.created_at desc limit 1)
    union all
    (select candidate_id, reference, created_at from applications
     where phone_e164 = :phone order by created_at desc limit 1)
) as m
join candidates c on c.id = m.candidate_id
order by m.created_at desc
limit 1;
insert into candidates (id, email_normalised, phone_e164, email) values (:cid, :email, :phone, :email);
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
    :aid, :cid, :ref, :sid, :is_returning, :earlier_reference, :given_name, :family_name, :email,
    :email, :phone_raw, :phone_country, :phone, :residence, :citizenships, :education,
    :qualification, :graduation_year,
    (:experience::float8)::numeric(3, 1), :certification, :certification_status, :english_test,
    :target_states, :open_to_any_state, :work_authorisation, :availability, :message,
    :heard_about, :heard_about_detail,
    :utm_source, :utm_medium, :utm_campaign, :utm_term, :utm_content, :utm_ref,
    :privacy_policy_version, now(), :ip_hash, :keep_data, :raw_answers
)
on conflict on constraint applications_reference_key do nothing
returning id;
insert into candidate_links (token_hash, candidate_id, purpose, expires_at)
values (:link_hash, :cid, :link_purpose, now() + make_interval(secs => :link_seconds::float8));
select reference from applications
where lower(given_name) = lower(:given_name)
  and lower(coalesce(family_name, '')) = lower(coalesce(:family_name, ''))
  and graduation_year = :graduation_year
  and country_of_education = :education
  and candidate_id <> :cid
order by created_at desc, id desc
limit 1;
insert into outbox_messages
    (id, application_id, candidate_id, kind, recipient, reply_to, subject, body_text, body_html,
     message_id, secret)
values (:m1, :aid, :cid, :alert_kind, :support_inbox, :email, :alert_subject, :alert_text, :alert_html, :alert_message_id, nullif(:alert_secret, ''));
insert into outbox_messages
    (id, application_id, candidate_id, kind, recipient, reply_to, subject, body_text, body_html,
     message_id, secret)
values (:m2, :aid, :cid, :ack_kind, :email, :support_inbox, :ack_subject, :ack_text, :ack_html, :ack_message_id, nullif(:ack_secret, ''));
commit;
select a.id, a.reference, a.earlier_reference, a.given_name, a.family_name,
       a.email, a.phone_raw, a.phone_country, a.phone_e164, a.country_of_residence,
       a.citizenships, a.country_of_education, a.qualification, a.graduation_year,
       a.experience_years::text as "experience_years!", a.us_certification,
       a.us_certification_status, a.english_test, a.target_states, a.open_to_any_state,
       a.work_authorisation, a.availability, a.message, a.heard_about,
       a.heard_about_detail, a.utm_source, a.utm_medium, a.utm_campaign, a.utm_term,
       a.utm_content, a.utm_ref, a.privacy_policy_version, a.privacy_consented_at,
       a.keep_data_consent, a.created_at,
       f.file_name as "cv_file_name?", f.size_bytes as "cv_size_bytes?"
from applications a
left join application_files f on f.application_id = a.id
where a.candidate_id = :cid
order by a.created_at desc, a.id desc;
select phone_e164, country_of_residence, us_certification, us_certification_status,
       english_test, target_states, open_to_any_state, work_authorisation, availability
from candidate_profile_versions where candidate_id = :cid
order by version desc limit 1;
with added as (
    insert into document_checklist_items (id, candidate_id, type_key, origin)
    select k.id, :cid, k.type_key, 'plan' from unnest(:item_ids::uuid[], :item_keys::text[]) as k(id, type_key)
    on conflict (candidate_id, type_key) do nothing
)
delete from document_checklist_items i
where i.candidate_id = :cid and i.origin = 'plan' and i.waived_at is null
  and not (i.type_key = any(:item_keys))
  and not exists (select 1 from candidate_documents d where d.item_id = i.id);
