//! `site_keys`: secrets the site makes for itself, once, and keeps in the database, so every
//! instance and every restart shares them. Today one: the key that stands in for `SECRET_KEY` in
//! development (`config` refuses an https site without SECRET_KEY).

use anyhow::Context;
use secrecy::SecretString;
use sqlx::PgPool;

const FALLBACK_SECRET: &str = "fallback_secret_key";

/// The stored stand-in for `SECRET_KEY`, made on first use. The first instance to insert it wins;
/// the others read the same key.
pub(crate) async fn fallback_secret_key(pool: &PgPool) -> anyhow::Result<SecretString> {
    let fresh = crate::crypto::random_token()?;
    sqlx::query!(
        "insert into site_keys (name, secret) values ($1, $2) on conflict on constraint site_keys_pkey do nothing",
        FALLBACK_SECRET,
        fresh,
    )
    .execute(pool)
    .await?;
    let secret = sqlx::query_scalar!(
        "select secret from site_keys where name = $1",
        FALLBACK_SECRET
    )
    .fetch_one(pool)
    .await?;
    Ok(SecretString::from(secret))
}

/// Puts the stored stand-in in place of a random `SECRET_KEY` (none set), so what this process
/// signs (the reminders' unsubscribe links) verifies on every instance of the site.
pub(crate) async fn settle_secret_key(
    settings: &mut crate::config::Settings,
    pool: &PgPool,
) -> anyhow::Result<()> {
    if settings.secret_key_is_random {
        settings.secret_key = fallback_secret_key(pool)
            .await
            .context("reading the key that stands in for SECRET_KEY")?;
        settings.secret_key_is_random = false;
    }
    Ok(())
}
