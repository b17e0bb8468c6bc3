//! The recruiter dashboard under `/admin` (issue 5). Every route is listed once in `ROUTES` with
//! the access it needs (no session, a sign-in step, any active account, an admin), which both
//! registers them and drives the role-matrix test; the guard in `guard` wraps the whole scope and
//! is the one place roles are checked, so a new route cannot be left open.

/// Lets a dashboard page's template name its chrome's fields (`meta`, `who`, `csrf`, `l`) as its
/// own, so `admin/layout.html` serves every signed-in page.
macro_rules! wears_chrome {
    ($page:ty) => {
        impl std::ops::Deref for $page {
            type Target = crate::web::admin::AdminChrome;
            fn deref(&self) -> &Self::Target {
                &self.chrome
            }
        }
    };
}

pub(crate) mod account;
pub(crate) mod actions;
pub(crate) mod candidate;
pub(crate) mod candidates;
pub(crate) mod documents;
pub(crate) mod documents_list;
pub(crate) mod erase;
pub mod export;
pub mod filters;
pub(crate) mod guard;
pub(crate) mod invitation;
pub(crate) mod labels;
pub(crate) mod login;
pub(crate) mod message;
pub(crate) mod next_action;
pub(crate) mod next_step;
pub(crate) mod overview;
pub(crate) mod password;
pub(crate) mod privacy_requests;
pub(crate) mod reports;
pub(crate) mod second_step;
pub(crate) mod team;
pub(crate) mod throttle;
pub(crate) mod timeline;
pub(crate) mod two_factor;

use actix_web::http::{Method, StatusCode};
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, Route, web};
use askama::Template;

use crate::auth::session::RecruiterSession;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy};
use labels::Labels;

pub(crate) const SCOPE: &str = "/admin";
pub(crate) const LOGIN_PATH: &str = "/admin/login";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminMethod {
    Get,
    Post,
}

/// Who may use a route. The guard checks it for every request of the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed: sign-in, forgotten password, the links e-mails carry.
    Public,
    /// A session that has passed the password and waits for its one-time code.
    SecondFactor,
    /// Any session, at whatever sign-in step (signing out).
    AnySession,
    /// A session that must set up two-factor sign-in first, or any active one (which may set it
    /// up or look at it).
    Enrolment,
    /// Any active account.
    Recruiter,
    /// Active admins only: the team, erasure, the export of all candidates.
    Admin,
}

/// One dashboard route: method and path (inside `/admin`), who may use it, and the handler.
pub struct AdminRoute {
    pub method: AdminMethod,
    /// Relative to `/admin`; `{id}`-style segments are path parameters.
    pub path: &'static str,
    pub access: Access,
    handler: fn(Route) -> Route,
}

impl AdminRoute {
    pub fn full_path(&self) -> String {
        format!("{SCOPE}{}", self.path)
    }

    /// Reachable without a session.
    pub fn is_public(&self) -> bool {
        self.access == Access::Public
    }

    fn route(&self) -> Route {
        let method = match self.method {
            AdminMethod::Get => Method::GET,
            AdminMethod::Post => Method::POST,
        };
        (self.handler)(web::route().method(method))
    }
}

const fn get(path: &'static str, access: Access, handler: fn(Route) -> Route) -> AdminRoute {
    AdminRoute {
        method: AdminMethod::Get,
        path,
        access,
        handler,
    }
}

const fn post(path: &'static str, access: Access, handler: fn(Route) -> Route) -> AdminRoute {
    AdminRoute {
        method: AdminMethod::Post,
        path,
        access,
        handler,
    }
}

use Access::{Admin, AnySession, Enrolment, Public, Recruiter, SecondFactor};

/// The dashboard's route table.
pub const ROUTES: &[AdminRoute] = &[
    get("", Recruiter, |r| r.to(overview::show_overview)),
    get("/login", Public, |r| r.to(login::show_login)),
    post("/login", Public, |r| r.to(login::log_in)),
    get("/login/code", SecondFactor, |r| {
        r.to(second_step::show_code_form)
    }),
    post("/login/code", SecondFactor, |r| {
        r.to(second_step::submit_code)
    }),
    get("/two-factor", Enrolment, |r| {
        r.to(two_factor::show_enrolment)
    }),
    post("/two-factor", Enrolment, |r| {
        r.to(two_factor::confirm_enrolment)
    }),
    get("/forgot-password", Public, |r| r.to(password::show_forgot)),
    post("/forgot-password", Public, |r| {
        r.to(password::request_reset)
    }),
    get("/reset/{token}", Public, |r| r.to(password::show_reset)),
    post("/reset/{token}", Public, |r| r.to(password::reset)),
    get("/invitation/{token}", Public, |r| {
        r.to(invitation::show_invitation)
    }),
    post("/invitation/{token}", Public, |r| {
        r.to(invitation::accept_invitation)
    }),
    post("/logout", AnySession, |r| r.to(login::log_out)),
    get("/account", Recruiter, |r| r.to(account::show_account)),
    post("/account/profile", Recruiter, |r| {
        r.to(account::update_profile)
    }),
    post("/account/digest", Recruiter, |r| {
        r.to(account::update_digest)
    }),
    post("/account/password", Recruiter, |r| {
        r.to(password::change_password)
    }),
    post("/account/sessions/{id}/end", Recruiter, |r| {
        r.to(account::end_session)
    }),
    get("/team", Admin, |r| r.to(team::show_team)),
    post("/team/invite", Admin, |r| r.to(team::invite)),
    post("/team/{id}/role", Admin, |r| r.to(team::change_role)),
    post("/team/{id}/disable", Admin, |r| r.to(team::disable)),
    get("/candidates", Recruiter, |r| {
        r.to(candidates::list_candidates)
    }),
    get("/candidates.csv", Admin, |r| {
        r.to(export::export_candidates_csv)
    }),
    get("/candidates/{id}", Recruiter, |r| {
        r.to(candidate::show_candidate)
    }),
    get("/candidates/{id}/export.json", Recruiter, |r| {
        r.to(export::export_candidate_json)
    }),
    get("/candidates/{id}/erase", Admin, |r| {
        r.to(erase::confirm_erase)
    }),
    post("/candidates/{id}/erase", Admin, |r| {
        r.to(erase::erase_candidate)
    }),
    post("/candidates/{id}/stage", Recruiter, |r| {
        r.to(actions::change_stage)
    }),
    post("/candidates/{id}/owner", Recruiter, |r| {
        r.to(actions::change_owner)
    }),
    post("/candidates/{id}/notes", Recruiter, |r| {
        r.to(actions::add_note)
    }),
    post("/candidates/{id}/next-action", Recruiter, |r| {
        r.to(next_action::set_next_action)
    }),
    post("/candidates/{id}/next-action/done", Recruiter, |r| {
        r.to(next_action::finish_next_action)
    }),
    // Messages to the candidate from a template (issue 15).
    get("/candidates/{id}/message", Recruiter, |r| {
        r.to(message::show_message_form)
    }),
    post("/candidates/{id}/message", Recruiter, |r| {
        r.to(message::send_message)
    }),
    // The step the candidate reads on My application (issue 13).
    post("/candidates/{id}/next-step", Recruiter, |r| {
        r.to(next_step::set_next_step)
    }),
    post(
        "/candidates/{id}/emails/{message_id}/resend",
        Recruiter,
        |r| r.to(actions::resend_email),
    ),
    get("/applications/{id}/cv", Recruiter, |r| {
        r.to(candidate::download_cv)
    }),
    // Documents (issue 14). The upload's body is multipart: its handler checks the CSRF token.
    post("/candidates/{id}/documents", Recruiter, |r| {
        r.to(documents::upload_document)
    }),
    post("/candidates/{id}/checklist", Recruiter, |r| {
        r.to(documents::add_item)
    }),
    post("/candidates/{id}/checklist/{item}/waive", Recruiter, |r| {
        r.to(documents::waive_item)
    }),
    post(
        "/candidates/{id}/documents/{document}/verify",
        Recruiter,
        |r| r.to(documents::verify_document),
    ),
    get("/documents", Recruiter, |r| {
        r.to(documents_list::list_documents)
    }),
    get("/documents/{id}", Recruiter, |r| {
        r.to(documents::download_document)
    }),
    // The pipeline at a glance (issue 15): charts, tables and their CSV.
    get("/reports", Recruiter, |r| r.to(reports::show_reports)),
    get("/reports/{file}", Recruiter, |r| {
        r.to(reports::download_report_csv)
    }),
    // Requests from "My application" (issue 13).
    get("/privacy-requests", Recruiter, |r| {
        r.to(privacy_requests::list_privacy_requests)
    }),
    post("/privacy-requests/{id}/answered", Recruiter, |r| {
        r.to(privacy_requests::mark_answered)
    }),
];

/// The access a request needs: its route's (matched by method and path pattern), or `Recruiter`
/// for a path no route has (which then answers 404 to the signed-in only).
pub(crate) fn access_for(method: &Method, path: &str) -> Access {
    let method = if method == Method::POST {
        AdminMethod::Post
    } else {
        AdminMethod::Get
    };
    ROUTES
        .iter()
        .find(|route| route.method == method && matches_pattern(&route.full_path(), path))
        .map_or(Access::Recruiter, |route| route.access)
}

/// `/admin/candidates/{id}` matches `/admin/candidates/<anything but a slash>`.
fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// Registers `/admin` and everything under it, behind the session guard.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    let mut scope = web::scope(SCOPE).wrap(from_fn(guard::require_session));
    for route in ROUTES {
        scope = scope.route(route.path, route.route());
    }
    cfg.service(scope);
}

/// Dashboard pages are personal data: never cached, never indexed.
pub(crate) fn admin_meta(path: &str, title: &str) -> PageMeta {
    PageMeta::unindexed(path, title, "LabMinds Staffing recruiter dashboard")
}

/// What every signed-in dashboard page shows around its content (`admin/layout.html`): the
/// page's meta, the recruiter signed in, the session's CSRF token for every form, and the labels
/// that turn stored values into words.
pub(crate) struct AdminChrome {
    pub(crate) meta: PageMeta,
    /// The signed-in recruiter's name, beside "Sign out".
    pub(crate) who: String,
    /// Admins see the Team link.
    pub(crate) is_admin: bool,
    /// A full sign-in: the dashboard's links are shown (not during enrolment).
    pub(crate) signed_in: bool,
    pub(crate) csrf: String,
    pub(crate) l: Labels,
}

impl AdminChrome {
    pub(crate) fn new(session: &RecruiterSession, path: &str, title: &str) -> Self {
        AdminChrome {
            meta: admin_meta(path, title),
            who: session.display_name.clone(),
            is_admin: session.role() == crate::domain::team::Role::Admin,
            signed_in: session.state() == crate::auth::session::SessionState::Active,
            csrf: session.csrf_token.clone(),
            l: Labels,
        }
    }
}

/// Renders a dashboard page. Personal data: never stored by any cache (the guard also sets
/// `no-store` on every response of the scope, errors included).
pub(crate) fn render_admin<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    render_admin_with_status(page, StatusCode::OK)
}

pub(crate) fn render_admin_with_status<T: Template>(
    page: &T,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    Ok(respond::page(status, CachePolicy::NoStore, page)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_find_their_routes_access() {
        assert_eq!(access_for(&Method::GET, "/admin/team"), Access::Admin);
        assert_eq!(
            access_for(&Method::GET, "/admin/candidates.csv"),
            Access::Admin
        );
        assert_eq!(
            access_for(&Method::HEAD, "/admin/candidates.csv"),
            Access::Admin
        );
        let id = "/admin/candidates/0191c1d0-0000-7000-8000-000000000000";
        assert_eq!(access_for(&Method::GET, id), Access::Recruiter);
        assert_eq!(
            access_for(&Method::POST, &format!("{id}/erase")),
            Access::Admin
        );
        assert_eq!(access_for(&Method::GET, "/admin/reset/abc"), Access::Public);
        assert_eq!(access_for(&Method::GET, "/admin/reset/"), Access::Recruiter);
        assert_eq!(
            access_for(&Method::GET, "/admin/no-such-page"),
            Access::Recruiter
        );
        assert_eq!(
            access_for(&Method::GET, "/admin/login/code"),
            Access::SecondFactor
        );
    }
}
