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
where a.candidate_id = $1
order by a.created_at desc, a.id desc
