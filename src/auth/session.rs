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

/// A session waiting for the second sign-in step lives this long.
pub(crate) const PENDING_TIMEOUT: Duration = Duration::from_secs(10 * 60);

crate::domain::choices::stored_list!(
    /// How far a session has got: only `Active` opens the dashboard. After the password a session
    /// waits for the one-time code (`SecondFactor`) or, where two-factor sign-in is required and
    /// not yet set up, for enrolment (`Enrol`); either opens only its own page.
    SessionState {
        Active => "active",
        SecondFactor => "second_factor",
        Enrol => "enrol",
    }
);

impl SessionState {
    pub(crate) fn stored(raw: &str) -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == raw)
            // Never written (a check constraint holds the list); the most closed state.
            .unwrap_or(SessionState::SecondFactor)
    }
}

/// The recruiter of a request's session, put in the request's extensions by the `/admin` guard.
#[derive(Debug, Clone)]
pub(crate) struct RecruiterSession {
    /// The session's public id (the sessions list names it; the token's hash never leaves the db).
    pub(crate) session_id: Uuid,
    pub(crate) recruiter_id: Uuid,
    pub(crate) email: String,
    pub(crate) display_name: String,
    pub(crate) role: String,
    pub(crate) time_zone: String,
    pub(crate) state: String,
    /// Goes into every form as `csrf_token`; the guard compares it on every POST.
    pub(crate) csrf_token: String,
}

impl RecruiterSession {
    /// Today in the recruiter's own time zone (due dates and "overdue" are theirs).
    pub(crate) fn today(&self) -> time::Date {
        crate::domain::team::local_date(time::OffsetDateTime::now_utc(), &self.time_zone)
    }
}

impl RecruiterSession {
    pub(crate) fn role(&self) -> crate::domain::team::Role {
        crate::domain::team::Role::stored(&self.role)
    }

    pub(crate) fn state(&self) -> SessionState {
        SessionState::stored(&self.state)
    }
}

/// A short name for the device a session was started on ("Firefox on Windows"), from the
/// User-Agent: enough to recognise one's own browsers, nothing that identifies more.
pub(crate) fn device_label(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.is_empty() {
        return "Unknown device".to_owned();
    } else {
        "Another browser"
    };
    let system = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        "an unknown system"
    };
    format!("{browser} on {system}")
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
    /// The recruiters' session cookie.
    pub(crate) fn for_settings(settings: &Settings) -> Self {
        Self::named(settings, SECURE_COOKIE_NAME, DEV_COOKIE_NAME)
    }

    /// A session cookie under its own names (the candidates' pages have their own cookie):
    /// `secure_name` must start with `__Host-`.
    pub(crate) fn named(
        settings: &Settings,
        secure_name: &'static str,
        dev_name: &'static str,
    ) -> Self {
        let url = &settings.public_url;
        let local_http =
            url.scheme() == "http" && matches!(url.host_str(), Some("localhost" | "127.0.0.1"));
        if local_http {
            CookiePolicy {
                name: dev_name,
                secure: false,
            }
        } else {
            CookiePolicy {
                name: secure_name,
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
    fn devices_are_named_by_browser_and_system_only() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_label(firefox), "Firefox on Windows");
        let chrome_android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        assert_eq!(device_label(chrome_android), "Chrome on Android");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(safari), "Safari on iOS");
        assert_eq!(device_label(""), "Unknown device");
        assert_eq!(
            device_label("curl/8.5"),
            "Another browser on an unknown system"
        );
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
