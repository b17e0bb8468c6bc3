//! The web layer: HTTP in and out. Shared state, the one error type (`error`), the one response
//! builder (`respond`), middleware, and handlers grouped by page; the work itself is done by the
//! use cases (`crate::intake`) and the database layer (`crate::db`).

pub mod admin;
pub(crate) mod advisor;
pub(crate) mod assets;
pub(crate) mod error;
pub(crate) mod forms;
pub mod guide;
pub(crate) mod health;
pub mod intake;
pub(crate) mod layout;
pub(crate) mod middleware;
pub mod origin;
pub(crate) mod page_cache;
pub mod pages;
pub(crate) mod respond;
pub(crate) mod seo;
pub mod server;
pub(crate) mod static_files;

use std::sync::Arc;

use secrecy::ExposeSecret;
use sqlx::PgPool;

use crate::config::Settings;
use layout::PageMeta;

/// Everything handlers share, behind one `web::Data<AppState>` (the dependencies will outgrow
/// separate `web::Data` values: pool, settings, mailer, limits, facts).
#[derive(Clone)]
pub struct AppState {
    pub(crate) pool: PgPool,
    pub(crate) settings: Arc<Settings>,
    /// `PUBLIC_URL`'s origin, computed once.
    pub(crate) origin: Arc<str>,
    /// Every spelling of our own origin that a form post may carry (see `origin::own_origins`).
    pub(crate) own_origins: Arc<[String]>,
    /// The home page and the guide, rendered and compressed once (see `page_cache`).
    pub(crate) pages: Arc<page_cache::PageCache>,
}

impl AppState {
    pub fn new(pool: PgPool, settings: Settings) -> Self {
        let origin = settings.public_origin().into();
        let own_origins = origin::own_origins(&settings.public_url).into();
        AppState {
            pool,
            settings: Arc::new(settings),
            origin,
            own_origins,
            pages: Arc::default(),
        }
    }

    /// The client's IP address, for rate limits (never logged or stored in the clear): the TCP
    /// peer, or behind a trusted load balancer (`TRUST_PROXY_HEADERS`) the LAST X-Forwarded-For
    /// entry, the one the balancer appended; earlier entries are whatever the client sent.
    pub(crate) fn client_ip(&self, request: &actix_web::HttpRequest) -> String {
        let forwarded = self
            .settings
            .trust_proxy_headers
            .then(|| request.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty());
        match forwarded {
            Some(ip) => ip.to_owned(),
            None => request
                .peer_addr()
                .map(|addr| addr.ip().to_string())
                .unwrap_or_default(),
        }
    }

    /// Where a form post says it comes from, judged against our own origin.
    pub(crate) fn sent_origin(
        &self,
        headers: &actix_web::http::header::HeaderMap,
    ) -> origin::SentOrigin {
        origin::sent_origin(headers, &self.own_origins)
    }

    /// `SECRET_KEY`'s bytes, for signatures and keyed digests.
    pub(crate) fn secret_key(&self) -> &[u8] {
        self.settings.secret_key.expose_secret().as_bytes()
    }

    pub(crate) fn page_meta(&self, path: &str, title: &str, description: &str) -> PageMeta {
        PageMeta::new(&self.origin, path, title, description)
    }
}
