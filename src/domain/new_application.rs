//! A whole application, parsed from the raw form in one go: either every answer is valid, or the
//! person gets one plain-English message per field, in the order the fields appear on the page.

use crate::domain::choices::*;
use crate::domain::countries::{self, Country};
use crate::domain::cv::{CvError, CvFile, CvUpload};
use crate::domain::email_address::{EmailAddress, EmailAddressError};
use crate::domain::form_errors::FormErrors;
use crate::domain::intake_form::{IntakeForm, Utm};
use crate::domain::numbers::*;
use crate::domain::person_name::{PersonName, PersonNameError};
use crate::domain::phone::{PhoneNumber, PhoneNumberError};
use crate::domain::text::{MultiLineText, SingleLineText, TextError};
use crate::domain::us_states::{self, UsState};

pub(crate) const MAX_CITIZENSHIPS: usize = 3;
pub(crate) const MAX_TARGET_STATES: usize = 10;
pub(crate) const MAX_MESSAGE_CHARS: usize = 2000;
pub(crate) const MAX_DETAIL_CHARS: usize = 200;

pub struct NewApplication {
    pub(crate) given_name: PersonName,
    /// `None` for people with a single name.
    pub(crate) family_name: Option<PersonName>,
    pub(crate) email: EmailAddress,
    pub(crate) phone: PhoneNumber,
    pub(crate) country_of_residence: &'static Country,
    pub(crate) citizenships: Vec<&'static Country>,
    pub(crate) country_of_education: &'static Country,
    pub(crate) qualification: Qualification,
    pub(crate) graduation_year: GraduationYear,
    pub(crate) experience: ExperienceYears,
    pub(crate) us_certification: UsCertification,
    pub(crate) certification_status: CertificationStatus,
    pub(crate) english_test: EnglishTest,
    pub(crate) target_states: Vec<&'static UsState>,
    pub(crate) open_to_any_state: bool,
    pub(crate) work_authorisation: WorkAuthorisation,
    pub(crate) availability: Availability,
    pub(crate) message: Option<MultiLineText>,
    pub(crate) heard_about: Option<HeardAbout>,
    pub(crate) heard_about_detail: Option<SingleLineText>,
    pub(crate) utm: Utm,
    pub(crate) keep_data: bool,
    pub(crate) cv: Option<CvFile>,
}

/// Collects messages while parsing; `take` keeps the parsed value for the fields that passed.
struct Check {
    errors: FormErrors,
}

impl Check {
    fn take<T, E>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
        message: impl FnOnce(E) -> String,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.add(field, message(error));
                None
            }
        }
    }
}

impl NewApplication {
    /// Parses every answer; `current_year` bounds the graduation year.
    pub fn parse(form: &IntakeForm, cv: CvUpload, current_year: i32) -> Result<Self, FormErrors> {
        let mut c = Check {
            errors: FormErrors::default(),
        };
        let single_name = c.take("single_name", parse_tick(&form.single_name), |m| m);
        let given_name = c.take("given_name", PersonName::parse(&form.given_name), |e| {
            name_message(e, "given name")
        });
        let family_name = match single_name {
            Some(true) if !form.family_name.trim().is_empty() => {
                c.errors.add("family_name", "You ticked “I have only one name”. Leave the family name empty, or untick that box.");
                None
            }
            Some(true) => Some(None),
            _ => c
                .take("family_name", PersonName::parse(&form.family_name), |e| {
                    name_message(e, "family name")
                })
                .map(Some),
        };
        let email = c.take("email", EmailAddress::parse(&form.email), email_message);
        let phone = c.take(
            "phone",
            PhoneNumber::parse(&form.phone_country, &form.phone),
            phone_message,
        );
        let residence = c.take(
            "country_of_residence",
            country(&form.country_of_residence),
            |e| country_message(e, "the country you live in"),
        );
        let citizenships = c.take("citizenship", parse_citizenships(&form.citizenship), |m| m);
        let education = c.take(
            "country_of_education",
            country(&form.country_of_education),
            |e| country_message(e, "the country where you studied"),
        );
        let qualification = c.take(
            "qualification",
            Qualification::parse(&form.qualification),
            |e| choice_message(e, "your qualification"),
        );
        let graduation_year = c.take(
            "graduation_year",
            GraduationYear::parse(&form.graduation_year, current_year),
            |e| year_message(e, current_year),
        );
        let experience = c.take(
            "experience_years",
            ExperienceYears::parse(&form.experience_years),
            experience_message,
        );
        let certification = c.take(
            "us_certification",
            UsCertification::parse(&form.us_certification),
            |e| choice_message(e, "your US certification, or “None yet”"),
        );
        let status = c.take(
            "us_certification_status",
            CertificationStatus::parse(&form.us_certification_status),
            |e| choice_message(e, "where you are with your certification"),
        );
        if let (Some(UsCertification::NoneYet), Some(status)) = (certification, status)
            && !status.fits_no_certification()
        {
            c.errors.add("us_certification_status", "You chose “None yet” for certification. Choose “Not started” or “Preparing for the exam”, or choose the certification you have.");
        }
        let english_test = c.take(
            "english_test",
            EnglishTest::parse(&form.english_test),
            |e| choice_message(e, "your English test, or “None yet”"),
        );
        let open_to_any_state = c.take(
            "open_to_any_state",
            parse_tick(&form.open_to_any_state),
            |m| m,
        );
        let target_states = c.take(
            "target_states",
            parse_states(&form.target_states, open_to_any_state.unwrap_or(false)),
            |m| m,
        );
        let work_authorisation = c.take(
            "work_authorisation",
            WorkAuthorisation::parse(&form.work_authorisation),
            |e| choice_message(e, "your permission to work in the US"),
        );
        if work_authorisation == Some(WorkAuthorisation::Tn)
            && citizenships
                .as_ref()
                .is_some_and(|list| !list.iter().any(|c| matches!(c.code, "CA" | "MX")))
        {
            c.errors.add("work_authorisation", "TN status is only for citizens of Canada or Mexico. Choose another answer, or add your Canadian or Mexican citizenship above.");
        }
        let availability = c.take(
            "availability",
            Availability::parse(&form.availability),
            |e| choice_message(e, "when you could start"),
        );
        let message = c.take(
            "message",
            MultiLineText::parse_optional(&form.message, MAX_MESSAGE_CHARS),
            |e| text_message(e, "Your message"),
        );
        let cv = c.take("cv", CvFile::parse(cv), cv_message);
        let heard_about = c.take(
            "heard_about",
            HeardAbout::parse_optional(&form.heard_about),
            |e| choice_message(e, "how you heard about us"),
        );
        let heard_about_detail = c.take(
            "heard_about_detail",
            SingleLineText::parse_optional(&form.heard_about_detail, MAX_DETAIL_CHARS),
            |e| text_message(e, "This answer"),
        );
        if form.consent != "yes" {
            c.errors.add("consent", "Tick the box to say you have read the privacy notice. We cannot keep your application without it.");
        }
        let keep_data = c.take("keep_data", parse_tick(&form.keep_data), |m| m);

        match (
            given_name,
            family_name,
            email,
            phone,
            residence,
            citizenships,
            education,
            qualification,
            graduation_year,
            experience,
            certification,
            status,
            english_test,
            target_states,
            open_to_any_state,
            work_authorisation,
            availability,
            message,
            heard_about,
            heard_about_detail,
            keep_data,
            cv,
        ) {
            (
                Some(given_name),
                Some(family_name),
                Some(email),
                Some(phone),
                Some(residence),
                Some(citizenships),
                Some(education),
                Some(qualification),
                Some(graduation_year),
                Some(experience),
                Some(us_certification),
                Some(certification_status),
                Some(english_test),
                Some(target_states),
                Some(open_to_any_state),
                Some(work_authorisation),
                Some(availability),
                Some(message),
                Some(heard_about),
                Some(heard_about_detail),
                Some(keep_data),
                Some(cv),
            ) if c.errors.is_empty() => Ok(NewApplication {
                given_name,
                family_name,
                email,
                phone,
                country_of_residence: residence,
                citizenships,
                country_of_education: education,
                qualification,
                graduation_year,
                experience,
                us_certification,
                certification_status,
                english_test,
                target_states,
                open_to_any_state,
                work_authorisation,
                availability,
                message,
                heard_about,
                heard_about_detail,
                utm: form.utm.clone(),
                keep_data,
                cv,
            }),
            _ => Err(c.errors),
        }
    }
}

/// A checkbox: absent or `yes`; anything else was not sent by our form.
pub(crate) fn parse_tick(raw: &str) -> Result<bool, String> {
    match raw.trim() {
        "" => Ok(false),
        "yes" => Ok(true),
        _ => {
            Err("This answer is not one of the options. Tick the box or leave it empty.".to_owned())
        }
    }
}

pub(crate) fn country(raw: &str) -> Result<&'static Country, ChoiceError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ChoiceError::Missing);
    }
    countries::find(raw).ok_or(ChoiceError::Unknown)
}

fn parse_citizenships(raw: &[String]) -> Result<Vec<&'static Country>, String> {
    let chosen: Vec<&str> = raw
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if chosen.is_empty() {
        return Err(
            "Choose your citizenship. If you have more than one, choose up to 3.".to_owned(),
        );
    }
    if chosen.len() > MAX_CITIZENSHIPS {
        return Err(format!("Choose at most {MAX_CITIZENSHIPS} citizenships."));
    }
    let mut list: Vec<&'static Country> = Vec::new();
    for code in chosen {
        let country = countries::find(code)
            .ok_or_else(|| "Choose your citizenship from the list.".to_owned())?;
        if !list.contains(&country) {
            list.push(country);
        }
    }
    Ok(list)
}

pub(crate) fn parse_states(
    raw: &[String],
    open_to_any: bool,
) -> Result<Vec<&'static UsState>, String> {
    let mut list: Vec<&'static UsState> = Vec::new();
    for code in raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let state =
            us_states::find(code).ok_or_else(|| "Choose states from the list.".to_owned())?;
        if !list.contains(&state) {
            list.push(state);
        }
    }
    if list.len() > MAX_TARGET_STATES {
        return Err(format!(
            "Choose at most {MAX_TARGET_STATES} states, or tick “Open to any state”."
        ));
    }
    if list.is_empty() && !open_to_any {
        return Err("Choose at least one state, or tick “Open to any state”.".to_owned());
    }
    list.sort_by_key(|s| s.name);
    Ok(list)
}

fn name_message(error: PersonNameError, which: &str) -> String {
    match error {
        PersonNameError::Empty if which == "family name" => {
            "Enter your family name as it is in your passport, or tick “I have only one name”."
                .to_owned()
        }
        PersonNameError::Empty => format!("Enter your {which} as it is in your passport."),
        PersonNameError::TooLong => format!("Your {which} must be 100 characters or fewer."),
        PersonNameError::InvalidCharacter | PersonNameError::NoLetter => format!(
            "Your {which} can only have letters, spaces, apostrophes ('), hyphens (-) and full stops (.)."
        ),
    }
}

pub(crate) fn email_message(error: EmailAddressError) -> String {
    match error {
        EmailAddressError::TooLong => {
            "Your e-mail address must be 254 characters or fewer.".to_owned()
        }
        _ => "Enter your e-mail address, like name@example.com".to_owned(),
    }
}

pub(crate) fn phone_message(error: PhoneNumberError) -> String {
    match error {
        PhoneNumberError::Empty => "Enter your mobile or WhatsApp number.".to_owned(),
        PhoneNumberError::CountryMissing | PhoneNumberError::UnknownCountry => {
            "Choose the country code of your phone, or start the number with + and the country code.".to_owned()
        }
        PhoneNumberError::InvalidCharacter => {
            "Enter the phone number with digits only, like 0917 123 4567 or +63 917 123 4567.".to_owned()
        }
        PhoneNumberError::Invalid => {
            "This is not a valid number for the country code you chose. Check the number and the country code.".to_owned()
        }
    }
}

fn country_message(error: ChoiceError, what: &str) -> String {
    choice_message(error, what)
}

pub(crate) fn choice_message(error: ChoiceError, what: &str) -> String {
    match error {
        ChoiceError::Missing => format!("Choose {what}."),
        ChoiceError::Unknown => format!("Choose {what} from the list."),
    }
}

fn year_message(error: GraduationYearError, current_year: i32) -> String {
    let last = current_year + 1;
    match error {
        GraduationYearError::Empty => format!(
            "Enter the year you finished your degree or diploma, like 2018. If you have not finished yet, enter {last}."
        ),
        _ => format!("Enter a year from {FIRST_GRADUATION_YEAR} to {last}, like 2018."),
    }
}

fn experience_message(error: ExperienceYearsError) -> String {
    match error {
        ExperienceYearsError::Empty => "Enter your years of work in a clinical laboratory after you qualified. Enter 0 if you have none.".to_owned(),
        ExperienceYearsError::NotAHalfStep => "Round your years of experience to a whole or half year, like 3 or 3.5.".to_owned(),
        _ => format!("Enter a number of years from 0 to {MAX_EXPERIENCE_YEARS}, like 3 or 3.5."),
    }
}

fn text_message(error: TextError, what: &str) -> String {
    match error {
        TextError::Empty => format!("{what} is empty."),
        TextError::TooLong(max) => format!("{what} must be {max} characters or fewer."),
        TextError::ControlCharacter => {
            format!("{what} contains a character we cannot accept. Please type it again.")
        }
    }
}

fn cv_message(error: CvError) -> String {
    match error {
        CvError::TooLarge => "Your CV file is larger than 10 MB. Choose a smaller file, or send the form without it.".to_owned(),
        CvError::TooSmall => "Your CV file is empty or damaged. Choose the file again.".to_owned(),
        CvError::UnsupportedType => "Your CV must be a PDF, Word (DOC or DOCX), OpenDocument (ODT) or RTF file. Choose another file, or send the form without it.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid() -> IntakeForm {
        IntakeForm::from_pairs(crate::domain::intake_form::example_application())
    }

    #[test]
    fn a_complete_form_parses() {
        let application = NewApplication::parse(&valid(), CvUpload::None, 2026)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(application.given_name.as_str(), "María José");
        let family = application.family_name.as_ref().map(|n| n.as_str());
        assert_eq!(family, Some("dela Cruz"));
        assert_eq!(application.target_states.len(), 2);
        assert_eq!(application.phone.e164(), "+639171234567");
        // Open to any state instead of naming one.
        let mut open = valid();
        open.target_states.clear();
        open.open_to_any_state = "yes".to_owned();
        let application =
            NewApplication::parse(&open, CvUpload::None, 2026).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(application.target_states.is_empty() && application.open_to_any_state);
    }

    #[test]
    fn an_empty_form_gets_messages_in_page_order() {
        let errors = NewApplication::parse(&IntakeForm::default(), CvUpload::None, 2026)
            .err()
            .unwrap();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "given_name",
                "family_name",
                "email",
                "phone",
                "country_of_residence",
                "citizenship",
                "country_of_education",
                "qualification",
                "graduation_year",
                "experience_years",
                "us_certification",
                "us_certification_status",
                "english_test",
                "target_states",
                "work_authorisation",
                "availability",
                "consent",
            ]
        );
        assert_eq!(
            errors.get("email"),
            Some("Enter your e-mail address, like name@example.com")
        );
    }

    proptest! {
        #[test]
        fn arbitrary_answers_never_panic(
            values in proptest::collection::vec(".{0,30}", IntakeForm::FIELD_NAMES.len())
        ) {
            let mut form = IntakeForm::default();
            for (name, value) in IntakeForm::FIELD_NAMES.iter().zip(values) {
                form.set(name, value);
            }
            let _ = NewApplication::parse(&form, CvUpload::None, 2026);
        }
    }
}
