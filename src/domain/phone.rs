//! A phone number in E.164 (`+639171234567`), parsed with libphonenumber's rules (the
//! `phonenumber` crate): national trunk prefixes are dropped correctly (`0917…` in the Philippines,
//! `07…` in the UK), and numbers that cannot exist in the chosen country are refused.

use std::sync::OnceLock;

use crate::domain::countries::COUNTRIES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhoneNumber {
    e164: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PhoneNumberError {
    #[error("the phone number is empty")]
    Empty,
    #[error("no country code was chosen for a number without a leading +")]
    CountryMissing,
    #[error("the country code is not one we know")]
    UnknownCountry,
    #[error("the phone number contains characters other than digits, spaces, + - ( ) . /")]
    InvalidCharacter,
    #[error("the phone number is not a valid number")]
    Invalid,
}

/// Longest input we hand to the parser (a full international number with spaces is about 20).
const MAX_INPUT_CHARS: usize = 30;

/// The choices of the dial-code select: (ISO code, "Philippines (+63)"), for every country that
/// has a calling code. Built once from libphonenumber's metadata, so there is no table to maintain.
pub(crate) fn dial_code_options() -> &'static [(&'static str, String)] {
    static OPTIONS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        COUNTRIES
            .iter()
            .filter_map(|country| {
                let meta = phonenumber::metadata::DATABASE.by_id(country.code)?;
                Some((
                    country.code,
                    format!("{} (+{})", country.name, meta.country_code()),
                ))
            })
            .collect()
    })
}

impl PhoneNumber {
    /// `country`: the ISO code chosen beside the number; ignored when the number starts with `+`
    /// or `00` (already international).
    pub(crate) fn parse(country: &str, raw: &str) -> Result<Self, PhoneNumberError> {
        let number = raw.trim();
        if number.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        let allowed = |c: char| c.is_ascii_digit() || " +-()./".contains(c);
        if number.chars().count() > MAX_INPUT_CHARS || !number.chars().all(allowed) {
            return Err(PhoneNumberError::InvalidCharacter);
        }
        let international = if let Some(rest) = number.strip_prefix("00") {
            Some(format!("+{rest}"))
        } else if number.starts_with('+') {
            Some(number.to_owned())
        } else {
            None
        };
        let parsed = match international {
            Some(number) => phonenumber::parse(None, number),
            None => {
                let country = country.trim();
                if country.is_empty() {
                    return Err(PhoneNumberError::CountryMissing);
                }
                let id: phonenumber::country::Id = country
                    .parse()
                    .map_err(|_| PhoneNumberError::UnknownCountry)?;
                if phonenumber::metadata::DATABASE.by_id(country).is_none() {
                    return Err(PhoneNumberError::UnknownCountry);
                }
                phonenumber::parse(Some(id), number)
            }
        };
        let parsed = parsed.map_err(|_| PhoneNumberError::Invalid)?;
        if !phonenumber::is_valid(&parsed) {
            return Err(PhoneNumberError::Invalid);
        }
        let e164 = parsed.format().mode(phonenumber::Mode::E164).to_string();
        let digits = e164.len().saturating_sub(1);
        if !e164.starts_with('+') || !(7..=15).contains(&digits) {
            return Err(PhoneNumberError::Invalid);
        }
        Ok(Self { e164 })
    }

    /// `+` and 7 to 15 digits: the key that matches a returning candidate.
    pub(crate) fn e164(&self) -> &str {
        &self.e164
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_numbers_lose_their_trunk_prefix() {
        let cases = [
            ("PH", "0917 123 4567", "+639171234567"),
            ("PH", "+63 917 123 4567", "+639171234567"),
            ("PH", "0063 917 123 4567", "+639171234567"),
            ("IN", "098765 43210", "+919876543210"),
            ("NG", "0803 123 4567", "+2348031234567"),
            ("US", "(201) 555-0123", "+12015550123"),
            ("GB", "07400 123456", "+447400123456"),
            ("IT", "06 1234 5678", "+390612345678"),
            ("", "+234 803 123 4567", "+2348031234567"),
        ];
        for (country, raw, e164) in cases {
            assert_eq!(
                PhoneNumber::parse(country, raw).map(|p| p.e164),
                Ok(e164.to_owned()),
                "{country} {raw}"
            );
        }
    }

    #[test]
    fn impossible_or_hostile_numbers_are_refused() {
        assert_eq!(
            PhoneNumber::parse("PH", "123"),
            Err(PhoneNumberError::Invalid)
        );
        assert_eq!(PhoneNumber::parse("PH", " "), Err(PhoneNumberError::Empty));
        assert_eq!(
            PhoneNumber::parse("", "0917 123 4567"),
            Err(PhoneNumberError::CountryMissing)
        );
        assert_eq!(
            PhoneNumber::parse("ZZ", "0917 123 4567"),
            Err(PhoneNumberError::UnknownCountry)
        );
        assert_eq!(
            PhoneNumber::parse("PH", "0917\r\n1234567"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("PH", "<script>"),
            Err(PhoneNumberError::InvalidCharacter)
        );
    }

    #[test]
    fn the_dial_code_list_covers_the_countries_candidates_come_from() {
        let options = dial_code_options();
        assert!(options.len() > 230, "{}", options.len());
        assert!(
            options
                .iter()
                .any(|(code, label)| *code == "PH" && label == "Philippines (+63)")
        );
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics_and_accepted_numbers_round_trip(
            country in "[A-Z]{0,2}", raw in "[0-9 +()./-]{0,30}|.{0,40}"
        ) {
            if let Ok(phone) = PhoneNumber::parse(&country, &raw) {
                prop_assert_eq!(PhoneNumber::parse("", phone.e164()), Ok(phone.clone()));
            }
        }
    }
}
