//! The sign-in throttle as one call for every step that checks a secret (the password today, a
//! second factor later): `admit` counts the attempt in PostgreSQL first, then refuses it (429
//! with the window's `Retry-After`) or lets it through after the account's delay; the step calls
//! `Admitted::succeeded` when the secret was right. The rules are `auth::throttle`'s.

use actix_web::HttpRequest;
use time::OffsetDateTime;

use crate::auth::throttle::{AttemptKeys, Step, Verdict, judge};
use crate::db::throttles;
use crate::web::AppState;
use crate::web::error::AppError;

/// An attempt that was counted and may check its secret.
pub(crate) struct Admitted {
    keys: AttemptKeys,
}

pub(crate) async fn admit(
    state: &AppState,
    request: &HttpRequest,
    step: Step,
    normalised_email: &str,
) -> Result<Admitted, AppError> {
    let client = state.client_ip(request);
    let now = OffsetDateTime::now_utc();
    let keys = AttemptKeys::new(state.secret_key(), step, normalised_email, &client, now);
    let counts = throttles::count_attempt(&state.pool, &keys).await?;
    match judge(&keys, counts) {
        Verdict::Refuse(wait) => Err(AppError::RateLimited(wait)),
        Verdict::Check { delay } => {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Ok(Admitted { keys })
        }
    }
}

impl Admitted {
    /// The secret was right: forgive the attempt (see `db::throttles::forgive_attempt`).
    pub(crate) async fn succeeded(self, state: &AppState) -> Result<(), AppError> {
        throttles::forgive_attempt(&state.pool, &self.keys).await?;
        Ok(())
    }
}
