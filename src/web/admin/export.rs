//! Exports: the filtered candidate list as CSV, and everything about one candidate as JSON (the
//! right of access). Both are downloads, and both are audited.

use actix_web::{HttpResponse, web};
use anyhow::Context;

use crate::auth::session::RecruiterSession;
use crate::db::audit::{self, AuditAction};
use crate::db::candidates::{self, CandidateRow};
use crate::web::AppState;
use crate::web::admin::candidate::{attachment, parse_id};
use crate::web::admin::filters::CandidateFilterForm;
use crate::web::admin::labels::Labels;
use crate::web::error::AppError;

/// A generous cap, so one click cannot build an unbounded file in memory.
pub(crate) const MAX_EXPORT_ROWS: i64 = 100_000;

const HEADER: [&str; 20] = [
    "Reference",
    "Given name",
    "Family name",
    "E-mail",
    "Phone",
    "Lives in",
    "Educated in",
    "Qualification",
    "Experience (years)",
    "US certification",
    "Certification status",
    "English test",
    "Work authorisation",
    "Target states",
    "Returning",
    "Source",
    "Submitted (UTC)",
    "Stage",
    "Owner",
    "Candidate id",
];

pub(crate) async fn export_candidates_csv(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Query<CandidateFilterForm>,
) -> Result<HttpResponse, AppError> {
    let filter = form.parse();
    let rows = candidates::list(&state.pool, &filter, MAX_EXPORT_ROWS, 0, MAX_EXPORT_ROWS).await?;
    let csv = to_csv(&rows).context("building the CSV export failed")?;
    let details = serde_json::json!({ "rows": rows.len(), "filters": form.names_in_use() });
    audit::record(
        &state.pool,
        Some(session.recruiter_id),
        AuditAction::CandidatesExported,
        None,
        details,
    )
    .await?;
    Ok(attachment("candidates.csv", "text/csv; charset=utf-8", csv))
}

pub(crate) async fn export_candidate_json(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let export = candidates::export(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = serde_json::to_vec_pretty(&export).context("serialising the export failed")?;
    audit::record(
        &state.pool,
        Some(session.recruiter_id),
        AuditAction::CandidateExported,
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    Ok(attachment(
        &format!("candidate-{id}.json"),
        "application/json",
        body,
    ))
}

fn to_csv(rows: &[CandidateRow]) -> anyhow::Result<Vec<u8>> {
    let l = Labels;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for r in rows {
        let record = [
            r.reference.clone(),
            r.given_name.clone(),
            l.opt(&r.family_name),
            r.email.clone(),
            r.phone_e164.clone(),
            l.country(&r.country_of_residence),
            l.country(&r.country_of_education),
            l.qualification(&r.qualification),
            r.experience_years.clone(),
            l.certification(&r.us_certification),
            l.certification_status(&r.us_certification_status),
            l.english(&r.english_test),
            l.work_authorisation(&r.work_authorisation),
            l.states(&r.target_states, &r.open_to_any_state),
            l.yes_no(&r.is_returning).to_owned(),
            l.source(&r.heard_about),
            l.time(&r.submitted_at),
            l.stage(&r.stage),
            l.opt(&r.owner_name),
            r.candidate_id.to_string(),
        ];
        writer.write_record(record.iter().map(|cell| neutralise(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .context("writing the CSV failed")
}

/// A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return)
/// gets a leading single quote, so it is shown as text (OWASP's CSV injection advice).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+63917"), "'+63917");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("Ana"), "Ana");
        assert_eq!(neutralise(""), "");
    }
}
