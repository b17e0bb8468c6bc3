//! The feed's iCalendar text (RFC 5545), written by the `icalendar` crate: all-day events, one per
//! expiry or deadline, with stable UIDs so a calendar app that polls the feed updates its events
//! instead of adding copies. Nothing personal goes in: no name, no reference, no e-mail address;
//! the summaries name the document type or the deadline only.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};
use time::{Date, OffsetDateTime};

/// One all-day entry of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Unique and stable: `<what>@<message domain>`.
    pub(crate) uid: String,
    pub(crate) summary: String,
    pub(crate) description: String,
    pub(crate) starts: Date,
    /// The first day after the entry (iCalendar's exclusive DTEND).
    pub(crate) ends: Date,
    /// Marked TENTATIVE: the date rests on a fact we could not confirm.
    pub(crate) tentative: bool,
}

/// The calendar's name in the candidate's app.
const NAME: &str = "LabMinds: my documents and deadlines";

/// The feed for these entries. `stamp` is the DTSTAMP of every event (when the feed was made),
/// passed in so the text is a function of its inputs.
pub(crate) fn render(entries: &[Entry], stamp: OffsetDateTime) -> String {
    let stamp = stamp
        .to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default();
    let mut calendar = Calendar::new();
    calendar.name(NAME);
    // Ask apps to poll twice a day: expiries change when a document is received or renewed.
    calendar.append_property(
        Property::new("REFRESH-INTERVAL", "PT12H")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    for entry in entries {
        let mut event = Event::new();
        event
            .uid(&entry.uid)
            .add_property("DTSTAMP", &stamp)
            .summary(&entry.summary)
            .description(&entry.description)
            .starts(entry.starts)
            .ends(entry.ends)
            .add_property("TRANSP", "TRANSPARENT");
        if entry.tentative {
            event.status(EventStatus::Tentative);
        } else {
            event.status(EventStatus::Confirmed);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn entry(uid: &str, summary: &str) -> Entry {
        Entry {
            uid: uid.to_owned(),
            summary: summary.to_owned(),
            description: "Line one\nline two; with, commas".to_owned(),
            starts: date!(2027 - 03 - 01),
            ends: date!(2027 - 03 - 02),
            tentative: false,
        }
    }

    #[test]
    fn the_feed_parses_back_with_its_events_and_dates() {
        let entries = [
            entry("a@example.org", "MLS(ASCPi) certificate expires"),
            Entry {
                tentative: true,
                ..entry("b@example.org", "H-1B registration, expected")
            },
        ];
        let text = render(&entries, datetime!(2026-12-01 10:00 UTC));
        let parsed: Calendar = text.parse().expect("the feed parses");
        let events: Vec<&Event> = parsed.events().collect();
        assert_eq!(events.len(), 2);
        assert_eq!(
            events[0].get_summary(),
            Some("MLS(ASCPi) certificate expires")
        );
        assert_eq!(
            events[0].get_description(),
            Some("Line one\nline two; with, commas")
        );
        assert_eq!(events[1].get_status(), Some(EventStatus::Tentative));
        assert!(text.contains("DTSTART;VALUE=DATE:20270301\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20270302\r\n"), "{text}");
        assert!(text.contains("DTSTAMP:20261201T100000Z\r\n"), "{text}");
    }

    #[test]
    fn every_line_is_crlf_terminated_and_folded_to_75_octets() {
        let long = "x".repeat(300);
        let text = render(
            &[entry("c@example.org", &long)],
            datetime!(2026-12-01 10:00 UTC),
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        }
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let text = render(&[], datetime!(2026-12-01 10:00 UTC));
        let parsed: Calendar = text.parse().expect("parses");
        assert_eq!(parsed.events().count(), 0);
        assert!(text.contains("VERSION:2.0\r\n"));
    }
}
