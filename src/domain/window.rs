//! Fixed counting windows: the limits (login attempts, applications per client) count within
//! windows aligned to the Unix epoch (15-minute windows start at :00, :15, :30, :45 UTC). A
//! window's start keys its counter row, and its end is what `Retry-After` says: this is the one
//! place where "when may I try again" is computed, so the header tells the truth for every limit.

use std::time::Duration;

use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FixedWindow {
    seconds: i64,
}

impl FixedWindow {
    pub(crate) const fn of_seconds(seconds: i64) -> Self {
        FixedWindow { seconds }
    }

    pub(crate) fn length(self) -> Duration {
        Duration::from_secs(self.seconds.unsigned_abs())
    }

    /// The start of the window `now` falls in.
    pub(crate) fn start(self, now: OffsetDateTime) -> OffsetDateTime {
        let unix = now.unix_timestamp();
        let start = unix - unix.rem_euclid(self.seconds);
        OffsetDateTime::from_unix_timestamp(start).unwrap_or(now)
    }

    /// Whole seconds from `now` until the window ends (at least 1): the `Retry-After` of a limit
    /// reached in this window.
    pub(crate) fn retry_after(self, now: OffsetDateTime) -> RetryAfter {
        let end = self.start(now) + self.length();
        let left = (end - now).as_seconds_f64().ceil();
        RetryAfter(left.clamp(1.0, self.seconds as f64) as u32)
    }
}

/// Seconds a client should wait before trying again, as `Retry-After` states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub(crate) u32);

impl RetryAfter {
    pub(crate) fn seconds(self) -> u32 {
        self.0
    }

    /// Minutes, rounded up, for pages that tell a person how long to wait.
    pub(crate) fn minutes(self) -> u32 {
        self.0.div_ceil(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn windows_align_to_the_epoch_and_retry_after_counts_to_their_end() {
        let quarter = FixedWindow::of_seconds(15 * 60);
        let now = datetime!(2026-12-01 09:07:30 UTC);
        assert_eq!(quarter.start(now), datetime!(2026-12-01 09:00:00 UTC));
        assert_eq!(quarter.retry_after(now), RetryAfter(7 * 60 + 30));
        let hour = FixedWindow::of_seconds(3600);
        assert_eq!(
            hour.retry_after(datetime!(2026-12-01 09:59:59.5 UTC)),
            RetryAfter(1)
        );
        assert_eq!(
            hour.retry_after(datetime!(2026-12-01 09:00:00 UTC)),
            RetryAfter(3600)
        );
        assert_eq!(RetryAfter(61).minutes(), 2);
    }
}
