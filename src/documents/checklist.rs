//! The checklist the advisor's plan implies: which document types a candidate needs for their
//! current answers. `derive` is pure (the plan in, type keys out); `sync` stores the result next
//! to what recruiters added or waived (`db::documents::sync_plan_items`). The pages call `sync`
//! before they show a checklist, so it follows the answers as they change.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::types::{DocumentTypes, document_types};
use crate::advisor::{self, Answers, Plan, Verdict};
use crate::db::{applications, documents, profile_versions};
use crate::domain::WorkAuthorisation;
use crate::guide::facts;
use crate::portal::case::current_answers;

/// Brings the stored plan items of a candidate up to date with their current answers. A
/// candidate without an application, or with answers today's lists refuse, keeps what is stored.
pub(crate) async fn sync(pool: &PgPool, candidate_id: Uuid) -> Result<(), sqlx::Error> {
    sync_on(&mut *pool.acquire().await?, candidate_id).await
}

/// `sync` on a connection the caller holds: each connection taken from the pool is a round trip
/// of its own (sqlx pings it), so a submission does all its work on one.
pub(crate) async fn sync_on(
    conn: &mut PgConnection,
    candidate_id: Uuid,
) -> Result<(), sqlx::Error> {
    let details = applications::of_candidate(&mut *conn, candidate_id).await?;
    let Some(latest) = details.first() else {
        return Ok(());
    };
    let changed = profile_versions::newest(&mut *conn, candidate_id).await?;
    let Some(answers) = current_answers(latest, changed.as_ref()) else {
        return Ok(());
    };
    let mut keys = derive(&answers, &advisor::plan(&answers, facts::facts()));
    // A CV sent with an application counts: the checklist asks for one only when none was.
    if details.iter().any(|a| a.cv_file_name.is_some()) {
        keys.retain(|k| k != "cv");
    }
    documents::sync_plan_items(conn, candidate_id, &keys).await
}

/// The type keys the plan asks for, in the checklist's order (CV first (`sync` drops it when an
/// application came with one), then identity, then the
/// credential, the evaluation and English test, VisaScreen, the state licences).
pub(crate) fn derive(answers: &Answers, plan: &Plan) -> Vec<String> {
    derive_with(answers, plan, document_types())
}

fn derive_with(answers: &Answers, plan: &Plan, types: &DocumentTypes) -> Vec<String> {
    let mut keys: Vec<String> = vec!["cv".into()];
    let needs_visa = answers.work_authorisation != WorkAuthorisation::CitizenOrGreenCard;
    if needs_visa {
        keys.push("passport".into());
    }
    if let Some(credential) = credential(plan) {
        keys.push(credential.into());
    }
    let verdict = |key: &str| {
        plan.documents
            .iter()
            .chain(&plan.visas)
            .find(|i| i.key == key)
            .map(|i| i.verdict)
    };
    if verdict("evaluation") == Some(Verdict::Required) {
        keys.push("evaluation".into());
    }
    if verdict("english").is_some_and(|v| v != Verdict::NotNeeded) {
        keys.push("english_test".into());
    }
    if verdict("visascreen") == Some(Verdict::Required) {
        keys.push("visascreen".into());
        // VisaScreen checks the licence from the country of training.
        if answers.country_of_education.code != "US" {
            keys.push("home_licence".into());
        }
    }
    for item in &plan.licensure {
        if item.verdict == Verdict::Required
            && let Some(code) = item.key.strip_prefix("state_")
            && let Some(licence) = types.state_licence(code)
        {
            keys.push(licence.key.clone());
        }
    }
    keys.retain(|k| types.get(k).is_some());
    keys
}

/// The certificate to collect: the one held, else the plan's best route while it is one the
/// candidate can work towards (not a route the rules close).
fn credential(plan: &Plan) -> Option<&'static str> {
    let best = plan.certification.first()?;
    let key = best.key.strip_prefix("held_").unwrap_or(&best.key);
    if matches!(best.verdict, Verdict::NotOpen) {
        return None;
    }
    Some(match key {
        "mls_ascpi" => "mls_ascpi",
        "mlt_ascpi" => "mlt_ascpi",
        "mls_ascp" => "mls_ascp",
        "mlt_ascp" => "mlt_ascp",
        "specialist_ascp" => "specialist_ascp",
        "mls_amt" | "mt_amt" => "mls_amt",
        "mlt_amt" => "mlt_amt",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisor::plan;
    use crate::advisor::tests::{PERSONAS, answers};
    use crate::guide::facts::facts;

    fn checklist(query: &str) -> Vec<String> {
        let a = answers(query);
        derive(&a, &plan(&a, facts()))
    }

    fn persona(name_starts: &str) -> &'static str {
        PERSONAS
            .iter()
            .find(|p| p.name.starts_with(name_starts))
            .unwrap_or_else(|| panic!("no persona {name_starts}"))
            .query
    }

    #[test]
    fn filipino_mls_heading_for_california() {
        let keys = checklist(persona("Philippine BS Medical Technology"));
        assert_eq!(
            keys,
            [
                "cv",
                "passport",
                "mls_ascpi",
                "evaluation",
                "english_test",
                "visascreen",
                "home_licence",
                "state_licence_ca"
            ]
        );
        let types = document_types();
        let ca = types
            .get("state_licence_ca")
            .expect("California licence type");
        assert_eq!(
            ca.name,
            "California Clinical Laboratory Scientist (CLS) licence"
        );
    }

    #[test]
    fn canadian_heading_for_texas_on_tn_differs() {
        let query = "country_of_education=CA&qualification=mlt_diploma&clinical_training=yes&experience_years=4&lab_accreditation=ministry&us_certification=none_yet&english_test=exempt&citizenship=CA&target_states=TX&country_of_residence=CA&work_authorisation=needs_sponsorship";
        let keys = checklist(query);
        // No English test (Canadian school), no Texas licence (Texas licenses nobody).
        assert!(!keys.contains(&"english_test".to_owned()), "{keys:?}");
        assert!(
            !keys.iter().any(|k| k.starts_with("state_licence_")),
            "{keys:?}"
        );
        assert!(
            keys.contains(&"visascreen".to_owned()),
            "TN needs the certificate too"
        );
        assert!(keys.contains(&"evaluation".to_owned()), "{keys:?}");
        assert_ne!(keys, checklist(persona("Philippine BS Medical Technology")));
    }

    #[test]
    fn nigerian_biology_graduate_for_texas_needs_the_english_test_and_no_licence() {
        let keys = checklist(persona("Nigerian biology graduate"));
        assert!(keys.contains(&"english_test".to_owned()), "{keys:?}");
        assert!(keys.contains(&"evaluation".to_owned()), "{keys:?}");
        assert!(
            !keys.iter().any(|k| k.starts_with("state_licence_")),
            "{keys:?}"
        );
    }

    #[test]
    fn amt_holder_for_new_york_collects_the_held_certificate_and_the_new_york_licence() {
        let keys = checklist(persona("MLS(AMT) holder aiming for New York"));
        assert!(keys.contains(&"mls_amt".to_owned()), "{keys:?}");
        assert!(keys.contains(&"state_licence_ny".to_owned()), "{keys:?}");
        assert!(
            !keys.contains(&"mls_ascpi".to_owned()),
            "the held one, not the route"
        );
    }

    #[test]
    fn mexican_for_texas_and_california_needs_the_california_licence_only() {
        let keys = checklist(persona("Mexican Licenciatura holder"));
        assert!(keys.contains(&"state_licence_ca".to_owned()), "{keys:?}");
        assert!(!keys.contains(&"state_licence_tx".to_owned()), "{keys:?}");
        assert!(keys.contains(&"mls_ascpi".to_owned()), "{keys:?}");
    }

    #[test]
    fn a_us_graduate_with_a_green_card_needs_no_visa_papers() {
        let query = "country_of_education=US&qualification=bs_mls&clinical_training=yes&experience_years=3&lab_accreditation=cap&us_certification=mls_ascp&english_test=exempt&citizenship=US&target_states=FL&country_of_residence=US&work_authorisation=citizen_or_green_card";
        let keys = checklist(query);
        assert_eq!(keys, ["cv", "mls_ascp", "state_licence_fl"]);
    }

    #[test]
    fn indian_on_opt_for_texas_keeps_the_passport_and_visa_papers() {
        let keys = checklist(persona("Indian MSc holder"));
        assert!(keys.contains(&"passport".to_owned()), "{keys:?}");
        assert!(keys.contains(&"visascreen".to_owned()), "{keys:?}");
        assert!(keys.contains(&"english_test".to_owned()), "{keys:?}");
    }

    #[test]
    fn every_persona_gets_a_cv_and_only_known_types() {
        let types = document_types();
        for p in PERSONAS {
            let keys = checklist(p.query);
            assert_eq!(keys.first().map(String::as_str), Some("cv"), "{}", p.name);
            for key in &keys {
                assert!(types.get(key).is_some(), "{}: {key}", p.name);
            }
            let mut unique = keys.clone();
            unique.dedup();
            assert_eq!(unique, keys, "{}", p.name);
        }
    }
}
