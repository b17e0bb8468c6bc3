//! The sign-in throttle's rules, independent of HTTP and of the database. Every attempt is counted
//! before its secret is checked, atomically in PostgreSQL (`db::throttles::count_attempt`), under
//! three keys; the counts then decide:
//!
//! - the account and the client together: at most `PAIR_LIMIT` attempts per window, then 429 until
//!   the window ends. This is what stops one guesser, and it locks out nobody else: a stranger
//!   failing from elsewhere never reaches the recruiter's own (account, client) pair.
//! - the client alone: at most `CLIENT_LIMIT` attempts per window over all accounts, then 429
//!   (password spraying).
//! - the account alone, from anywhere: no lock-out, a progressive delay instead, once more than
//!   `ACCOUNT_FREE_ATTEMPTS` arrive in a window (many guessers from many addresses get slower and
//!   slower, the recruiter still gets in).
//!
//! A success forgives its own attempt and the pair's earlier failures. A second sign-in step (a
//! one-time code) calls the same functions with its own `Step`, so it gets counters of its own.

use std::time::Duration;

use time::OffsetDateTime;

use crate::crypto::keyed_digest;
use crate::domain::window::{FixedWindow, RetryAfter};

pub(crate) const WINDOW: FixedWindow = FixedWindow::of_seconds(15 * 60);
/// Attempts for one account from one client within the window.
pub(crate) const PAIR_LIMIT: i32 = 5;
/// Attempts from one client within the window, over all accounts.
pub(crate) const CLIENT_LIMIT: i32 = 20;
/// Attempts for one account from all clients within the window before each further one waits.
pub(crate) const ACCOUNT_FREE_ATTEMPTS: i32 = 10;
/// The first delay; it doubles with each further attempt, up to `MAX_DELAY`.
pub(crate) const FIRST_DELAY: Duration = Duration::from_millis(500);
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(8);

/// Which secret an attempt checks: each step counts on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Password,
    /// The one-time code (or a recovery code) after the password.
    SecondFactor,
}

impl Step {
    fn as_str(self) -> &'static str {
        match self {
            Step::Password => "password",
            Step::SecondFactor => "second-factor",
        }
    }
}

/// The keyed hashes one attempt is counted under.
pub(crate) struct AttemptKeys {
    pub(crate) pair: Vec<u8>,
    pub(crate) client: Vec<u8>,
    pub(crate) account: Vec<u8>,
    /// The window the attempt falls in; its start keys the counter rows.
    pub(crate) window_start: OffsetDateTime,
    now: OffsetDateTime,
}

impl AttemptKeys {
    /// `key` is the counters' secret (`SECRET_KEY`, or the database's key without one), so the
    /// counts survive restarts and are shared by every instance.
    pub(crate) fn new(
        key: &[u8],
        step: Step,
        normalised_email: &str,
        client_ip: &str,
        now: OffsetDateTime,
    ) -> Self {
        let digest = |scope: &str, value: &str| {
            keyed_digest(
                key,
                &format!("login-{}-{scope}", step.as_str()),
                value.as_bytes(),
            )
        };
        AttemptKeys {
            pair: digest("pair", &format!("{normalised_email}\0{client_ip}")),
            client: digest("client", client_ip),
            account: digest("account", normalised_email),
            window_start: WINDOW.start(now),
            now,
        }
    }
}

/// The counts of the current window, this attempt included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AttemptCounts {
    pub(crate) pair: i32,
    pub(crate) client: i32,
    pub(crate) account: i32,
}

/// What the counts allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Check the secret, after waiting this long.
    Check { delay: Duration },
    /// Refused without checking; try again after the window.
    Refuse(RetryAfter),
}

pub(crate) fn judge(keys: &AttemptKeys, counts: AttemptCounts) -> Verdict {
    if counts.pair > PAIR_LIMIT || counts.client > CLIENT_LIMIT {
        return Verdict::Refuse(WINDOW.retry_after(keys.now));
    }
    Verdict::Check {
        delay: account_delay(counts.account),
    }
}

/// 0 up to `ACCOUNT_FREE_ATTEMPTS`, then `FIRST_DELAY` doubling per attempt up to `MAX_DELAY`.
pub(crate) fn account_delay(attempts: i32) -> Duration {
    let over = attempts - ACCOUNT_FREE_ATTEMPTS;
    if over <= 0 {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(over - 1).unwrap_or(0).min(16);
    FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
}

/// The e-mail as accounts are stored: trimmed and lower-cased.
pub(crate) fn normalise_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> AttemptKeys {
        AttemptKeys::new(
            b"key",
            Step::Password,
            "ana@example.com",
            "203.0.113.7",
            time::macros::datetime!(2026-12-01 09:10:00 UTC),
        )
    }

    fn counts(pair: i32, client: i32, account: i32) -> AttemptCounts {
        AttemptCounts {
            pair,
            client,
            account,
        }
    }

    #[test]
    fn the_pair_and_the_client_have_hard_limits_until_the_window_ends() {
        let keys = keys();
        assert_eq!(
            judge(&keys, counts(5, 5, 5)),
            Verdict::Check {
                delay: Duration::ZERO
            }
        );
        // 09:10 in the 09:00-09:15 window: five minutes left.
        assert_eq!(
            judge(&keys, counts(6, 6, 6)),
            Verdict::Refuse(RetryAfter(300))
        );
        assert_eq!(
            judge(&keys, counts(1, 21, 1)),
            Verdict::Refuse(RetryAfter(300))
        );
    }

    #[test]
    fn the_account_alone_is_only_slowed_down_progressively() {
        assert_eq!(account_delay(10), Duration::ZERO);
        assert_eq!(account_delay(11), Duration::from_millis(500));
        assert_eq!(account_delay(12), Duration::from_secs(1));
        assert_eq!(account_delay(14), Duration::from_secs(4));
        assert_eq!(account_delay(15), MAX_DELAY);
        assert_eq!(account_delay(10_000), MAX_DELAY);
        assert_eq!(
            judge(&keys(), counts(1, 1, 500)),
            Verdict::Check { delay: MAX_DELAY }
        );
    }

    #[test]
    fn keys_differ_by_scope_step_and_client() {
        let a = keys();
        let other_client = AttemptKeys::new(
            b"key",
            Step::Password,
            "ana@example.com",
            "198.51.100.1",
            time::macros::datetime!(2026-12-01 09:10:00 UTC),
        );
        assert_ne!(a.pair, other_client.pair);
        assert_eq!(a.account, other_client.account);
        assert_ne!(a.pair, a.client);
        assert_ne!(a.client, a.account);
    }
}
