//! Free text: single-line answers (no control characters at all, so no CR/LF can reach an e-mail
//! header or a log line) and the multi-line message (line breaks and tabs only).

/// The one rule for text the database must store: PostgreSQL's `text` and `jsonb` cannot hold
/// U+0000 (every other Unicode scalar value is storable in a UTF-8 database). Input is checked
/// against it before anything is parsed (`web::input` for paths, query strings and urlencoded
/// bodies, the multipart reader for text parts), so no NUL ever reaches SQL.
pub(crate) fn is_storable(text: &str) -> bool {
    !text.contains('\0')
}

/// The same rule on raw input that is still percent-encoded (a path, a query string, a urlencoded
/// body): a NUL byte sent as it is, or as `%00`.
pub(crate) fn encoded_is_storable(raw: &[u8]) -> bool {
    !raw.contains(&0)
        && !raw
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// Why a text answer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TextError {
    #[error("is empty")]
    Empty,
    #[error("is longer than {0} characters")]
    TooLong(usize),
    #[error("contains a control character")]
    ControlCharacter,
}

/// Trimmed, non-empty, at most `max` characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SingleLineText(String);

impl SingleLineText {
    pub(crate) fn parse(raw: &str, max: usize) -> Result<Self, TextError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(TextError::Empty);
        }
        if text.chars().any(char::is_control) {
            return Err(TextError::ControlCharacter);
        }
        if text.chars().count() > max {
            return Err(TextError::TooLong(max));
        }
        Ok(Self(text.to_owned()))
    }

    /// `None` for an empty answer, so optional fields read naturally.
    pub(crate) fn parse_optional(raw: &str, max: usize) -> Result<Option<Self>, TextError> {
        match Self::parse(raw, max) {
            Err(TextError::Empty) => Ok(None),
            other => other.map(Some),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trimmed, line breaks normalised to `\n`, at most `max` characters; tabs and line breaks are the
/// only control characters allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MultiLineText(String);

impl MultiLineText {
    pub(crate) fn parse_optional(raw: &str, max: usize) -> Result<Option<Self>, TextError> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(TextError::ControlCharacter);
        }
        if text.chars().count() > max {
            return Err(TextError::TooLong(max));
        }
        Ok(Some(Self(text.to_owned())))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Tracking values we did not ask the person for (UTM parameters): never an error, just made safe.
/// Control characters are dropped, the rest trimmed and cut to `max` characters.
pub(crate) fn sanitise_untrusted(raw: &str, max: usize) -> String {
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
    cleaned.trim().chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn single_line_text_refuses_line_breaks_and_trims() {
        assert_eq!(
            SingleLineText::parse("  a friend  ", 20).unwrap().as_str(),
            "a friend"
        );
        assert_eq!(
            SingleLineText::parse("a\r\nBcc: x", 20),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(SingleLineText::parse("abc", 2), Err(TextError::TooLong(2)));
        assert_eq!(SingleLineText::parse_optional("  ", 2), Ok(None));
    }

    #[test]
    fn multi_line_text_keeps_line_breaks_and_normalises_them() {
        let text = MultiLineText::parse_optional("Hello\r\nthere\rfriend", 100)
            .unwrap()
            .unwrap();
        assert_eq!(text.as_str(), "Hello\nthere\nfriend");
        assert_eq!(
            MultiLineText::parse_optional("bell\u{7}", 100),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(
            MultiLineText::parse_optional(&"é".repeat(2001), 2000),
            Err(TextError::TooLong(2000))
        );
        assert!(
            MultiLineText::parse_optional(&"é".repeat(2000), 2000)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn untrusted_values_are_cleaned_and_capped() {
        assert_eq!(sanitise_untrusted(" fb\r\n\0group ", 100), "fbgroup");
        assert_eq!(sanitise_untrusted(&"x".repeat(500), 100).len(), 100);
    }

    #[test]
    fn nul_is_the_one_unstorable_character_encoded_or_not() {
        assert!(is_storable("María José\n\t\u{7f}"));
        assert!(!is_storable("a\0b"));
        assert!(encoded_is_storable(b"email=ana%40example.com&q=100%25"));
        assert!(!encoded_is_storable(b"email=ana%00@example.com"));
        assert!(!encoded_is_storable(b"q=a\0"));
        // %000 is still a NUL followed by a zero.
        assert!(!encoded_is_storable(b"q=%000"));
    }

    proptest! {
        #[test]
        fn encoded_and_decoded_rules_agree(raw in ".*") {
            let encoded: String = raw.bytes().map(|b| format!("%{b:02X}")).collect();
            prop_assert_eq!(encoded_is_storable(encoded.as_bytes()), is_storable(&raw));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics_and_accepted_text_round_trips(raw in ".*") {
            if let Ok(text) = SingleLineText::parse(&raw, 200) {
                prop_assert_eq!(SingleLineText::parse(text.as_str(), 200), Ok(text.clone()));
                prop_assert!(!text.as_str().chars().any(char::is_control));
            }
            if let Ok(Some(text)) = MultiLineText::parse_optional(&raw, 2000) {
                prop_assert_eq!(MultiLineText::parse_optional(text.as_str(), 2000), Ok(Some(text.clone())));
            }
            let clean = sanitise_untrusted(&raw, 100);
            prop_assert!(clean.chars().count() <= 100 && !clean.chars().any(char::is_control));
        }
    }
}
