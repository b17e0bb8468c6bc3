-- The returning-candidate check runs on every submission: "the newest application with this
-- e-mail, or with this phone". As one OR query the planner may walk the created_at index
-- backwards and, for a new candidate (no match: the common case), read every application. The
-- query is now two index-only probes (see db::intake::find_earlier_application), each served by
-- one of these indexes, which replace the single-column ones.
create index applications_email_created_idx on applications (email_normalised, created_at desc);
create index applications_phone_created_idx on applications (phone_e164, created_at desc);
drop index applications_email_normalised_idx;
drop index applications_phone_e164_idx;
