//! `recruiters`: the dashboard's accounts. Disabling an account or changing its password ends
//! every session of it in the same transaction.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db::sessions;

/// What the login needs to know about an account.
pub(crate) struct LoginAccount {
    pub(crate) id: Uuid,
    pub(crate) password_hash: String,
    pub(crate) disabled: bool,
}

pub(crate) async fn find_for_login(
    pool: &PgPool,
    email: &str,
) -> Result<Option<LoginAccount>, sqlx::Error> {
    sqlx::query_as!(
        LoginAccount,
        r#"select id, password_hash, disabled_at is not null as "disabled!"
           from recruiters where email = $1"#,
        email,
    )
    .fetch_optional(pool)
    .await
}

/// Inserts an account; `Ok(false)` when the e-mail is taken.
pub(crate) async fn insert(
    pool: &PgPool,
    email: &str,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        r#"insert into recruiters (id, email, password_hash) values ($1, $2, $3)
           on conflict on constraint recruiters_email_key do nothing"#,
        Uuid::now_v7(),
        email,
        password_hash,
    )
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Disables an account and ends its sessions at once; `Ok(false)` when there is no such account.
pub async fn disable(pool: &PgPool, email: &str) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"update recruiters set disabled_at = coalesce(disabled_at, now()), updated_at = now()
           where email = $1 returning id"#,
        email,
    )
    .fetch_optional(&mut *tx)
    .await?;
    end_sessions_and_commit(tx, id).await
}

/// Sets a new password (and re-enables nothing): every session of the account ends.
pub(crate) async fn set_password(
    pool: &PgPool,
    email: &str,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        r#"update recruiters set password_hash = $2, updated_at = now()
           where email = $1 returning id"#,
        email,
        password_hash,
    )
    .fetch_optional(&mut *tx)
    .await?;
    end_sessions_and_commit(tx, id).await
}

/// Ends every session of the account the update found (if any) in the same transaction, so a
/// disabled account or a changed password locks out every browser at once.
async fn end_sessions_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    id: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    if let Some(id) = id {
        sessions::end_all(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(id.is_some())
}

/// Active recruiters, for the owner menu.
pub(crate) struct RecruiterOption {
    pub(crate) id: Uuid,
    pub(crate) email: String,
}

pub(crate) async fn active(pool: &PgPool) -> Result<Vec<RecruiterOption>, sqlx::Error> {
    sqlx::query_as!(
        RecruiterOption,
        "select id, email from recruiters where disabled_at is null order by email"
    )
    .fetch_all(pool)
    .await
}

/// Whether `email` (compared exactly: accounts are stored lower-cased) is an active account's.
pub(crate) async fn is_active_address(pool: &PgPool, email: &str) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"select exists (select 1 from recruiters where email = $1 and disabled_at is null)
           as "found!""#,
        email,
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}
