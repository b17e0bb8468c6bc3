//! The raw answers of the intake form, exactly as posted (or as pre-filled from a link's query
//! string): strings only, never trusted, kept so a rejected form shows everything typed.
//!
//! Field names (stable: integrations and the pathway advisor's pre-fill links use them):
//!
//! | name | input | notes |
//! |---|---|---|
//! | `given_name` | text | required, 1–100 characters |
//! | `family_name` | text | required unless `single_name` |
//! | `single_name` | checkbox `yes` | "I have only one name" |
//! | `email` | email | required |
//! | `phone_country` | select of ISO codes | dial code; not needed when `phone` starts with `+` |
//! | `phone` | tel | required, stored as E.164 |
//! | `country_of_residence` | select ISO 3166-1 alpha-2 | required |
//! | `citizenship` | select, repeatable (3 selects) | 1 to 3 ISO codes |
//! | `country_of_education` | select ISO code | required |
//! | `qualification` | select | `Qualification` values |
//! | `graduation_year` | text (numeric) | 1960 to next year |
//! | `experience_years` | text (decimal) | 0–50, step 0.5 |
//! | `us_certification` | select | `UsCertification` values |
//! | `us_certification_status` | select | `CertificationStatus` values |
//! | `english_test` | select | `EnglishTest` values |
//! | `target_states` | checkbox, repeatable | USPS codes, up to 10 |
//! | `open_to_any_state` | checkbox `yes` | instead of (or besides) states |
//! | `work_authorisation` | select | `WorkAuthorisation` values |
//! | `availability` | select | `Availability` values |
//! | `message` | textarea | optional, up to 2000 characters |
//! | `cv` | file | optional (multipart posts only) |
//! | `heard_about` | select | optional, `HeardAbout` values |
//! | `heard_about_detail` | text | optional, up to 200 characters |
//! | `utm_source` `utm_medium` `utm_campaign` `utm_term` `utm_content` `ref` | hidden | from the landing URL |
//! | `consent` | checkbox `yes` | required: privacy notice read |
//! | `keep_data` | checkbox `yes` | optional: keep my data for future roles |
//! | `website` | text, hidden | honeypot: people leave it empty |
//! | `form_token` | hidden | signed submission id + time the form was shown |

use crate::domain::text::sanitise_untrusted;

/// Longest tracking value kept.
pub(crate) const MAX_UTM_CHARS: usize = 100;
/// How many values of a repeatable field are kept (more is a tampered post).
const MAX_REPEATS: usize = 60;

/// Campaign tracking from the landing URL; cleaned, never an error.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Utm {
    pub(crate) source: String,
    pub(crate) medium: String,
    pub(crate) campaign: String,
    pub(crate) term: String,
    pub(crate) content: String,
    pub(crate) referral: String,
}

/// Raw answers. No `Debug`: they are personal data and must not end up in a log line.
#[derive(Clone, Default)]
pub struct IntakeForm {
    pub(crate) given_name: String,
    pub(crate) family_name: String,
    pub(crate) single_name: String,
    pub(crate) email: String,
    pub(crate) phone_country: String,
    pub(crate) phone: String,
    pub(crate) country_of_residence: String,
    pub(crate) citizenship: Vec<String>,
    pub(crate) country_of_education: String,
    pub(crate) qualification: String,
    pub(crate) graduation_year: String,
    pub(crate) experience_years: String,
    pub(crate) us_certification: String,
    pub(crate) us_certification_status: String,
    pub(crate) english_test: String,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: String,
    pub(crate) work_authorisation: String,
    pub(crate) availability: String,
    pub(crate) message: String,
    pub(crate) heard_about: String,
    pub(crate) heard_about_detail: String,
    pub(crate) utm: Utm,
    pub(crate) consent: String,
    pub(crate) keep_data: String,
    pub(crate) website: String,
    pub(crate) form_token: String,
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

    /// Sets one field from a posted name/value pair.
    pub(crate) fn set(&mut self, name: &str, value: String) {
        if let Some(list) = match name {
            "citizenship" => Some(&mut self.citizenship),
            "target_states" => Some(&mut self.target_states),
            _ => None,
        } {
            if list.len() < MAX_REPEATS {
                list.push(value);
            }
            return;
        }
        let utm = |value: &str| sanitise_untrusted(value, MAX_UTM_CHARS);
        let slot = match name {
            "given_name" => &mut self.given_name,
            "family_name" => &mut self.family_name,
            "single_name" => &mut self.single_name,
            "email" => &mut self.email,
            "phone_country" => &mut self.phone_country,
            "phone" => &mut self.phone,
            "country_of_residence" => &mut self.country_of_residence,
            "country_of_education" => &mut self.country_of_education,
            "qualification" => &mut self.qualification,
            "graduation_year" => &mut self.graduation_year,
            "experience_years" => &mut self.experience_years,
            "us_certification" => &mut self.us_certification,
            "us_certification_status" => &mut self.us_certification_status,
            "english_test" => &mut self.english_test,
            "open_to_any_state" => &mut self.open_to_any_state,
            "work_authorisation" => &mut self.work_authorisation,
            "availability" => &mut self.availability,
            "message" => &mut self.message,
            "heard_about" => &mut self.heard_about,
            "heard_about_detail" => &mut self.heard_about_detail,
            "consent" => &mut self.consent,
            "keep_data" => &mut self.keep_data,
            "website" => &mut self.website,
            "form_token" => &mut self.form_token,
            "utm_source" | "utm_medium" | "utm_campaign" | "utm_term" | "utm_content" | "ref" => {
                let slot = match name {
                    "utm_source" => &mut self.utm.source,
                    "utm_medium" => &mut self.utm.medium,
                    "utm_campaign" => &mut self.utm.campaign,
                    "utm_term" => &mut self.utm.term,
                    "utm_content" => &mut self.utm.content,
                    _ => &mut self.utm.referral,
                };
                if slot.is_empty() {
                    *slot = utm(&value);
                }
                return;
            }
            _ => return,
        };
        if slot.is_empty() {
            *slot = value;
        }
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

    /// The answers to keep as the raw snapshot: every field but the token and the honeypot.
    pub(crate) fn snapshot(&self) -> serde_json::Value {
        serde_json::json!({
            "given_name": self.given_name,
            "family_name": self.family_name,
            "single_name": self.single_name,
            "email": self.email,
            "phone_country": self.phone_country,
            "phone": self.phone,
            "country_of_residence": self.country_of_residence,
            "citizenship": self.citizenship,
            "country_of_education": self.country_of_education,
            "qualification": self.qualification,
            "graduation_year": self.graduation_year,
            "experience_years": self.experience_years,
            "us_certification": self.us_certification,
            "us_certification_status": self.us_certification_status,
            "english_test": self.english_test,
            "target_states": self.target_states,
            "open_to_any_state": self.open_to_any_state,
            "work_authorisation": self.work_authorisation,
            "availability": self.availability,
            "message": self.message,
            "heard_about": self.heard_about,
            "heard_about_detail": self.heard_about_detail,
            "consent": self.consent,
            "keep_data": self.keep_data,
        })
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
