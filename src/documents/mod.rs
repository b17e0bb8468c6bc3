//! Documents (issue 14): the types a candidate may be asked for (`types`, data in `types.toml`),
//! how long each stays valid (`validity`), the checklist the advisor's plan implies
//! (`checklist`), an item's status on a date (`status`), where the bytes live (`storage`), and
//! the use cases of one document: upload, verify, download (`uploads`).
//! The rows are in `db::documents`; the pages in `web::admin` and `web::portal`.

pub(crate) mod checklist;
mod emails;
pub(crate) mod status;
pub(crate) mod storage;
pub(crate) mod types;
pub(crate) mod uploads;
pub(crate) mod validity;
pub(crate) mod view;

pub(crate) use types::{DocumentType, document_types};

#[cfg(test)]
mod tests {
    use super::types::DocumentTypes;
    use super::validity::Validity;
    use super::*;
    use crate::advisor::basis::resolve;
    use crate::guide::facts::facts;

    #[test]
    fn types_file_parses_and_cites_existing_facts() {
        let types = DocumentTypes::parse(include_str!("types.toml"), facts()).expect("parses");
        assert!(types.all().len() >= 13);
        for t in types.all() {
            for id in &t.facts {
                assert!(resolve(id).is_some(), "{}: unknown fact {id}", t.key);
            }
            if t.key != "cv" {
                assert!(!t.facts.is_empty(), "{} rests on no fact", t.key);
            }
            assert!(
                t.key.len() <= 40
                    && t.key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{} fits the stored key's check",
                t.key
            );
        }
        let mut keys: Vec<&str> = types.all().iter().map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "keys are unique");
    }

    #[test]
    fn validity_periods_follow_the_facts() {
        let types = document_types();
        let f = facts();
        let visascreen = types.get("visascreen").expect("visascreen");
        let years = f.visas.healthcare_certificate.valid_years.value;
        assert_eq!(
            visascreen.validity,
            Validity::Months(u16::try_from(years * 12).expect("fits"))
        );
        let cmp = types.get("mls_ascpi").expect("mls_ascpi");
        let cycle = f.maintenance.cmp.cycle_years.value * 12;
        assert_eq!(
            cmp.validity,
            Validity::Months(u16::try_from(cycle).expect("fits"))
        );
        assert_eq!(types.get("cv").map(|t| t.validity), Some(Validity::None));
        assert_eq!(
            types.get("passport").map(|t| t.validity),
            Some(Validity::Printed)
        );
        // The English-test period has no source in the facts: the page says so.
        let english = types.get("english_test").expect("english_test");
        assert!(
            english
                .validity_note
                .as_deref()
                .is_some_and(|n| n.starts_with("Not confirmed"))
        );
    }

    #[test]
    fn every_licensing_state_has_a_licence_type() {
        let types = document_types();
        for state in facts().licensure_states() {
            let t = types
                .state_licence(&state.code)
                .unwrap_or_else(|| panic!("{}", state.code));
            assert!(t.name.starts_with(&state.name), "{}", t.name);
        }
        assert!(types.state_licence("TX").is_none());
    }
}
