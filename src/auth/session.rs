//! Session rules: lifetimes and the cookie. The rows live in `recruiter_sessions`
//! (`db::sessions`); the cookie carries the random token, the table only its SHA-256.

use std::time::Duration;

use actix_web::cookie::{Cookie, SameSite};
use uuid::Uuid;

use crate::config::Settings;

/// A session unused this long is gone (sliding: every request refreshes it).
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// A session never lasts longer than this, however busy.
pub(crate) const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);

/// The signed-in recruiter of a request, put in the request's extensions by the `/admin` guard.
#[derive(Debug, Clone)]
pub(crate) struct RecruiterSession {
    pub(crate) recruiter_id: Uuid,
    pub(crate) email: String,
    /// Goes into every form as `csrf_token`; the guard compares it on every POST.
    pub(crate) csrf_token: String,
}

/// The cookie's name and flags follow PUBLIC_URL: `__Host-` (which requires Secure, and pins the
/// cookie to this host and path /) everywhere except plain-http development on the local machine,
/// where a Secure cookie would never be sent back.
pub(crate) struct CookiePolicy {
    pub(crate) name: &'static str,
    pub(crate) secure: bool,
}

pub(crate) const SECURE_COOKIE_NAME: &str = "__Host-labminds_session";
pub(crate) const DEV_COOKIE_NAME: &str = "labminds_session";

impl CookiePolicy {
    pub(crate) fn for_settings(settings: &Settings) -> Self {
        let url = &settings.public_url;
        let local_http =
            url.scheme() == "http" && matches!(url.host_str(), Some("localhost" | "127.0.0.1"));
        if local_http {
            CookiePolicy {
                name: DEV_COOKIE_NAME,
                secure: false,
            }
        } else {
            CookiePolicy {
                name: SECURE_COOKIE_NAME,
                secure: true,
            }
        }
    }

    /// The session cookie: no Max-Age (it dies with the browser; the server enforces timeouts).
    pub(crate) fn session_cookie(&self, token: String) -> Cookie<'static> {
        Cookie::build(self.name, token)
            .path("/")
            .secure(self.secure)
            .http_only(true)
            .same_site(SameSite::Strict)
            .finish()
    }

    /// A cookie that tells the browser to forget the session at once.
    pub(crate) fn removal_cookie(&self) -> Cookie<'static> {
        let mut cookie = self.session_cookie(String::new());
        cookie.make_removal();
        cookie
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public_url: &str) -> Settings {
        Settings::from_lookup(|name| match name {
            "DATABASE_URL" => Some("postgres://localhost/x".to_owned()),
            "PUBLIC_URL" => Some(public_url.to_owned()),
            // Required with https.
            "SECRET_KEY" => Some("k".repeat(32)),
            _ => None,
        })
        .unwrap()
    }

    #[test]
    fn production_cookies_use_the_host_prefix_and_are_secure() {
        let policy = CookiePolicy::for_settings(&settings("https://labmindsstaffing.com"));
        let cookie = policy.session_cookie("t".into()).to_string();
        assert!(cookie.starts_with("__Host-labminds_session=t"));
        for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(flag), "{cookie} lacks {flag}");
        }
        assert!(!cookie.contains("Domain"));
    }

    #[test]
    fn local_development_cookies_have_no_prefix_and_no_secure_flag() {
        for url in ["http://localhost:8080", "http://127.0.0.1:3000"] {
            let policy = CookiePolicy::for_settings(&settings(url));
            let cookie = policy.session_cookie("t".into()).to_string();
            assert!(cookie.starts_with("labminds_session=t"));
            assert!(!cookie.contains("Secure"));
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        }
    }
}
