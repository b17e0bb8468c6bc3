select m.candidate_id as "candidate_id!", m.reference as "reference!",
       c.email_normalised = $1 as "address_is_current!"
from (
    (select candidate_id, reference, created_at from applications
     where email_normalised = $1 order by created_at desc limit 1)
    union all
    (select a.candidate_id, a.reference, a.created_at from candidates c
     join applications a on a.candidate_id = c.id
     where c.email_normalised = $1 order by a.created_at desc limit 1)
    union all
    (select candidate_id, reference, created_at from applications
     where phone_e164 = $2 order by created_at desc limit 1)
) as m
join candidates c on c.id = m.candidate_id
order by m.created_at desc
limit 1
