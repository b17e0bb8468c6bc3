//! The candidate page's timeline (issue 15, item 4): each `db::timeline` entry in words. Stored
//! values become labels here, so the template only lists lines.

use crate::db::timeline::Entry;
use crate::messages::MessageTemplate;
use crate::web::admin::labels::Labels;

/// How many entries a page of the timeline shows; "Show older" opens the next.
pub(crate) const PAGE_SIZE: usize = 30;

/// One line of the timeline.
pub(crate) struct Line {
    /// The entry's source ("note", "email", ...), for styling and tests.
    pub(crate) kind: String,
    pub(crate) at: String,
    pub(crate) what: String,
    /// Who did it, when a recruiter did.
    pub(crate) by: Option<String>,
    /// A second line: the note, the changed fields, an action's text.
    pub(crate) detail: Option<String>,
    /// An e-mail's or message's delivery status ("pending", "sent", "dead").
    pub(crate) status: Option<String>,
}

pub(crate) fn line(entry: &Entry, l: &Labels) -> Line {
    let subject = entry.subject.clone().unwrap_or_default();
    let extra = entry.extra.clone().unwrap_or_default();
    let (what, detail) = match entry.kind.as_str() {
        "submitted" => (format!("Application {subject} submitted"), None),
        "stage" => (
            format!("Stage: {} → {}", l.stage(&subject), l.stage(&extra)),
            None,
        ),
        "owner" => match entry.subject.as_deref() {
            Some(owner) => (format!("Owner: {owner}"), None),
            None => ("Owner removed".to_owned(), None),
        },
        "note" => ("Note".to_owned(), Some(subject)),
        "action_set" => (format!("Next action set, due {extra}"), Some(subject)),
        "action_done" => ("Next action done".to_owned(), Some(subject)),
        "next_step_set" => ("Next step for the candidate set".to_owned(), None),
        "next_step_cleared" => ("Next step for the candidate cleared".to_owned(), None),
        "email" => (format!("E-mail: {}", email_kind(&subject)), None),
        "message" => {
            let template = MessageTemplate::parse(&extra).map_or("a template", |t| t.label());
            (
                format!("Message to the candidate ({template})"),
                Some(subject),
            )
        }
        "profile" => {
            let fields: Vec<&str> = subject.split(',').map(|f| l.field(f)).collect();
            (
                format!("The candidate changed their answers (version {extra})"),
                Some(fields.join(", ")),
            )
        }
        "consent" => (
            format!(
                "Consent {extra} by the candidate: {}",
                subject.replace('_', " ")
            ),
            None,
        ),
        "document_uploaded" => {
            let by = match extra.as_str() {
                "candidate" => "the candidate",
                _ => "a recruiter",
            };
            (
                format!("Document uploaded by {by}: {}", type_name(&subject)),
                None,
            )
        }
        "document_verified" => (format!("Document verified: {}", type_name(&subject)), None),
        "document_waived" => (
            format!("Document not needed (waived): {}", type_name(&subject)),
            Some(extra),
        ),
        other => (other.replace('_', " "), None),
    };
    Line {
        kind: entry.kind.clone(),
        at: l.time(&entry.at),
        what,
        by: entry.actor.clone(),
        detail,
        status: entry.status.clone(),
    }
}

fn type_name(key: &str) -> String {
    crate::reminders::type_name(key)
}

/// An e-mail kind (`outbox::MessageKind`'s stored value) in words.
fn email_kind(kind: &str) -> &'static str {
    match kind {
        "support_alert" => "alert to the recruiters",
        "candidate_ack" => "acknowledgement to the candidate",
        "portal_link" => "sign-in link to My application",
        "portal_no_application" => "answer to a link request",
        "portal_erased" => "erasure confirmation",
        "profile_changed" => "changed details, to the owner",
        "portal_email_change" => "link confirming a new address",
        "portal_email_changed" => "address changed, to the old address",
        "case_assigned" => "assignment, to the new owner",
        "candidate_message" => "message to the candidate",
        "document_uploaded" => "document uploaded, to the owner",
        "reminder" => "document reminder to the candidate",
        "reminder_owner" => "document reminder, to the owner",
        _ => "other",
    }
}
