//! The raw answers of the intake form, exactly as posted (or as pre-filled from a link's query
//! string): strings only, never trusted, kept so a rejected form shows everything typed.
//!
//! The field names are stable (integrations and the pathway advisor's pre-fill links use them)
//! and listed once, in the order of the page, in the `intake_form!` invocation below: the struct,
//! `set`, the stored snapshot, `FIELD_NAMES` (which the tests and the fuzz run enumerate) and the
//! tracking parameters all come from it. The CV is posted as the file part `FILE_FIELD`.

use crate::domain::text::sanitise_untrusted;

/// Longest tracking value kept.
pub(crate) const MAX_UTM_CHARS: usize = 100;
/// How many values of a repeatable field are kept (more is a tampered post or link).
pub(crate) const MAX_REPEATS: usize = 60;

/// The multipart file part that carries the CV (multipart posts only; optional, PDF, DOC, DOCX,
/// ODT or RTF, at most 10 MB).
pub const FILE_FIELD: &str = "cv";

/// A field's kind: how posted values are kept, and whether they are stored as answers.
trait Slot {
    /// Keeps a posted value: the first one for single fields, up to `MAX_REPEATS` for lists.
    fn keep(&mut self, value: String);
}

impl Slot for String {
    fn keep(&mut self, value: String) {
        if self.is_empty() {
            *self = value;
        }
    }
}

impl Slot for Vec<String> {
    fn keep(&mut self, value: String) {
        if self.len() < MAX_REPEATS {
            self.push(value);
        }
    }
}

macro_rules! slot_type {
    (text) => { String };
    (list) => { Vec<String> };
    (hidden) => { String };
}

/// Whether a field's value belongs in the stored snapshot of the answers.
macro_rules! is_answer {
    (hidden) => {
        false
    };
    ($kind:ident) => {
        true
    };
}

macro_rules! intake_form {
    (
        fields { $($(#[$doc:meta])* $name:ident: $kind:ident,)+ }
        tracking { $($(#[$tdoc:meta])* $tfield:ident: $tname:literal,)+ }
    ) => {
        /// Raw answers. No `Debug`: they are personal data and must not end up in a log line.
        #[derive(Clone, Default)]
        pub struct IntakeForm {
            $($(#[$doc])* pub(crate) $name: slot_type!($kind),)+
            pub(crate) utm: Utm,
        }

        /// Campaign tracking from the landing URL; cleaned, never an error.
        #[derive(Clone, Default, PartialEq, Eq)]
        pub(crate) struct Utm {
            $($(#[$tdoc])* pub(crate) $tfield: String,)+
        }

        impl IntakeForm {
            /// Every name the form posts besides the CV, in the order of the page.
            pub const FIELD_NAMES: &[&str] = &[$(stringify!($name),)+ $($tname,)+];

            /// Sets one field from a posted name/value pair; unknown names are ignored.
            pub(crate) fn set(&mut self, name: &str, value: String) {
                match name {
                    $(stringify!($name) => self.$name.keep(value),)+
                    $($tname => self.utm.$tfield.keep(sanitise_untrusted(&value, MAX_UTM_CHARS)),)+
                    _ => {}
                }
            }

            /// The answers to keep as the raw snapshot: every field but the hidden machinery
            /// (the token and the honeypot) and the tracking parameters, stored in columns.
            pub(crate) fn snapshot(&self) -> serde_json::Value {
                let mut answers = serde_json::Map::new();
                $(if is_answer!($kind) {
                    answers.insert(stringify!($name).to_owned(), serde_json::json!(self.$name));
                })+
                serde_json::Value::Object(answers)
            }
        }

        impl Utm {
            /// (posted name, value) of every tracking parameter.
            pub(crate) fn pairs(&self) -> [(&'static str, &str); [$($tname),+].len()] {
                [$(($tname, self.$tfield.as_str())),+]
            }
        }
    };
}

intake_form! {
    fields {
        /// Required, 1 to 100 characters.
        given_name: text,
        /// Required unless `single_name`.
        family_name: text,
        /// Checkbox `yes`: "I have only one name".
        single_name: text,
        email: text,
        /// ISO code of the dial code; not needed when `phone` starts with `+`.
        phone_country: text,
        /// Required, stored as E.164.
        phone: text,
        /// ISO 3166-1 alpha-2.
        country_of_residence: text,
        /// Repeatable (three selects): 1 to 3 ISO codes.
        citizenship: list,
        country_of_education: text,
        /// `Qualification` values.
        qualification: text,
        /// 1960 to next year.
        graduation_year: text,
        /// 0 to 50, in half years.
        experience_years: text,
        /// `UsCertification` values.
        us_certification: text,
        /// `CertificationStatus` values.
        us_certification_status: text,
        /// `EnglishTest` values.
        english_test: text,
        /// Repeatable checkboxes: USPS codes, up to 10.
        target_states: list,
        /// Checkbox `yes`, instead of (or besides) states.
        open_to_any_state: text,
        /// `WorkAuthorisation` values.
        work_authorisation: text,
        /// `Availability` values.
        availability: text,
        /// Optional, up to 2000 characters.
        message: text,
        /// Optional, `HeardAbout` values.
        heard_about: text,
        /// Optional, up to 200 characters.
        heard_about_detail: text,
        /// Checkbox `yes`, required: the privacy notice was read.
        consent: text,
        /// Checkbox `yes`, optional: keep my data for future roles.
        keep_data: text,
        /// The honeypot, hidden from people: they leave it empty.
        website: hidden,
        /// The signed submission id and the time the form was shown (`intake::token`).
        form_token: hidden,
    }
    tracking {
        source: "utm_source",
        medium: "utm_medium",
        campaign: "utm_campaign",
        term: "utm_term",
        content: "utm_content",
        /// A referral code.
        referral: "ref",
    }
}

/// A complete, valid application as a browser posts it (three citizenship selects, two states,
/// an empty message and honeypot), without its form token: `example_application.txt`, one
/// `name=value` a line. The one example that the unit tests, the integration and fault suites,
/// the rendering benchmark and bench/submit.lua post.
pub fn example_application() -> Vec<(&'static str, &'static str)> {
    include_str!("example_application.txt")
        .lines()
        .filter_map(|line| line.split_once('='))
        .collect()
}

impl IntakeForm {
    /// Builds the form from name/value pairs (a urlencoded body, multipart text parts, or a query
    /// string). Unknown names are ignored; for single-valued fields the first value wins.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut form = IntakeForm::default();
        for (name, value) in pairs {
            form.set(name.as_ref(), value.into());
        }
        form
    }

    /// The value of the n-th citizenship select (the form has three).
    pub(crate) fn citizenship_at(&self, index: usize) -> &str {
        self.citizenship
            .iter()
            .filter(|c| !c.trim().is_empty())
            .nth(index)
            .map_or("", String::as_str)
    }

    pub(crate) fn has_target_state(&self, code: &str) -> bool {
        self.target_states.iter().any(|s| s.trim() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeatable_fields_collect_and_single_fields_keep_the_first_value() {
        let form = IntakeForm::from_pairs([
            ("given_name", "Ana"),
            ("given_name", "Evil"),
            ("citizenship", "PH"),
            ("citizenship", ""),
            ("citizenship", "CA"),
            ("target_states", "CA"),
            ("utm_source", "fb\r\ngroup"),
            ("unknown", "x"),
        ]);
        assert_eq!(form.given_name, "Ana");
        assert_eq!(form.citizenship_at(0), "PH");
        assert_eq!(form.citizenship_at(1), "CA");
        assert_eq!(form.citizenship_at(2), "");
        assert!(form.has_target_state("CA"));
        assert_eq!(form.utm.source, "fbgroup");
    }

    #[test]
    fn a_flood_of_repeated_values_is_cut_off() {
        let form = IntakeForm::from_pairs((0..1000).map(|_| ("target_states", "CA")));
        assert_eq!(form.target_states.len(), MAX_REPEATS);
    }
}
