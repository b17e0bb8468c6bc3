//! The application reference a candidate quotes: `LM-` and eight characters from an alphabet with
//! no look-alikes (no 0/O, 1/I/L). Random, so references say nothing about how many applications
//! exist and cannot be guessed from one another.

pub(crate) const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PREFIX: &str = "LM-";
const CODE_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationReference(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ApplicationReferenceError {
    #[error("not an application reference")]
    Malformed,
}

impl ApplicationReference {
    /// 40 random bits from the OS generator (through UUID v4); 32 symbols, so no modulo bias.
    pub fn generate() -> Self {
        let random = uuid::Uuid::new_v4().into_bytes();
        let code: String = random
            .iter()
            .take(CODE_LEN)
            .map(|b| char::from(REFERENCE_ALPHABET[usize::from(b & 31)]))
            .collect();
        Self(format!("{PREFIX}{code}"))
    }

    pub(crate) fn parse(raw: &str) -> Result<Self, ApplicationReferenceError> {
        let code = raw
            .strip_prefix(PREFIX)
            .ok_or(ApplicationReferenceError::Malformed)?;
        if code.len() != CODE_LEN || !code.bytes().all(|b| REFERENCE_ALPHABET.contains(&b)) {
            return Err(ApplicationReferenceError::Malformed);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ApplicationReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_references_parse_and_differ() {
        let a = ApplicationReference::generate();
        let b = ApplicationReference::generate();
        assert_ne!(a, b);
        assert_eq!(ApplicationReference::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(a.as_str().len(), 11);
    }

    #[test]
    fn look_alike_characters_and_other_shapes_are_refused() {
        for raw in [
            "LM-ABCDEFG0",
            "LM-ABCDEFGI",
            "lm-ABCDEFGH",
            "LM-ABC",
            "XX-ABCDEFGH",
        ] {
            assert!(ApplicationReference::parse(raw).is_err(), "{raw}");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(raw in ".*") {
            if let Ok(reference) = ApplicationReference::parse(&raw) {
                prop_assert_eq!(reference.as_str(), raw.as_str());
            }
        }
    }
}
