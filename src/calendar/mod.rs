//! The candidate's personal calendar feed (issue 14, item 5): on My application they make a
//! secret `.ics` URL, see it once, replace it or revoke it; their calendar app polls it and
//! reminds them of each document's expiry and each dated deadline of their plan.
//!
//! The URL carries a 256-bit random token; only its SHA-256 is stored (`db::calendar_feeds`), so
//! the database cannot give the URL away and the page shows it only when it is made. A revoked
//! or replaced token answers 404, like one that never existed. The feed names document types
//! and deadlines only: nothing that identifies the person, should the URL leak.

pub(crate) mod ics;

use sqlx::PgPool;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::advisor::{
    self,
    deadlines::{self, Deadline},
};
use crate::crypto;
use crate::db::{applications, calendar_feeds, profile_versions, reminders};
use crate::guide::facts;
use crate::portal::case::current_answers;
use ics::Entry;

/// The feed's path for a token: `/calendar/<token>.ics`.
pub(crate) fn path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// Makes a new feed for the candidate (replacing the old one) and returns its token, to be
/// shown once; `None` when the candidate is gone.
pub(crate) async fn create(pool: &PgPool, candidate_id: Uuid) -> anyhow::Result<Option<String>> {
    let token = crypto::random_token()?;
    let stored = calendar_feeds::replace(pool, candidate_id, &crypto::token_digest(&token)).await?;
    Ok(stored.then_some(token))
}

/// Stops the candidate's feed; false when there was none.
pub(crate) async fn revoke(pool: &PgPool, candidate_id: Uuid) -> Result<bool, sqlx::Error> {
    calendar_feeds::revoke(pool, candidate_id).await
}

/// One document's expiry, as the feed lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expiry {
    /// The checklist item: the event's UID, stable when the document is replaced.
    pub(crate) item_id: Uuid,
    /// The document type's name ("MLS(ASCPi) certificate").
    pub(crate) type_name: String,
    pub(crate) expires_on: Date,
}

/// The feed's entries: every expiry, then every deadline of the plan.
pub(crate) fn entries(expiries: &[Expiry], deadlines: &[Deadline], domain: &str) -> Vec<Entry> {
    let documents = expiries.iter().map(|e| Entry {
        uid: format!("expiry-{}@{domain}", e.item_id),
        summary: format!("{}: last valid day", e.type_name),
        description: format!(
            "Your {} is valid until this day. Renew it in time and upload the new one on My application.",
            e.type_name
        ),
        starts: e.expires_on,
        ends: e.expires_on + Duration::days(1),
        tentative: false,
    });
    let dated = deadlines.iter().map(|d| Entry {
        uid: format!("{}@{domain}", d.key),
        summary: d.summary.to_owned(),
        description: d.detail.clone(),
        starts: d.starts,
        ends: d.ends,
        tentative: d.tentative,
    });
    documents.chain(dated).collect()
}

/// The feed's iCalendar text for a token, or `None` for a token that is not (or no longer) a
/// feed's.
pub(crate) async fn feed(
    pool: &PgPool,
    token: &str,
    domain: &str,
) -> anyhow::Result<Option<String>> {
    let Some(candidate_id) =
        calendar_feeds::candidate_of(pool, &crypto::token_digest(token)).await?
    else {
        return Ok(None);
    };
    let details = applications::of_candidate(pool, candidate_id).await?;
    let changed = profile_versions::newest(pool, candidate_id).await?;
    // Answers today's lists refuse (an older release's) give no plan: the documents only.
    let deadlines = details
        .first()
        .and_then(|latest| current_answers(latest, changed.as_ref()))
        .map(|answers| deadlines::of_plan(&advisor::plan(&answers, facts::facts()), facts::facts()))
        .unwrap_or_default();
    let expiries: Vec<Expiry> = reminders::expiries_of(pool, candidate_id)
        .await?
        .into_iter()
        .map(|(item_id, type_key, expires_on)| Expiry {
            item_id,
            type_name: crate::reminders::type_name(&type_key),
            expires_on,
        })
        .collect();
    let text = ics::render(
        &entries(&expiries, &deadlines, domain),
        OffsetDateTime::now_utc(),
    );
    Ok(Some(text))
}

/// When the candidate's feed was made, for the page.
pub(crate) async fn made_at(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    calendar_feeds::made_at(pool, candidate_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn entries_name_the_document_type_and_the_deadline_only() {
        let expiry = Expiry {
            item_id: Uuid::from_u128(7),
            type_name: "English test result".to_owned(),
            expires_on: date!(2027 - 05 - 31),
        };
        let deadline = Deadline {
            key: "h1b-registration-fy2028",
            summary: "H-1B registration",
            starts: date!(2027 - 03 - 01),
            ends: date!(2027 - 04 - 01),
            detail: "Not confirmed: expected in March 2027.".to_owned(),
            tentative: true,
        };
        let entries = entries(&[expiry], &[deadline], "labmindsstaffing.com");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].summary, "English test result: last valid day");
        assert_eq!(
            entries[0].uid,
            "expiry-00000000-0000-0000-0000-000000000007@labmindsstaffing.com"
        );
        assert_eq!(
            (entries[0].starts, entries[0].ends),
            (date!(2027 - 05 - 31), date!(2027 - 06 - 01))
        );
        assert!(entries[1].tentative);
        assert_eq!(
            entries[1].uid,
            "h1b-registration-fy2028@labmindsstaffing.com"
        );
    }

    #[test]
    fn feed_paths_carry_the_token_only() {
        assert_eq!(path("ab12"), "/calendar/ab12.ics");
    }
}
