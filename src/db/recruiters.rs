//! `recruiters`: the dashboard's accounts. Disabling an account or changing its password ends
//! its sessions in the same transaction; the last active admin can be neither demoted nor
//! disabled (checked under a lock on the admins' rows, so two admins demoting each other at the
//! same moment cannot both succeed).

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::sessions;
use crate::domain::team::Role;

/// What the login needs to know about an account.
pub(crate) struct LoginAccount {
    pub(crate) id: Uuid,
    pub(crate) password_hash: String,
    pub(crate) disabled: bool,
    pub(crate) role: String,
    pub(crate) two_factor: bool,
}

pub(crate) async fn find_for_login(
    pool: &PgPool,
    email: &str,
) -> Result<Option<LoginAccount>, sqlx::Error> {
    sqlx::query_as!(
        LoginAccount,
        r#"select id, password_hash, disabled_at is not null as "disabled!", role,
                  totp_secret is not null as "two_factor!"
           from recruiters where email = $1"#,
        email,
    )
    .fetch_optional(pool)
    .await
}

/// An account to make (from the command line or an accepted invitation).
pub(crate) struct NewAccount<'a> {
    pub(crate) email: &'a str,
    pub(crate) password_hash: &'a str,
    pub(crate) display_name: &'a str,
    pub(crate) time_zone: &'a str,
    pub(crate) role: Role,
}

/// Inserts an account; `Ok(None)` when the e-mail is taken.
pub(crate) async fn insert<'e>(
    executor: impl PgExecutor<'e>,
    account: &NewAccount<'_>,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"insert into recruiters (id, email, password_hash, display_name, time_zone, role)
           values ($1, $2, $3, $4, $5, $6)
           on conflict on constraint recruiters_email_key do nothing
           returning id"#,
        Uuid::now_v7(),
        account.email,
        account.password_hash,
        account.display_name,
        account.time_zone,
        account.role.as_str(),
    )
    .fetch_optional(executor)
    .await
}

/// The id of the active account with this e-mail.
pub(crate) async fn active_id_of<'e>(
    executor: impl PgExecutor<'e>,
    email: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select id from recruiters where email = $1 and disabled_at is null",
        email
    )
    .fetch_optional(executor)
    .await
}

/// The id of any account with this e-mail, disabled ones included.
pub(crate) async fn id_of<'e>(
    executor: impl PgExecutor<'e>,
    email: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("select id from recruiters where email = $1", email)
        .fetch_optional(executor)
        .await
}

/// What a team change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TeamChange {
    Done,
    NotFound,
    /// Refused: it would leave the team without an active admin.
    LastAdmin,
}

/// Locks the active admins' rows and tells whether `id` is the only one.
async fn is_last_admin(conn: &mut PgConnection, id: Uuid) -> Result<bool, sqlx::Error> {
    let admins = sqlx::query_scalar!(
        "select id from recruiters where role = 'admin' and disabled_at is null for update"
    )
    .fetch_all(conn)
    .await?;
    Ok(admins == [id])
}

/// Disables an account and ends its sessions at once (the CLI's command; it may disable the last
/// admin: the operator can make a new one with `recruiter add --admin`).
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

/// The team page's disable: ends every session of the account in the same transaction.
pub(crate) async fn disable_member(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<TeamChange, sqlx::Error> {
    if is_last_admin(&mut *conn, id).await? {
        return Ok(TeamChange::LastAdmin);
    }
    let found = sqlx::query_scalar!(
        r#"update recruiters set disabled_at = coalesce(disabled_at, now()), updated_at = now()
           where id = $1 returning id"#,
        id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        return Ok(TeamChange::NotFound);
    }
    sessions::end_all(conn, id).await?;
    Ok(TeamChange::Done)
}

pub(crate) async fn change_role(
    conn: &mut PgConnection,
    id: Uuid,
    role: Role,
) -> Result<TeamChange, sqlx::Error> {
    if role != Role::Admin && is_last_admin(&mut *conn, id).await? {
        return Ok(TeamChange::LastAdmin);
    }
    let found = sqlx::query_scalar!(
        "update recruiters set role = $2, updated_at = now() where id = $1 returning id",
        id,
        role.as_str(),
    )
    .fetch_optional(conn)
    .await?;
    Ok(if found.is_some() {
        TeamChange::Done
    } else {
        TeamChange::NotFound
    })
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

/// Sets a new password by id, in the caller's transaction (which ends the sessions it must).
pub(crate) async fn set_password_of(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update recruiters set password_hash = $2, updated_at = now() where id = $1",
        id,
        password_hash,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn password_hash(pool: &PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select password_hash from recruiters where id = $1", id)
        .fetch_optional(pool)
        .await
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
    pub(crate) display_name: String,
}

pub(crate) async fn active(pool: &PgPool) -> Result<Vec<RecruiterOption>, sqlx::Error> {
    sqlx::query_as!(
        RecruiterOption,
        "select id, display_name from recruiters where disabled_at is null order by display_name, email"
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

/// Whether `e164` is the public phone or WhatsApp number of an active account (both in E.164).
pub(crate) async fn is_active_phone(pool: &PgPool, e164: &str) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"select exists (select 1 from recruiters where public_phone = $1 and disabled_at is null)
           as "found!""#,
        e164,
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// One row of the team page. The last sign-in is the account's newest `login_succeeded` in the
/// audit log (indexed by recruiter).
pub(crate) struct TeamMember {
    pub(crate) id: Uuid,
    pub(crate) email: String,
    pub(crate) display_name: String,
    pub(crate) role: String,
    pub(crate) disabled: bool,
    pub(crate) two_factor: bool,
    pub(crate) last_sign_in_at: Option<OffsetDateTime>,
}

pub(crate) async fn team(pool: &PgPool) -> Result<Vec<TeamMember>, sqlx::Error> {
    sqlx::query_as!(
        TeamMember,
        r#"select r.id, r.email, r.display_name, r.role, r.disabled_at is not null as "disabled!",
                  r.totp_secret is not null as "two_factor!",
                  (select max(a.created_at) from audit_events a
                   where a.recruiter_id = r.id and a.action = 'login_succeeded') as last_sign_in_at
           from recruiters r order by r.disabled_at is not null, r.display_name, r.email"#
    )
    .fetch_all(pool)
    .await
}

/// The account page's own details.
pub(crate) struct Profile {
    pub(crate) email: String,
    pub(crate) display_name: String,
    pub(crate) public_phone: Option<String>,
    pub(crate) time_zone: String,
    pub(crate) two_factor: bool,
    pub(crate) last_sign_in_at: Option<OffsetDateTime>,
    /// The daily digest (issue 15): on or off, and its hour in `time_zone`.
    pub(crate) digest_enabled: bool,
    pub(crate) digest_hour: i16,
}

pub(crate) async fn profile(pool: &PgPool, id: Uuid) -> Result<Option<Profile>, sqlx::Error> {
    sqlx::query_as!(
        Profile,
        r#"select r.email, r.display_name, r.public_phone, r.time_zone,
                  r.totp_secret is not null as "two_factor!", r.digest_enabled, r.digest_hour,
                  (select max(a.created_at) from audit_events a
                   where a.recruiter_id = r.id and a.action = 'login_succeeded') as last_sign_in_at
           from recruiters r where r.id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await
}

pub(crate) async fn update_profile<'e>(
    executor: impl PgExecutor<'e>,
    id: Uuid,
    display_name: &str,
    public_phone: Option<&str>,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update recruiters set display_name = $2, public_phone = $3, time_zone = $4,
               updated_at = now()
           where id = $1"#,
        id,
        display_name,
        public_phone,
        time_zone,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Turns the daily digest on or off and sets its local hour (0 to 23, checked by the caller and
/// the table).
pub(crate) async fn update_digest<'e>(
    executor: impl PgExecutor<'e>,
    id: Uuid,
    enabled: bool,
    hour: i16,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update recruiters set digest_enabled = $2, digest_hour = $3 where id = $1",
        id,
        enabled,
        hour,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Where mail to an active account goes, and the name it is greeted by.
pub(crate) struct Contact {
    pub(crate) email: String,
    pub(crate) display_name: String,
}

/// The contact of an active account; `None` for a disabled or unknown one.
pub(crate) async fn active_contact(
    conn: &mut PgConnection,
    id: Uuid,
) -> Result<Option<Contact>, sqlx::Error> {
    sqlx::query_as!(
        Contact,
        "select email, display_name from recruiters where id = $1 and disabled_at is null",
        id,
    )
    .fetch_optional(conn)
    .await
}

/// An account that wants the daily digest: active, digest on.
pub(crate) struct DigestRecipient {
    pub(crate) id: Uuid,
    pub(crate) email: String,
    pub(crate) display_name: String,
    pub(crate) time_zone: String,
    pub(crate) digest_hour: i16,
}

pub(crate) async fn digest_recipients(pool: &PgPool) -> Result<Vec<DigestRecipient>, sqlx::Error> {
    sqlx::query_as!(
        DigestRecipient,
        r#"select id, email, display_name, time_zone, digest_hour from recruiters
           where disabled_at is null and digest_enabled
           order by id"#
    )
    .fetch_all(pool)
    .await
}
