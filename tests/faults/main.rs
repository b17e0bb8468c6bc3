//! The reliability and hostile-input suite (issue 8), a test binary of its own so that its load
//! never disturbs the timing of the `api` tests: fault injection under load against the real
//! binary, and an HTTP fuzz run. Its tests take turns (`SERIAL`), for the same reason.

mod app;
mod cluster;
mod fault_injection;
mod fuzz;
mod fuzz_cases;
mod load;
mod report;

// The api suite's fresh-database-per-test and real SMTP server, shared rather than copied.
#[allow(dead_code)]
#[path = "../api/support/database.rs"]
mod database;
#[allow(dead_code)]
#[path = "../api/support/smtp_server.rs"]
mod smtp_server;

/// Held by each test for its whole run: one load at a time on a 2-core machine.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
