//! Login throttling: failures are counted per account and per client over a sliding window, in
//! PostgreSQL (`login_failures`) so all instances share one count. No permanent lock-out: once the
//! window has passed, the account and the client may try again.

use std::time::Duration;

use secrecy::ExposeSecret;

use crate::config::Settings;
use crate::crypto::keyed_digest;

pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures for one account (typed e-mail, known or not) within the window before refusing.
pub(crate) const MAX_ACCOUNT_FAILURES: i64 = 5;
/// Failures from one client within the window before refusing (password spraying).
pub(crate) const MAX_IP_FAILURES: i64 = 20;

/// The keyed hashes a login attempt is counted under.
pub(crate) struct ThrottleKeys {
    pub(crate) account: Vec<u8>,
    pub(crate) ip: Vec<u8>,
}

impl ThrottleKeys {
    pub(crate) fn new(settings: &Settings, normalised_email: &str, client_ip: &str) -> Self {
        let key = settings.secret_key.expose_secret().as_bytes();
        ThrottleKeys {
            account: keyed_digest(key, "login-account", normalised_email.as_bytes()),
            ip: keyed_digest(key, "login-ip", client_ip.as_bytes()),
        }
    }
}

/// Failure counts in the current window.
pub(crate) struct FailureCounts {
    pub(crate) account: i64,
    pub(crate) ip: i64,
}

impl FailureCounts {
    pub(crate) fn is_over_limit(&self) -> bool {
        self.account >= MAX_ACCOUNT_FAILURES || self.ip >= MAX_IP_FAILURES
    }
}

/// The e-mail as accounts are stored: trimmed and lower-cased.
pub(crate) fn normalise_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}
