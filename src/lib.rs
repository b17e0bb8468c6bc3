//! LabMinds Staffing: the guide and intake site for internationally trained medical laboratory
//! scientists. The binary in `main.rs` is a thin command-line front for this library.
//!
//! The main flow, by folder: `web` (HTTP in and out) -> `intake` (the use case: one transaction)
//! -> `db` (every SQL query; `db::outbox` queues the e-mails) -> `worker` (claims and sends) ->
//! `email` (composes and hands to SMTP). `domain` holds the parse-once value types, `guide` and
//! `advisor` the content and its rules, `auth` the recruiters' rules, `portal` the candidates' own
//! page ("My application": sign-in by e-mail link), `retention` the purge, `reports` the
//! reports' figures snapshot.
//!
//! Everything is `pub(crate)` unless the integration tests (`tests/`) or the benchmark
//! (`bench/render.rs`) need it: those items are `pub` on purpose, so the compiler reports the rest
//! when it falls out of use.

pub(crate) mod advisor;
pub(crate) mod auth;
pub(crate) mod calendar;
pub mod cli;
pub mod config;
mod crypto;
pub mod db;
pub(crate) mod documents;
pub mod domain;
pub mod email;
pub mod guide;
pub mod intake;
pub mod jobs;
pub(crate) mod messages;
pub(crate) mod notifications;
pub mod portal;
pub(crate) mod reminders;
pub(crate) mod reports;
pub mod retention;
pub(crate) mod team;
pub mod telemetry;
pub(crate) mod triage;
pub mod trust;
pub mod web;
pub mod worker;
