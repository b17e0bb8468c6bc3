//! The status of a checklist item on a given date, from what is stored about it: pure, so the
//! pages, the dashboard and the reminders job agree, and the date makes it testable.

use time::{Date, Duration};

/// What the checklist shows for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ItemStatus {
    /// Nothing uploaded yet.
    Missing,
    /// Past its last valid day.
    Expired,
    /// Within the type's warning period before the last valid day.
    Expiring,
    /// Uploaded, not yet checked by a recruiter.
    Received,
    /// A recruiter checked the current document.
    Verified,
    /// A recruiter decided the candidate does not need it (with a reason).
    Waived,
}

impl ItemStatus {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ItemStatus::Missing => "Missing",
            ItemStatus::Expired => "Expired",
            ItemStatus::Expiring => "Expiring soon",
            ItemStatus::Received => "Received",
            ItemStatus::Verified => "Verified",
            ItemStatus::Waived => "Not needed (waived)",
        }
    }

    /// The stable name for `data-status` and CSS classes.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            ItemStatus::Missing => "missing",
            ItemStatus::Expired => "expired",
            ItemStatus::Expiring => "expiring",
            ItemStatus::Received => "received",
            ItemStatus::Verified => "verified",
            ItemStatus::Waived => "waived",
        }
    }

    /// Whether the candidate still has to do something about it.
    pub(crate) fn needs_action(self) -> bool {
        matches!(
            self,
            ItemStatus::Missing | ItemStatus::Expired | ItemStatus::Expiring
        )
    }
}

/// What the status is computed from: the item's waiver and its current document, if any.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ItemFacts {
    pub(crate) waived: bool,
    /// `Some` when a document is uploaded: its last valid day (if it expires) and whether a
    /// recruiter verified it.
    pub(crate) current: Option<CurrentDocument>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct CurrentDocument {
    pub(crate) expires_on: Option<Date>,
    pub(crate) verified: bool,
}

/// The first day a document expiring on `expires_on` counts as "expiring" for a type that warns
/// `warn_days` before.
pub(crate) fn warn_from(expires_on: Date, warn_days: u16) -> Date {
    expires_on
        .checked_sub(Duration::days(i64::from(warn_days)))
        .unwrap_or(Date::MIN)
}

/// The item's status on `as_of`. Expiry comes before verification: a verified certificate that
/// has lapsed is expired.
pub(crate) fn status_on(item: ItemFacts, warn_days: u16, as_of: Date) -> ItemStatus {
    if item.waived {
        return ItemStatus::Waived;
    }
    let Some(document) = item.current else {
        return ItemStatus::Missing;
    };
    if let Some(expires_on) = document.expires_on {
        if as_of > expires_on {
            return ItemStatus::Expired;
        }
        if warn_days > 0 && as_of >= warn_from(expires_on, warn_days) {
            return ItemStatus::Expiring;
        }
    }
    if document.verified {
        ItemStatus::Verified
    } else {
        ItemStatus::Received
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn with(expires_on: Option<Date>, verified: bool) -> ItemFacts {
        ItemFacts {
            waived: false,
            current: Some(CurrentDocument {
                expires_on,
                verified,
            }),
        }
    }

    #[test]
    fn nothing_uploaded_is_missing_and_a_waiver_wins() {
        let today = date!(2026 - 12 - 01);
        assert_eq!(
            status_on(ItemFacts::default(), 90, today),
            ItemStatus::Missing
        );
        let waived = ItemFacts {
            waived: true,
            ..with(Some(date!(2020 - 01 - 01)), false)
        };
        assert_eq!(status_on(waived, 90, today), ItemStatus::Waived);
    }

    #[test]
    fn received_then_verified_without_an_expiry() {
        let today = date!(2026 - 12 - 01);
        assert_eq!(status_on(with(None, false), 0, today), ItemStatus::Received);
        assert_eq!(status_on(with(None, true), 0, today), ItemStatus::Verified);
    }

    #[test]
    fn the_warning_period_and_the_last_valid_day() {
        let expires = date!(2027 - 03 - 09);
        let doc = with(Some(expires), true);
        assert_eq!(
            status_on(doc, 90, date!(2026 - 12 - 08)),
            ItemStatus::Verified
        );
        // 90 days before 9 March 2027 is 9 December 2026.
        assert_eq!(warn_from(expires, 90), date!(2026 - 12 - 09));
        assert_eq!(
            status_on(doc, 90, date!(2026 - 12 - 09)),
            ItemStatus::Expiring
        );
        // Still valid on its last day, expired the day after.
        assert_eq!(status_on(doc, 90, expires), ItemStatus::Expiring);
        assert_eq!(
            status_on(doc, 90, date!(2027 - 03 - 10)),
            ItemStatus::Expired
        );
        // A type that does not warn goes straight from valid to expired.
        assert_eq!(status_on(doc, 0, expires), ItemStatus::Verified);
        assert_eq!(
            status_on(with(Some(expires), false), 0, date!(2027 - 03 - 10)),
            ItemStatus::Expired
        );
    }

    #[test]
    fn the_warning_period_counts_across_a_leap_day() {
        // 29 February 2028 is inside the 30 days before 15 March 2028: 14 February.
        assert_eq!(warn_from(date!(2028 - 03 - 15), 30), date!(2028 - 02 - 14));
        assert_eq!(warn_from(date!(2027 - 03 - 15), 30), date!(2027 - 02 - 13));
    }

    #[test]
    fn only_missing_expiring_and_expired_need_the_candidate() {
        assert!(ItemStatus::Missing.needs_action());
        assert!(ItemStatus::Expired.needs_action());
        assert!(ItemStatus::Expiring.needs_action());
        assert!(!ItemStatus::Received.needs_action());
        assert!(!ItemStatus::Verified.needs_action());
        assert!(!ItemStatus::Waived.needs_action());
    }
}
