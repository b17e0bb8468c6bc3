with added as (
    insert into document_checklist_items (id, candidate_id, type_key, origin)
    select k.id, $1, k.type_key, 'plan' from unnest($2::uuid[], $3::text[]) as k(id, type_key)
    on conflict (candidate_id, type_key) do nothing
)
delete from document_checklist_items i
where i.candidate_id = $1 and i.origin = 'plan' and i.waived_at is null
  and not (i.type_key = any($3))
  and not exists (select 1 from candidate_documents d where d.item_id = i.id)
