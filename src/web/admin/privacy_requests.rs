//! `/admin/privacy-requests`: what candidates asked for on "My application", open ones first
//! with their due date (overdue ones highlighted), and a button that marks one answered.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::db::privacy_requests::{self, PrivacyRequest};
use crate::portal::requests::PrivacyRequestKind;
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::admin::{AdminChrome, render_admin};
use crate::web::error::AppError;
use crate::web::respond::see_other;

pub(crate) const PATH: &str = "/admin/privacy-requests";

#[derive(Template)]
#[template(path = "admin/privacy_requests.html")]
pub(crate) struct PrivacyRequestsPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) requests: Vec<PrivacyRequest>,
}

wears_chrome!(PrivacyRequestsPage);

impl PrivacyRequestsPage {
    pub(crate) fn kind(&self, value: &str) -> String {
        PrivacyRequestKind::parse(value).map_or_else(|_| value.to_owned(), |k| k.label().to_owned())
    }
}

pub(crate) async fn list_privacy_requests(
    state: web::Data<AppState>,
    session: RecruiterSession,
) -> Result<HttpResponse, AppError> {
    let requests = privacy_requests::list(&state.pool).await?;
    render_admin(&PrivacyRequestsPage {
        chrome: AdminChrome::new(&session, PATH, "Privacy requests"),
        requests,
    })
}

pub(crate) async fn mark_answered(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    privacy_requests::mark_answered(&state.pool, id, session.recruiter_id).await?;
    Ok(see_other(PATH))
}
