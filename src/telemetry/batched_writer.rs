//! The log's writer: lines gathered in memory and written to stderr in batches (issue 17).
//!
//! Writing each line as it was logged cost every request a `write` system call; handing it to a
//! thread of its own (tracing-appender's non-blocking writer) cost a channel send, a wake-up and
//! a context switch to that thread instead, on the one core an instance may have. Here a line is
//! appended to a buffer under a lock that is almost never contended (one append per line, about
//! a hundred nanoseconds), and the buffer is written out when it holds 64 KiB, by the thread
//! whose line filled it, or after at most `FLUSH_INTERVAL` by a small flushing thread: the same
//! bargain as nginx's `access_log ... buffer=64k flush=1s`, with a shorter wait.
//!
//! Nothing is dropped. While stderr is stalled (its reader has stopped), the buffer fills, and
//! the next thread to fill it waits for the stalled write before adding more: a stuck log slows
//! the site rather than losing its record or growing without bound. The buffer is written out
//! when the guard is dropped (the end of `main`) and before a panic's message is printed, so the
//! lines that led to a panic come before it.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// The most a line waits in memory before it is written.
pub(crate) const FLUSH_INTERVAL: Duration = Duration::from_millis(200);
/// A batch is written out as soon as it holds this much (a few hundred lines).
const BATCH_BYTES: usize = 64 * 1024;

/// Where the lines go: stderr in the binary, anything in the tests.
type Sink = Box<dyn Write + Send>;

struct Shared {
    /// Lines not yet written, in the order they were logged.
    pending: Mutex<Vec<u8>>,
    /// The output, and the batch being written to it: whoever holds this lock takes the pending
    /// lines and writes them, so batches reach the output in order.
    output: Mutex<Output>,
    /// Pending bytes that make a batch: 0 (every line at once) when no flushing thread runs.
    batch_bytes: AtomicUsize,
    stopping: AtomicBool,
}

struct Output {
    sink: Sink,
    batch: Vec<u8>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while a line was appended leaves whole lines behind (one extend per line).
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn append(&self, line: &[u8]) {
        let mut pending = lock(&self.pending);
        pending.extend_from_slice(line);
        let full = pending.len() >= self.batch_bytes.load(Ordering::Relaxed);
        drop(pending);
        if full {
            self.flush();
        }
    }

    /// Writes out every pending line. Errors are ignored, as tracing ignores its writer's: there
    /// is nowhere left to report a failing log.
    fn flush(&self) {
        let mut output = lock(&self.output);
        let Output { sink, batch } = &mut *output;
        std::mem::swap(&mut *lock(&self.pending), batch);
        if batch.is_empty() {
            return;
        }
        let _ = sink.write_all(batch).and_then(|()| sink.flush());
        batch.clear();
    }
}

/// The writer handed to tracing-subscriber: each event is formatted into one line and written
/// with one `write_all`, so lines are appended whole and never interleave.
#[derive(Clone)]
pub(crate) struct BatchedWriter {
    shared: Arc<Shared>,
}

/// Keeps the flushing thread; dropping it stops the thread and writes out what is pending.
pub(crate) struct FlushGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl BatchedWriter {
    /// A writer to `sink`, flushed every `FLUSH_INTERVAL` by a thread named `labminds-log`. When
    /// the thread cannot be started, every line is written as it comes: slower, never lost.
    pub(crate) fn new(sink: Sink) -> (BatchedWriter, FlushGuard) {
        let shared = Arc::new(Shared {
            pending: Mutex::new(Vec::new()),
            output: Mutex::new(Output {
                sink,
                batch: Vec::new(),
            }),
            batch_bytes: AtomicUsize::new(BATCH_BYTES),
            stopping: AtomicBool::new(false),
        });
        let flusher = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("labminds-log".into())
            .spawn(move || {
                while !flusher.stopping.load(Ordering::Acquire) {
                    std::thread::park_timeout(FLUSH_INTERVAL);
                    flusher.flush();
                }
            })
            .ok();
        if thread.is_none() {
            shared.batch_bytes.store(0, Ordering::Relaxed);
        }
        let guard = FlushGuard {
            shared: Arc::clone(&shared),
            thread,
        };
        (BatchedWriter { shared }, guard)
    }

    /// Writes out the pending lines now (before a panic's message, say).
    pub(crate) fn flush_now(&self) {
        self.shared.flush();
    }
}

impl Write for BatchedWriter {
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        self.shared.append(line);
        Ok(line.len())
    }

    /// Lines are written within `FLUSH_INTERVAL`: an event's own flush does not force a write.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BatchedWriter {
    type Writer = BatchedWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Drop for FlushGuard {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
        self.shared.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink the test can read, counting the writes it gets.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Write for Recorder {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let mut inner = lock(&self.0);
            inner.0.extend_from_slice(bytes);
            inner.1 += 1;
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Recorder {
        fn text(&self) -> String {
            String::from_utf8(lock(&self.0).0.clone()).unwrap()
        }
        fn writes(&self) -> usize {
            lock(&self.0).1
        }
    }

    #[test]
    fn lines_are_written_in_order_in_batches_and_all_of_them_at_the_guard() {
        let recorder = Recorder::default();
        let (writer, guard) = BatchedWriter::new(Box::new(recorder.clone()));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let mut writer = writer.clone();
                std::thread::spawn(move || {
                    for i in 0..5_000 {
                        writer
                            .write_all(format!("thread {t} line {i}\n").as_bytes())
                            .unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(guard);
        let text = recorder.text();
        assert_eq!(text.lines().count(), 20_000, "every line, once");
        for t in 0..4 {
            let numbers: Vec<usize> = text
                .lines()
                .filter_map(|l| l.strip_prefix(&format!("thread {t} line ")))
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(
                numbers,
                (0..5_000).collect::<Vec<_>>(),
                "thread {t} in order"
            );
        }
        // About 390 KB of lines: a handful of 64 KiB batches, not a write per line.
        assert!(recorder.writes() < 50, "{} writes", recorder.writes());
    }

    #[test]
    fn a_quiet_log_is_written_within_the_flush_interval() {
        let recorder = Recorder::default();
        let (mut writer, _guard) = BatchedWriter::new(Box::new(recorder.clone()));
        writer.write_all(b"one line\n").unwrap();
        let deadline = std::time::Instant::now() + FLUSH_INTERVAL * 10;
        while recorder.text().is_empty() {
            assert!(std::time::Instant::now() < deadline, "never written");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(recorder.text(), "one line\n");
    }

    #[test]
    fn flush_now_writes_what_is_pending() {
        let recorder = Recorder::default();
        let (mut writer, _guard) = BatchedWriter::new(Box::new(recorder.clone()));
        writer.write_all(b"before the panic\n").unwrap();
        writer.flush_now();
        assert_eq!(recorder.text(), "before the panic\n");
    }
}
