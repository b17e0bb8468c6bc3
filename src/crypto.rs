//! The site's cryptography, in one place: keyed digests (HMAC-SHA256 under `SECRET_KEY`) of values
//! that must not be stored readable, signatures of the tokens the site hands out, plain SHA-256
//! digests, random tokens from the operating system and constant-time comparison. Hex is always
//! the `hex` crate's lower-case form.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Why a signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SignatureError {
    #[error("the signature is not 64 hex characters")]
    Malformed,
    #[error("the signature does not match")]
    Mismatch,
}

fn hmac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// HMAC-SHA256 of `value` under `key`, for one `purpose`: the same value hashed for two purposes
/// gives two unrelated digests. Stable, so it can be counted and matched; useless without the key,
/// so the table holds neither the address nor anything a guess could be checked against.
pub(crate) fn keyed_digest(key: &[u8], purpose: &str, value: &[u8]) -> Vec<u8> {
    let mut mac = hmac(key);
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(value);
    mac.finalize().into_bytes().to_vec()
}

/// The signature of `payload` under `key`: HMAC-SHA256, hex-encoded (64 characters).
pub(crate) fn sign(key: &[u8], payload: &str) -> String {
    hex::encode(hmac(key).chain_update(payload).finalize().into_bytes())
}

/// Checks a signature made by `sign`, in constant time.
pub(crate) fn verify(key: &[u8], payload: &str, signature: &str) -> Result<(), SignatureError> {
    if signature.len() != 64 {
        return Err(SignatureError::Malformed);
    }
    let signature = hex::decode(signature).map_err(|_| SignatureError::Malformed)?;
    hmac(key)
        .chain_update(payload)
        .verify_slice(&signature)
        .map_err(|_| SignatureError::Mismatch)
}

/// SHA-256 of `bytes`.
pub(crate) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The first `len` bytes of the SHA-256 of `bytes`, in hex: a short content fingerprint for cache
/// validators and versioned URLs (not a security boundary).
pub(crate) fn fingerprint(bytes: &[u8], len: usize) -> String {
    let digest = digest(bytes);
    hex::encode(&digest[..len.min(digest.len())])
}

/// 32 random bytes from the operating system, hex-encoded (64 characters): 256 bits, so a token
/// cannot be guessed, and hex keeps it safe in cookies, form fields and URLs.
pub(crate) fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// What the database stores of a secret token: its SHA-256, never the token itself.
pub(crate) fn token_digest(token: &str) -> Vec<u8> {
    digest(token.as_bytes()).to_vec()
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_characters_and_differ() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(token_digest(&a).len(), 32);
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("", "a"));
    }

    #[test]
    fn keyed_digests_depend_on_key_purpose_and_value() {
        let base = keyed_digest(b"k", "account", b"a@b.c");
        assert_ne!(base, keyed_digest(b"k2", "account", b"a@b.c"));
        assert_ne!(base, keyed_digest(b"k", "ip", b"a@b.c"));
        assert_ne!(base, keyed_digest(b"k", "account", b"a@b.d"));
    }

    #[test]
    fn a_signature_verifies_with_its_key_and_payload_only() {
        let signature = sign(b"key", "payload");
        assert_eq!(signature.len(), 64);
        assert_eq!(verify(b"key", "payload", &signature), Ok(()));
        assert_eq!(
            verify(b"other", "payload", &signature),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"key", "payloaD", &signature),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"key", "payload", &signature.to_uppercase()),
            Ok(()),
            "hex is case-insensitive"
        );
        for bad in [
            "",
            "xyz",
            &signature[1..],
            &format!("{}zz", &signature[2..]),
        ] {
            assert_eq!(
                verify(b"key", "payload", bad),
                Err(SignatureError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn fingerprints_are_short_hex_of_the_digest() {
        assert_eq!(fingerprint(b"abc", 4), "ba7816bf");
        assert_eq!(fingerprint(b"abc", 99).len(), 64);
    }
}
