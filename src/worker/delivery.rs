//! One claimed message: compose it, send it (outside any transaction), and record the outcome.

use std::time::Duration;

use sqlx::PgPool;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::backoff::retry_delay;
use crate::config::MailSettings;
use crate::db::outbox::{self, Claimed};
use crate::email::{Mailer, compose, compose::recipient_domain};
use crate::telemetry::ErrorChain;

/// What to write back to the row after an attempt.
#[derive(Debug)]
enum Outcome {
    Sent,
    Retry { delay: Duration, error: String },
    Dead { error: String },
}

/// How many more times a stopping worker tries to record an outcome while the database is down.
const RECORD_TRIES_AFTER_STOP: u32 = 3;

/// The longest wait between two tries of recording an outcome.
const RECORD_MAX_PAUSE: Duration = Duration::from_secs(5);

/// Delivers one claimed row and records the outcome. Never fails: every error ends in the row
/// (retry or dead) or, when even that is impossible, in the log and an expiring lease.
pub(super) async fn deliver_one(
    pool: &PgPool,
    mailer: &Mailer,
    mail: &MailSettings,
    row: Claimed,
    cancel: &CancellationToken,
) {
    let span = tracing::info_span!(
        "outbox.deliver",
        outbox.id = %row.id,
        outbox.kind = %row.kind,
        email.domain = recipient_domain(&row.email.recipient),
        attempt = row.attempts,
    );
    async {
        let outcome = attempt(pool, mailer, mail, &row).await;
        // Recorded before anything else: between the SMTP server's acceptance and the sent mark
        // a crash sends the message again (at least once, under the same Message-ID), so that
        // window is kept to this one UPDATE.
        record(pool, row.id, &outcome, cancel).await;
        match &outcome {
            Outcome::Sent => {
                tracing::info!(transport = mailer.transport_name(), "e-mail delivered")
            }
            Outcome::Retry { delay, error } => tracing::warn!(
                error = %error,
                retry_in_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "e-mail delivery failed, will retry"
            ),
            Outcome::Dead { error } => tracing::error!(
                error = %error,
                "e-mail delivery failed for good, message marked dead"
            ),
        }
    }
    .instrument(span)
    .await
}

async fn attempt(pool: &PgPool, mailer: &Mailer, mail: &MailSettings, row: &Claimed) -> Outcome {
    let message = match compose(&row.email, &row.message_id, &mail.from) {
        Ok(message) => message,
        // A row that cannot become a message never will: no point in retrying.
        Err(error) => {
            return Outcome::Dead {
                error: error.to_string(),
            };
        }
    };
    // lettre's async transport applies SMTP_TIMEOUT_SECONDS to the TCP connect only; a server
    // that accepts and then stalls would hold the message forever. This bounds the whole
    // conversation; meanwhile `keep_lease` renews the claim, so the lease may be shorter than it.
    let cap = super::send_cap(mail);
    let sending = tokio::time::timeout(cap, mailer.send(message));
    let error = tokio::select! {
        sent = sending => match sent {
            Ok(Ok(())) => return Outcome::Sent,
            Ok(Err(error)) => error.summary(),
            Err(_) => format!("delivery took longer than {} s", cap.as_secs()),
        },
        () = keep_lease(pool, row, mail.lease) => {
            "delivery stopped: its lease could not be renewed".to_owned()
        }
    };
    // Permanent (5xx) rejections are retried too: the usual cause is a misconfigured relay or
    // account, which an operator fixes, and the attempt limit bounds the cost.
    if row.attempts >= i32::try_from(mail.max_attempts).unwrap_or(i32::MAX) {
        Outcome::Dead {
            error: format!("gave up after {} attempts: {error}", row.attempts),
        }
    } else {
        Outcome::Retry {
            delay: retry_delay(mail.retry_base, row.attempts),
            error,
        }
    }
}

/// Renews the claim's lease every third of it while the delivery is under way, so a short lease
/// (how long the messages of a worker that died wait) never runs out under a slow SMTP server.
/// Returns only when the claim is lost: renewing failed until two thirds of the lease had passed
/// (the database is away), or the row is no longer this claim's. The delivery is then abandoned
/// before another worker may claim the message, so no second copy goes out beside this one.
async fn keep_lease(pool: &PgPool, row: &Claimed, lease: Duration) {
    let step = lease / 3;
    let mut held_until = tokio::time::Instant::now() + lease;
    loop {
        tokio::time::sleep(step).await;
        let renewal = outbox::renew_lease(pool, row.id, row.attempts, lease);
        match tokio::time::timeout(step, renewal).await {
            Ok(Ok(true)) => held_until = tokio::time::Instant::now() + lease,
            Ok(Ok(false)) => return,
            _ if tokio::time::Instant::now() + step >= held_until => return,
            _ => tracing::warn!("could not renew an e-mail's lease, trying again"),
        }
    }
}

/// Writes the outcome, retrying in memory while the database is unreachable. Above all for `Sent`:
/// giving up would let the lease expire and the message be sent a second time.
async fn record(pool: &PgPool, id: uuid::Uuid, outcome: &Outcome, cancel: &CancellationToken) {
    let mut pause = Duration::from_millis(100);
    let mut tries_left_after_stop = RECORD_TRIES_AFTER_STOP;
    loop {
        let result = match outcome {
            Outcome::Sent => outbox::mark_sent(pool, id).await,
            Outcome::Retry { delay, error } => outbox::mark_retry(pool, id, *delay, error).await,
            Outcome::Dead { error } => outbox::mark_dead(pool, id, error).await,
        };
        let Err(error) = result else { return };
        if cancel.is_cancelled() {
            if tries_left_after_stop == 0 {
                tracing::error!(
                    error = ?ErrorChain(&error),
                    outcome = ?outcome_name(outcome),
                    "stopping without recording the outcome; the message will be attempted again \
                     when its lease expires"
                );
                return;
            }
            tries_left_after_stop -= 1;
        }
        tracing::warn!(
            error = ?ErrorChain(&error),
            retry_in_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
            "could not record the delivery outcome, retrying"
        );
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = cancel.cancelled() => {}
        }
        pause = (pause * 2).min(RECORD_MAX_PAUSE);
    }
}

fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Sent => "sent",
        Outcome::Retry { .. } => "retry",
        Outcome::Dead { .. } => "dead",
    }
}
