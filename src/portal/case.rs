//! What the signed-in page shows: every application of the person (reference and date), the
//! case's stage in the candidate's words (`domain::stage::for_candidate`), who looks after it (the
//! owner's display name),
//! the pathway plan the advisor computes from the latest answers, and the consents. Reading it is recorded in
//! the audit log.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::advisor::{self, AdvisorForm, Answers, Step};
use crate::db::applications::{self, ApplicationDetail};
use crate::db::audit::{self, AuditAction};
use crate::db::candidates;
use crate::db::consents::ConsentState;
use crate::db::next_steps::{self, NextStep};
use crate::db::profile_versions;
use crate::domain::profile_update::Details;
use crate::domain::stage::{self, ForCandidate};
use crate::guide::facts;
use crate::portal::consents::{self, ConsentPurpose};

/// One application, as the page lists it.
pub(crate) struct ApplicationLine {
    pub(crate) reference: String,
    pub(crate) submitted_on: OffsetDateTime,
}

/// The plan for the latest answers: its headline, its first steps and its page.
pub(crate) struct PlanSummary {
    /// The best certification route and its verdict ("MLS(ASCPi) route 1: Likely").
    pub(crate) route: String,
    pub(crate) verdict: &'static str,
    pub(crate) steps: Vec<Step>,
    /// `/advisor/plan?…`: the whole plan for these answers.
    pub(crate) href: String,
    /// `/advisor?…`: the questionnaire pre-filled, to answer what the form did not ask.
    pub(crate) edit_href: String,
}

/// The first steps the page shows; the plan's page has them all.
const STEPS_SHOWN: usize = 4;

pub(crate) struct Case {
    pub(crate) given_name: String,
    /// Newest first.
    pub(crate) applications: Vec<ApplicationLine>,
    pub(crate) status: ForCandidate,
    /// The display name of the recruiter who owns the case (never their e-mail address); `None`
    /// while the team as a whole looks after it.
    pub(crate) owner_name: Option<String>,
    pub(crate) plan: Option<PlanSummary>,
    /// Every consent purpose and its current state.
    pub(crate) consents: Vec<(ConsentPurpose, ConsentState)>,
    /// What a recruiter wrote as the candidate's next step, and by when, if they set one.
    pub(crate) next_step: Option<NextStep>,
}

/// The case of a signed-in candidate; `None` when the candidate no longer exists (erased while
/// the session was open).
pub(crate) async fn case(pool: &PgPool, candidate_id: Uuid) -> Result<Option<Case>, sqlx::Error> {
    let Some(summary) = candidates::summary(pool, candidate_id).await? else {
        return Ok(None);
    };
    let details = applications::of_candidate(pool, candidate_id).await?;
    let Some(latest) = details.first() else {
        return Ok(None);
    };
    let consents = consents::states(pool, candidate_id).await?;
    let case = Case {
        next_step: next_steps::of_candidate(pool, candidate_id).await?,
        consents,
        given_name: latest.given_name.clone(),
        plan: plan_summary(
            latest,
            profile_versions::newest(pool, candidate_id).await?.as_ref(),
        ),
        applications: details
            .iter()
            .map(|a| ApplicationLine {
                reference: a.reference.clone(),
                submitted_on: a.created_at,
            })
            .collect(),
        status: stage::for_candidate(&summary.stage),
        owner_name: summary.owner_name,
    };
    let nothing = serde_json::json!({});
    audit::record(
        pool,
        None,
        AuditAction::PortalViewed,
        Some(candidate_id),
        nothing,
    )
    .await?;
    Ok(Some(case))
}

/// The advisor's answers for a candidate now: the latest application's, with the answers the
/// candidate changed since (`changed`, the newest version) in place of the application's. The
/// form does not ask the advisor's two own questions (clinical training, lab accreditation): they
/// are "not sure", which the advisor treats as "needs review". A certification counts as held
/// only once passed. `None` for answers an older release stored that today's lists refuse. The
/// page's plan and the document checklist (`documents::checklist`) both start here.
pub(crate) fn current_answers(
    latest: &ApplicationDetail,
    changed: Option<&Details>,
) -> Option<Answers> {
    let current = match changed {
        Some(details) => details.clone(),
        None => Details {
            phone_e164: latest.phone_e164.clone(),
            country_of_residence: latest.country_of_residence.clone(),
            us_certification: latest.us_certification.clone(),
            us_certification_status: latest.us_certification_status.clone(),
            english_test: latest.english_test.clone(),
            target_states: latest.target_states.clone(),
            open_to_any_state: latest.open_to_any_state,
            work_authorisation: latest.work_authorisation.clone(),
            availability: latest.availability.clone(),
        },
    };
    let held = if current.us_certification_status == "passed" {
        current.us_certification.clone()
    } else {
        "none_yet".to_owned()
    };
    let form = AdvisorForm {
        country_of_education: latest.country_of_education.clone(),
        qualification: latest.qualification.clone(),
        clinical_training: "not_sure".to_owned(),
        experience_years: latest.experience_years.clone(),
        lab_accreditation: "not_sure".to_owned(),
        us_certification: held,
        english_test: current.english_test,
        citizenship: latest.citizenships.clone(),
        target_states: current.target_states,
        open_to_any_state: if current.open_to_any_state { "yes" } else { "" }.to_owned(),
        country_of_residence: current.country_of_residence,
        work_authorisation: current.work_authorisation,
    };
    Answers::parse(&form).ok()
}

/// The advisor's plan from the latest application and the answers changed since.
fn plan_summary(latest: &ApplicationDetail, changed: Option<&Details>) -> Option<PlanSummary> {
    let answers = current_answers(latest, changed)?;
    let plan = advisor::plan(&answers, facts::facts());
    let best = plan.certification.first()?;
    Some(PlanSummary {
        route: best.heading.clone(),
        verdict: best.verdict.label(),
        href: format!("/advisor/plan?{}", answers.plan_query()),
        edit_href: plan.edit_href.clone(),
        steps: plan.steps.into_iter().take(STEPS_SHOWN).collect(),
    })
}
