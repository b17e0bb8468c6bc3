//! What each step costs, who pays it, and how long steps take: the `[[costs]]`, `[[timelines]]`
//! and `[[visa_bulletin]]` data of `facts.toml`, read by the `/costs` page and the advisor's
//! plan (one place for both). Figures without an amount are ones we could not retrieve; pages
//! say so instead of guessing. Totals add only the amounts we have and are shown as ranges.

use serde::Deserialize;

use super::fact::{Fact, group_thousands};
use super::facts::{Facts, ReviewDate};
use crate::domain::countries;

/// Who pays a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    Candidate,
    Employer,
}

impl Payer {
    pub fn label(self) -> &'static str {
        match self {
            Payer::Candidate => "You (the candidate)",
            Payer::Employer => "The employer",
        }
    }
}

/// One step's cost in US dollars; `low`/`high` unset = not retrieved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostStep {
    pub slug: String,
    pub step: String,
    pub payer: Payer,
    #[serde(default)]
    pub low: Option<u32>,
    #[serde(default)]
    pub high: Option<u32>,
    pub detail: Fact<String>,
}

impl CostStep {
    /// "$95 to $200", "$215", or "Not retrieved".
    pub fn amount(&self) -> String {
        usd_range(self.low, self.high)
    }
}

/// "$95 to $200", "$215", "from $95", or "Not retrieved".
pub fn usd_range(low: Option<u32>, high: Option<u32>) -> String {
    let usd = |n: u32| format!("${}", group_thousands(n));
    match (low, high) {
        (Some(l), Some(h)) if l == h => usd(l),
        (Some(l), Some(h)) => format!("{} to {}", usd(l), usd(h)),
        (Some(l), None) => format!("from {}", usd(l)),
        (None, Some(h)) => format!("up to {}", usd(h)),
        (None, None) => "Not retrieved".to_owned(),
    }
}

/// One step's usual duration in months; unset = not retrieved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineStep {
    pub slug: String,
    pub step: String,
    /// `h1b`, `eb3`, `licence` or `documents`: which part of the journey it belongs to.
    pub route: String,
    #[serde(default)]
    pub months_low: Option<u32>,
    #[serde(default)]
    pub months_high: Option<u32>,
    /// Words for a duration that is not a number of months ("Depends on your country of birth").
    #[serde(default)]
    pub duration: Option<String>,
    pub detail: Fact<String>,
}

impl TimelineStep {
    /// "16 to 17 months", "about 7 months", "more than 24 months", or "Not retrieved".
    pub fn duration(&self) -> String {
        if let Some(words) = &self.duration {
            return words.clone();
        }
        match (self.months_low, self.months_high) {
            (Some(l), Some(h)) if l == h => format!("About {l} months"),
            (Some(l), Some(h)) => format!("About {l} to {h} months"),
            (Some(l), None) => format!("More than {l} months"),
            (None, Some(h)) => format!("Up to {h} months"),
            (None, None) => "Not retrieved".to_owned(),
        }
    }
}

/// The EB-3 final action date of one chargeability country, from a dated bulletin.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulletinEntry {
    /// Country of birth (chargeability), ISO code.
    pub code: String,
    /// The date as the bulletin gives it, with the bulletin month in `as_of`.
    pub final_action: Fact<String>,
    /// The same date, machine-readable, to say how far behind the queue was.
    pub priority_date: ReviewDate,
}

impl BulletinEntry {
    /// Whole years between the final action date and the bulletin's month (rounded).
    pub fn years_behind(&self) -> Option<i32> {
        let bulletin = self.final_action.as_of?;
        let months = |d: &ReviewDate| d.0.year() * 12 + i32::from(u8::from(d.0.month()));
        let behind = months(&bulletin) - months(&self.priority_date);
        Some((behind + 6) / 12)
    }

    /// "the Philippines": the country of birth inside a sentence.
    pub fn country_in_sentence(&self) -> String {
        countries::find(&self.code).map_or_else(|| self.code.clone(), |c| c.in_sentence())
    }

    /// "July 2026": the bulletin the date is from.
    pub fn bulletin(&self) -> String {
        self.final_action
            .as_of
            .map_or_else(String::new, |d| format!("{} {}", d.0.month(), d.0.year()))
    }
}

impl Facts {
    pub fn costs_paid_by(&self, payer: Payer) -> impl Iterator<Item = &CostStep> {
        self.costs.iter().filter(move |c| c.payer == payer)
    }

    pub fn cost(&self, slug: &str) -> Option<&CostStep> {
        self.costs.iter().find(|c| c.slug == slug)
    }

    /// The sum of the amounts we have for one payer, as a range (steps without one left out).
    pub fn cost_total(&self, payer: Payer) -> String {
        let (low, high) = self.costs_paid_by(payer).fold((0, 0), |(l, h), c| {
            (l + c.low.unwrap_or(0), h + c.high.or(c.low).unwrap_or(0))
        });
        usd_range(Some(low), Some(high))
    }

    /// The steps a payer has with no amount: what the totals leave out.
    pub fn costs_not_retrieved(&self, payer: Payer) -> Vec<&str> {
        self.costs_paid_by(payer)
            .filter(|c| c.low.is_none() && c.high.is_none())
            .map(|c| c.step.as_str())
            .collect()
    }

    pub fn timeline(&self, slug: &str) -> Option<&TimelineStep> {
        self.timelines.iter().find(|t| t.slug == slug)
    }

    pub fn timelines_for(&self, route: &str) -> impl Iterator<Item = &TimelineStep> {
        self.timelines.iter().filter(move |t| t.route == route)
    }

    /// The months the prevailing-wage and PERM steps take together, as (low, high).
    pub fn perm_months(&self) -> (u32, u32) {
        ["pwd", "perm"]
            .iter()
            .filter_map(|s| self.timeline(s))
            .fold((0, 0), |(l, h), t| {
                (
                    l + t.months_low.unwrap_or(0),
                    h + t.months_high.or(t.months_low).unwrap_or(0),
                )
            })
    }

    /// The bulletin entry for a country of birth, if we retrieved one.
    pub fn bulletin_for(&self, code: &str) -> Option<&BulletinEntry> {
        self.visa_bulletin.iter().find(|b| b.code == code)
    }
}
