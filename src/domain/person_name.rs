//! A given or family name, stored exactly as typed (after trimming): any script, never re-cased.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

pub(crate) const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PersonNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
    #[error(
        "the name contains a character that is not a letter, space, apostrophe, hyphen or full stop"
    )]
    InvalidCharacter,
    #[error("the name has no letters")]
    NoLetter,
}

/// Punctuation that real names contain. Phones often turn `'` into `’` (smart quotes), and the
/// Hawaiian ʻokina and similar marks are letters already.
const NAME_PUNCTUATION: &[char] = &[' ', '\'', '’', '‘', 'ʼ', '-', '‐', '.'];

impl PersonName {
    pub(crate) fn parse(raw: &str) -> Result<Self, PersonNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(PersonNameError::TooLong);
        }
        let mut has_letter = false;
        for c in name.chars() {
            match c.general_category_group() {
                GeneralCategoryGroup::Letter => has_letter = true,
                // Combining accents, Indic vowel signs, Thai tone marks.
                GeneralCategoryGroup::Mark => {}
                // Zero-width (non-)joiners shape Persian and Indic names.
                _ if c == '\u{200C}' || c == '\u{200D}' => {}
                _ if NAME_PUNCTUATION.contains(&c) => {}
                _ => return Err(PersonNameError::InvalidCharacter),
            }
        }
        if !has_letter {
            return Err(PersonNameError::NoLetter);
        }
        Ok(Self(name.to_owned()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_of_any_script_are_kept_exactly_as_typed() {
        for name in [
            "María José",
            "de la Cruz",
            "O’Brien",
            "N'Diaye",
            "Jean-Luc",
            "Nguyễn",
            "Zoë",
            "mcDONALD",
            "St. John",
            "محمد",
            "श्रीनिवास",
            "김민준",
            "สมชาย ใจดี",
            "ʻIolani",
            "e\u{301}lise",
        ] {
            assert_eq!(PersonName::parse(name).map(|n| n.0), Ok(name.to_owned()));
        }
        assert_eq!(PersonName::parse("  Ana  ").unwrap().as_str(), "Ana");
    }

    #[test]
    fn markup_digits_and_control_characters_are_refused() {
        for name in ["<script>", "Ana\r\nBcc:", "R2D2", "a@b", "Ana;", "\"Ana\""] {
            assert_eq!(
                PersonName::parse(name),
                Err(PersonNameError::InvalidCharacter),
                "{name}"
            );
        }
        assert_eq!(PersonName::parse("   "), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse("-'."), Err(PersonNameError::NoLetter));
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(PersonNameError::TooLong)
        );
        assert!(PersonName::parse(&"ä".repeat(100)).is_ok());
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics_and_accepted_names_round_trip(raw in ".*") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
                prop_assert_eq!(name.as_str(), raw.trim());
            }
        }

        #[test]
        fn letters_of_any_script_are_accepted(raw in "[\\p{L}][\\p{L}\\p{M} '-]{0,40}") {
            prop_assert!(PersonName::parse(&raw).is_ok());
        }
    }
}
