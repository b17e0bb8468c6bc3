//! The database layer: the connection pool, the schema migrations, and every SQL query the
//! application runs, in one module per thing stored. Nothing outside `db` writes SQL.
//!
//! The statements of one submission are files (`src/db/submission/*.sql`, compiled with
//! `query_file!`), because bench/submission.sql runs the very same ones against pgbench and a
//! test holds the two together.

pub mod applications;
pub(crate) mod attention;
pub mod audit;
pub(crate) mod calendar_feeds;
pub(crate) mod candidate_links;
pub(crate) mod candidate_messages;
pub(crate) mod candidate_sessions;
pub mod candidates;
pub(crate) mod consents;
pub(crate) mod documents;
pub(crate) mod duplicates;
pub(crate) mod email_changes;
pub mod jobs;
pub(crate) mod links;
pub(crate) mod next_actions;
pub(crate) mod next_steps;
pub mod outbox;
pub mod pipeline;
pub(crate) mod privacy_requests;
pub(crate) mod profile_versions;
pub mod rate_limits;
pub mod recruiters;
pub(crate) mod reminders;
pub(crate) mod report_figures;
pub(crate) mod reports;
pub(crate) mod retention;
pub(crate) mod second_factor;
pub(crate) mod sessions;
pub(crate) mod site_keys;
pub(crate) mod throttles;
pub(crate) mod timeline;

use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use crate::config::Settings;

/// The migrations under `migrations/`, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// Creates the database named in `DATABASE_URL` when the server has none of that name yet.
pub(crate) async fn create_database_if_missing(settings: &Settings) -> anyhow::Result<()> {
    let url = settings.database_url.expose_secret();
    let exists = Postgres::database_exists(url)
        .await
        .context("could not reach the PostgreSQL server named by DATABASE_URL")?;
    if !exists {
        Postgres::create_database(url)
            .await
            .context("the database in DATABASE_URL does not exist and could not be created")?;
        tracing::info!("created the database named in DATABASE_URL");
    }
    Ok(())
}

/// The pool every request and the worker share. A request waits at most
/// `DATABASE_ACQUIRE_TIMEOUT_SECONDS` for a connection and then gets a 503, never a hang.
pub(crate) fn pool_options(settings: &Settings) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(settings.database_max_connections)
        .min_connections(0)
        .acquire_timeout(settings.database_acquire_timeout)
        .idle_timeout(Some(Duration::from_secs(300)))
}

pub(crate) fn connect_options(settings: &Settings) -> anyhow::Result<PgConnectOptions> {
    settings
        .database_url
        .expose_secret()
        .parse::<PgConnectOptions>()
        .context("DATABASE_URL could not be parsed as PostgreSQL connection options")
}

/// Connects eagerly (so start-up fails fast with a clear message when the database is unreachable).
pub async fn connect(settings: &Settings) -> anyhow::Result<PgPool> {
    pool_options(settings)
        .connect_with(connect_options(settings)?)
        .await
        .context("could not connect to the database named by DATABASE_URL")
}

/// A schema the binary cannot run against.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error(
        "the database schema is newer than this binary: migration {0} is applied but unknown here; \
         deploy the newer binary (or restore a matching backup) instead of starting this one"
    )]
    AheadOfBinary(i64),
    #[error("migration {0} was changed after it was applied; restore the original file")]
    Modified(i64),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Applies pending migrations, refusing a schema that is ahead of this binary.
///
/// Several instances may start at once: sqlx holds an advisory lock while it migrates.
pub async fn migrate(pool: &PgPool) -> Result<(), SchemaError> {
    let known: std::collections::HashMap<i64, &[u8]> = MIGRATOR
        .iter()
        .map(|m| (m.version, m.checksum.as_ref()))
        .collect();
    // Not a query! macro: the table may not exist yet, and it belongs to sqlx, not to our schema.
    let applied: Vec<(i64, Vec<u8>)> = match sqlx::query_as(
        "select version, checksum from _sqlx_migrations where success order by version",
    )
    .fetch_all(pool)
    .await
    {
        Ok(rows) => rows,
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P01") => Vec::new(),
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context("could not read applied migrations")
                .into());
        }
    };
    for (version, checksum) in &applied {
        match known.get(version) {
            None => return Err(SchemaError::AheadOfBinary(*version)),
            Some(expected) if *expected != checksum.as_slice() => {
                return Err(SchemaError::Modified(*version));
            }
            Some(_) => {}
        }
    }
    MIGRATOR
        .run(pool)
        .await
        .context("applying migrations failed")?;
    Ok(())
}

/// True when an error means "the database is unreachable or overloaded right now" rather than a bug:
/// such errors become a 503 with Retry-After, and the pool recovers by itself when the server is back.
pub(crate) fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(e) => e.code().is_some_and(|code| {
            // 08: connection exception; 57P0x: admin/crash shutdown, cannot connect now;
            // 53300: too many connections.
            code.starts_with("08") || code.starts_with("57P0") || code == "53300"
        }),
        _ => false,
    }
}

/// Readiness: the database answers a trivial query within `timeout`.
pub(crate) async fn ping(pool: &PgPool, timeout: Duration) -> bool {
    matches!(
        tokio::time::timeout(
            timeout,
            sqlx::query_scalar::<_, i32>("select 1").fetch_one(pool)
        )
        .await,
        Ok(Ok(1))
    )
}

/// True when `error` is a violation of the named constraint (`on_constraint`, as realworld-axum-sqlx
/// does): the database decides, we never check first and insert second.
pub(crate) fn violates(error: &sqlx::Error, constraint: &str) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.constraint() == Some(constraint))
}

/// The outcome of a change a recruiter asked for.
pub enum Change {
    Done,
    /// No such candidate (or e-mail): the handler answers 404.
    NotFound,
    /// Nothing to do (same stage, a message that is not dead).
    Unchanged,
}

/// A count per key (a stage, a country), for the dashboard's overview tables.
pub(crate) struct Count {
    pub(crate) key: String,
    pub(crate) count: i64,
}
