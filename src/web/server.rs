//! The HTTP server: the one route table and the middleware order.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sqlx::PgPool;

use crate::config::Settings;
use crate::web::{AppState, health, middleware, pages, static_files};
use crate::web::{guide, intake, seo};

/// The one route table. Every page of the site is registered here.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::show_home))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/static/{name}", web::get().to(static_files::serve_asset))
        .route("/favicon.ico", web::get().to(static_files::serve_favicon));
    // The guide (issue 3): a route per page of its registry (`guide::PAGES`).
    cfg.configure(guide::configure)
        .route("/sitemap.xml", web::get().to(seo::show_sitemap))
        .route("/robots.txt", web::get().to(seo::show_robots));
    // The pathway advisor (issue 6): answers travel in the query string, nothing is stored.
    cfg.route(
        "/advisor",
        web::get().to(crate::web::advisor::show_questionnaire),
    )
    .route(
        "/advisor/plan",
        web::get().to(crate::web::advisor::show_plan),
    );
    // Candidate intake (issue 4).
    cfg.route("/apply", web::get().to(intake::show_intake_form))
        .route("/apply", web::post().to(intake::submit_intake))
        .route(
            "/apply/thanks/{reference}",
            web::get().to(intake::show_thanks),
        );
    // The recruiter dashboard (issue 5): its routes are `web::admin::ROUTES`, all behind one guard.
    cfg.configure(crate::web::admin::configure);
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `settings.bind_addr` (port 0 picks a free port, as tests do) and builds the server.
    /// `handle_signals`: stop gracefully on SIGTERM/SIGINT (the binary) or only when told (tests).
    pub fn build_with_pool(
        settings: Settings,
        pool: PgPool,
        handle_signals: bool,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("could not listen on BIND_ADDR {}", settings.bind_addr))?;
        let port = listener.local_addr()?.port();
        let shutdown_timeout = settings.shutdown_timeout.as_secs();
        let workers = settings.http_workers;
        // Load libphonenumber's metadata now rather than on the first visitor's request (~0.1 s).
        let _ = crate::domain::phone::dial_code_options();
        let state = AppState::new(pool, settings);
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            // Registered inner to outer: the last `wrap` sees the request first.
            App::new()
                .app_data(data.clone())
                .configure(routes)
                .default_service(web::to(pages::not_found))
                .wrap(from_fn(middleware::limit_body_size))
                .wrap(ErrorHandlers::new().default_handler(middleware::render_plain_errors))
                .wrap(Compress::default())
                .wrap(middleware::security_headers(&data.settings))
                .wrap(from_fn(middleware::log_requests))
        })
        .workers(workers)
        .listen(listener)?
        .shutdown_timeout(shutdown_timeout);
        let server = if handle_signals {
            server
        } else {
            server.disable_signals()
        };
        Ok(Application {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server (gracefully or not) from elsewhere, as tests do.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped: by SIGTERM/SIGINT, or through its handle.
    /// A graceful stop finishes the requests in flight first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
