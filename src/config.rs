//! Settings: the operator contract, read once from the environment at start-up.
//!
//! Every variable is parsed here into a typed value. A bad value stops start-up with one line that
//! names the variable and says what is wrong (`ConfigError`'s Display), so operators never meet a
//! half-configured server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use lettre::Address;
use secrecy::SecretString;
use url::Url;

/// Everything the server, the worker and the CLI need to know about their environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`; holds the password, so it is kept secret.
    pub database_url: SecretString,
    pub database_max_connections: u32,
    pub database_acquire_timeout: Duration,
    pub bind_addr: SocketAddr,
    /// Origin used in links in e-mails, canonical URLs and the Origin check of forms.
    pub public_url: Url,
    pub mail: MailSettings,
    pub log_format: LogFormat,
    pub shutdown_timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `SMTP_URL` in lettre's URL form; `None` writes .eml files under `mail_dir`.
    pub smtp_url: Option<SecretString>,
    pub mail_dir: PathBuf,
    pub support_inbox: Address,
    pub from: Address,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A variable that is missing or malformed. Displayed as one line for the operator.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {var} {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl ConfigError {
    fn new(var: &'static str, problem: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
        }
    }
}

/// The documented variables with their meaning, shown by `labminds --help` and kept in step with
/// `.env.example` by a test.
pub const VARIABLES: &[(&str, &str)] = &[
    (
        "DATABASE_URL",
        "PostgreSQL URL (required); the database is created if it does not exist",
    ),
    (
        "DATABASE_MAX_CONNECTIONS",
        "connections in the pool (default 10)",
    ),
    (
        "DATABASE_ACQUIRE_TIMEOUT_SECONDS",
        "how long a request waits for a connection before a 503 (default 3)",
    ),
    (
        "BIND_ADDR",
        "address and port to listen on (default 127.0.0.1:8080)",
    ),
    (
        "PUBLIC_URL",
        "the site's public origin, e.g. https://labmindsstaffing.com (default http://localhost:8080)",
    ),
    (
        "SMTP_URL",
        "lettre SMTP URL, e.g. smtps://user:pass@smtp.example.com; unset writes .eml files to MAIL_DIR",
    ),
    (
        "MAIL_DIR",
        "where .eml files go while SMTP_URL is unset (default var/mail)",
    ),
    (
        "SUPPORT_INBOX",
        "recruiters' inbox for alerts (default support@labmindsstaffing.com)",
    ),
    (
        "MAIL_FROM",
        "sender address of every e-mail (default no-reply@labmindsstaffing.com)",
    ),
    ("LOG_FORMAT", "text (default) or json"),
    ("RUST_LOG", "log filter (default info)"),
    (
        "SHUTDOWN_TIMEOUT_SECONDS",
        "how long a stopping server lets requests finish (default 30)",
    ),
];

impl Settings {
    /// Reads the process environment (after an optional `.env` file, loaded by `main`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Parses settings from any lookup function, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // An empty value counts as unset: `FOO=` in a .env file should mean "use the default".
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let database_url = parse_database_url(get("DATABASE_URL"))?;
        let database_max_connections = parse_number(
            "DATABASE_MAX_CONNECTIONS",
            get("DATABASE_MAX_CONNECTIONS"),
            10,
            1..=1000,
        )?;
        let acquire_secs = parse_number(
            "DATABASE_ACQUIRE_TIMEOUT_SECONDS",
            get("DATABASE_ACQUIRE_TIMEOUT_SECONDS"),
            3,
            1..=60,
        )?;
        let bind_addr = parse_bind_addr(get("BIND_ADDR"))?;
        let public_url = parse_public_url(get("PUBLIC_URL"))?;
        let smtp_url = parse_smtp_url(get("SMTP_URL"))?;
        let mail_dir = PathBuf::from(get("MAIL_DIR").unwrap_or_else(|| "var/mail".to_owned()));
        let support_inbox = parse_address(
            "SUPPORT_INBOX",
            get("SUPPORT_INBOX"),
            "support@labmindsstaffing.com",
        )?;
        let from = parse_address(
            "MAIL_FROM",
            get("MAIL_FROM"),
            "no-reply@labmindsstaffing.com",
        )?;
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "LOG_FORMAT",
                    format!("must be \"text\" or \"json\", not {other:?}"),
                ));
            }
        };
        let shutdown_secs = parse_number(
            "SHUTDOWN_TIMEOUT_SECONDS",
            get("SHUTDOWN_TIMEOUT_SECONDS"),
            30,
            1..=600,
        )?;

        Ok(Self {
            database_url,
            database_max_connections,
            database_acquire_timeout: Duration::from_secs(acquire_secs.into()),
            bind_addr,
            public_url,
            mail: MailSettings {
                smtp_url,
                mail_dir,
                support_inbox,
                from,
            },
            log_format,
            shutdown_timeout: Duration::from_secs(shutdown_secs.into()),
        })
    }

    /// True when the site is served over https, which turns on HSTS and Secure cookies.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The public origin without a trailing slash, e.g. `https://labmindsstaffing.com`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

fn parse_database_url(value: Option<String>) -> Result<SecretString, ConfigError> {
    const VAR: &str = "DATABASE_URL";
    let value = value.ok_or_else(|| {
        ConfigError::new(
            VAR,
            "is not set (expected postgres://user:password@host:port/database)",
        )
    })?;
    let url =
        Url::parse(&value).map_err(|e| ConfigError::new(VAR, format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        return Err(ConfigError::new(
            VAR,
            "must start with postgres:// or postgresql://",
        ));
    }
    if url.path().trim_start_matches('/').is_empty() {
        return Err(ConfigError::new(
            VAR,
            "must name a database, e.g. postgres://host/labminds",
        ));
    }
    Ok(SecretString::from(value))
}

fn parse_bind_addr(value: Option<String>) -> Result<SocketAddr, ConfigError> {
    let value = value.unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    value.parse().map_err(|_| {
        ConfigError::new(
            "BIND_ADDR",
            format!("must be an IP address and port such as 0.0.0.0:8080, not {value:?}"),
        )
    })
}

fn parse_public_url(value: Option<String>) -> Result<Url, ConfigError> {
    const VAR: &str = "PUBLIC_URL";
    let value = value.unwrap_or_else(|| "http://localhost:8080".to_owned());
    let url =
        Url::parse(&value).map_err(|e| ConfigError::new(VAR, format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::new(
            VAR,
            "must be an http:// or https:// origin such as https://labmindsstaffing.com",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::new(
            VAR,
            "must be an origin only, without a path, query or fragment",
        ));
    }
    Ok(url)
}

fn parse_smtp_url(value: Option<String>) -> Result<Option<SecretString>, ConfigError> {
    let Some(value) = value else { return Ok(None) };
    let url = Url::parse(&value)
        .map_err(|e| ConfigError::new("SMTP_URL", format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "smtp" | "smtps") || url.host().is_none() {
        return Err(ConfigError::new(
            "SMTP_URL",
            "must look like smtp://host:25, smtp://host:587?tls=required or smtps://user:pass@host:465",
        ));
    }
    Ok(Some(SecretString::from(value)))
}

fn parse_address(
    var: &'static str,
    value: Option<String>,
    default: &str,
) -> Result<Address, ConfigError> {
    let value = value.unwrap_or_else(|| default.to_owned());
    value
        .parse()
        .map_err(|_| ConfigError::new(var, format!("must be an e-mail address, not {value:?}")))
}

fn parse_number(
    var: &'static str,
    value: Option<String>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ConfigError::new(
            var,
            format!(
                "must be a whole number from {} to {}, not {value:?}",
                range.start(),
                range.end()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut map: HashMap<String, String> = [("DATABASE_URL", "postgres://localhost/labminds")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for (k, v) in vars {
            map.insert(k.to_string(), v.to_string());
        }
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    fn error_var(vars: &[(&str, &str)]) -> &'static str {
        settings(vars)
            .expect_err("expected a configuration error")
            .var
    }

    #[test]
    fn defaults_follow_the_operator_contract() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(s.mail.mail_dir, PathBuf::from("var/mail"));
        assert!(s.mail.smtp_url.is_none());
        assert_eq!(
            s.mail.support_inbox.to_string(),
            "support@labmindsstaffing.com"
        );
        assert_eq!(s.log_format, LogFormat::Text);
        assert_eq!(s.database_acquire_timeout, Duration::from_secs(3));
        assert!(!s.is_https());
        assert_eq!(
            s.database_url.expose_secret(),
            "postgres://localhost/labminds"
        );
    }

    #[test]
    fn missing_database_url_names_the_variable() {
        let err = Settings::from_lookup(|_| None).unwrap_err();
        assert_eq!(err.var, "DATABASE_URL");
        assert!(
            err.to_string()
                .starts_with("configuration error: DATABASE_URL is not set")
        );
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases: &[(&str, &str)] = &[
            ("DATABASE_URL", "mysql://localhost/x"),
            ("DATABASE_URL", "not a url"),
            ("DATABASE_URL", "postgres://localhost"),
            ("DATABASE_MAX_CONNECTIONS", "0"),
            ("DATABASE_MAX_CONNECTIONS", "ten"),
            ("DATABASE_ACQUIRE_TIMEOUT_SECONDS", "-1"),
            ("BIND_ADDR", "localhost"),
            ("BIND_ADDR", "127.0.0.1:99999"),
            ("PUBLIC_URL", "labmindsstaffing.com"),
            ("PUBLIC_URL", "ftp://labmindsstaffing.com"),
            ("PUBLIC_URL", "https://labmindsstaffing.com/path"),
            ("SMTP_URL", "http://mail.example.com"),
            ("SMTP_URL", "::"),
            ("SUPPORT_INBOX", "not-an-address"),
            ("MAIL_FROM", "a@b@c"),
            ("LOG_FORMAT", "xml"),
            ("SHUTDOWN_TIMEOUT_SECONDS", "0"),
        ];
        for (var, value) in cases {
            assert_eq!(
                error_var(&[(var, value)]),
                *var,
                "{var}={value:?} should be rejected"
            );
        }
    }

    #[test]
    fn good_values_are_accepted() {
        let s = settings(&[
            ("BIND_ADDR", "0.0.0.0:9000"),
            ("PUBLIC_URL", "https://labmindsstaffing.com"),
            ("SMTP_URL", "smtps://user:secret@smtp.example.com:465"),
            ("SUPPORT_INBOX", "alerts@example.com"),
            ("LOG_FORMAT", "json"),
            ("DATABASE_MAX_CONNECTIONS", "25"),
        ])
        .unwrap();
        assert!(s.is_https());
        assert_eq!(s.public_origin(), "https://labmindsstaffing.com");
        assert_eq!(s.bind_addr.port(), 9000);
        assert_eq!(s.log_format, LogFormat::Json);
        assert_eq!(s.database_max_connections, 25);
        assert!(s.mail.smtp_url.is_some());
    }

    #[test]
    fn empty_values_mean_the_default() {
        let s = settings(&[("BIND_ADDR", ""), ("SMTP_URL", "  ")]).unwrap();
        assert_eq!(s.bind_addr.port(), 8080);
        assert!(s.mail.smtp_url.is_none());
    }

    #[test]
    fn secrets_are_not_printed_by_debug() {
        let s = settings(&[("DATABASE_URL", "postgres://u:hunter2@localhost/db")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
