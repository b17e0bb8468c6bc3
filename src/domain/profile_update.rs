//! The answers a candidate keeps current on My application (issue 13, item 3), parsed from the
//! same raw `IntakeForm` fields, with the same parsers and the same per-field messages as the
//! intake form (`new_application`). A value that exists is valid and in its stored form.

use crate::domain::choices::*;
use crate::domain::form_errors::FormErrors;
use crate::domain::intake_form::IntakeForm;
use crate::domain::new_application::{
    choice_message, country, parse_states, parse_tick, phone_message,
};
use crate::domain::phone::PhoneNumber;

/// The editable answers in stored form (E.164, ISO and USPS codes, list values).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Details {
    pub(crate) phone_e164: String,
    pub(crate) country_of_residence: String,
    pub(crate) us_certification: String,
    pub(crate) us_certification_status: String,
    pub(crate) english_test: String,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: bool,
    pub(crate) work_authorisation: String,
    pub(crate) availability: String,
}

/// What the recruiters are told changed, in the order of the page (names only, never values).
pub(crate) const FIELDS: &[(&str, &str)] = &[
    ("phone", "Phone"),
    ("country_of_residence", "Country of residence"),
    ("us_certification", "US certification"),
    ("us_certification_status", "Certification status"),
    ("english_test", "English test"),
    ("target_states", "Target states"),
    ("work_authorisation", "Work authorisation"),
    ("availability", "Availability"),
    // Changed on its own form, once the new address confirms a link (`portal::email_change`).
    ("email", "E-mail address"),
];

/// The label of a stored field name, for the dashboard and the e-mail.
pub(crate) fn field_label(field: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or("Other", |(_, label)| label)
}

impl Details {
    /// Parses the posted fields; `citizenships` (ISO codes of the latest application) decide
    /// whether TN status can apply, as on the intake form.
    pub(crate) fn parse(form: &IntakeForm, citizenships: &[String]) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::default();
        let phone = PhoneNumber::parse(&form.phone_country, &form.phone)
            .map_err(|e| errors.add("phone", phone_message(e)))
            .ok();
        let residence = country(&form.country_of_residence)
            .map_err(|e| {
                errors.add(
                    "country_of_residence",
                    choice_message(e, "the country you live in"),
                )
            })
            .ok();
        let certification = UsCertification::parse(&form.us_certification)
            .map_err(|e| {
                errors.add(
                    "us_certification",
                    choice_message(e, "your US certification, or “None yet”"),
                )
            })
            .ok();
        let status = CertificationStatus::parse(&form.us_certification_status)
            .map_err(|e| {
                errors.add(
                    "us_certification_status",
                    choice_message(e, "where you are with your certification"),
                )
            })
            .ok();
        if let (Some(UsCertification::NoneYet), Some(status)) = (certification, status)
            && !status.fits_no_certification()
        {
            errors.add("us_certification_status", "You chose “None yet” for certification. Choose “Not started” or “Preparing for the exam”, or choose the certification you have.");
        }
        let english_test = EnglishTest::parse(&form.english_test)
            .map_err(|e| {
                errors.add(
                    "english_test",
                    choice_message(e, "your English test, or “None yet”"),
                )
            })
            .ok();
        let open_to_any_state = parse_tick(&form.open_to_any_state)
            .map_err(|m| errors.add("open_to_any_state", m))
            .ok();
        let states = parse_states(&form.target_states, open_to_any_state.unwrap_or(false))
            .map_err(|m| errors.add("target_states", m))
            .ok();
        let work_authorisation = WorkAuthorisation::parse(&form.work_authorisation)
            .map_err(|e| {
                errors.add(
                    "work_authorisation",
                    choice_message(e, "your permission to work in the US"),
                )
            })
            .ok();
        if work_authorisation == Some(WorkAuthorisation::Tn)
            && !citizenships
                .iter()
                .any(|c| matches!(c.as_str(), "CA" | "MX"))
        {
            errors.add("work_authorisation", "TN status is only for citizens of Canada or Mexico. Choose another answer, or write to us if your citizenship has changed.");
        }
        let availability = Availability::parse(&form.availability)
            .map_err(|e| errors.add("availability", choice_message(e, "when you could start")))
            .ok();
        match (
            phone,
            residence,
            certification,
            status,
            english_test,
            open_to_any_state,
            states,
            work_authorisation,
            availability,
        ) {
            (
                Some(phone),
                Some(residence),
                Some(certification),
                Some(status),
                Some(english_test),
                Some(open_to_any_state),
                Some(states),
                Some(work_authorisation),
                Some(availability),
            ) if errors.is_empty() => Ok(Details {
                phone_e164: phone.e164().to_owned(),
                country_of_residence: residence.code.to_owned(),
                us_certification: certification.as_str().to_owned(),
                us_certification_status: status.as_str().to_owned(),
                english_test: english_test.as_str().to_owned(),
                target_states: states.iter().map(|s| s.code.to_owned()).collect(),
                open_to_any_state,
                work_authorisation: work_authorisation.as_str().to_owned(),
                availability: availability.as_str().to_owned(),
            }),
            _ => Err(errors),
        }
    }

    /// The form's raw fields showing these answers (to pre-fill the page).
    pub(crate) fn to_form(&self) -> IntakeForm {
        IntakeForm {
            phone: self.phone_e164.clone(),
            country_of_residence: self.country_of_residence.clone(),
            us_certification: self.us_certification.clone(),
            us_certification_status: self.us_certification_status.clone(),
            english_test: self.english_test.clone(),
            target_states: self.target_states.clone(),
            open_to_any_state: if self.open_to_any_state { "yes" } else { "" }.to_owned(),
            work_authorisation: self.work_authorisation.clone(),
            availability: self.availability.clone(),
            ..IntakeForm::default()
        }
    }

    /// The fields (names of `FIELDS`) whose answers differ from `before`, in page order.
    pub(crate) fn changed_since(&self, before: &Details) -> Vec<&'static str> {
        let differs = [
            self.phone_e164 != before.phone_e164,
            self.country_of_residence != before.country_of_residence,
            self.us_certification != before.us_certification,
            self.us_certification_status != before.us_certification_status,
            self.english_test != before.english_test,
            self.target_states != before.target_states
                || self.open_to_any_state != before.open_to_any_state,
            self.work_authorisation != before.work_authorisation,
            self.availability != before.availability,
        ];
        FIELDS
            .iter()
            .zip(differs)
            .filter(|(_, d)| *d)
            .map(|((name, _), _)| *name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_and_an_empty_form_gets_the_intake_messages() {
        let form = IntakeForm::from_pairs(crate::domain::intake_form::example_application());
        let details = Details::parse(&form, &["PH".to_owned()]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(details.phone_e164, "+639171234567");
        assert!(details.changed_since(&details).is_empty());
        let errors = Details::parse(&IntakeForm::default(), &[]).err().unwrap();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "phone",
                "country_of_residence",
                "us_certification",
                "us_certification_status",
                "english_test",
                "target_states",
                "work_authorisation",
                "availability",
            ]
        );
        assert_eq!(
            errors.get("phone"),
            Some("Enter your mobile or WhatsApp number.")
        );
    }
}
