//! Document reminders (issue 14, item 4): once a day (`serve`'s scheduler, or `labminds
//! reminders --as-of YYYY-MM-DD`), every checklist item whose document expires inside its type's
//! warning time, or that has been missing for `select::MISSING_AFTER`, gets one e-mail to the
//! candidate (only with the e-mail-updates consent, with the one-click unsubscribe) and one to the
//! case's owner (or the support inbox).
//!
//! Nothing is sent here: the messages are queued in the outbox, whose worker delivers them. Each
//! carries a dedupe key naming its audience, item and event (`select::Due::dedupe_key`), so a
//! second run for the same day, a run on a later day, or another instance running at the same
//! moment queues nothing new; the job's advisory lock (`jobs::run`) keeps two instances from
//! doing the work twice in the first place.

pub(crate) mod emails;
pub(crate) mod select;

use std::collections::HashSet;

use anyhow::Context;
use serde_json::Value;
use sqlx::PgPool;
use time::Date;

use crate::config::Settings;
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::reminders::{self as rows, ReminderRow};
use crate::documents::document_types;
use crate::email::Email;
use crate::portal::consents::unsubscribe_path;
use emails::{CandidateReminder, OwnerReminder};
use select::{Audience, Due};

/// Rows queued per transaction: few enough to keep each commit short, many enough that the
/// commits do not dominate (bench/run, BENCH_ONLY=reminders).
const BATCH: usize = 500;

/// Counts of one run, for the log and `job_runs` (nothing personal).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Items with a reminder due today (sent now or on an earlier day).
    pub(crate) due: u64,
    pub(crate) queued_candidate: u64,
    pub(crate) queued_owner: u64,
    /// Due for a candidate without the e-mail-updates consent: the owner only.
    pub(crate) without_consent: u64,
}

impl Counts {
    pub(crate) fn json(self) -> Value {
        serde_json::json!({
            "due": self.due,
            "queued_candidate": self.queued_candidate,
            "queued_owner": self.queued_owner,
            "without_consent": self.without_consent,
        })
    }
}

/// Queues the reminders due on `as_of`.
pub(crate) async fn run(pool: &PgPool, settings: &Settings, as_of: Date) -> anyhow::Result<Counts> {
    let types = document_types();
    let widest_warning = types.all().iter().map(|t| t.warn_days).max().unwrap_or(0);
    let (missing_from, missing_until) = select::missing_window(as_of);
    let candidates = rows::candidates_for(
        pool,
        as_of,
        widest_warning,
        missing_from,
        missing_until,
        |key| types.get(key).map_or(0, |t| t.warn_days),
    )
    .await
    .context("could not read the checklist items due for a reminder")?;
    let due: Vec<(ReminderRow, Due)> = candidates
        .into_iter()
        .filter_map(|row| select::due(&row.tracked, as_of).map(|due| (row, due)))
        .collect();
    let mut counts = Counts {
        due: due.len() as u64,
        ..Counts::default()
    };
    for batch in due.chunks(BATCH) {
        let keys: Vec<String> = batch
            .iter()
            .flat_map(|(_, due)| {
                [
                    due.dedupe_key(Audience::Candidate),
                    due.dedupe_key(Audience::Owner),
                ]
            })
            .collect();
        // Rendering is most of the work; skip what an earlier run queued. The dedupe key still
        // decides, for a run of another instance between this read and the insert.
        let queued: HashSet<String> = rows::queued_keys(pool, &keys).await?.into_iter().collect();
        let mut tx = pool.begin().await?;
        for (row, due) in batch {
            let about = About::Candidate(row.candidate_id);
            let candidate_key = due.dedupe_key(Audience::Candidate);
            let owner_key = due.dedupe_key(Audience::Owner);
            if !row.email_updates {
                counts.without_consent += 1;
            } else if !queued.contains(&candidate_key) {
                let email = candidate_email(settings, row, due, as_of)?;
                let message = Queued {
                    dedupe_key: Some(&candidate_key),
                    ..Queued::new(MessageKind::Reminder, about, &email)
                };
                if outbox::enqueue(&mut tx, &message, settings.message_domain())
                    .await?
                    .is_some()
                {
                    counts.queued_candidate += 1;
                }
            }
            if !queued.contains(&owner_key) {
                let email = owner_email(settings, row, due, as_of)?;
                let message = Queued {
                    dedupe_key: Some(&owner_key),
                    ..Queued::new(MessageKind::ReminderOwner, about, &email)
                };
                if outbox::enqueue(&mut tx, &message, settings.message_domain())
                    .await?
                    .is_some()
                {
                    counts.queued_owner += 1;
                }
            }
        }
        tx.commit().await?;
    }
    Ok(counts)
}

/// The document type's name for the e-mails and the feed (the key itself for a type that left
/// the list since the item was made).
pub(crate) fn type_name(key: &str) -> String {
    document_types()
        .get(key)
        .map_or_else(|| key.to_owned(), |t| t.name.clone())
}

/// The candidate's reminder, with the one-click unsubscribe of the e-mail-updates consent.
fn candidate_email(
    settings: &Settings,
    row: &ReminderRow,
    due: &Due,
    as_of: Date,
) -> anyhow::Result<Email> {
    let site = settings.public_origin();
    let support_inbox = settings.mail.support_inbox.to_string();
    let unsubscribe_url = format!(
        "{site}{}",
        unsubscribe_path(settings.secret_key_bytes(), row.candidate_id)
    );
    CandidateReminder {
        recipient: &row.candidate_email,
        given_name: &row.given_name,
        type_name: &type_name(&row.type_key),
        event: due.event,
        days_left: due.days_left(as_of).unwrap_or(0),
        site: &site,
        support_inbox: &support_inbox,
        unsubscribe_url: &unsubscribe_url,
    }
    .render()
    .context("rendering a candidate's reminder failed")
}

/// The owner's reminder (the support inbox's when nobody owns the case).
fn owner_email(
    settings: &Settings,
    row: &ReminderRow,
    due: &Due,
    as_of: Date,
) -> anyhow::Result<Email> {
    let site = settings.public_origin();
    let support_inbox = settings.mail.support_inbox.to_string();
    let candidate_url = format!("{site}/admin/candidates/{}", row.candidate_id);
    OwnerReminder {
        recipient: row.owner_email.as_deref().unwrap_or(&support_inbox),
        reference: &row.reference,
        type_name: &type_name(&row.type_key),
        event: due.event,
        days_left: due.days_left(as_of).unwrap_or(0),
        candidate_told: row.email_updates,
        candidate_url: &candidate_url,
    }
    .render()
    .context("rendering an owner's reminder failed")
}
