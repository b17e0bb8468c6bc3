//! Credential evaluation and the English test (for VisaScreen).

use super::answers::Answers;
use super::certification::Target;
use super::rules::Rules;
use super::{Item, Verdict};
use crate::domain::{EnglishTest, Qualification, UsCertification, WorkAuthorisation};
use crate::guide::facts::{Fact, Facts};

pub fn advise(a: &Answers, target: Target, f: &'static Facts, r: &'static Rules) -> Vec<Item> {
    vec![evaluation(a, target, f), english(a, f, r)]
}

/// "Not confirmed: …" for uncertain facts, as the guide words them.
pub fn worded(fact: &Fact<String>) -> String {
    if fact.confidence.is_uncertain() {
        format!("Not confirmed: {}", fact.value)
    } else {
        fact.value.clone()
    }
}

fn evaluation(a: &Answers, target: Target, f: &'static Facts) -> Item {
    let guide = (
        "/eligibility#evaluation",
        "Foreign transcript evaluation (eligibility page)",
    );
    if a.country_of_education.code == "US" {
        return Item::new("evaluation", "Credential evaluation", Verdict::NotNeeded)
            .point("You studied in the US, so no foreign transcript evaluation is needed for your degree.")
            .guide(guide.0, guide.1)
            .rests_on(f, ["eligibility.degree_equivalence"]);
    }
    let mut ids: Vec<String> = vec!["evaluation_tip".into()];
    let mut item = Item::new("evaluation", "Credential evaluation", Verdict::Required)
        .point("You studied outside the US, so the certifying body and state boards will ask for a foreign transcript (credential) evaluation. The agency sends its report to them directly.")
        .guide(guide.0, guide.1);
    // `evaluation[0]` is ASCP's rule and `evaluation[1]` AMT's (order of the facts file).
    let body = match target {
        Target::Ascpi | Target::Ascp => Some(0),
        Target::Amt => Some(1),
        Target::Undecided => None,
    };
    if let Some(rule) = body.and_then(|i| f.evaluation.get(i).map(|e| (i, e))) {
        item = item.point(format!("{}: {}", rule.1.board, worded(&rule.1.rule)));
        ids.push(format!("evaluation[{}]", rule.0));
    }
    for state in &a.target_states {
        if let Some(info) = f.state_by_code(state.code)
            && let Some(rule) = &info.evaluation
        {
            item = item.point(format!("{}: {}", info.name, worded(rule)));
            ids.push(format!("states.{}.evaluation", info.slug));
        }
    }
    item.point(f.evaluation_tip.value.clone()).rests_on(f, ids)
}

fn english(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    let hc = &f.visas.healthcare_certificate;
    let heading = "English test for VisaScreen";
    let base = |verdict| {
        Item::new("english", heading, verdict)
            .guide("/eligibility#english", "English test (eligibility page)")
    };
    if a.work_authorisation == WorkAuthorisation::CitizenOrGreenCard {
        return base(Verdict::NotNeeded)
            .point("You can already work in the US, so you need no visa, no VisaScreen certificate and no English test for it. Employers may still ask about your English.")
            .rests_on(f, ["visas.healthcare_certificate.who_needs"]);
    }
    let country = a.country_of_education;
    let ids = [
        "visas.healthcare_certificate.components",
        "visas.healthcare_certificate.english_exempt",
        "visas.healthcare_certificate.english_tests",
        "visas.healthcare_certificate.english_scientist",
        "visas.healthcare_certificate.english_technician",
        "visas.healthcare_certificate.english_other_scores",
    ];
    let ids = ids
        .into_iter()
        .chain(r.english.facts.iter().map(String::as_str));
    if r.english.exempt_countries.iter().any(|c| c == country.code) {
        let item = base(Verdict::NotNeeded).point(format!(
            "You studied in {}. {}",
            country.in_sentence(),
            hc.english_exempt.value
        ));
        let item = if country.code == "CA" {
            item.missing("Schools in Quebec are not on the list: if you studied in Quebec, you need the test.")
        } else {
            item
        };
        return item.rests_on(f, ids);
    }
    let level = Level::of(a);
    let mut item = base(Verdict::NotYet).point(worded(&hc.components));
    for minimums in level.minimums(f) {
        item = item.point(worded(minimums));
    }
    let item = match a.english_test {
        EnglishTest::Exempt => item
            .point(format!("You chose “not needed”, but {} is not on VisaScreen's list of countries whose graduates need no test.", country.name))
            .point(hc.english_exempt.value.clone())
            .missing("Take an English test that CGFNS accepts."),
        EnglishTest::NoneYet => item.missing("Take an English test that CGFNS accepts, with at least the minimum scores above. Check the CGFNS page first."),
        EnglishTest::Booked => item
            .point("Your test is booked.")
            .missing("Check the score CGFNS asks for before the test."),
        EnglishTest::IeltsGeneral if level == Level::Scientist => item
            .point("Warning: you took IELTS General Training. For a medical technologist (clinical laboratory scientist) job, which needs a bachelor's degree, the regulation asks for IELTS Academic: General Training counts only for technician-level jobs.")
            .missing("Take IELTS Academic (6.5 overall with 7.0 in speaking), or another accepted test, before you apply for VisaScreen."),
        EnglishTest::Duolingo => item
            .point("Warning: the Duolingo English Test is not on the list of tests accepted for VisaScreen.")
            .missing("Take one of the accepted tests: IELTS, TOEFL iBT, TOEIC, Cambridge English, MET, OET or PTE Academic."),
        taken => {
            let mut item = item
                .point(format!("You took: {}.", taken.label()))
                .missing("Check that your score meets the minimum for your job level. For tests without a published minimum above, ask CGFNS.");
            item.verdict = Verdict::NeedsReview;
            item
        }
    };
    item.point(worded(&hc.english_tests))
        .point(worded(&hc.english_other_scores))
        .rests_on(f, ids)
}

/// The job level VisaScreen's English minimums depend on: a bachelor's degree (technologist) or
/// less (technician); `Unclear` shows both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Scientist,
    Technician,
    Unclear,
}

impl Level {
    fn of(a: &Answers) -> Level {
        let mlt = matches!(
            a.certification,
            UsCertification::MltAscpi | UsCertification::MltAmt
        );
        if a.qualification == Qualification::MltDiploma || mlt {
            Level::Technician
        } else if a.has_bachelors() {
            Level::Scientist
        } else {
            Level::Unclear
        }
    }

    fn minimums(self, f: &'static Facts) -> Vec<&'static Fact<String>> {
        let hc = &f.visas.healthcare_certificate;
        match self {
            Level::Scientist => vec![&hc.english_scientist],
            Level::Technician => vec![&hc.english_technician],
            Level::Unclear => vec![&hc.english_scientist, &hc.english_technician],
        }
    }
}
