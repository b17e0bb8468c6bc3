//! How long a document stays valid, and the expiry arithmetic. `expires_on` is always the last
//! day a document is valid. For a period of N months from the issue date that is the day before
//! the same date N months later; where that date does not exist (30 February, 31 April, 29
//! February in a common year) the document is valid to the end of that month. So a result issued
//! on 31 January is valid one month to 28 (or 29) February, and one issued on 29 February 2024 is
//! valid one year to 28 February 2025.

use std::fmt;

use serde::Deserialize;
use time::{Date, Duration, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub(crate) enum Validity {
    /// No expiry (a CV, an evaluation report).
    None,
    /// Until the date printed on it (a passport, a licence).
    Printed,
    /// This many months from the issue date (years are stored as 12 months each).
    Months(u16),
}

impl TryFrom<String> for Validity {
    type Error = String;

    /// "none", "printed", "N months" or "N years" (N from 1 to 50 years).
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bad = || format!("validity {text:?}: write none, printed, \"N months\" or \"N years\"");
        match text.as_str() {
            "none" => return Ok(Validity::None),
            "printed" => return Ok(Validity::Printed),
            _ => {}
        }
        let (count, unit) = text.split_once(' ').ok_or_else(bad)?;
        let count: u16 = count.parse().map_err(|_| bad())?;
        let months = match unit {
            "month" | "months" => count,
            "year" | "years" => count.checked_mul(12).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if months == 0 || months > 600 {
            return Err(bad());
        }
        Ok(Validity::Months(months))
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Validity::None => f.write_str("Does not expire"),
            Validity::Printed => f.write_str("Until the date printed on it"),
            Validity::Months(12) => f.write_str("1 year"),
            Validity::Months(m) if m % 12 == 0 => write!(f, "{} years", m / 12),
            Validity::Months(1) => f.write_str("1 month"),
            Validity::Months(m) => write!(f, "{m} months"),
        }
    }
}

impl Validity {
    /// The expiry date to store: the printed one when given, else the one computed from the issue
    /// date (`None` when the type has no fixed period or no issue date is known).
    pub(crate) fn expires_on(self, issued_on: Option<Date>, printed: Option<Date>) -> Option<Date> {
        if printed.is_some() {
            return printed;
        }
        match (self, issued_on) {
            (Validity::Months(months), Some(issued)) => last_valid_day(issued, months),
            _ => None,
        }
    }
}

/// The last valid day of a period of `months` months starting on `issued` (see the module
/// comment); `None` only past the calendar's end.
pub(crate) fn last_valid_day(issued: Date, months: u16) -> Option<Date> {
    let index = i32::from(u8::from(issued.month())) - 1 + i32::from(months);
    let year = issued.year().checked_add(index / 12)?;
    let month = Month::try_from(u8::try_from(index % 12 + 1).ok()?).ok()?;
    match Date::from_calendar_date(year, month, issued.day()) {
        Ok(same_day) => same_day.checked_sub(Duration::days(1)),
        // The date does not exist in that month: valid to the month's last day.
        Err(_) => Date::from_calendar_date(year, month, month.length(year)).ok(),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn months(text: &str) -> Validity {
        Validity::try_from(text.to_owned()).expect(text)
    }

    #[test]
    fn the_data_file_spellings_parse_and_others_are_refused() {
        assert_eq!(months("none"), Validity::None);
        assert_eq!(months("printed"), Validity::Printed);
        assert_eq!(months("3 years"), Validity::Months(36));
        assert_eq!(months("1 year"), Validity::Months(12));
        assert_eq!(months("6 months"), Validity::Months(6));
        for bad in [
            "",
            "3",
            "three years",
            "0 years",
            "51 years",
            "2 weeks",
            "-1 months",
        ] {
            assert!(Validity::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_ends_the_day_before_its_anniversary() {
        assert_eq!(
            last_valid_day(date!(2025 - 03 - 10), 24),
            Some(date!(2027 - 03 - 09))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 01 - 01), 36),
            Some(date!(2028 - 12 - 31))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 12 - 15), 1),
            Some(date!(2027 - 01 - 14))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 11 - 30), 60),
            Some(date!(2031 - 11 - 29))
        );
    }

    #[test]
    fn month_ends_that_do_not_exist_give_the_last_day_of_that_month() {
        assert_eq!(
            last_valid_day(date!(2026 - 01 - 31), 1),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            last_valid_day(date!(2028 - 01 - 31), 1),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 01 - 30), 1),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 03 - 31), 1),
            Some(date!(2026 - 04 - 30))
        );
        assert_eq!(
            last_valid_day(date!(2026 - 08 - 31), 6),
            Some(date!(2027 - 02 - 28))
        );
        // 30 April + 1 month: 30 May exists, so the day before it.
        assert_eq!(
            last_valid_day(date!(2026 - 04 - 30), 1),
            Some(date!(2026 - 05 - 29))
        );
    }

    #[test]
    fn leap_days() {
        // Issued on a leap day: no 29 February a year later, so valid to 28 February.
        assert_eq!(
            last_valid_day(date!(2024 - 02 - 29), 12),
            Some(date!(2025 - 02 - 28))
        );
        // Four years later the leap day exists again: the day before it.
        assert_eq!(
            last_valid_day(date!(2024 - 02 - 29), 48),
            Some(date!(2028 - 02 - 28))
        );
        // A period that ends across a leap day: 1 March 2027 + 1 year - 1 day = 29 February 2028.
        assert_eq!(
            last_valid_day(date!(2027 - 03 - 01), 12),
            Some(date!(2028 - 02 - 29))
        );
        // 29 January + 1 month in a leap year: 29 February exists, so 28 February.
        assert_eq!(
            last_valid_day(date!(2028 - 01 - 29), 1),
            Some(date!(2028 - 02 - 28))
        );
        // In a common year 29 February does not exist: the end of February.
        assert_eq!(
            last_valid_day(date!(2027 - 01 - 29), 1),
            Some(date!(2027 - 02 - 28))
        );
        // 2100 is not a leap year.
        assert_eq!(
            last_valid_day(date!(2096 - 02 - 29), 48),
            Some(date!(2100 - 02 - 28))
        );
    }

    #[test]
    fn the_printed_date_wins_and_no_period_means_no_date() {
        let issued = Some(date!(2025 - 06 - 01));
        let printed = Some(date!(2026 - 01 - 01));
        assert_eq!(Validity::Months(24).expires_on(issued, printed), printed);
        assert_eq!(
            Validity::Months(24).expires_on(issued, None),
            Some(date!(2027 - 05 - 31))
        );
        assert_eq!(Validity::Months(24).expires_on(None, None), None);
        assert_eq!(Validity::Printed.expires_on(issued, None), None);
        assert_eq!(Validity::None.expires_on(issued, None), None);
        assert_eq!(Validity::Printed.expires_on(issued, printed), printed);
    }

    #[test]
    fn the_validity_reads_as_a_person_says_it() {
        assert_eq!(Validity::Months(36).to_string(), "3 years");
        assert_eq!(Validity::Months(12).to_string(), "1 year");
        assert_eq!(Validity::Months(18).to_string(), "18 months");
        assert_eq!(
            Validity::Printed.to_string(),
            "Until the date printed on it"
        );
    }
}
