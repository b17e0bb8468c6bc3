//! The reports' figures snapshot (issue 15): a scheduled job (`jobs::Job::ReportFigures`, every 10
//! minutes inside `serve`) and `labminds report-figures` rebuild the aggregate tables that every
//! report page and CSV reads (`db::report_figures`), so a report costs the same at 100,000
//! candidates as at 100. And the one computation the tables leave to Rust: the median of a
//! histogram of stays.

use std::time::Instant;

use serde_json::Value;
use sqlx::PgPool;

use crate::db;

/// Rebuilds the figures (one transaction), then tidies the tables; returns the counts for the log
/// and `job_runs`.
pub(crate) async fn rebuild(pool: &PgPool) -> anyhow::Result<Value> {
    let started = Instant::now();
    let rebuilt = db::report_figures::rebuild(pool).await?;
    let built_ms = started.elapsed().as_millis();
    db::report_figures::tidy(pool).await?;
    Ok(serde_json::json!({
        "taken_at": rebuilt.taken_at.unix_timestamp(),
        "figures": rebuilt.figures,
        "cohorts": rebuilt.cohorts,
        "stays": rebuilt.stays,
        "rebuild_ms": built_ms,
        "total_ms": started.elapsed().as_millis(),
    }))
}

/// The median of a histogram of whole days (`(days, how many)`, in any order): the middle
/// stay's length, and of the two middle ones (an even count) the shorter, as PostgreSQL's
/// `percentile_disc(0.5)` gives. `None` when there is no stay. Bars of zero count are ignored.
pub(crate) fn median_whole_days(histogram: &[(i32, i64)]) -> Option<i32> {
    let mut bars: Vec<(i32, i64)> = histogram.iter().copied().filter(|b| b.1 > 0).collect();
    bars.sort_unstable();
    let total: i64 = bars.iter().map(|b| b.1).sum();
    if total == 0 {
        return None;
    }
    // The 1-based position of the lower middle: 2 of 3, 2 of 4.
    let middle = (total + 1) / 2;
    let mut seen = 0;
    bars.into_iter().find_map(|(days, count)| {
        seen += count;
        (seen >= middle).then_some(days)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_median_is_the_middle_stay_or_the_shorter_of_the_two_middle_ones() {
        assert_eq!(median_whole_days(&[]), None);
        assert_eq!(median_whole_days(&[(3, 0)]), None);
        assert_eq!(median_whole_days(&[(5, 1)]), Some(5));
        // 1, 2, 9: the middle one.
        assert_eq!(median_whole_days(&[(9, 1), (1, 1), (2, 1)]), Some(2));
        // 1, 2, 9, 9: the shorter of 2 and 9.
        assert_eq!(median_whole_days(&[(9, 2), (1, 1), (2, 1)]), Some(2));
        // 0 x 3, 40: most stays ended the day they began.
        assert_eq!(median_whole_days(&[(40, 1), (0, 3)]), Some(0));
        // Bars repeated (one per day and owner in the figures) add up.
        assert_eq!(
            median_whole_days(&[(7, 2), (3, 1), (7, 1), (3, 1)]),
            Some(7)
        );
        assert_eq!(median_whole_days(&[(7, 2), (3, 2)]), Some(3));
    }

    proptest! {
        /// Against the definition: sort every stay and take the lower middle one.
        #[test]
        fn the_median_of_the_histogram_is_the_median_of_its_stays(
            bars in proptest::collection::vec((0i32..400, 0i64..6), 0..30)
        ) {
            let mut stays: Vec<i32> = bars
                .iter()
                .flat_map(|&(days, n)| std::iter::repeat_n(days, n as usize))
                .collect();
            stays.sort_unstable();
            let want = (!stays.is_empty()).then(|| stays[(stays.len() - 1) / 2]);
            prop_assert_eq!(median_whole_days(&bars), want);
        }
    }
}
