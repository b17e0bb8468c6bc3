//! Consistency of the facts data and the page registry. These run on every `cargo test`, so a
//! yearly edit of `facts.toml` that breaks a reference, a date or a URL fails before it ships.

use std::collections::BTreeSet;

use super::facts::{Confidence, Facts, Licence, facts};
use super::{PAGES, all_guide_paths, faq, sitemap_entries};

const RAW: &str = include_str!("facts.toml");

fn raw() -> toml::Table {
    toml::from_str(RAW).expect("facts.toml is valid TOML")
}

/// Every `sources = [...]` array anywhere in the file, with the path where it was found.
fn source_refs(value: &toml::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (key, v) in table {
                let here = format!("{path}.{key}");
                // The top-level `[sources]` is a table of definitions; references are arrays.
                if let (true, toml::Value::Array(ids)) = (key == "sources", v) {
                    for id in ids {
                        out.push((here.clone(), id.as_str().unwrap_or("").to_owned()));
                    }
                } else {
                    source_refs(v, &here, out);
                }
            }
        }
        toml::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                source_refs(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn facts_file_parses() {
    let parsed = Facts::parse(RAW);
    assert!(
        parsed.is_ok(),
        "{}",
        parsed.err().map(|e| e.to_string()).unwrap_or_default()
    );
    // And the shared instance is the same data.
    assert_eq!(facts().states.len(), parsed.unwrap().states.len());
}

#[test]
fn every_referenced_source_exists_and_is_used() {
    let mut refs = Vec::new();
    source_refs(&toml::Value::Table(raw()), "", &mut refs);
    assert!(refs.len() > 50, "the walk found the references");
    let f = facts();
    for (path, id) in &refs {
        assert!(
            f.source(id).is_some(),
            "{path} refers to unknown source {id:?}"
        );
    }
    let used: BTreeSet<&str> = refs.iter().map(|(_, id)| id.as_str()).collect();
    for id in f.sources.keys() {
        assert!(
            used.contains(id.as_str()),
            "source {id} is never used: remove it or cite it"
        );
    }
}

#[test]
fn every_source_is_a_well_formed_https_url() {
    for (id, source) in &facts().sources {
        let url = url::Url::parse(&source.url).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(url.scheme(), "https", "{id} must use https: {}", source.url);
        assert!(
            url.host_str().is_some_and(|h| h.contains('.')),
            "{id} has no real host"
        );
        assert!(
            !source.title.trim().is_empty() && !source.publisher.trim().is_empty(),
            "{id}"
        );
    }
    for state in &facts().states {
        if let Some(board) = &state.board_url {
            let url = url::Url::parse(board).unwrap_or_else(|e| panic!("{}: {e}", state.slug));
            assert_eq!(url.scheme(), "https", "{} board URL", state.slug);
        }
    }
}

#[test]
fn every_page_has_a_review_date_and_articles_have_sources() {
    let f = facts();
    for page in PAGES {
        let data = f
            .pages
            .get(page.id)
            .unwrap_or_else(|| panic!("no [pages.{}]", page.id));
        if page.is_article {
            assert!(!data.sources.is_empty(), "{} lists no sources", page.id);
        }
    }
    let ids: BTreeSet<&str> = PAGES.iter().map(|p| p.id).collect();
    for id in f.pages.keys() {
        assert!(
            ids.contains(id.as_str()),
            "[pages.{id}] has no page in the registry"
        );
    }
}

#[test]
fn review_dates_are_plausible() {
    let f = facts();
    let earliest = time::macros::date!(2025 - 01 - 01);
    let latest = time::macros::date!(2100 - 01 - 01);
    let dates = std::iter::once(&f.meta.last_reviewed)
        .chain(f.pages.values().map(|p| &p.reviewed))
        .chain(f.states.iter().map(|s| &s.reviewed));
    for date in dates {
        assert!(
            date.0 >= earliest && date.0 < latest,
            "review date {date} is implausible"
        );
    }
    assert_eq!(f.meta.last_reviewed.iso(), "2026-11-22");
    assert_eq!(f.meta.last_reviewed.human(), "22 November 2026");
}

#[test]
fn no_state_appears_twice_and_slugs_are_url_safe() {
    let f = facts();
    let mut slugs = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for s in &f.states {
        assert!(slugs.insert(&s.slug), "state slug {} twice", s.slug);
        assert!(codes.insert(&s.code), "state code {} twice", s.code);
        assert!(
            s.slug.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "slug {} must be lowercase letters and hyphens",
            s.slug
        );
        assert_eq!(
            s.slug,
            s.name.to_lowercase().replace(' ', "-"),
            "slug follows the name"
        );
    }
}

#[test]
fn the_usps_list_has_50_states_dc_and_puerto_rico_once_each() {
    let list = &facts().us.jurisdictions;
    assert_eq!(list.len(), 52);
    let codes: BTreeSet<&str> = list.iter().map(|j| j.code.as_str()).collect();
    assert_eq!(codes.len(), 52, "codes are unique");
    for j in list {
        assert!(
            j.code.len() == 2 && j.code.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            j.code
        );
    }
    for must in ["DC", "PR", "NY", "CA", "WY", "HI", "AK"] {
        assert!(codes.contains(must), "{must} missing");
    }
    let names: Vec<&str> = list.iter().map(|j| j.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "alphabetical by name, as the form shows it");
}

#[test]
fn the_licensure_list_matches_ascls_and_every_licensure_state_has_a_page() {
    let f = facts();
    let required: BTreeSet<&str> =
        f.us.jurisdictions
            .iter()
            .filter(|j| j.licence.is_required())
            .map(|j| j.code.as_str())
            .collect();
    let expected = [
        "CA", "FL", "HI", "LA", "MT", "NV", "NY", "ND", "TN", "WV", "PR",
    ];
    assert_eq!(required, expected.into_iter().collect());
    let paths = all_guide_paths();
    for code in &required {
        let state = f
            .state_by_code(code)
            .unwrap_or_else(|| panic!("{code} has no state page"));
        assert!(paths.contains(&state.path()), "{code} page not registered");
    }
    // The data file's two lists agree for every state that has a page.
    for s in &f.states {
        let j =
            f.us.jurisdictions
                .iter()
                .find(|j| j.code == s.code)
                .expect("state in the USPS list");
        assert_eq!(
            j.licence, s.licence.value,
            "{} licence status differs between lists",
            s.code
        );
        assert_eq!(j.name, s.name);
    }
    assert_eq!(
        f.state("georgia").map(|s| s.licence.value),
        Some(Licence::No)
    );
    assert_eq!(
        f.state("rhode-island").map(|s| s.licence.confidence),
        Some(Confidence::Uncertain)
    );
}

#[test]
fn every_state_page_lists_the_sources_its_facts_cite() {
    for s in &facts().states {
        let cited = std::iter::once(&s.licence.sources)
            .chain(s.ascpi.iter().map(|f| &f.sources))
            .chain(s.amt.iter().map(|f| &f.sources))
            .chain(s.evaluation.iter().map(|f| &f.sources))
            .chain(s.notes.iter().map(|f| &f.sources))
            .chain(s.fees.iter().map(|f| &f.sources))
            .flatten();
        for id in cited {
            assert!(
                s.sources.contains(id),
                "{}: cites {id} but does not list it",
                s.slug
            );
        }
    }
}

#[test]
fn every_page_is_in_the_sitemap_list_once() {
    let entries = sitemap_entries();
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    for path in all_guide_paths() {
        let entry = entries.iter().find(|e| e.path == path);
        assert!(
            entry.is_some_and(|e| e.lastmod.is_some()),
            "{path} missing or without lastmod"
        );
    }
    assert!(paths.contains(&"/") && paths.contains(&"/apply"));
    let unique: BTreeSet<&str> = paths.iter().copied().collect();
    assert_eq!(unique.len(), paths.len(), "no duplicates");
    assert_eq!(all_guide_paths().len(), PAGES.len() + facts().states.len());
}

#[test]
fn known_corrections_of_the_old_blog_post_hold_in_the_data() {
    let f = facts();
    assert_eq!(f.visas.h1b.cap_total(), "85,000");
    assert_eq!(f.fees.h1b_proclamation_payment.usd(), "$100,000");
    // The 2022-32 edition's figure, labelled with its edition on the pages (the 2024-34 one was
    // not retrieved).
    assert_eq!(f.bls.openings_per_year.grouped(), "24,000");
    assert_eq!(f.bls.old_edition_period, "2022 to 2032");
    assert!(
        f.visas
            .green_card
            .schedule_a
            .value
            .contains("not on Schedule A")
    );
    assert!(f.visas.tn.usmca.value.contains("USMCA"));
    assert_eq!(f.maintenance.cmp.points.value, 36);
    assert_eq!(f.maintenance.ccp.points.value, 45);
    assert!(
        !RAW.contains("98,700") && !RAW.contains("98700"),
        "the unsourced shortage figure"
    );
}

#[test]
fn faq_json_ld_is_valid_json_without_raw_angle_brackets() {
    let items = faq::items(facts());
    assert!(items.len() >= 8);
    let json = faq::json_ld(&items);
    assert!(!json.contains('<'));
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["@type"], "FAQPage");
    assert_eq!(
        value["mainEntity"].as_array().map(Vec::len),
        Some(items.len())
    );
}

#[test]
fn the_intake_forms_state_list_matches_the_facts_list() {
    // The form keeps its own copy (src/domain/us_states.rs); the two must name the same places.
    let form: Vec<(&str, &str)> = crate::domain::us_states::US_STATES
        .iter()
        .map(|s| (s.code, s.name))
        .collect();
    let facts_list: Vec<(&str, &str)> = facts()
        .us
        .jurisdictions
        .iter()
        .map(|j| (j.code.as_str(), j.name.as_str()))
        .collect();
    assert_eq!(form, facts_list);
}

// Issue 12: the December 2026 review's data.

#[test]
fn every_country_in_the_restriction_lists_is_a_code_of_the_country_list() {
    let r = &facts().restrictions;
    let lists = [
        ("full", &r.travel_ban.full),
        ("partial", &r.travel_ban.partial),
        ("immigrant_only", &r.travel_ban.immigrant_only),
        ("iv_pause", &r.iv_pause.countries),
    ];
    for (name, list) in lists {
        let mut seen = BTreeSet::new();
        for code in list.countries.iter().chain(&list.document_countries) {
            assert!(
                crate::domain::countries::find(code).is_some(),
                "{name}: {code} is not in domain::countries"
            );
            assert!(seen.insert(code), "{name}: {code} twice");
        }
        assert!(!list.sources.is_empty(), "{name} cites no source");
        assert!(list.as_of.is_some(), "{name} has no date");
        assert_eq!(list.names().len(), list.count(), "{name}: a name per entry");
    }
    // The counts the proclamation and the State Department announced.
    assert_eq!(r.travel_ban.full.count(), 19);
    assert_eq!(r.travel_ban.partial.count(), 19);
    assert_eq!(r.travel_ban.immigrant_only.countries, ["TM"]);
    assert_eq!(r.iv_pause.countries.count(), 75);
    // The one the visas page names as an example is under both measures.
    assert!(r.travel_ban.partial.covers("NG") && r.iv_pause.countries.covers("NG"));
    assert!(!r.iv_pause.countries.covers("PH") && !r.iv_pause.countries.covers("IN"));
    assert!(
        r.travel_ban.full.covers("PS"),
        "Palestinian Authority documents"
    );
    assert!(
        r.status.confidence.is_uncertain(),
        "whether still in force is unconfirmed"
    );
}

#[test]
fn the_payment_fact_carries_its_sunset_and_its_current_status_is_unconfirmed() {
    let h = &facts().visas.h1b;
    assert_eq!(
        h.payment_rule.expires.map(|d| d.iso()).as_deref(),
        Some("2026-09-21")
    );
    assert!(h.payment_status.confidence.is_uncertain());
    assert!(h.payment_status.value.contains("could not confirm whether"));
    assert!(h.payment_litigation.confidence.is_uncertain());
    assert!(h.payment_exempt.value.contains("if USCIS approves it"));
    assert!(
        h.payment_exempt
            .value
            .contains("Do not travel until the petition is approved")
    );
    assert!(h.registration_window.value.contains("FY2028"));
    assert_eq!(
        facts()
            .cost("h1b_payment")
            .and_then(|c| c.detail.expires)
            .map(|d| d.iso())
            .as_deref(),
        Some("2026-09-21")
    );
}

#[test]
fn the_review_s_new_sources_exist_and_are_https() {
    let f = facts();
    for id in [
        "dos_visas",
        "dos_visa_bulletin",
        "ecfr_212_15",
        "cgfns_renewal",
        "ban_shipman",
        "ban_fredlaw",
        "ban_potomac",
        "ivpause_mondaq",
        "ivpause_bernstein",
        "h1b_100k_stinson",
        "h1b_100k_benzinga",
        "h1b_100k_usia",
        "vb_philippines",
        "vb_india",
        "perm_bal",
        "amt_states",
        "ny_law_8605",
        "ri_law_lab_exam",
        "tn_canada_gov",
        "bls_plainworkforce",
    ] {
        let source = f.source(id).unwrap_or_else(|| panic!("no source {id}"));
        assert!(source.url.starts_with("https://"), "{id}");
    }
    // Wikipedia is gone where an official page exists.
    assert!(!f.sources.values().any(|s| s.url.contains("wikipedia.org")));
    for (slug, list) in [
        (
            "costs",
            f.costs
                .iter()
                .map(|c| (&c.slug, &c.detail))
                .collect::<Vec<_>>(),
        ),
        (
            "timelines",
            f.timelines.iter().map(|t| (&t.slug, &t.detail)).collect(),
        ),
    ] {
        let mut seen = BTreeSet::new();
        for (id, detail) in list {
            assert!(seen.insert(id), "{slug}: {id} twice");
            assert!(!detail.sources.is_empty(), "{slug}.{id} cites no source");
        }
    }
}

#[test]
fn dated_figures_carry_their_date() {
    let f = facts();
    for (name, fact) in [
        ("bls.median_pay_year", &f.bls.median_pay_year.as_of),
        ("bls.employment", &f.bls.employment.as_of),
        ("bls.openings_per_year", &f.bls.openings_per_year.as_of),
        ("visas.h1b.payment_rule", &f.visas.h1b.payment_rule.as_of),
    ] {
        assert!(fact.is_some(), "{name} has no as_of");
    }
    for b in &f.visa_bulletin {
        assert!(b.final_action.as_of.is_some(), "bulletin {}", b.code);
        assert!(b.years_behind().is_some_and(|y| y > 0));
    }
    // Every amount and every duration says when it was true.
    for c in f.costs.iter().filter(|c| c.low.is_some()) {
        assert!(
            c.detail.as_of.is_some(),
            "costs.{} has an amount but no date",
            c.slug
        );
    }
    for t in f.timelines.iter().filter(|t| t.months_low.is_some()) {
        assert!(
            t.detail.as_of.is_some(),
            "timelines.{} has months but no date",
            t.slug
        );
    }
    assert_eq!(f.bls.employment_year, 2024);
    assert!(f.bls.projection_period.contains("2034"));
}

#[test]
fn cost_totals_add_only_the_amounts_we_have() {
    let f = facts();
    // ASCPi $95-$200 plus a state licence of $0-$345.
    assert_eq!(f.cost_total(super::facts::Payer::Candidate), "$95 to $545");
    assert!(
        f.costs_not_retrieved(super::facts::Payer::Candidate)
            .contains(&"VisaScreen certificate (CGFNS)")
    );
    assert_eq!(
        f.cost("h1b_payment").map(|c| c.amount()).as_deref(),
        Some("$0 to $100,000")
    );
}
