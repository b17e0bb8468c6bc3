//! `/admin/candidates/{id}`: everything about one candidate, and the CV download. Viewing and
//! downloading are audited. Unknown ids (random, erased, or another kind of id) are a plain 404.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::db::applications::{self, ApplicationDetail};
use crate::db::audit::{self, AuditAction};
use crate::db::candidates::{self, CandidateSummary};
use crate::db::documents;
use crate::db::next_actions::{self, OpenAction};
use crate::db::next_steps::{self, NextStep};
use crate::db::outbox::{self, EmailStatus};
use crate::db::pipeline::{self, Note, StageChange};
use crate::db::recruiters::{self, RecruiterOption};
use crate::db::timeline::{self, Cursor};
use crate::documents::view::{self, Line as ChecklistLine};
use crate::documents::{DocumentType, checklist, document_types};
use crate::domain::FormErrors;
use crate::domain::next_action::NextActionForm;
use crate::domain::stage::{STAGES, Stage};
use crate::triage::{self, Triage};
use crate::web::AppState;
use crate::web::admin::documents::DocumentDrafts;
use crate::web::admin::labels::Labels;
use crate::web::admin::next_step::NextStepForm;
use crate::web::admin::timeline::{Line, PAGE_SIZE, line};
use crate::web::admin::{AdminChrome, render_admin};
use crate::web::error::AppError;
use crate::web::respond::{self, CachePolicy};
use time::Date;

#[derive(Template)]
#[template(path = "admin/candidate.html")]
pub(crate) struct CandidatePage {
    pub(crate) chrome: AdminChrome,
    pub(crate) candidate: CandidateSummary,
    /// Newest first; never empty (a candidate exists through an application).
    pub(crate) applications: Vec<ApplicationDetail>,
    pub(crate) emails: Vec<EmailStatus>,
    pub(crate) history: Vec<StageChange>,
    pub(crate) notes: Vec<Note>,
    pub(crate) stages: &'static [Stage],
    pub(crate) recruiters: Vec<RecruiterOption>,
    /// The triage of the latest application (issue 15).
    pub(crate) triage: Option<Triage>,
    /// The case's open next action (issue 15).
    pub(crate) next_action: Option<OpenAction>,
    /// The forms as typed, with their messages (empty on a GET).
    pub(crate) drafts: Drafts,
    /// Today (UTC): the date fields' lower bound and the overdue mark.
    pub(crate) today: Date,
    /// What the candidate reads on My application as their next step (`_next_step.html`).
    pub(crate) next_step: Option<NextStep>,
    /// The candidate's own changes on My application, newest first (`_changes.html`).
    pub(crate) changes: Vec<crate::db::profile_versions::Version>,
    /// The document checklist on `today` (`_documents.html`, issue 14).
    pub(crate) checklist: Vec<ChecklistLine>,
    /// Every document type, for the upload and add forms.
    pub(crate) document_types: &'static [DocumentType],
    /// Everything on the case, newest first, a page at a time (`_timeline.html`, issue 15).
    pub(crate) timeline: Vec<Line>,
    /// The "Show older" link's cursor, when there are older entries.
    pub(crate) older: Option<String>,
    /// `https://wa.me/<digits>` for the candidate's current number (issue 15).
    pub(crate) whatsapp: Option<String>,
    /// What a redirect back here says was done ("The message is queued.").
    pub(crate) notice: Option<&'static str>,
}

/// The candidate page's query: a timeline page (`older`), a notice (`done`).
#[derive(serde::Deserialize)]
pub(crate) struct CandidateQuery {
    #[serde(default)]
    pub(crate) older: String,
    #[serde(default)]
    pub(crate) done: String,
}

/// What a re-rendered candidate page keeps of a refused form.
#[derive(Default)]
pub(crate) struct Drafts {
    pub(crate) action_form: NextActionForm,
    /// The stage form's re-check date (for "not eligible yet").
    pub(crate) recheck_on: String,
    /// The candidate's next-step form as typed, when it was refused (`None`: show what is stored).
    pub(crate) step_form: Option<NextStepForm>,
    /// The checklist's forms as typed (`web::admin::documents`).
    pub(crate) documents: DocumentDrafts,
    pub(crate) errors: FormErrors,
}

wears_chrome!(CandidatePage);

impl CandidatePage {
    pub(crate) fn title_name(&self) -> String {
        self.applications
            .first()
            .map(|a| self.l.name(&a.given_name, &a.family_name))
            .unwrap_or_default()
    }

    pub(crate) fn emails_of(&self, application_id: &Uuid) -> Vec<&EmailStatus> {
        self.emails
            .iter()
            .filter(|e| e.application_id == Some(*application_id))
            .collect()
    }

    pub(crate) fn is_owner(&self, id: &Uuid) -> bool {
        self.candidate.owner_id == Some(*id)
    }

    pub(crate) fn is_assignee_choice(&self, id: &Uuid) -> bool {
        self.drafts.action_form.assignee.trim() == id.to_string()
    }

    /// The message for a field of the next-action or stage form.
    pub(crate) fn error(&self, field: &str) -> Option<&str> {
        self.drafts.errors.get(field)
    }

    /// The next-step text field's value: as typed after a refusal, else what is stored.
    pub(crate) fn step_what_value(&self) -> String {
        match (&self.drafts.step_form, &self.next_step) {
            (Some(typed), _) => typed.what.clone(),
            (None, Some(step)) => step.what.clone(),
            (None, None) => String::new(),
        }
    }

    /// The next-step date field's value, the same way.
    pub(crate) fn step_due_value(&self) -> String {
        match (&self.drafts.step_form, &self.next_step) {
            (Some(typed), _) => typed.due_on.clone(),
            (None, Some(step)) => step.due_on.map(|d| d.to_string()).unwrap_or_default(),
            (None, None) => String::new(),
        }
    }

    pub(crate) fn is_overdue(&self, action: &OpenAction) -> bool {
        action.due_on < self.today
    }

    /// The type chosen in the upload form (as typed after a refusal).
    pub(crate) fn is_upload_type(&self, key: &str) -> bool {
        self.drafts.documents.upload.type_key == key
    }

    pub(crate) fn is_add_type(&self, key: &str) -> bool {
        self.drafts.documents.add.type_key == key
    }

    /// The waiver reason as typed for this item, when its waiver was refused.
    pub(crate) fn waive_draft(&self, item: &Uuid) -> Option<&str> {
        match &self.drafts.documents.waive {
            Some((id, reason)) if id == item => Some(reason.as_str()),
            _ => None,
        }
    }

    /// How many items still need the candidate.
    pub(crate) fn open_documents(&self) -> usize {
        view::open_count(&self.checklist)
    }
}

/// The `{id}` of a candidate route; anything that is not a UUID is simply not found.
pub(crate) fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

pub(crate) async fn show_candidate(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    query: web::Query<CandidateQuery>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut page = candidate_page(&state, &session, id, Drafts::default()).await?;
    if !query.older.is_empty() {
        // A cursor this page did not make is a link nobody was given.
        let cursor = Cursor::decode(&query.older).ok_or(AppError::NotFound)?;
        let older = timeline::of_candidate(&state.pool, id, Some(&cursor), PAGE_SIZE).await?;
        (page.timeline, page.older) = lines(&older, &page.l);
    }
    page.notice = match query.done.as_str() {
        "message" => Some("The message is queued; its delivery status is on the timeline."),
        _ => None,
    };
    let response = render_admin(&page)?;
    audit::record(
        &state.pool,
        Some(session.recruiter_id),
        AuditAction::CandidateViewed,
        Some(id),
        serde_json::json!({}),
    )
    .await?;
    Ok(response)
}

/// The candidate page, with the next-action form as typed and its messages (empty on a GET).
pub(crate) async fn candidate_page(
    state: &AppState,
    session: &RecruiterSession,
    id: Uuid,
    drafts: Drafts,
) -> Result<CandidatePage, AppError> {
    let pool = &state.pool;
    let candidate = candidates::summary(pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The checklist follows the current answers: brought up to date before it is shown.
    checklist::sync(pool, id).await?;
    let applications = applications::of_candidate(pool, id).await?;
    let triage = match applications.first() {
        Some(latest) => {
            let mut conn = pool.acquire().await?;
            triage::stored::of_application(&mut conn, id, latest).await?
        }
        None => None,
    };
    let first = timeline::of_candidate(pool, id, None, PAGE_SIZE).await?;
    let (timeline, older) = lines(&first, &Labels);
    let whatsapp = {
        let mut conn = pool.acquire().await?;
        candidates::latest_contact(&mut conn, id)
            .await?
            .map(|c| whatsapp_link(&c.phone_e164))
    };
    let page = CandidatePage {
        chrome: AdminChrome::new(session, &format!("/admin/candidates/{id}"), "Candidate"),
        timeline,
        older,
        whatsapp,
        notice: None,
        applications,
        triage,
        emails: outbox::of_candidate(pool, id).await?,
        history: pipeline::stage_history(pool, id).await?,
        notes: pipeline::notes(pool, id).await?,
        stages: STAGES,
        recruiters: recruiters::active(pool).await?,
        next_action: next_actions::open_of(pool, id).await?,
        next_step: next_steps::of_candidate(pool, id).await?,
        changes: crate::db::profile_versions::of_candidate(pool, id).await?,
        checklist: view::lines(documents::items_of(pool, id).await?, session.today()),
        document_types: document_types().all(),
        drafts,
        today: session.today(),
        candidate,
    };
    Ok(page)
}

fn lines(page: &timeline::Page, l: &Labels) -> (Vec<Line>, Option<String>) {
    let lines = page.entries.iter().map(|e| line(e, l)).collect();
    (lines, page.older.as_ref().map(Cursor::encode))
}

/// A chat with this E.164 number in WhatsApp: wa.me takes the digits without the "+".
pub(crate) fn whatsapp_link(e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    format!("https://wa.me/{digits}")
}

/// Always an attachment, never sniffed, with the name derived at upload (`LM-XXXXXXXX-cv.pdf`)
/// and the type detected from the whole content: a CV is never rendered by the browser, and a
/// downloaded file opens in the program its real type belongs to.
pub(crate) async fn download_cv(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let application_id = parse_id(&path)?;
    let cv = applications::cv(&state.pool, application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let details = serde_json::json!({ "application": application_id });
    audit::record(
        &state.pool,
        Some(session.recruiter_id),
        AuditAction::CvDownloaded,
        Some(cv.candidate_id),
        details,
    )
    .await?;
    Ok(attachment(&cv.file_name, &cv.content_type, cv.content))
}

/// A download response: `Content-Disposition: attachment` with the name (RFC 6266 filename*),
/// no sniffing, no caching.
pub(crate) fn attachment(file_name: &str, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii_fallback(file_name)),
            DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: file_name.as_bytes().to_vec(),
            }),
        ],
    };
    respond::builder(StatusCode::OK, CachePolicy::NoStore)
        .content_type(content_type)
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body)
}

/// The plain `filename=` for old clients: ASCII letters, digits, dot, dash and underscore only.
fn ascii_fallback(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.trim_matches(|c| c == '_' || c == '.').is_empty() {
        "download".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_links_carry_the_digits_only() {
        assert_eq!(whatsapp_link("+639171234567"), "https://wa.me/639171234567");
    }

    #[test]
    fn download_names_lose_everything_but_safe_ascii() {
        assert_eq!(ascii_fallback("CV Ana María.pdf"), "CV_Ana_Mar_a.pdf");
        assert_eq!(ascii_fallback("\"; x=.pdf"), "___x_.pdf");
        assert_eq!(ascii_fallback("..."), "download");
    }
}
