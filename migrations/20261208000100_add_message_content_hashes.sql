-- What a message form sent (review of issue 15, item 5; `messages::Checked::content_sha256`):
-- the SHA-256 of its template, subject and text, so a second post of the same form can be told
-- apart: the same content is a double click (nothing sent, the same 303), other content is the
-- recruiter having gone back and edited it (nothing sent, the form comes back with a notice).
--
-- Rows from before this are left null, which compares as different: the text as typed is stored
-- nowhere (the outbox keeps the composed e-mail, the text wrapped with the sign-off and the
-- link), so a backfill could only guess; and a repeat of such a row's token can only come from a
-- form shown before this deploy, for which the form coming back (nothing sent either way) is the
-- safe answer: the recruiter checks it rather than being told a text was sent that may not be.
alter table candidate_messages
    add column content_sha256 bytea,
    add constraint candidate_messages_content_sha256_check
        check (content_sha256 is null or octet_length(content_sha256) = 32);
