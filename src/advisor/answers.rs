//! The advisor's questions: the raw query string (`AdvisorForm`, strings only) parsed once into
//! `Answers` (domain types), or into per-field messages for the questionnaire.
//!
//! Questions the intake form also asks use its names and values (see `domain::intake_form`):
//! `country_of_education`, `qualification`, `experience_years`, `us_certification` (here: the one
//! already held), `english_test`, `citizenship` (repeatable, up to 3), `target_states`
//! (repeatable), `open_to_any_state`, `country_of_residence` and `work_authorisation`. Two are the
//! advisor's own: `clinical_training` and `lab_accreditation`. So `apply_query` can pre-fill the
//! intake form, and a plan's URL carries the answers (nothing is stored).

use crate::domain::choices::choice;
use crate::domain::countries::{self, Country};
use crate::domain::intake_form::MAX_REPEATS;
use crate::domain::new_application::{MAX_CITIZENSHIPS, MAX_TARGET_STATES};
use crate::domain::us_states::{self, UsState};
use crate::domain::{
    EnglishTest, ExperienceYears, FormErrors, Qualification, UsCertification, WorkAuthorisation,
};

// The advisor's own small closed lists, declared like the intake's (stored nowhere, so no
// database constraint); its repeatable fields take the intake's limits.
choice!(
    /// A clinical training programme or internship (for example the internship year of a BS
    /// Medical Technology): ASCPi route 1 asks for one instead of years of experience.
    ClinicalTraining {
        Yes => "yes", "Yes";
        No => "no", "No";
        NotSure => "not_sure", "I am not sure";
    }
);

choice!(
    /// The accreditation of the lab where the candidate trained or worked (ASCPi asks for one).
    LabAccreditation {
        Cap => "cap", "CAP (College of American Pathologists)";
        Jci => "jci", "JCI (Joint Commission International)";
        Iso15189 => "iso_15189", "ISO 15189";
        Ministry => "ministry", "Approved or licensed by the ministry of health";
        None => "none", "None of these";
        NotSure => "not_sure", "I am not sure";
    }
);

impl LabAccreditation {
    /// One of the accreditations ASCPi names.
    pub(crate) fn is_accepted(self) -> bool {
        matches!(
            self,
            Self::Cap | Self::Jci | Self::Iso15189 | Self::Ministry
        )
    }
}

/// Raw answers, exactly as in the query string. No `Debug`: they describe a person.
#[derive(Clone, Default)]
pub(crate) struct AdvisorForm {
    pub(crate) country_of_education: String,
    pub(crate) qualification: String,
    pub(crate) clinical_training: String,
    pub(crate) experience_years: String,
    pub(crate) lab_accreditation: String,
    pub(crate) us_certification: String,
    pub(crate) english_test: String,
    pub(crate) citizenship: Vec<String>,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: String,
    pub(crate) country_of_residence: String,
    pub(crate) work_authorisation: String,
}

impl AdvisorForm {
    /// Unknown names are ignored; single-valued fields keep their first value.
    pub(crate) fn from_query(query: &str) -> Self {
        let mut form = AdvisorForm::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            form.set(&name, value.into_owned());
        }
        form
    }

    fn set(&mut self, name: &str, value: String) {
        let list = match name {
            "citizenship" => Some(&mut self.citizenship),
            "target_states" => Some(&mut self.target_states),
            _ => None,
        };
        if let Some(list) = list {
            if list.len() < MAX_REPEATS {
                list.push(value);
            }
            return;
        }
        let slot = match name {
            "country_of_education" => &mut self.country_of_education,
            "qualification" => &mut self.qualification,
            "clinical_training" => &mut self.clinical_training,
            "experience_years" => &mut self.experience_years,
            "lab_accreditation" => &mut self.lab_accreditation,
            "us_certification" => &mut self.us_certification,
            "english_test" => &mut self.english_test,
            "open_to_any_state" => &mut self.open_to_any_state,
            "country_of_residence" => &mut self.country_of_residence,
            "work_authorisation" => &mut self.work_authorisation,
            _ => return,
        };
        if slot.is_empty() {
            *slot = value;
        }
    }

    /// The n-th non-empty citizenship (the questionnaire has three selects).
    pub(crate) fn citizenship_at(&self, index: usize) -> &str {
        self.citizenship
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .nth(index)
            .unwrap_or("")
    }

    pub(crate) fn has_target_state(&self, code: &str) -> bool {
        self.target_states.iter().any(|s| s.trim() == code)
    }
}

/// The answers, parsed. Every value exists in the lists the questionnaire offers.
#[derive(Debug, Clone)]
pub(crate) struct Answers {
    pub(crate) country_of_education: &'static Country,
    pub(crate) qualification: Qualification,
    pub(crate) clinical_training: ClinicalTraining,
    pub(crate) experience: ExperienceYears,
    pub(crate) lab: LabAccreditation,
    /// The certification already held (`NoneYet` when none).
    pub(crate) certification: UsCertification,
    pub(crate) english_test: EnglishTest,
    /// One to three, without repeats.
    pub(crate) citizenships: Vec<&'static Country>,
    /// Up to ten, without repeats; may be empty when `open_to_any_state`.
    pub(crate) target_states: Vec<&'static UsState>,
    pub(crate) open_to_any_state: bool,
    pub(crate) country_of_residence: &'static Country,
    pub(crate) work_authorisation: WorkAuthorisation,
}

fn country(raw: &str) -> Option<&'static Country> {
    countries::find(raw.trim())
}

impl Answers {
    /// Parses every field; on failure, one plain-language message per field to fix.
    pub(crate) fn parse(form: &AdvisorForm) -> Result<Answers, FormErrors> {
        let mut errors = FormErrors::default();
        let country_of_education = country(&form.country_of_education);
        if country_of_education.is_none() {
            errors.add(
                "country_of_education",
                "Choose the country where you studied.",
            );
        }
        let qualification = Qualification::parse(&form.qualification).ok();
        if qualification.is_none() {
            errors.add("qualification", "Choose your highest lab qualification.");
        }
        let clinical_training = ClinicalTraining::parse(&form.clinical_training).ok();
        if clinical_training.is_none() {
            errors.add("clinical_training", "Choose yes, no or “I am not sure”.");
        }
        let experience = ExperienceYears::parse(&form.experience_years).ok();
        if experience.is_none() {
            errors.add(
                "experience_years",
                "Enter your years of clinical lab work as a number from 0 to 50, for example 2 or 2.5.",
            );
        }
        let lab = LabAccreditation::parse(&form.lab_accreditation).ok();
        if lab.is_none() {
            errors.add(
                "lab_accreditation",
                "Choose how your lab was accredited, or “I am not sure”.",
            );
        }
        let certification = UsCertification::parse(&form.us_certification).ok();
        if certification.is_none() {
            errors.add(
                "us_certification",
                "Choose the certification you hold, or “None yet”.",
            );
        }
        let english_test = EnglishTest::parse(&form.english_test).ok();
        if english_test.is_none() {
            errors.add("english_test", "Choose your English test, or “None yet”.");
        }
        let citizenships = parse_citizenships(form, &mut errors);
        let target_states = parse_states(form, &mut errors);
        let open_to_any_state = form.open_to_any_state.trim() == "yes";
        if target_states.as_ref().is_some_and(Vec::is_empty) && !open_to_any_state {
            errors.add(
                "target_states",
                "Choose at least one state, or tick “Open to any state”.",
            );
        }
        let country_of_residence = country(&form.country_of_residence);
        if country_of_residence.is_none() {
            errors.add(
                "country_of_residence",
                "Choose the country where you live now.",
            );
        }
        let work_authorisation = WorkAuthorisation::parse(&form.work_authorisation).ok();
        if work_authorisation.is_none() {
            errors.add(
                "work_authorisation",
                "Choose your permission to work in the US today.",
            );
        }
        match (
            country_of_education,
            qualification,
            clinical_training,
            experience,
            lab,
            certification,
            english_test,
            citizenships,
            target_states,
            country_of_residence,
            work_authorisation,
        ) {
            (
                Some(country_of_education),
                Some(qualification),
                Some(clinical_training),
                Some(experience),
                Some(lab),
                Some(certification),
                Some(english_test),
                Some(citizenships),
                Some(target_states),
                Some(country_of_residence),
                Some(work_authorisation),
            ) if errors.is_empty() => Ok(Answers {
                country_of_education,
                qualification,
                clinical_training,
                experience,
                lab,
                certification,
                english_test,
                citizenships,
                target_states,
                open_to_any_state,
                country_of_residence,
                work_authorisation,
            }),
            _ => Err(errors),
        }
    }

    pub(crate) fn is_citizen_of(&self, codes: &[String]) -> bool {
        self.citizenships
            .iter()
            .any(|c| codes.iter().any(|k| k == c.code))
    }

    pub(crate) fn lives_in_us(&self) -> bool {
        self.country_of_residence.code == "US"
    }

    pub(crate) fn experience_years(&self) -> f64 {
        self.experience.years()
    }

    /// A bachelor's degree or more (the H-1B and EB-3 "professional" baseline).
    pub(crate) fn has_bachelors(&self) -> bool {
        matches!(
            self.qualification,
            Qualification::BsMls | Qualification::BsLifeScience | Qualification::MastersOrHigher
        )
    }

    /// The query string of these answers, in a fixed order: the plan's shareable address.
    pub(crate) fn plan_query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("country_of_education", self.country_of_education.code);
        query.append_pair("qualification", self.qualification.as_str());
        query.append_pair("clinical_training", self.clinical_training.as_str());
        query.append_pair("experience_years", &self.experience.display());
        query.append_pair("lab_accreditation", self.lab.as_str());
        self.append_shared(&mut query);
        query.finish()
    }

    /// The query string for `/apply`: only the fields the intake form has, with its values.
    pub(crate) fn apply_query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("country_of_education", self.country_of_education.code);
        query.append_pair("qualification", self.qualification.as_str());
        query.append_pair("experience_years", &self.experience.display());
        self.append_shared(&mut query);
        if self.certification != UsCertification::NoneYet {
            // A certification named here is one already held.
            query.append_pair("us_certification_status", "passed");
        }
        query.finish()
    }

    fn append_shared(&self, query: &mut url::form_urlencoded::Serializer<'_, String>) {
        query.append_pair("us_certification", self.certification.as_str());
        query.append_pair("english_test", self.english_test.as_str());
        for c in &self.citizenships {
            query.append_pair("citizenship", c.code);
        }
        for s in &self.target_states {
            query.append_pair("target_states", s.code);
        }
        if self.open_to_any_state {
            query.append_pair("open_to_any_state", "yes");
        }
        query.append_pair("country_of_residence", self.country_of_residence.code);
        query.append_pair("work_authorisation", self.work_authorisation.as_str());
    }
}

fn parse_citizenships(
    form: &AdvisorForm,
    errors: &mut FormErrors,
) -> Option<Vec<&'static Country>> {
    let mut found: Vec<&'static Country> = Vec::new();
    for raw in form
        .citizenship
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        let Some(c) = country(raw) else {
            errors.add("citizenship", "Choose your citizenship from the list.");
            return None;
        };
        if !found.contains(&c) {
            found.push(c);
        }
    }
    if found.is_empty() {
        errors.add("citizenship", "Choose your citizenship.");
        return None;
    }
    if found.len() > MAX_CITIZENSHIPS {
        errors.add("citizenship", "Choose at most 3 citizenships.");
        return None;
    }
    Some(found)
}

fn parse_states(form: &AdvisorForm, errors: &mut FormErrors) -> Option<Vec<&'static UsState>> {
    let mut found: Vec<&'static UsState> = Vec::new();
    for raw in form
        .target_states
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        let Some(s) = us_states::find(raw) else {
            errors.add("target_states", "Choose states from the list.");
            return None;
        };
        if !found.contains(&s) {
            found.push(s);
        }
    }
    if found.len() > MAX_TARGET_STATES {
        errors.add(
            "target_states",
            "Choose at most 10 states, or tick “Open to any state”.",
        );
        return None;
    }
    Some(found)
}
