//! Recovery codes: ten per account, shown once at enrolment, each good for one sign-in when the
//! authenticator app is lost. A code is twelve characters of Crockford's base32 (60 random bits),
//! shown as `xxxx-xxxx-xxxx`; its first four characters (the selector) find its row, and the whole
//! code is checked against an argon2id hash in the shared pool (`auth::hashing`), so a stolen table
//! gives nothing away and one attempt costs one hash, not ten.

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

pub(crate) const CODES_PER_ACCOUNT: usize = 10;
const CODE_CHARS: usize = 12;
const SELECTOR_CHARS: usize = 4;
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A code as typed, normalised: lower case, no dashes or spaces, Crockford's look-alikes mapped.
pub(crate) struct RecoveryCode(SecretString);

impl RecoveryCode {
    /// Ten fresh codes, with distinct selectors.
    pub(crate) fn generate_set() -> anyhow::Result<Vec<RecoveryCode>> {
        let mut codes: Vec<RecoveryCode> = Vec::with_capacity(CODES_PER_ACCOUNT);
        while codes.len() < CODES_PER_ACCOUNT {
            let mut bytes = [0u8; CODE_CHARS];
            getrandom::fill(&mut bytes).context("no random bytes for a recovery code")?;
            let code: String = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
                .collect();
            if codes
                .iter()
                .all(|c| c.selector() != &code[..SELECTOR_CHARS])
            {
                codes.push(RecoveryCode(SecretString::from(code)));
            }
        }
        Ok(codes)
    }

    /// What someone typed, if it has the shape of a code.
    pub(crate) fn parse(raw: &str) -> Option<RecoveryCode> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_lowercase() {
                'o' => '0',
                'i' | 'l' => '1',
                other => other,
            })
            .collect();
        let valid = code.len() == CODE_CHARS && code.bytes().all(|b| ALPHABET.contains(&b));
        valid.then(|| RecoveryCode(SecretString::from(code)))
    }

    pub(crate) fn selector(&self) -> &str {
        &self.0.expose_secret()[..SELECTOR_CHARS]
    }

    pub(crate) fn secret(&self) -> SecretString {
        self.0.clone()
    }

    /// `xxxx-xxxx-xxxx`, for the page that shows the codes once.
    pub(crate) fn display(&self) -> String {
        let code = self.0.expose_secret();
        format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ten_distinct_and_read_back_as_typed() {
        let codes = RecoveryCode::generate_set().unwrap();
        assert_eq!(codes.len(), 10);
        let mut selectors: Vec<&str> = codes.iter().map(|c| c.selector()).collect();
        selectors.sort_unstable();
        selectors.dedup();
        assert_eq!(selectors.len(), 10);
        let shown = codes[0].display();
        assert_eq!(shown.len(), 14);
        let typed = RecoveryCode::parse(&format!(" {} ", shown.to_uppercase())).unwrap();
        assert_eq!(
            typed.secret().expose_secret(),
            codes[0].secret().expose_secret()
        );
        assert!(RecoveryCode::parse("123456").is_none());
        assert!(RecoveryCode::parse("abcd-efgh-ijk!").is_none());
        assert_eq!(
            RecoveryCode::parse("OIL0-0000-0000").unwrap().selector(),
            "0110"
        );
    }
}
