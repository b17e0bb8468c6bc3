//! Security proof (issue 8): response headers scored by the Mozilla Observatory's rules, attacks
//! on the dashboard in a real browser (stored XSS with a canary, clickjacking), and direct object
//! access to candidates and CVs. The other attacks are tested beside their features: see
//! admin/login.rs (fixation, replay, brute force, enumeration), admin/csrf.rs, intake/abuse.rs,
//! admin/privacy.rs (escaping) and admin/candidates.rs (CSV formulas).

mod headers;
mod idor;
mod observatory;
mod properties;
mod xss_and_framing;
