//! Which visa routes are open, given citizenship, qualification and where the candidate is now,
//! plus the health-care worker certificate (VisaScreen) every route needs. Citizenships under
//! the 2026 nationality restrictions (`guide::facts` `restrictions`, the one list the visas page
//! shows too) turn the consular routes they block into "needs review", with the reason.

use super::answers::Answers;
use super::documents::worded;
use super::rules::Rules;
use super::{Item, Verdict};
use crate::domain::{Qualification, UsCertification, WorkAuthorisation};
use crate::guide::facts::{Exposure, Facts};

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
    let exposure = f
        .restrictions
        .exposure(a.citizenships.iter().map(|c| c.code));
    let mut routes = vec![
        h1b(a, &licence_states, &exposure, f),
        tn(a, f, r),
        eb3(a, &exposure, f, r),
    ];
    // Open routes first; the order above (H-1B, TN, EB-3) among equals.
    routes.sort_by_key(|i| i.verdict);
    routes.push(visascreen(a, f));
    routes
}

/// "Nigeria" or "Nigeria and Ghana".
fn names(list: &[&str]) -> String {
    list.join(" and ")
}

fn checked(f: &Facts) -> String {
    format!(
        "We checked the lists on {}; we could not confirm whether they are still in force.",
        f.restrictions.checked.human()
    )
}

/// Adds the dual-national exception when one of the citizenships is on no list.
fn dual_national(item: Item, exposure: &Exposure) -> Item {
    if exposure.has_unlisted {
        item.point("You also hold a citizenship that is not on these lists. Dual nationals who travel on the passport of a country that is not listed are not covered: ask a lawyer which passport to use.")
    } else {
        item
    }
}

fn h1b(a: &Answers, licence_states: &[&str], exposure: &Exposure, f: &'static Facts) -> Item {
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
        .point(format!("A temporary work visa. The employer files for you. New H-1B petitions are capped at {} a year.", h.cap_total()))
        .point(h.weighted_lottery.value.clone())
        .point(h.wage_levels.value.clone())
        .point(format!("{} Registration fee: {} ({}).", worded(&h.registration_window), f.fees.h1b_registration.usd(), f.fees.h1b_registration.as_of))
        .point(h.cap_exempt.value.clone())
        .point(h.university_hospital.value.clone());
    let mut ids = vec![
        "visas.h1b.cap_regular",
        "visas.h1b.weighted_lottery",
        "visas.h1b.wage_levels",
        "visas.h1b.registration_window",
        "fees.h1b_registration",
        "visas.h1b.cap_exempt",
        "visas.h1b.university_hospital",
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
    if !exposure.full.is_empty() {
        item.verdict = item.verdict.max(Verdict::NeedsReview);
        item = item
            .point(format!(
                "Your citizenship of {} is on the full-suspension list of the travel proclamation in force since 1 January 2026: while it lasts, no H-1B visa can be issued to you at a US consulate. {}",
                names(&exposure.full),
                checked(f)
            ))
            .point(f.restrictions.travel_ban.exceptions.value.clone())
            .missing("A lawyer checks whether an exception applies to you before an employer files for you.");
        item = dual_national(item, exposure);
        ids.extend([
            "restrictions.travel_ban.full",
            "restrictions.travel_ban.exceptions",
            "restrictions.status",
        ]);
    } else if !exposure.partial.is_empty() {
        item = item.point(format!(
            "Your citizenship of {} is on the partial-suspension list of 1 January 2026. That list suspends immigrant visas and B, F, M and J visas; H-1B is not one of them. {}",
            names(&exposure.partial),
            checked(f)
        ));
        ids.extend(["restrictions.travel_ban.partial", "restrictions.status"]);
    }
    item = payment_points(a, item, &payment, &mut ids, f);
    if a.work_authorisation == WorkAuthorisation::F1Opt
        && a.qualification == Qualification::MastersOrHigher
    {
        item = item.point(format!("If your master's degree is from a US university, the extra {} cap numbers for US master's graduates may apply to you.", h.cap_masters.grouped()));
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

/// The $100,000 payment for these answers: abroad, a status that can change inside the US, or
/// one we cannot tell (EAD, "other", none), where the exemption is never asserted.
fn payment_points(
    a: &Answers,
    mut item: Item,
    payment: &str,
    ids: &mut Vec<&'static str>,
    f: &'static Facts,
) -> Item {
    let h = &f.visas.h1b;
    if !a.lives_in_us() {
        item = item.point(format!("You live outside the US, so a new H-1B petition for you needs the one-time {payment} payment, unless you hold a valid H-1B visa. {}", h.payment_who_pays.value));
        ids.extend(["visas.h1b.payment_rule", "visas.h1b.payment_who_pays"]);
    } else {
        match a.work_authorisation {
            WorkAuthorisation::F1Opt | WorkAuthorisation::Tn => {
                item = item.point(format!("You are in the US in a status that can usually change to H-1B. A change of status inside the US does not need the {payment} payment if USCIS approves it while you stay in the US in valid status."));
            }
            _ => {
                item = item
                    .point(format!("You are in the US. Whether you can avoid the {payment} payment depends on holding a nonimmigrant status that can change to H-1B inside the US. An EAD is a work permit, not such a status by itself."))
                    .missing("Check with a lawyer whether your current status can change to H-1B inside the US. If it cannot, the payment applies.");
            }
        }
        item = item
            .point("Do not travel abroad until the petition is approved: if you leave before approval, are out of status, or the employer asks for consular processing, the payment applies.")
            .point(h.payment_who_pays.value.clone());
        ids.extend([
            "visas.h1b.payment_exempt",
            "visas.h1b.payment_triggers",
            "visas.h1b.payment_who_pays",
        ]);
    }
    ids.extend(["visas.h1b.payment_status", "visas.h1b.payment_cap_exempt"]);
    item.point(worded(&h.payment_status))
        .point(worded(&h.payment_cap_exempt))
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
        item = item.point("As a Canadian citizen, you usually apply at a US port of entry or a pre-clearance station; an employer can also file a petition with USCIS.");
    }
    if citizen("MX") {
        item = item.point("As a Mexican citizen, you need a TN visa from a US consulate first.");
    }
    item.point(worded(&t.scope)).rests_on(f, ids)
}

fn eb3(a: &Answers, exposure: &Exposure, f: &'static Facts, r: &'static Rules) -> Item {
    let g = &f.visas.green_card;
    let (perm_low, perm_high) = f.perm_months();
    let mut item = Item::new("eb3", "Green card: EB-3 with PERM", Verdict::Open)
        .point(g.eb3.value.clone())
        .point(g.schedule_a.value.clone())
        .point(format!("It takes long: the prevailing wage and PERM steps alone took about {perm_low} to {perm_high} months in 2026, then the I-140, then the wait for your priority date, which depends on your country of birth. Your timeline is in the plan's timeline section."))
        .guide("/visas#green-card", "Green card (visas page)");
    let mut ids = vec![
        "visas.green_card.schedule_a",
        "visas.green_card.chargeability",
        "timelines.pwd",
        "timelines.perm",
    ];
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
    let suspended: Vec<&str> = exposure
        .full
        .iter()
        .chain(&exposure.partial)
        .copied()
        .collect();
    if !suspended.is_empty() {
        item.verdict = item.verdict.max(Verdict::NeedsReview);
        item = item
            .point(format!(
                "Your citizenship of {} is on a list of the travel proclamation in force since 1 January 2026 that suspends immigrant visas: while it lasts, a green card through a US consulate (consular processing) is blocked for you. {}",
                names(&suspended),
                checked(f)
            ))
            .missing("A lawyer checks whether an exception applies, and, if you are in the US, whether adjustment of status is open to you.");
        ids.extend([
            "restrictions.travel_ban.full",
            "restrictions.travel_ban.partial",
            "restrictions.travel_ban.exceptions",
            "restrictions.status",
        ]);
    }
    if !exposure.iv_pause.is_empty() {
        // The date the lists were checked is said once per item.
        let checked = if suspended.is_empty() {
            checked(f)
        } else {
            String::new()
        };
        let paused = format!(
            "Your citizenship of {} is on the State Department's list of 75 countries whose nationals get no immigrant visas since 21 January 2026 (the pause has no end date). {checked}",
            names(&exposure.iv_pause),
        );
        item = item.point(paused.trim_end().to_owned());
        if a.lives_in_us() {
            item = item.point("You live in the US: a green card by adjustment of status inside the US is not affected by this pause.");
        } else {
            item.verdict = item.verdict.max(Verdict::NeedsReview);
            item = item.missing("While the pause lasts, the last step of EB-3 through a US consulate (the immigrant visa) is not open to you. A recruiter and a lawyer check the timing.");
        }
        ids.extend([
            "restrictions.iv_pause.countries",
            "restrictions.iv_pause.exceptions",
            "restrictions.status",
        ]);
    }
    if !suspended.is_empty() || !exposure.iv_pause.is_empty() {
        item = dual_national(item, exposure);
    }
    item.rests_on(
        f,
        ids.into_iter()
            .chain(r.eb3.facts.iter().map(String::as_str)),
    )
}

fn visascreen(a: &Answers, f: &'static Facts) -> Item {
    let hc = &f.visas.healthcare_certificate;
    let specialist = a.certification == UsCertification::SpecialistAscp;
    let verdict = if specialist {
        Verdict::NeedsReview
    } else {
        Verdict::Required
    };
    let item = Item::new(
        "visascreen",
        "Health-care worker certificate (VisaScreen)",
        verdict,
    )
    .point(hc.covered.value.clone())
    .point(hc.who_needs.value.clone())
    .point(hc.generalists_only.value.clone());
    let item = if specialist {
        item.point("You hold an ASCP specialist credential. Specialists may be outside the requirement.")
            .missing("Confirm with CGFNS and your immigration lawyer whether your job needs the certificate before you pay for VisaScreen.")
    } else {
        item
    };
    item.point(format!(
        "{} It is valid for {} years. {}",
        hc.visascreen.value, hc.valid_years.value, hc.renewal.value
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
            "visas.healthcare_certificate.renewal",
            "visas.healthcare_certificate.when_shown",
        ],
    )
}
