//! The ordered checklist of next steps, derived from the plan's items (no rules of its own).

use super::answers::Answers;
use super::{Item, Step, Verdict};

fn step(text: impl Into<String>, href: &str) -> Step {
    Step {
        text: text.into(),
        href: href.to_owned(),
    }
}

pub fn checklist(
    a: &Answers,
    certification: &[Item],
    documents: &[Item],
    licensure: &[Item],
    visas: &[Item],
) -> Vec<Step> {
    let mut steps = Vec::new();
    // The credential to work towards: the best one not yet held.
    let next = certification.iter().find(|i| i.verdict != Verdict::Done);
    if let Some(next) = next {
        if let Some(missing) = next
            .missing
            .first()
            .filter(|_| next.verdict == Verdict::NotYet)
        {
            steps.push(step(
                format!("Build what {} still needs: {missing}", next.heading),
                "/eligibility#experience",
            ));
        } else if next.verdict.is_offered() {
            steps.push(step(format!("Check the {} route that fits you on the certifying body's own pages before you pay.", next.heading), "/certification#routes"));
        }
    }
    if documents
        .iter()
        .any(|i| i.key == "evaluation" && i.verdict == Verdict::Required)
    {
        steps.push(step("Order a foreign transcript evaluation from an agency that your certifying body and each state board accept.", "/eligibility#evaluation"));
    }
    if let Some(next) = next.filter(|i| matches!(i.verdict, Verdict::Likely | Verdict::NeedsReview))
    {
        steps.push(step(
            format!("Apply for {} and book the exam.", next.heading),
            "/certification#exam",
        ));
    }
    for state in licensure.iter().filter(|i| i.key.starts_with("state_")) {
        match state.verdict {
            Verdict::Required => steps.push(step(
                format!(
                    "Apply for the {} licence once you hold the certification.",
                    state.heading
                ),
                &state.guide.href,
            )),
            Verdict::NeedsReview => steps.push(step(
                format!("Ask {} whether you need a lab licence.", state.heading),
                &state.guide.href,
            )),
            _ => {}
        }
    }
    if documents
        .iter()
        .any(|i| i.key == "english" && matches!(i.verdict, Verdict::NotYet | Verdict::NeedsReview))
    {
        steps.push(step(
            "Take an English test that CGFNS accepts, or check that your result counts.",
            "/eligibility#english",
        ));
    }
    match visas.iter().find(|i| i.key == "visascreen").map(|i| i.verdict) {
        Some(Verdict::NeedsReview) => steps.push(step(
            "Ask CGFNS and your lawyer whether your specialist job needs the VisaScreen certificate.",
            "/visas#visascreen",
        )),
        Some(_) => steps.push(step(
            "Apply for the VisaScreen certificate (CGFNS).",
            "/visas#visascreen",
        )),
        None => {}
    }
    let open: Vec<&str> = visas
        .iter()
        .filter(|i| {
            i.key != "visascreen" && matches!(i.verdict, Verdict::Open | Verdict::NeedsReview)
        })
        .map(|i| i.heading.as_str())
        .collect();
    if !open.is_empty() {
        steps.push(step(
            format!(
                "Find an employer and agree on a visa route: {}.",
                open.join(", ")
            ),
            "/visas#which-route",
        ));
    } else if a.work_authorisation == crate::domain::WorkAuthorisation::CitizenOrGreenCard {
        steps.push(step(
            "Find an employer: you need no visa.",
            "/roadmap#steps",
        ));
    }
    steps.push(step(
        "Send us these answers: a LabMinds recruiter checks your case.",
        "/apply",
    ));
    steps
}
