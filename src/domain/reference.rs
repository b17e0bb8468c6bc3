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
        Self(format!("{PREFIX}{}", random_code(CODE_LEN)))
    }

    /// A reference for the honeypot's decoy thank-you page: five random characters and three
    /// that a keyed digest of them gives, so the thank-you page can recognise it without storing
    /// anything, while it looks like any other reference. A guessed reference passes as a decoy
    /// once in 32,768 tries.
    pub(crate) fn decoy(key: &[u8]) -> Self {
        let head = random_code(DECOY_RANDOM_LEN);
        Self(format!("{PREFIX}{head}{}", decoy_tail(key, &head)))
    }

    /// True for a reference made by `decoy` with this key.
    pub(crate) fn is_decoy(&self, key: &[u8]) -> bool {
        let code = &self.0[PREFIX.len()..];
        let (head, tail) = code.split_at(DECOY_RANDOM_LEN);
        crate::crypto::constant_time_eq(tail, &decoy_tail(key, head))
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

const DECOY_RANDOM_LEN: usize = 5;

/// `len` symbols of the alphabet from `bytes` (32 symbols: 5 bits each, no modulo bias).
fn code_from(bytes: &[u8], len: usize) -> String {
    bytes
        .iter()
        .take(len)
        .map(|b| char::from(REFERENCE_ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// `len` random symbols from the OS generator (through UUID v4).
fn random_code(len: usize) -> String {
    code_from(&uuid::Uuid::new_v4().into_bytes(), len)
}

fn decoy_tail(key: &[u8], head: &str) -> String {
    let digest = crate::crypto::keyed_digest(key, "decoy-reference", head.as_bytes());
    code_from(&digest, CODE_LEN - DECOY_RANDOM_LEN)
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
    fn decoys_are_recognised_with_their_key_only() {
        let decoy = ApplicationReference::decoy(b"key");
        assert_eq!(
            ApplicationReference::parse(decoy.as_str()),
            Ok(decoy.clone())
        );
        assert!(decoy.is_decoy(b"key"));
        assert!(!decoy.is_decoy(b"other key"));
        let guessed = (0..200)
            .filter(|_| ApplicationReference::generate().is_decoy(b"key"))
            .count();
        assert!(guessed <= 1, "{guessed} random references passed as decoys");
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
