//! The team's value types (issue 16): a recruiter's role, display name and time zone, each parsed
//! once from what a form or the command line gave.

use time::OffsetDateTime;

crate::domain::choices::choice!(
    /// What an account may do. Admins manage the team, erase candidates, export all candidates and
    /// read the audit trail; recruiters work cases. `web::admin::ROUTES` says which role each
    /// route needs, and the guard checks it there and nowhere else.
    Role {
        Admin => "admin", "Admin";
        Recruiter => "recruiter", "Recruiter";
    }
);

impl Role {
    /// Admins always sign in with a second factor; recruiters when `REQUIRE_2FA=true`.
    pub(crate) fn needs_second_factor(self, require_2fa: bool) -> bool {
        self == Role::Admin || require_2fa
    }

    /// The role of a stored value; an unknown one (never written: a check constraint holds the
    /// list) is the lesser role.
    pub(crate) fn stored(raw: &str) -> Role {
        Role::parse(raw).unwrap_or(Role::Recruiter)
    }
}

pub(crate) const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// The name colleagues and candidates see ("Ana Reyes"): 1 to 100 characters, no control
/// characters, surrounding and repeated spaces removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DisplayName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DisplayNameError {
    #[error("enter your name")]
    Empty,
    #[error("the name is longer than {MAX_DISPLAY_NAME_CHARS} characters")]
    TooLong,
    #[error("the name holds characters that cannot be shown")]
    ControlCharacter,
}

impl DisplayName {
    pub(crate) fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        if raw.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacter);
        }
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => Err(DisplayNameError::Empty),
            n if n > MAX_DISPLAY_NAME_CHARS => Err(DisplayNameError::TooLong),
            _ => Ok(DisplayName(name)),
        }
    }

    /// The name an account made without one starts with: the e-mail's local part.
    pub(crate) fn from_email(email: &str) -> Self {
        let local = email.split('@').next().unwrap_or(email);
        DisplayName::parse(local).unwrap_or_else(|_| DisplayName("Recruiter".to_owned()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name ("Asia/Manila", "America/New_York", "UTC") that the bundled tz
/// database knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeZoneName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TimeZoneError {
    #[error("enter a time zone")]
    Empty,
    #[error("this is not a time zone name we know (e.g. Asia/Manila, America/Chicago, UTC)")]
    Unknown,
}

impl TimeZoneName {
    pub(crate) fn parse(raw: &str) -> Result<Self, TimeZoneError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(TimeZoneError::Empty);
        }
        // Names only: jiff would also take POSIX TZ strings such as "EST5EDT,M3.2.0,M11.1.0".
        let plain = raw.len() <= 64
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c));
        let zone = plain
            .then(|| jiff::tz::db().get(raw).ok())
            .flatten()
            .ok_or(TimeZoneError::Unknown)?;
        // The database's own spelling ("asia/manila" is found, "Asia/Manila" is stored).
        Ok(TimeZoneName(zone.iana_name().unwrap_or(raw).to_owned()))
    }

    pub(crate) fn utc() -> Self {
        TimeZoneName("UTC".to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `at` as a recruiter in `zone` reads it: "2026-12-01 19:05 PST". A stored name the database no
/// longer knows falls back to UTC, never to an error page.
pub(crate) fn local_time(at: OffsetDateTime, zone: &str) -> String {
    let zone = jiff::tz::db().get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_second(at.unix_timestamp()) {
        Ok(ts) => ts
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// The calendar date at `at` in the IANA zone `zone` (UTC when unknown): a recruiter's "today",
/// which a new next action may not be due before (issue 15).
pub(crate) fn local_date(at: OffsetDateTime, zone: &str) -> time::Date {
    let tz = jiff::tz::db().get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let local =
        jiff::Timestamp::from_second(at.unix_timestamp()).map(|ts| ts.to_zoned_datetime(tz).date());
    match local {
        Ok(d) => time::Month::try_from(u8::try_from(d.month()).unwrap_or(1))
            .ok()
            .and_then(|m| {
                time::Date::from_calendar_date(
                    i32::from(d.year()),
                    m,
                    u8::try_from(d.day()).unwrap_or(1),
                )
                .ok()
            })
            .unwrap_or(at.date()),
        Err(_) => at.date(),
    }
}

/// The hour (0 to 23) on the clock at `at` in the IANA zone `zone` (UTC when unknown): when a
/// recruiter's daily digest is due.
pub(crate) fn local_hour(at: OffsetDateTime, zone: &str) -> u8 {
    let tz = jiff::tz::db().get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(at.unix_timestamp())
        .map(|ts| ts.to_zoned_datetime(tz).hour())
        .ok()
        .and_then(|h| u8::try_from(h).ok())
        .unwrap_or(at.hour())
}

/// The instant `date` ends in `zone` (its next day's first moment; UTC when unknown): "arrived by
/// the end of that day" for a recruiter there.
pub(crate) fn end_of_local_date(date: time::Date, zone: &str) -> OffsetDateTime {
    let tz = jiff::tz::db().get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let utc_end = date.next_day().unwrap_or(date).midnight().assume_utc();
    let day = jiff::civil::Date::new(
        i16::try_from(date.year()).unwrap_or(2000),
        i8::try_from(u8::from(date.month())).unwrap_or(1),
        i8::try_from(date.day()).unwrap_or(1),
    );
    day.ok()
        .and_then(|d| d.tomorrow().ok())
        .and_then(|next| next.to_zoned_datetime(tz).ok())
        .and_then(|z| OffsetDateTime::from_unix_timestamp(z.timestamp().as_second()).ok())
        .unwrap_or(utc_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_hour_and_the_end_of_a_day_follow_the_time_zone() {
        use time::macros::{date, datetime};
        let at = datetime!(2026-12-01 16:30 UTC);
        assert_eq!(local_hour(at, "Asia/Manila"), 0);
        assert_eq!(local_hour(at, "America/Los_Angeles"), 8);
        assert_eq!(local_hour(at, "No/Such_Zone"), 16);
        assert_eq!(
            end_of_local_date(date!(2026 - 12 - 01), "Asia/Manila"),
            datetime!(2026-12-01 16:00 UTC)
        );
        assert_eq!(
            end_of_local_date(date!(2026 - 12 - 01), "America/New_York"),
            datetime!(2026-12-02 05:00 UTC)
        );
        assert_eq!(
            end_of_local_date(date!(2026 - 12 - 31), "UTC"),
            datetime!(2027-01-01 00:00 UTC)
        );
    }

    #[test]
    fn a_recruiters_today_follows_their_time_zone() {
        let at = time::macros::datetime!(2026-12-01 23:30 UTC);
        assert_eq!(
            local_date(at, "Asia/Manila"),
            time::macros::date!(2026 - 12 - 02)
        );
        assert_eq!(
            local_date(at, "America/New_York"),
            time::macros::date!(2026 - 12 - 01)
        );
        assert_eq!(
            local_date(at, "Nowhere/Unknown"),
            time::macros::date!(2026 - 12 - 01)
        );
    }

    #[test]
    fn time_zones_are_iana_names_the_database_knows() {
        assert_eq!(
            TimeZoneName::parse(" Asia/Manila ").unwrap().as_str(),
            "Asia/Manila"
        );
        assert_eq!(TimeZoneName::parse("UTC").unwrap().as_str(), "UTC");
        assert_eq!(TimeZoneName::parse(""), Err(TimeZoneError::Empty));
        for bad in ["Mars/Olympus", "EST5EDT,M3.2.0,M11.1.0", "../../etc/passwd"] {
            assert_eq!(
                TimeZoneName::parse(bad),
                Err(TimeZoneError::Unknown),
                "{bad}"
            );
        }
    }

    #[test]
    fn times_are_shown_in_the_recruiters_zone() {
        let at = time::macros::datetime!(2026-12-01 11:05 UTC);
        assert_eq!(local_time(at, "Asia/Manila"), "2026-12-01 19:05 PST");
        assert_eq!(local_time(at, "America/Chicago"), "2026-12-01 05:05 CST");
        assert_eq!(local_time(at, "No/Such_Zone"), "2026-12-01 11:05 UTC");
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Ana   Reyes ").unwrap().as_str(),
            "Ana Reyes"
        );
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(
            DisplayName::parse(&"a".repeat(101)),
            Err(DisplayNameError::TooLong)
        );
        assert_eq!(
            DisplayName::parse("Ana\u{0}"),
            Err(DisplayNameError::ControlCharacter)
        );
        assert_eq!(DisplayName::from_email("ana@x.com").as_str(), "ana");
    }

    #[test]
    fn admins_always_need_a_second_factor_recruiters_when_required() {
        assert!(Role::Admin.needs_second_factor(false));
        assert!(!Role::Recruiter.needs_second_factor(false));
        assert!(Role::Recruiter.needs_second_factor(true));
        assert_eq!(Role::stored("admin"), Role::Admin);
        assert_eq!(Role::stored("junk"), Role::Recruiter);
    }
}
