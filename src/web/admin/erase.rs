//! Erasing a candidate: a confirmation page, then a POST that deletes the candidate with every
//! application, CV, e-mail, note and stage change. The audit log keeps only that an erasure
//! happened.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::session::RecruiterSession;
use crate::db::applications;
use crate::db::candidates::{self, CandidateSummary};
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::admin::labels::Labels;
use crate::web::admin::{AdminChrome, render_admin};
use crate::web::error::AppError;
use crate::web::respond::see_other;

/// The word the recruiter types to confirm, so a stray click cannot erase anyone.
pub(crate) const CONFIRMATION_WORD: &str = "ERASE";

#[derive(Template)]
#[template(path = "admin/erase.html")]
pub(crate) struct ConfirmErasePage {
    pub(crate) chrome: AdminChrome,
    pub(crate) candidate: CandidateSummary,
    pub(crate) name: String,
    pub(crate) applications: usize,
    pub(crate) word: &'static str,
}

wears_chrome!(ConfirmErasePage);

#[derive(Deserialize)]
pub(crate) struct EraseForm {
    #[serde(default)]
    pub(crate) confirm: String,
}

pub(crate) async fn confirm_erase(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let candidate = candidates::summary(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let applications = applications::of_candidate(&state.pool, id).await?;
    let name = applications
        .first()
        .map(|a| Labels.name(&a.given_name, &a.family_name))
        .unwrap_or_default();
    render_admin(&ConfirmErasePage {
        chrome: AdminChrome::new(
            &session,
            &format!("/admin/candidates/{id}/erase"),
            "Erase candidate",
        ),
        candidate,
        name,
        applications: applications.len(),
        word: CONFIRMATION_WORD,
    })
}

pub(crate) async fn erase_candidate(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    if form.confirm.trim() != CONFIRMATION_WORD {
        // Back to the confirmation page: nothing was erased.
        return Ok(see_other(&format!("/admin/candidates/{id}/erase")));
    }
    if !crate::db::retention::erase_candidate(&state.pool, id, session.recruiter_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/candidates?erased=1"))
}
