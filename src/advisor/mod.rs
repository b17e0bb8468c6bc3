//! The pathway advisor (issue 6): a candidate's answers in, a plan out. Pure functions over the
//! guide's facts (`guide::facts`) and a small table of thresholds (`rules.toml`); no I/O, nothing
//! stored. The web layer (`web::advisor`) only parses the query, calls `plan` and renders.
//!
//! Every item of a plan carries the fact ids it rests on, resolved to sources, and is marked when
//! one of those facts is unconfirmed. Verdicts are never promises: "likely" means the answers fit
//! a route as the facts describe it; wherever the answer turns on a number or rule we could not
//! confirm, the verdict is "needs review" and a recruiter checks.

pub(crate) mod answers;
pub(crate) mod basis;
mod certification;
pub(crate) mod deadlines;
mod documents;
mod journey;
mod licensure;
pub(crate) mod rules;
mod steps;
mod visas;

#[cfg(test)]
pub(crate) mod tests;

pub(crate) use answers::{AdvisorForm, Answers, ClinicalTraining, LabAccreditation};
pub(crate) use basis::Basis;

use crate::guide::facts::Facts;

/// The status of one item of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verdict {
    /// The candidate has it already (a certification, a visa status).
    Done,
    /// The answers fit a route as the facts describe it.
    Likely,
    /// A visa route open to the candidate (still subject to an employer, a lottery, PERM).
    Open,
    /// The answer turns on something we could not confirm, or the answers are unclear.
    NeedsReview,
    /// Something is still missing (listed in the item).
    NotYet,
    /// A rule excludes this route for the candidate (e.g. TN without Canadian/Mexican citizenship).
    NotOpen,
    /// A step this candidate can skip (no licence in the state, no English test needed).
    NotNeeded,
    /// A step this candidate must take (a state licence, a VisaScreen certificate).
    Required,
    /// A range for these answers (the timeline, the costs), not a verdict on a route.
    Estimate,
}

impl Verdict {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Verdict::Done => "Already done",
            Verdict::Likely => "Likely",
            Verdict::Open => "Open to you",
            Verdict::NeedsReview => "Needs review",
            Verdict::NotYet => "Not yet",
            Verdict::NotOpen => "Not open to you",
            Verdict::NotNeeded => "Not needed",
            Verdict::Required => "Needed",
            Verdict::Estimate => "Estimate",
        }
    }

    /// The stable name used in `data-verdict` and CSS classes.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Verdict::Done => "done",
            Verdict::Likely => "likely",
            Verdict::Open => "open",
            Verdict::NeedsReview => "needs-review",
            Verdict::NotYet => "not-yet",
            Verdict::NotOpen => "not-open",
            Verdict::NotNeeded => "not-needed",
            Verdict::Required => "required",
            Verdict::Estimate => "estimate",
        }
    }

    /// Routes the plan offers the candidate (as opposed to ones ruled out or still missing).
    pub(crate) fn is_offered(self) -> bool {
        matches!(
            self,
            Verdict::Done | Verdict::Likely | Verdict::Open | Verdict::NeedsReview
        )
    }
}

/// A link into the guide: a path with its section anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GuideLink {
    pub(crate) href: String,
    pub(crate) text: String,
}

impl GuideLink {
    pub(crate) fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        GuideLink {
            href: href.into(),
            text: text.into(),
        }
    }
}

/// One point of the plan: a credential, a state, a visa route, the evaluation…
#[derive(Debug)]
pub(crate) struct Item {
    /// Stable id for the page and tests: `mls_ascpi`, `state_CA`, `h1b`, `english`…
    pub(crate) key: String,
    pub(crate) heading: String,
    pub(crate) verdict: Verdict,
    /// Plain-language points, in reading order.
    pub(crate) points: Vec<String>,
    /// What is still missing or must be checked.
    pub(crate) missing: Vec<String>,
    pub(crate) guide: GuideLink,
    pub(crate) basis: Basis,
}

impl Item {
    fn new(key: impl Into<String>, heading: impl Into<String>, verdict: Verdict) -> Self {
        Item {
            key: key.into(),
            heading: heading.into(),
            verdict,
            points: Vec::new(),
            missing: Vec::new(),
            guide: GuideLink::new("/guide", "The guide"),
            basis: Basis::default(),
        }
    }

    fn point(mut self, text: impl Into<String>) -> Self {
        self.points.push(text.into());
        self
    }

    fn missing(mut self, text: impl Into<String>) -> Self {
        self.missing.push(text.into());
        self
    }

    fn guide(mut self, href: &str, text: &str) -> Self {
        self.guide = GuideLink::new(href, text);
        self
    }

    /// The fact ids (TOML paths in `facts.toml`) this item rests on.
    fn rests_on<S: Into<String>>(
        mut self,
        f: &'static Facts,
        ids: impl IntoIterator<Item = S>,
    ) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.basis = Basis::of(ids, f);
        self
    }
}

/// One step of the checklist, with the guide section that explains it.
#[derive(Debug)]
pub(crate) struct Step {
    pub(crate) text: String,
    pub(crate) href: String,
}

/// The advice for one set of answers.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The credential options, the best first.
    pub(crate) certification: Vec<Item>,
    /// Credential evaluation and English (VisaScreen).
    pub(crate) documents: Vec<Item>,
    /// One item per target state (or one for "open to any state").
    pub(crate) licensure: Vec<Item>,
    /// Visa routes, open ones first, then the health-care worker certificate.
    pub(crate) visas: Vec<Item>,
    /// The timeline and the costs for these answers.
    pub(crate) journey: Vec<Item>,
    pub(crate) steps: Vec<Step>,
    /// The one-screen summary the plan opens with.
    pub(crate) summary: Summary,
    /// The best certification verdict: the plan's headline.
    pub(crate) headline: Verdict,
    /// `/apply?…` with the fields the intake form shares.
    pub(crate) apply_href: String,
    /// `/advisor?…`: the questionnaire with these answers, to change them.
    pub(crate) edit_href: String,
}

/// The plan's opening screen: each part of the plan in one line.
#[derive(Debug)]
pub(crate) struct Summary {
    /// The credential to work towards (or held), with its verdict.
    pub(crate) route: String,
    pub(crate) licences: String,
    pub(crate) visas: String,
    pub(crate) timeline: String,
    pub(crate) costs: String,
}

impl Summary {
    fn of(
        certification: &[Item],
        licensure: &[Item],
        visas: &[Item],
        journey: &journey::Journey,
    ) -> Summary {
        let route = certification.first().map_or_else(
            || "A recruiter checks which certification fits you.".to_owned(),
            |i| format!("{}: {}.", i.heading, i.verdict.label()),
        );
        let needed: Vec<&str> = licensure
            .iter()
            .filter(|i| i.verdict == Verdict::Required)
            .map(|i| i.heading.as_str())
            .collect();
        let licences = if needed.is_empty() {
            "No state licence needed for the states you chose (the federal CLIA rules apply)."
                .to_owned()
        } else {
            format!("Needed in {}.", needed.join(", "))
        };
        let routes: Vec<String> = visas
            .iter()
            .filter(|i| i.key != "visascreen" && i.verdict.is_offered())
            .map(|i| format!("{} ({})", i.heading, i.verdict.label().to_lowercase()))
            .collect();
        let visas = if routes.is_empty() {
            "None of the routes we describe is open on these answers: a recruiter checks."
                .to_owned()
        } else {
            format!("{}.", routes.join("; "))
        };
        Summary {
            route,
            licences,
            visas,
            timeline: journey.timeline.clone(),
            costs: journey.costs.clone(),
        }
    }
}

/// The plan for these answers, from these facts.
pub(crate) fn plan(answers: &Answers, f: &'static Facts) -> Plan {
    let r = rules::rules();
    let certification = certification::advise(answers, f, r);
    let headline = certification
        .first()
        .map_or(Verdict::NeedsReview, |i| i.verdict);
    let target = certification::target_credential(answers, &certification);
    let documents = documents::advise(answers, target, f, r);
    let licensure = licensure::advise(answers, target, f);
    let visas = visas::advise(answers, &licensure, f, r);
    let steps = steps::checklist(answers, &certification, &documents, &licensure, &visas);
    let journey = journey::advise(answers, target, &licensure, &visas, f);
    let summary = Summary::of(&certification, &licensure, &visas, &journey);
    Plan {
        certification,
        documents,
        licensure,
        visas,
        journey: journey.items,
        steps,
        summary,
        headline,
        apply_href: format!("/apply?{}", answers.apply_query()),
        edit_href: format!("/advisor?{}", answers.plan_query()),
    }
}

#[cfg(test)]
impl Plan {
    pub(crate) fn items(&self) -> impl Iterator<Item = &Item> {
        self.certification
            .iter()
            .chain(&self.documents)
            .chain(&self.licensure)
            .chain(&self.visas)
            .chain(&self.journey)
    }

    pub(crate) fn item(&self, key: &str) -> Option<&Item> {
        self.items().find(|i| i.key == key)
    }
}
