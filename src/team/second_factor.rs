//! The second factor: enrolment (a pending secret shown as a QR code, confirmed by a first code,
//! then ten recovery codes) and the sign-in step (a one-time code, or a recovery code once).
//! TOTP checks run on a blocking thread, recovery codes' argon2 in the shared hashing pool.

use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password::{hash_secret, verify_password};
use crate::auth::recovery::RecoveryCode;
use crate::auth::totp::{QrSvg, TotpSecret, qr_svg};
use crate::db::audit::{self, AuditAction};
use crate::db::second_factor as rows;
use crate::team::TeamError;

/// What the enrolment page shows.
pub(crate) struct Enrolment {
    /// The secret in base32, for typing into an app by hand.
    pub(crate) secret_base32: String,
    pub(crate) qr: QrSvg,
}

/// The pending secret (made on first view, then kept) as a QR code and as text.
pub(crate) async fn enrolment(
    pool: &PgPool,
    recruiter_id: Uuid,
    email: &str,
) -> Result<Enrolment, TeamError> {
    let fresh = TotpSecret::generate()?;
    let stored = rows::pending_secret(pool, recruiter_id, fresh.as_bytes()).await?;
    let secret = TotpSecret::from_stored(stored)
        .ok_or_else(|| anyhow::anyhow!("a stored TOTP secret has the wrong size"))?;
    Ok(Enrolment {
        secret_base32: secret.base32()?,
        qr: qr_svg(&secret.otpauth_url(email)?)?,
    })
}

/// Confirms enrolment with a first code from the app: the recovery codes to show once, or `None`
/// when the code is wrong (or nothing is pending).
pub(crate) async fn confirm_enrolment(
    pool: &PgPool,
    recruiter_id: Uuid,
    code: &str,
) -> Result<Option<Vec<RecoveryCode>>, TeamError> {
    let Some(secret) = rows::current_pending(pool, recruiter_id)
        .await?
        .and_then(TotpSecret::from_stored)
    else {
        return Ok(None);
    };
    let Some(step) = secret.verify_off_thread(code.to_owned(), None).await? else {
        return Ok(None);
    };
    let codes = RecoveryCode::generate_set()?;
    let mut hashed = Vec::with_capacity(codes.len());
    for code in &codes {
        hashed.push((
            code.selector().to_owned(),
            hash_secret(code.secret()).await?,
        ));
    }
    let mut tx = pool.begin().await?;
    if !rows::confirm_enrolment(&mut tx, recruiter_id, secret.as_bytes(), step, &hashed).await? {
        return Ok(None);
    }
    let nothing = serde_json::json!({});
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::TwoFactorEnrolled,
        None,
        nothing,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(codes))
}

/// How a second step was passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Passed {
    Code,
    RecoveryCode,
}

/// Checks what was typed at the second step: six digits are a one-time code, the rest is tried as
/// a recovery code. `None` when it is wrong, a replay, or a used recovery code.
pub(crate) async fn check(
    pool: &PgPool,
    recruiter_id: Uuid,
    typed: &str,
) -> Result<Option<Passed>, TeamError> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
        let row = rows::totp(pool, recruiter_id).await?;
        let Some(secret) = row.secret.and_then(TotpSecret::from_stored) else {
            return Ok(None);
        };
        let Some(step) = secret.verify_off_thread(digits, row.last_step).await? else {
            return Ok(None);
        };
        let fresh = rows::accept_totp_step(pool, recruiter_id, step).await?;
        return Ok(fresh.then_some(Passed::Code));
    }
    let Some(code) = RecoveryCode::parse(typed) else {
        return Ok(None);
    };
    let row = rows::unused_recovery_code(pool, recruiter_id, code.selector()).await?;
    // Without a row the code is still checked against a dummy hash: the same time either way.
    let matches = verify_password(code.secret(), row.as_ref().map(|r| r.code_hash.clone())).await?;
    let Some(row) = row.filter(|_| matches) else {
        return Ok(None);
    };
    if !rows::use_recovery_code(pool, row.id).await? {
        return Ok(None);
    }
    let left = rows::unused_recovery_codes(pool, recruiter_id).await?;
    let details = serde_json::json!({ "codes_left": left });
    audit::record(
        pool,
        Some(recruiter_id),
        AuditAction::RecoveryCodeUsed,
        None,
        details,
    )
    .await?;
    Ok(Some(Passed::RecoveryCode))
}
