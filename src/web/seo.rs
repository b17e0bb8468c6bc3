//! `/sitemap.xml` and `/robots.txt`: absolute URLs from `PUBLIC_URL`, page list from the guide
//! registry, `<lastmod>` from each page's last-reviewed date.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::guide::{self, SitemapEntry};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::respond::{self, CachePolicy};

/// Crawlers may keep these for an hour: they change only with a release.
const HOURLY: CachePolicy = CachePolicy::Public { max_age: 3600 };

#[derive(Template)]
#[template(path = "guide/sitemap.xml")]
pub(crate) struct Sitemap<'a> {
    pub(crate) origin: &'a str,
    pub(crate) entries: Vec<SitemapEntry>,
}

pub(crate) async fn show_sitemap(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let body = Sitemap {
        origin: &state.origin,
        entries: guide::sitemap_entries(),
    }
    .render()?;
    Ok(respond::builder(StatusCode::OK, HOURLY)
        .content_type("application/xml; charset=utf-8")
        .body(body))
}

/// Everything may be crawled except the recruiters' dashboard.
pub(crate) fn robots_txt(origin: &str) -> String {
    format!("User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: {origin}/sitemap.xml\n")
}

pub(crate) async fn show_robots(state: web::Data<AppState>) -> HttpResponse {
    respond::builder(StatusCode::OK, HOURLY)
        .content_type(respond::TEXT)
        .body(robots_txt(&state.origin))
}
