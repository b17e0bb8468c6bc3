//! The web layer: shared state, the render helper, and handlers grouped by page.

pub mod assets;
pub mod health;
pub mod layout;
pub mod middleware;
pub mod pages;

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use askama::Template;
use sqlx::PgPool;

use crate::config::Settings;
use crate::error::AppError;
use layout::PageMeta;

/// Everything handlers share, behind one `web::Data<AppState>` (the dependencies will outgrow
/// separate `web::Data` values: pool, settings, mailer, limits, facts).
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub settings: Arc<Settings>,
    /// `PUBLIC_URL`'s origin, computed once.
    pub origin: Arc<str>,
}

impl AppState {
    pub fn new(pool: PgPool, settings: Settings) -> Self {
        let origin = settings.public_origin().into();
        AppState {
            pool,
            settings: Arc::new(settings),
            origin,
        }
    }

    pub fn page_meta(&self, path: &str, title: &str, description: &str) -> PageMeta {
        PageMeta::new(&self.origin, path, title, description)
    }
}

/// Renders a page template as a 200 HTML response.
pub fn render<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    Ok(html_response(page.render()?))
}

/// A 200 HTML response; pages that are the same for everyone may be cached briefly by browsers.
pub fn html_response(html: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .body(html)
}
