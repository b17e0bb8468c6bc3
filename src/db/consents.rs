//! `candidate_consents`: every consent change of a candidate, appended with its audit event in
//! one transaction. The current state of a purpose is its latest row, or, without one, what the
//! latest application's form said (`current`); the retention purge reads the same rule.

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::audit::{self, AuditAction};

/// One purpose's current state.
pub(crate) struct ConsentState {
    pub(crate) purpose: String,
    pub(crate) given: bool,
    /// When and how it was last given or withdrawn, and under which notice.
    pub(crate) since: OffsetDateTime,
    pub(crate) channel: String,
    pub(crate) notice_version: String,
}

/// The current state of every purpose in `purposes` for the candidate (none when they do not
/// exist).
pub(crate) async fn current(
    pool: &PgPool,
    candidate_id: Uuid,
    purposes: &[String],
) -> Result<Vec<ConsentState>, sqlx::Error> {
    sqlx::query_as!(
        ConsentState,
        r#"
        with latest_application as (
            select privacy_consented_at, privacy_policy_version, keep_data_consent
            from applications where candidate_id = $1
            order by created_at desc, id desc limit 1
        )
        select p.purpose as "purpose!",
               coalesce(c.given, case p.purpose
                   when 'processing' then true
                   when 'keep_details' then a.keep_data_consent
                   else false end) as "given!",
               coalesce(c.created_at, a.privacy_consented_at) as "since!",
               coalesce(c.channel, 'application_form') as "channel!",
               coalesce(c.notice_version, a.privacy_policy_version) as "notice_version!"
        from latest_application a
        cross join unnest($2::text[]) with ordinality as p(purpose, position)
        left join lateral (
            select given, created_at, channel, notice_version from candidate_consents
            where candidate_id = $1 and purpose = p.purpose
            order by created_at desc, id desc limit 1
        ) c on true
        order by p.position
        "#,
        candidate_id,
        purposes,
    )
    .fetch_all(pool)
    .await
}

/// A consent given or withdrawn.
pub(crate) struct ConsentChange<'a> {
    pub(crate) candidate_id: Uuid,
    pub(crate) purpose: &'a str,
    pub(crate) given: bool,
    pub(crate) notice_version: &'a str,
    pub(crate) channel: &'a str,
}

/// Records the change (and its audit event); false when the candidate does not exist.
pub(crate) async fn record(pool: &PgPool, change: &ConsentChange<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        r#"insert into candidate_consents
               (id, candidate_id, purpose, given, notice_version, channel)
           select $1, id, $3, $4, $5, $6 from candidates where id = $2"#,
        Uuid::now_v7(),
        change.candidate_id,
        change.purpose,
        change.given,
        change.notice_version,
        change.channel,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    let action = if change.given {
        AuditAction::ConsentGiven
    } else {
        AuditAction::ConsentWithdrawn
    };
    let details = serde_json::json!({ "purpose": change.purpose, "channel": change.channel });
    audit::record(&mut *tx, None, action, Some(change.candidate_id), details).await?;
    tx.commit().await?;
    Ok(true)
}
