//! `/sitemap.xml` and `/robots.txt`: absolute URLs from `PUBLIC_URL`, page list from the guide
//! registry, `<lastmod>` from each page's last-reviewed date.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::guide::{self, SitemapEntry};
use crate::web::AppState;

#[derive(Template)]
#[template(path = "guide/sitemap.xml")]
pub struct Sitemap<'a> {
    pub origin: &'a str,
    pub entries: Vec<SitemapEntry>,
}

pub async fn show_sitemap(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let body = Sitemap {
        origin: &state.origin,
        entries: guide::sitemap_entries(),
    }
    .render()?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ))
        .body(body))
}

/// Everything may be crawled except the recruiters' dashboard.
pub fn robots_txt(origin: &str) -> String {
    format!("User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: {origin}/sitemap.xml\n")
}

pub async fn show_robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ))
        .body(robots_txt(&state.origin))
}
