//! Time-based one-time codes (RFC 6238: HMAC-SHA1, six digits, 30-second steps, the most apps
//! support) through the `totp-rs` crate, the enrolment's `otpauth://` address and its QR code.
//!
//! A code is accepted for the step before, the current one and the one after (clock drift), and
//! only for a step later than the last one accepted for the account: the caller stores the step
//! it gets back with a conditional update (`db::recruiters::accept_totp_step`), so the same code
//! cannot be used twice, not even in parallel or on another instance.
//!
//! The secret (20 random bytes, as RFC 4226 recommends) is stored in the account's row and never
//! logged or shown again once enrolment is confirmed; it is not encrypted at rest: see README
//! "Team and sign-in" for why.

use anyhow::Context;
use qrcode::{Color, QrCode};
use totp_rs::{Algorithm, TOTP};

pub(crate) const SECRET_BYTES: usize = 20;
const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
pub(crate) const ISSUER: &str = "LabMinds Staffing";

/// A TOTP secret. Debug never prints it.
#[derive(Clone)]
pub(crate) struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

impl TotpSecret {
    pub(crate) fn generate() -> anyhow::Result<Self> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).context("no random bytes for a TOTP secret")?;
        Ok(TotpSecret(bytes))
    }

    /// A stored secret; `None` if it is not the size we make.
    pub(crate) fn from_stored(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() == SECRET_BYTES).then_some(TotpSecret(bytes))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self) -> anyhow::Result<TOTP> {
        TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP_SECONDS, self.0.clone())
            .map_err(|e| anyhow::anyhow!("{e:?}"))
            .context("the TOTP parameters were refused")
    }

    /// The secret as people type it into an app by hand (base32, in groups of four).
    pub(crate) fn base32(&self) -> anyhow::Result<String> {
        Ok(self.totp()?.get_secret_base32())
    }

    /// The `otpauth://` address the QR code holds (Google's Key URI format, which every app reads).
    pub(crate) fn otpauth_url(&self, account: &str) -> anyhow::Result<String> {
        let mut url = url::Url::parse("otpauth://totp/").context("the otpauth base")?;
        url.set_path(&format!("{ISSUER}:{account}"));
        url.query_pairs_mut()
            .append_pair("secret", &self.base32()?)
            .append_pair("issuer", ISSUER)
            .append_pair("algorithm", "SHA1")
            .append_pair("digits", &DIGITS.to_string())
            .append_pair("period", &STEP_SECONDS.to_string());
        Ok(url.to_string())
    }

    /// The time step `code` is right for, if any, among the steps around `unix_time`; only steps
    /// after `last_step` count (no replay). HMAC-SHA1 three times: microseconds, but the caller
    /// still runs it off the async threads (`verify_off_thread`), as the issue asks.
    pub(crate) fn matching_step(
        &self,
        code: &str,
        unix_time: u64,
        last_step: Option<i64>,
    ) -> Option<i64> {
        let totp = self.totp().ok()?;
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let current = unix_time / STEP_SECONDS;
        let mut found = None;
        // Every candidate step is computed and compared in constant time, so the answer's timing
        // does not tell which step (if any) matched.
        for step in [current.saturating_sub(1), current, current + 1] {
            let expected = totp.generate(step * STEP_SECONDS);
            if crate::crypto::constant_time_eq(&expected, &code) {
                found = i64::try_from(step).ok();
            }
        }
        found.filter(|step| last_step.is_none_or(|last| *step > last))
    }

    /// `matching_step` for now, on a blocking thread.
    pub(crate) async fn verify_off_thread(
        &self,
        code: String,
        last_step: Option<i64>,
    ) -> anyhow::Result<Option<i64>> {
        let secret = self.clone();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .context("the clock is before 1970")?
            .as_secs();
        tokio::task::spawn_blocking(move || secret.matching_step(&code, now, last_step))
            .await
            .context("the TOTP check did not finish")
    }
}

/// A QR code as one SVG path: the template draws `<svg viewBox="0 0 {size} {size}"><path d=…>`,
/// so the page needs no image, no script and no inline style (the CSP allows neither).
pub(crate) struct QrSvg {
    /// Modules per side, with the quiet zone of four on each side.
    pub(crate) size: usize,
    /// One `M x y h1 v1 h-1 z` square per dark module: digits and letters only, safe to escape.
    pub(crate) path: String,
}

pub(crate) fn qr_svg(text: &str) -> anyhow::Result<QrSvg> {
    let code = QrCode::new(text.as_bytes()).context("the QR code could not be made")?;
    let width = code.width();
    let quiet = 4;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Ok(QrSvg {
        size: width + 2 * quiet,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's SHA-1 test key, "12345678901234567890".
    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_stored(b"12345678901234567890".to_vec()).unwrap()
    }

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // Appendix B: T = 59 gives 94287082 (eight digits); six digits are its last six.
        assert_eq!(rfc_secret().matching_step("287082", 59, None), Some(1));
        // T = 1111111109 gives 07081804.
        assert_eq!(
            rfc_secret().matching_step("081804", 1_111_111_109, None),
            Some(37_037_036)
        );
    }

    #[test]
    fn neighbouring_steps_count_and_used_ones_do_not() {
        let secret = rfc_secret();
        // The code of step 1 is still accepted 30 s later (step 2), not 60 s later.
        assert_eq!(secret.matching_step("287082", 89, None), Some(1));
        assert_eq!(secret.matching_step("287082", 119, None), None);
        // Replay: step 1 was used.
        assert_eq!(secret.matching_step("287082", 59, Some(1)), None);
        assert_eq!(secret.matching_step("28708", 59, None), None);
        assert_eq!(secret.matching_step("28708a", 59, None), None);
    }

    #[test]
    fn the_otpauth_address_names_the_issuer_and_account() {
        let url = rfc_secret()
            .otpauth_url("ana@labmindsstaffing.com")
            .unwrap();
        assert!(url.starts_with("otpauth://totp/LabMinds%20Staffing:ana@labmindsstaffing.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=LabMinds+Staffing"), "{url}");
        let qr = qr_svg(&url).unwrap();
        assert!(qr.size > 21 && qr.path.starts_with('M'));
        assert!(
            qr.path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        );
    }
}
