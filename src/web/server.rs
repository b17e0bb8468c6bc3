//! The HTTP server: the one route table and the middleware order, served by actix-web's own parts
//! (actix-server for the sockets and workers, actix-http for HTTP/1.1) with the request framing
//! of `transport` in between.

use std::net::TcpListener;

use actix_http::{HttpService, Protocol, error::DispatchError};
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::{AppConfig, Extensions, Server};
use actix_web::http::Method;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::rt::net::TcpStream;
use actix_web::{App, Route, web};
use anyhow::Context;
use sqlx::PgPool;

use crate::config::Settings;
use crate::web::transport::StrictHttp1;
use crate::web::{AppState, advisor, health, limits, middleware, pages, static_files};
use crate::web::{guide, intake, portal, seo, trust};

/// How a route is reached. HEAD needs no entry: the `head_as_get` middleware answers it wherever
/// GET is answered, for every route here and every route added later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteMethod {
    Get,
    Post,
}

impl RouteMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteMethod::Get => "GET",
            RouteMethod::Post => "POST",
        }
    }
}

/// One route of the public site: method, path pattern (`{name}` segments are parameters) and the
/// handler it calls.
pub struct SiteRoute {
    pub method: RouteMethod,
    pub path: &'static str,
    handler: fn(Route) -> Route,
}

const fn get(path: &'static str, handler: fn(Route) -> Route) -> SiteRoute {
    SiteRoute {
        method: RouteMethod::Get,
        path,
        handler,
    }
}

const fn post(path: &'static str, handler: fn(Route) -> Route) -> SiteRoute {
    SiteRoute {
        method: RouteMethod::Post,
        path,
        handler,
    }
}

/// The public site's route table (the guide's pages come from `guide::PAGES`, the dashboard's
/// from `admin::ROUTES`; `all_routes` lists all three).
pub const SITE_ROUTES: &[SiteRoute] = &[
    get("/", |r| r.to(pages::show_home)),
    get("/healthz", |r| r.to(health::healthz)),
    get("/readyz", |r| r.to(health::readyz)),
    get("/static/{name}", |r| r.to(static_files::serve_asset)),
    get("/favicon.ico", |r| r.to(static_files::serve_favicon)),
    get("/sitemap.xml", |r| r.to(seo::show_sitemap)),
    get("/robots.txt", |r| r.to(seo::show_robots)),
    // The pathway advisor (issue 6): answers travel in the query string, nothing is stored.
    get("/advisor", |r| r.to(advisor::show_questionnaire)),
    get("/advisor/plan", |r| r.to(advisor::show_plan)),
    // Candidate intake (issue 4).
    get("/apply", |r| r.to(intake::show_intake_form)),
    post("/apply", |r| r.to(intake::submit_intake)),
    get("/apply/thanks/{reference}", |r| r.to(intake::show_thanks)),
    // The trust page and its address check (issue 12).
    get("/trust", |r| r.to(trust::show_trust_page)),
    post("/trust", |r| r.to(trust::check_contact)),
    // "My application" (issue 13): sign-in by e-mail link, the candidate's own page.
    get("/my-application", |r| r.to(portal::show_my_application)),
    post("/my-application", |r| r.to(portal::request_link)),
    get("/my-application/sent", |r| r.to(portal::show_sent)),
    get("/my-application/link/{token}", |r| {
        r.to(portal::confirm_link)
    }),
    post("/my-application/link/{token}", |r| r.to(portal::sign_in)),
    post("/my-application/sign-out", |r| r.to(portal::sign_out)),
    get("/my-application/export.json", |r| r.to(portal::export_json)),
    get("/my-application/data", |r| r.to(portal::show_data)),
    get("/my-application/erase", |r| r.to(portal::confirm_erase)),
    post("/my-application/erase", |r| r.to(portal::erase)),
    get("/my-application/erased", |r| r.to(portal::show_erased)),
    get("/my-application/request", |r| {
        r.to(portal::show_request_form)
    }),
    post("/my-application/request", |r| r.to(portal::submit_request)),
    get("/my-application/request/sent", |r| {
        r.to(portal::show_request_sent)
    }),
    post("/my-application/consents", |r| r.to(portal::change_consent)),
    get("/my-application/details", |r| r.to(portal::show_details)),
    post("/my-application/details", |r| r.to(portal::save_details)),
    get("/my-application/email", |r| r.to(portal::show_email_form)),
    post("/my-application/email", |r| {
        r.to(portal::request_email_change)
    }),
    get("/my-application/email/sent", |r| {
        r.to(portal::show_email_sent)
    }),
    get("/my-application/email/changed", |r| {
        r.to(portal::show_email_changed)
    }),
    get("/my-application/email/{token}", |r| {
        r.to(portal::show_email_link)
    }),
    post("/my-application/email/{token}", |r| {
        r.to(portal::confirm_email_change)
    }),
    // Documents (issue 14): the checklist, the upload (multipart, up to 10 MB) and downloads.
    get("/my-application/documents", |r| {
        r.to(portal::show_documents)
    }),
    post("/my-application/documents", |r| {
        r.to(portal::upload_document)
    }),
    get("/my-application/documents/{id}", |r| {
        r.to(portal::download_document)
    }),
    // The candidate's calendar feed (issue 14): the page, and the feed a calendar app polls.
    get("/my-application/calendar", |r| r.to(portal::show_calendar)),
    post("/my-application/calendar", |r| {
        r.to(portal::create_calendar)
    }),
    post("/my-application/calendar/revoke", |r| {
        r.to(portal::revoke_calendar)
    }),
    get("/calendar/{feed}", |r| r.to(portal::show_feed)),
    // One-click unsubscribe (RFC 8058): a mail provider posts it, without a session.
    get("/unsubscribe/{unsubscribe_token}", |r| {
        r.to(portal::confirm_unsubscribe)
    }),
    post("/unsubscribe/{unsubscribe_token}", |r| {
        r.to(portal::unsubscribe)
    }),
];

/// Every route the server answers, as (method, path pattern): the site's table, the guide's
/// registry and the dashboard's table. Tests sweep this list, so a new route is covered by the
/// HEAD, hostile-input and header checks the moment it is added to one of the tables.
pub fn all_routes() -> Vec<(RouteMethod, String)> {
    let site = SITE_ROUTES.iter().map(|r| (r.method, r.path.to_owned()));
    let guide = guide::route_patterns().map(|path| (RouteMethod::Get, path));
    let admin = crate::web::admin::ROUTES.iter().map(|r| {
        let method = match r.method {
            crate::web::admin::AdminMethod::Get => RouteMethod::Get,
            crate::web::admin::AdminMethod::Post => RouteMethod::Post,
        };
        (method, r.full_path())
    });
    site.chain(guide).chain(admin).collect()
}

/// Registers every route: the guide, the site's table, the dashboard behind its guard.
///
/// actix-web tries the routes one by one in the order they were registered, and a pattern with
/// a parameter is matched by a regular expression (about 1,200 instructions each, a fixed path
/// about 250): with the site's table first, a guide page went through some twenty expressions
/// and thirty paths before its own route, a quarter of what serving it cost (issue 17). So the
/// guide's pages (the pages visited most, all fixed paths) come first, then the site's fixed
/// paths, then the patterns (the state pages', then the table's in its order). No fixed path is
/// also matched by a pattern except where the fixed one is meant to win
/// (`/my-application/email/sent` and `/my-application/email/{token}`), so nothing changes hands.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    let has_parameter = |route: &&SiteRoute| route.path.contains('{');
    let register = |cfg: &mut web::ServiceConfig, route: &SiteRoute| {
        let method = match route.method {
            RouteMethod::Get => Method::GET,
            RouteMethod::Post => Method::POST,
        };
        cfg.route(route.path, (route.handler)(web::route().method(method)));
    };
    // The guide (issue 3): a route per page of its registry (`guide::PAGES`).
    cfg.configure(guide::configure);
    for route in SITE_ROUTES.iter().filter(|r| !has_parameter(r)) {
        register(cfg, route);
    }
    cfg.configure(guide::configure_states);
    for route in SITE_ROUTES.iter().filter(has_parameter) {
        register(cfg, route);
    }
    // The recruiter dashboard (issue 5): its routes are `web::admin::ROUTES`, all behind one guard.
    cfg.configure(crate::web::admin::configure);
}

/// How long a client has to send a request's head (actix's own default, kept).
const HEAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
/// How long a closing connection may take to flush (actix-web's `HttpServer` default, kept).
const DISCONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// The application for one worker, middleware included. Registered inner to outer: the last
/// `wrap` sees the request first.
fn app(
    data: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let headers = middleware::security_headers(&data.settings);
    App::new()
        .app_data(data)
        .configure(routes)
        .default_service(web::to(pages::not_found))
        .wrap(from_fn(crate::web::input::refuse_unstorable_input))
        .wrap(from_fn(middleware::limit_body_size))
        .wrap(from_fn(limits::limit_clients))
        .wrap(ErrorHandlers::new().default_handler(middleware::render_plain_errors))
        .wrap(from_fn(crate::web::compress::compress_responses))
        .wrap(headers)
        .wrap(from_fn(middleware::head_as_get))
        .wrap(from_fn(middleware::log_requests))
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `settings.bind_addr` (port 0 picks a free port, as tests do) and builds the server.
    /// `handle_signals`: stop gracefully on SIGTERM/SIGINT (the binary) or only when told (tests).
    /// Without SECRET_KEY (http only) the key kept in the database stands in for it, so form
    /// tokens and counters outlive the process.
    pub async fn build_with_pool(
        mut settings: Settings,
        pool: PgPool,
        handle_signals: bool,
    ) -> anyhow::Result<Self> {
        crate::db::site_keys::settle_secret_key(&mut settings, &pool).await?;
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("could not listen on BIND_ADDR {}", settings.bind_addr))?;
        let port = listener.local_addr()?.port();
        let shutdown_timeout = settings.shutdown_timeout.as_secs();
        let workers = settings.http_workers;
        // libphonenumber's metadata (about 4 MB of memory) is loaded by the first form that needs
        // it, not here: an instance serving only the guide never holds it (issue 17's idle RSS).
        let trust_proxy = settings.trust_proxy_headers;
        let limits = settings.limits.clone();
        let pool_size = settings.database_max_connections;
        let state = AppState::new(pool, settings);
        let descriptors =
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft);
        let max_connections = limits::connections_per_worker(descriptors, pool_size, workers);
        let data = web::Data::new(state.clone());
        let mut builder = actix_server::Server::build();
        let draining = builder.graceful_shutdown_signal();
        let local = listener.local_addr()?;
        builder = builder
            .workers(workers)
            .max_concurrent_connections(max_connections)
            .shutdown_timeout(shutdown_timeout)
            .listen("labminds", listener, move || {
                let (slots, cap) = (data.client_slots.clone(), limits.max_connections_per_client);
                let draining = draining.clone();
                let http = HttpService::build()
                    .graceful_shutdown_signal(move || {
                        let draining = draining.clone();
                        async move { draining.notified().await }
                    })
                    // The head's deadline; the body's is `limits::limit_clients`'s.
                    .client_request_timeout(HEAD_TIMEOUT.min(limits.request_timeout))
                    .client_disconnect_timeout(DISCONNECT_TIMEOUT)
                    .local_addr(local)
                    .on_connect_ext(
                        move |io: &StrictHttp1<TcpStream>, extensions: &mut Extensions| {
                            // Behind a trusted proxy every connection is the proxy's: requests are
                            // counted instead (`limits::limit_clients`).
                            if let (false, Ok(peer)) = (trust_proxy, io.get_ref().peer_addr()) {
                                extensions.insert(slots.take(peer.ip(), cap));
                            }
                        },
                    )
                    .finish(map_config(
                        app(data.clone())
                            .into_factory()
                            .map_err(|error| error.error_response()),
                        |_| AppConfig::default(),
                    ));
                fn_service(|io: TcpStream| async move {
                    let peer = io.peer_addr().ok();
                    Ok::<_, DispatchError>((StrictHttp1::new(io), Protocol::Http1, peer))
                })
                .and_then(http)
            })?;
        if !handle_signals {
            builder = builder.disable_signals();
        }
        let server = builder.run();
        Ok(Application { port, server })
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
