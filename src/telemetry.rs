//! Log output: human-readable lines by default, one JSON object per line with `LOG_FORMAT=json`.
//! Every line logged while serving a request carries that request's id (see `web::middleware`).
//!
//! Lines are written to stderr by a thread of their own (tracing-appender's non-blocking writer)
//! through a buffer that is written out whenever that thread has caught up: a request hands its
//! line over instead of making a `write` system call, and a burst of lines costs one call instead
//! of one per line (issue 17). No line is ever dropped: when the queue is full (the reader of
//! stderr has stalled) the request that logs waits for room, so a stuck log slows the site rather
//! than losing its record. `init` returns the guard that writes out what is queued
//! when it is dropped, at the end of `main`.

use std::io::{BufWriter, IsTerminal};

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{DEFAULT_LOG_FILTER, LogFormat};

/// Lines the queue holds before a request waits for the writer. tracing-appender's default,
/// 128,000, preallocates its slots: 6 MB of resident memory at start-up, a third of the budget.
/// 4,096 lines are a few tens of milliseconds of the busiest traffic; a writer that far behind
/// is stalled, and waiting is the honest answer to that.
const QUEUED_LINES: usize = 4_096;
/// What the writing thread gathers before a `write` call, at most (a page of lines).
const WRITE_BUFFER_BYTES: usize = 64 * 1024;

/// Keeps the log's writing thread; dropping it writes out every queued line.
#[must_use = "dropping the guard stops the log's writer: keep it until the process ends"]
pub struct LogGuard {
    _worker: Option<WorkerGuard>,
}

pub fn init(format: LogFormat) -> LogGuard {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER));
    let (writer, worker) = NonBlockingBuilder::default()
        .lossy(false)
        .buffered_lines_limit(QUEUED_LINES)
        .thread_name("labminds-log")
        .finish(BufWriter::with_capacity(
            WRITE_BUFFER_BYTES,
            std::io::stderr(),
        ));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_span_events(FmtSpan::NONE)
        .with_ansi(std::io::stderr().is_terminal());
    // try_init: tests may initialise more than once in one process.
    let installed = match format {
        LogFormat::Text => builder.with_writer(writer).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(writer)
            .try_init(),
    };
    LogGuard {
        // A second initialisation's writer is unused: its thread may stop at once.
        _worker: installed.is_ok().then_some(worker),
    }
}

/// Formats an error with all its causes on one line, `outer: cause: root cause`: how every error
/// is logged, once, by whoever gives up on it.
pub(crate) struct ErrorChain<'a>(pub(crate) &'a (dyn std::error::Error + 'static));

impl std::fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}
