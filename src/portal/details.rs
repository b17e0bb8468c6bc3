//! Keeping it current (issue 13, item 3): the candidate changes the answers they may keep
//! current. Each change is a new version (`db::profile_versions`), its audit event and the
//! recruiters' e-mail, all in one transaction: nothing is half-saved, and the e-mail goes once
//! (its dedupe key is the version's id). The application rows stay as submitted.

use anyhow::Context;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::config::Settings;
use crate::db::audit::{self, AuditAction};
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::profile_versions::{self, Current};
use crate::domain::profile_update::{Details, field_label};
use crate::portal::PortalError;
use crate::portal::emails::DetailsChangedEmail;

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Saved {
    /// A new version with this number.
    Version(i32),
    /// The answers were the current ones already: nothing stored.
    Unchanged,
    /// The candidate is gone (erased meanwhile).
    Gone,
}

/// The current answers for the form (and the citizenships that decide TN).
pub(crate) async fn current(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Option<Current>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let current = profile_versions::current(&mut tx, candidate_id).await?;
    tx.commit().await?;
    Ok(current)
}

/// Stores `details` as a new version if anything changed, and tells the owner (or the support
/// inbox) which fields did.
pub(crate) async fn save(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    details: &Details,
) -> Result<Saved, PortalError> {
    let mut tx = pool.begin().await?;
    let Some(current) = profile_versions::current(&mut tx, candidate_id).await? else {
        return Ok(Saved::Gone);
    };
    let changed = details.changed_since(&current.details);
    if changed.is_empty() {
        return Ok(Saved::Unchanged);
    }
    let version = current.version + 1;
    let version_id =
        profile_versions::insert(&mut tx, candidate_id, version, details, &changed).await?;
    tell_recruiters(
        &mut tx,
        settings,
        candidate_id,
        &current.reference,
        &changed,
        version_id,
    )
    .await?;
    let details = serde_json::json!({ "version": version, "fields": changed });
    audit::record(
        &mut *tx,
        None,
        AuditAction::PortalDetailsChanged,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    // The document checklist follows the changed answers (a new target state, a visa).
    crate::documents::checklist::sync(pool, candidate_id).await?;
    Ok(Saved::Version(version))
}

/// Queues the e-mail that tells the case's owner (or the support inbox when nobody owns it)
/// which fields a candidate changed: once per version (its id is the dedupe key).
pub(crate) async fn tell_recruiters(
    conn: &mut PgConnection,
    settings: &Settings,
    candidate_id: Uuid,
    reference: &str,
    changed: &[&str],
    version_id: Uuid,
) -> Result<(), PortalError> {
    let owner = profile_versions::active_owner(conn, candidate_id).await?;
    let support_inbox = settings.mail.support_inbox.to_string();
    let (recipient, about) = match &owner {
        Some((id, email)) => (email.as_str(), About::Recruiter(*id)),
        None => (support_inbox.as_str(), About::Nobody),
    };
    let candidate_url = format!(
        "{}/admin/candidates/{candidate_id}#changes",
        settings.public_origin()
    );
    let email = DetailsChangedEmail {
        recipient,
        reference,
        fields: changed.iter().map(|f| field_label(f)).collect(),
        candidate_url: &candidate_url,
    }
    .render()
    .context("rendering the details-changed e-mail failed")?;
    let dedupe_key = format!("profile-changed:{version_id}");
    let queued = Queued {
        dedupe_key: Some(&dedupe_key),
        ..Queued::new(MessageKind::ProfileChanged, about, &email)
    };
    outbox::enqueue(conn, &queued, settings.message_domain()).await?;
    Ok(())
}
