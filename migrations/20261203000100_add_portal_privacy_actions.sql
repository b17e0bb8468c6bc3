-- "My application" privacy self-service (issue 13): the confirmation of an erasure the candidate
-- asked for (about nobody: the candidate is gone when it is sent), and the export of one's own
-- data.
insert into email_kinds (kind) values ('portal_erased');
insert into audit_actions (action) values ('portal_exported');
