//! The e-mail delivery worker: drains `outbox_messages` until told to stop.
//!
//! Each round claims a few due rows under a lease (committed at once), sends them concurrently
//! outside any transaction, and records each outcome: `sent`, a retry with backoff, or `dead` after
//! `MAIL_MAX_ATTEMPTS`. Any number of workers may share one database: SKIP LOCKED and the lease
//! keep them on disjoint rows. The Message-ID is the row's, so the rare resend after a crash
//! between sending and marking carries the same id and receivers can drop it.

pub(crate) mod backoff;
mod delivery;

use std::time::Duration;

use sqlx::PgPool;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::{MailSettings, Settings};
use crate::db::outbox::{self, Priority};
use crate::email::Mailer;
use crate::telemetry::ErrorChain;

/// Rows claimed per round, all sent at once. Kept equal to the concurrency: a claimed row waits
/// for no other send, and each renews its own lease while it is being sent.
pub(crate) const BATCH_SIZE: i64 = 4;

/// How often an idle worker looks for new rows: an alert must leave within seconds of a submission.
pub(crate) const IDLE_POLL: Duration = Duration::from_millis(500);

/// Urgent rows (sign-in links) claimed per round of the urgent lane.
const URGENT_BATCH_SIZE: i64 = 2;

/// The longest one delivery may take before it counts as failed: three SMTP timeouts. The lease
/// (`MAIL_LEASE_SECONDS`) is renewed every third of it meanwhile (`delivery::keep_lease`), so it
/// can be short and no other worker claims a row while its delivery is under way.
pub(crate) fn send_cap(mail: &MailSettings) -> Duration {
    mail.smtp_timeout * 3
}

/// One claim-and-send round; returns how many rows it handled (0: nothing was due). Tests call it
/// in a loop to drain the outbox deterministically.
pub async fn deliver_due(
    pool: &PgPool,
    mailer: &Mailer,
    settings: &Settings,
) -> anyhow::Result<usize> {
    let lane = Lane::All;
    Ok(deliver_round(
        pool,
        mailer,
        &settings.mail,
        lane,
        &CancellationToken::new(),
    )
    .await?)
}

/// The worker runs two lanes at once. `All` drains the queue, most urgent first; `Urgent` claims
/// only urgent rows, so a sign-in link leaves within a poll interval even while `All` waits on a
/// batch of slow deliveries (a hanging relay can hold a batch for the whole send cap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    All,
    Urgent,
}

impl Lane {
    fn claim(self) -> (i64, Priority) {
        match self {
            Lane::All => (BATCH_SIZE, Priority::Normal),
            Lane::Urgent => (URGENT_BATCH_SIZE, Priority::Urgent),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Lane::All => "all",
            Lane::Urgent => "urgent",
        }
    }
}

async fn deliver_round(
    pool: &PgPool,
    mailer: &Mailer,
    mail: &MailSettings,
    lane: Lane,
    cancel: &CancellationToken,
) -> Result<usize, sqlx::Error> {
    let (limit, at_least) = lane.claim();
    let batch = outbox::claim_due(pool, limit, mail.lease, at_least).await?;
    let claimed = batch.len();
    futures_util::future::join_all(
        batch
            .into_iter()
            .map(|row| delivery::deliver_one(pool, mailer, mail, row, cancel)),
    )
    .await;
    Ok(claimed)
}

/// Delivers until `cancel` fires, then finishes the messages in hand and returns. Database errors
/// never stop it: it logs them, pauses, and tries again.
pub(crate) async fn run_until_stopped(
    pool: PgPool,
    mailer: Mailer,
    settings: Settings,
    cancel: CancellationToken,
) {
    let mail = settings.mail;
    tracing::info!(
        transport = mailer.transport_name(),
        max_attempts = mail.max_attempts,
        "e-mail worker started"
    );
    tokio::join!(
        run_lane(&pool, &mailer, &mail, Lane::All, &cancel),
        run_lane(&pool, &mailer, &mail, Lane::Urgent, &cancel),
    );
    tracing::info!("e-mail worker stopped");
}

/// One lane's loop, until `cancel` fires.
async fn run_lane(
    pool: &PgPool,
    mailer: &Mailer,
    mail: &MailSettings,
    lane: Lane,
    cancel: &CancellationToken,
) {
    let mut failures = 0u32;
    while !cancel.is_cancelled() {
        let pause = match deliver_round(pool, mailer, mail, lane, cancel).await {
            Ok(0) => {
                failures = 0;
                IDLE_POLL
            }
            // More may be due: go again at once.
            Ok(_) => {
                failures = 0;
                continue;
            }
            Err(error) => {
                failures += 1;
                let pause = backoff::outage_pause(failures);
                let retry_in_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX);
                let lane = lane.name();
                if crate::db::is_unavailable(&error) {
                    tracing::warn!(error = ?ErrorChain(&error), retry_in_ms, lane, "e-mail worker cannot reach the database");
                } else {
                    tracing::error!(error = ?ErrorChain(&error), retry_in_ms, lane, "e-mail worker could not claim messages");
                }
                pause
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = cancel.cancelled() => {}
        }
    }
}

/// Runs the worker on its own task; cancel the token and await the handle to stop it cleanly.
pub fn spawn(
    pool: PgPool,
    mailer: Mailer,
    settings: Settings,
    cancel: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(run_until_stopped(pool, mailer, settings, cancel))
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C), the signals that stop `labminds worker`.
pub(crate) async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
