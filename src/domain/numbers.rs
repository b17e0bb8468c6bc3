//! Numeric answers: graduation year and years of experience.

/// A four-digit year from 1960 to next year ("next year" means "expected").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GraduationYear(i16);

pub(crate) const FIRST_GRADUATION_YEAR: i32 = 1960;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GraduationYearError {
    #[error("no year was entered")]
    Empty,
    #[error("the year is not a four-digit number")]
    NotAYear,
    #[error("the year is outside {FIRST_GRADUATION_YEAR} to next year")]
    OutOfRange,
}

impl GraduationYear {
    /// `current_year` is passed in so the rule can be tested on any date.
    pub(crate) fn parse(raw: &str, current_year: i32) -> Result<Self, GraduationYearError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(GraduationYearError::Empty);
        }
        if raw.len() != 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GraduationYearError::NotAYear);
        }
        let year: i16 = raw.parse().map_err(|_| GraduationYearError::NotAYear)?;
        if !(FIRST_GRADUATION_YEAR..=current_year + 1).contains(&i32::from(year)) {
            return Err(GraduationYearError::OutOfRange);
        }
        Ok(Self(year))
    }

    pub(crate) fn value(self) -> i16 {
        self.0
    }
}

/// Years of clinical laboratory work after qualifying: 0 to 50 in steps of half a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExperienceYears {
    half_years: u8,
}

pub(crate) const MAX_EXPERIENCE_YEARS: u8 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ExperienceYearsError {
    #[error("no number was entered")]
    Empty,
    #[error("the answer is not a number")]
    NotANumber,
    #[error("the number is not a whole or half year")]
    NotAHalfStep,
    #[error("the number is outside 0 to {MAX_EXPERIENCE_YEARS}")]
    OutOfRange,
}

impl ExperienceYears {
    /// Accepts `3`, `3.5` and `3,5` (a decimal comma is usual in much of the world).
    pub(crate) fn parse(raw: &str) -> Result<Self, ExperienceYearsError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ExperienceYearsError::Empty);
        }
        if raw.starts_with('-') {
            return Err(ExperienceYearsError::OutOfRange);
        }
        let normalised = raw.replace(',', ".");
        let (whole, fraction) = normalised
            .split_once('.')
            .unwrap_or((normalised.as_str(), ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || whole.len() > 3 {
            return Err(ExperienceYearsError::NotANumber);
        }
        let whole: u16 = whole
            .parse()
            .map_err(|_| ExperienceYearsError::NotANumber)?;
        let half = match fraction.trim_end_matches('0') {
            "" => 0,
            "5" => 1,
            _ => return Err(ExperienceYearsError::NotAHalfStep),
        };
        let half_years = whole * 2 + half;
        if half_years > u16::from(MAX_EXPERIENCE_YEARS) * 2 {
            return Err(ExperienceYearsError::OutOfRange);
        }
        let half_years = u8::try_from(half_years).map_err(|_| ExperienceYearsError::OutOfRange)?;
        Ok(Self { half_years })
    }

    pub(crate) fn years(self) -> f64 {
        f64::from(self.half_years) / 2.0
    }

    /// `3`, `3.5`: how the number is shown and stored as text.
    pub(crate) fn display(self) -> String {
        if self.half_years.is_multiple_of(2) {
            (self.half_years / 2).to_string()
        } else {
            format!("{}.5", self.half_years / 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn graduation_year_runs_from_1960_to_next_year() {
        assert_eq!(GraduationYear::parse("1960", 2026).unwrap().value(), 1960);
        assert_eq!(GraduationYear::parse(" 2027 ", 2026).unwrap().value(), 2027);
        assert_eq!(
            GraduationYear::parse("2028", 2026),
            Err(GraduationYearError::OutOfRange)
        );
        assert_eq!(
            GraduationYear::parse("1959", 2026),
            Err(GraduationYearError::OutOfRange)
        );
        assert_eq!(
            GraduationYear::parse("20x0", 2026),
            Err(GraduationYearError::NotAYear)
        );
        assert_eq!(
            GraduationYear::parse("+201", 2026),
            Err(GraduationYearError::NotAYear)
        );
        assert_eq!(
            GraduationYear::parse("", 2026),
            Err(GraduationYearError::Empty)
        );
    }

    #[test]
    fn experience_takes_half_years_with_a_point_or_a_comma() {
        assert_eq!(ExperienceYears::parse("0").unwrap().display(), "0");
        assert_eq!(ExperienceYears::parse("3,5").unwrap().display(), "3.5");
        assert_eq!(ExperienceYears::parse("3.50").unwrap().years(), 3.5);
        assert_eq!(ExperienceYears::parse("50").unwrap().display(), "50");
        assert_eq!(
            ExperienceYears::parse("50.5"),
            Err(ExperienceYearsError::OutOfRange)
        );
        assert_eq!(
            ExperienceYears::parse("-1"),
            Err(ExperienceYearsError::OutOfRange)
        );
        assert_eq!(
            ExperienceYears::parse("2.25"),
            Err(ExperienceYearsError::NotAHalfStep)
        );
        assert_eq!(
            ExperienceYears::parse("1e3"),
            Err(ExperienceYearsError::NotANumber)
        );
        assert_eq!(
            ExperienceYears::parse("99999999999"),
            Err(ExperienceYearsError::NotANumber)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics_and_accepted_values_round_trip(raw in ".*") {
            if let Ok(years) = ExperienceYears::parse(&raw) {
                prop_assert_eq!(ExperienceYears::parse(&years.display()), Ok(years));
            }
            if let Ok(year) = GraduationYear::parse(&raw, 2026) {
                prop_assert_eq!(GraduationYear::parse(&year.value().to_string(), 2026), Ok(year));
            }
        }

        #[test]
        fn every_half_step_in_range_is_accepted(half in 0u8..=100) {
            let raw = format!("{}", f64::from(half) / 2.0);
            prop_assert_eq!(ExperienceYears::parse(&raw).map(|y| y.half_years), Ok(half));
        }
    }
}
