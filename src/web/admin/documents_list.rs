//! `/admin/documents` (issue 14, item 6): current documents expiring within 30, 60 or 90 days
//! (expired ones first, they are the most urgent), and candidates blocked on a missing document,
//! narrowed by document type and to the recruiter's own cases. Filters are a GET form: the page
//! works without JavaScript and a filtered view can be bookmarked.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::auth::session::RecruiterSession;
use crate::db::documents::{self, ExpiringRow, ListFilter, MissingRow};
use crate::documents::{DocumentType, document_types};
use crate::web::AppState;
use crate::web::admin::{AdminChrome, render_admin};
use crate::web::error::AppError;

/// The windows the page offers, in days.
pub(crate) const WINDOWS: [i64; 3] = [30, 60, 90];

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct DocumentsQuery {
    #[serde(default)]
    within: String,
    #[serde(default, rename = "type")]
    type_key: String,
    #[serde(default)]
    mine: String,
    /// Missing for at least this many days.
    #[serde(default)]
    waiting: String,
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
pub(crate) struct DocumentsPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) within: i64,
    pub(crate) type_key: String,
    pub(crate) mine: bool,
    pub(crate) waiting: i64,
    pub(crate) types: &'static [DocumentType],
    pub(crate) expiring: Vec<ExpiringRow>,
    pub(crate) missing: Vec<MissingRow>,
    pub(crate) today: time::Date,
}

wears_chrome!(DocumentsPage);

impl DocumentsPage {
    pub(crate) fn windows(&self) -> &'static [i64] {
        &WINDOWS
    }

    pub(crate) fn type_name<'a>(&self, key: &'a str) -> &'a str {
        document_types().get(key).map_or(key, |t| t.name.as_str())
    }

    pub(crate) fn is_expired(&self, row: &ExpiringRow) -> bool {
        row.expires_on < self.today
    }

    pub(crate) fn limit(&self) -> i64 {
        documents::LIST_LIMIT
    }
}

pub(crate) async fn list_documents(
    state: web::Data<AppState>,
    session: RecruiterSession,
    query: web::Query<DocumentsQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    // Unknown values fall back to the defaults: a filter never fails the page.
    let within = query
        .within
        .parse()
        .ok()
        .filter(|d| WINDOWS.contains(d))
        .unwrap_or(30);
    let waiting: i64 = query
        .waiting
        .parse()
        .ok()
        .filter(|d| (0..=3650).contains(d))
        .unwrap_or(0);
    let type_key = document_types()
        .get(query.type_key.trim())
        .map(|t| t.key.clone());
    let mine = query.mine == "1";
    let filter = ListFilter {
        type_key: type_key.clone(),
        owner_id: mine.then_some(session.recruiter_id),
    };
    let today = session.today();
    let until = today.saturating_add(Duration::days(within));
    let expiring = documents::expiring(&state.pool, until, &filter).await?;
    let before = OffsetDateTime::now_utc() - Duration::days(waiting);
    let missing = documents::missing(&state.pool, before, &filter).await?;
    render_admin(&DocumentsPage {
        chrome: AdminChrome::new(&session, "/admin/documents", "Documents"),
        within,
        type_key: type_key.unwrap_or_default(),
        mine,
        waiting,
        types: document_types().all(),
        expiring,
        missing,
        today,
    })
}
