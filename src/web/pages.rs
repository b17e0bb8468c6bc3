//! The home page and the fallback for unknown addresses.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::layout::PageMeta;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub(crate) meta: PageMeta,
}

impl HomePage {
    pub fn html(state: &AppState) -> Result<String, AppError> {
        Ok(HomePage {
            meta: state.page_meta(
                "/",
                "LabMinds Staffing: your route from foreign lab training to a US clinical lab job",
                "A free, sourced guide for internationally trained medical technologists and medical laboratory scientists: US certification, state licences, visas, and a recruiter who helps you get there.",
            ),
        }
        .render()?)
    }
}

/// The same for every visitor: served from the page cache.
pub(crate) async fn show_home(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    state
        .pages
        .respond(&request, "/", || HomePage::html(&state))
}

pub(crate) async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
