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
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
    ($19::float8)::numeric(3, 1), $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
    $30, $31, $32, $33, $34, $35, $36, now(), $37, $38, $39
)
on conflict on constraint applications_reference_key do nothing
returning id
