//! The candidates' session rules: lifetimes and the cookie. The rows live in `candidate_sessions`
//! (`db::candidate_sessions`); the cookie carries the random token, the table only its SHA-256.
//! The cookie is the candidates' own, so a recruiter's browser signed in to the dashboard and a
//! candidate's page never share a session.

use std::time::Duration;

use uuid::Uuid;

use crate::auth::session::CookiePolicy;
use crate::config::Settings;

/// A session unused this long is gone (sliding: every request refreshes it).
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// A session never lasts longer than this, however busy.
pub(crate) const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);

pub(crate) const SECURE_COOKIE_NAME: &str = "__Host-labminds_candidate";
pub(crate) const DEV_COOKIE_NAME: &str = "labminds_candidate";

/// The signed-in candidate of a request.
#[derive(Debug, Clone)]
pub(crate) struct CandidateSession {
    pub(crate) candidate_id: Uuid,
    /// Goes into every form of the signed-in pages as `csrf_token`.
    pub(crate) csrf_token: String,
}

/// `__Host-labminds_candidate` (Secure, HttpOnly, SameSite=Strict), or `labminds_candidate`
/// without Secure only for a loopback http `PUBLIC_URL` (development).
pub(crate) fn cookie_policy(settings: &Settings) -> CookiePolicy {
    CookiePolicy::named(settings, SECURE_COOKIE_NAME, DEV_COOKIE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public_url: &str) -> Settings {
        Settings::from_lookup(|name| match name {
            "DATABASE_URL" => Some("postgres://localhost/x".to_owned()),
            "PUBLIC_URL" => Some(public_url.to_owned()),
            "SECRET_KEY" => Some("k".repeat(32)),
            _ => None,
        })
        .unwrap()
    }

    #[test]
    fn the_candidate_cookie_is_host_prefixed_and_strict_except_on_loopback_http() {
        let cookie = cookie_policy(&settings("https://labmindsstaffing.com"))
            .session_cookie("t".into())
            .to_string();
        assert!(
            cookie.starts_with("__Host-labminds_candidate=t"),
            "{cookie}"
        );
        for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(flag), "{cookie} lacks {flag}");
        }
        let dev = cookie_policy(&settings("http://127.0.0.1:8080"))
            .session_cookie("t".into())
            .to_string();
        assert!(dev.starts_with("labminds_candidate=t") && !dev.contains("Secure"));
        assert!(dev.contains("HttpOnly") && dev.contains("SameSite=Strict"));
    }
}
