-- pgbench: the statements one signed-in GET /my-application runs, for bench/run's comparison:
--   pgbench -n -M prepared -c 16 -j 2 -T 10 -D digest='\x…' -D cid=… -f bench/my_application.sql
-- Copied from the app, in its order: db::candidate_sessions::touch (the cookie's session, its
-- idle timer refreshed), db::candidates::summary, db::applications::of_candidate,
-- db::consents::current (the four purposes of portal::consents), db::next_steps::of_candidate
-- and the audit row (portal_viewed). Each runs on its own, as the app runs them (no transaction).
update candidate_sessions set last_seen_at = now()
where token_hash = :digest::bytea
  and expires_at > now()
  and last_seen_at > now() - make_interval(secs => 1800::float8)
returning candidate_id, csrf_token;
select c.id, c.created_at, coalesce(p.stage, 'new') as stage, p.owner_id, r.display_name
from candidates c
left join candidate_pipelines p on p.candidate_id = c.id
left join recruiters r on r.id = p.owner_id
where c.id = :cid::uuid;
select a.id, a.reference, a.earlier_reference, a.given_name, a.family_name,
       a.email, a.phone_raw, a.phone_country, a.phone_e164, a.country_of_residence,
       a.citizenships, a.country_of_education, a.qualification, a.graduation_year,
       a.experience_years::text, a.us_certification,
       a.us_certification_status, a.english_test, a.target_states, a.open_to_any_state,
       a.work_authorisation, a.availability, a.message, a.heard_about,
       a.heard_about_detail, a.utm_source, a.utm_medium, a.utm_campaign, a.utm_term,
       a.utm_content, a.utm_ref, a.privacy_policy_version, a.privacy_consented_at,
       a.keep_data_consent, a.created_at,
       f.file_name, f.size_bytes
from applications a
left join application_files f on f.application_id = a.id
where a.candidate_id = :cid::uuid
order by a.created_at desc, a.id desc;
with latest_application as (
    select privacy_consented_at, privacy_policy_version, keep_data_consent
    from applications where candidate_id = :cid::uuid
    order by created_at desc, id desc limit 1
)
select p.purpose,
       coalesce(c.given, case p.purpose
           when 'processing' then true
           when 'keep_details' then a.keep_data_consent
           else false end),
       coalesce(c.created_at, a.privacy_consented_at),
       coalesce(c.channel, 'application_form'),
       coalesce(c.notice_version, a.privacy_policy_version)
from latest_application a
cross join unnest('{processing,keep_details,email_updates,share_with_employers}'::text[])
    with ordinality as p(purpose, position)
left join lateral (
    select given, created_at, channel, notice_version from candidate_consents
    where candidate_id = :cid::uuid and purpose = p.purpose
    order by created_at desc, id desc limit 1
) c on true
order by p.position;
select what, due_on, set_at from candidate_next_steps where candidate_id = :cid::uuid;
insert into audit_events (id, recruiter_id, action, candidate_id, details)
values (gen_random_uuid(), null, 'portal_viewed', :cid::uuid, '{}'::jsonb);
