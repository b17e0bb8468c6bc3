insert into outbox_messages
    (id, application_id, candidate_id, kind, recipient, reply_to, subject, body_text, body_html,
     message_id, secret)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, ''))
