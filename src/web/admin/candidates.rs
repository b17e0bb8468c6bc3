//! `/admin/candidates`: search, filters, sort and pages over every candidate (shown through their
//! latest application). The CSV export of the same filter is in `export`.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::db::candidates::{self, CandidateRow};
use crate::db::recruiters::{self, RecruiterOption};
use crate::domain::choices::*;
use crate::domain::countries::{COUNTRIES, Country};
use crate::domain::us_states::{US_STATES, UsState};
use crate::web::AppState;
use crate::web::admin::filters::{
    CandidateFilter, CandidateFilterForm, DUE_FILTERS, MAX_PAGE, PAGE_SIZE, SORTS,
};
use crate::web::error::AppError;

/// The list counts (and pages through) at most this many matches: every page the pager allows.
pub(crate) const LIST_CAP: i64 = MAX_PAGE * PAGE_SIZE;
use crate::domain::stage::{STAGES, Stage};
use crate::web::admin::{AdminChrome, render_admin};

pub(crate) type Options = &'static [(&'static str, &'static str)];

#[derive(Template)]
#[template(path = "admin/candidates.html")]
pub(crate) struct CandidatesPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) form: CandidateFilterForm,
    pub(crate) rows: Vec<CandidateRow>,
    pub(crate) total: i64,
    /// More than `total` match (the count stops at `LIST_CAP`).
    pub(crate) more: bool,
    pub(crate) page: i64,
    pub(crate) last_page: i64,
    /// The query string of the current filter, for the CSV link.
    pub(crate) export_query: String,
    pub(crate) stages: &'static [Stage],
    pub(crate) countries: &'static [Country],
    pub(crate) us_states: &'static [UsState],
    pub(crate) certifications: Options,
    pub(crate) certification_statuses: Options,
    pub(crate) english_tests: Options,
    pub(crate) work_authorisations: Options,
    pub(crate) sources: Options,
    pub(crate) sorts: Options,
    pub(crate) due_filters: Options,
    /// Today (UTC): what "overdue" is measured against.
    pub(crate) today: time::Date,
    pub(crate) recruiters: Vec<RecruiterOption>,
}

wears_chrome!(CandidatesPage);

impl CandidatesPage {
    pub(crate) fn is_overdue(&self, due: &time::Date) -> bool {
        *due < self.today
    }

    pub(crate) fn page_query(&self, page: i64) -> String {
        self.form.with_page(page)
    }
}

pub(crate) async fn list_candidates(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Query<CandidateFilterForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let today = session.today();
    let filter = CandidateFilter {
        today: Some(today),
        ..form.parse()
    };
    let offset = (filter.page - 1) * PAGE_SIZE;
    let rows = candidates::list(&state.pool, &filter, PAGE_SIZE, offset, LIST_CAP + 1).await?;
    let total = rows.first().map_or(0, |r| r.total).min(LIST_CAP);
    let more = rows.first().is_some_and(|r| r.total > LIST_CAP);
    let recruiters = recruiters::active(&state.pool).await?;
    render_admin(&CandidatesPage {
        chrome: AdminChrome::new(&session, "/admin/candidates", "Candidates"),
        export_query: form.with_page(1),
        page: filter.page,
        last_page: ((total + PAGE_SIZE - 1) / PAGE_SIZE).clamp(1, MAX_PAGE),
        form,
        rows,
        total,
        more,
        stages: STAGES,
        countries: COUNTRIES,
        us_states: US_STATES,
        certifications: UsCertification::OPTIONS,
        certification_statuses: CertificationStatus::OPTIONS,
        english_tests: EnglishTest::OPTIONS,
        work_authorisations: WorkAuthorisation::OPTIONS,
        sources: HeardAbout::OPTIONS,
        sorts: SORTS,
        due_filters: DUE_FILTERS,
        today,
        recruiters,
    })
}
