//! The form's closed lists. Each value is the string stored in the database (a check constraint
//! holds the same list, see the intake migration) and shown to recruiters through `label`.

/// Why a choice was refused: nothing chosen, or a value the form never offers (a tampered post).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("nothing was chosen")]
    Missing,
    #[error("the value is not one of the options")]
    Unknown,
}

/// A closed list the application stores but never offers in a form: an enum of its values, `ALL`
/// and `as_str` (the stored value, which a check constraint in the migrations also lists).
macro_rules! stored_list {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $value:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }
        }
    };
}

pub(crate) use stored_list;

/// A closed list: an enum of its values, `ALL`, `OPTIONS` (stored value, label) in the order
/// offered, `parse` (`Missing` or `Unknown` when refused), `parse_optional`, `as_str` and `label`.
/// The intake's lists below and the pathway advisor's own (`advisor::answers`) use it.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $value:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// (stored value, label) in the order the form offers them.
            pub const OPTIONS: &'static [(&'static str, &'static str)] = &[$(($value, $label)),+];

            pub fn parse(raw: &str) -> Result<Self, $crate::domain::choices::ChoiceError> {
                let raw = raw.trim();
                if raw.is_empty() {
                    return Err($crate::domain::choices::ChoiceError::Missing);
                }
                Self::ALL.iter().copied().find(|c| c.as_str() == raw).ok_or($crate::domain::choices::ChoiceError::Unknown)
            }

            /// `None` when nothing was chosen (optional questions).
            #[allow(dead_code, reason = "generated for every list; only optional questions use it")]
            pub fn parse_optional(raw: &str) -> Result<Option<Self>, $crate::domain::choices::ChoiceError> {
                match Self::parse(raw) {
                    Err($crate::domain::choices::ChoiceError::Missing) => Ok(None),
                    other => other.map(Some),
                }
            }

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }

            #[allow(dead_code, reason = "generated for every list; some show only OPTIONS")]
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

pub(crate) use choice;

choice!(
    /// Highest lab-related qualification; maps to the ASCPi MLS or MLT route.
    Qualification {
        BsMls => "bs_mls", "Bachelor's in Medical Technology or Medical Laboratory Science";
        BsLifeScience => "bs_life_science", "Bachelor's in biology, chemistry or another life science";
        MltDiploma => "mlt_diploma", "Medical laboratory technician diploma (2 years)";
        MastersOrHigher => "masters_or_higher", "Master's degree or higher";
        Other => "other", "Other";
    }
);

choice!(
    /// The US certification the candidate holds or is working towards.
    UsCertification {
        MlsAscpi => "mls_ascpi", "MLS(ASCPi)";
        MltAscpi => "mlt_ascpi", "MLT(ASCPi)";
        MlsAscp => "mls_ascp", "MLS(ASCP)";
        MtAmt => "mt_amt", "MT(AMT)";
        MltAmt => "mlt_amt", "MLT(AMT)";
        SpecialistAscp => "specialist_ascp", "ASCP specialist (SBB, SC, SH, SM or SMB)";
        NoneYet => "none_yet", "None yet";
    }
);

choice!(
    /// Where the candidate is with that certification.
    CertificationStatus {
        NotStarted => "not_started", "Not started";
        Preparing => "preparing", "Preparing for the exam";
        Applied => "applied", "Application sent";
        AuthorisedToTest => "authorised_to_test", "Allowed to take the exam";
        ExamScheduled => "exam_scheduled", "Exam date booked";
        Passed => "passed", "Passed: I am certified";
        Lapsed => "lapsed", "Certified before, now expired";
    }
);

impl CertificationStatus {
    /// The statuses that make sense with "None yet" as the certification.
    pub(crate) fn fits_no_certification(self) -> bool {
        matches!(
            self,
            CertificationStatus::NotStarted | CertificationStatus::Preparing
        )
    }
}

choice!(
    /// English test taken (or the reason none is needed), for VisaScreen.
    EnglishTest {
        IeltsAcademic => "ielts_academic", "IELTS Academic";
        IeltsGeneral => "ielts_general", "IELTS General Training";
        ToeflIbt => "toefl_ibt", "TOEFL iBT";
        Oet => "oet", "OET";
        PteAcademic => "pte_academic", "PTE Academic";
        Cambridge => "cambridge", "Cambridge English (B2 First, C1 Advanced or C2 Proficiency)";
        Met => "met", "Michigan English Test (MET)";
        Toeic => "toeic", "TOEIC";
        Duolingo => "duolingo", "Duolingo English Test";
        Booked => "booked", "Test booked, not taken yet";
        NoneYet => "none_yet", "None yet";
        Exempt => "exempt", "Not needed: I studied in Australia, Canada (not Québec), Ireland, New Zealand, the UK or the US";
    }
);

choice!(
    /// Permission to work in the US today.
    WorkAuthorisation {
        CitizenOrGreenCard => "citizen_or_green_card", "US citizen or green card holder";
        H1b => "h1b", "H-1B visa";
        Tn => "tn", "TN status (for citizens of Canada or Mexico)";
        Ead => "ead", "Employment Authorization Document (EAD)";
        F1Opt => "f1_opt", "F-1 student with OPT";
        NeedsSponsorship => "needs_sponsorship", "None: I need an employer to sponsor a visa";
        Other => "other", "Other";
    }
);

choice!(
    /// Earliest start.
    Availability {
        Now => "now", "Now";
        Within3Months => "within_3_months", "Within 3 months";
        Months3To6 => "months_3_to_6", "In 3 to 6 months";
        Months6To12 => "months_6_to_12", "In 6 to 12 months";
        After12Months => "after_12_months", "In more than 12 months";
        AfterVisa => "after_visa", "When my visa is approved";
    }
);

choice!(
    /// How the candidate heard of us (optional).
    HeardAbout {
        FacebookGroup => "facebook_group", "A Facebook group";
        Referral => "referral", "A friend or colleague";
        Webinar => "webinar", "A webinar";
        Search => "search", "Google or another search engine";
        Linkedin => "linkedin", "LinkedIn";
        JobBoard => "job_board", "A job board";
        Other => "other", "Other";
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_offered_value_parses_back_to_itself() {
        for (value, label) in UsCertification::OPTIONS {
            let choice = UsCertification::parse(value).unwrap();
            assert_eq!((choice.as_str(), choice.label()), (*value, *label));
        }
        assert_eq!(EnglishTest::ALL.len(), EnglishTest::OPTIONS.len());
    }

    #[test]
    fn unknown_and_missing_values_are_told_apart() {
        assert_eq!(Availability::parse(""), Err(ChoiceError::Missing));
        assert_eq!(Availability::parse("tomorrow"), Err(ChoiceError::Unknown));
        assert_eq!(Availability::parse("NOW"), Err(ChoiceError::Unknown));
        assert_eq!(HeardAbout::parse_optional(" "), Ok(None));
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(raw in ".*") {
            if let Ok(choice) = WorkAuthorisation::parse(&raw) {
                prop_assert_eq!(WorkAuthorisation::parse(choice.as_str()), Ok(choice));
            }
        }
    }
}
