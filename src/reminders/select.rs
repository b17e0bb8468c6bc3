//! Which reminders are due on a date: a pure function over plain values, so the rule is tested
//! for any date without a database. `db::reminders` narrows the rows with an index first (expiry
//! dates inside the widest warning window, items missing since before the threshold); this
//! decides exactly.
//!
//! Each reminder is about one event of one checklist item, and its dedupe key names that event,
//! so it is sent once however often the job runs: an expiry is one event per expiry date (a
//! renewed document with a new date is a new event), a missing item is one event per time it
//! went missing.

use time::{Date, Duration};
use uuid::Uuid;

use crate::documents::status::{CurrentDocument, ItemFacts, ItemStatus, status_on};

/// How long an item may stay missing before the candidate and the owner are reminded.
pub(crate) const MISSING_AFTER: Duration = Duration::days(30);

/// How late a missing-item reminder may still go out when the job did not run on its day (an
/// outage, a deploy). It bounds the job's read to the items put on the list in a few weeks, and
/// means an item missing for months when reminders were switched on is not reminded out of the
/// blue: the owner's dashboard lists those.
pub(crate) const MISSING_CATCH_UP: Duration = Duration::days(14);

/// The days (inclusive) an item must have been put on the list to have a missing-item reminder
/// due on `as_of`.
pub(crate) fn missing_window(as_of: Date) -> (Date, Date) {
    let until = as_of - MISSING_AFTER;
    (until - MISSING_CATCH_UP, until)
}

/// Where one checklist item stands, as far as reminders care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Nothing received yet; missing since this date (the day the item was put on the list).
    Missing { since: Date },
    /// A document is on file; `expires_on` (its last valid day) when it or its type's validity
    /// has an end.
    Held { expires_on: Option<Date> },
    /// A recruiter waived it: never reminded.
    Waived,
}

/// One checklist item with its type's warning time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tracked {
    pub(crate) item_id: Uuid,
    pub(crate) standing: Standing,
    /// How many days before the expiry to remind (the document type's warn-before).
    pub(crate) warn_before_days: u16,
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// The document expires on this date, inside its type's warning time.
    Expiring { expires_on: Date },
    /// Nothing received since this date, for at least `MISSING_AFTER`.
    Missing { since: Date },
}

/// Who a reminder goes to: the candidate (only with the e-mail-updates consent) or the owner
/// of the case (the support inbox when nobody owns it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Candidate,
    Owner,
}

impl Audience {
    fn as_str(self) -> &'static str {
        match self {
            Audience::Candidate => "candidate",
            Audience::Owner => "owner",
        }
    }
}

/// A reminder due for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Due {
    pub(crate) item_id: Uuid,
    pub(crate) event: Event,
}

impl Due {
    /// The outbox dedupe key: one message per audience, item and event, whatever the run.
    pub(crate) fn dedupe_key(&self, audience: Audience) -> String {
        let (event, on) = match self.event {
            Event::Expiring { expires_on } => ("expiring", expires_on),
            Event::Missing { since } => ("missing", since),
        };
        format!(
            "reminder:{}:{event}:{}:{on}",
            audience.as_str(),
            self.item_id
        )
    }

    /// Days from `as_of` to the expiry (for the e-mail's wording); `None` for a missing item.
    pub(crate) fn days_left(&self, as_of: Date) -> Option<i64> {
        match self.event {
            Event::Expiring { expires_on } => Some((expires_on - as_of).whole_days()),
            Event::Missing { .. } => None,
        }
    }
}

/// The reminder due for `item` on `as_of`, if any.
///
/// An expiry is due from `warn_before_days` before the last valid day until that day: a day the
/// job did not run (a deploy, an outage) is caught up the next day, and the dedupe key keeps it
/// to one. A type that warns 0 days before is never reminded. A missing item is due once it has been missing for `MISSING_AFTER`.
pub(crate) fn due(item: &Tracked, as_of: Date) -> Option<Due> {
    let event = match item.standing {
        Standing::Held {
            expires_on: Some(expires_on),
        } => {
            // "Expiring" is the checklist's own status (what the candidate's page shows).
            let facts = ItemFacts {
                waived: false,
                current: Some(CurrentDocument {
                    expires_on: Some(expires_on),
                    verified: false,
                }),
            };
            let expiring = status_on(facts, item.warn_before_days, as_of) == ItemStatus::Expiring;
            expiring.then_some(Event::Expiring { expires_on })?
        }
        Standing::Missing { since } => {
            let (from, until) = missing_window(as_of);
            (from <= since && since <= until).then_some(Event::Missing { since })?
        }
        Standing::Held { expires_on: None } | Standing::Waived => return None,
    };
    Some(Due {
        item_id: item.item_id,
        event,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn held(expires_on: Date, warn_before_days: u16) -> Tracked {
        Tracked {
            item_id: Uuid::from_u128(1),
            standing: Standing::Held {
                expires_on: Some(expires_on),
            },
            warn_before_days,
        }
    }

    fn missing(since: Date) -> Tracked {
        Tracked {
            item_id: Uuid::from_u128(2),
            standing: Standing::Missing { since },
            warn_before_days: 90,
        }
    }

    #[test]
    fn an_expiry_is_due_from_its_warning_day_until_the_last_valid_day() {
        let item = held(date!(2027 - 03 - 01), 60);
        // 2027-03-01 minus 60 days is 2026-12-31 (2027 is not a leap year).
        assert_eq!(due(&item, date!(2026 - 12 - 30)), None);
        let first = due(&item, date!(2026 - 12 - 31)).expect("due on the warning day");
        assert_eq!(
            first.event,
            Event::Expiring {
                expires_on: date!(2027 - 03 - 01)
            }
        );
        assert_eq!(first.days_left(date!(2026 - 12 - 31)), Some(60));
        assert!(
            due(&item, date!(2027 - 03 - 01)).is_some(),
            "the last valid day"
        );
        assert_eq!(
            due(&item, date!(2027 - 03 - 02)),
            None,
            "expired, not expiring"
        );
        assert_eq!(due(&item, date!(2027 - 06 - 01)), None);
    }

    #[test]
    fn a_warning_window_across_a_leap_day_counts_it() {
        // 2028-03-01 minus 30 days is 2028-01-31 in a leap year (29 February counts).
        let item = held(date!(2028 - 03 - 01), 30);
        assert_eq!(due(&item, date!(2028 - 01 - 30)), None);
        assert!(due(&item, date!(2028 - 01 - 31)).is_some());
    }

    #[test]
    fn every_day_of_the_window_gives_the_same_key_so_it_is_sent_once() {
        let item = held(date!(2027 - 03 - 01), 90);
        let keys: std::collections::BTreeSet<String> = (0..=90)
            .filter_map(|d| due(&item, date!(2026 - 12 - 01) + Duration::days(d)))
            .map(|d| d.dedupe_key(Audience::Candidate))
            .collect();
        assert_eq!(keys.len(), 1);
        let key = keys.into_iter().next().unwrap();
        assert_eq!(
            key,
            "reminder:candidate:expiring:00000000-0000-0000-0000-000000000001:2027-03-01"
        );
    }

    #[test]
    fn a_renewed_document_is_a_new_event_and_the_owner_has_keys_of_their_own() {
        let old = due(&held(date!(2027 - 03 - 01), 90), date!(2027 - 01 - 01)).unwrap();
        let renewed = due(&held(date!(2029 - 03 - 01), 90), date!(2029 - 01 - 01)).unwrap();
        assert_ne!(
            old.dedupe_key(Audience::Candidate),
            renewed.dedupe_key(Audience::Candidate)
        );
        assert_ne!(
            old.dedupe_key(Audience::Candidate),
            old.dedupe_key(Audience::Owner)
        );
    }

    #[test]
    fn a_missing_item_is_due_after_thirty_days_once_per_time_it_went_missing() {
        let item = missing(date!(2026 - 11 - 01));
        assert_eq!(due(&item, date!(2026 - 11 - 30)), None);
        let on_time = due(&item, date!(2026 - 12 - 01)).expect("30 days missing");
        let later = due(&item, date!(2026 - 12 - 15)).expect("caught up 14 days late");
        assert_eq!(
            due(&item, date!(2026 - 12 - 16)),
            None,
            "too late to start now"
        );
        assert_eq!(
            on_time.dedupe_key(Audience::Owner),
            later.dedupe_key(Audience::Owner)
        );
        assert_eq!(on_time.days_left(date!(2026 - 12 - 01)), None);
        let again = due(&missing(date!(2027 - 01 - 15)), date!(2027 - 02 - 14)).unwrap();
        assert_eq!(
            missing_window(date!(2027 - 03 - 01)),
            (date!(2027 - 01 - 16), date!(2027 - 01 - 30))
        );
        assert_ne!(
            again.dedupe_key(Audience::Owner),
            on_time.dedupe_key(Audience::Owner)
        );
    }

    #[test]
    fn waived_items_and_documents_without_an_end_are_never_reminded() {
        let waived = Tracked {
            standing: Standing::Waived,
            ..missing(date!(2020 - 01 - 01))
        };
        let forever = Tracked {
            standing: Standing::Held { expires_on: None },
            ..missing(date!(2020 - 01 - 01))
        };
        for as_of in [
            date!(2020 - 01 - 01),
            date!(2026 - 12 - 01),
            date!(2099 - 12 - 31),
        ] {
            assert_eq!(due(&waived, as_of), None);
            assert_eq!(due(&forever, as_of), None);
        }
    }

    #[test]
    fn a_zero_day_warning_never_fires_and_a_month_end_expiry_works() {
        assert_eq!(
            due(&held(date!(2027 - 01 - 31), 0), date!(2027 - 01 - 31)),
            None
        );
        let item = held(date!(2027 - 01 - 31), 31);
        assert_eq!(due(&item, date!(2026 - 12 - 30)), None);
        assert!(due(&item, date!(2026 - 12 - 31)).is_some());
    }
}
