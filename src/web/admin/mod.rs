//! The recruiter dashboard under `/admin` (issue 5). Every route is listed once in `ROUTES`, which
//! both registers them and drives the test that checks each one refuses visitors without a
//! session; the guard in `guard` wraps the whole scope, so a new route cannot be left open.

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

pub(crate) mod actions;
pub(crate) mod candidate;
pub(crate) mod candidates;
pub(crate) mod erase;
pub mod export;
pub mod filters;
pub(crate) mod guard;
pub(crate) mod labels;
pub(crate) mod login;
pub(crate) mod overview;
pub(crate) mod throttle;

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

/// One dashboard route: method and path (inside `/admin`), and the handler it calls.
pub struct AdminRoute {
    pub method: AdminMethod,
    /// Relative to `/admin`; `{id}`-style segments are path parameters.
    pub path: &'static str,
    /// Reachable without a session: only the login form.
    pub public: bool,
    handler: fn(Route) -> Route,
}

impl AdminRoute {
    pub fn full_path(&self) -> String {
        format!("{SCOPE}{}", self.path)
    }

    fn route(&self) -> Route {
        let method = match self.method {
            AdminMethod::Get => Method::GET,
            AdminMethod::Post => Method::POST,
        };
        (self.handler)(web::route().method(method))
    }
}

const fn get(path: &'static str, handler: fn(Route) -> Route) -> AdminRoute {
    AdminRoute {
        method: AdminMethod::Get,
        path,
        public: false,
        handler,
    }
}

const fn post(path: &'static str, handler: fn(Route) -> Route) -> AdminRoute {
    AdminRoute {
        method: AdminMethod::Post,
        path,
        public: false,
        handler,
    }
}

/// The dashboard's route table.
pub const ROUTES: &[AdminRoute] = &[
    get("", |r| r.to(overview::show_overview)),
    AdminRoute {
        public: true,
        ..get("/login", |r| r.to(login::show_login))
    },
    AdminRoute {
        public: true,
        ..post("/login", |r| r.to(login::log_in))
    },
    post("/logout", |r| r.to(login::log_out)),
    get("/candidates", |r| r.to(candidates::list_candidates)),
    get("/candidates.csv", |r| r.to(export::export_candidates_csv)),
    get("/candidates/{id}", |r| r.to(candidate::show_candidate)),
    get("/candidates/{id}/export.json", |r| {
        r.to(export::export_candidate_json)
    }),
    get("/candidates/{id}/erase", |r| r.to(erase::confirm_erase)),
    post("/candidates/{id}/erase", |r| r.to(erase::erase_candidate)),
    post("/candidates/{id}/stage", |r| r.to(actions::change_stage)),
    post("/candidates/{id}/owner", |r| r.to(actions::change_owner)),
    post("/candidates/{id}/notes", |r| r.to(actions::add_note)),
    post("/candidates/{id}/emails/{message_id}/resend", |r| {
        r.to(actions::resend_email)
    }),
    get("/applications/{id}/cv", |r| r.to(candidate::download_cv)),
];

/// True for the paths the guard lets through without a session.
pub(crate) fn is_public(path: &str) -> bool {
    ROUTES
        .iter()
        .any(|route| route.public && route.full_path() == path)
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
    /// The signed-in recruiter's e-mail, beside "Sign out".
    pub(crate) who: String,
    pub(crate) csrf: String,
    pub(crate) l: Labels,
}

impl AdminChrome {
    pub(crate) fn new(session: &RecruiterSession, path: &str, title: &str) -> Self {
        AdminChrome {
            meta: admin_meta(path, title),
            who: session.email.clone(),
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
