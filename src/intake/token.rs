//! The signed form token: `<submission id>.<issued at>.<HMAC-SHA256>`, keyed with `SECRET_KEY`.
//!
//! One hidden field serves three purposes: it proves the post comes from a form we rendered
//! (CSRF; candidates have no session or cookie to bind to), it carries the submission id that
//! makes re-posts idempotent, and its time tells how fast the form was filled in.

use uuid::Uuid;

use crate::crypto::{self, SignatureError};

/// Tokens older than this are refused (the form is shown again with the answers kept).
pub(crate) const MAX_TOKEN_AGE_SECONDS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormToken {
    pub(crate) submission_id: Uuid,
    /// Unix seconds when the form was rendered.
    pub(crate) issued_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormTokenError {
    #[error("the form token is missing or malformed")]
    Malformed,
    #[error("the form token's signature does not match")]
    BadSignature,
}

/// How a valid token's age compares with the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenAge {
    TooFast,
    Expired,
    Fine,
}

/// Why a posted token was not accepted; the form is shown again with the answers kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Sent back sooner than a person can fill the form in.
    TooFast,
    /// Too old, forged, or signed with a key the server no longer has.
    Expired,
}

impl FormToken {
    pub(crate) fn new(submission_id: Uuid, issued_at: i64) -> Self {
        Self {
            submission_id,
            issued_at,
        }
    }

    /// A token for a newly rendered form.
    pub fn issue(now: i64) -> Self {
        Self::new(Uuid::new_v4(), now)
    }

    pub fn encode(&self, key: &[u8]) -> String {
        let payload = self.payload();
        let signature = crypto::sign(key, &payload);
        format!("{payload}.{signature}")
    }

    pub fn verify(raw: &str, key: &[u8]) -> Result<Self, FormTokenError> {
        let mut parts = raw.trim().split('.');
        let (Some(id), Some(issued), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(FormTokenError::Malformed);
        };
        let submission_id = Uuid::try_parse(id).map_err(|_| FormTokenError::Malformed)?;
        let issued_at: i64 = issued.parse().map_err(|_| FormTokenError::Malformed)?;
        let token = Self::new(submission_id, issued_at);
        crypto::verify(key, &token.payload(), signature).map_err(|e| match e {
            SignatureError::Malformed => FormTokenError::Malformed,
            SignatureError::Mismatch => FormTokenError::BadSignature,
        })?;
        Ok(token)
    }

    /// The posted token if it is genuine and its form was shown long enough ago (but not too
    /// long). Otherwise why not, and the token the form should carry when shown again: the same
    /// submission id when the old token was genuine, so a re-post stays idempotent.
    pub(crate) fn judge(
        raw: &str,
        key: &[u8],
        now: i64,
        min_fill_seconds: u32,
    ) -> Result<Self, (Refusal, Self)> {
        let token = Self::verify(raw, key).map_err(|_| (Refusal::Expired, Self::issue(now)))?;
        let fresh = Self::new(token.submission_id, now);
        match token.age(now, min_fill_seconds) {
            TokenAge::Fine => Ok(token),
            TokenAge::TooFast => Err((Refusal::TooFast, fresh)),
            TokenAge::Expired => Err((Refusal::Expired, fresh)),
        }
    }

    pub(crate) fn age(&self, now: i64, min_fill_seconds: u32) -> TokenAge {
        let age = now - self.issued_at;
        if age < i64::from(min_fill_seconds) {
            TokenAge::TooFast
        } else if age > MAX_TOKEN_AGE_SECONDS {
            TokenAge::Expired
        } else {
            TokenAge::Fine
        }
    }

    fn payload(&self) -> String {
        format!("{}.{}", self.submission_id.simple(), self.issued_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"a test key that is long enough for us";

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let token = FormToken::issue(1_800_000_000);
        let encoded = token.encode(KEY);
        assert_eq!(FormToken::verify(&encoded, KEY), Ok(token));
        assert_eq!(
            FormToken::verify(&encoded, b"another key"),
            Err(FormTokenError::BadSignature)
        );
        let tampered = encoded.replacen("1800000000", "1800000001", 1);
        assert_eq!(
            FormToken::verify(&tampered, KEY),
            Err(FormTokenError::BadSignature)
        );
        assert_eq!(FormToken::verify("", KEY), Err(FormTokenError::Malformed));
    }

    #[test]
    fn age_limits_apply_to_the_signed_time() {
        let token = FormToken::issue(1000);
        assert_eq!(token.age(1002, 3), TokenAge::TooFast);
        assert_eq!(token.age(1003, 3), TokenAge::Fine);
        assert_eq!(
            token.age(1000 + MAX_TOKEN_AGE_SECONDS + 1, 3),
            TokenAge::Expired
        );
    }

    proptest! {
        #[test]
        fn arbitrary_tokens_never_panic(raw in ".*") {
            let _ = FormToken::verify(&raw, KEY);
        }
    }
}
