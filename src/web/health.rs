//! Probes for load balancers and orchestrators.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::web::AppState;
use crate::web::respond::{self, CachePolicy};

fn probe(status: StatusCode, body: &'static str) -> HttpResponse {
    respond::builder(status, CachePolicy::NoStore)
        .content_type(respond::TEXT)
        .body(body)
}

/// Liveness: the process is up and serving. Never touches the database, so a database outage does
/// not get healthy instances restarted.
pub(crate) async fn healthz() -> HttpResponse {
    probe(StatusCode::OK, "ok\n")
}

/// Readiness: the database answers. A load balancer stops sending traffic here while it does not
/// (the 503 carries Retry-After).
pub(crate) async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if crate::db::ping(&state.pool, Duration::from_secs(2)).await {
        probe(StatusCode::OK, "ready\n")
    } else {
        probe(StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
    }
}
