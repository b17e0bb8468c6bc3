//! LabMinds Staffing: the guide and intake site for internationally trained medical laboratory
//! scientists. The binary in `main.rs` is a thin command-line front for this library, which the
//! integration tests drive directly.

pub mod advisor;
pub mod auth;
pub mod cli;
pub mod config;
mod crypto;
pub mod db;
pub mod domain;
pub mod email;
pub mod guide;
pub mod intake;
pub mod retention;
pub mod telemetry;
pub mod web;
pub mod worker;
