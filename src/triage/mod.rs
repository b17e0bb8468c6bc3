//! Triage (issue 15, item 1): the advisor's plan read for a recruiter. One plain line at the top
//! ("Likely MLS(ASCPi); California licence needed; H-1B or EB-3; needs an English test"), then the
//! route, each target state, the visa routes, what is missing and the flags a recruiter must see
//! before writing back. A pure function over the application's answers and two facts the database
//! knows (an earlier application of the same person, another person's application that looks
//! like this one); shown in the support alert and on the candidate page.
//!
//! The intake form does not ask the advisor's two training questions (clinical training, lab
//! accreditation): an application is read with "I am not sure" for both, so a route that turns on
//! them is "needs review", never "likely" on a guess.

use crate::advisor::{self, AdvisorForm, Answers, Item, Plan, Verdict};
use crate::domain::FormErrors;
use crate::guide::facts::Facts;
use crate::trust::safeguards::SAFEGUARDS_LIST_2023;

pub(crate) mod stored;
#[cfg(test)]
mod tests;

/// What the database knows about this application and other ones.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Signals<'a> {
    /// The latest earlier application of the same candidate (same e-mail address or phone).
    pub(crate) earlier_reference: Option<&'a str>,
    /// Another candidate's application with the same name, graduation year and country of
    /// education: perhaps the same person with a new address and number.
    pub(crate) duplicate_of: Option<&'a str>,
}

/// One line of the triage: a route, state or visa with its verdict and what to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) label: String,
    pub(crate) verdict: Verdict,
    /// What is missing or must be checked for this line, as the advisor words it.
    pub(crate) notes: Vec<String>,
}

impl Line {
    /// The verdict as a recruiter reads it (the advisor's labels speak to the candidate).
    pub(crate) fn verdict_label(&self) -> &'static str {
        match self.verdict {
            Verdict::Open => "Open",
            Verdict::NotOpen => "Not open",
            other => other.label(),
        }
    }

    pub(crate) fn verdict_slug(&self) -> &'static str {
        self.verdict.slug()
    }
}

/// Something a recruiter must know before acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Flag {
    Returning {
        earlier: String,
    },
    /// Citizen of a country on the WHO safeguards list (names as the site writes them).
    Safeguards {
        countries: Vec<&'static str>,
    },
    PossibleDuplicate {
        of: String,
    },
}

impl Flag {
    /// The stable name used in `data-flag` and tests.
    pub(crate) fn slug(&self) -> &'static str {
        match self {
            Flag::Returning { .. } => "returning",
            Flag::Safeguards { .. } => "who-safeguards",
            Flag::PossibleDuplicate { .. } => "possible-duplicate",
        }
    }

    pub(crate) fn text(&self) -> String {
        match self {
            Flag::Returning { earlier } => format!(
                "Possible returning candidate: matches an earlier application {earlier} (same e-mail address or phone number)."
            ),
            Flag::Safeguards { countries } => format!(
                "Citizen of {}, on the WHO Health Workforce Support and Safeguards List: we do not actively recruit there. This is a direct application, so handle it as any other.",
                countries.join(" and ")
            ),
            Flag::PossibleDuplicate { of } => format!(
                "Possible duplicate: application {of} has the same name, graduation year and country of education under another e-mail address and phone number."
            ),
        }
    }
}

/// The triage of one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Triage {
    /// The one plain line at the top.
    pub(crate) headline: String,
    /// The best credential route with its verdict.
    pub(crate) route: Line,
    /// One line per target state (or "Open to any state").
    pub(crate) licences: Vec<Line>,
    /// Every visa route the advisor weighs, open or not, and the VisaScreen certificate.
    pub(crate) visas: Vec<Line>,
    /// The credential evaluation and the English test.
    pub(crate) documents: Vec<Line>,
    /// What the candidate still needs (English test, experience, evaluation), in plain words.
    pub(crate) missing: Vec<String>,
    pub(crate) flags: Vec<Flag>,
}

/// The triage for these answers.
pub(crate) fn triage(answers: &Answers, signals: Signals<'_>, f: &'static Facts) -> Triage {
    let plan = advisor::plan(answers, f);
    let route = plan.certification.first().map_or_else(
        || Line {
            label: "No certification route".to_owned(),
            verdict: Verdict::NeedsReview,
            notes: vec!["A recruiter checks which certification fits.".to_owned()],
        },
        line,
    );
    let licences: Vec<Line> = plan.licensure.iter().map(line).collect();
    let visas: Vec<Line> = plan.visas.iter().map(line).collect();
    let documents: Vec<Line> = plan.documents.iter().map(line).collect();
    let needs = needs(&plan);
    let missing = missing(&plan);
    Triage {
        headline: headline(&route, &plan, &needs),
        route,
        licences,
        visas,
        documents,
        missing,
        flags: flags(answers, signals),
    }
}

fn line(item: &Item) -> Line {
    Line {
        label: item.heading.clone(),
        verdict: item.verdict,
        notes: item.missing.clone(),
    }
}

fn headline(route: &Line, plan: &Plan, needs: &[&str]) -> String {
    let name = &route.label;
    let mut parts = vec![match route.verdict {
        Verdict::Done => format!("Holds {name}"),
        Verdict::Likely => format!("Likely {name}"),
        Verdict::NotYet => format!("Not yet eligible for {name}"),
        Verdict::NotOpen => format!("{name} not open"),
        _ => format!("{name} to review"),
    }];
    let states = |verdict: Verdict| -> Vec<&str> {
        plan.licensure
            .iter()
            .filter(|i| i.verdict == verdict && i.key.starts_with("state_"))
            .map(|i| i.heading.as_str())
            .collect()
    };
    let required = states(Verdict::Required);
    let review = states(Verdict::NeedsReview);
    match required.len() {
        0 if review.is_empty() => parts.push("no state licence needed".to_owned()),
        0 => {}
        1 => parts.push(format!("{} licence needed", required[0])),
        _ => parts.push(format!("{} licences needed", and_list(&required))),
    }
    if !review.is_empty() {
        parts.push(format!("licence to check in {}", and_list(&review)));
    }
    let offered: Vec<String> = plan
        .visas
        .iter()
        .filter(|i| i.key != "visascreen" && i.verdict.is_offered())
        .map(|i| {
            let name = short_visa(&i.key, &i.heading);
            if i.verdict == Verdict::NeedsReview {
                format!("{name} (to review)")
            } else {
                name.to_owned()
            }
        })
        .collect();
    parts.push(if plan.visas.iter().any(|i| i.key == "no_visa") {
        "no visa needed".to_owned()
    } else if offered.is_empty() {
        "no visa route open".to_owned()
    } else {
        offered.join(" or ")
    });
    if !needs.is_empty() {
        parts.push(format!("needs {}", and_list(needs)));
    }
    parts.join("; ")
}

/// "H-1B", "EB-3", "TN": the headline's short names (the lines keep the advisor's headings).
fn short_visa<'a>(key: &str, heading: &'a str) -> &'a str {
    match key {
        "eb3" => "EB-3",
        "tn" => "TN",
        _ => heading,
    }
}

/// The headline's "needs …": the missing pieces by name.
fn needs(plan: &Plan) -> Vec<&'static str> {
    let mut needs = Vec::new();
    let verdict = |key: &str| {
        plan.documents
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.verdict)
    };
    if matches!(verdict("english"), Some(Verdict::NotYet)) {
        needs.push("an English test");
    }
    if plan
        .certification
        .first()
        .is_some_and(|i| i.verdict == Verdict::NotYet)
    {
        needs.push("more training or experience");
    }
    if matches!(verdict("evaluation"), Some(Verdict::NotYet)) {
        needs.push("a credential evaluation");
    }
    needs
}

/// What is missing, in the advisor's words: the best route's and the documents' missing points.
fn missing(plan: &Plan) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    let items = plan.certification.iter().take(1).chain(&plan.documents);
    for item in items.filter(|i| !matches!(i.verdict, Verdict::Done | Verdict::NotNeeded)) {
        if item.missing.is_empty() && item.verdict == Verdict::Required {
            missing.push(format!("{}: still to do.", item.heading));
        }
        for text in &item.missing {
            if !missing.contains(text) {
                missing.push(text.clone());
            }
        }
    }
    missing
}

fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn flags(answers: &Answers, signals: Signals<'_>) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let Some(earlier) = signals.earlier_reference {
        flags.push(Flag::Returning {
            earlier: earlier.to_owned(),
        });
    }
    let countries: Vec<&'static str> = answers
        .citizenships
        .iter()
        .filter(|c| SAFEGUARDS_LIST_2023.contains(&c.code))
        .map(|c| c.name)
        .collect();
    if !countries.is_empty() {
        flags.push(Flag::Safeguards { countries });
    }
    if let Some(of) = signals.duplicate_of {
        flags.push(Flag::PossibleDuplicate { of: of.to_owned() });
    }
    flags
}

/// An application's stored answers, as codes (the intake's values), for the triage.
pub(crate) struct ApplicationAnswers<'a> {
    pub(crate) country_of_education: &'a str,
    pub(crate) qualification: &'a str,
    pub(crate) experience_years: &'a str,
    pub(crate) us_certification: &'a str,
    pub(crate) us_certification_status: &'a str,
    pub(crate) english_test: &'a str,
    pub(crate) citizenships: &'a [String],
    pub(crate) target_states: &'a [String],
    pub(crate) open_to_any_state: bool,
    pub(crate) country_of_residence: &'a str,
    pub(crate) work_authorisation: &'a str,
}

impl ApplicationAnswers<'_> {
    /// The advisor's answers. The form's certification counts as held only when passed; the
    /// advisor's own two questions are "not sure" (the form does not ask them).
    pub(crate) fn to_answers(&self) -> Result<Answers, FormErrors> {
        let held = if self.us_certification_status == "passed" {
            self.us_certification
        } else {
            "none_yet"
        };
        let form = AdvisorForm {
            country_of_education: self.country_of_education.to_owned(),
            qualification: self.qualification.to_owned(),
            clinical_training: "not_sure".to_owned(),
            experience_years: self.experience_years.to_owned(),
            lab_accreditation: "not_sure".to_owned(),
            us_certification: held.to_owned(),
            english_test: self.english_test.to_owned(),
            citizenship: self.citizenships.to_vec(),
            target_states: self.target_states.to_vec(),
            open_to_any_state: if self.open_to_any_state { "yes" } else { "" }.to_owned(),
            country_of_residence: self.country_of_residence.to_owned(),
            work_authorisation: self.work_authorisation.to_owned(),
        };
        Answers::parse(&form)
    }
}
