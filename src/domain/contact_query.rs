//! What a visitor typed into the trust page's check (`/trust`): an e-mail address or a phone
//! number someone used to contact them, parsed once.
//!
//! The check must not merge near-misses: a scammer's address differs from ours by a letter, a dot
//! or a capital, and a "yes" for it would be the worst answer the page can give. So the only
//! normalisation is what makes two spellings the very same address: surrounding spaces go, and
//! the domain is lower-cased (domain names are case-insensitive, RFC 1035 2.3.3 and RFC 5321
//! 2.4). The part before the `@` is kept exactly as typed: RFC 5321 lets a mail system treat
//! `Ana` and `ana` as different mailboxes, and we store recruiters' addresses lower-cased, so a
//! capital there gets "not one of ours"; the page then tells the visitor to ask us, which is the
//! safe side to err on. Dots are never removed (only some providers ignore them).

use super::email_address::{EmailAddress, MAX_EMAIL_CHARS};

/// A phone number has at most 15 digits (E.164) and no one types fewer than 6.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 6..=15;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContactQuery {
    /// The address with its domain lower-cased, e.g. `Ana.Reyes@labmindsstaffing.com`.
    Email(String),
    /// The digits (and a leading `+`) of a phone number, e.g. `+639171234567`.
    Phone(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ContactQueryError {
    #[error("Enter the e-mail address or phone number that contacted you.")]
    Empty,
    #[error(
        "This is longer than any e-mail address (at most 254 characters). Copy only the address."
    )]
    TooLong,
    #[error(
        "This contains invisible control characters, often from copying. Type the address yourself and try again."
    )]
    ControlCharacters,
    #[error("What was sent is not readable text. Type the address yourself and try again.")]
    NotText,
    #[error(
        "This is not an e-mail address (like name@example.com) or a phone number. Check what you typed."
    )]
    Invalid,
}

impl ContactQuery {
    pub(crate) fn parse(raw: &str) -> Result<Self, ContactQueryError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(ContactQueryError::Empty);
        }
        if value.chars().count() > MAX_EMAIL_CHARS {
            return Err(ContactQueryError::TooLong);
        }
        if value.chars().any(char::is_control) {
            return Err(ContactQueryError::ControlCharacters);
        }
        if value.contains('@') {
            let address = EmailAddress::parse(value).map_err(|_| ContactQueryError::Invalid)?;
            let (local, domain) = address
                .as_str()
                .rsplit_once('@')
                .ok_or(ContactQueryError::Invalid)?;
            return Ok(ContactQuery::Email(format!(
                "{local}@{}",
                domain.to_lowercase()
            )));
        }
        Self::phone(value).ok_or(ContactQueryError::Invalid)
    }

    /// `+63 917 123 4567`, `(0917) 123-4567`: digits and the usual separators only.
    fn phone(value: &str) -> Option<Self> {
        let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
        if !value.chars().all(allowed) || value.chars().skip(1).any(|c| c == '+') {
            return None;
        }
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        if !PHONE_DIGITS.contains(&digits.len()) {
            return None;
        }
        let plus = if value.starts_with('+') { "+" } else { "" };
        Some(ContactQuery::Phone(format!("{plus}{digits}")))
    }
}

/// An address from the configuration (the support inbox, the sender of our e-mails) in the form
/// `ContactQuery::Email` compares with.
pub(crate) fn normalised_address(address: &str) -> String {
    match ContactQuery::parse(address) {
        Ok(ContactQuery::Email(normalised)) => normalised,
        _ => address.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn email(raw: &str) -> String {
        match ContactQuery::parse(raw) {
            Ok(ContactQuery::Email(address)) => address,
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    #[test]
    fn only_spaces_and_the_domain_case_are_normalised() {
        assert_eq!(
            email("  ana@LabMindsStaffing.COM "),
            "ana@labmindsstaffing.com"
        );
        assert_eq!(
            email("Ana@labmindsstaffing.com"),
            "Ana@labmindsstaffing.com"
        );
        assert_eq!(
            email("ana.reyes@labmindsstaffing.com"),
            "ana.reyes@labmindsstaffing.com"
        );
        assert_ne!(
            email("anareyes@labmindsstaffing.com"),
            email("ana.reyes@labmindsstaffing.com")
        );
    }

    #[test]
    fn phone_numbers_are_recognised_and_kept_as_digits() {
        assert_eq!(
            ContactQuery::parse("+63 917 123 4567"),
            Ok(ContactQuery::Phone("+639171234567".to_owned()))
        );
        assert_eq!(
            ContactQuery::parse("(0917) 123-4567"),
            Ok(ContactQuery::Phone("09171234567".to_owned()))
        );
        assert_eq!(
            ContactQuery::parse("12345"),
            Err(ContactQueryError::Invalid)
        );
        assert_eq!(
            ContactQuery::parse("+63+917123"),
            Err(ContactQueryError::Invalid)
        );
    }

    #[test]
    fn hostile_and_malformed_input_is_refused_with_a_reason() {
        assert_eq!(ContactQuery::parse("   "), Err(ContactQueryError::Empty));
        let long = format!("{}@example.com", "a".repeat(300));
        assert_eq!(ContactQuery::parse(&long), Err(ContactQueryError::TooLong));
        assert_eq!(
            ContactQuery::parse("ana@lab\u{7}minds.com"),
            Err(ContactQueryError::ControlCharacters)
        );
        assert_eq!(
            ContactQuery::parse("ana\u{1b}[31m@x.com"),
            Err(ContactQueryError::ControlCharacters)
        );
        for raw in ["ana", "ana@", "@x.com", "a@b@c.com", "<script>@x.com"] {
            assert_eq!(
                ContactQuery::parse(raw),
                Err(ContactQueryError::Invalid),
                "{raw}"
            );
        }
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(raw in ".*") {
            let _ = ContactQuery::parse(&raw);
        }
    }
}
