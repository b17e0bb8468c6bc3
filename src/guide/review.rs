//! Keeping the guide true: which entries of `facts.toml` are due for review on a given date. A
//! fact, page or state entry is due when its `reviewed` (or `last_reviewed`, or a fact's `as_of`)
//! date is more than 12 months before that date, or when its `expires` date has come.
//!
//! The walk goes over the parsed TOML tree rather than the typed structs: it reaches every entry
//! the typed parse accepts, including ones added later, and names each by its place in the file
//! (`visas.h1b.payment_rule`, `states.california`), which is what the person editing it needs.
//! `labminds facts review` and the dashboard's overview both show this list.

use std::fmt;

use time::Date;

use super::facts::ReviewDate;

/// How long a review date stays good.
pub const REVIEW_MONTHS: u8 = 12;

/// The keys that date a review (of a page, a state, the whole file, or a fact's value).
const REVIEW_KEYS: &[&str] = &["reviewed", "last_reviewed", "as_of"];
/// The key of the date a rule lapses unless renewed.
const EXPIRY_KEY: &str = "expires";

/// One entry that needs a look, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEntry {
    /// Where it is in `facts.toml`, e.g. `visas.h1b.payment_rule` or `states.california`.
    pub path: String,
    pub reason: DueReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueReason {
    /// Its `reviewed`/`last_reviewed`/`as_of` date is older than 12 months before the as-of date.
    Stale { key: &'static str, date: ReviewDate },
    /// Its `expires` date is on or before the as-of date: the rule may have lapsed or been renewed.
    Expired { date: ReviewDate },
}

impl fmt::Display for DueEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            DueReason::Stale { key, date } => write!(
                f,
                "{}: {key} {date}, more than {REVIEW_MONTHS} months ago",
                self.path
            ),
            DueReason::Expired { date } => write!(
                f,
                "{}: expires {date}; check whether it lapsed or was renewed",
                self.path
            ),
        }
    }
}

/// The first day that is no longer stale on `as_of`: the same day 12 months earlier (29 February
/// becomes 28 February).
pub fn oldest_fresh_date(as_of: Date) -> Date {
    let year = as_of.year() - 1;
    as_of
        .replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, as_of.month(), 28))
        .unwrap_or(as_of)
}

/// Every entry of the shipped `facts.toml` due for review on `as_of`.
pub fn due_on(as_of: Date) -> Vec<DueEntry> {
    // The embedded file is proven to parse by the guide's unit tests.
    let table: toml::Table = toml::from_str(super::facts::FACTS_TOML).unwrap_or_default();
    due_in(&table, as_of)
}

/// Every entry of a parsed facts file due for review on `as_of`, in file order.
pub fn due_in(facts: &toml::Table, as_of: Date) -> Vec<DueEntry> {
    let mut due = Vec::new();
    walk_table(facts, "", as_of, &mut due);
    due
}

fn walk_table(table: &toml::Table, path: &str, as_of: Date, due: &mut Vec<DueEntry>) {
    let fresh_from = oldest_fresh_date(as_of);
    for (key, value) in table {
        let date = value.as_str().and_then(parse_date);
        match (key.as_str(), date) {
            (EXPIRY_KEY, Some(date)) if date.0 <= as_of => due.push(DueEntry {
                path: path.to_owned(),
                reason: DueReason::Expired { date },
            }),
            (k, Some(date)) if date.0 < fresh_from => {
                if let Some(key) = REVIEW_KEYS.iter().find(|r| **r == k) {
                    due.push(DueEntry {
                        path: path.to_owned(),
                        reason: DueReason::Stale { key, date },
                    });
                }
            }
            _ => walk_value(value, &join(path, key), as_of, due),
        }
    }
}

fn walk_value(value: &toml::Value, path: &str, as_of: Date, due: &mut Vec<DueEntry>) {
    match value {
        toml::Value::Table(table) => walk_table(table, path, as_of, due),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_value(item, &element_path(path, i, item), as_of, due);
            }
        }
        _ => {}
    }
}

/// `states.california` for an entry with a slug (or code, or id), `evaluation[2]` otherwise.
fn element_path(path: &str, index: usize, item: &toml::Value) -> String {
    let name = ["slug", "code", "id"]
        .iter()
        .find_map(|k| item.get(k).and_then(toml::Value::as_str));
    match name {
        Some(name) => join(path, name),
        None => format!("{path}[{index}]"),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn parse_date(raw: &str) -> Option<ReviewDate> {
    crate::jobs::parse_as_of(raw).ok().map(ReviewDate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn twelve_months_back_is_the_same_day_a_year_earlier() {
        assert_eq!(
            oldest_fresh_date(date!(2026 - 12 - 01)),
            date!(2025 - 12 - 01)
        );
        assert_eq!(
            oldest_fresh_date(date!(2028 - 02 - 29)),
            date!(2027 - 02 - 28)
        );
    }

    #[test]
    fn stale_reviews_and_passed_expiries_are_listed_with_their_place() {
        let facts = table(
            r#"
            [meta]
            last_reviewed = "2025-12-01"
            [pages.visas]
            reviewed = "2025-11-30"
            [visas.h1b]
            payment_rule = { value = "x", confidence = "verified", expires = "2026-09-21" }
            fee = { value = 1, confidence = "likely", as_of = "2024-05-01" }
            [[states]]
            slug = "california"
            reviewed = "2026-11-22"
            [[states]]
            slug = "new-york"
            reviewed = "2020-01-01"
            "#,
        );
        let due: Vec<String> = due_in(&facts, date!(2026 - 12 - 01))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            due,
            [
                "pages.visas: reviewed 2025-11-30, more than 12 months ago",
                "states.new-york: reviewed 2020-01-01, more than 12 months ago",
                "visas.h1b.fee: as_of 2024-05-01, more than 12 months ago",
                "visas.h1b.payment_rule: expires 2026-09-21; check whether it lapsed or was renewed",
            ]
        );
        // The day before the expiry nothing has lapsed, and the file's own date is fresh.
        let earlier = due_in(&facts, date!(2026 - 09 - 20));
        assert!(
            earlier
                .iter()
                .all(|d| !matches!(d.reason, DueReason::Expired { .. })),
            "{earlier:?}"
        );
        assert!(!earlier.iter().any(|d| d.path == "meta"));
    }

    #[test]
    fn the_shipped_facts_on_fixed_dates() {
        // The $100,000 proclamation's sunset (21 September 2026), wherever the fact lives.
        let sunset = |due: &[DueEntry]| {
            due.iter().any(
                |d| matches!(d.reason, DueReason::Expired { date } if date.iso() == "2026-09-21"),
            )
        };
        let december = due_on(date!(2026 - 12 - 01));
        assert!(sunset(&december), "{december:?}");
        let september = due_on(date!(2026 - 09 - 01));
        assert!(!sunset(&september), "{september:?}");
        // Before every date the file holds, nothing can be due.
        assert_eq!(due_on(date!(2000 - 01 - 01)), []);
        // Three years on, every page and state review is older than 12 months.
        let later = due_on(date!(2029 - 12 - 01));
        for page in crate::guide::PAGES {
            let path = format!("pages.{}", page.id);
            assert!(later.iter().any(|d| d.path == path), "{path}: {later:?}");
        }
        assert!(later.iter().any(|d| d.path == "states.california"));
    }
}
