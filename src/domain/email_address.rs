//! An e-mail address as typed (trimmed), with a lowercase copy that finds returning candidates.

use std::str::FromStr;

pub(crate) const MAX_EMAIL_CHARS: usize = 254;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmailAddress {
    as_typed: String,
    normalised: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum EmailAddressError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than {MAX_EMAIL_CHARS} characters")]
    TooLong,
    #[error("the e-mail address is not in the form name@example.com")]
    Invalid,
}

impl EmailAddress {
    pub(crate) fn parse(raw: &str) -> Result<Self, EmailAddressError> {
        let address = raw.trim();
        if address.is_empty() {
            return Err(EmailAddressError::Empty);
        }
        if address.chars().count() > MAX_EMAIL_CHARS {
            return Err(EmailAddressError::TooLong);
        }
        let (local, domain) = match address.split_once('@') {
            Some((local, domain)) if !domain.contains('@') => (local, domain),
            _ => return Err(EmailAddressError::Invalid),
        };
        let forbidden =
            |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c);
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| !label.is_empty())
            && !domain.chars().any(forbidden);
        if local.is_empty() || local.len() > 64 || local.chars().any(forbidden) || !domain_ok {
            return Err(EmailAddressError::Invalid);
        }
        // The worker hands recipients to lettre: refuse here what it would refuse there, so an
        // acknowledgement never fails for good after the person was told it was sent.
        if lettre::Address::from_str(address).is_err() {
            return Err(EmailAddressError::Invalid);
        }
        Ok(Self {
            as_typed: address.to_owned(),
            normalised: address.to_lowercase(),
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.as_typed
    }

    /// Lowercase: the key that matches a returning candidate.
    pub(crate) fn normalised(&self) -> &str {
        &self.normalised
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_plain_address_is_kept_as_typed_with_a_lowercase_copy() {
        let email = EmailAddress::parse("  Ana.Reyes+lab@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ana.Reyes+lab@Example.COM");
        assert_eq!(email.normalised(), "ana.reyes+lab@example.com");
    }

    #[test]
    fn malformed_and_hostile_addresses_are_refused() {
        for raw in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "a@b@example.com",
            "ana@example..com",
            "ana @example.com",
            "ana@example.com\r\nBcc: x@y.com",
            "<script>@example.com",
            "\"ana\"@example.com",
        ] {
            assert_eq!(
                EmailAddress::parse(raw),
                Err(EmailAddressError::Invalid),
                "{raw:?}"
            );
        }
        assert_eq!(EmailAddress::parse("  "), Err(EmailAddressError::Empty));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailAddressError::TooLong));
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics_and_accepted_addresses_round_trip(raw in ".*") {
            if let Ok(email) = EmailAddress::parse(&raw) {
                prop_assert_eq!(EmailAddress::parse(email.as_str()), Ok(email.clone()));
            }
        }

        #[test]
        fn simple_addresses_are_accepted(raw in "[a-z0-9][a-z0-9_%+-]{0,29}@[a-z0-9]{1,20}\\.[a-z]{2,10}") {
            prop_assert!(EmailAddress::parse(&raw).is_ok());
        }
    }
}
