//! Working days for the overview's "unowned for more than two working days": Monday to Friday.
//! Public holidays differ by recruiter and country and are not counted (a case may show a day
//! early after a holiday, never late).

use time::{Duration, OffsetDateTime, Weekday};

/// The moment `days` working days before `now`: step back one calendar day at a time and count
/// only the days that land on Monday to Friday.
pub(crate) fn before(now: OffsetDateTime, days: u32) -> OffsetDateTime {
    let mut at = now;
    let mut counted = 0;
    while counted < days {
        at -= Duration::days(1);
        if !matches!(at.weekday(), Weekday::Saturday | Weekday::Sunday) {
            counted += 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn two_working_days_skip_the_weekend() {
        // Tuesday 1 December 2026 → Friday 27 November.
        assert_eq!(
            before(datetime!(2026-12-01 10:00 UTC), 2),
            datetime!(2026-11-27 10:00 UTC)
        );
        // Monday → Thursday; Thursday → Tuesday; Sunday → Thursday.
        assert_eq!(
            before(datetime!(2026-11-30 09:30 UTC), 2),
            datetime!(2026-11-26 09:30 UTC)
        );
        assert_eq!(
            before(datetime!(2026-12-03 08:00 UTC), 2),
            datetime!(2026-12-01 08:00 UTC)
        );
        assert_eq!(
            before(datetime!(2026-12-06 12:00 UTC), 2),
            datetime!(2026-12-03 12:00 UTC)
        );
        assert_eq!(
            before(datetime!(2026-12-06 12:00 UTC), 0),
            datetime!(2026-12-06 12:00 UTC)
        );
    }
}
