//! `labminds`: parse the command line and the environment, then hand over to the library.

use std::process::ExitCode;

use labminds::cli::{Cli, Command};
use labminds::config::Settings;

fn main() -> ExitCode {
    let cli = Cli::parse_with_variables();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Some(status) = labminds::cli::run_without_settings(&command) {
        return status;
    }
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        eprintln!("configuration error: the .env file could not be read: {error}");
        return ExitCode::from(2);
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    // Held to the end: dropping it writes out the log lines still queued.
    let _log = labminds::telemetry::init(settings.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(labminds::cli::run(command, settings))
}
