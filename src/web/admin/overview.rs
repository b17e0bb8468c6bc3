//! `/admin`: the week at a glance — new candidates, the pipeline, where candidates trained,
//! whether e-mail is flowing, privacy requests that are due or overdue, and which of the guide's
//! facts need a review today (the list `labminds facts review` prints).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::db::attention::{self, OverdueAction, UnownedCase};
use crate::db::candidates::{self, Totals};
use crate::db::outbox::{self, Health};
use crate::db::privacy_requests::{self, Due};
use crate::db::{Count, documents, pipeline};
use crate::domain::working_days;
use crate::guide::review::{self, DueEntry};
use crate::web::AppState;
use crate::web::admin::{AdminChrome, SCOPE, render_admin};
use crate::web::error::AppError;
use time::OffsetDateTime;

/// A new case nobody owns shows on the overview after this many working days (issue 15).
const UNOWNED_AFTER_WORKING_DAYS: u32 = 2;

#[derive(Template)]
#[template(path = "admin/overview.html")]
pub(crate) struct OverviewPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) totals: Totals,
    pub(crate) outbox: Health,
    pub(crate) stages: Vec<Count>,
    pub(crate) countries: Vec<Count>,
    /// Entries of `facts.toml` due for review today (UTC).
    pub(crate) facts_due: Vec<DueEntry>,
    pub(crate) privacy: Due,
    /// Open next actions past their due date (issue 15).
    pub(crate) overdue: Vec<OverdueAction>,
    /// New cases nobody owns, older than two working days.
    pub(crate) unowned: Vec<UnownedCase>,
    /// Documents expiring or expired, and candidates blocked on a missing one (issue 14).
    pub(crate) documents: documents::Counts,
}

wears_chrome!(OverviewPage);

pub(crate) async fn show_overview(
    state: web::Data<AppState>,
    session: RecruiterSession,
) -> Result<HttpResponse, AppError> {
    let totals = candidates::totals(&state.pool).await?;
    let outbox = outbox::health(&state.pool).await?;
    let stages = pipeline::counts_per_stage(&state.pool).await?;
    let countries = candidates::counts_per_education(&state.pool).await?;
    let privacy = privacy_requests::due(&state.pool).await?;
    let now = OffsetDateTime::now_utc();
    let overdue =
        attention::overdue_actions(&state.pool, session.today(), None, attention::LIMIT).await?;
    let cutoff = working_days::before(now, UNOWNED_AFTER_WORKING_DAYS);
    let unowned = attention::unowned_new_cases(&state.pool, cutoff, attention::LIMIT).await?;
    let documents = documents::counts(&state.pool, session.today()).await?;
    render_admin(&OverviewPage {
        chrome: AdminChrome::new(&session, SCOPE, "Dashboard"),
        totals,
        outbox,
        stages,
        countries,
        facts_due: review::due_on(now.date()),
        privacy,
        overdue,
        unowned,
        documents,
    })
}
