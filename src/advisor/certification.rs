//! Which credential the answers point to, the route behind it, and what is still missing.
//!
//! The ASCPi route list comes from a third-party summary (every route is "uncertain" in the
//! facts), so "likely" is given only where no unconfirmed number decides: an MLS degree with a
//! clinical training program (route 1). The experience routes turn on a number we could not
//! confirm (5 years), so answers that meet it get "needs review" worded as "appears to fit".

use super::answers::{Answers, ClinicalTraining, LabAccreditation};
use super::rules::Rules;
use super::{Item, Verdict};
use crate::domain::{Qualification, UsCertification};
use crate::guide::facts::Facts;

const ROUTES: &str = "/certification#routes";
const ROUTES_TEXT: &str = "Eligibility routes (certification page)";

/// The certifying body whose rules the rest of the plan (evaluation, state acceptance) follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ascpi,
    Ascp,
    Amt,
    Undecided,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Ascpi => "ASCPi",
            Target::Ascp => "ASCP",
            Target::Amt => "AMT",
            Target::Undecided => "a US certification",
        }
    }
}

/// The credential held, or else the best option of the plan.
pub fn target_credential(a: &Answers, items: &[Item]) -> Target {
    match a.certification {
        UsCertification::MlsAscpi | UsCertification::MltAscpi => Target::Ascpi,
        UsCertification::MlsAscp | UsCertification::SpecialistAscp => Target::Ascp,
        UsCertification::MtAmt | UsCertification::MltAmt => Target::Amt,
        UsCertification::NoneYet => match items.first().map(|i| i.key.as_str()) {
            Some("mls_ascpi" | "mlt_ascpi") => Target::Ascpi,
            Some("mls_ascp" | "mlt_ascp") => Target::Ascp,
            Some("mls_amt" | "mlt_amt") => Target::Amt,
            _ => Target::Undecided,
        },
    }
}

/// The credential options, best verdict first.
pub fn advise(a: &Answers, f: &'static Facts, r: &'static Rules) -> Vec<Item> {
    let mut items = Vec::new();
    if a.certification != UsCertification::NoneYet {
        items.push(held(a, f));
    }
    let holds_scientist_level = matches!(
        a.certification,
        UsCertification::MlsAscpi | UsCertification::MlsAscp
    );
    if !holds_scientist_level {
        let ascpi_open = !r
            .ascpi
            .excluded_countries
            .iter()
            .any(|c| c == a.country_of_education.code);
        if ascpi_open {
            items.push(mls_ascpi(a, f, r));
            let diploma = matches!(
                a.qualification,
                Qualification::MltDiploma | Qualification::Other
            );
            if diploma && a.certification != UsCertification::MltAscpi {
                items.push(mlt_ascpi(a, f));
            }
        } else {
            items.push(ascpi_closed(a, f, r));
            items.extend(us_routes(a, f));
        }
        if a.certification != UsCertification::MtAmt {
            items.push(mls_amt(a, f, r));
        }
        if a.qualification == Qualification::MltDiploma
            && a.certification != UsCertification::MltAmt
        {
            items.push(mlt_amt(f));
        }
    }
    // Stable: among equal verdicts the order above (ASCPi first, as the guide recommends) stays.
    items.sort_by_key(|i| i.verdict);
    items
}

fn held(a: &Answers, f: &'static Facts) -> Item {
    let cmp = &f.maintenance.cmp;
    let ccp = &f.maintenance.ccp;
    let (name, amt) = match a.certification {
        UsCertification::MtAmt => ("MLS(AMT), earlier called MT(AMT)", true),
        UsCertification::MltAmt => ("MLT(AMT)", true),
        other => (other.label(), false),
    };
    let key = format!("held_{}", a.certification.as_str());
    let item = Item::new(key, name, Verdict::Done)
        .point(format!("You told us you hold {name}."))
        .guide("/certification#keeping", "Keeping your certification");
    let item = if amt {
        item.point(format!(
            "Keep it valid: AMT asks for {} points every {} years, plus a yearly fee of {}.",
            ccp.points.value,
            ccp.cycle_years.value,
            f.fees.amt_annual_renewal.usd()
        ))
        .rests_on(
            f,
            [
                "maintenance.ccp.points",
                "maintenance.ccp.cycle_years",
                "fees.amt_annual_renewal",
            ],
        )
    } else {
        item.point(format!(
            "Keep it valid: ASCP asks for {} CMP points every {} years.",
            cmp.points.value, cmp.cycle_years.value
        ))
        .rests_on(f, ["maintenance.cmp.points", "maintenance.cmp.cycle_years"])
    };
    if a.certification == UsCertification::SpecialistAscp {
        item.missing(
            "A recruiter checks how your specialist credential fits the jobs and states you want.",
        )
    } else {
        item
    }
}

fn mls_ascpi(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    let route_years = f64::from(r.mls_ascpi.experience_route_years);
    let years = a.experience_years();
    let training = a.clinical_training;
    let mut item = Item::new("mls_ascpi", "MLS(ASCPi)", Verdict::NeedsReview)
        .point("Medical Laboratory Scientist, international: the usual credential for people trained outside the US and Canada.")
        .guide(ROUTES, ROUTES_TEXT);
    let (verdict, point, missing): (Verdict, Option<String>, Option<String>) = match a.qualification {
        Qualification::BsMls if training == ClinicalTraining::Yes => (
            Verdict::Likely,
            Some("Your MLS or Medical Technology bachelor's degree with clinical training fits route 1 (a bachelor's degree plus a clinical training program). This route needs no years of work.".into()),
            None,
        ),
        Qualification::BsMls | Qualification::BsLifeScience if years >= route_years => (
            Verdict::NeedsReview,
            Some(format!("Your bachelor's degree and {} years of clinical work appear to fit the route for a relevant bachelor's degree plus {} years of experience. That number comes from a third-party site: we could not confirm it with ASCP.", a.experience.display(), r.mls_ascpi.experience_route_years)),
            None,
        ),
        Qualification::BsMls if years > 0.0 => (
            Verdict::NeedsReview,
            Some("There is a route for an MLS bachelor's degree plus clinical experience, but we could not confirm how many years it asks for (a third-party site says 3).".into()),
            None,
        ),
        Qualification::BsMls if training == ClinicalTraining::NotSure => (
            Verdict::NeedsReview,
            None,
            Some("Find out whether your degree included a clinical training program (internship).".into()),
        ),
        Qualification::BsMls => (
            Verdict::NotYet,
            None,
            Some("A clinical training program (internship), or clinical work in an accredited lab.".into()),
        ),
        Qualification::BsLifeScience | Qualification::MastersOrHigher
            if training != ClinicalTraining::No || years > 0.0 =>
        {
            let point = if a.qualification == Qualification::MastersOrHigher {
                "ASCP checks whether the subject of your degree counts as relevant (biology, chemistry or medical laboratory science)."
            } else {
                "Route 1 accepts a biology or chemistry bachelor's degree plus a medical laboratory science clinical training program; another route asks for 5 years of clinical experience instead (not confirmed)."
            };
            let missing = (years < route_years && training != ClinicalTraining::Yes).then(|| {
                format!("The routes we know ask for {} years of clinical experience with your degree, or a clinical training program. You have {} years. We could not confirm the exact rules.", r.mls_ascpi.experience_route_years, a.experience.display())
            });
            (Verdict::NeedsReview, Some(point.into()), missing)
        }
        Qualification::BsLifeScience | Qualification::MastersOrHigher => (
            Verdict::NotYet,
            None,
            Some(format!("A medical laboratory science clinical training program, or about {} years of clinical experience.", r.mls_ascpi.experience_route_years)),
        ),
        Qualification::MltDiploma => (
            Verdict::NeedsReview,
            Some("Your diploma is below bachelor's level. ASCP's scientist-level exams need a degree equal to a US 4-year bachelor's degree; a third-party site lists routes for diplomas that we could not confirm. The technician level fits a 2-year diploma best.".into()),
            None,
        ),
        Qualification::Other if training != ClinicalTraining::No || years > 0.0 => (
            Verdict::NeedsReview,
            Some("A recruiter checks whether your qualification fits one of the routes.".into()),
            None,
        ),
        Qualification::Other => (
            Verdict::NotYet,
            None,
            Some("A lab qualification with clinical training or clinical experience.".into()),
        ),
    };
    item.verdict = verdict;
    item.points.extend(point);
    item.missing.extend(missing);
    item = lab_rule(item, a.lab);
    if item.verdict != Verdict::NotYet {
        item = item.point(format!(
            "The exam is the same as for MLS(ASCP). The application fee is {} ({} for people educated in and living in some countries).",
            f.fees.mls_ascpi_application.usd(),
            f.fees.mls_ascpi_reduced.usd()
        ));
    }
    let ids = [
        "certifications.mls_ascpi.routes",
        "certifications.mls_ascpi.for_whom",
        "eligibility.ascpi_accreditation",
        "fees.mls_ascpi_application",
        "fees.mls_ascpi_reduced",
        "exam.same_exam_ascp_ascpi",
    ];
    item.rests_on(
        f,
        ids.into_iter()
            .chain(r.mls_ascpi.facts.iter().map(String::as_str)),
    )
}

/// ASCPi asks for accredited or ministry-authorised labs and approved programs.
fn lab_rule(mut item: Item, lab: LabAccreditation) -> Item {
    match lab {
        LabAccreditation::None => {
            item.verdict = Verdict::NotYet;
            item.missing.push("Clinical training or work in a lab accredited by CAP or JCI, working under ISO 15189, or authorised by your ministry of health.".into());
        }
        LabAccreditation::NotSure => {
            item.verdict = item.verdict.max(Verdict::NeedsReview);
            item.missing.push("Find out whether your lab is accredited (CAP, JCI or ISO 15189) or authorised by your ministry of health. ASCPi asks for this.".into());
        }
        _ => {}
    }
    if item.verdict != Verdict::NotYet {
        item.missing.push(
            "Your school and program must be approved by your country's regulator or ministry."
                .into(),
        );
    }
    item
}

fn mlt_ascpi(a: &Answers, f: &'static Facts) -> Item {
    let verdict = if a.qualification == Qualification::MltDiploma && a.lab.is_accepted() {
        Verdict::Likely
    } else {
        Verdict::NeedsReview
    };
    let item = Item::new("mlt_ascpi", "MLT(ASCPi)", verdict)
        .point("Medical Laboratory Technician, international: the technician level, one step below MLS.")
        .point(route(&f.certifications.mlt.routes, 1))
        .missing("Your diploma must have covered chemistry, microbiology, hematology and blood banking.")
        .guide(ROUTES, ROUTES_TEXT)
        .rests_on(f, ["certifications.mlt.routes[1]", "certifications.mlt.for_whom", "eligibility.ascpi_accreditation"]);
    if a.lab.is_accepted() {
        item
    } else {
        item.missing("Find out whether your training lab was accredited or authorised by your ministry of health.")
    }
}

fn ascpi_closed(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    Item::new("ascpi", "MLS(ASCPi) and MLT(ASCPi)", Verdict::NotOpen)
        .point(f.certifications.mls_ascpi.for_whom.value.clone())
        .point(format!(
            "You studied in {}, so the US routes apply to you instead.",
            a.country_of_education.in_sentence()
        ))
        .guide(ROUTES, ROUTES_TEXT)
        .rests_on(f, r.ascpi.facts.iter().map(String::as_str))
}

/// For people educated in the US or Canada: the US routes, which a recruiter checks.
fn us_routes(a: &Answers, f: &'static Facts) -> Vec<Item> {
    let canada = a.country_of_education.code == "CA";
    let routes = &f.certifications.mls_ascp.routes;
    let mut mls = Item::new("mls_ascp", "MLS(ASCP)", Verdict::NeedsReview)
        .point(route(routes, 0))
        .point(route(routes, 2))
        .guide(ROUTES, ROUTES_TEXT)
        .rests_on(
            f,
            [
                "certifications.mls_ascp.routes[0]",
                "certifications.mls_ascp.routes[2]",
                "eligibility.degree_equivalence",
            ],
        );
    if canada {
        mls = mls.point(f.eligibility.degree_equivalence.value.clone());
    }
    if a.has_bachelors() {
        return vec![mls.missing(
            "A recruiter checks which US route fits your degree, courses and experience.",
        )];
    }
    mls.verdict = Verdict::NotYet;
    mls = mls.missing("A bachelor's degree equal to a US 4-year degree.");
    let mlt = Item::new("mlt_ascp", "MLT(ASCP)", Verdict::NeedsReview)
        .point(route(&f.certifications.mlt.routes, 0))
        .missing(
            "A recruiter checks with ASCP whether your program and experience fit an MLT route.",
        )
        .guide(ROUTES, ROUTES_TEXT)
        .rests_on(f, ["certifications.mlt.routes[0]"]);
    vec![mls, mlt]
}

fn mls_amt(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    let needed = f64::from(r.mls_amt.experience_years);
    let routes = &f.certifications.mls_amt.routes;
    let mut item = Item::new("mls_amt", "MLS(AMT)", Verdict::NeedsReview)
        .point(route(routes, 0))
        .point(route(routes, 1))
        .guide(ROUTES, ROUTES_TEXT);
    if a.has_bachelors() && a.experience_years() < needed {
        item.verdict = Verdict::NotYet;
        item = item.missing(format!(
            "About {} year of full-time clinical experience (not confirmed).",
            r.mls_amt.experience_years
        ));
    } else if matches!(a.qualification, Qualification::MltDiploma) {
        item.verdict = Verdict::NotYet;
        item = item.missing("A bachelor's degree.");
    } else {
        item = item.missing("A recruiter checks this route with AMT.");
    }
    let ids = ["certifications.mls_amt.routes", "evaluation[1]"];
    item.rests_on(
        f,
        ids.into_iter()
            .chain(r.mls_amt.facts.iter().map(String::as_str)),
    )
}

fn mlt_amt(f: &'static Facts) -> Item {
    Item::new("mlt_amt", "MLT(AMT)", Verdict::NeedsReview)
        .point(route(&f.certifications.mlt.routes, 2))
        .missing("An AMT-approved evaluation of your diploma.")
        .guide(ROUTES, ROUTES_TEXT)
        .rests_on(f, ["certifications.mlt.routes[2]", "evaluation[1]"])
}

/// A route's text, marked when unconfirmed.
fn route(routes: &[crate::guide::facts::Fact<String>], index: usize) -> String {
    routes.get(index).map_or_else(String::new, |r| {
        if r.confidence.is_uncertain() {
            format!("Not confirmed: {}", r.value)
        } else {
            r.value.clone()
        }
    })
}
