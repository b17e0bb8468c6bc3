//! Probes for load balancers and orchestrators.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::error::RETRY_AFTER_SECONDS;
use crate::web::AppState;

/// Liveness: the process is up and serving. Never touches the database, so a database outage does
/// not get healthy instances restarted.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body("ok\n")
}

/// Readiness: the database answers. A load balancer stops sending traffic here while it does not.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if crate::db::ping(&state.pool, Duration::from_secs(2)).await {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body("ready\n")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS.to_string()))
            .body("database unreachable\n")
    }
}
