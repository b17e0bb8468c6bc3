//! Passwords: the length rule, argon2id hashing (OWASP parameters) in the shared bounded pool
//! (`auth::hashing`), and a verification that costs the same whether or not the account exists.

use std::sync::OnceLock;

use anyhow::Context;
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use crate::auth::hashing::{Busy, HashingPool};

pub(crate) const MIN_PASSWORD_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that nobody makes the server hash megabytes.
pub(crate) const MAX_PASSWORD_CHARS: usize = 1024;

/// A password that satisfies the length rule. Never printed by Debug.
pub(crate) struct NewPassword(SecretString);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PasswordError {
    #[error("the password must be at least {MIN_PASSWORD_CHARS} characters long")]
    TooShort,
    #[error("the password must be at most {MAX_PASSWORD_CHARS} characters long")]
    TooLong,
}

impl NewPassword {
    pub(crate) fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_PASSWORD_CHARS || raw.trim().chars().count() < MIN_PASSWORD_CHARS {
            Err(PasswordError::TooShort)
        } else if chars > MAX_PASSWORD_CHARS {
            Err(PasswordError::TooLong)
        } else {
            Ok(NewPassword(SecretString::from(raw.to_owned())))
        }
    }

    pub(crate) fn expose(&self) -> &SecretString {
        &self.0
    }
}

/// argon2id with OWASP's minimum (m = 19456 KiB, t = 2, p = 1), fixed here so a dependency update
/// cannot silently change them; verification reads the parameters from each stored hash.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None)
        .unwrap_or_else(|_| unreachable!("OWASP argon2 parameters are valid"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes in the shared pool (`auth::hashing`): argon2 takes tens of milliseconds of CPU and
/// 19 MiB of memory by design.
pub(crate) async fn hash_password(password: &NewPassword) -> anyhow::Result<String> {
    hash_secret(password.expose().clone()).await
}

/// The same hash for any other secret a person types (a recovery code).
pub(crate) async fn hash_secret(password: SecretString) -> anyhow::Result<String> {
    HashingPool::global()
        .run(move |_| {
            hasher()
                .hash_password(password.expose_secret().as_bytes())
                .map(|hash| hash.to_string())
                .map_err(anyhow::Error::new)
                .context("hashing the password failed")
        })
        .await?
}

/// True when `password` matches `stored`. With no stored hash (unknown or disabled account) the
/// password is checked against a dummy hash, so both answers take the same time. Runs in the
/// shared pool, in its reused memory; `Busy` when the pool is full.
pub(crate) async fn verify_password(
    password: SecretString,
    stored: Option<String>,
) -> Result<bool, Busy> {
    HashingPool::global()
        .run(move |memory| {
            let dummy = stored.is_none();
            let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
            let matches = matches_hash(password.expose_secret().as_bytes(), &stored, memory);
            matches && !dummy
        })
        .await
}

/// The argon2 check of `PasswordVerifier`, computed in `memory` (grown once to the hash's size and
/// then reused) instead of a fresh 19 MiB allocation per check.
fn matches_hash(password: &[u8], stored: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    let mut computed = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    argon2
        .hash_password_into_with_memory(password, salt, &mut computed, &mut memory[..blocks])
        .is_ok()
        && bool::from(computed.as_slice().ct_eq(expected.as_bytes()))
}

/// A hash of a random password with the same parameters as real ones, made once per process.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let random = crate::crypto::random_token()
            .unwrap_or_else(|_| "dummy password for unknown accounts".to_owned());
        hasher()
            .hash_password(random.as_bytes())
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordVerifier;

    #[test]
    fn short_and_blank_padded_passwords_are_refused() {
        assert_eq!(
            NewPassword::parse("short").err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            NewPassword::parse("   abc       ").err(),
            Some(PasswordError::TooShort)
        );
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert_eq!(
            NewPassword::parse(&"x".repeat(2000)).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let check =
            |password: &str, stored: Option<String>| verify_password(password.into(), stored);
        assert_eq!(
            check("correct horse battery", Some(hash.clone())).await,
            Ok(true)
        );
        assert_eq!(
            check("wrong horse battery", Some(hash.clone())).await,
            Ok(false)
        );
        assert_eq!(check("correct horse battery", None).await, Ok(false));
        assert_eq!(
            check("correct horse battery", Some("$argon2id$junk".into())).await,
            Ok(false)
        );
        // The reused-memory check agrees with argon2's own verifier.
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(
            hasher()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
    }
}
