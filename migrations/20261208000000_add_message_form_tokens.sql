-- The message form's one-time token (issue 15, item 5; `messages::form_token`): each rendering
-- of "Write a message" carries a new id, stored with the message it sent. The unique constraint
-- is what makes a second post of the same form (a double click, back and send again) send
-- nothing: the second insert finds the id taken and its transaction, outbox row included, is
-- rolled back. Messages sent before this have no form to repeat; they get an id of their own.
alter table candidate_messages add column form_token uuid;
update candidate_messages set form_token = gen_random_uuid();
alter table candidate_messages
    alter column form_token set not null,
    add constraint candidate_messages_form_token_key unique (form_token);
