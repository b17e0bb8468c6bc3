//! Privacy requests the page cannot fulfil itself (an objection, a correction it cannot make, a
//! restriction, anything else): parsed once here, stored with a due date 30 days out
//! (`db::privacy_requests`), listed for recruiters in the dashboard.

use sqlx::PgPool;
use time::Date;
use uuid::Uuid;

use crate::domain::FormErrors;
use crate::domain::choices::choice;
use crate::domain::text::{MultiLineText, TextError};

choice!(
    /// What a privacy request asks for.
    PrivacyRequestKind {
        Objection => "objection", "I object to how you use my data";
        Correction => "correction", "Please correct something the page cannot change";
        Restriction => "restriction", "Please stop using my data for now (restriction)";
        Other => "other", "Something else about my data";
    }
);

pub(crate) const MAX_REQUEST_CHARS: usize = 5000;

/// A request, parsed.
pub(crate) struct PrivacyRequest {
    pub(crate) kind: PrivacyRequestKind,
    pub(crate) message: MultiLineText,
}

impl PrivacyRequest {
    /// Both fields, or a message beside each one to fix.
    pub(crate) fn parse(kind: &str, message: &str) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::default();
        let kind = PrivacyRequestKind::parse(kind).ok();
        if kind.is_none() {
            errors.add("kind", "Choose what your request is about.");
        }
        let message = match MultiLineText::parse_optional(message, MAX_REQUEST_CHARS) {
            Ok(Some(message)) => Some(message),
            Ok(None) | Err(TextError::Empty) => {
                errors.add("message", "Tell us what you would like us to do.");
                None
            }
            Err(TextError::TooLong(max)) => {
                errors.add(
                    "message",
                    format!("Please keep it to {max} characters; send a second request for more."),
                );
                None
            }
            Err(TextError::ControlCharacter) => {
                errors.add(
                    "message",
                    "Remove the special characters (they often come from copied text).",
                );
                None
            }
        };
        match (kind, message) {
            (Some(kind), Some(message)) => Ok(PrivacyRequest { kind, message }),
            _ => Err(errors),
        }
    }
}

/// Stores the request (and its audit event); returns its due date.
pub(crate) async fn submit(
    pool: &PgPool,
    candidate_id: Uuid,
    request: &PrivacyRequest,
) -> Result<Date, sqlx::Error> {
    crate::db::privacy_requests::insert(
        pool,
        candidate_id,
        request.kind.as_str(),
        request.message.as_str(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_kind_and_a_message_within_the_limit() {
        assert!(PrivacyRequest::parse("objection", "Please stop the e-mails").is_ok());
        let errors = PrivacyRequest::parse("", " ").err().unwrap();
        assert!(errors.get("kind").is_some() && errors.get("message").is_some());
        let long = "x".repeat(MAX_REQUEST_CHARS + 1);
        let errors = PrivacyRequest::parse("other", &long).err().unwrap();
        assert!(errors.get("message").unwrap().contains("5000"));
        assert!(PrivacyRequest::parse("sell_it", "x").is_err());
    }

    #[test]
    fn the_kinds_are_the_tables_own() {
        let sql = include_str!("../../migrations/20261203000200_create_privacy_requests.sql");
        for kind in PrivacyRequestKind::ALL {
            assert!(sql.contains(&format!("'{}'", kind.as_str())), "{kind:?}");
        }
    }
}
