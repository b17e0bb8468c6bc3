//! Assigning a case (issue 15, item 3a): the owner changes and, when someone else chose them, the
//! new owner's e-mail is queued in the same transaction. Its dedupe key names the assignment
//! event ("assigned:<event>"), so one assignment is one e-mail however often the worker or a
//! retry handles it; assigning yourself, clearing the owner, or choosing the owner the case
//! already has sends nothing.

use anyhow::Context;
use sqlx::PgPool;
use uuid::Uuid;

use crate::config::Settings;
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::pipeline::{self, OwnerChange};
use crate::db::{Change, candidates, recruiters};
use crate::notifications::emails::AssignedEmail;

/// Makes `owner` (or nobody) the owner of the case, as `by`.
pub(crate) async fn assign(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    owner: Option<Uuid>,
    by: Uuid,
) -> anyhow::Result<Change> {
    let mut tx = pool.begin().await?;
    let event = match pipeline::change_owner_in(&mut tx, candidate_id, owner, by).await? {
        OwnerChange::NotFound => return Ok(Change::NotFound),
        OwnerChange::Unchanged => return Ok(Change::Unchanged),
        OwnerChange::Changed { event } => event,
    };
    if let Some(owner) = owner.filter(|owner| *owner != by) {
        tell_new_owner(&mut tx, settings, candidate_id, owner, by, event).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

async fn tell_new_owner(
    tx: &mut sqlx::PgConnection,
    settings: &Settings,
    candidate_id: Uuid,
    owner: Uuid,
    by: Uuid,
    event: Uuid,
) -> anyhow::Result<()> {
    // `change_owner_in` accepted only an active owner, under the pipeline row's lock.
    let to = recruiters::active_contact(&mut *tx, owner)
        .await?
        .context("the new owner's account is gone")?;
    let from = recruiters::active_contact(&mut *tx, by).await?;
    let assigned_by = from
        .as_ref()
        .map_or("A colleague", |r| r.display_name.as_str());
    let case = candidates::latest_contact(&mut *tx, candidate_id)
        .await?
        .context("the assigned candidate has no application")?;
    let candidate_url = format!(
        "{}/admin/candidates/{candidate_id}",
        settings.public_origin()
    );
    let email = AssignedEmail {
        recipient: &to.email,
        owner_name: &to.display_name,
        assigned_by,
        reference: &case.reference,
        candidate_url: &candidate_url,
    }
    .render()
    .context("rendering the assignment e-mail failed")?;
    let dedupe_key = format!("assigned:{event}");
    let queued = Queued {
        dedupe_key: Some(&dedupe_key),
        ..Queued::new(
            MessageKind::CaseAssigned,
            About::Candidate(candidate_id),
            &email,
        )
    };
    outbox::enqueue(&mut *tx, &queued, settings.message_domain()).await?;
    Ok(())
}
