//! Stored values as recruiters read them, for the dashboard templates (`{{ l.country(code) }}`).
//! A value this binary does not know is shown as stored, never hidden.

use time::OffsetDateTime;
use time::macros::format_description;

use crate::domain::choices::*;
use crate::domain::stage;
use crate::domain::{countries, us_states};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Labels;

fn choice(raw: &str, options: &[(&'static str, &'static str)]) -> String {
    options
        .iter()
        .find(|(value, _)| *value == raw)
        .map_or_else(|| raw.to_owned(), |(_, label)| (*label).to_owned())
}

impl Labels {
    pub(crate) fn country(&self, code: &str) -> String {
        countries::name_of(code).to_owned()
    }

    pub(crate) fn countries(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| countries::name_of(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(crate) fn states(&self, codes: &[String], open_to_any: &bool) -> String {
        let mut names: Vec<&str> = codes
            .iter()
            .map(|c| us_states::find(c).map_or(c.as_str(), |s| s.name))
            .collect();
        if *open_to_any {
            names.push("open to any state");
        }
        names.join(", ")
    }

    pub(crate) fn qualification(&self, v: &str) -> String {
        choice(v, Qualification::OPTIONS)
    }

    pub(crate) fn certification(&self, v: &str) -> String {
        choice(v, UsCertification::OPTIONS)
    }

    pub(crate) fn certification_status(&self, v: &str) -> String {
        choice(v, CertificationStatus::OPTIONS)
    }

    pub(crate) fn english(&self, v: &str) -> String {
        choice(v, EnglishTest::OPTIONS)
    }

    pub(crate) fn work_authorisation(&self, v: &str) -> String {
        choice(v, WorkAuthorisation::OPTIONS)
    }

    pub(crate) fn availability(&self, v: &str) -> String {
        choice(v, Availability::OPTIONS)
    }

    pub(crate) fn source(&self, v: &Option<String>) -> String {
        v.as_deref()
            .map_or_else(String::new, |v| choice(v, HeardAbout::OPTIONS))
    }

    /// A changed answer of a profile version (`_changes.html`), as the dashboard shows it.
    pub(crate) fn changed(&self, v: &crate::db::profile_versions::Version, field: &str) -> String {
        match field {
            "phone" => v.phone_e164.clone(),
            "country_of_residence" => self.country(&v.country_of_residence),
            "us_certification" => self.certification(&v.us_certification),
            "us_certification_status" => self.certification_status(&v.us_certification_status),
            "english_test" => self.english(&v.english_test),
            "target_states" => self.states(&v.target_states, &v.open_to_any_state),
            "work_authorisation" => self.work_authorisation(&v.work_authorisation),
            "availability" => self.availability(&v.availability),
            "email" => match (&v.email_before, &v.email_after) {
                (Some(before), Some(after)) => format!("{before} → {after}"),
                _ => String::new(),
            },
            _ => String::new(),
        }
    }

    pub(crate) fn field(&self, field: &str) -> &'static str {
        crate::domain::profile_update::field_label(field)
    }

    pub(crate) fn stage(&self, v: &str) -> String {
        stage::label(v).to_owned()
    }

    pub(crate) fn name(&self, given: &str, family: &Option<String>) -> String {
        match family {
            Some(family) => format!("{given} {family}"),
            None => given.to_owned(),
        }
    }

    pub(crate) fn time(&self, at: &OffsetDateTime) -> String {
        at.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default()
    }

    pub(crate) fn day(&self, on: &time::Date) -> String {
        on.format(format_description!("[year]-[month]-[day]"))
            .unwrap_or_default()
    }

    pub(crate) fn opt(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }

    pub(crate) fn yes_no(&self, v: &bool) -> &'static str {
        if *v { "Yes" } else { "No" }
    }

    pub(crate) fn size(&self, bytes: &Option<i32>) -> String {
        bytes.map_or_else(String::new, |b| format!("{} KB", (b + 1023) / 1024))
    }
}
