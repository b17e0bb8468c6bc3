//! `/admin/reports` (issue 15, item 6): the pipeline at a glance, drawn on the server as SVG (no
//! JavaScript), each chart with the same numbers as a table and as a CSV download
//! (`/admin/reports/<report>.csv`), filtered by date range and owner.

pub(crate) mod build;
pub(crate) mod chart;
pub(crate) mod filter;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::db::recruiters::{self, RecruiterOption};
use crate::domain::form_errors::FormErrors;
use crate::web::AppState;
use crate::web::admin::candidate::attachment;
use crate::web::admin::export::neutralise;
use crate::web::admin::{AdminChrome, render_admin_with_status};
use crate::web::error::AppError;
use build::{REPORTS, Report, ReportKind};
use chart::Shape;
use filter::ReportFilterForm;

pub(crate) const PATH: &str = "/admin/reports";

#[derive(Template)]
#[template(path = "admin/reports.html")]
pub(crate) struct ReportsPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) form: ReportFilterForm,
    pub(crate) errors: FormErrors,
    pub(crate) recruiters: Vec<RecruiterOption>,
    /// Empty when the filter was refused.
    pub(crate) reports: Vec<Report>,
    /// The filter's query string, for the CSV links.
    pub(crate) query: String,
    /// The range shown, in words ("2026-06-09 to 2026-12-01").
    pub(crate) range: String,
    pub(crate) width: f64,
}

wears_chrome!(ReportsPage);

impl ReportsPage {
    pub(crate) fn is_columns(&self, report: &Report) -> bool {
        report.chart.shape == Shape::Columns
    }
}

pub(crate) async fn show_reports(
    state: web::Data<AppState>,
    session: RecruiterSession,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let form = ReportFilterForm::from_query(request.query_string());
    let recruiters = recruiters::active(&state.pool).await?;
    let (reports, errors, range) = match form.parse(session.today(), &recruiters) {
        Ok(scope) => {
            let mut reports = Vec::with_capacity(REPORTS.len());
            for kind in REPORTS {
                reports.push(build::load(&state.pool, *kind, &scope).await?);
            }
            let range = format!("{} to {}", scope.first_day, scope.last_day);
            (reports, FormErrors::default(), range)
        }
        Err(errors) => (Vec::new(), errors, String::new()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_admin_with_status(
        &ReportsPage {
            chrome: AdminChrome::new(&session, PATH, "Reports"),
            query: form.query(),
            form,
            errors,
            recruiters,
            reports,
            range,
            width: chart::WIDTH,
        },
        status,
    )
}

/// `/admin/reports/<slug>.csv`: one report's table, with the page's filter. A refused filter
/// answers with the page and its messages (422), like the page itself.
pub(crate) async fn download_report_csv(
    state: web::Data<AppState>,
    session: RecruiterSession,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let kind = path
        .strip_suffix(".csv")
        .and_then(ReportKind::find)
        .ok_or(AppError::NotFound)?;
    let form = ReportFilterForm::from_query(request.query_string());
    let recruiters = recruiters::active(&state.pool).await?;
    let Ok(scope) = form.parse(session.today(), &recruiters) else {
        return show_reports(state, session, request).await;
    };
    let report = build::load(&state.pool, kind, &scope).await?;
    let csv = to_csv(&report).context("building a report's CSV failed")?;
    Ok(attachment(
        &format!("{}-{}-{}.csv", kind.slug(), scope.first_day, scope.last_day),
        "text/csv; charset=utf-8",
        csv,
    ))
}

/// The table as CSV: the header, then the rows as shown, every cell neutralised (a campaign
/// name is typed by whoever made the link, so it may start with `=`).
fn to_csv(report: &Report) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(report.columns)?;
    for row in &report.rows {
        writer.write_record(row.iter().map(|cell| neutralise(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .context("writing the CSV failed")
}
