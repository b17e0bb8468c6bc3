//! Which visa routes are open, given citizenship, qualification and where the candidate is now,
//! plus the health-care worker certificate (VisaScreen) every route needs.

use super::answers::Answers;
use super::documents::worded;
use super::rules::Rules;
use super::{Item, Verdict};
use crate::domain::{Qualification, WorkAuthorisation};
use crate::guide::facts::Facts;

pub fn advise(a: &Answers, licensure: &[Item], f: &'static Facts, r: &'static Rules) -> Vec<Item> {
    if a.work_authorisation == WorkAuthorisation::CitizenOrGreenCard {
        return vec![Item::new("no_visa", "No visa needed", Verdict::Done)
            .point("You told us you are a US citizen or green card holder: you need no work visa and no VisaScreen certificate.")
            .guide("/visas", "Visas for lab scientists")
            .rests_on(f, ["visas.healthcare_certificate.who_needs"])];
    }
    let licence_states: Vec<&str> = licensure
        .iter()
        .filter(|i| i.verdict == Verdict::Required)
        .map(|i| i.heading.as_str())
        .collect();
    let mut routes = vec![h1b(a, &licence_states, f), tn(a, f, r), eb3(a, f, r)];
    // Open routes first; the order above (H-1B, TN, EB-3) among equals.
    routes.sort_by_key(|i| i.verdict);
    routes.push(visascreen(f));
    routes
}

fn h1b(a: &Answers, licence_states: &[&str], f: &'static Facts) -> Item {
    let h = &f.visas.h1b;
    let payment = f.fees.h1b_proclamation_payment.usd();
    let item = Item::new("h1b", "H-1B", Verdict::Open).guide("/visas#h-1b", "H-1B (visas page)");
    if a.work_authorisation == WorkAuthorisation::H1b {
        let mut item = item
            .point("You hold H-1B status now. Ask your new employer's immigration lawyer how your H-1B moves to the new job.")
            .point(h.payment_exempt.value.clone())
            .rests_on(f, ["visas.h1b.payment_exempt"]);
        item.verdict = Verdict::Done;
        return item;
    }
    let mut item = item
        .point(format!("A temporary work visa. The employer files for you. New H-1B visas are capped at {} a year.", h.cap_total()))
        .point(h.weighted_lottery.value.clone())
        .point(format!("{} Registration fee: {}.", worded(&h.registration_window), f.fees.h1b_registration.usd()))
        .point(h.cap_exempt.value.clone());
    let mut ids = vec![
        "visas.h1b.cap_regular",
        "visas.h1b.weighted_lottery",
        "visas.h1b.registration_window",
        "fees.h1b_registration",
        "visas.h1b.cap_exempt",
        "bls.entry_education",
    ];
    match a.qualification {
        Qualification::MltDiploma => {
            item.verdict = Verdict::NotYet;
            item = item.missing("H-1B jobs must need a bachelor's degree. An immigration lawyer can check whether your education and experience count as equal to one.");
        }
        Qualification::Other => {
            item.verdict = Verdict::NeedsReview;
            item = item.missing("H-1B jobs must need a bachelor's degree: a recruiter checks whether your qualification counts.");
        }
        _ => {}
    }
    if !a.lives_in_us() {
        item = item.point(format!("You live outside the US, so a new H-1B petition for you needs the {payment} payment (paid by the employer), unless you hold a valid H-1B visa."));
        ids.push("visas.h1b.payment_rule");
    } else if a.work_authorisation == WorkAuthorisation::NeedsSponsorship {
        item = item
            .point(format!("You are in the US. A change of status inside the US does not need the {payment} payment. Not every status can change to H-1B: ask an immigration lawyer."))
            .missing("Check with a lawyer whether your current status can change to H-1B inside the US.");
        ids.push("visas.h1b.payment_exempt");
    } else {
        item = item.point(format!("You are in the US. A change of status inside the US, for example from F-1 OPT or TN, does not need the {payment} payment. Extensions and amendments do not need it either."));
        ids.push("visas.h1b.payment_exempt");
    }
    item = item.point(worded(&h.payment_cap_exempt));
    ids.push("visas.h1b.payment_cap_exempt");
    if a.work_authorisation == WorkAuthorisation::F1Opt
        && a.qualification == Qualification::MastersOrHigher
    {
        item = item.point(format!("If your master's degree is from a US university, the extra {} visas for US master's graduates may apply to you.", h.cap_masters.grouped()));
        ids.push("visas.h1b.cap_masters");
    }
    if !licence_states.is_empty() {
        item = item.point(format!(
            "For a job in {}, plan the state licence early. {}",
            licence_states.join(", "),
            h.licence_memo.value
        ));
        ids.push("visas.h1b.licence_memo");
    }
    item.rests_on(f, ids)
}

fn tn(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    let t = &f.visas.tn;
    let ids = ["visas.tn.usmca", "visas.tn.scope"]
        .into_iter()
        .chain(r.tn.facts.iter().map(String::as_str));
    let item =
        Item::new("tn", "TN (USMCA)", Verdict::Open).guide("/visas#tn", "TN status (visas page)");
    if !a.is_citizen_of(&r.tn.citizenships) {
        let mut item = item.point(t.citizens_only.value.clone()).rests_on(f, ids);
        item.verdict = Verdict::NotOpen;
        return item;
    }
    if a.work_authorisation == WorkAuthorisation::Tn {
        let mut item = item
            .point("You have TN status now.")
            .point(t.profession.value.clone())
            .rests_on(f, ids);
        item.verdict = Verdict::Done;
        return item;
    }
    let mut item = item.point(t.profession.value.clone());
    let needed = f64::from(r.tn.diploma_experience_years);
    match a.qualification {
        Qualification::BsMls => {}
        Qualification::BsLifeScience | Qualification::MastersOrHigher => {
            item.verdict = Verdict::NeedsReview;
            item = item.missing("Your degree must fit the profession (medical technologist): a recruiter checks it.");
        }
        Qualification::MltDiploma if a.experience_years() >= needed => {}
        Qualification::MltDiploma => {
            item.verdict = Verdict::NotYet;
            item = item.missing(format!(
                "{} years of experience with your diploma. You have {}.",
                r.tn.diploma_experience_years,
                a.experience.display()
            ));
        }
        Qualification::Other => {
            item.verdict = Verdict::NeedsReview;
            item = item
                .missing("A recruiter checks whether your qualification fits the TN profession.");
        }
    }
    let citizen = |code| a.citizenships.iter().any(|c| c.code == code);
    if citizen("CA") {
        item = item.point("As a Canadian citizen, you apply at the US border (port of entry).");
    }
    if citizen("MX") {
        item = item.point("As a Mexican citizen, you need a TN visa from a US consulate first.");
    }
    item.point(worded(&t.scope)).rests_on(f, ids)
}

fn eb3(a: &Answers, f: &'static Facts, r: &'static Rules) -> Item {
    let g = &f.visas.green_card;
    let mut item = Item::new("eb3", "Green card: EB-3 with PERM", Verdict::Open)
        .point(g.eb3.value.clone())
        .point(g.schedule_a.value.clone())
        .guide("/visas#green-card", "Green card (visas page)");
    let mut ids = vec!["visas.green_card.schedule_a"];
    let skilled = a.experience_years() >= f64::from(r.eb3.skilled_worker_years);
    if a.has_bachelors() {
        item = item.point("Your bachelor's degree points to the “professional” category, if an evaluation finds it equal to a US bachelor's degree.");
    } else if skilled {
        item = item.point("Your years of experience point to the “skilled worker” category.");
    } else {
        item.verdict = Verdict::NeedsReview;
        item = item.missing(format!("The “skilled worker” category needs at least {} years of training or experience: a recruiter checks whether your diploma counts.", r.eb3.skilled_worker_years));
    }
    if a.qualification == Qualification::MastersOrHigher {
        item = item.point(worded(&g.eb2));
        ids.push("visas.green_card.eb2");
    }
    item.rests_on(
        f,
        ids.into_iter()
            .chain(r.eb3.facts.iter().map(String::as_str)),
    )
}

fn visascreen(f: &'static Facts) -> Item {
    let hc = &f.visas.healthcare_certificate;
    Item::new(
        "visascreen",
        "Health-care worker certificate (VisaScreen)",
        Verdict::Required,
    )
    .point(hc.covered.value.clone())
    .point(hc.who_needs.value.clone())
    .point(hc.generalists_only.value.clone())
    .point(format!(
        "{} It is valid for {} years.",
        hc.visascreen.value, hc.valid_years.value
    ))
    .point(worded(&hc.when_shown))
    .guide("/visas#visascreen", "VisaScreen (visas page)")
    .rests_on(
        f,
        [
            "visas.healthcare_certificate.covered",
            "visas.healthcare_certificate.who_needs",
            "visas.healthcare_certificate.generalists_only",
            "visas.healthcare_certificate.visascreen",
            "visas.healthcare_certificate.valid_years",
            "visas.healthcare_certificate.when_shown",
        ],
    )
}
