//! The reports' filter (date range and owner) from the query string, checked on the server: a
//! value that is not a date, a range that runs backwards or an owner who is not on the team gets
//! a message beside its field, never a 500 and never a silent "everything".

use time::macros::format_description;
use time::{Date, Duration};
use uuid::Uuid;

use crate::db::recruiters::RecruiterOption;
use crate::db::reports::Scope;
use crate::domain::form_errors::FormErrors;

/// The range shown when none is chosen: the last 26 weeks, like the weekly chart.
pub(crate) const DEFAULT_DAYS: i64 = 26 * 7;
/// The longest range a report may cover: enough for every year the agency has data, and a bound
/// on the rows one request aggregates.
pub(crate) const MAX_RANGE_DAYS: i64 = 5 * 366;
/// Longer values are not dates: they are cut before parsing (and shown cut).
const MAX_FIELD_CHARS: usize = 40;

/// The query string as typed; unknown names are ignored, the first of repeated names wins.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ReportFilterForm {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) owner: String,
}

impl ReportFilterForm {
    /// Reads the form from a raw query string. Not `web::Query`: a repeated name must not turn a
    /// link into a 400, and a value that is not UTF-8 is shown (replaced), not refused.
    pub(crate) fn from_query(query: &str) -> Self {
        let mut form = ReportFilterForm::default();
        let mut seen = [false; 3];
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let (slot, field) = match name.as_ref() {
                "from" => (0, &mut form.from),
                "to" => (1, &mut form.to),
                "owner" => (2, &mut form.owner),
                _ => continue,
            };
            if !seen[slot] {
                seen[slot] = true;
                *field = value.chars().take(MAX_FIELD_CHARS).collect();
            }
        }
        form
    }

    /// The query string of this filter, for the CSV links (empty fields left out).
    pub(crate) fn query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("owner", &self.owner),
        ] {
            if !value.trim().is_empty() {
                query.append_pair(name, value.trim());
            }
        }
        query.finish()
    }

    /// The scope the reports cover, or the messages to show beside the fields. `today` is the
    /// recruiter's; `team` the owners one may choose.
    pub(crate) fn parse(&self, today: Date, team: &[RecruiterOption]) -> Result<Scope, FormErrors> {
        let mut errors = FormErrors::default();
        let from = date_field(&self.from, "r-from", "The start", &mut errors);
        let to = date_field(&self.to, "r-to", "The end", &mut errors);
        let owner = match self.owner.trim() {
            "" => None,
            raw => {
                let found = Uuid::parse_str(raw)
                    .ok()
                    .filter(|id| team.iter().any(|r| r.id == *id));
                if found.is_none() {
                    errors.add("r-owner", "Choose an owner from the list.");
                }
                found
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let to = to.flatten().unwrap_or(today);
        let from = from
            .flatten()
            .unwrap_or_else(|| to - Duration::days(DEFAULT_DAYS - 1));
        if from > to {
            errors.add("r-from", "The start must be on or before the end.");
        } else if (to - from).whole_days() >= MAX_RANGE_DAYS {
            errors.add("r-from", "Choose a range of at most five years.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Scope {
            // Both included: the whole of the last day counts.
            first_day: from,
            last_day: to,
            owner,
        })
    }
}

/// `Ok(None)` for an empty field; `None` after adding a message for a bad one.
fn date_field(
    raw: &str,
    field: &'static str,
    what: &str,
    errors: &mut FormErrors,
) -> Option<Option<Date>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(None);
    }
    match Date::parse(raw, format_description!("[year]-[month]-[day]")) {
        // Dates before the site existed or far ahead are typing slips, and keep the arithmetic
        // on the range far from the calendar's limits.
        Ok(date) if (2000..=2100).contains(&date.year()) => Some(Some(date)),
        Ok(_) => {
            errors.add(
                field,
                format!("{what} must be a date between 2000 and 2100."),
            );
            None
        }
        Err(_) => {
            errors.add(
                field,
                format!("{what} must be a date like 2026-12-01 (year-month-day)."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const ANA: Uuid = Uuid::from_u128(7);

    fn team() -> Vec<RecruiterOption> {
        vec![RecruiterOption {
            id: ANA,
            display_name: "Ana".to_owned(),
        }]
    }

    fn parse(query: &str) -> Result<Scope, FormErrors> {
        ReportFilterForm::from_query(query).parse(date!(2026 - 12 - 01), &team())
    }

    #[test]
    fn no_filter_means_the_last_26_weeks_to_today_for_everyone() {
        let scope = parse("").unwrap();
        assert_eq!(scope.last_day, date!(2026 - 12 - 01));
        assert_eq!((scope.last_day - scope.first_day).whole_days(), 26 * 7 - 1);
        assert_eq!(scope.first_day, date!(2026 - 06 - 03));
        assert_eq!(scope.owner, None);
    }

    #[test]
    fn bad_values_get_a_message_beside_their_field() {
        let errors = parse("from=yesterday&to=2026-02-30&owner=not-a-uuid").unwrap_err();
        assert!(errors.get("r-from").unwrap().contains("like 2026-12-01"));
        assert!(errors.get("r-to").is_some());
        assert_eq!(
            errors.get("r-owner"),
            Some("Choose an owner from the list.")
        );
        let stranger = Uuid::from_u128(8);
        assert!(parse(&format!("owner={stranger}")).is_err());
        assert!(parse("from=2026-12-02&to=2026-12-01").is_err());
        assert!(parse("from=1999-12-31").is_err());
        assert!(parse("from=2020-01-01&to=2026-01-01").is_err());
        assert!(parse("to=%FF%FE").is_err());
    }

    #[test]
    fn the_first_of_repeated_names_wins_and_long_values_are_cut() {
        let form = ReportFilterForm::from_query(&format!(
            "owner={ANA}&owner=x&from=2026-01-01&junk=1&to={}",
            "9".repeat(5000)
        ));
        assert_eq!(form.owner, ANA.to_string());
        assert_eq!(form.to.len(), MAX_FIELD_CHARS);
        let scope = ReportFilterForm::from_query(&format!("owner={ANA}&from=2026-01-01"))
            .parse(date!(2026 - 12 - 01), &team())
            .unwrap();
        assert_eq!(scope.owner, Some(ANA));
        assert_eq!(scope.first_day, date!(2026 - 01 - 01));
        assert_eq!(
            form.query(),
            format!("from=2026-01-01&to={}&owner={ANA}", "9".repeat(40))
        );
    }
}
