-- The reminders job's read (db::reminders::candidates_for; bench/run, BENCH_ONLY=reminders,
-- explains this very file): the checklist items that may have a reminder due on $1, with what the
-- e-mails need. $1..$2: the last valid days inside the widest warning window; $3..$4: when an open
-- item without a current document must have been put on the list. Both halves read by index.
with due as (
    select d.item_id from candidate_documents d
    where d.superseded_at is null and d.expires_on is not null
      and d.expires_on between $1 and $2
    union
    select i.id from document_checklist_items i
    where i.waived_at is null and i.created_at >= $3 and i.created_at < $4
      and not exists (select 1 from candidate_documents d
                      where d.item_id = i.id and d.superseded_at is null)
)
select i.id as item_id, i.candidate_id, i.type_key, i.created_at,
       i.waived_at is not null as "waived!",
       d.id as "document_id?", d.expires_on as "expires_on?",
       a.email, a.given_name, a.reference,
       coalesce(k.given, false) as "email_updates!",
       r.email as "owner_email?"
from due
join document_checklist_items i on i.id = due.item_id
left join candidate_documents d on d.item_id = i.id and d.superseded_at is null
join lateral (
    select email, given_name, reference from applications
    where candidate_id = i.candidate_id
    order by created_at desc, id desc limit 1
) a on true
left join lateral (
    select given from candidate_consents
    where candidate_id = i.candidate_id and purpose = 'email_updates'
    order by created_at desc, id desc limit 1
) k on true
left join candidate_pipelines p on p.candidate_id = i.candidate_id
left join recruiters r on r.id = p.owner_id and r.disabled_at is null
order by i.candidate_id, i.id
