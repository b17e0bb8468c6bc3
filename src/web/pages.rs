//! The home page and the fallback for unknown addresses.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::web::layout::PageMeta;
use crate::web::{AppState, render};

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub meta: PageMeta,
}

pub async fn show_home(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    render(&HomePage {
        meta: state.page_meta(
            "/",
            "LabMinds Staffing: your route from foreign lab training to a US clinical lab job",
            "A free, sourced guide for internationally trained medical technologists and medical laboratory scientists: US certification, state licences, visas, and a recruiter who helps you get there.",
        ),
    })
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
