//! The command line: `labminds [serve|migrate]`, with the environment variables in `--help`.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::{Settings, VARIABLES};
use crate::startup::Application;

#[derive(Parser, Debug)]
#[command(
    name = "labminds",
    version,
    about = "LabMinds Staffing: the guide and candidate intake site",
    long_about = "LabMinds Staffing: the guide and candidate intake site.\n\n\
        Configuration comes from environment variables, optionally from a .env file in the working \
        directory. A bad value stops start-up with a message naming the variable."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Apply pending migrations, then serve the site until SIGTERM or SIGINT (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
}

impl Cli {
    /// Parses the arguments, with the documented variables appended to `--help`.
    pub fn parse_with_variables() -> Self {
        let mut help = String::from("Environment variables:\n");
        for (name, meaning) in VARIABLES {
            help.push_str(&format!("  {name:<34} {meaning}\n"));
        }
        let matches = Cli::command().after_help(help).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// Runs a command with parsed settings. Errors are printed with their causes on one line.
pub async fn run(command: Command, settings: Settings) -> ExitCode {
    let outcome = match command {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = ?crate::error::ErrorChain(error.as_ref()), "stopped with an error");
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let bind_addr = settings.bind_addr;
    let app = Application::build(settings).await?;
    tracing::info!(%bind_addr, port = app.port(), "serving");
    app.run_until_stopped().await?;
    tracing::info!("stopped gracefully");
    Ok(())
}

async fn migrate(settings: Settings) -> anyhow::Result<()> {
    crate::db::create_database_if_missing(&settings).await?;
    let pool = crate::db::connect(&settings).await?;
    crate::db::migrate(&pool).await?;
    tracing::info!(
        migrations = crate::db::MIGRATOR.iter().count(),
        "database schema is up to date"
    );
    Ok(())
}
