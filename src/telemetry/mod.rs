//! Log output: human-readable lines by default, one JSON object per line with `LOG_FORMAT=json`.
//! Every line logged while serving a request carries that request's id (see `web::middleware`).
//!
//! Lines go to stderr in batches (`batched_writer`): a request appends its line to a buffer in
//! memory, and the buffer is written out when it holds 64 KiB or after at most 200 ms, one
//! `write` for hundreds of lines instead of one per line (issue 17). No line is ever dropped; a
//! stalled stderr makes the requests that log wait. `init` returns the guard that writes out
//! what is pending when it is dropped, at the end of `main`.

mod batched_writer;
mod text_format;

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{DEFAULT_LOG_FILTER, LogFormat};
use batched_writer::{BatchedWriter, FlushGuard};

/// Keeps the log's flushing thread; dropping it writes out every pending line.
#[must_use = "dropping the guard stops the log's writer: keep it until the process ends"]
pub struct LogGuard {
    _flusher: Option<FlushGuard>,
}

pub fn init(format: LogFormat) -> LogGuard {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER));
    let (writer, flusher) = BatchedWriter::new(Box::new(std::io::stderr()));
    let terminal = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_span_events(FmtSpan::NONE)
        .with_ansi(terminal);
    // try_init: tests may initialise more than once in one process.
    let installed = match format {
        // Colours for a person at a terminal; the lean format where lines go to a file or a
        // collector, which is where the volume is.
        LogFormat::Text if terminal => builder.with_writer(writer.clone()).try_init(),
        LogFormat::Text => builder
            .event_format(text_format::TextLine)
            .fmt_fields(text_format::TextFields)
            .with_writer(writer.clone())
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(writer.clone())
            .try_init(),
    };
    if installed.is_err() {
        // A second initialisation's writer is unused: its thread may stop at once.
        return LogGuard { _flusher: None };
    }
    // A panic's message is printed by the hook straight to stderr: the lines before it first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        writer.flush_now();
        previous(info);
    }));
    LogGuard {
        _flusher: Some(flusher),
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
