-- The document reminders (issue 14, item 4): one to the candidate (with the e-mail-updates
-- consent), one to the case's owner or the support inbox.
insert into email_kinds (kind) values ('reminder'), ('reminder_owner');
