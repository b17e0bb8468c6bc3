-- Documents (issue 14): a checklist per candidate and the files uploaded against it.
--
-- `document_checklist_items`: one row per document type a candidate needs (`type_key` names an
-- entry of src/documents/types.toml; the data file, not a table, is the list of types). Rows come
-- from the advisor's plan (`origin = 'plan'`, re-derived when the answers change) or from a
-- recruiter (`origin = 'recruiter'`). A recruiter may waive an item with a reason.
--
-- `candidate_documents`: every file uploaded for an item, newest last. Uploading again supersedes
-- the current file (`superseded_at`), so at most one current document per item; the older ones
-- stay (a CV submitted with an application is never changed). Dates: `issued_on` as printed,
-- `expires_on` as printed or computed from the type's validity; `expires_on` is the last day the
-- document is valid. Verification belongs to one file (by whom, when).
--
-- `document_contents`: the bytes, apart from the metadata so listings never read them; the
-- PostgreSQL side of `documents::storage`. Erasing a candidate (erasure, retention purge)
-- cascades through all three.
create table document_checklist_items (
    id uuid primary key,
    candidate_id uuid not null,
    type_key text not null,
    origin text not null,
    -- Why a recruiter added it (optional); plan items carry none.
    note text,
    added_by uuid,
    waived_at timestamptz,
    waived_by uuid,
    waived_reason text,
    created_at timestamptz not null default now(),
    constraint document_checklist_items_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint document_checklist_items_added_by_fkey foreign key (added_by)
        references recruiters (id) on delete set null,
    constraint document_checklist_items_waived_by_fkey foreign key (waived_by)
        references recruiters (id) on delete set null,
    constraint document_checklist_items_type_key_key unique (candidate_id, type_key),
    constraint document_checklist_items_type_key_check check (type_key ~ '^[a-z][a-z0-9_]{1,39}$'),
    constraint document_checklist_items_origin_check check (origin in ('plan', 'recruiter')),
    constraint document_checklist_items_note_check check (char_length(note) between 1 and 500),
    constraint document_checklist_items_waived_check check (
        (waived_at is null and waived_reason is null)
        or (waived_at is not null and char_length(waived_reason) between 1 and 500))
);

create table candidate_documents (
    id uuid primary key,
    item_id uuid not null,
    candidate_id uuid not null,
    kind text not null,
    content_type text not null,
    file_name text not null,
    size_bytes integer not null,
    sha256 bytea not null,
    issued_on date,
    expires_on date,
    uploaded_by text not null,
    uploader_id uuid,
    verified_at timestamptz,
    verified_by uuid,
    superseded_at timestamptz,
    created_at timestamptz not null default now(),
    constraint candidate_documents_item_id_fkey foreign key (item_id)
        references document_checklist_items (id) on delete cascade,
    constraint candidate_documents_candidate_id_fkey foreign key (candidate_id)
        references candidates (id) on delete cascade,
    constraint candidate_documents_uploader_id_fkey foreign key (uploader_id)
        references recruiters (id) on delete set null,
    constraint candidate_documents_verified_by_fkey foreign key (verified_by)
        references recruiters (id) on delete set null,
    constraint candidate_documents_kind_check check (
        kind in ('pdf', 'jpg', 'png', 'doc', 'docx', 'odt', 'rtf')),
    constraint candidate_documents_size_bytes_check check (size_bytes between 1 and 10485760),
    constraint candidate_documents_uploaded_by_check check (uploaded_by in ('candidate', 'recruiter')),
    constraint candidate_documents_dates_check check (expires_on >= issued_on)
);

-- One current document per item; the candidate page lists an item's files.
create unique index candidate_documents_current_key on candidate_documents (item_id)
    where superseded_at is null;
create index candidate_documents_candidate_idx on candidate_documents (candidate_id);
-- The dashboard's "expiring in the next N days" and the reminders job read current documents
-- by expiry date: a range scan on this index, never a scan per candidate.
create index candidate_documents_expiry_idx on candidate_documents (expires_on)
    where superseded_at is null and expires_on is not null;
-- "Blocked on a missing document" and the missing-document reminders read open items by age.
create index document_checklist_items_open_idx on document_checklist_items (created_at)
    where waived_at is null;

create table document_contents (
    document_id uuid primary key,
    content bytea not null,
    constraint document_contents_document_id_fkey foreign key (document_id)
        references candidate_documents (id) on delete cascade
);

insert into email_kinds (kind) values ('document_uploaded');
insert into audit_actions (action) values
    ('document_uploaded'), ('document_verified'), ('document_downloaded'),
    ('checklist_item_added'), ('checklist_item_waived');
