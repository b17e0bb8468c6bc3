//! The candidate's privacy self-service: everything held about them (the dashboard's export,
//! `db::candidates::export`, recorded in the audit log) and the complete erasure the dashboard
//! does (`db::retention::erase_in`), with a confirmation e-mail queued in the same transaction.

use anyhow::Context;
use sqlx::PgPool;
use uuid::Uuid;

use crate::config::Settings;
use crate::db::audit::{self, AuditAction};
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::{candidates, retention};
use crate::portal::PortalError;
use crate::portal::emails::ErasedEmail;

/// Everything held about the candidate, as JSON; `None` when they no longer exist.
pub(crate) async fn export(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let Some(export) = candidates::export(pool, candidate_id).await? else {
        return Ok(None);
    };
    record_export(pool, candidate_id, "file").await?;
    Ok(Some(export))
}

/// Erases the candidate (applications, CV, e-mails, notes, history, links and sessions cascade;
/// the audit keeps only the fact) and queues the confirmation to the address of their latest
/// application, about nobody, in one transaction. False when there was nothing to erase.
pub(crate) async fn erase(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
) -> Result<bool, PortalError> {
    let mut tx = pool.begin().await?;
    let Some(recipient) = candidates::current_email(&mut tx, candidate_id).await? else {
        return Ok(false);
    };
    if !retention::erase_in(&mut tx, candidate_id, None).await? {
        return Ok(false);
    }
    let site = settings.public_origin();
    let support_inbox = settings.mail.support_inbox.to_string();
    let email = ErasedEmail {
        recipient: &recipient,
        site: &site,
        support_inbox: &support_inbox,
    }
    .render()
    .context("rendering the erasure confirmation failed")?;
    let queued = Queued::new(MessageKind::PortalErased, About::Nobody, &email);
    outbox::enqueue(&mut tx, &queued, settings.message_domain()).await?;
    tx.commit().await?;
    Ok(true)
}

/// Everything held, for the readable page: every application with every answer, and every
/// e-mail about the person.
pub(crate) struct Printable {
    pub(crate) applications: Vec<crate::db::applications::ApplicationDetail>,
    pub(crate) emails: Vec<crate::db::outbox::EmailStatus>,
}

/// The readable copy (recorded like the download); `None` when the candidate no longer exists.
pub(crate) async fn printable(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<Printable>, sqlx::Error> {
    let applications = crate::db::applications::of_candidate(pool, candidate_id).await?;
    if applications.is_empty() {
        return Ok(None);
    }
    let emails = outbox::of_candidate(pool, candidate_id).await?;
    record_export(pool, candidate_id, "page").await?;
    Ok(Some(Printable {
        applications,
        emails,
    }))
}

/// The audit's record of a copy the person took: as a `file` or as a `page`.
async fn record_export(
    pool: &PgPool,
    candidate_id: Uuid,
    taken_as: &str,
) -> Result<(), sqlx::Error> {
    let details = serde_json::json!({ "as": taken_as });
    audit::record(
        pool,
        None,
        AuditAction::PortalExported,
        Some(candidate_id),
        details,
    )
    .await
}
