//! The web layer: HTTP in and out. Shared state, the one error type (`error`), the one response
//! builder (`respond`), middleware, and handlers grouped by page; the work itself is done by the
//! use cases (`crate::intake`) and the database layer (`crate::db`).

pub mod admin;
pub(crate) mod advisor;
pub(crate) mod assets;
pub(crate) mod compress;
pub(crate) mod error;
pub(crate) mod forms;
pub mod guide;
pub(crate) mod health;
pub(crate) mod input;
pub mod intake;
pub(crate) mod layout;
pub(crate) mod limits;
pub(crate) mod middleware;
pub mod origin;
pub(crate) mod page_cache;
pub mod pages;
pub(crate) mod portal;
pub(crate) mod respond;
pub(crate) mod seo;
pub mod server;
pub(crate) mod static_files;
pub(crate) mod transport;
pub mod trust;
pub(crate) mod upload_body;

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
    /// Connections (or requests behind a proxy) each client holds (see `limits`).
    pub(crate) client_slots: Arc<limits::ClientSlots>,
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
            client_slots: Arc::default(),
        }
    }

    /// The client's IP address, for rate limits (never logged or stored in the clear): the TCP
    /// peer, or behind a trusted load balancer (`TRUST_PROXY_HEADERS`) the address it appended.
    pub(crate) fn client_ip(&self, request: &actix_web::HttpRequest) -> String {
        let forwarded = self
            .settings
            .trust_proxy_headers
            .then(|| forwarded_client(request.headers()))
            .flatten();
        match forwarded {
            Some(ip) => ip.to_string(),
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

/// The address the trusted proxy appended to `X-Forwarded-For`. Every header line is read, in
/// order, as one comma-separated list (RFC 9110 5.3: lines of a list field are one list), and the
/// LAST entry is the proxy's: everything before it is whatever the client sent. Proxies that add
/// a line of their own (HAProxy's `option forwardfor`) and proxies that extend the client's line
/// (nginx's `$proxy_add_x_forwarded_for`, AWS ALB, Envoy) both put the client they saw last.
/// `None` when the last entry is not an address (the proxy is misconfigured; the peer is used).
pub(crate) fn forwarded_client(
    headers: &actix_web::http::header::HeaderMap,
) -> Option<std::net::IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .filter_map(|line| line.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())?;
    parse_forwarded_address(last)
}

/// `203.0.113.7`, `2001:db8::1`, and the forms with a port some proxies write
/// (`203.0.113.7:4711`, `[2001:db8::1]:4711`).
fn parse_forwarded_address(entry: &str) -> Option<std::net::IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|rest| rest.split(']').next())
                .and_then(|ip| ip.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn client_of(lines: &[&str]) -> Option<String> {
        let mut request = TestRequest::default();
        for line in lines {
            request = request.append_header(("X-Forwarded-For", *line));
        }
        forwarded_client(request.to_http_request().headers()).map(|ip| ip.to_string())
    }

    #[test]
    fn the_last_entry_of_all_lines_is_the_client() {
        assert_eq!(client_of(&["203.0.113.7"]).as_deref(), Some("203.0.113.7"));
        // nginx: the client's own value extended on one line.
        assert_eq!(
            client_of(&["6.6.6.6, 203.0.113.7"]).as_deref(),
            Some("203.0.113.7")
        );
        // HAProxy: a line of its own after the client's.
        assert_eq!(
            client_of(&["6.6.6.6", "203.0.113.7"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            client_of(&["1.1.1.1, 2.2.2.2", "[2001:db8::1]:4711"]).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            client_of(&["203.0.113.7:4711"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(client_of(&["6.6.6.6", "unknown"]), None);
        assert_eq!(client_of(&[]), None);
    }
}
