select phone_e164, country_of_residence, us_certification, us_certification_status,
       english_test, target_states, open_to_any_state, work_authorisation, availability
from candidate_profile_versions where candidate_id = $1
order by version desc limit 1
