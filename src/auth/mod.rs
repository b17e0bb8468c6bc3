//! Recruiter authentication (issue 5): argon2id password hashes, server-side sessions behind a
//! random cookie token, login throttling, and the `labminds recruiter` commands.
//!
//! The HTTP side (login page, the `/admin` guard, CSRF) lives in `web::admin`; this module holds
//! the rules that do not depend on HTTP.

pub mod commands;
pub mod password;
pub mod session;
pub mod throttle;
pub mod tokens;
