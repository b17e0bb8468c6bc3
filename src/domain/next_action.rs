//! A next action as a recruiter types it (`NextActionForm`, strings only), parsed once into
//! `NewNextAction` or per-field messages. A new action's due date may not lie in the past: the
//! caller passes today's date (UTC), so the rule is tested on fixed dates.

use time::Date;
use uuid::Uuid;

use crate::domain::FormErrors;
use crate::domain::text::SingleLineText;
use crate::jobs::parse_as_of;

/// The longest "what" a next action may have (the column's check agrees).
pub(crate) const MAX_WHAT_CHARS: usize = 200;

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(crate) struct NextActionForm {
    #[serde(default)]
    pub(crate) what: String,
    #[serde(default)]
    pub(crate) due_on: String,
    /// A recruiter id; empty means the case's owner.
    #[serde(default)]
    pub(crate) assignee: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewNextAction {
    pub(crate) what: String,
    pub(crate) due_on: Date,
    /// `None`: the case's owner at the time of saving (or nobody, if it has none).
    pub(crate) assignee: Option<Uuid>,
}

impl NewNextAction {
    pub(crate) fn parse(form: &NextActionForm, today: Date) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::default();
        let what = match SingleLineText::parse_optional(&form.what, MAX_WHAT_CHARS) {
            Ok(Some(what)) => Some(what.as_str().to_owned()),
            Ok(None) => {
                errors.add(
                    "what",
                    "Say what is to be done next, for example “Ask for the IELTS result”.",
                );
                None
            }
            Err(_) => {
                errors.add(
                    "what",
                    format!("Keep it to one line of at most {MAX_WHAT_CHARS} characters."),
                );
                None
            }
        };
        let due_on = match parse_as_of(&form.due_on) {
            Ok(date) if date < today => {
                errors.add(
                    "due_on",
                    "Choose today or a later date: a new action cannot be due in the past.",
                );
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(
                    "due_on",
                    "Enter the due date as year-month-day, for example 2026-12-15.",
                );
                None
            }
        };
        let assignee = match form.assignee.trim() {
            "" => Some(None),
            raw => match Uuid::parse_str(raw) {
                Ok(id) => Some(Some(id)),
                Err(_) => {
                    errors.add("assignee", "Choose a recruiter from the list.");
                    None
                }
            },
        };
        match (what, due_on, assignee) {
            (Some(what), Some(due_on), Some(assignee)) if errors.is_empty() => Ok(NewNextAction {
                what,
                due_on,
                assignee,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 01);

    fn form(what: &str, due_on: &str, assignee: &str) -> NextActionForm {
        NextActionForm {
            what: what.to_owned(),
            due_on: due_on.to_owned(),
            assignee: assignee.to_owned(),
        }
    }

    #[test]
    fn today_and_later_dates_are_accepted_and_an_empty_assignee_means_the_owner() {
        for due in ["2026-12-01", " 2026-12-02 ", "2027-06-30"] {
            let action = NewNextAction::parse(&form(" Ask for the IELTS result ", due, ""), TODAY)
                .expect("valid");
            assert_eq!(action.what, "Ask for the IELTS result");
            assert_eq!(action.assignee, None);
        }
    }

    #[test]
    fn a_past_date_is_refused_with_a_message_for_that_field() {
        let errors = NewNextAction::parse(&form("Call", "2026-11-30", ""), TODAY).unwrap_err();
        assert!(errors.get("due_on").unwrap().contains("past"));
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let long = "x".repeat(MAX_WHAT_CHARS + 1);
        for (what, due, assignee, fields) in [
            ("", "", "nobody", vec!["what", "due_on", "assignee"]),
            (long.as_str(), "15/12/2026", "", vec!["what", "due_on"]),
            ("Call", "2026-02-30", "", vec!["due_on"]),
        ] {
            let errors = NewNextAction::parse(&form(what, due, assignee), TODAY).unwrap_err();
            let got: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(got, fields, "{what:?} {due:?} {assignee:?}");
        }
    }
}
