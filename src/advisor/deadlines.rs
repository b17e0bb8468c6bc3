//! Dated deadlines of a plan, for the candidate's calendar feed (issue 14, item 5). The plan's
//! items say what to do; a few routes also have dates that do not depend on the candidate, such
//! as the H-1B cap season. Those dates live here, each next to the facts it rests on, so the
//! yearly facts review (FACTS_REVIEW) finds them by their fact ids; a date that rests on an
//! unconfirmed fact is marked tentative in the feed and says so in its text.

use time::Date;
use time::macros::date;

use super::{Plan, Verdict};
use crate::guide::facts::{Fact, Facts};

/// One deadline: a day or a span of days (`ends` is the first day after it, as in iCalendar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deadline {
    /// Stable across feed fetches, so a calendar app updates the event instead of adding one.
    pub(crate) key: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) starts: Date,
    pub(crate) ends: Date,
    /// The fact's own words, prefixed "Not confirmed:" when it is unconfirmed.
    pub(crate) detail: String,
    /// The date rests on a fact we could not confirm.
    pub(crate) tentative: bool,
}

/// The season's dates of the H-1B cap (FY2028): `visas.h1b.registration_window` says the
/// registration is expected in March 2027 (dates not announced), `visas.h1b.cap_calendar` gives
/// the rest of the cycle.
fn h1b_season(f: &'static Facts) -> Vec<Deadline> {
    let h = &f.visas.h1b;
    let of = |key, summary, starts, ends, fact: &Fact<String>| Deadline {
        key,
        summary,
        starts,
        ends,
        detail: super::documents::worded(fact),
        tentative: fact.confidence.is_uncertain(),
    };
    vec![
        of(
            "h1b-registration-fy2028",
            "H-1B registration (FY2028), expected in March 2027: your employer registers you",
            date!(2027 - 03 - 01),
            date!(2027 - 04 - 01),
            &h.registration_window,
        ),
        of(
            "h1b-petitions-fy2028",
            "H-1B petitions (FY2028) for those selected: 1 April to 30 June 2027",
            date!(2027 - 04 - 01),
            date!(2027 - 07 - 01),
            &h.cap_calendar,
        ),
        of(
            "h1b-earliest-start-fy2028",
            "H-1B (FY2028): earliest start date",
            date!(2027 - 10 - 01),
            date!(2027 - 10 - 02),
            &h.cap_calendar,
        ),
    ]
}

/// The dated deadlines of `plan`: the H-1B season when the plan offers the cap-subject H-1B
/// (not to someone who holds H-1B status already, whose move to a new employer needs no lottery).
pub(crate) fn of_plan(plan: &Plan, f: &'static Facts) -> Vec<Deadline> {
    let h1b_offered = plan
        .visas
        .iter()
        .any(|i| i.key == "h1b" && i.verdict.is_offered() && i.verdict != Verdict::Done);
    if h1b_offered {
        h1b_season(f)
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisor::plan;
    use crate::advisor::tests::{PERSONAS, answers};
    use crate::guide::facts::facts;

    #[test]
    fn every_deadline_is_a_span_forward_and_says_when_it_is_unconfirmed() {
        for d in h1b_season(facts()) {
            assert!(d.starts < d.ends, "{}", d.key);
            assert_eq!(
                d.tentative,
                d.detail.starts_with("Not confirmed:"),
                "{}",
                d.key
            );
        }
        // The registration dates are not announced (the fact says so): tentative.
        assert!(h1b_season(facts())[0].tentative);
    }

    #[test]
    fn the_h1b_season_follows_the_plan() {
        let mut with = 0;
        for persona in PERSONAS {
            let plan = plan(&answers(persona.query), facts());
            let h1b = plan.visas.iter().find(|i| i.key == "h1b");
            let expected =
                h1b.is_some_and(|i| i.verdict.is_offered() && i.verdict != Verdict::Done);
            assert_eq!(
                !of_plan(&plan, facts()).is_empty(),
                expected,
                "{}",
                persona.name
            );
            with += usize::from(expected);
        }
        assert!(with > 0, "some persona has the H-1B season");
    }
}
