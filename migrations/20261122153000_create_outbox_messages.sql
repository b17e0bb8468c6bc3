-- The transactional outbox: every e-mail the site sends is first a row here, written in the same
-- transaction as the data it is about, then delivered by the worker (src/worker). The message is
-- stored rendered, so delivery never depends on data that may change or be erased later.
create table outbox_messages (
    id uuid primary key,
    -- The application this message is about; the intake migration adds the foreign key.
    application_id uuid not null,
    kind text not null,
    recipient text not null,
    reply_to text,
    subject text not null,
    body_text text not null,
    body_html text not null,
    -- Stable per row: a retried delivery carries the same Message-ID, so receivers can dedupe.
    message_id text not null,
    status text not null default 'pending',
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    -- A worker's lease: while in the future, no other worker may claim the row.
    locked_until timestamptz,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    constraint outbox_messages_kind_check check (kind in ('support_alert', 'candidate_ack')),
    constraint outbox_messages_status_check check (status in ('pending', 'sent', 'dead')),
    constraint outbox_messages_attempts_check check (attempts >= 0),
    constraint outbox_messages_message_id_key unique (message_id),
    constraint outbox_messages_application_kind_key unique (application_id, kind)
);

-- The worker's claim query: pending rows whose time has come, oldest first.
create index outbox_messages_due_idx on outbox_messages (next_attempt_at) where status = 'pending';
create index outbox_messages_application_idx on outbox_messages (application_id);
