//! Personas through the whole advisor, the consistency of its citations, and arbitrary input.

use proptest::prelude::*;

use super::answers::{AdvisorForm, Answers};
use super::basis::resolve;
use super::rules::rules;
use super::{Plan, Verdict, plan};
use crate::guide::facts::facts;

pub(crate) fn answers(query: &str) -> Answers {
    Answers::parse(&AdvisorForm::from_query(query))
        .unwrap_or_else(|e| panic!("{query}: {:?}", e.iter().collect::<Vec<_>>()))
}

fn plan_for(query: &str) -> Plan {
    plan(&answers(query), facts())
}

fn verdict(plan: &Plan, key: &str) -> Option<Verdict> {
    plan.item(key).map(|i| i.verdict)
}

/// The visa routes the plan offers (open, held or to be reviewed), in the plan's order.
fn offered_visas(plan: &Plan) -> Vec<&str> {
    plan.visas
        .iter()
        .filter(|i| i.key != "visascreen" && i.verdict.is_offered())
        .map(|i| i.key.as_str())
        .collect()
}

pub(crate) struct Persona {
    pub(crate) name: &'static str,
    pub(crate) query: &'static str,
    /// (item key, expected verdict)
    verdicts: &'static [(&'static str, Verdict)],
    visas: &'static [&'static str],
}

const PH_CA: &str = "country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=2&lab_accreditation=cap&us_certification=none_yet&english_test=ielts_academic&citizenship=PH&target_states=CA&country_of_residence=PH&work_authorisation=needs_sponsorship";

/// Shared with the triage's tests (`crate::triage`), which read the same people differently.
pub(crate) const PERSONAS: &[Persona] = &[
    Persona {
        name: "Philippine BS Medical Technology graduate, 2 years in a CAP lab, aiming for California",
        query: PH_CA,
        verdicts: &[
            ("mls_ascpi", Verdict::Likely),
            ("mls_amt", Verdict::NeedsReview),
            ("evaluation", Verdict::Required),
            ("english", Verdict::NeedsReview),
            ("state_CA", Verdict::Required),
            ("tn", Verdict::NotOpen),
            ("visascreen", Verdict::Required),
        ],
        visas: &["h1b", "eb3"],
    },
    Persona {
        name: "Canadian with a 3-year diploma and 4 years of experience",
        query: "country_of_education=CA&qualification=mlt_diploma&clinical_training=yes&experience_years=4&lab_accreditation=ministry&us_certification=none_yet&english_test=exempt&citizenship=CA&open_to_any_state=yes&country_of_residence=CA&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("ascpi", Verdict::NotOpen),
            ("mls_ascp", Verdict::NotYet),
            ("mlt_ascp", Verdict::NeedsReview),
            ("mls_amt", Verdict::NotYet),
            ("mlt_amt", Verdict::NeedsReview),
            ("english", Verdict::NotNeeded),
            ("tn", Verdict::Open),
            ("h1b", Verdict::NotYet),
            ("any_state", Verdict::Open),
        ],
        visas: &["tn", "eb3"],
    },
    Persona {
        name: "Nigerian biology graduate with no lab experience",
        query: "country_of_education=NG&qualification=bs_life_science&clinical_training=no&experience_years=0&lab_accreditation=none&us_certification=none_yet&english_test=none_yet&citizenship=NG&target_states=TX&country_of_residence=NG&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("mls_ascpi", Verdict::NotYet),
            ("mls_amt", Verdict::NotYet),
            ("english", Verdict::NotYet),
            ("state_TX", Verdict::NotNeeded),
            ("tn", Verdict::NotOpen),
        ],
        visas: &["h1b", "eb3"],
    },
    Persona {
        name: "Indian MSc holder in the US on F-1 OPT aiming for Texas",
        query: "country_of_education=IN&qualification=masters_or_higher&clinical_training=yes&experience_years=3&lab_accreditation=iso_15189&us_certification=none_yet&english_test=toefl_ibt&citizenship=IN&target_states=TX&country_of_residence=US&work_authorisation=f1_opt",
        verdicts: &[
            ("mls_ascpi", Verdict::NeedsReview),
            ("state_TX", Verdict::NotNeeded),
            ("h1b", Verdict::Open),
            ("tn", Verdict::NotOpen),
            ("eb3", Verdict::Open),
        ],
        visas: &["h1b", "eb3"],
    },
    Persona {
        name: "MLS(AMT) holder aiming for New York",
        query: "country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=5&lab_accreditation=jci&us_certification=mt_amt&english_test=oet&citizenship=PH&target_states=NY&country_of_residence=PH&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("held_mt_amt", Verdict::Done),
            ("mls_ascpi", Verdict::Likely),
            ("state_NY", Verdict::Required),
        ],
        visas: &["h1b", "eb3"],
    },
    Persona {
        name: "Mexican Licenciatura holder",
        query: "country_of_education=MX&qualification=bs_mls&clinical_training=yes&experience_years=1&lab_accreditation=ministry&us_certification=none_yet&english_test=none_yet&citizenship=MX&target_states=TX&target_states=CA&country_of_residence=MX&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("mls_ascpi", Verdict::Likely),
            ("tn", Verdict::Open),
            ("h1b", Verdict::Open),
        ],
        visas: &["h1b", "tn", "eb3"],
    },
    Persona {
        name: "Dual Philippine and Canadian citizen educated in the Philippines",
        query: "country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=3&lab_accreditation=cap&us_certification=mls_ascpi&english_test=ielts_academic&citizenship=PH&citizenship=CA&target_states=NY&country_of_residence=CA&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("held_mls_ascpi", Verdict::Done),
            ("tn", Verdict::Open),
            ("english", Verdict::NeedsReview),
        ],
        visas: &["h1b", "tn", "eb3"],
    },
    Persona {
        name: "Candidate open to any state",
        query: "country_of_education=IN&qualification=bs_mls&clinical_training=not_sure&experience_years=0&lab_accreditation=not_sure&us_certification=none_yet&english_test=booked&citizenship=IN&open_to_any_state=yes&country_of_residence=IN&work_authorisation=needs_sponsorship",
        verdicts: &[
            ("mls_ascpi", Verdict::NeedsReview),
            ("any_state", Verdict::Open),
            ("english", Verdict::NotYet),
        ],
        visas: &["h1b", "eb3"],
    },
    Persona {
        name: "Green-card holder",
        query: "country_of_education=PH&qualification=bs_mls&clinical_training=yes&experience_years=6&lab_accreditation=cap&us_certification=none_yet&english_test=none_yet&citizenship=PH&target_states=FL&target_states=RI&country_of_residence=US&work_authorisation=citizen_or_green_card",
        verdicts: &[
            ("mls_ascpi", Verdict::Likely),
            ("english", Verdict::NotNeeded),
            ("state_FL", Verdict::Required),
            ("state_RI", Verdict::NeedsReview),
            ("no_visa", Verdict::Done),
        ],
        visas: &["no_visa"],
    },
];

#[test]
fn every_persona_gets_the_expected_verdicts_and_visa_routes() {
    for persona in PERSONAS {
        let plan = plan_for(persona.query);
        for (key, expected) in persona.verdicts {
            assert_eq!(
                verdict(&plan, key),
                Some(*expected),
                "{}: {key}",
                persona.name
            );
        }
        assert_eq!(
            offered_visas(&plan),
            persona.visas,
            "{}: visa routes",
            persona.name
        );
        assert!(!plan.steps.is_empty(), "{}: a checklist", persona.name);
    }
}

#[test]
fn the_h1b_payment_is_mentioned_for_people_abroad_but_not_for_a_change_of_status_inside_the_us() {
    let abroad = plan_for(PH_CA);
    let payment = facts().fees.h1b_proclamation_payment.usd();
    let h1b = abroad.item("h1b").unwrap();
    assert!(
        h1b.points
            .iter()
            .any(|p| p.contains("live outside the US") && p.contains(&payment))
    );
    let opt = plan_for(&PH_CA.replace(
        "country_of_residence=PH&work_authorisation=needs_sponsorship",
        "country_of_residence=US&work_authorisation=f1_opt",
    ));
    let h1b = opt.item("h1b").unwrap();
    assert!(
        h1b.points
            .iter()
            .any(|p| p.contains("change of status inside the US"))
    );
    assert!(!h1b.points.iter().any(|p| p.contains("live outside the US")));
}

#[test]
fn new_york_warns_an_amt_holder_and_is_confirmed_for_ascpi() {
    let amt = plan_for(PERSONAS[4].query);
    let ny = amt.item("state_NY").unwrap();
    assert!(
        ny.missing.iter().any(|m| m
            .starts_with("Warning: New York does not accept AMT exams for a full licence")
            && m.contains("provisional")),
        "{:?}",
        ny.missing
    );
    assert!(
        !ny.missing
            .iter()
            .any(|m| m.contains("could not confirm whether New York accepts"))
    );
    let ascpi = plan_for(
        &PERSONAS[4]
            .query
            .replace("us_certification=mt_amt", "us_certification=none_yet"),
    );
    assert!(ascpi.item("state_NY").unwrap().missing.is_empty());
}

#[test]
fn the_apply_link_carries_the_shared_fields_with_the_intake_values() {
    let plan = plan_for(PERSONAS[6].query);
    let query = plan.apply_href.strip_prefix("/apply?").unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let has = |k: &str, v: &str| pairs.iter().any(|(a, b)| a == k && b == v);
    assert!(has("citizenship", "PH") && has("citizenship", "CA") && has("target_states", "NY"));
    assert!(has("us_certification", "mls_ascpi") && has("us_certification_status", "passed"));
    assert!(
        !pairs
            .iter()
            .any(|(k, _)| k == "lab_accreditation" || k == "clinical_training")
    );
    let intake = crate::domain::IntakeForm::from_pairs(pairs);
    assert_eq!(intake.qualification, "bs_mls");
    assert_eq!(intake.experience_years, "3");
}

#[test]
fn the_plan_query_parses_back_to_the_same_answers() {
    for persona in PERSONAS {
        let a = answers(persona.query);
        let again = answers(&a.plan_query());
        assert_eq!(again.plan_query(), a.plan_query(), "{}", persona.name);
    }
}

#[test]
fn invalid_answers_get_one_message_per_field() {
    let errors = Answers::parse(&AdvisorForm::from_query(
        "country_of_education=XX&qualification=phd&experience_years=-1&citizenship=PH&citizenship=CA&citizenship=MX&citizenship=US&target_states=ZZ",
    ))
    .err()
    .unwrap();
    for field in [
        "country_of_education",
        "qualification",
        "clinical_training",
        "experience_years",
        "lab_accreditation",
        "us_certification",
        "english_test",
        "citizenship",
        "target_states",
        "country_of_residence",
        "work_authorisation",
    ] {
        assert!(errors.get(field).is_some(), "{field}");
    }
}

#[test]
fn every_fact_id_in_the_rules_file_exists_in_the_facts_data() {
    for id in rules().cited_facts() {
        assert!(resolve(id).is_some(), "rules.toml cites unknown fact {id}");
    }
}

#[test]
fn every_fact_and_source_id_cited_by_a_persona_plan_exists() {
    let f = facts();
    for persona in PERSONAS {
        for item in plan_for(persona.query).items() {
            assert!(
                !item.basis.facts.is_empty(),
                "{}: {} cites no fact",
                persona.name,
                item.key
            );
            for id in &item.basis.facts {
                let fact = resolve(id).unwrap_or_else(|| panic!("{}: unknown fact {id}", item.key));
                for source in &fact.sources {
                    assert!(f.source(source).is_some(), "{id}: unknown source {source}");
                }
            }
            assert!(
                !item.basis.sources.is_empty(),
                "{}: {} has no source",
                persona.name,
                item.key
            );
        }
    }
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(options)
}

prop_compose! {
    /// Valid answers of every shape, as a query string.
    fn any_answers()(
        edu in pick(&["PH", "IN", "NG", "CA", "US", "MX", "GB", "PR"]),
        qual in pick(&["bs_mls", "bs_life_science", "mlt_diploma", "masters_or_higher", "other"]),
        training in pick(&["yes", "no", "not_sure"]),
        years in pick(&["0", "0.5", "1", "2", "3", "4.5", "5", "12"]),
        lab in pick(&["cap", "jci", "iso_15189", "ministry", "none", "not_sure"]),
        cert in pick(&["mls_ascpi", "mlt_ascpi", "mls_ascp", "mt_amt", "mlt_amt", "specialist_ascp", "none_yet"]),
        english in pick(&["ielts_academic", "oet", "booked", "none_yet", "exempt", "duolingo"]),
        cit in proptest::collection::vec(pick(&["PH", "CA", "MX", "IN", "US", "NG"]), 1..=3),
        states in proptest::collection::vec(pick(&["CA", "NY", "TX", "FL", "HI", "GA", "RI", "LA", "PR", "DC"]), 0..=4),
        residence in pick(&["PH", "US", "CA"]),
        auth in pick(&["citizen_or_green_card", "h1b", "tn", "ead", "f1_opt", "needs_sponsorship", "other"]),
    ) -> String {
        let mut q = format!("country_of_education={edu}&qualification={qual}&clinical_training={training}&experience_years={years}&lab_accreditation={lab}&us_certification={cert}&english_test={english}&country_of_residence={residence}&work_authorisation={auth}&open_to_any_state=yes");
        for c in cit { q.push_str(&format!("&citizenship={c}")); }
        for s in states { q.push_str(&format!("&target_states={s}")); }
        q
    }
}

proptest! {
    #[test]
    fn arbitrary_query_strings_never_panic(query in ".*") {
        if let Ok(a) = Answers::parse(&AdvisorForm::from_query(&query)) {
            let _ = plan(&a, facts());
        }
    }

    #[test]
    fn arbitrary_name_value_pairs_never_panic(pairs in proptest::collection::vec(
        (pick(&["country_of_education", "qualification", "experience_years", "citizenship", "target_states", "work_authorisation", "x"]), ".{0,12}"), 0..30)
    ) {
        let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let _ = Answers::parse(&AdvisorForm::from_query(&query));
    }

    #[test]
    fn every_valid_answer_set_gives_a_consistent_plan(query in any_answers()) {
        let a = answers(&query);
        let p = plan(&a, facts());
        let tn = p.item("tn").map(|i| i.verdict);
        let can_tn = a.citizenships.iter().any(|c| c.code == "CA" || c.code == "MX");
        if !can_tn {
            prop_assert!(tn.is_none_or(|v| !v.is_offered()), "TN offered without CA/MX citizenship");
        }
        if a.lives_in_us() {
            let h1b = p.item("h1b");
            prop_assert!(h1b.is_none_or(|i| !i.points.iter().any(|x| x.contains("live outside the US"))));
        }
        for item in p.items() {
            for id in &item.basis.facts {
                prop_assert!(resolve(id).is_some(), "unknown fact {}", id);
            }
        }
        prop_assert!(!p.certification.is_empty());
    }
}

// Issue 12: the advisor follows the December 2026 review of the facts.

const NIGERIAN_ABROAD: &str = "country_of_education=NG&qualification=bs_mls&clinical_training=yes&experience_years=3&lab_accreditation=ministry&us_certification=none_yet&english_test=ielts_academic&citizenship=NG&target_states=TX&country_of_residence=NG&work_authorisation=needs_sponsorship";

fn text_of(item: &super::Item) -> String {
    item.points
        .iter()
        .chain(&item.missing)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_nigerian_citizen_abroad_gets_eb3_as_needs_review_for_the_restriction_and_the_pause() {
    let plan = plan_for(NIGERIAN_ABROAD);
    let eb3 = plan.item("eb3").unwrap();
    assert_eq!(eb3.verdict, Verdict::NeedsReview);
    let text = text_of(eb3);
    assert!(
        text.contains("Nigeria") && text.contains("suspends immigrant visas"),
        "{text}"
    );
    assert!(text.contains("21 January 2026"), "the pause: {text}");
    assert!(text.contains("not open to you"), "{text}");
    assert!(
        eb3.basis.uncertain,
        "the lists' current status is unconfirmed"
    );
    assert!(
        eb3.basis
            .facts
            .iter()
            .any(|id| id == "restrictions.iv_pause.countries")
    );
    // Nigeria is on the partial list, which does not name H-1B: the H-1B verdict stays open,
    // with the reason said.
    let h1b = plan.item("h1b").unwrap();
    assert_eq!(h1b.verdict, Verdict::Open);
    assert!(text_of(h1b).contains("H-1B is not one of them"));
}

#[test]
fn a_fully_restricted_citizenship_gets_h1b_and_eb3_as_needs_review() {
    let plan = plan_for(&NIGERIAN_ABROAD.replace("citizenship=NG", "citizenship=SY"));
    for key in ["h1b", "eb3"] {
        let item = plan.item(key).unwrap();
        assert_eq!(item.verdict, Verdict::NeedsReview, "{key}");
        assert!(text_of(item).contains("Syria"), "{key}: {}", text_of(item));
    }
    assert!(text_of(plan.item("h1b").unwrap()).contains("full-suspension list"));
    // A second, unlisted passport brings the dual-national exception into the advice.
    let dual =
        plan_for(&NIGERIAN_ABROAD.replace("citizenship=NG", "citizenship=SY&citizenship=PH"));
    assert!(text_of(dual.item("h1b").unwrap()).contains("Dual nationals"));
}

#[test]
fn the_pause_alone_leaves_adjustment_of_status_inside_the_us_open() {
    // Ghana: on the immigrant-visa pause list only.
    let abroad = plan_for(&NIGERIAN_ABROAD.replace("citizenship=NG", "citizenship=GH"));
    assert_eq!(verdict(&abroad, "eb3"), Some(Verdict::NeedsReview));
    assert_eq!(verdict(&abroad, "h1b"), Some(Verdict::Open));
    let inside = plan_for(
        &NIGERIAN_ABROAD
            .replace("citizenship=NG", "citizenship=GH")
            .replace(
                "country_of_residence=NG&work_authorisation=needs_sponsorship",
                "country_of_residence=US&work_authorisation=f1_opt",
            ),
    );
    let eb3 = inside.item("eb3").unwrap();
    assert_eq!(eb3.verdict, Verdict::Open);
    assert!(text_of(eb3).contains("adjustment of status inside the US is not affected"));
}

#[test]
fn no_unlisted_citizenship_is_touched_by_the_restrictions() {
    let plan = plan_for(PH_CA);
    assert_eq!(verdict(&plan, "eb3"), Some(Verdict::Open));
    assert!(!text_of(plan.item("eb3").unwrap()).contains("Your citizenship of"));
}

#[test]
fn an_ead_holder_in_the_us_is_never_told_the_payment_does_not_apply() {
    for status in ["ead", "other", "needs_sponsorship"] {
        let plan = plan_for(&PH_CA.replace(
            "country_of_residence=PH&work_authorisation=needs_sponsorship",
            &format!("country_of_residence=US&work_authorisation={status}"),
        ));
        let h1b = plan.item("h1b").unwrap();
        let text = text_of(h1b);
        assert!(
            !text.contains("does not need the $100,000"),
            "{status}: {text}"
        );
        assert!(
            text.contains("depends on holding a nonimmigrant status that can change to H-1B"),
            "{status}"
        );
        assert!(
            text.contains("Do not travel abroad until the petition is approved"),
            "{status}"
        );
        assert!(
            h1b.missing
                .iter()
                .any(|m| m.contains("If it cannot, the payment applies")),
            "{status}"
        );
    }
    // An F-1 student gets the exemption, with its conditions.
    let opt = plan_for(&PH_CA.replace(
        "country_of_residence=PH&work_authorisation=needs_sponsorship",
        "country_of_residence=US&work_authorisation=f1_opt",
    ));
    let text = text_of(opt.item("h1b").unwrap());
    assert!(text.contains("if USCIS approves it while you stay in the US in valid status"));
    assert!(text.contains("Do not travel abroad until the petition is approved"));
}

#[test]
fn the_payment_is_worded_with_its_unconfirmed_status_after_the_sunset() {
    let h1b = plan_for(PH_CA);
    let text = text_of(h1b.item("h1b").unwrap());
    assert!(text.contains("Not confirmed: We could not confirm whether the proclamation was extended after 21 September 2026"), "{text}");
    assert!(text.contains("pay.gov"), "who pays: {text}");
}

#[test]
fn an_ascp_specialist_gets_visascreen_as_needs_review() {
    let plan = plan_for(&PH_CA.replace(
        "us_certification=none_yet",
        "us_certification=specialist_ascp",
    ));
    let vs = plan.item("visascreen").unwrap();
    assert_eq!(vs.verdict, Verdict::NeedsReview);
    assert!(vs.missing.iter().any(|m| m.contains("Confirm with CGFNS")));
    assert!(plan.steps.iter().any(|s| {
        s.text
            .contains("whether your specialist job needs the VisaScreen")
    }));
    assert!(
        !plan
            .steps
            .iter()
            .any(|s| s.text == "Apply for the VisaScreen certificate (CGFNS).")
    );
    // Everyone else still needs it.
    assert_eq!(
        verdict(&plan_for(PH_CA), "visascreen"),
        Some(Verdict::Required)
    );
}

#[test]
fn ielts_general_with_a_scientist_target_gets_a_specific_warning() {
    let plan =
        plan_for(&PH_CA.replace("english_test=ielts_academic", "english_test=ielts_general"));
    let english = plan.item("english").unwrap();
    assert_eq!(english.verdict, Verdict::NotYet);
    let text = text_of(english);
    assert!(
        text.contains("Warning: you took IELTS General Training"),
        "{text}"
    );
    assert!(text.contains("6.5 overall with 7.0 in speaking"), "{text}");
    // At technician level General Training counts: no warning, the technician minimums shown.
    let mlt = plan_for(
        &PH_CA
            .replace("qualification=bs_mls", "qualification=mlt_diploma")
            .replace("english_test=ielts_academic", "english_test=ielts_general"),
    );
    let text = text_of(mlt.item("english").unwrap());
    assert!(!text.contains("Warning"), "{text}");
    assert!(
        text.contains("IELTS 6.0 overall with 7.0 in speaking"),
        "{text}"
    );
}

#[test]
fn duolingo_gets_a_specific_warning() {
    let plan = plan_for(&PH_CA.replace("english_test=ielts_academic", "english_test=duolingo"));
    let english = plan.item("english").unwrap();
    assert_eq!(english.verdict, Verdict::NotYet);
    assert!(text_of(english).contains("Duolingo English Test is not on the list"));
}

#[test]
fn the_experience_route_is_never_likely_on_an_unconfirmed_number() {
    // A life-science graduate with 6 years and no training programme: only the 5-year route fits.
    let plan = plan_for(
        &PH_CA
            .replace("qualification=bs_mls", "qualification=bs_life_science")
            .replace("clinical_training=yes", "clinical_training=no")
            .replace("experience_years=2", "experience_years=6"),
    );
    let ascpi = plan.item("mls_ascpi").unwrap();
    assert_eq!(ascpi.verdict, Verdict::NeedsReview);
    assert!(text_of(ascpi).contains("appear to fit"));
}

#[test]
fn georgia_is_worded_as_a_repeal_whose_start_we_could_not_confirm() {
    let plan = plan_for(&PH_CA.replace("target_states=CA", "target_states=GA"));
    let ga = plan.item("state_GA").unwrap();
    let text = text_of(ga);
    assert!(text.contains("repealed"), "{text}");
    assert!(
        text.contains("Not confirmed: We could not confirm the date the repeal takes effect"),
        "{text}"
    );
}

fn timeline_text(plan: &Plan) -> String {
    text_of(plan.item("timeline").unwrap())
}

#[test]
fn a_filipino_on_eb3_sees_the_philippines_wait_and_an_indian_sees_indias() {
    let ph = plan_for(PH_CA);
    let text = timeline_text(&ph);
    assert!(text.contains("born in the Philippines: the EB-3 final action date was 1 August 2023 in the July 2026 bulletin, about 3 years behind"), "{text}");
    assert!(!text.contains("born in India"));
    assert!(
        ph.summary
            .timeline
            .contains("about 3 years' wait (born in the Philippines"),
        "{}",
        ph.summary.timeline
    );
    let india = plan_for(
        &PH_CA
            .replace("citizenship=PH", "citizenship=IN")
            .replace("country_of_residence=PH", "country_of_residence=IN"),
    );
    let text = timeline_text(&india);
    assert!(text.contains("born in India: the EB-3 final action date was 22 April 2013 in the July 2025 bulletin, about 12 years behind"), "{text}");
    assert!(!text.contains("born in the Philippines"));
    assert!(
        india
            .summary
            .timeline
            .contains("about 12 years' wait (born in India")
    );
    // Someone else: the rest-of-world column, and that we did not retrieve it.
    let nepal = plan_for(&PH_CA.replace("citizenship=PH", "citizenship=NP"));
    assert!(timeline_text(&nepal).contains("born in Nepal: we did not retrieve a current date"));
    // Every timeline says the wait goes by country of birth.
    for plan in [&ph, &india, &nepal] {
        assert!(
            plan.item("timeline")
                .unwrap()
                .missing
                .iter()
                .any(|m| m.contains("country of birth"))
        );
    }
}

#[test]
fn the_summary_gives_route_licences_visas_three_steps_timeline_and_costs() {
    let plan = plan_for(PH_CA);
    assert_eq!(plan.summary.route, "MLS(ASCPi): Likely.");
    assert_eq!(plan.summary.licences, "Needed in California.");
    assert!(
        plan.summary.visas.contains("H-1B (open to you)") && plan.summary.visas.contains("EB-3")
    );
    assert!(
        plan.summary.timeline.starts_with("H-1B: about 7 months"),
        "{}",
        plan.summary.timeline
    );
    assert!(
        plan.summary
            .timeline
            .contains("California licence: about 5 months")
    );
    // The ASCPi fee ($95 to $200) plus California's licence ($230), from the facts data.
    assert!(
        plan.summary
            .costs
            .starts_with("You: $325 to $430 in confirmed fees"),
        "{}",
        plan.summary.costs
    );
    assert!(plan.steps.len() >= 3);
    let costs = text_of(plan.item("costs").unwrap());
    assert!(
        costs.contains("The employer pays:") && costs.contains("$100,000"),
        "{costs}"
    );
}
