//! The recruiters' pipeline stages, in the agency's working order, then the parking and closing
//! stages: a closed list like the intake's choices. The stored values match
//! `candidate_pipelines_stage_check`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub value: &'static str,
    pub(crate) label: &'static str,
    /// Parking or closing stages (not eligible yet, on hold, withdrawn, rejected).
    pub(crate) closing: bool,
    /// What the candidate's own page ("My application") says instead of the recruiters' label.
    pub(crate) for_candidate: ForCandidate,
}

/// A stage in words meant for the candidate: internal verdicts ("rejected") are never shown as
/// such, and a closed case says kindly what the person may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ForCandidate {
    pub(crate) heading: &'static str,
    pub(crate) explanation: &'static str,
    /// The case is closed (or paused): the page says so and what to do next.
    pub(crate) closed: bool,
}

const fn stage(
    value: &'static str,
    label: &'static str,
    closing: bool,
    heading: &'static str,
    explanation: &'static str,
) -> Stage {
    Stage {
        value,
        label,
        closing,
        for_candidate: ForCandidate {
            heading,
            explanation,
            closed: closing,
        },
    }
}

/// What a closed case may do next, on every closed stage's page.
const COME_BACK: &str = "You are welcome to apply again at any time, for example after you pass a certification exam or an English test.";

pub const STAGES: &[Stage] = &[
    stage(
        "new",
        "New",
        false,
        "We have your application",
        "A recruiter will read it and write to you. This usually takes a few working days.",
    ),
    stage(
        "contacted",
        "Contacted",
        false,
        "A recruiter has written to you",
        "Please look for our e-mail (also in your spam or junk folder) and answer it, so we can plan the next step together.",
    ),
    stage(
        "screening",
        "Screening",
        false,
        "A recruiter is looking at your details",
        "We are checking your training, experience and plans against the US requirements. We will write to you with what we find.",
    ),
    stage(
        "credentialing",
        "Credentialing",
        false,
        "Preparing your credentials",
        "You are working with us on the papers a US lab needs: certification, credential evaluation, English test or a state licence.",
    ),
    stage(
        "ready_to_present",
        "Ready to present",
        false,
        "Ready to meet employers",
        "Your papers are in order. We are looking for US employers whose jobs fit you.",
    ),
    stage(
        "submitted_to_client",
        "Submitted to client",
        false,
        "Introduced to an employer",
        "We have sent your profile to a US employer and are waiting for their answer.",
    ),
    stage(
        "client_interview",
        "Client interview",
        false,
        "Interviews with an employer",
        "An employer wants to talk with you. Your recruiter will help you prepare.",
    ),
    stage(
        "offer",
        "Offer",
        false,
        "A job offer",
        "An employer has made you an offer. Read it carefully; your recruiter will go through it with you.",
    ),
    stage(
        "immigration_processing",
        "Immigration processing",
        false,
        "Visa and immigration steps",
        "Your visa papers are being prepared. These steps can take many months; we will tell you when something changes.",
    ),
    stage(
        "placed",
        "Placed",
        false,
        "You have a job in a US lab",
        "Congratulations. Your recruiter stays in touch while you settle in.",
    ),
    stage(
        "not_eligible_yet",
        "Not eligible yet",
        true,
        "Not ready for a US job yet",
        "Some US requirements are still missing for you today, so we have closed your case for now. Your pathway plan below shows what to do first.",
    ),
    stage(
        "on_hold",
        "On hold",
        true,
        "Your case is paused",
        "We are not working on your case at the moment. Write to us if something has changed for you.",
    ),
    stage(
        "withdrawn",
        "Withdrawn",
        true,
        "Your case is closed",
        "Your case was closed, as we agreed with you.",
    ),
    stage(
        "rejected",
        "Rejected",
        true,
        "Your case is closed",
        "We are not able to take your case further at the moment. This often changes as your training, tests and plans move on.",
    ),
];

impl ForCandidate {
    /// The next step of a closed case; `None` for an open one.
    pub(crate) fn come_back(&self) -> Option<&'static str> {
        self.closed.then_some(COME_BACK)
    }
}

/// The candidate's words for a stored stage; an unknown value (a newer binary's stage) reads as
/// work in progress, never as the stored word.
pub(crate) fn for_candidate(value: &str) -> ForCandidate {
    find(value).map_or(
        ForCandidate {
            heading: "We are working on your case",
            explanation: "A recruiter will write to you when there is news.",
            closed: false,
        },
        |s| s.for_candidate,
    )
}

pub(crate) fn find(value: &str) -> Option<&'static Stage> {
    STAGES.iter().find(|s| s.value == value)
}

/// The label of a stored value; an unknown value (a newer binary's stage) is shown as stored.
pub(crate) fn label(value: &str) -> &str {
    find(value).map_or(value, |s| s.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_is_found_by_its_value_and_new_comes_first() {
        assert_eq!(STAGES[0].value, "new");
        for s in STAGES {
            assert_eq!(find(s.value), Some(s));
        }
        assert_eq!(find("hired"), None);
        assert_eq!(label("on_hold"), "On hold");
    }

    #[test]
    fn candidates_never_read_an_internal_verdict() {
        for s in STAGES {
            let words = s.for_candidate;
            let text = format!("{} {}", words.heading, words.explanation).to_lowercase();
            for internal in [
                "reject",
                "not eligible",
                "withdrawn",
                "on hold",
                "ineligible",
            ] {
                assert!(!text.contains(internal), "{}: {text}", s.value);
            }
            assert_eq!(words.closed, s.closing);
            assert_eq!(words.come_back().is_some(), s.closing);
        }
        assert_eq!(
            for_candidate("hired").heading,
            "We are working on your case"
        );
    }

    #[test]
    fn the_migration_allows_exactly_these_stages() {
        let sql = include_str!("../../migrations/20261122170100_create_candidate_pipeline.sql");
        for s in STAGES {
            assert!(
                sql.contains(&format!("'{}'", s.value)),
                "{} missing",
                s.value
            );
        }
    }
}
