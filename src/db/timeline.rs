//! One timeline per candidate (issue 15, item 4): everything that happened on the case, newest
//! first, in one list. One query unions the sources, each read by its candidate index; a source
//! is one more `union all` branch giving the same seven columns:
//!
//! - `at`, `key` (source and row id: the order's tie-break and the "show older" cursor), `kind`;
//! - `actor` (who did it, when a recruiter did), `subject` and `extra` (what, per kind: see
//!   `Entry`), `status` (an e-mail's delivery status).
//!
//! Documents come from their own rows, the record of truth (the audit log says who did what, but
//! a waiver's reason is only on the item): every file ever uploaded (`candidate_documents` keeps
//! replaced ones), each file's verification, and each waiver.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// One entry. By `kind`:
/// - `submitted`: subject = the application's reference;
/// - `stage`: subject → extra (stored stage values);
/// - `owner`: subject = the new owner's name (`None`: nobody);
/// - `note`: subject = the note;
/// - `action_set`: subject = what, extra = due date; `action_done`: subject = what;
/// - `next_step_set`, `next_step_cleared`: the step the candidate reads on My application;
/// - `email`: subject = the e-mail kind, status = its delivery status;
/// - `message`: subject = the message's subject, extra = its template, status as for e-mail;
/// - `profile`: subject = the changed fields ("phone,availability"), extra = the version;
/// - `consent`: subject = the purpose, extra = "given" or "withdrawn";
/// - `document_uploaded`: subject = the document type's key, extra = "candidate" or "recruiter";
/// - `document_verified`: subject = the type's key;
/// - `document_waived`: subject = the type's key, extra = the reason.
pub(crate) struct Entry {
    pub(crate) at: OffsetDateTime,
    pub(crate) key: String,
    pub(crate) kind: String,
    pub(crate) actor: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) extra: Option<String>,
    pub(crate) status: Option<String>,
}

/// Where a page of the timeline starts: strictly older than this entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub(crate) at: OffsetDateTime,
    pub(crate) key: String,
}

impl Cursor {
    /// "<unix microseconds>~<key>", for a link; PostgreSQL keeps microseconds, so it round-trips.
    pub(crate) fn encode(&self) -> String {
        format!("{}~{}", self.at.unix_timestamp_nanos() / 1000, self.key)
    }

    /// `None` for anything `encode` did not make.
    pub(crate) fn decode(raw: &str) -> Option<Cursor> {
        let (micros, key) = raw.split_once('~')?;
        let micros: i128 = micros.parse().ok()?;
        let at = OffsetDateTime::from_unix_timestamp_nanos(micros.checked_mul(1000)?).ok()?;
        let valid = key.len() <= 60
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c));
        (valid && !key.is_empty()).then(|| Cursor {
            at,
            key: key.to_owned(),
        })
    }
}

/// A page of the timeline, newest first, and the cursor of the next (older) page, if any.
pub(crate) struct Page {
    pub(crate) entries: Vec<Entry>,
    pub(crate) older: Option<Cursor>,
}

/// At most `limit` entries older than `before` (or the newest, without it).
pub(crate) async fn of_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
    before: Option<&Cursor>,
    limit: usize,
) -> Result<Page, sqlx::Error> {
    let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
    let mut entries = sqlx::query_as!(
        Entry,
        r#"
        select t.at as "at!", t.key as "key!", t.kind as "kind!", t.actor as "actor?",
               t.subject as "subject?", t.extra as "extra?", t.status as "status?"
        from (
            select a.created_at as at, 'application:' || a.id as key, 'submitted' as kind,
                   null::text as actor, a.reference as subject, null::text as extra,
                   null::text as status
            from applications a where a.candidate_id = $1
          union all
            select h.created_at, 'stage:' || h.id, 'stage', r.display_name, h.from_stage,
                   h.to_stage, null
            from candidate_stage_changes h left join recruiters r on r.id = h.recruiter_id
            where h.candidate_id = $1
          union all
            select e.created_at, 'audit:' || e.id,
                   case e.action when 'owner_changed' then 'owner' else e.action end,
                   r.display_name, o.display_name, null, null
            from audit_events e
            left join recruiters r on r.id = e.recruiter_id
            left join recruiters o
              on e.action = 'owner_changed' and o.id::text = e.details ->> 'owner'
            where e.candidate_id = $1
              and e.action in ('owner_changed', 'next_step_set', 'next_step_cleared')
          union all
            select n.created_at, 'note:' || n.id, 'note', r.display_name, n.body, null, null
            from candidate_notes n left join recruiters r on r.id = n.recruiter_id
            where n.candidate_id = $1
          union all
            select x.created_at, 'action:' || x.id, 'action_set', r.display_name, x.what,
                   x.due_on::text, null
            from next_actions x left join recruiters r on r.id = x.created_by
            where x.candidate_id = $1
          union all
            select x.closed_at, 'action-done:' || x.id, 'action_done', r.display_name, x.what,
                   null, null
            from next_actions x left join recruiters r on r.id = x.closed_by
            where x.candidate_id = $1 and x.closed_as = 'done'
          union all
            select o.created_at, 'email:' || o.id, 'email', null, o.kind, null, o.status
            from outbox_messages o
            where o.candidate_id = $1 and o.kind <> 'candidate_message'
          union all
            select m.created_at, 'message:' || m.id, 'message', r.display_name, m.subject,
                   m.template, o.status
            from candidate_messages m
            left join recruiters r on r.id = m.recruiter_id
            left join outbox_messages o on o.id = m.outbox_message_id
            where m.candidate_id = $1
          union all
            select v.created_at, 'profile:' || v.id, 'profile', null,
                   array_to_string(v.changed_fields, ','), v.version::text, null
            from candidate_profile_versions v where v.candidate_id = $1
          union all
            select c.created_at, 'consent:' || c.id, 'consent', null, c.purpose,
                   case when c.given then 'given' else 'withdrawn' end, null
            from candidate_consents c where c.candidate_id = $1
          union all
            select d.created_at, 'document:' || d.id, 'document_uploaded', r.display_name,
                   i.type_key, d.uploaded_by, null
            from candidate_documents d
            join document_checklist_items i on i.id = d.item_id
            left join recruiters r on r.id = d.uploader_id
            where d.candidate_id = $1
          union all
            select d.verified_at, 'document-verified:' || d.id, 'document_verified',
                   r.display_name, i.type_key, null, null
            from candidate_documents d
            join document_checklist_items i on i.id = d.item_id
            left join recruiters r on r.id = d.verified_by
            where d.candidate_id = $1 and d.verified_at is not null
          union all
            select i.waived_at, 'waiver:' || i.id, 'document_waived', r.display_name,
                   i.type_key, i.waived_reason, null
            from document_checklist_items i left join recruiters r on r.id = i.waived_by
            where i.candidate_id = $1 and i.waived_at is not null
        ) t
        where $2::timestamptz is null or (t.at, t.key) < ($2, $3::text)
        order by t.at desc, t.key desc
        limit $4
        "#,
        candidate_id,
        before.map(|c| c.at),
        before.map(|c| c.key.as_str()),
        fetch,
    )
    .fetch_all(pool)
    .await?;
    let older = (entries.len() > limit).then(|| {
        entries.truncate(limit);
        entries.last().map(|e| Cursor {
            at: e.at,
            key: e.key.clone(),
        })
    });
    Ok(Page {
        entries,
        older: older.flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_what_they_did_not_make() {
        let cursor = Cursor {
            at: time::macros::datetime!(2026-12-01 08:15:30.123456 UTC),
            key: "note:0191c1d0-0000-7000-8000-000000000000".to_owned(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in [
            "",
            "~",
            "12",
            "x~note:1",
            "12~",
            "12~<script>",
            "99999999999999999999999~a",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad:?}");
        }
    }
}
