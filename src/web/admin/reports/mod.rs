//! `/admin/reports` (issue 15, item 6): the pipeline at a glance, drawn on the server as SVG (no
//! JavaScript), each chart with the same numbers as a table and as a CSV download
//! (`/admin/reports/<report>.csv`), filtered by date range and owner. The numbers are the figures
//! of the last rebuild (`crate::reports`, every 10 minutes), and the page says when they were
//! taken; before the first rebuild, that they are being computed.

pub(crate) mod build;
pub(crate) mod chart;
pub(crate) mod filter;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use askama::Template;
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::auth::session::RecruiterSession;
use crate::db::recruiters::{self, RecruiterOption};
use crate::db::reports::{self, Scope};
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
    pub(crate) recruiters: Vec<RecruiterOption>,
    pub(crate) shown: Shown,
    /// The filter's query string, for the CSV links.
    pub(crate) query: String,
    pub(crate) width: f64,
}

wears_chrome!(ReportsPage);

impl ReportsPage {
    pub(crate) fn is_columns(&self, report: &Report) -> bool {
        report.chart.shape == Shape::Columns
    }
}

/// What the page shows below the filter: the messages of a refused filter, or the reports of the
/// last figures (none yet: `figures_as_of` is `None` and the page says they are being computed).
pub(crate) struct Shown {
    pub(crate) errors: FormErrors,
    pub(crate) reports: Vec<Report>,
    /// The range shown, in words ("2026-06-09 to 2026-12-01"); empty when refused.
    pub(crate) range: String,
    /// When the figures were taken ("14:20 UTC", or with the date when not today).
    pub(crate) figures_as_of: Option<String>,
}

impl Shown {
    fn refused(errors: FormErrors) -> Self {
        Shown {
            errors,
            reports: Vec::new(),
            range: String::new(),
            figures_as_of: None,
        }
    }

    /// The reports of `scope` from the last figures, or none when no rebuild has finished yet.
    async fn load(pool: &PgPool, scope: &Scope, kinds: &[ReportKind]) -> Result<Self, AppError> {
        let mut shown = Shown::refused(FormErrors::default());
        shown.range = format!("{} to {}", scope.first_day, scope.last_day);
        let mut tx = reports::begin_reading(pool).await?;
        let Some(taken) = reports::taken_at(&mut tx).await? else {
            return Ok(shown);
        };
        shown.figures_as_of = Some(as_of(taken, OffsetDateTime::now_utc()));
        for kind in kinds {
            shown
                .reports
                .push(build::load(&mut tx, *kind, scope).await?);
        }
        // Read only: the commit ends the snapshot and writes nothing.
        tx.commit().await?;
        Ok(shown)
    }
}

/// "14:20 UTC" for figures taken today (UTC), "2026-11-30 23:50 UTC" for older ones.
fn as_of(taken: OffsetDateTime, now: OffsetDateTime) -> String {
    let taken = taken.to_offset(time::UtcOffset::UTC);
    let time = format!("{:02}:{:02} UTC", taken.hour(), taken.minute());
    if taken.date() == now.to_offset(time::UtcOffset::UTC).date() {
        time
    } else {
        format!("{} {time}", taken.date())
    }
}

pub(crate) async fn show_reports(
    state: web::Data<AppState>,
    session: RecruiterSession,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let form = ReportFilterForm::from_query(request.query_string());
    let recruiters = recruiters::active(&state.pool).await?;
    let shown = match form.parse(session.today(), &recruiters) {
        Ok(scope) => Shown::load(&state.pool, &scope, REPORTS).await?,
        Err(errors) => Shown::refused(errors),
    };
    let status = if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(&session, form, recruiters, shown, status)
}

fn render(
    session: &RecruiterSession,
    form: ReportFilterForm,
    recruiters: Vec<RecruiterOption>,
    shown: Shown,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render_admin_with_status(
        &ReportsPage {
            chrome: AdminChrome::new(session, PATH, "Reports"),
            query: form.query(),
            form,
            recruiters,
            shown,
            width: chart::WIDTH,
        },
        status,
    )
}

/// `/admin/reports/<slug>.csv`: one report's table, with the page's filter. A refused filter
/// answers with the page and its messages (422), like the page itself; before the first rebuild
/// of the figures, the page saying they are being computed (503, with `Retry-After`).
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
    let shown = Shown::load(&state.pool, &scope, &[kind]).await?;
    let Some(report) = shown.reports.first() else {
        let status = StatusCode::SERVICE_UNAVAILABLE;
        return render(&session, form, recruiters, shown, status);
    };
    let csv = to_csv(report).context("building a report's CSV failed")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn figures_of_today_show_the_time_and_older_ones_the_date_too() {
        let now = datetime!(2026-12-01 14:25 UTC);
        assert_eq!(as_of(datetime!(2026-12-01 14:20:59 UTC), now), "14:20 UTC");
        assert_eq!(
            as_of(datetime!(2026-12-01 08:05 +9), now),
            "2026-11-30 23:05 UTC"
        );
    }
}
