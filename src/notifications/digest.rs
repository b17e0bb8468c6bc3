//! The recruiters' daily digest (issue 15, item 3b): per recruiter with the digest on, the new
//! cases nobody owns, their own overdue next actions and their own cases' documents expiring
//! soon or expired, once per recruiter per local date, at the hour they chose in their own time
//! zone, and nothing when there is nothing to say.
//!
//! When a recruiter is due is a function of a `Clock`, never of the wall clock inside:
//! - `Clock::At(instant)` is the scheduler's hourly tick: each recruiter's local date and hour at
//!   that instant; they are due once their hour has come (so a tick missed while the server was
//!   down is caught up later the same day);
//! - `Clock::Day { date, hour }` is `labminds digest --as-of DATE [--hour HH]`: local date DATE for
//!   every recruiter, at local hour HH (without `--hour`, the end of the day: everyone is due).
//!
//! Once means once across instances and runs: each digest carries the outbox dedupe key
//! `digest:<recruiter id>:<local date>`, and the job runs under its advisory lock.
//!
//! A section is one query that returns its items (see `sections`). The documents' section uses
//! the checklist's own rule (`documents::status::status_on` with each type's warning time, as the
//! reminders do), so it lists what the candidate page shows as "expiring soon" or "expired".
//!
//! Every line names its case by the reference and links to it, never by the candidate's name,
//! like every other recruiter e-mail: an e-mail passes through relays and sits in inboxes, so it
//! carries no more personal data than the recruiter needs to find the case (data minimisation).

use anyhow::Context;
use serde_json::Value;
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

use crate::config::Settings;
use crate::db::attention;
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::recruiters::{self, DigestRecipient};
use crate::db::reminders::{OwnedExpiry, expiring_for_owner};
use crate::documents::document_types;
use crate::documents::status::{CurrentDocument, ItemFacts, ItemStatus, status_on};
use crate::domain::team::{end_of_local_date, local_date, local_hour};
use crate::notifications::emails::{DigestEmail, DigestItem, DigestSection};

/// The most items a section lists; the rest are on the dashboard ("and more on the dashboard").
const SECTION_LIMIT: usize = 20;

/// What time it is for the digest (see the module's notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clock {
    /// The scheduler's tick: each recruiter's own date and hour at this instant.
    At(OffsetDateTime),
    /// By hand: this local date for everyone, at this local hour (`None`: the day's end).
    Day { date: Date, hour: Option<u8> },
}

impl Clock {
    /// The recruiter's local date, and whether their digest hour has come on it.
    fn for_recipient(self, recipient: &DigestRecipient) -> (Date, bool) {
        let chosen = u8::try_from(recipient.digest_hour).unwrap_or(0);
        match self {
            Clock::At(at) => (
                local_date(at, &recipient.time_zone),
                local_hour(at, &recipient.time_zone) >= chosen,
            ),
            Clock::Day { date, hour } => (date, hour.is_none_or(|hour| hour >= chosen)),
        }
    }
}

/// Queues the digest of every recruiter due at `clock` who has not had that date's; returns
/// non-personal counts for the log and `job_runs`.
pub(crate) async fn run(pool: &PgPool, settings: &Settings, clock: Clock) -> anyhow::Result<Value> {
    let recipients = recruiters::digest_recipients(pool).await?;
    let (mut queued, mut sent_before, mut empty, mut not_due) = (0, 0, 0, 0);
    for recipient in &recipients {
        let (date, due) = clock.for_recipient(recipient);
        if !due {
            not_due += 1;
            continue;
        }
        let sections = sections(pool, settings, recipient, date).await?;
        if sections.is_empty() {
            empty += 1;
            continue;
        }
        let origin = settings.public_origin();
        let email = DigestEmail {
            recipient: &recipient.email,
            name: &recipient.display_name,
            date: date.to_string(),
            sections,
            dashboard_url: format!("{origin}/admin"),
            settings_url: format!("{origin}/admin/account#digest"),
        }
        .render()
        .context("rendering a digest failed")?;
        let dedupe_key = format!("digest:{}:{date}", recipient.id);
        let queued_message = Queued {
            dedupe_key: Some(&dedupe_key),
            ..Queued::new(
                MessageKind::RecruiterDigest,
                About::Recruiter(recipient.id),
                &email,
            )
        };
        let mut conn = pool.acquire().await?;
        match outbox::enqueue(&mut conn, &queued_message, settings.message_domain()).await? {
            Some(_) => queued += 1,
            None => sent_before += 1,
        }
    }
    Ok(serde_json::json!({
        "recipients": recipients.len(),
        "queued": queued,
        "sent_before": sent_before,
        "empty": empty,
        "not_due": not_due,
    }))
}

/// The digest's sections with something in them, in the order the e-mail shows them.
async fn sections(
    pool: &PgPool,
    settings: &Settings,
    recipient: &DigestRecipient,
    date: Date,
) -> anyhow::Result<Vec<DigestSection>> {
    let origin = settings.public_origin();
    let case_url = |id: uuid::Uuid| format!("{origin}/admin/candidates/{id}");
    let fetch = i64::try_from(SECTION_LIMIT + 1).unwrap_or(i64::MAX);

    let cutoff = end_of_local_date(date, &recipient.time_zone);
    let unowned = attention::unowned_new_cases(pool, cutoff, fetch).await?;
    let unowned = unowned
        .into_iter()
        .map(|case| DigestItem {
            text: format!("new since {}, nobody owns it", case.created_at.date()),
            url: case_url(case.candidate_id),
            reference: case.reference,
        })
        .collect();

    let overdue = attention::overdue_actions(pool, date, Some(recipient.id), fetch).await?;
    let overdue = overdue
        .into_iter()
        .map(|action| DigestItem {
            text: format!("{}, due {}", action.what, action.due_on),
            url: case_url(action.candidate_id),
            reference: action.reference,
        })
        .collect();

    let types = document_types();
    let warn_days: Vec<(String, u16)> = types
        .all()
        .iter()
        .map(|t| (t.key.clone(), t.warn_days))
        .collect();
    let expiring = expiring_for_owner(pool, recipient.id, date, &warn_days, fetch).await?;
    let expiring = expiring
        .into_iter()
        .filter_map(|row| {
            let warn = types.get(&row.type_key).map_or(0, |t| t.warn_days);
            let text = expiry_text(&row, status_on(expiry_facts(&row), warn, date))?;
            Some(DigestItem {
                text,
                url: case_url(row.candidate_id),
                reference: row.reference,
            })
        })
        .collect();

    let all = [
        section("New cases nobody owns", unowned),
        section("Your overdue next actions", overdue),
        section("Your candidates' documents expiring soon", expiring),
    ];
    Ok(all.into_iter().flatten().collect())
}

/// What `status_on` needs of a current document (verification does not change expiry).
fn expiry_facts(row: &OwnedExpiry) -> ItemFacts {
    ItemFacts {
        waived: false,
        current: Some(CurrentDocument {
            expires_on: Some(row.expires_on),
            verified: false,
        }),
    }
}

/// "Passport, valid until 2099-06-01" or "..., expired (valid until ...)" (the template puts the
/// case's reference before it); `None` for a status the section does not list (the query and the
/// rule disagreeing).
fn expiry_text(row: &OwnedExpiry, status: ItemStatus) -> Option<String> {
    let type_name = crate::reminders::type_name(&row.type_key);
    let until = row.expires_on;
    match status {
        ItemStatus::Expiring => Some(format!("{type_name}, valid until {until}")),
        ItemStatus::Expired => Some(format!("{type_name}, expired (valid until {until})")),
        _ => None,
    }
}

/// A section of at most `SECTION_LIMIT` items, or `None` when it has none.
fn section(title: &'static str, mut items: Vec<DigestItem>) -> Option<DigestSection> {
    if items.is_empty() {
        return None;
    }
    let more = items.len() > SECTION_LIMIT;
    items.truncate(SECTION_LIMIT);
    Some(DigestSection { title, items, more })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn passport(expires_on: Date) -> OwnedExpiry {
        OwnedExpiry {
            candidate_id: uuid::Uuid::from_u128(1),
            type_key: "passport".to_owned(),
            expires_on,
            reference: "LM-TEST0001".to_owned(),
        }
    }

    #[test]
    fn a_documents_line_names_the_type_and_the_last_valid_day() {
        let (today, until) = (date!(2099 - 03 - 20), date!(2099 - 06 - 01));
        let row = passport(until);
        // 180 days before 1 June 2099 is 3 December 2098: expiring on the day.
        let status = status_on(expiry_facts(&row), 180, today);
        assert_eq!(
            expiry_text(&row, status).as_deref(),
            Some("Passport, valid until 2099-06-01")
        );
        let row = passport(date!(2099 - 03 - 01));
        let status = status_on(expiry_facts(&row), 180, today);
        assert_eq!(
            expiry_text(&row, status).as_deref(),
            Some("Passport, expired (valid until 2099-03-01)")
        );
        let far = passport(date!(2100 - 01 - 01));
        let status = status_on(expiry_facts(&far), 180, today);
        assert_eq!(
            expiry_text(&far, status),
            None,
            "valid beyond the warning time"
        );
    }
}
