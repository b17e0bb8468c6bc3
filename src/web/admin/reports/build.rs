//! Each report as one table (the numbers the chart draws, the HTML table and the CSV are the same
//! rows), with the chart's points and a sentence for screen readers, from the figures of the last
//! rebuild (`crate::reports`).

use sqlx::PgConnection;
use time::{Date, Duration};

use crate::db::reports::{self, Breakdown, GroupBy, Scope};
use crate::domain::stage::STAGES;
use crate::domain::{countries, us_states};
use crate::reports::median_whole_days;
use crate::web::admin::labels::Labels;
use crate::web::admin::reports::chart::{self, Chart, Point};

/// The weekly chart's length (issue 15: the last 26 weeks).
pub(crate) const WEEKS: i32 = 26;

/// The reports, in the page's order; the slug names the CSV (`/admin/reports/<slug>.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportKind {
    Weekly,
    Funnel,
    Sources,
    Campaigns,
    Countries,
    States,
    StageDays,
}

pub(crate) const REPORTS: &[ReportKind] = &[
    ReportKind::Weekly,
    ReportKind::Funnel,
    ReportKind::Sources,
    ReportKind::Campaigns,
    ReportKind::Countries,
    ReportKind::States,
    ReportKind::StageDays,
];

impl ReportKind {
    pub(crate) fn slug(self) -> &'static str {
        match self {
            ReportKind::Weekly => "applications-per-week",
            ReportKind::Funnel => "funnel",
            ReportKind::Sources => "sources",
            ReportKind::Campaigns => "campaigns",
            ReportKind::Countries => "countries-of-education",
            ReportKind::States => "target-states",
            ReportKind::StageDays => "days-in-stage",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            ReportKind::Weekly => "Applications per week",
            ReportKind::Funnel => "Funnel by stage",
            ReportKind::Sources => "Applications and placements by source",
            ReportKind::Campaigns => "Applications and placements by campaign",
            ReportKind::Countries => "Applications and placements by country of education",
            ReportKind::States => "Applications and placements by target state",
            ReportKind::StageDays => "Median days in each stage",
        }
    }

    pub(crate) fn find(slug: &str) -> Option<ReportKind> {
        REPORTS.iter().copied().find(|r| r.slug() == slug)
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            ReportKind::Weekly => &["Week starting (Monday)", "Applications"],
            ReportKind::Funnel => &[
                "Stage",
                "Candidates there now",
                "Reached it or a later stage",
            ],
            ReportKind::Sources => &["Source", "Applications", "Of candidates placed now"],
            ReportKind::Campaigns => &["Campaign", "Applications", "Of candidates placed now"],
            ReportKind::Countries => &[
                "Country of education",
                "Applications",
                "Of candidates placed now",
            ],
            ReportKind::States => &["Target state", "Applications", "Of candidates placed now"],
            ReportKind::StageDays => &["Stage", "Median days", "Stays that ended in the range"],
        }
    }
}

pub(crate) struct Report {
    pub(crate) kind: ReportKind,
    /// The chart's description for screen readers (`<desc>`).
    pub(crate) about: String,
    pub(crate) columns: &'static [&'static str],
    /// Label first, then the numbers as shown (and as written to the CSV).
    pub(crate) rows: Vec<Vec<String>>,
    pub(crate) chart: Chart,
}

impl Report {
    pub(crate) fn title(&self) -> &'static str {
        self.kind.title()
    }

    pub(crate) fn slug(&self) -> &'static str {
        self.kind.slug()
    }
}

/// The Monday of the first of the 26 weeks that end with the week of `last_day`.
pub(crate) fn first_monday(last_day: Date) -> Date {
    let monday = last_day - Duration::days(i64::from(last_day.weekday().number_days_from_monday()));
    monday - Duration::weeks(i64::from(WEEKS - 1))
}

pub(crate) async fn load(
    conn: &mut PgConnection,
    kind: ReportKind,
    scope: &Scope,
) -> Result<Report, sqlx::Error> {
    let l = Labels;
    let (rows, points, about) = match kind {
        ReportKind::Weekly => {
            // The weekly chart always shows 26 weeks: those ending with the range's last day.
            let first = first_monday(scope.last_day);
            let weeks =
                reports::weekly(&mut *conn, first, WEEKS, scope.last_day, scope.owner).await?;
            let total: i64 = weeks.iter().map(|w| w.applications).sum();
            let busiest = weeks
                .iter()
                .max_by_key(|w| (w.applications, -w.week.to_julian_day()));
            let about = match busiest {
                Some(b) if total > 0 => format!(
                    "{total} applications in the {WEEKS} weeks from {} to {}; the most, {}, in the week of {}.",
                    l.day(&first),
                    l.day(&scope.last_day),
                    b.applications,
                    l.day(&b.week)
                ),
                _ => format!(
                    "No applications in the {WEEKS} weeks to {}.",
                    l.day(&scope.last_day)
                ),
            };
            let rows = weeks
                .iter()
                .map(|w| vec![l.day(&w.week), w.applications.to_string()])
                .collect();
            let points = weeks
                .iter()
                .map(|w| {
                    point(
                        l.day(&w.week),
                        w.applications as f64,
                        None,
                        w.applications.to_string(),
                    )
                })
                .collect();
            (rows, points, about)
        }
        ReportKind::Funnel => {
            let now = reports::funnel(&mut *conn, scope).await?;
            let funnel = funnel_rows(&now);
            let rows = funnel
                .iter()
                .map(|f| {
                    let reached = f.reached.map_or_else(String::new, |r| r.to_string());
                    vec![f.label.to_owned(), f.now.to_string(), reached]
                })
                .collect();
            let points = funnel
                .iter()
                .map(|f| {
                    let (value, text) = match f.reached {
                        Some(r) => (r, format!("{r} reached, {} now", f.now)),
                        None => (f.now, format!("{} now", f.now)),
                    };
                    point(f.label.to_owned(), value as f64, Some(f.now as f64), text)
                })
                .collect();
            let reached = |stage: &str| {
                funnel
                    .iter()
                    .find(|f| f.value == stage)
                    .and_then(|f| f.reached)
                    .unwrap_or(0)
            };
            let about = format!(
                "Of {} candidates whose first application was in the range, {} got at least to screening, {} to ready to present and {} were placed. Bars show how many reached each stage, their darker part how many are there now.",
                reached("new"),
                reached("screening"),
                reached("ready_to_present"),
                reached("placed")
            );
            (rows, points, about)
        }
        ReportKind::Sources
        | ReportKind::Campaigns
        | ReportKind::Countries
        | ReportKind::States => {
            let by = match kind {
                ReportKind::Sources => GroupBy::Source,
                ReportKind::Campaigns => GroupBy::Campaign,
                ReportKind::Countries => GroupBy::Country,
                _ => GroupBy::State,
            };
            let found = reports::breakdown(&mut *conn, scope, by).await?;
            breakdown_table(kind, &found)
        }
        ReportKind::StageDays => {
            let histogram = reports::stays(&mut *conn, scope).await?;
            let ordered = stage_medians(&histogram);
            let rows = ordered
                .iter()
                .map(|m| vec![m.label.to_owned(), m.days.to_string(), m.stays.to_string()])
                .collect();
            let points = ordered
                .iter()
                .map(|m| {
                    let text = format!("{} days ({} stays)", m.days, m.stays);
                    point(m.label.to_owned(), f64::from(m.days), None, text)
                })
                .collect();
            let about = match ordered.iter().max_by_key(|m| m.days) {
                Some(m) => format!(
                    "Median days candidates spent in each stage, in whole days (a stay of 2 days and 23 hours counts 2; of the two middle stays, the shorter), over the stays that ended in the range; the longest is {}, {} days.",
                    m.label, m.days
                ),
                None => "No candidate left a stage in the range.".to_owned(),
            };
            (rows, points, about)
        }
    };
    let chart = match kind {
        ReportKind::Weekly => chart::columns(&points, 4),
        _ => chart::bars(&points),
    };
    Ok(Report {
        kind,
        about,
        columns: kind.columns(),
        rows,
        chart,
    })
}

fn breakdown_table(
    kind: ReportKind,
    found: &[Breakdown],
) -> (Vec<Vec<String>>, Vec<Point>, String) {
    let label = |key: &str| match kind {
        ReportKind::Sources if key.is_empty() => "Not given".to_owned(),
        ReportKind::Sources => Labels.source(&Some(key.to_owned())),
        ReportKind::Campaigns if key.is_empty() => "No campaign".to_owned(),
        ReportKind::Countries => countries::name_of(key).to_owned(),
        ReportKind::States if key == "any" => "Open to any state".to_owned(),
        ReportKind::States => {
            us_states::find(key).map_or_else(|| key.to_owned(), |s| s.name.to_owned())
        }
        _ => key.to_owned(),
    };
    let rows = found
        .iter()
        .map(|b| {
            vec![
                label(&b.key),
                b.applications.to_string(),
                b.placements.to_string(),
            ]
        })
        .collect();
    let points = found
        .iter()
        .map(|b| {
            let text = format!("{}, {} placed", b.applications, b.placements);
            point(
                label(&b.key),
                b.applications as f64,
                Some(b.placements as f64),
                text,
            )
        })
        .collect();
    let applications: i64 = found.iter().map(|b| b.applications).sum();
    let placements: i64 = found.iter().map(|b| b.placements).sum();
    let about = match found.first() {
        Some(top) => format!(
            "{applications} applications in {} groups, {placements} of them of candidates placed now; the most, {}, from {}. Bars show applications, their darker part those of placed candidates.",
            found.len(),
            top.applications,
            label(&top.key)
        ),
        None => "No applications in the range.".to_owned(),
    };
    (rows, points, about)
}

/// One stage of the funnel: candidates there now, and for the working stages how many reached it
/// or a later one (everyone has been new; the parking and closing stages have no "later").
pub(crate) struct FunnelRow {
    pub(crate) value: &'static str,
    pub(crate) label: &'static str,
    pub(crate) now: i64,
    pub(crate) reached: Option<i64>,
}

pub(crate) fn funnel_rows(now: &[reports::Reached]) -> Vec<FunnelRow> {
    let count = |stage: &str| {
        now.iter()
            .find(|r| r.stage == stage)
            .map_or(0, |r| r.candidates)
    };
    let total: i64 = now.iter().map(|r| r.candidates).sum();
    STAGES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let reached = if s.closing {
                None
            } else if i == 0 {
                Some(total)
            } else {
                Some(
                    STAGES[i..]
                        .iter()
                        .filter(|l| !l.closing)
                        .map(|l| count(l.value))
                        .sum(),
                )
            };
            FunnelRow {
                value: s.value,
                label: s.label,
                now: count(s.value),
                reached,
            }
        })
        .collect()
}

fn point(label: String, value: f64, part: Option<f64>, text: String) -> Point {
    Point {
        label,
        value,
        part,
        text,
    }
}

/// One stage's completed stays: how many, and the median in whole days.
pub(crate) struct StageMedian {
    pub(crate) label: &'static str,
    pub(crate) days: i32,
    pub(crate) stays: i64,
}

/// The stages with stays in the histogram, in the pipeline's order, each with its median.
pub(crate) fn stage_medians(histogram: &[reports::Stays]) -> Vec<StageMedian> {
    STAGES
        .iter()
        .filter_map(|s| {
            let bars: Vec<(i32, i64)> = histogram
                .iter()
                .filter(|h| h.stage == s.value)
                .map(|h| (h.whole_days, h.stays))
                .collect();
            let days = median_whole_days(&bars)?;
            Some(StageMedian {
                label: s.label,
                days,
                stays: bars.iter().map(|b| b.1).sum(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_weeks_end_with_the_week_of_the_last_day() {
        // 2026-12-01 is a Tuesday: its week began on Monday 2026-11-30.
        let first = first_monday(date!(2026 - 12 - 01));
        assert_eq!(first, date!(2026 - 11 - 30) - Duration::weeks(25));
        assert_eq!(first.weekday(), time::Weekday::Monday);
        assert_eq!(first_monday(date!(2026 - 11 - 30)), first);
    }

    #[test]
    fn every_report_has_its_own_slug() {
        for kind in REPORTS {
            assert_eq!(ReportKind::find(kind.slug()), Some(*kind));
        }
        assert_eq!(ReportKind::find("../etc"), None);
    }

    #[test]
    fn each_stage_gets_the_median_of_its_own_bars_in_the_pipelines_order() {
        let bar = |stage: &str, whole_days, stays| reports::Stays {
            stage: stage.to_owned(),
            whole_days,
            stays,
        };
        let histogram = [
            bar("screening", 4, 1),
            bar("new", 10, 2),
            bar("new", 40, 1),
            bar("screening", 1, 2),
            bar("new", 3, 1),
            bar("placed", 0, 0),
        ];
        let medians = stage_medians(&histogram);
        let got: Vec<(&str, i32, i64)> =
            medians.iter().map(|m| (m.label, m.days, m.stays)).collect();
        assert_eq!(got, [("New", 10, 4), ("Screening", 1, 3)]);
    }
}
