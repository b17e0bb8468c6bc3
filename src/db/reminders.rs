//! The reads of the reminders job, the calendar feed and the digest over the documents checklist
//! (`document_checklist_items`, `candidate_documents`): the items that may have a reminder due on
//! a date, with what the e-mails need, a candidate's expiry dates, and an owner's documents that
//! are expiring or expired (the digest's section).
//!
//! `candidates_for` narrows by index, never by a scan per candidate: current documents whose last
//! valid day is inside the widest warning window (`candidate_documents_expiry_idx`) and open
//! items put on the list inside the missing window (`document_checklist_items_open_idx`). The
//! exact rule is `reminders::select`; the plans are in bench/results (BENCH_ONLY=reminders).

use sqlx::PgPool;
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

use crate::reminders::select::{Standing, Tracked};

/// One item that may have a reminder due, with its candidate's and owner's details.
#[derive(Debug, Clone)]
pub(crate) struct ReminderRow {
    pub(crate) candidate_id: Uuid,
    pub(crate) tracked: Tracked,
    pub(crate) type_key: String,
    /// The latest application's: where the candidate's mail goes, the name it opens with, the
    /// reference the owner's mail quotes.
    pub(crate) candidate_email: String,
    pub(crate) given_name: String,
    pub(crate) reference: String,
    /// The candidate's latest e-mail-updates consent is given.
    pub(crate) email_updates: bool,
    /// The active owner's address; `None` sends the owner's mail to the support inbox.
    pub(crate) owner_email: Option<String>,
}

fn midnight(on: Date) -> OffsetDateTime {
    on.with_time(Time::MIDNIGHT).assume_utc()
}

/// The items that may have a reminder due on `as_of`: current documents whose last valid day is
/// within `widest_warning` days from `as_of`, and open items without a current document put on
/// the list between `missing_from` and `missing_until` (dates, inclusive).
pub(crate) async fn candidates_for(
    pool: &PgPool,
    as_of: Date,
    widest_warning: u16,
    missing_from: Date,
    missing_until: Date,
    warn_days: impl Fn(&str) -> u16,
) -> Result<Vec<ReminderRow>, sqlx::Error> {
    let rows = sqlx::query_file!(
        "src/db/reminders/due.sql",
        as_of,
        as_of + Duration::days(i64::from(widest_warning)),
        midnight(missing_from),
        midnight(missing_until + Duration::days(1)),
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let standing = if row.waived {
                Standing::Waived
            } else if row.document_id.is_some() {
                Standing::Held {
                    expires_on: row.expires_on,
                }
            } else {
                Standing::Missing {
                    since: row.created_at.to_offset(time::UtcOffset::UTC).date(),
                }
            };
            ReminderRow {
                candidate_id: row.candidate_id,
                tracked: Tracked {
                    item_id: row.item_id,
                    standing,
                    warn_before_days: warn_days(&row.type_key),
                },
                type_key: row.type_key,
                candidate_email: row.email,
                given_name: row.given_name,
                reference: row.reference,
                email_updates: row.email_updates,
                owner_email: row.owner_email,
            }
        })
        .collect())
}

/// Which of these dedupe keys are queued already (by an earlier run or another instance), so a
/// run renders only the new ones.
pub(crate) async fn queued_keys(
    pool: &PgPool,
    keys: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select dedupe_key as "dedupe_key!" from outbox_messages where dedupe_key = any($1)"#,
        keys
    )
    .fetch_all(pool)
    .await
}

/// A candidate's current documents that expire: (item, type key, last valid day), soonest first.
pub(crate) async fn expiries_of(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<(Uuid, String, Date)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        select i.id, i.type_key, d.expires_on as "expires_on!"
        from candidate_documents d join document_checklist_items i on i.id = d.item_id
        where d.candidate_id = $1 and d.superseded_at is null and d.expires_on is not null
          and i.waived_at is null
        order by d.expires_on, i.type_key
        "#,
        candidate_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.type_key, r.expires_on))
        .collect())
}

/// A current document of one of an owner's cases that is expiring or expired on a date.
pub(crate) struct OwnedExpiry {
    pub(crate) candidate_id: Uuid,
    pub(crate) type_key: String,
    /// The last valid day.
    pub(crate) expires_on: Date,
    /// The latest application's, as the dashboard names the case. No name: the digest names a
    /// case by its reference only (e-mail passes through relays and inboxes).
    pub(crate) reference: String,
}

/// At most `limit` current documents of the cases `owner_id` owns whose status on `as_of` is
/// "expiring" or "expired" (`documents::status::status_on`, in SQL: `warn_days` gives each type's
/// warning time, a type missing from it warns 0 days), waived items left out, the earliest last
/// valid day first. Read through the owner's cases (`candidate_pipelines_owner_id_idx`) and their
/// documents (`candidate_documents_candidate_idx`), never a scan of all documents.
pub(crate) async fn expiring_for_owner(
    pool: &PgPool,
    owner_id: Uuid,
    as_of: Date,
    warn_days: &[(String, u16)],
    limit: i64,
) -> Result<Vec<OwnedExpiry>, sqlx::Error> {
    let (keys, days): (Vec<String>, Vec<i32>) = warn_days
        .iter()
        .map(|(key, days)| (key.clone(), i32::from(*days)))
        .unzip();
    sqlx::query_as!(
        OwnedExpiry,
        r#"
        select d.candidate_id, i.type_key, d.expires_on as "expires_on!",
               a.reference
        from candidate_pipelines p
        join candidate_documents d on d.candidate_id = p.candidate_id
             and d.superseded_at is null and d.expires_on is not null
        join document_checklist_items i on i.id = d.item_id and i.waived_at is null
        left join unnest($3::text[], $4::int[]) as w(type_key, warn_days)
             on w.type_key = i.type_key
        join lateral (
            select reference from applications x
            where x.candidate_id = d.candidate_id order by x.created_at desc, x.id desc limit 1
        ) a on true
        where p.owner_id = $1
          and (d.expires_on < $2
               or (w.warn_days > 0 and d.expires_on - w.warn_days <= $2))
        order by d.expires_on, d.id
        limit $5
        "#,
        owner_id,
        as_of,
        &keys,
        &days,
        limit,
    )
    .fetch_all(pool)
    .await
}
