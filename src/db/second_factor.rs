//! The second factor's rows: the TOTP secret, its pending twin during enrolment and the last step
//! used (columns of `recruiters`), and `recovery_codes`. The secret never leaves this module but
//! to the code that checks it (`auth::totp`).

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::sessions;

/// The confirmed secret and the last step accepted, if the account has enrolled.
pub(crate) struct TotpRow {
    pub(crate) secret: Option<Vec<u8>>,
    pub(crate) last_step: Option<i64>,
}

pub(crate) async fn totp(pool: &PgPool, recruiter_id: Uuid) -> Result<TotpRow, sqlx::Error> {
    let row = sqlx::query_as!(
        TotpRow,
        r#"select totp_secret as secret, totp_last_step as last_step
           from recruiters where id = $1"#,
        recruiter_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.unwrap_or(TotpRow {
        secret: None,
        last_step: None,
    }))
}

/// Records `step` as used; `false` when it (or a later one) already was: the code is a replay,
/// possibly sent twice in parallel.
pub(crate) async fn accept_totp_step(
    pool: &PgPool,
    recruiter_id: Uuid,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query!(
        r#"update recruiters set totp_last_step = $2
           where id = $1 and (totp_last_step is null or totp_last_step < $2)"#,
        recruiter_id,
        step,
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// The secret shown on the enrolment page, made once and kept until it is confirmed, so reloading
/// the page does not invalidate what the app already scanned.
pub(crate) async fn pending_secret(
    pool: &PgPool,
    recruiter_id: Uuid,
    fresh: &[u8],
) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"update recruiters set totp_pending_secret = coalesce(totp_pending_secret, $2)
           where id = $1 returning totp_pending_secret as "secret!""#,
        recruiter_id,
        fresh,
    )
    .fetch_one(pool)
    .await
}

pub(crate) async fn current_pending(
    pool: &PgPool,
    recruiter_id: Uuid,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar!(
        "select totp_pending_secret from recruiters where id = $1",
        recruiter_id
    )
    .fetch_optional(pool)
    .await
    .map(Option::flatten)
}

/// Confirms enrolment in the caller's transaction: the pending secret becomes the secret (only if
/// it is still the one that was checked), `step` counts as used, and the recovery codes are
/// replaced by the new set. `false` if the pending secret changed meanwhile.
pub(crate) async fn confirm_enrolment(
    conn: &mut PgConnection,
    recruiter_id: Uuid,
    secret: &[u8],
    step: i64,
    codes: &[(String, String)],
) -> Result<bool, sqlx::Error> {
    let confirmed = sqlx::query!(
        r#"update recruiters set totp_secret = totp_pending_secret, totp_pending_secret = null,
               totp_last_step = $3, updated_at = now()
           where id = $1 and totp_pending_secret = $2"#,
        recruiter_id,
        secret,
        step,
    )
    .execute(&mut *conn)
    .await?;
    if confirmed.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query!(
        "delete from recovery_codes where recruiter_id = $1",
        recruiter_id
    )
    .execute(&mut *conn)
    .await?;
    for (selector, hash) in codes {
        sqlx::query!(
            r#"insert into recovery_codes (id, recruiter_id, selector, code_hash)
               values ($1, $2, $3, $4)"#,
            Uuid::now_v7(),
            recruiter_id,
            selector,
            hash,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// An unused recovery code's row, found by its selector.
pub(crate) struct RecoveryRow {
    pub(crate) id: Uuid,
    pub(crate) code_hash: String,
}

pub(crate) async fn unused_recovery_code(
    pool: &PgPool,
    recruiter_id: Uuid,
    selector: &str,
) -> Result<Option<RecoveryRow>, sqlx::Error> {
    sqlx::query_as!(
        RecoveryRow,
        r#"select id, code_hash from recovery_codes
           where recruiter_id = $1 and selector = $2 and used_at is null"#,
        recruiter_id,
        selector,
    )
    .fetch_optional(pool)
    .await
}

/// Marks a code used; `false` if it was used meanwhile (two sign-ins with the same code at once).
pub(crate) async fn use_recovery_code(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    let used = sqlx::query!(
        "update recovery_codes set used_at = now() where id = $1 and used_at is null",
        id
    )
    .execute(pool)
    .await?;
    Ok(used.rows_affected() == 1)
}

pub(crate) async fn unused_recovery_codes(
    pool: &PgPool,
    recruiter_id: Uuid,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from recovery_codes where recruiter_id = $1 and used_at is null"#,
        recruiter_id
    )
    .fetch_one(pool)
    .await
}

/// Removes the account's second factor (secret, pending secret, recovery codes) and ends its
/// sessions, in one transaction (the operator's `recruiter reset-two-factor`); `false` when there
/// is no such account.
pub(crate) async fn remove(pool: &PgPool, email: &str) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"update recruiters set totp_secret = null, totp_pending_secret = null,
               totp_last_step = null, updated_at = now()
           where email = $1 returning id"#,
        email,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    sqlx::query!("delete from recovery_codes where recruiter_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sessions::end_all(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}
