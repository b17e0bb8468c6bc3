//! Recruiter authentication rules (issue 5), independent of HTTP and of the database: argon2id
//! password hashes, session lifetimes and the cookie, and the login throttle's limits.
//!
//! The HTTP side (login page, the `/admin` guard, CSRF) lives in `web::admin`, the rows in
//! `db::{recruiters, sessions, throttles}`, and the `labminds recruiter` commands in `cli`.

pub(crate) mod hashing;
pub(crate) mod password;
pub(crate) mod recovery;
pub(crate) mod session;
pub(crate) mod throttle;
pub(crate) mod totp;
