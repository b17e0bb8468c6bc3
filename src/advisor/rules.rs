//! The advisor's thresholds and country lists (`rules.toml`), embedded and parsed once. Each
//! section names the facts it rests on; the rule functions cite those same ids in the plan.

use std::sync::LazyLock;

use serde::Deserialize;

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    // Fixed at compile time; `tests::rules_file_parses_and_cites_existing_facts` proves it parses.
    toml::from_str(include_str!("rules.toml")).expect("src/advisor/rules.toml parses (unit tests)")
});

/// The parsed rules, shared by the whole process.
pub fn rules() -> &'static Rules {
    &RULES
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub ascpi: Ascpi,
    pub mls_ascpi: MlsAscpi,
    pub mls_amt: MlsAmt,
    pub tn: Tn,
    pub eb3: Eb3,
    pub english: English,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ascpi {
    /// ISO codes where education or training rules ASCPi out.
    pub excluded_countries: Vec<String>,
    pub facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlsAscpi {
    pub experience_route_years: u8,
    pub facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MlsAmt {
    pub experience_years: u8,
    pub facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tn {
    pub citizenships: Vec<String>,
    pub diploma_experience_years: u8,
    pub facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eb3 {
    pub skilled_worker_years: u8,
    pub facts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct English {
    pub exempt_countries: Vec<String>,
    pub facts: Vec<String>,
}

impl Rules {
    /// Every fact id the rules file cites, for the consistency test.
    #[cfg(test)]
    pub fn cited_facts(&self) -> impl Iterator<Item = &str> {
        [
            &self.ascpi.facts,
            &self.mls_ascpi.facts,
            &self.mls_amt.facts,
            &self.tn.facts,
            &self.eb3.facts,
            &self.english.facts,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }
}
