//! The operator contract's one table: every environment variable with its default, its range and
//! what it means. The parser (`Settings::from_lookup`), `labminds --help`, and the tests that keep
//! `.env.example` and the README's configuration table in step all read it.

use std::ops::RangeInclusive;

/// What a variable is when it is unset (or empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// Start-up stops without it.
    Required,
    /// Unset means off (no SMTP relay: .eml files instead).
    Unset,
    /// This value.
    Value(&'static str),
    /// Worked out at start-up, as described (the number of CPUs, a random key).
    Computed(&'static str),
}

/// One environment variable.
#[derive(Debug)]
pub struct Variable {
    pub name: &'static str,
    pub default: DefaultValue,
    /// The whole numbers accepted, for numeric variables.
    pub range: Option<RangeInclusive<u32>>,
    /// One line for `--help`.
    pub help: &'static str,
}

impl Variable {
    /// The default as `--help` and the README show it.
    pub fn default_text(&self) -> &'static str {
        match self.default {
            DefaultValue::Required => "(required)",
            DefaultValue::Unset => "unset",
            DefaultValue::Value(value) | DefaultValue::Computed(value) => value,
        }
    }

    /// The `--help` line's text: what it means and its default.
    pub fn help_line(&self) -> String {
        match self.default {
            DefaultValue::Required => format!("{} (required)", self.help),
            DefaultValue::Unset => format!("{} (default: unset)", self.help),
            DefaultValue::Value(value) | DefaultValue::Computed(value) => {
                format!("{} (default {value})", self.help)
            }
        }
    }
}

/// `RUST_LOG`'s default: `info`, less sqlx's per-query lines, and without actix-http's connection
/// dispatcher, which logs every malformed request a client sends at error level: anyone could fill
/// the error log with junk. Those requests are answered with 400 and are the client's fault.
pub const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn,actix_http::h1::dispatcher=off";

/// Declares every variable once: a constant per variable for the parser, and `VARIABLES` in
/// this order for `--help` and the documentation checks.
macro_rules! variables {
    ($($name:ident: $default:expr, $range:expr, $help:literal;)+) => {
        $(
            pub const $name: Variable = Variable {
                name: stringify!($name),
                default: $default,
                range: $range,
                help: $help,
            };
        )+
        /// Every variable, in the order `--help`, `.env.example` and the README list them.
        pub const VARIABLES: &[Variable] = &[$($name),+];
    };
}

use DefaultValue::{Computed, Required, Unset, Value};

variables! {
    DATABASE_URL: Required, None,
        "PostgreSQL URL; the database is created if it does not exist";
    DATABASE_MAX_CONNECTIONS: Value("10"), Some(1..=1000),
        "connections in the pool";
    DATABASE_ACQUIRE_TIMEOUT_SECONDS: Value("3"), Some(1..=60),
        "how long a request waits for a connection before a 503";
    BIND_ADDR: Value("127.0.0.1:8080"), None,
        "address and port to listen on";
    HTTP_WORKERS: Computed("number of CPUs"), Some(1..=1024),
        "HTTP worker threads, each serving its own connections";
    PUBLIC_URL: Value("http://localhost:8080"), None,
        "the site's public origin, e.g. https://labmindsstaffing.com";
    SMTP_URL: Unset, None,
        "lettre SMTP URL, e.g. smtps://user:pass@smtp.example.com; unset writes .eml files to MAIL_DIR";
    MAIL_DIR: Value("var/mail"), None,
        "where .eml files go while SMTP_URL is unset";
    SUPPORT_INBOX: Value("support@labmindsstaffing.com"), None,
        "recruiters' inbox for alerts";
    MAIL_FROM: Value("no-reply@labmindsstaffing.com"), None,
        "sender address of every e-mail";
    MAIL_MAX_ATTEMPTS: Value("10"), Some(1..=100),
        "delivery attempts before an e-mail is marked dead";
    MAIL_RETRY_BASE_MS: Value("5000"), Some(1..=3_600_000),
        "first retry delay in ms, doubled per attempt with jitter";
    SMTP_TIMEOUT_SECONDS: Value("10"), Some(1..=300),
        "connect and send timeout of one SMTP delivery";
    MAIL_LEASE_SECONDS: Value("15"), Some(3..=3600),
        "how long an e-mail a worker claimed is kept from other workers (renewed while it is being sent): after a crash, the longest an e-mail waits for another try";
    RUN_WORKER: Value("true"), None,
        "true: serve also delivers e-mail; false: run `labminds worker` separately";
    SECRET_KEY: Computed("a key kept in the database (http only)"), None,
        "at least 32 characters, the same on every instance; signs form tokens and keys the counters; required when PUBLIC_URL is https";
    FORM_MIN_FILL_SECONDS: Value("3"), Some(0..=3600),
        "a form sent back sooner than this after it was shown is refused as a bot";
    SUBMIT_RATE_PER_HOUR: Value("10"), Some(1..=1_000_000),
        "applications accepted per client IP per hour";
    TRUST_PROXY_HEADERS: Value("false"), None,
        "true behind a load balancer: take the client IP from X-Forwarded-For";
    REQUEST_TIMEOUT_SECONDS: Value("30"), Some(1..=600),
        "a request body must arrive within this many seconds (plus one per 16 KiB received), or the client gets a 408; the head within 5 s";
    MAX_CONNECTIONS_PER_CLIENT: Value("128"), Some(1..=100_000),
        "open connections one client address may hold (behind TRUST_PROXY_HEADERS: requests in flight); beyond it a 429";
    REQUIRE_2FA: Value("false"), None,
        "true: every dashboard account signs in with a one-time code (admins always do)";
    RETENTION_MONTHS: Value("24"), Some(1..=240),
        "candidates whose last application is older are erased daily, unless they consented to be kept";
    AGENCY_STATEMENTS_FILE: Unset, None,
        "TOML file of the agency's own statements (fees, contracts) shown on /trust; unset: the page says only what the site itself guarantees";
    CANDIDATE_LINK_MINUTES: Value("30"), Some(1..=1440),
        "a sign-in link for \"My application\" works this many minutes, once";
    LOG_FORMAT: Value("text"), None,
        "text or json";
    RUST_LOG: Value(DEFAULT_LOG_FILTER), None,
        "log filter";
    SHUTDOWN_TIMEOUT_SECONDS: Value("30"), Some(1..=600),
        "how long a stopping server lets requests finish";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_listed_once_and_every_default_fits_its_kind() {
        let mut names: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), VARIABLES.len(), "a variable is listed twice");
        for var in VARIABLES {
            if let (Some(range), DefaultValue::Value(value)) = (&var.range, var.default) {
                let n: u32 = value
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: {value}", var.name));
                assert!(
                    range.contains(&n),
                    "{}'s default {n} is out of its range",
                    var.name
                );
            }
            assert!(
                !var.help.contains("default"),
                "{}: the table adds the default",
                var.name
            );
        }
    }

    #[test]
    fn help_lines_name_the_default() {
        assert_eq!(
            DATABASE_MAX_CONNECTIONS.help_line(),
            "connections in the pool (default 10)"
        );
        assert!(DATABASE_URL.help_line().ends_with("(required)"));
        assert!(
            HTTP_WORKERS
                .help_line()
                .ends_with("(default number of CPUs)")
        );
    }
}
