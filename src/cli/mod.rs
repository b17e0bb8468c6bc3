//! The command line: `labminds [serve|migrate|worker|recruiter|purge|reminders|digest|report-figures|facts]`, with the environment
//! variables in `--help`. Each subcommand wires the parts it needs and hands over.

pub mod facts;
pub mod recruiter;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use crate::config::{LogFormat, Settings, VARIABLES};
use crate::email::Mailer;
use crate::jobs::RunOutcome;
use crate::telemetry::ErrorChain;
use crate::web::server::Application;

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

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply pending migrations, then serve the site until SIGTERM or SIGINT (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Deliver queued e-mail until SIGTERM or SIGINT, without serving the site (for RUN_WORKER=false
    /// deployments, or more delivery capacity: any number of workers may share one database).
    Worker,
    /// Manage the recruiter dashboard's accounts. Passwords are read from standard input (one
    /// line), e.g. `labminds recruiter add ana@labmindsstaffing.com < password-file`.
    Recruiter {
        #[command(subcommand)]
        action: recruiter::RecruiterCommand,
    },
    /// Erase candidates past RETENTION_MONTHS (unless they consented to be kept), expired sessions
    /// and old login failures, then exit. `serve` also does this once a day.
    Purge(AsOf),
    /// Queue the document reminders due on the date (to candidates who chose e-mail reminders, and
    /// to the case owners or the support inbox), then exit. `serve` also does this once a day; any
    /// number of runs for one date queue each reminder once.
    Reminders(AsOf),
    /// Queue the recruiters' daily digests for a date, then exit (`serve` does this every hour).
    /// `--as-of DATE` is each recruiter's local date; without `--hour`, everyone with the digest on
    /// is due (as at that day's end); with `--hour HH`, those whose digest hour is HH or earlier
    /// (as the scheduler at HH:00 in their own zone). Once per recruiter per date, however often it
    /// runs and on however many instances.
    Digest(DigestArgs),
    /// Rebuild the reports' figures (/admin/reports) from the current data, then exit. `serve`
    /// does this every 10 minutes; the reports read only these figures, and show when they were
    /// taken. No `--as-of`: the figures count each candidate's owner and stage now.
    ReportFigures,
    /// The guide's facts: `labminds facts review [--as-of YYYY-MM-DD]` lists what needs a review
    /// (exit status 1 when anything does). Needs no database or configuration.
    Facts {
        #[command(subcommand)]
        action: facts::FactsCommand,
    },
}

/// The date a scheduled job runs for (`--as-of YYYY-MM-DD`, default today in UTC), so operators
/// and tests can run a day's work without waiting for that day.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct AsOf {
    /// The date to run for, e.g. 2026-12-01 (default: today, UTC).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = crate::jobs::parse_as_of)]
    as_of: Option<time::Date>,
}

/// `labminds digest --as-of YYYY-MM-DD [--hour HH]`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct DigestArgs {
    #[command(flatten)]
    as_of: AsOf,
    /// The local hour (0 to 23) in each recruiter's own time zone (default: the day's end).
    #[arg(long, value_name = "HH", value_parser = clap::value_parser!(u8).range(0..=23))]
    hour: Option<u8>,
}

impl AsOf {
    fn date(&self) -> time::Date {
        self.as_of.unwrap_or_else(crate::jobs::today)
    }
}

impl Cli {
    /// Parses the arguments, with the documented variables appended to `--help`.
    pub fn parse_with_variables() -> Self {
        let mut help = String::from("Environment variables:\n");
        for var in VARIABLES {
            help.push_str(&format!("  {:<34} {}\n", var.name, var.help_line()));
        }
        let matches = Cli::command().after_help(help).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// Runs a command that needs no settings (no database, no environment) at once; `None` for the
/// others, which `run` takes with parsed settings.
pub fn run_without_settings(command: &Command) -> Option<ExitCode> {
    match command {
        Command::Facts { action } => Some(facts::run(action)),
        _ => None,
    }
}

/// Runs a command with parsed settings. An error that stops it is printed once, with its causes
/// on one line: plain for a person at a terminal, or as one JSON event when logs are JSON.
pub async fn run(command: Command, settings: Settings) -> ExitCode {
    let log_format = settings.log_format;
    let outcome = match command {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::Worker => worker(settings).await,
        Command::Recruiter { action } => recruiter(action, settings).await,
        Command::Purge(as_of) => purge(as_of, settings).await,
        Command::Reminders(as_of) => reminders(as_of, settings).await,
        Command::Digest(args) => digest(args, settings).await,
        Command::ReportFigures => report_figures(settings).await,
        Command::Facts { action } => return facts::run(&action),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match log_format {
                LogFormat::Json => {
                    tracing::error!(error = ?ErrorChain(error.as_ref()), "stopped with an error")
                }
                LogFormat::Text => eprintln!("error: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let bind_addr = settings.bind_addr;
    crate::web::limits::raise_descriptor_limit();
    if settings.secret_key_is_random {
        tracing::warn!(
            "SECRET_KEY is not set: using the key kept in the database (fine for development; \
             a production site over https must set SECRET_KEY)"
        );
    }
    // Built before the server, so a bad SMTP_URL or MAIL_DIR stops start-up.
    let mailer = Mailer::from_settings(&settings.mail)?;
    crate::db::create_database_if_missing(&settings).await?;
    let pool = crate::db::connect(&settings).await?;
    crate::db::migrate(&pool).await?;
    // Before anything starts: the jobs sign links (the reminders' unsubscribe link) with the key
    // the site uses, and the signal handlers must be in place as soon as the worker runs.
    let mut settings = settings;
    crate::db::site_keys::settle_secret_key(&mut settings, &pool).await?;
    let app = Application::build_with_pool(settings.clone(), pool.clone(), true).await?;
    let stop_worker = CancellationToken::new();
    let worker = settings
        .run_worker
        .then(|| crate::worker::spawn(pool.clone(), mailer, settings.clone(), stop_worker.clone()));
    let stop_jobs = CancellationToken::new();
    let jobs = crate::jobs::spawn_scheduler(pool.clone(), settings.clone(), stop_jobs.clone());
    tracing::info!(%bind_addr, port = app.port(), "serving");
    let served = app.run_until_stopped().await;
    stop_jobs.cancel();
    jobs.await?;
    // The server returns after SIGTERM/SIGINT: let the worker finish the messages in hand.
    stop_worker.cancel();
    if let Some(worker) = worker {
        worker.await?;
    }
    served?;
    tracing::info!("stopped gracefully");
    Ok(())
}

async fn worker(settings: Settings) -> anyhow::Result<()> {
    let mailer = Mailer::from_settings(&settings.mail)?;
    let pool = crate::db::connect(&settings).await?;
    let stop = CancellationToken::new();
    let worker = crate::worker::spawn(pool, mailer, settings, stop.clone());
    crate::worker::shutdown_signal().await;
    tracing::info!("stop signal received, finishing the messages in hand");
    stop.cancel();
    worker.await?;
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

/// `labminds recruiter ...`: the password comes from standard input, never from the arguments.
async fn recruiter(action: recruiter::RecruiterCommand, settings: Settings) -> anyhow::Result<()> {
    crate::db::create_database_if_missing(&settings).await?;
    let pool = crate::db::connect(&settings).await?;
    crate::db::migrate(&pool).await?;
    let done = recruiter::run(action, &pool, std::io::stdin().lock()).await?;
    println!("{done}");
    Ok(())
}

async fn purge(as_of: AsOf, settings: Settings) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings).await?;
    let job = crate::jobs::Job::Purge;
    let date = as_of.date();
    match crate::jobs::run(&pool, &settings, job, date, &date.to_string()).await? {
        RunOutcome::Done(counts) => {
            let erased = counts["candidates_erased"].as_u64().unwrap_or(0);
            println!("erased {erased} candidate(s) past the retention period");
        }
        RunOutcome::Busy => println!("another instance is purging right now; nothing was done"),
    }
    Ok(())
}

async fn reminders(as_of: AsOf, mut settings: Settings) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings).await?;
    crate::db::site_keys::settle_secret_key(&mut settings, &pool).await?;
    let job = crate::jobs::Job::Reminders;
    let date = as_of.date();
    match crate::jobs::run(&pool, &settings, job, date, &date.to_string()).await? {
        RunOutcome::Done(counts) => println!(
            "{} reminder(s) due on {date}: queued {} to candidates and {} to owners ({} candidate(s) without the e-mail-updates consent)",
            counts["due"],
            counts["queued_candidate"],
            counts["queued_owner"],
            counts["without_consent"]
        ),
        RunOutcome::Busy => {
            println!("another instance is sending the reminders right now; nothing was done")
        }
    }
    Ok(())
}

async fn digest(args: DigestArgs, settings: Settings) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings).await?;
    let date = args.as_of.date();
    let hour = args.hour;
    // Its own run key: a run by hand never stands for one of the scheduler's UTC hours.
    let run_key = match hour {
        Some(hour) => format!("by-hand:{date}T{hour:02}"),
        None => format!("by-hand:{date}"),
    };
    let what = crate::jobs::RunFor::Date { date, hour };
    match crate::jobs::run_for(&pool, &settings, crate::jobs::Job::Digest, what, &run_key).await? {
        RunOutcome::Done(counts) => {
            let n = |key: &str| counts[key].as_u64().unwrap_or(0);
            println!(
                "queued {} digest(s) for {date}; {} sent before, {} empty, {} not due yet",
                n("queued"),
                n("sent_before"),
                n("empty"),
                n("not_due")
            );
        }
        RunOutcome::Busy => {
            println!("another instance is sending the digests right now; nothing was done")
        }
    }
    Ok(())
}

async fn report_figures(settings: Settings) -> anyhow::Result<()> {
    let pool = crate::db::connect(&settings).await?;
    let job = crate::jobs::Job::ReportFigures;
    let now = time::OffsetDateTime::now_utc();
    // Recorded as the scheduler's run for these ten minutes: the figures are as fresh as its.
    let run_key = job.run_key(now);
    let what = crate::jobs::RunFor::Tick(now);
    match crate::jobs::run_for(&pool, &settings, job, what, &run_key).await? {
        RunOutcome::Done(counts) => {
            let n = |key: &str| counts[key].as_u64().unwrap_or(0);
            println!(
                "report figures rebuilt: {} figure rows, {} cohort rows, {} stay rows in {} ms ({} ms with the tidy-up)",
                n("figures"),
                n("cohorts"),
                n("stays"),
                n("rebuild_ms"),
                n("total_ms")
            );
        }
        RunOutcome::Busy => {
            println!(
                "another instance is rebuilding the report figures right now; nothing was done"
            )
        }
    }
    Ok(())
}
