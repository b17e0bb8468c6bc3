//! `recruiter_invitations` and `password_resets`: single-use links by e-mail. Only the SHA-256 of
//! a link's 256-bit token is stored; a link is used by one conditional update (unused, unexpired),
//! so two clicks at once cannot both succeed, and its GET never reaches this module's `take_*`.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::team::Role;

pub(crate) const INVITATION_LIFETIME: Duration = Duration::from_secs(72 * 60 * 60);
pub(crate) const RESET_LIFETIME: Duration = Duration::from_secs(30 * 60);

pub(crate) async fn insert_invitation(
    conn: &mut PgConnection,
    token_digest: &[u8],
    email: &str,
    role: Role,
    invited_by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into recruiter_invitations (token_hash, email, role, invited_by, expires_at)
           values ($1, $2, $3, $4, now() + make_interval(secs => $5::float8))"#,
        token_digest,
        email,
        role.as_str(),
        invited_by,
        INVITATION_LIFETIME.as_secs_f64(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An invitation that can still be accepted.
pub(crate) struct OpenInvitation {
    pub(crate) email: String,
    pub(crate) role: String,
    pub(crate) invited_by: Option<Uuid>,
}

/// Looks at an invitation without using it (the link's GET).
pub(crate) async fn open_invitation(
    pool: &PgPool,
    token_digest: &[u8],
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    sqlx::query_as!(
        OpenInvitation,
        r#"select email, role, invited_by from recruiter_invitations
           where token_hash = $1 and accepted_at is null and expires_at > now()"#,
        token_digest,
    )
    .fetch_optional(pool)
    .await
}

/// Uses an invitation, in the caller's transaction (which makes the account).
pub(crate) async fn take_invitation(
    conn: &mut PgConnection,
    token_digest: &[u8],
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    sqlx::query_as!(
        OpenInvitation,
        r#"update recruiter_invitations set accepted_at = now()
           where token_hash = $1 and accepted_at is null and expires_at > now()
           returning email, role, invited_by"#,
        token_digest,
    )
    .fetch_optional(conn)
    .await
}

pub(crate) async fn insert_reset(
    conn: &mut PgConnection,
    token_digest: &[u8],
    recruiter_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into password_resets (token_hash, recruiter_id, expires_at)
           values ($1, $2, now() + make_interval(secs => $3::float8))"#,
        token_digest,
        recruiter_id,
        RESET_LIFETIME.as_secs_f64(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether a reset link can still be used (the link's GET).
pub(crate) async fn reset_is_open(pool: &PgPool, token_digest: &[u8]) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"select 1 as "one!" from password_resets p join recruiters r on r.id = p.recruiter_id
           where p.token_hash = $1 and p.used_at is null and p.expires_at > now()
             and r.disabled_at is null"#,
        token_digest,
    )
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Uses a reset link in the caller's transaction; the account it is for, if still usable. Every
/// other open link of the account dies with it.
pub(crate) async fn take_reset(
    conn: &mut PgConnection,
    token_digest: &[u8],
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = sqlx::query_scalar!(
        r#"update password_resets p set used_at = now()
           from recruiters r
           where p.token_hash = $1 and p.used_at is null and p.expires_at > now()
             and r.id = p.recruiter_id and r.disabled_at is null
           returning p.recruiter_id"#,
        token_digest,
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        sqlx::query!(
            "update password_resets set used_at = now() where recruiter_id = $1 and used_at is null",
            id
        )
        .execute(conn)
        .await?;
    }
    Ok(id)
}

/// Housekeeping for the daily purge: links that can no longer be used, a day after they expired
/// (kept that long so a late click still finds "expired", not a stranger's error).
pub(crate) async fn delete_dead(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let invitations = sqlx::query!(
        "delete from recruiter_invitations where expires_at < now() - interval '1 day'"
    )
    .execute(pool)
    .await?
    .rows_affected();
    let resets =
        sqlx::query!("delete from password_resets where expires_at < now() - interval '1 day'")
            .execute(pool)
            .await?
            .rows_affected();
    Ok(invitations + resets)
}
