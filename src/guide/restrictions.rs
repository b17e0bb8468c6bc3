//! The 2026 nationality restrictions (the travel-ban proclamation and the immigrant-visa pause):
//! one set of country lists in `facts.toml`, read by the visas page and the pathway advisor.
//! Codes are those of `domain::countries`; a unit test checks every one.

use serde::Deserialize;

use super::fact::{Confidence, Fact};
use super::facts::ReviewDate;
use crate::domain::countries;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restrictions {
    /// The day the lists were last compared with their sources.
    pub checked: ReviewDate,
    /// Whether the measures are still in force (not confirmed).
    pub status: Fact<String>,
    pub travel_ban: TravelBan,
    pub iv_pause: IvPause,
}

/// The proclamation of 16 December 2025 (in force from 1 January 2026).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelBan {
    pub summary: Fact<String>,
    pub exceptions: Fact<String>,
    /// Immigrant and nonimmigrant visas suspended (H-1B included).
    pub full: CountryList,
    /// Immigrant visas and B, F, M and J visas suspended (not H-1B).
    pub partial: CountryList,
    /// Immigrant visas only (Turkmenistan).
    pub immigrant_only: CountryList,
}

/// The State Department's pause on immigrant visas (from 21 January 2026).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IvPause {
    pub summary: Fact<String>,
    pub exceptions: Fact<String>,
    pub countries: CountryList,
}

/// A list of nationalities a measure covers, with what it suspends and how sure we are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryList {
    /// ISO 3166-1 alpha-2 codes, as in `domain::countries`.
    pub countries: Vec<String>,
    /// Entries the sources name that have no ISO code (Kosovo).
    #[serde(default)]
    pub without_code: Vec<String>,
    /// Travel documents covered besides nationalities (the Palestinian Authority's).
    #[serde(default)]
    pub documents: Option<String>,
    /// Citizenships the advisor treats as holding those documents.
    #[serde(default)]
    pub document_countries: Vec<String>,
    /// What the measure suspends, in plain words.
    pub scope: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
    #[serde(default)]
    pub as_of: Option<ReviewDate>,
}

impl CountryList {
    /// The English names, alphabetical, with the entries that have no code.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .countries
            .iter()
            .filter_map(|c| countries::find(c).map(|c| c.name))
            .chain(self.without_code.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names
    }

    /// The names as one sentence part: "Afghanistan, Chad and Yemen".
    pub fn names_joined(&self) -> String {
        let names = self.names();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            Some((last, _)) => (*last).to_owned(),
            None => String::new(),
        }
    }

    /// How many nationalities the list names (documents not counted).
    pub fn count(&self) -> usize {
        self.countries.len() + self.without_code.len()
    }

    /// Whether a citizenship (ISO code) falls under the measure.
    pub fn covers(&self, code: &str) -> bool {
        self.countries
            .iter()
            .chain(&self.document_countries)
            .any(|c| c == code)
    }
}

/// Which measures a set of citizenships falls under, for the advisor.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// Citizenships under the full suspension.
    pub full: Vec<&'static str>,
    /// Citizenships under the partial suspension or the immigrant-only one (Turkmenistan).
    pub partial: Vec<&'static str>,
    /// Citizenships under the immigrant-visa pause.
    pub iv_pause: Vec<&'static str>,
    /// At least one citizenship is under none of the measures (the dual-national exception).
    pub has_unlisted: bool,
}

impl Restrictions {
    /// The measures each citizenship (ISO code) falls under.
    pub fn exposure<'a>(&self, citizenships: impl IntoIterator<Item = &'a str>) -> Exposure {
        let mut out = Exposure::default();
        for code in citizenships {
            let name = countries::find(code).map_or("", |c| c.name);
            let ban = &self.travel_ban;
            let mut listed = false;
            if ban.full.covers(code) {
                out.full.push(name);
                listed = true;
            }
            if ban.partial.covers(code) || ban.immigrant_only.covers(code) {
                out.partial.push(name);
                listed = true;
            }
            if self.iv_pause.countries.covers(code) {
                out.iv_pause.push(name);
                listed = true;
            }
            out.has_unlisted |= !listed;
        }
        out
    }
}
