//! The reminder e-mails, rendered from askama templates (text + HTML): to the candidate (with
//! the one-click unsubscribe of the e-mail-updates consent) and to the case's owner or the support
//! inbox. Subjects name nothing personal; the owner's mail names the application reference and
//! the document type, never the person.

use askama::Template;
use time::Date;
use time::macros::format_description;

use super::select::Event;
use crate::email::Email;

/// "1 December 2026": a date every reader understands, whatever their country's order.
pub(crate) fn day(on: &Date) -> String {
    on.format(format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
}

/// To the candidate. Reply-To is the support inbox, so a reply reaches a recruiter.
pub(crate) struct CandidateReminder<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) given_name: &'a str,
    pub(crate) type_name: &'a str,
    pub(crate) event: Event,
    pub(crate) days_left: i64,
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
    /// The absolute one-click unsubscribe URL (also sent as `List-Unsubscribe`).
    pub(crate) unsubscribe_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/reminder.txt")]
struct CandidateText<'a> {
    email: &'a CandidateReminder<'a>,
}

#[derive(Template)]
#[template(path = "email/reminder.html")]
struct CandidateHtml<'a> {
    email: &'a CandidateReminder<'a>,
}

/// The event's date in words: the last valid day of an expiring document, or since when an item
/// is missing (the templates show one or the other).
fn valid_until(event: Event) -> Option<String> {
    match event {
        Event::Expiring { expires_on } => Some(day(&expires_on)),
        Event::Missing { .. } => None,
    }
}

fn missing_since(event: Event) -> Option<String> {
    match event {
        Event::Missing { since } => Some(day(&since)),
        Event::Expiring { .. } => None,
    }
}

impl CandidateReminder<'_> {
    pub(crate) fn valid_until(&self) -> Option<String> {
        valid_until(self.event)
    }

    pub(crate) fn missing_since(&self) -> Option<String> {
        missing_since(self.event)
    }

    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "A reminder about your documents".to_owned(),
            body_text: CandidateText { email: self }.render()?,
            body_html: CandidateHtml { email: self }.render()?,
            unsubscribe_url: Some(self.unsubscribe_url.to_owned()),
        })
    }
}

/// To the owner of the case, or the support inbox when nobody owns it.
pub(crate) struct OwnerReminder<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) reference: &'a str,
    pub(crate) type_name: &'a str,
    pub(crate) event: Event,
    pub(crate) days_left: i64,
    /// Whether the candidate gets a reminder for the same event (they gave the consent).
    pub(crate) candidate_told: bool,
    pub(crate) candidate_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/reminder_owner.txt")]
struct OwnerText<'a> {
    email: &'a OwnerReminder<'a>,
}

#[derive(Template)]
#[template(path = "email/reminder_owner.html")]
struct OwnerHtml<'a> {
    email: &'a OwnerReminder<'a>,
}

impl OwnerReminder<'_> {
    pub(crate) fn valid_until(&self) -> Option<String> {
        valid_until(self.event)
    }

    pub(crate) fn missing_since(&self) -> Option<String> {
        missing_since(self.event)
    }

    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: None,
            subject: "A candidate's document needs attention".to_owned(),
            body_text: OwnerText { email: self }.render()?,
            body_html: OwnerHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn candidate(event: Event) -> Email {
        CandidateReminder {
            recipient: "ana@example.org",
            given_name: "Ana <b>",
            type_name: "English test result",
            event,
            days_left: 60,
            site: "https://labmindsstaffing.com",
            support_inbox: "hello@labmindsstaffing.com",
            unsubscribe_url: "https://labmindsstaffing.com/unsubscribe/x.y",
        }
        .render()
        .unwrap()
    }

    #[test]
    fn the_candidate_reminder_says_when_escapes_and_can_be_unsubscribed() {
        let mail = candidate(Event::Expiring {
            expires_on: date!(2027 - 01 - 30),
        });
        assert!(
            mail.body_text
                .contains("is valid until 30 January 2027 (60 day(s) from today)")
        );
        assert!(
            mail.body_html.contains("Ana &#60;b&#62;") || mail.body_html.contains("Ana &lt;b&gt;")
        );
        assert!(!mail.body_html.contains("Ana <b>"));
        assert_eq!(
            mail.unsubscribe_url.as_deref(),
            Some("https://labmindsstaffing.com/unsubscribe/x.y")
        );
        assert!(mail.body_text.contains("/unsubscribe/x.y"));
        let missing = candidate(Event::Missing {
            since: date!(2026 - 11 - 01),
        });
        assert!(missing.body_text.contains("since 1 November 2026"));
        assert!(!mail.subject.contains("Ana") && !mail.subject.contains("English"));
    }

    #[test]
    fn the_owner_reminder_names_the_reference_and_whether_the_candidate_was_told() {
        let mail = OwnerReminder {
            recipient: "owner@labmindsstaffing.com",
            reference: "LM-2026-ABCD",
            type_name: "VisaScreen certificate",
            event: Event::Missing {
                since: date!(2026 - 10 - 02),
            },
            days_left: 0,
            candidate_told: false,
            candidate_url: "https://labmindsstaffing.com/admin/candidates/1",
        }
        .render()
        .unwrap();
        assert!(mail.body_text.contains("LM-2026-ABCD"));
        assert!(mail.body_text.contains("missing since 2 October 2026"));
        assert!(mail.body_text.contains("were not told"));
        assert_eq!(mail.unsubscribe_url, None);
    }
}
