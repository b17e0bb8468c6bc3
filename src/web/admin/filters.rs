//! The candidate list's search, filters, sort and page, from the query string. Values that are
//! not one of the options are dropped (a hand-edited URL shows everything, never an error), and
//! the same parsed filter drives the list and the CSV export.

use serde::Deserialize;
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};
use uuid::Uuid;

pub(crate) use crate::db::candidates::CandidateFilter;
use crate::domain::choices::{
    CertificationStatus, EnglishTest, HeardAbout, UsCertification, WorkAuthorisation,
};
use crate::domain::stage;

pub(crate) const PAGE_SIZE: i64 = 50;
/// Offset pagination is capped: nobody pages 10,000 rows deep; they narrow the filter instead.
pub const MAX_PAGE: i64 = 200;
pub(crate) const MAX_SEARCH_CHARS: usize = 100;

/// The raw query string, every field optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CandidateFilterForm {
    pub(crate) q: String,
    pub(crate) stage: String,
    pub(crate) education: String,
    pub(crate) certification: String,
    pub(crate) certification_status: String,
    pub(crate) english: String,
    pub(crate) state: String,
    pub(crate) work_authorisation: String,
    pub(crate) returning: String,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) source: String,
    pub(crate) owner: String,
    pub(crate) due: String,
    pub(crate) sort: String,
    pub(crate) page: String,
}

/// The next-action filter's options (issue 15).
pub(crate) const DUE_FILTERS: &[(&str, &str)] = &[
    ("overdue", "Overdue"),
    ("open", "Has a next action"),
    ("none", "No next action"),
];

pub(crate) const SORTS: &[(&str, &str)] = &[
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("name", "Name A–Z"),
    ("experience", "Most experience"),
    ("due", "Next action due first"),
];

impl CandidateFilterForm {
    pub fn parse(&self) -> CandidateFilter {
        let one_of = |raw: &str, allowed: &[(&str, &str)]| {
            let raw = raw.trim();
            allowed
                .iter()
                .any(|(v, _)| *v == raw)
                .then(|| raw.to_owned())
        };
        CandidateFilter {
            search_pattern: search_pattern(&self.q),
            stage: stage::find(self.stage.trim()).map(|s| s.value.to_owned()),
            education: crate::domain::countries::find(self.education.trim())
                .map(|c| c.code.to_owned()),
            certification: one_of(&self.certification, UsCertification::OPTIONS),
            certification_status: one_of(&self.certification_status, CertificationStatus::OPTIONS),
            english: one_of(&self.english, EnglishTest::OPTIONS),
            state: crate::domain::us_states::find(self.state.trim()).map(|s| s.code.to_owned()),
            work_authorisation: one_of(&self.work_authorisation, WorkAuthorisation::OPTIONS),
            returning: match self.returning.trim() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            submitted_from: day_start(&self.from, 0),
            submitted_before: day_start(&self.to, 1),
            source: one_of(&self.source, HeardAbout::OPTIONS),
            owner: Uuid::parse_str(self.owner.trim()).ok(),
            due: DUE_FILTERS
                .iter()
                .map(|(v, _)| *v)
                .find(|v| *v == self.due.trim()),
            today: None,
            sort: SORTS
                .iter()
                .map(|(v, _)| *v)
                .find(|v| *v == self.sort.trim())
                .unwrap_or("newest"),
            page: self
                .page
                .trim()
                .parse::<i64>()
                .unwrap_or(1)
                .clamp(1, MAX_PAGE),
        }
    }

    /// The query string of this filter with another page (for the pager links).
    pub fn with_page(&self, page: i64) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.pairs() {
            if !value.trim().is_empty() && name != "page" {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        query.finish()
    }

    fn pairs(&self) -> [(&'static str, &str); 16] {
        [
            ("q", &self.q),
            ("stage", &self.stage),
            ("education", &self.education),
            ("certification", &self.certification),
            ("certification_status", &self.certification_status),
            ("english", &self.english),
            ("state", &self.state),
            ("work_authorisation", &self.work_authorisation),
            ("returning", &self.returning),
            ("from", &self.from),
            ("to", &self.to),
            ("source", &self.source),
            ("owner", &self.owner),
            ("due", &self.due),
            ("sort", &self.sort),
            ("page", &self.page),
        ]
    }

    /// Names of the filters in use, for the audit log (never their values: a search is a name).
    pub(crate) fn names_in_use(&self) -> Vec<&'static str> {
        self.pairs()
            .into_iter()
            .filter(|(name, value)| !value.trim().is_empty() && !matches!(*name, "page" | "sort"))
            .map(|(name, _)| name)
            .collect()
    }
}

/// Phone-looking searches (digits, spaces, + - . ( )) are reduced to digits, so "0917 123" and
/// "+63-917" find E.164 numbers; anything else is matched as typed, case-insensitively.
fn search_pattern(raw: &str) -> Option<String> {
    let raw: String = raw.trim().chars().take(MAX_SEARCH_CHARS).collect();
    if raw.is_empty() {
        return None;
    }
    let phone_like = raw.chars().any(|c| c.is_ascii_digit())
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    let term = if phone_like {
        raw.chars().filter(char::is_ascii_digit).collect()
    } else {
        raw.to_lowercase()
    };
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Some(format!("%{escaped}%"))
}

fn day_start(raw: &str, add_days: i64) -> Option<OffsetDateTime> {
    let date = Date::parse(raw.trim(), format_description!("[year]-[month]-[day]")).ok()?;
    let date = date.checked_add(time::Duration::days(add_days))?;
    Some(date.with_time(Time::MIDNIGHT).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> CandidateFilterForm {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        actix_web::web::Query::<CandidateFilterForm>::from_query(&query)
            .unwrap()
            .into_inner()
    }

    #[test]
    fn unknown_values_mean_any_and_known_ones_are_kept() {
        let f = form(&[
            ("stage", "screening"),
            ("education", "PH"),
            ("english", "klingon"),
            ("state", "TX"),
            ("returning", "maybe"),
            ("sort", "random"),
            ("page", "9999"),
        ])
        .parse();
        assert_eq!(f.stage.as_deref(), Some("screening"));
        assert_eq!(f.education.as_deref(), Some("PH"));
        assert_eq!(f.english, None);
        assert_eq!(f.state.as_deref(), Some("TX"));
        assert_eq!(f.returning, None);
        assert_eq!(f.sort, "newest");
        assert_eq!(f.page, MAX_PAGE);
    }

    #[test]
    fn searches_escape_wildcards_and_phone_numbers_become_digits() {
        assert_eq!(search_pattern("  Ana_%  ").as_deref(), Some("%ana\\_\\%%"));
        assert_eq!(search_pattern("+63 917-123").as_deref(), Some("%63917123%"));
        assert_eq!(search_pattern("LM-ABCD").as_deref(), Some("%lm-abcd%"));
        assert_eq!(search_pattern("   "), None);
    }

    #[test]
    fn the_to_date_includes_the_whole_day() {
        let f = form(&[("from", "2026-01-31"), ("to", "2026-02-01")]).parse();
        assert_eq!(f.submitted_from.unwrap().date().to_string(), "2026-01-31");
        assert_eq!(f.submitted_before.unwrap().date().to_string(), "2026-02-02");
    }

    #[test]
    fn pager_links_keep_the_filter_and_audit_names_leave_out_values() {
        let f = form(&[("q", "Ana María"), ("stage", "new"), ("page", "3")]);
        assert_eq!(f.with_page(4), "q=Ana+Mar%C3%ADa&stage=new&page=4");
        assert_eq!(f.names_in_use(), vec!["q", "stage"]);
    }
}
