//! The triage of the advisor's personas (`advisor::tests::PERSONAS`, the same people), the flags,
//! and how a stored application is read.

use super::*;
use crate::advisor::tests::{PERSONAS, answers};
use crate::guide::facts::facts;

fn persona(starts_with: &str) -> &'static str {
    PERSONAS
        .iter()
        .find(|p| p.name.starts_with(starts_with))
        .unwrap_or_else(|| panic!("no persona {starts_with}"))
        .query
}

fn of(query: &str) -> Triage {
    triage(&answers(query), Signals::default(), facts())
}

fn visa(t: &Triage, label_start: &str) -> Verdict {
    t.visas
        .iter()
        .find(|l| l.label.starts_with(label_start))
        .map(|l| l.verdict)
        .unwrap_or_else(|| panic!("no visa line {label_start}"))
}

#[test]
fn every_persona_gets_one_plain_headline() {
    let expected = [
        (
            "Philippine BS",
            "Likely MLS(ASCPi); California licence needed; H-1B or EB-3",
        ),
        (
            "Canadian",
            "MLT(ASCP) to review; no state licence needed; TN or EB-3",
        ),
        (
            "Nigerian",
            "Not yet eligible for MLS(ASCPi); no state licence needed; H-1B or EB-3 (to review); needs an English test and more training or experience",
        ),
        (
            "Indian MSc",
            "MLS(ASCPi) to review; no state licence needed; H-1B or EB-3",
        ),
        (
            "MLS(AMT) holder",
            "Holds MLS(AMT), earlier called MT(AMT); New York licence needed; H-1B or EB-3",
        ),
        (
            "Mexican",
            "Likely MLS(ASCPi); California licence needed; H-1B or TN or EB-3; needs an English test",
        ),
        (
            "Dual Philippine",
            "Holds MLS(ASCPi); New York licence needed; H-1B or TN or EB-3",
        ),
        (
            "Candidate open to any state",
            "MLS(ASCPi) to review; no state licence needed; H-1B or EB-3; needs an English test",
        ),
        (
            "Green-card holder",
            "Likely MLS(ASCPi); Florida licence needed; licence to check in Rhode Island; no visa needed",
        ),
    ];
    assert!(expected.len() >= 8);
    assert_eq!(expected.len(), PERSONAS.len(), "every persona is triaged");
    for (name, headline) in expected {
        assert_eq!(of(persona(name)).headline, headline, "{name}");
    }
}

#[test]
fn tn_is_open_only_to_canadian_and_mexican_citizens() {
    for name in ["Canadian", "Mexican", "Dual Philippine"] {
        assert_eq!(visa(&of(persona(name)), "TN"), Verdict::Open, "{name}");
    }
    for name in ["Philippine BS", "Nigerian", "Indian MSc", "MLS(AMT) holder"] {
        assert_eq!(visa(&of(persona(name)), "TN"), Verdict::NotOpen, "{name}");
    }
}

#[test]
fn a_restricted_citizenship_puts_eb3_to_review_with_the_reason() {
    let t = of(persona("Nigerian"));
    assert_eq!(visa(&t, "Green card: EB-3"), Verdict::NeedsReview);
    let philippine = of(persona("Philippine BS"));
    assert_eq!(visa(&philippine, "Green card: EB-3"), Verdict::Open);
}

#[test]
fn each_target_state_gets_its_own_licence_line() {
    let t = of(persona("Mexican"));
    let states: Vec<(&str, Verdict)> = t
        .licences
        .iter()
        .map(|l| (l.label.as_str(), l.verdict))
        .collect();
    assert_eq!(
        states,
        [
            ("Texas", Verdict::NotNeeded),
            ("California", Verdict::Required)
        ]
    );
}

#[test]
fn what_is_missing_names_the_english_test_experience_and_evaluation() {
    let t = of(persona("Nigerian"));
    let all = t.missing.join(" ");
    assert!(all.contains("English test"), "{all}");
    assert!(all.contains("clinical experience"), "{all}");
    assert!(all.contains("Credential evaluation: still to do."), "{all}");
    let holder = of(persona("Dual Philippine"));
    assert!(
        !holder.missing.join(" ").contains("clinical experience"),
        "a holder needs no experience"
    );
}

#[test]
fn a_safeguards_list_citizen_is_flagged_and_others_are_not() {
    let t = of(persona("Nigerian"));
    assert_eq!(
        t.flags,
        [Flag::Safeguards {
            countries: vec!["Nigeria"]
        }]
    );
    let text = t.flags[0].text();
    assert!(text.contains("do not actively recruit"), "{text}");
    assert!(text.contains("direct application"), "{text}");
    for name in ["Philippine BS", "Indian MSc", "Mexican", "Canadian"] {
        assert!(of(persona(name)).flags.is_empty(), "{name}");
    }
}

#[test]
fn returning_and_possible_duplicate_come_from_the_signals_in_that_order() {
    let signals = Signals {
        earlier_reference: Some("LM-AAAA2222"),
        duplicate_of: Some("LM-BBBB3333"),
    };
    let t = triage(&answers(persona("Philippine BS")), signals, facts());
    let slugs: Vec<&str> = t.flags.iter().map(Flag::slug).collect();
    assert_eq!(slugs, ["returning", "possible-duplicate"]);
    assert!(t.flags[0].text().contains("LM-AAAA2222"));
    assert!(t.flags[1].text().contains("LM-BBBB3333"));
}

fn stored(status: &str) -> (Vec<String>, Vec<String>, String) {
    (
        vec!["PH".to_owned()],
        vec!["CA".to_owned()],
        status.to_owned(),
    )
}

#[test]
fn a_stored_application_is_read_with_the_training_questions_unanswered() {
    let (citizenships, states, status) = stored("passed");
    let row = ApplicationAnswers {
        country_of_education: "PH",
        qualification: "bs_mls",
        experience_years: "2.0",
        us_certification: "mls_ascpi",
        us_certification_status: &status,
        english_test: "ielts_academic",
        citizenships: &citizenships,
        target_states: &states,
        open_to_any_state: false,
        country_of_residence: "PH",
        work_authorisation: "needs_sponsorship",
    };
    let held = triage(
        &row.to_answers().expect("valid"),
        Signals::default(),
        facts(),
    );
    assert_eq!(
        held.headline,
        "Holds MLS(ASCPi); California licence needed; H-1B or EB-3"
    );
    let preparing = ApplicationAnswers {
        us_certification_status: "preparing",
        ..row
    };
    let t = triage(
        &preparing.to_answers().expect("valid"),
        Signals::default(),
        facts(),
    );
    // Without the lab and training answers ASCPi is never "likely" on a guess.
    assert_eq!(
        t.headline,
        "MLS(ASCPi) to review; California licence needed; H-1B or EB-3"
    );
}
