//! The team use cases (issue 16): invitations, password resets and changes, the second factor
//! (enrolment, one-time and recovery codes). The web layer (`web::admin::{team, invitation,
//! password, second_step, two_factor, account}`) parses the forms and answers; these functions do
//! the work in one transaction each, queueing their e-mails in the outbox in that transaction.
//!
//! Links are single use, 256-bit random, stored only as SHA-256 (`db::links`), and never logged
//! (request logs carry the route pattern, never the path). An invitation or reset asked for an
//! address gets the same answer whether or not it has an account, after the same kind of work:
//! one transaction that queues one urgent e-mail.

pub(crate) mod emails;
pub(crate) mod links;
pub(crate) mod second_factor;

use std::time::Duration;

use crate::auth::hashing::Busy;

/// The answer to a reset request or an invitation leaves no sooner than this after the request
/// came. The work for an existing account and for any other address differs by a row or two, a
/// millisecond or so, which a patient client could average out; a fixed floor far above both
/// leaves nothing to measure.
pub(crate) const ANSWER_FLOOR: Duration = Duration::from_millis(250);

/// Why a team use case failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TeamError {
    #[error("too many password checks at once")]
    Busy,
    #[error("the database is unavailable")]
    Database(#[from] sqlx::Error),
    #[error("unexpected error")]
    Unexpected(#[from] anyhow::Error),
}

impl From<Busy> for TeamError {
    fn from(_: Busy) -> Self {
        TeamError::Busy
    }
}

impl From<askama::Error> for TeamError {
    fn from(error: askama::Error) -> Self {
        TeamError::Unexpected(anyhow::Error::new(error).context("an e-mail did not render"))
    }
}

impl From<TeamError> for crate::web::error::AppError {
    fn from(error: TeamError) -> Self {
        match error {
            TeamError::Busy => crate::web::error::AppError::Busy,
            TeamError::Database(error) => error.into(),
            TeamError::Unexpected(error) => crate::web::error::AppError::unexpected(error),
        }
    }
}
