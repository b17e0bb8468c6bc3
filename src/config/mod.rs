//! Settings: the operator contract, read once from the environment at start-up.
//!
//! Every variable is parsed here into a typed value. A bad value stops start-up with one line that
//! names the variable and says what is wrong (`ConfigError`'s Display), so operators never meet a
//! half-configured server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lettre::Address;
use secrecy::SecretString;
use url::Url;

use crate::trust::statements::AgencyStatements;

mod variables;
use variables::*;
pub use variables::{DEFAULT_LOG_FILTER, DefaultValue, VARIABLES, Variable};

/// Everything the server, the worker and the CLI need to know about their environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`; holds the password, so it is kept secret.
    pub(crate) database_url: SecretString,
    pub database_max_connections: u32,
    pub(crate) database_acquire_timeout: Duration,
    pub(crate) bind_addr: SocketAddr,
    /// `HTTP_WORKERS`: actix worker threads, each with its own event loop (default: the CPUs).
    pub(crate) http_workers: usize,
    /// Origin used in links in e-mails, canonical URLs and the Origin check of forms.
    pub(crate) public_url: Url,
    pub mail: MailSettings,
    pub(crate) intake: IntakeSettings,
    pub(crate) limits: LimitSettings,
    /// `SECRET_KEY`: signs form tokens and keys the counters' hashes. Every instance behind one
    /// load balancer needs the same key.
    pub(crate) secret_key: SecretString,
    /// True when SECRET_KEY was unset (allowed over http only): the server replaces the
    /// placeholder with the key kept in the database (`db::site_keys`) before it serves.
    pub(crate) secret_key_is_random: bool,
    /// Whether `serve` also runs the e-mail delivery worker (`RUN_WORKER`, default true).
    pub(crate) run_worker: bool,
    /// Take the client IP (for rate limits) from X-Forwarded-For, set by a trusted load balancer.
    pub(crate) trust_proxy_headers: bool,
    /// `RETENTION_MONTHS`: candidates whose last application is older are purged daily, unless they
    /// consented to be kept for future roles.
    pub(crate) retention_months: u32,
    /// `AGENCY_STATEMENTS_FILE`, read and checked at start-up: the operator's statements about
    /// the agency's own business for `/trust`; `None` when unset.
    pub(crate) agency_statements: Option<Arc<AgencyStatements>>,
    /// Two-factor sign-in for every account, not only admins (`REQUIRE_2FA`).
    pub(crate) require_2fa: bool,
    /// `CANDIDATE_LINK_MINUTES`: how long a sign-in link asked for on `/my-application` works.
    pub(crate) candidate_link_lifetime: Duration,
    pub log_format: LogFormat,
    pub(crate) shutdown_timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `SMTP_URL` in lettre's URL form; `None` writes .eml files under `mail_dir`.
    pub(crate) smtp_url: Option<SecretString>,
    pub(crate) mail_dir: PathBuf,
    pub(crate) support_inbox: Address,
    pub(crate) from: Address,
    /// Attempts before an outbox message is marked dead (`MAIL_MAX_ATTEMPTS`).
    pub(crate) max_attempts: u32,
    /// First retry delay; doubles per attempt, with jitter (`MAIL_RETRY_BASE_MS`).
    pub(crate) retry_base: Duration,
    /// Connect/send timeout of one SMTP delivery (`SMTP_TIMEOUT_SECONDS`).
    pub(crate) smtp_timeout: Duration,
    /// How long a claimed message is kept from other workers (`MAIL_LEASE_SECONDS`): the time a
    /// message claimed by a worker that died waits before another worker tries it.
    pub(crate) lease: Duration,
}

/// Abuse thresholds of the public intake form, configurable so tests and benchmarks can set them.
#[derive(Debug, Clone)]
pub(crate) struct IntakeSettings {
    /// A form sent back sooner than this after it was rendered is treated as a bot.
    pub(crate) min_fill_seconds: u32,
    /// Submissions accepted per client IP per hour.
    pub(crate) submit_rate_per_hour: u32,
}

/// What one client may hold of the server (`web::limits`).
#[derive(Debug, Clone)]
pub(crate) struct LimitSettings {
    /// `REQUEST_TIMEOUT_SECONDS`: the body's deadline (extended while a slow upload progresses).
    pub(crate) request_timeout: Duration,
    /// `MAX_CONNECTIONS_PER_CLIENT`.
    pub(crate) max_connections_per_client: usize,
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
    pub(crate) problem: String,
}

impl ConfigError {
    fn new(var: &'static str, problem: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
        }
    }
}

impl Settings {
    /// Reads the process environment (after an optional `.env` file, loaded by `main`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Parses settings from any lookup function, so tests need not touch the process environment.
    /// Every variable, its default and its range come from the one table in `variables`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // An empty value counts as unset: `FOO=` in a .env file should mean "use the default".
        let get = |var: &Variable| {
            lookup(var.name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let number = |var: &Variable| parse_number(var, get(var));
        let boolean = |var: &Variable| parse_bool(var, get(var));
        let text = |var: &Variable| get(var).unwrap_or_else(|| var.default_text().to_owned());

        let database_url = parse_database_url(get(&DATABASE_URL))?;
        let database_max_connections = number(&DATABASE_MAX_CONNECTIONS)?;
        let acquire_secs = number(&DATABASE_ACQUIRE_TIMEOUT_SECONDS)?;
        let bind_addr = parse_bind_addr(text(&BIND_ADDR))?;
        let http_workers = match get(&HTTP_WORKERS) {
            Some(value) => parse_number(&HTTP_WORKERS, Some(value))?,
            None => default_workers(),
        };
        let public_url = parse_public_url(text(&PUBLIC_URL))?;
        let smtp_url = parse_smtp_url(get(&SMTP_URL))?;
        let mail_dir = PathBuf::from(text(&MAIL_DIR));
        let support_inbox = parse_address(&SUPPORT_INBOX, text(&SUPPORT_INBOX))?;
        let from = parse_address(&MAIL_FROM, text(&MAIL_FROM))?;
        let max_attempts = number(&MAIL_MAX_ATTEMPTS)?;
        let retry_base_ms = number(&MAIL_RETRY_BASE_MS)?;
        let smtp_timeout_secs = number(&SMTP_TIMEOUT_SECONDS)?;
        // Renewed while a delivery is under way (`worker::delivery`), so it need not outlast one.
        let lease_secs = number(&MAIL_LEASE_SECONDS)?;
        let run_worker = boolean(&RUN_WORKER)?;
        let trust_proxy_headers = boolean(&TRUST_PROXY_HEADERS)?;
        let secret_key_is_random = get(&SECRET_KEY).is_none();
        let secret_key = parse_secret_key(get(&SECRET_KEY), public_url.scheme() == "https")?;
        let min_fill_seconds = number(&FORM_MIN_FILL_SECONDS)?;
        let submit_rate_per_hour = number(&SUBMIT_RATE_PER_HOUR)?;
        let request_timeout_secs = number(&REQUEST_TIMEOUT_SECONDS)?;
        let max_connections_per_client = number(&MAX_CONNECTIONS_PER_CLIENT)?;
        let retention_months = number(&RETENTION_MONTHS)?;
        let agency_statements = match get(&AGENCY_STATEMENTS_FILE) {
            Some(path) => Some(Arc::new(AgencyStatements::load(Path::new(&path)).map_err(
                |problem| ConfigError::new(AGENCY_STATEMENTS_FILE.name, problem),
            )?)),
            None => None,
        };
        let require_2fa = boolean(&REQUIRE_2FA)?;
        let candidate_link_minutes = number(&CANDIDATE_LINK_MINUTES)?;
        let log_format = match text(&LOG_FORMAT).as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::new(
                    LOG_FORMAT.name,
                    format!("must be \"text\" or \"json\", not {other:?}"),
                ));
            }
        };
        let shutdown_secs = number(&SHUTDOWN_TIMEOUT_SECONDS)?;

        Ok(Self {
            database_url,
            database_max_connections,
            database_acquire_timeout: Duration::from_secs(acquire_secs.into()),
            bind_addr,
            http_workers: http_workers as usize,
            public_url,
            mail: MailSettings {
                smtp_url,
                mail_dir,
                support_inbox,
                from,
                max_attempts,
                retry_base: Duration::from_millis(retry_base_ms.into()),
                smtp_timeout: Duration::from_secs(smtp_timeout_secs.into()),
                lease: Duration::from_secs(lease_secs.into()),
            },
            intake: IntakeSettings {
                min_fill_seconds,
                submit_rate_per_hour,
            },
            limits: LimitSettings {
                request_timeout: Duration::from_secs(request_timeout_secs.into()),
                max_connections_per_client: max_connections_per_client as usize,
            },
            secret_key,
            secret_key_is_random,
            run_worker,
            trust_proxy_headers,
            retention_months,
            agency_statements,
            require_2fa,
            candidate_link_lifetime: Duration::from_secs(u64::from(candidate_link_minutes) * 60),
            log_format,
            shutdown_timeout: Duration::from_secs(shutdown_secs.into()),
        })
    }

    /// True when the site is served over https, which turns on HSTS and Secure cookies.
    pub(crate) fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// `SECRET_KEY`'s bytes, for signatures and keyed digests.
    pub(crate) fn secret_key_bytes(&self) -> &[u8] {
        use secrecy::ExposeSecret;
        self.secret_key.expose_secret().as_bytes()
    }

    /// The public origin without a trailing slash, e.g. `https://labmindsstaffing.com`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }

    /// The domain part of every Message-ID the site makes: `PUBLIC_URL`'s host.
    pub(crate) fn message_domain(&self) -> &str {
        self.public_url.host_str().unwrap_or("labmindsstaffing.com")
    }
}

fn parse_database_url(value: Option<String>) -> Result<SecretString, ConfigError> {
    const VAR: &str = DATABASE_URL.name;
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

/// One worker per CPU, as actix does by default: each worker is a single-threaded event loop.
fn default_workers() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| u32::try_from(n.get()).unwrap_or(1))
}

fn parse_bind_addr(value: String) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| {
        ConfigError::new(
            BIND_ADDR.name,
            format!("must be an IP address and port such as 0.0.0.0:8080, not {value:?}"),
        )
    })
}

fn parse_public_url(value: String) -> Result<Url, ConfigError> {
    const VAR: &str = PUBLIC_URL.name;
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
        .map_err(|e| ConfigError::new(SMTP_URL.name, format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "smtp" | "smtps") || url.host().is_none() {
        return Err(ConfigError::new(
            SMTP_URL.name,
            "must look like smtp://host:25, smtp://host:587?tls=required or smtps://user:pass@host:465",
        ));
    }
    Ok(Some(SecretString::from(value)))
}

fn parse_bool(var: &Variable, value: Option<String>) -> Result<bool, ConfigError> {
    let value = value.unwrap_or_else(|| var.default_text().to_owned());
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(ConfigError::new(
            var.name,
            format!("must be true or false, not {other:?}"),
        )),
    }
}

/// A production (https) site must have its own key. Over http (development) a missing key gets a
/// random placeholder here, which the server replaces with the key kept in the database, so
/// tokens and counters survive restarts there too (see `web::server`).
fn parse_secret_key(value: Option<String>, https: bool) -> Result<SecretString, ConfigError> {
    match value {
        Some(key) if key.chars().count() >= 32 => Ok(SecretString::from(key)),
        Some(_) => Err(ConfigError::new(
            SECRET_KEY.name,
            "must be at least 32 characters long",
        )),
        None if https => Err(ConfigError::new(
            SECRET_KEY.name,
            "is required when PUBLIC_URL is https: set at least 32 random characters, the same on every instance",
        )),
        None => {
            let random: String = (0..4)
                .map(|_| uuid::Uuid::new_v4().simple().to_string())
                .collect();
            Ok(SecretString::from(random))
        }
    }
}

fn parse_address(var: &Variable, value: String) -> Result<Address, ConfigError> {
    value.parse().map_err(|_| {
        ConfigError::new(
            var.name,
            format!("must be an e-mail address, not {value:?}"),
        )
    })
}

/// A whole number within the variable's range; unset means the table's default.
fn parse_number(var: &Variable, value: Option<String>) -> Result<u32, ConfigError> {
    let range = var.range.clone().unwrap_or(0..=u32::MAX);
    let value = value.unwrap_or_else(|| var.default_text().to_owned());
    match value.parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ConfigError::new(
            var.name,
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
    fn agency_statements_come_from_their_file_or_stop_start_up_in_one_line() {
        assert!(settings(&[]).unwrap().agency_statements.is_none());
        let example = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/agency-statements.example.toml"
        );
        let s = settings(&[("AGENCY_STATEMENTS_FILE", example)]).unwrap();
        assert!(!s.agency_statements.unwrap().statements.is_empty());
        let missing = settings(&[("AGENCY_STATEMENTS_FILE", "/no/such/statements.toml")]);
        let error = missing.unwrap_err().to_string();
        assert!(
            error.starts_with("configuration error: AGENCY_STATEMENTS_FILE could not be read"),
            "{error}"
        );
        let bad = std::env::temp_dir().join(format!("statements-{}.toml", std::process::id()));
        std::fs::write(
            &bad,
            "confirmed = \"2026-12-01\"\n[[statement]]\nheading = 1\n",
        )
        .unwrap();
        let error = settings(&[("AGENCY_STATEMENTS_FILE", bad.to_str().unwrap())])
            .unwrap_err()
            .to_string();
        std::fs::remove_file(&bad).ok();
        assert!(
            error.starts_with(
                "configuration error: AGENCY_STATEMENTS_FILE is not a valid statements file (line 3"
            ),
            "{error}"
        );
        assert!(!error.contains('\n'), "{error}");
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
            ("HTTP_WORKERS", "0"),
            ("HTTP_WORKERS", "two"),
            ("PUBLIC_URL", "labmindsstaffing.com"),
            ("PUBLIC_URL", "ftp://labmindsstaffing.com"),
            ("PUBLIC_URL", "https://labmindsstaffing.com/path"),
            ("SMTP_URL", "http://mail.example.com"),
            ("SMTP_URL", "::"),
            ("SUPPORT_INBOX", "not-an-address"),
            ("MAIL_FROM", "a@b@c"),
            ("LOG_FORMAT", "xml"),
            ("SHUTDOWN_TIMEOUT_SECONDS", "0"),
            ("MAIL_MAX_ATTEMPTS", "0"),
            ("MAIL_RETRY_BASE_MS", "soon"),
            ("SMTP_TIMEOUT_SECONDS", "1000"),
            ("MAIL_LEASE_SECONDS", "0"),
            ("MAIL_LEASE_SECONDS", "2"),
            ("RUN_WORKER", "maybe"),
            ("TRUST_PROXY_HEADERS", "2"),
            ("SECRET_KEY", "too-short"),
            ("FORM_MIN_FILL_SECONDS", "-3"),
            ("SUBMIT_RATE_PER_HOUR", "0"),
            ("RETENTION_MONTHS", "0"),
            ("RETENTION_MONTHS", "two years"),
            ("REQUEST_TIMEOUT_SECONDS", "0"),
            ("MAX_CONNECTIONS_PER_CLIENT", "0"),
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
            ("SECRET_KEY", "a-secret-key-of-at-least-32-characters"),
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
    fn retention_defaults_to_24_months_and_refuses_bad_values() {
        assert_eq!(settings(&[]).unwrap().retention_months, 24);
        assert_eq!(
            settings(&[("RETENTION_MONTHS", "36")])
                .unwrap()
                .retention_months,
            36
        );
        for bad in ["-1", "0", "1.5", "241", "forever"] {
            let err = settings(&[("RETENTION_MONTHS", bad)]).unwrap_err();
            assert_eq!(err.var, "RETENTION_MONTHS", "{bad:?} should be refused");
        }
    }

    #[test]
    fn http_workers_default_to_the_cpus_and_refuse_bad_values() {
        assert_eq!(
            settings(&[]).unwrap().http_workers,
            default_workers() as usize
        );
        assert_eq!(settings(&[("HTTP_WORKERS", "1")]).unwrap().http_workers, 1);
        for bad in ["0", "-1", "1.5", "all", "1025"] {
            let err = settings(&[("HTTP_WORKERS", bad)]).unwrap_err();
            assert_eq!(err.var, "HTTP_WORKERS", "{bad:?} should be refused");
            assert!(err.to_string().contains("whole number"), "{err}");
        }
    }

    #[test]
    fn the_lease_is_short_by_default_and_independent_of_the_smtp_timeout() {
        assert_eq!(settings(&[]).unwrap().mail.lease, Duration::from_secs(15));
        // Renewed during a delivery, so a slow relay needs no longer lease.
        let slow = settings(&[("SMTP_TIMEOUT_SECONDS", "60"), ("MAIL_LEASE_SECONDS", "3")]);
        assert_eq!(slow.unwrap().mail.lease, Duration::from_secs(3));
        for bad in ["0", "2", "3601"] {
            let error = settings(&[("MAIL_LEASE_SECONDS", bad)]).unwrap_err();
            assert_eq!(error.var, "MAIL_LEASE_SECONDS", "{bad}");
        }
    }

    #[test]
    fn empty_values_mean_the_default() {
        let s = settings(&[("BIND_ADDR", ""), ("SMTP_URL", "  ")]).unwrap();
        assert_eq!(s.bind_addr.port(), 8080);
        assert!(s.mail.smtp_url.is_none());
    }

    #[test]
    fn an_https_site_refuses_to_start_without_a_secret_key() {
        let https = [("PUBLIC_URL", "https://labmindsstaffing.com")];
        let error = settings(&https).unwrap_err();
        assert_eq!(error.var, "SECRET_KEY");
        assert!(
            error
                .to_string()
                .contains("required when PUBLIC_URL is https"),
            "{error}"
        );
        let key = "k".repeat(32);
        assert!(settings(&[https[0], ("SECRET_KEY", &key)]).is_ok());
        assert!(settings(&[]).unwrap().secret_key_is_random);
    }

    #[test]
    fn secrets_are_not_printed_by_debug() {
        let s = settings(&[("DATABASE_URL", "postgres://u:hunter2@localhost/db")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
