//! `/admin`: the week at a glance — new candidates, the pipeline, where candidates trained, and
//! whether e-mail is flowing.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::db::candidates_admin::{self, Count, Overview};
use crate::error::AppError;
use crate::web::AppState;
use crate::web::admin::labels::Labels;
use crate::web::admin::{SCOPE, admin_meta, render_admin};
use crate::web::layout::PageMeta;

#[derive(Template)]
#[template(path = "admin/overview.html")]
pub struct OverviewPage {
    pub meta: PageMeta,
    pub who: String,
    pub csrf: String,
    pub l: Labels,
    pub overview: Overview,
    pub stages: Vec<Count>,
    pub countries: Vec<Count>,
}

pub async fn show_overview(
    state: web::Data<AppState>,
    session: RecruiterSession,
) -> Result<HttpResponse, AppError> {
    let overview = candidates_admin::overview(&state.pool).await?;
    let stages = candidates_admin::counts_per_stage(&state.pool).await?;
    let countries = candidates_admin::counts_per_education(&state.pool).await?;
    render_admin(&OverviewPage {
        meta: admin_meta(SCOPE, "Dashboard"),
        who: session.email,
        csrf: session.csrf_token,
        l: Labels,
        overview,
        stages,
        countries,
    })
}
