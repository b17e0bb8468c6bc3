//! How long the worker waits: between delivery attempts of one message, and after the database
//! failed it.

use std::time::Duration;

/// No message waits longer than this (before jitter) between two attempts.
pub(crate) const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);

/// The wait after attempt number `attempts` (1 for the first) failed: `base` doubled per attempt,
/// capped at an hour, then spread by ±20% so messages that failed together do not retry together.
pub(crate) fn retry_delay(base: Duration, attempts: i32) -> Duration {
    retry_delay_with(base, attempts, fastrand::f64())
}

/// `retry_delay` with the random draw (in 0..1) given, for tests.
pub(crate) fn retry_delay_with(base: Duration, attempts: i32, random: f64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 31)).unwrap_or(31);
    let raw = base
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(MAX_RETRY_DELAY);
    raw.mul_f64(0.8 + random.clamp(0.0, 1.0) * 0.4)
}

/// The pause after the `failures`-th consecutive failed round (database unreachable): short at
/// first, so a blip delays mail by half a second, and at most 5 s, so recovery is noticed quickly.
pub(crate) fn outage_pause(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(4);
    Duration::from_millis(500)
        .saturating_mul(2u32.pow(doublings))
        .min(Duration::from_secs(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(5);

    #[test]
    fn the_delay_doubles_per_attempt() {
        assert_eq!(retry_delay_with(BASE, 1, 0.5), Duration::from_secs(5));
        assert_eq!(retry_delay_with(BASE, 2, 0.5), Duration::from_secs(10));
        assert_eq!(retry_delay_with(BASE, 4, 0.5), Duration::from_secs(40));
    }

    #[test]
    fn the_delay_is_capped_at_an_hour_before_jitter() {
        assert_eq!(retry_delay_with(BASE, 30, 0.5), MAX_RETRY_DELAY);
        assert_eq!(retry_delay_with(BASE, i32::MAX, 0.5), MAX_RETRY_DELAY);
        assert_eq!(retry_delay_with(BASE, 0, 0.5), BASE);
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        assert_eq!(retry_delay_with(BASE, 1, 0.0), Duration::from_secs(4));
        assert_eq!(retry_delay_with(BASE, 1, 1.0), Duration::from_secs(6));
        for _ in 0..1000 {
            let delay = retry_delay(BASE, 3);
            assert!(delay >= Duration::from_secs(16) && delay <= Duration::from_secs(24));
        }
    }

    #[test]
    fn outage_pauses_grow_to_five_seconds() {
        assert_eq!(outage_pause(1), Duration::from_millis(500));
        assert_eq!(outage_pause(2), Duration::from_secs(1));
        assert_eq!(outage_pause(100), Duration::from_secs(5));
    }
}
