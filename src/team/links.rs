//! Invitations and password resets: the link is made, e-mailed through the outbox's urgent lane
//! and used, each step in one transaction.

use anyhow::Context;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password::{NewPassword, hash_password};
use crate::config::Settings;
use crate::crypto::{random_token, token_digest};
use crate::db::audit::{self, AuditAction};
use crate::db::outbox::{self, About, MessageKind, Priority, Queued};
use crate::db::{links, recruiters, sessions};
use crate::domain::team::{DisplayName, Role, TimeZoneName};
use crate::team::TeamError;
use crate::team::emails::TeamMail;

pub(crate) const SIGN_IN_PATH: &str = "/admin/login";

fn new_token() -> anyhow::Result<String> {
    random_token().context("no random bytes for a link token")
}

async fn queue(
    conn: &mut sqlx::PgConnection,
    settings: &Settings,
    kind: MessageKind,
    about: About,
    mail: &TeamMail,
    recipient: &str,
) -> Result<(), TeamError> {
    let email = mail.render(kind, recipient)?;
    let queued = Queued {
        priority: Priority::Urgent,
        ..Queued::new(kind, about, &email)
    };
    outbox::enqueue(conn, &queued, settings.message_domain()).await?;
    Ok(())
}

/// Invites `email` as `role`. An address that already has an account gets a "just sign in" note
/// instead of a link; the inviter's answer is the same.
pub(crate) async fn invite(
    pool: &PgPool,
    settings: &Settings,
    inviter: (Uuid, &str),
    email: &str,
    role: Role,
) -> Result<(), TeamError> {
    let mut tx = pool.begin().await?;
    let existing = recruiters::id_of(&mut *tx, email).await?;
    let origin = settings.public_origin();
    let (kind, about, link) = match existing {
        Some(id) => (
            MessageKind::RecruiterAlreadyMember,
            About::Recruiter(id),
            format!("{origin}{SIGN_IN_PATH}"),
        ),
        None => {
            let token = new_token()?;
            links::insert_invitation(&mut tx, &token_digest(&token), email, role, inviter.0)
                .await?;
            (
                MessageKind::RecruiterInvitation,
                About::Nobody,
                format!("{origin}/admin/invitation/{token}"),
            )
        }
    };
    let mail = TeamMail {
        inviter: inviter.1.to_owned(),
        role: role.label(),
        link,
    };
    queue(&mut tx, settings, kind, about, &mail, email).await?;
    let details = serde_json::json!({ "role": role.as_str() });
    audit::record(
        &mut *tx,
        Some(inviter.0),
        AuditAction::RecruiterInvited,
        None,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the invitee chose on the invitation page.
pub(crate) struct Acceptance<'a> {
    pub(crate) display_name: &'a DisplayName,
    pub(crate) time_zone: &'a TimeZoneName,
    pub(crate) password: &'a NewPassword,
}

/// Uses the invitation and makes the account; `None` when the link is unknown, used or expired
/// (or its address got an account meanwhile): nothing is written then.
pub(crate) async fn accept_invitation(
    pool: &PgPool,
    token: &str,
    acceptance: &Acceptance<'_>,
) -> Result<Option<(Uuid, Role)>, TeamError> {
    let password_hash = hash_password(acceptance.password).await?;
    let mut tx = pool.begin().await?;
    let Some(invitation) = links::take_invitation(&mut tx, &token_digest(token)).await? else {
        return Ok(None);
    };
    let role = Role::stored(&invitation.role);
    let account = recruiters::NewAccount {
        email: &invitation.email,
        password_hash: &password_hash,
        display_name: acceptance.display_name.as_str(),
        time_zone: acceptance.time_zone.as_str(),
        role,
    };
    let Some(id) = recruiters::insert(&mut *tx, &account).await? else {
        return Ok(None);
    };
    let details = serde_json::json!({ "role": role.as_str(), "invited_by": invitation.invited_by });
    audit::record(
        &mut *tx,
        Some(id),
        AuditAction::InvitationAccepted,
        None,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Some((id, role)))
}

/// Queues a reset link for an active account, or a "there is no account" note for any other
/// address: the same transaction's shape, the same answer.
pub(crate) async fn request_reset(
    pool: &PgPool,
    settings: &Settings,
    email: &str,
) -> Result<(), TeamError> {
    let mut tx = pool.begin().await?;
    let account = recruiters::active_id_of(&mut *tx, email).await?;
    let origin = settings.public_origin();
    let (kind, about, link) = match account {
        Some(id) => {
            let token = new_token()?;
            links::insert_reset(&mut tx, &token_digest(&token), id).await?;
            let nothing = serde_json::json!({});
            audit::record(
                &mut *tx,
                Some(id),
                AuditAction::PasswordResetRequested,
                None,
                nothing,
            )
            .await?;
            (
                MessageKind::PasswordReset,
                About::Recruiter(id),
                format!("{origin}/admin/reset/{token}"),
            )
        }
        None => {
            // Audited too (a run of these is someone probing addresses), and so the same work as
            // for an account: a row written besides the e-mail, whatever the address.
            let details = serde_json::json!({ "account": false });
            audit::record(
                &mut *tx,
                None,
                AuditAction::PasswordResetRequested,
                None,
                details,
            )
            .await?;
            (
                MessageKind::PasswordResetUnknown,
                About::Nobody,
                format!("{origin}{SIGN_IN_PATH}"),
            )
        }
    };
    let mail = TeamMail {
        inviter: String::new(),
        role: "",
        link,
    };
    queue(&mut tx, settings, kind, about, &mail, email).await?;
    tx.commit().await?;
    Ok(())
}

/// Uses a reset link: the new password is set and every session of the account ends.
/// `false` when the link is unknown, used or expired.
pub(crate) async fn reset_password(
    pool: &PgPool,
    token: &str,
    password: &NewPassword,
) -> Result<bool, TeamError> {
    let password_hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    let Some(id) = links::take_reset(&mut tx, &token_digest(token)).await? else {
        return Ok(false);
    };
    recruiters::set_password_of(&mut tx, id, &password_hash).await?;
    sessions::end_all(&mut tx, id).await?;
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        Some(id),
        AuditAction::PasswordReset,
        None,
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A signed-in recruiter's new password (the current one was checked): every other session ends.
pub(crate) async fn change_password(
    pool: &PgPool,
    recruiter_id: Uuid,
    session_id: Uuid,
    password: &NewPassword,
) -> Result<(), TeamError> {
    let password_hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    recruiters::set_password_of(&mut tx, recruiter_id, &password_hash).await?;
    sessions::end_others(&mut tx, recruiter_id, session_id).await?;
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::PasswordChanged,
        None,
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
