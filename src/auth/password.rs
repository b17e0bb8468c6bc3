//! Passwords: the length rule, argon2id hashing (OWASP parameters) off the async threads, and a
//! verification that costs the same whether or not the account exists.

use std::sync::OnceLock;

use anyhow::Context;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

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

/// Hashes on a blocking thread: argon2 takes tens of milliseconds of CPU by design.
pub(crate) async fn hash_password(password: &NewPassword) -> anyhow::Result<String> {
    let password = password.expose().clone();
    tokio::task::spawn_blocking(move || {
        hasher()
            .hash_password(password.expose_secret().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(anyhow::Error::new)
            .context("hashing the password failed")
    })
    .await?
}

/// True when `password` matches `stored`. With no stored hash (unknown or disabled account) the
/// password is checked against a dummy hash, so both answers take the same time.
pub(crate) async fn verify_password(password: SecretString, stored: Option<String>) -> bool {
    let outcome = tokio::task::spawn_blocking(move || {
        let dummy = stored.is_none();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let matches = hasher()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        matches && !dummy
    })
    .await;
    outcome.unwrap_or(false)
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
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("correct horse battery".into(), None).await);
    }
}
