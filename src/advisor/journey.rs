//! The plan's timeline and costs for these answers, from the same `[[timelines]]`, `[[costs]]`
//! and `[[visa_bulletin]]` data the `/costs` page shows: only the routes the plan offers, the
//! visa-bulletin wait for the candidate's own chargeability, the fees of the target states.
//! Ranges only, never promises; what we could not retrieve is said.

use super::answers::Answers;
use super::certification::Target;
use super::{Item, Verdict};
use crate::domain::UsCertification;
use crate::guide::facts::{Facts, Payer, usd_range};

/// The two estimate items and their one-line forms for the plan's summary.
pub struct Journey {
    pub items: Vec<Item>,
    pub timeline: String,
    pub costs: String,
}

fn offered(visas: &[Item], key: &str) -> bool {
    visas
        .iter()
        .any(|i| i.key == key && i.verdict.is_offered() && i.verdict != Verdict::Done)
}

pub fn advise(
    a: &Answers,
    target: Target,
    licensure: &[Item],
    visas: &[Item],
    f: &'static Facts,
) -> Journey {
    let (timeline_item, timeline) = timeline(a, licensure, visas, f);
    let (costs_item, costs) = costs(a, target, licensure, visas, f);
    Journey {
        items: vec![timeline_item, costs_item],
        timeline,
        costs,
    }
}

fn timeline(a: &Answers, licensure: &[Item], visas: &[Item], f: &'static Facts) -> (Item, String) {
    let mut item = Item::new("timeline", "How long it may take", Verdict::Estimate)
        .guide("/costs#timelines", "Costs and timelines");
    let mut ids: Vec<String> = Vec::new();
    let mut summary = Vec::new();
    if offered(visas, "h1b") {
        if let Some(t) = f.timeline("h1b_cap") {
            item = item.point(format!(
                "H-1B through the lottery: {}. {}",
                t.duration().to_lowercase(),
                t.detail.value
            ));
            summary.push(format!(
                "H-1B: {} from registration (March) to the earliest start, if selected",
                t.duration().to_lowercase()
            ));
        }
        item = item.point(super::documents::worded(&f.visas.h1b.registration_window));
        ids.extend([
            "timelines.h1b_cap".into(),
            "visas.h1b.registration_window".into(),
        ]);
    }
    if offered(visas, "eb3") {
        let (low, high) = f.perm_months();
        item = item.point(format!("Green card through EB-3: the prevailing wage and PERM steps took about {low} to {high} months in 2026. The I-140 comes next (we did not retrieve its current processing time), then the wait for your priority date."));
        item = item.point(f.visas.green_card.chargeability.value.clone());
        let mut waits = Vec::new();
        for c in &a.citizenships {
            match f.bulletin_for(c.code) {
                Some(b) => {
                    let behind = b
                        .years_behind()
                        .map_or_else(String::new, |y| format!(", about {y} years behind"));
                    item = item.point(format!(
                        "If you were born in {}: the EB-3 final action date was {} in the {} bulletin{behind}. {}",
                        c.in_sentence(),
                        b.final_action.value,
                        b.bulletin(),
                        b.final_action.note.as_deref().unwrap_or("")
                    ));
                    waits.push(format!(
                        "{} (born in {}, {} bulletin)",
                        b.years_behind().map_or_else(
                            || "a wait".to_owned(),
                            |y| format!("about {y} years' wait")
                        ),
                        c.in_sentence(),
                        b.bulletin()
                    ));
                    ids.push(format!(
                        "visa_bulletin[{}]",
                        f.visa_bulletin
                            .iter()
                            .position(|x| x.code == b.code)
                            .unwrap_or(0)
                    ));
                }
                None => {
                    item = item.point(format!("If you were born in {}: we did not retrieve a current date for that country. Unless you were born in China, India, Mexico or the Philippines, your wait is in the rest-of-world column of the visa bulletin.", c.in_sentence()));
                    waits.push(format!(
                        "the visa-bulletin wait for {} (not retrieved)",
                        c.in_sentence()
                    ));
                }
            }
        }
        item = item.missing("Your wait goes by your country of birth. We used your citizenship as a guide: if you were born in another country, that country's column applies. Read the State Department's visa bulletin.");
        summary.push(format!(
            "EB-3: {low} to {high} months or more, plus {}",
            waits.join(" or ")
        ));
        ids.extend([
            "timelines.pwd".into(),
            "timelines.perm".into(),
            "timelines.i140".into(),
            "visas.green_card.chargeability".into(),
        ]);
    }
    if licensure
        .iter()
        .any(|i| i.key == "state_CA" && i.verdict == Verdict::Required)
        && let Some(t) = f.timeline("ca_licence")
    {
        item = item.point(format!(
            "California licence: {}. {}",
            t.duration().to_lowercase(),
            t.detail.value
        ));
        summary.push("California licence: about 5 months".to_owned());
        ids.push("timelines.ca_licence".into());
    }
    if let Some(t) = f.timeline("not_found") {
        item = item.point(super::documents::worded(&t.detail));
        ids.push("timelines.not_found".into());
    }
    let line = if summary.is_empty() {
        "No visa step: the timeline is that of your certification and licence.".to_owned()
    } else {
        format!("{}.", summary.join("; "))
    };
    (item.rests_on(f, ids), line)
}

fn costs(
    a: &Answers,
    target: Target,
    licensure: &[Item],
    visas: &[Item],
    f: &'static Facts,
) -> (Item, String) {
    let mut item = Item::new("costs", "What it may cost, and who pays", Verdict::Estimate)
        .guide("/costs#costs", "Costs and timelines");
    let mut ids: Vec<String> = Vec::new();
    let (mut low, mut high) = (0u32, 0u32);
    if a.certification == UsCertification::NoneYet {
        match target {
            Target::Ascpi | Target::Undecided => {
                if let Some(c) = f.cost("ascpi_application") {
                    item = item.point(format!(
                        "You pay: {}: {}. {}",
                        c.step,
                        c.amount(),
                        c.detail.value
                    ));
                    low += c.low.unwrap_or(0);
                    high += c.high.unwrap_or(0);
                    ids.push("costs.ascpi_application".into());
                }
            }
            Target::Ascp => {
                let fee = &f.fees.mls_ascp_application;
                item = item.point(format!(
                    "You pay: {}: {} ({}).",
                    fee.label,
                    fee.usd(),
                    fee.as_of
                ));
                low += fee.value;
                high += fee.value;
                ids.push("fees.mls_ascp_application".into());
            }
            Target::Amt => {
                item = item.point("You pay: the AMT application fee (we did not retrieve it).");
            }
        }
    }
    // One job needs one state's licence: the range runs from the cheapest target state's fee to
    // the dearest one's.
    let mut state_fees = Vec::new();
    for state in licensure.iter().filter(|i| i.verdict == Verdict::Required) {
        let code = state.key.trim_start_matches("state_");
        match f
            .state_by_code(code)
            .and_then(|s| s.fees.first().map(|fee| (s, fee)))
        {
            Some((s, fee)) => {
                item = item.point(format!(
                    "You pay: {} {}: {} ({}).",
                    s.name,
                    fee.label.to_lowercase(),
                    fee.usd(),
                    fee.as_of
                ));
                state_fees.push(fee.value);
                ids.push(format!("states.{}.fees", s.slug));
            }
            None => {
                item = item.point(format!(
                    "You pay: the {} licence fee (we did not retrieve it).",
                    state.heading
                ));
            }
        }
    }
    low += state_fees.iter().min().copied().unwrap_or(0);
    high += state_fees.iter().max().copied().unwrap_or(0);
    let missing = f.costs_not_retrieved(Payer::Candidate).join(", ");
    item = item.point(format!(
        "You also pay costs we could not retrieve: {missing}."
    ));
    ids.extend([
        "costs.evaluation".into(),
        "costs.english_test".into(),
        "costs.visascreen".into(),
        "costs.visa_fee".into(),
    ]);
    let mut employer = Vec::new();
    if offered(visas, "h1b") {
        if let Some(c) = f.cost("h1b_registration") {
            employer.push(format!(
                "{} {} (not for cap-exempt employers)",
                c.step.to_lowercase(),
                c.amount()
            ));
        }
        if !a.lives_in_us() {
            employer.push(format!("the {} H-1B payment where it applies (we could not confirm whether it still applies after 21 September 2026)", f.fees.h1b_proclamation_payment.usd()));
        }
        employer.push("USCIS petition fees (not retrieved)".to_owned());
        ids.extend([
            "costs.h1b_registration".into(),
            "costs.h1b_payment".into(),
            "costs.h1b_petition".into(),
        ]);
    }
    if offered(visas, "eb3") {
        employer.push("PERM recruitment and the lawyer (not retrieved)".to_owned());
        ids.push("costs.perm".into());
    }
    if !employer.is_empty() {
        item = item.point(format!("The employer pays: {}.", employer.join("; ")));
    }
    let range = usd_range(Some(low), Some(high));
    let employer_line = if employer.is_empty() {
        ""
    } else {
        " The employer: the visa petition costs."
    };
    let line =
        format!("You: {range} in confirmed fees, plus fees we could not retrieve.{employer_line}");
    (item.rests_on(f, ids), line)
}
