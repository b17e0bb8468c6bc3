//! The guide's changing facts (fees, figures, dates, the state table, visa rules, sources, review
//! dates), kept as data in `facts.toml` so the yearly review edits one file. The file is embedded
//! in the binary and parsed once, at first use, into the typed structs below; templates, the
//! sitemap, the intake form and (later) the pathway advisor read these structs.
//!
//! Every fact carries its confidence mark so templates can word uncertain ones cautiously. Unknown
//! keys are rejected, so a typo in the data file fails the parse test instead of vanishing.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer};
use time::Date;
use time::macros::format_description;

pub use super::costs::{BulletinEntry, CostStep, Payer, TimelineStep, usd_range};
pub use super::fact::{Confidence, Fact, group_thousands};
pub use super::restrictions::{CountryList, Exposure, Restrictions};
pub use super::topics::*;

pub(super) const FACTS_TOML: &str = include_str!("facts.toml");

static FACTS: LazyLock<Facts> = LazyLock::new(|| {
    // The embedded file is fixed at compile time and `tests::facts_file_parses` proves it parses,
    // so a failure here is a build that skipped its tests.
    Facts::parse(FACTS_TOML).expect("src/guide/facts.toml parses (see the guide unit tests)")
});

/// The parsed facts, shared by the whole process.
pub fn facts() -> &'static Facts {
    &FACTS
}

/// A calendar date written `YYYY-MM-DD` in the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReviewDate(pub Date);

impl ReviewDate {
    /// `2026-11-22`, for `<time datetime>` and the sitemap's `<lastmod>`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// `22 November 2026`: unambiguous for readers in every country.
    pub fn human(&self) -> String {
        format!("{} {} {}", self.0.day(), self.0.month(), self.0.year())
    }
}

impl fmt::Display for ReviewDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl<'de> Deserialize<'de> for ReviewDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Date::parse(&raw, format_description!("[year]-[month]-[day]"))
            .map(ReviewDate)
            .map_err(|e| serde::de::Error::custom(format!("bad date {raw:?}: {e}")))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub meta: Meta,
    /// Keyed by the page id of `guide::GuidePage`.
    pub pages: BTreeMap<String, PageFacts>,
    pub bls: Bls,
    pub fees: Fees,
    pub exam: Exam,
    pub maintenance: Maintenance,
    pub certifications: Certifications,
    pub visas: Visas,
    pub evaluation: Vec<Evaluation>,
    pub evaluation_tip: Fact<String>,
    /// Degree and lab rules the eligibility page and the pathway advisor rest on.
    pub eligibility: Eligibility,
    /// The 2026 travel restrictions and immigrant-visa pause, by nationality.
    pub restrictions: Restrictions,
    /// EB-3 final action dates by country of birth.
    pub visa_bulletin: Vec<BulletinEntry>,
    /// What each step costs and who pays (the costs page and the advisor).
    pub costs: Vec<CostStep>,
    /// How long each step usually takes.
    pub timelines: Vec<TimelineStep>,
    pub us: Us,
    /// States with a page under `/licensure/{slug}`.
    pub states: Vec<StateInfo>,
    pub sources: BTreeMap<String, Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub last_reviewed: ReviewDate,
    pub support_email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFacts {
    pub reviewed: ReviewDate,
    /// Source ids, in the order the page lists them.
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Us {
    /// The 50 states, DC and Puerto Rico, alphabetical by name.
    pub jurisdictions: Vec<Jurisdiction>,
}

/// Does a state license clinical laboratory personnel?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Licence {
    Yes,
    No,
    Uncertain,
}

impl Licence {
    pub fn label(&self) -> &'static str {
        match self {
            Licence::Yes => "Licence required",
            Licence::No => "No state licence",
            Licence::Uncertain => "Unclear: check with the state",
        }
    }

    pub fn is_required(&self) -> bool {
        *self == Licence::Yes
    }
}

/// One entry of the USPS list the intake form offers as target states.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// USPS code, e.g. `NY`.
    pub code: String,
    pub name: String,
    pub licence: Licence,
    #[serde(default)]
    pub note: Option<String>,
}

/// What we know about one state's licence, for `/licensure/{slug}`. `None` fields are facts we
/// could not confirm: pages say "check with the board" instead of guessing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateInfo {
    pub slug: String,
    pub code: String,
    pub name: String,
    pub licence: Fact<Licence>,
    #[serde(default)]
    pub board_name: Option<String>,
    #[serde(default)]
    pub board_url: Option<String>,
    /// The link text for `board_url` where it is not the licence page itself.
    #[serde(default)]
    pub board_url_label: Option<String>,
    #[serde(default)]
    pub licence_title: Option<String>,
    #[serde(default)]
    pub ascpi: Option<Fact<String>>,
    #[serde(default)]
    pub amt: Option<Fact<String>>,
    /// The state does not accept AMT exams for a full licence (New York): the advisor warns.
    #[serde(default)]
    pub amt_refused: bool,
    #[serde(default)]
    pub evaluation: Option<Fact<String>>,
    #[serde(default)]
    pub notes: Vec<Fact<String>>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    pub sources: Vec<String>,
    pub reviewed: ReviewDate,
}

impl StateInfo {
    pub fn path(&self) -> String {
        format!("/licensure/{}", self.slug)
    }

    /// Whether we confirmed anything beyond the bare licence requirement.
    pub fn has_confirmed_rules(&self) -> bool {
        self.ascpi.is_some()
            || self.amt.is_some()
            || self.evaluation.is_some()
            || self.notes.iter().any(|n| !n.confidence.is_uncertain())
    }
}

/// A page a reader can open to check a fact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: String,
    /// Published by the body that makes the rule (or a government or certifying body).
    pub official: bool,
    pub confidence: Confidence,
}

impl Facts {
    pub fn parse(text: &str) -> Result<Facts, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// The sources for a list of ids, in order; unknown ids are skipped (a unit test forbids them).
    pub fn sources_for(&self, ids: &[String]) -> Vec<&Source> {
        ids.iter().filter_map(|id| self.source(id)).collect()
    }

    pub fn state(&self, slug: &str) -> Option<&StateInfo> {
        self.states.iter().find(|s| s.slug == slug)
    }

    /// The states that license lab personnel today (as far as we could confirm).
    pub fn licensure_states(&self) -> impl Iterator<Item = &StateInfo> {
        self.states.iter().filter(|s| s.licence.value.is_required())
    }

    /// "California, Florida, …, West Virginia": the licensing states without Puerto Rico, which
    /// pages name separately ("… and Puerto Rico").
    pub fn licensing_state_names(&self) -> String {
        self.licensure_states()
            .filter(|s| s.code != "PR" && s.code != "DC")
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// How many of the 50 states (so not Puerto Rico or DC) license lab personnel.
    pub fn licensing_state_count(&self) -> usize {
        self.licensure_states()
            .filter(|s| s.code != "PR" && s.code != "DC")
            .count()
    }

    /// States with a page whose licence status changed or is unclear (Georgia, Rhode Island).
    pub fn other_states(&self) -> impl Iterator<Item = &StateInfo> {
        self.states
            .iter()
            .filter(|s| !s.licence.value.is_required())
    }

    /// The state page for a USPS code, if there is one.
    pub fn state_by_code(&self, code: &str) -> Option<&StateInfo> {
        self.states.iter().find(|s| s.code == code)
    }
}
