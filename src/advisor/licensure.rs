//! For each target state: whether a licence is needed and what the board asks, from the facts'
//! state table. Anything we could not confirm is said so.

use super::answers::Answers;
use super::certification::Target;
use super::documents::worded;
use super::{Item, Verdict};
use crate::domain::us_states::UsState;
use crate::guide::facts::{Facts, Licence};

pub fn advise(a: &Answers, target: Target, f: &'static Facts) -> Vec<Item> {
    let mut items: Vec<Item> = a
        .target_states
        .iter()
        .map(|s| state(s, target, f))
        .collect();
    if a.open_to_any_state {
        items.push(any_state(target, f));
    }
    items
}

/// `state_CA`: the key of a state's item.
pub fn key(code: &str) -> String {
    format!("state_{code}")
}

fn state(s: &UsState, target: Target, f: &'static Facts) -> Item {
    let licence =
        f.us.jurisdictions
            .iter()
            .find(|j| j.code == s.code)
            .map_or(Licence::Uncertain, |j| j.licence);
    let info = f.state_by_code(s.code);
    let (href, text) = info.map_or_else(
        || {
            (
                "/licensure#all-states".to_owned(),
                "All states at a glance".to_owned(),
            )
        },
        |i| (i.path(), format!("{} (state page)", i.name)),
    );
    let mut ids: Vec<String> = vec!["us.jurisdictions".into(), "pages.licensure".into()];
    let mut item = match licence {
        // A state page for a state without a licence means its law changed (Georgia's repeal):
        // the notes below say what we could not confirm, such as the date it took effect.
        Licence::No if info.is_some() => Item::new(key(s.code), s.name, Verdict::NotNeeded)
            .point(format!("{} repealed its licence for lab staff, so once the repeal is in force only the federal CLIA rules apply. Most employers still ask for a certification.", s.name)),
        Licence::No => Item::new(key(s.code), s.name, Verdict::NotNeeded)
            .point(format!("{} does not license lab staff. Only the federal CLIA rules apply. Most employers still ask for a certification.", s.name)),
        Licence::Uncertain => Item::new(key(s.code), s.name, Verdict::NeedsReview)
            .point(format!("We could not confirm whether {} needs a lab licence today.", s.name))
            .missing("Ask the state before you plan to work there."),
        Licence::Yes => Item::new(key(s.code), s.name, Verdict::Required)
            .point(format!("{} needs a state licence to work in a clinical lab. Working without it is against the law.", s.name)),
    };
    item.guide = super::GuideLink::new(href, text);
    if let Some(info) = info {
        ids.push(format!("states.{}", info.slug));
        if let Some(board) = &info.board_name {
            item = item.point(format!("Licensing body: {board}."));
        }
        if let Some(title) = &info.licence_title {
            item = item.point(format!("Licence: {title}."));
        }
        if licence == Licence::Yes {
            item = acceptance(item, info, target);
        }
        for note in &info.notes {
            item = item.point(worded(note));
        }
        for fee in &info.fees {
            item = item.point(format!("{}: {} ({}).", fee.label, fee.usd(), fee.as_of));
        }
    } else if licence == Licence::Yes {
        item = item.missing("We could not confirm what the board asks. Check with the board.");
    }
    item.rests_on(f, ids)
}

/// What the state says about the candidate's certification, or that we could not confirm it.
fn acceptance(mut item: Item, info: &crate::guide::facts::StateInfo, target: Target) -> Item {
    if let Some(ascpi) = &info.ascpi {
        item = item.point(format!("ASCPi: {}", worded(ascpi)));
    }
    if let Some(amt) = &info.amt {
        item = item.point(format!("AMT: {}", worded(amt)));
    }
    if target == Target::Amt && info.amt_refused {
        let says = info.amt.as_ref().map_or("", |f| f.value.as_str());
        return item.missing(format!(
            "Warning: {} does not accept AMT exams for a full licence. {says} Plan for a certification {} accepts for the full licence (for example MLS(ASCPi)) before you move.",
            info.name, info.name
        ));
    }
    let confirmed = match target {
        Target::Ascpi | Target::Ascp => info.ascpi.is_some(),
        Target::Amt => info.amt.is_some(),
        Target::Undecided => true,
    };
    if !confirmed {
        item = item.missing(format!(
            "We could not confirm whether {} accepts your {} certification for the licence. Ask the board before you apply.",
            info.name,
            target.name()
        ));
    }
    item
}

fn any_state(target: Target, f: &'static Facts) -> Item {
    let mut item = Item::new("any_state", "Open to any state", Verdict::Open)
        .point(format!(
            "{} states and Puerto Rico need a lab licence: {}. The other states follow only the federal CLIA rules.",
            f.licensing_state_count(),
            f.licensing_state_names()
        ))
        .point("A state without a licence saves you one step, but most employers there still ask for a certification.")
        .guide("/licensure", "Which states need a lab licence");
    let mut ids = vec!["us.jurisdictions".to_owned(), "pages.licensure".to_owned()];
    if matches!(target, Target::Ascpi | Target::Undecided) {
        for slug in ["california", "new-york"] {
            if let Some(ascpi) = f.state(slug).and_then(|s| s.ascpi.as_ref().map(|a| (s, a))) {
                item = item.point(format!("{}: {}", ascpi.0.name, worded(ascpi.1)));
                ids.push(format!("states.{slug}.ascpi"));
            }
        }
    }
    item.rests_on(f, ids)
}
