select reference from applications
where lower(given_name) = lower($2)
  and lower(coalesce(family_name, '')) = lower(coalesce($3, ''))
  and graduation_year = $4
  and country_of_education = $5
  and candidate_id <> $1
order by created_at desc, id desc
limit 1
