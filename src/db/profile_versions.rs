//! `candidate_profile_versions`: the answers a candidate keeps current, one row per change. The
//! application rows are never touched; the newest version, or without one the newest
//! application, holds the current answers.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::profile_update::Details;

/// The current answers, the citizenships and reference of the newest application.
pub(crate) struct Current {
    pub(crate) details: Details,
    pub(crate) citizenships: Vec<String>,
    pub(crate) reference: String,
    /// The newest version's number (0 before the first change).
    pub(crate) version: i32,
}

/// One change, for the dashboard: which fields, when, and the answers after it.
pub(crate) struct Version {
    pub(crate) version: i32,
    pub(crate) changed_fields: Vec<String>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) phone_e164: String,
    pub(crate) country_of_residence: String,
    pub(crate) us_certification: String,
    pub(crate) us_certification_status: String,
    pub(crate) english_test: String,
    pub(crate) target_states: Vec<String>,
    pub(crate) open_to_any_state: bool,
    pub(crate) work_authorisation: String,
    pub(crate) availability: String,
    /// Set on a confirmed change of address: the address before and after it.
    pub(crate) email_before: Option<String>,
    pub(crate) email_after: Option<String>,
}

/// The current answers; `for update` of the candidate row serialises concurrent changes.
pub(crate) async fn current(
    conn: &mut PgConnection,
    candidate_id: Uuid,
) -> Result<Option<Current>, sqlx::Error> {
    let locked = sqlx::query_scalar!(
        r#"select id from candidates where id = $1 for update"#,
        candidate_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if locked.is_none() {
        return Ok(None);
    }
    let application = sqlx::query!(
        r#"
        select reference, citizenships, phone_e164, country_of_residence, us_certification,
               us_certification_status, english_test, target_states, open_to_any_state,
               work_authorisation, availability
        from applications where candidate_id = $1
        order by created_at desc, id desc limit 1
        "#,
        candidate_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(a) = application else {
        return Ok(None);
    };
    let latest = sqlx::query!(
        r#"
        select version, phone_e164, country_of_residence, us_certification,
               us_certification_status, english_test, target_states, open_to_any_state,
               work_authorisation, availability
        from candidate_profile_versions where candidate_id = $1
        order by version desc limit 1
        "#,
        candidate_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let (details, version) = match latest {
        Some(v) => (
            Details {
                phone_e164: v.phone_e164,
                country_of_residence: v.country_of_residence,
                us_certification: v.us_certification,
                us_certification_status: v.us_certification_status,
                english_test: v.english_test,
                target_states: v.target_states,
                open_to_any_state: v.open_to_any_state,
                work_authorisation: v.work_authorisation,
                availability: v.availability,
            },
            v.version,
        ),
        None => (
            Details {
                phone_e164: a.phone_e164,
                country_of_residence: a.country_of_residence,
                us_certification: a.us_certification,
                us_certification_status: a.us_certification_status,
                english_test: a.english_test,
                target_states: a.target_states,
                open_to_any_state: a.open_to_any_state,
                work_authorisation: a.work_authorisation,
                availability: a.availability,
            },
            0,
        ),
    };
    Ok(Some(Current {
        details,
        citizenships: a.citizenships,
        reference: a.reference,
        version,
    }))
}

/// Stores version `version` with the fields that changed.
pub(crate) async fn insert(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    version: i32,
    details: &Details,
    changed: &[&str],
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let changed: Vec<String> = changed.iter().map(|f| (*f).to_owned()).collect();
    sqlx::query!(
        r#"
        insert into candidate_profile_versions
            (id, candidate_id, version, changed_fields, phone_e164, country_of_residence,
             us_certification, us_certification_status, english_test, target_states,
             open_to_any_state, work_authorisation, availability)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        "#,
        id,
        candidate_id,
        version,
        &changed,
        details.phone_e164,
        details.country_of_residence,
        details.us_certification,
        details.us_certification_status,
        details.english_test,
        &details.target_states,
        details.open_to_any_state,
        details.work_authorisation,
        details.availability,
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Stores version `version` for a confirmed change of address: the other answers carried over
/// as they are, `email` the only changed field, and the address before and after it.
pub(crate) async fn insert_email_change(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    version: i32,
    details: &Details,
    (before, after): (&str, &str),
) -> Result<Uuid, sqlx::Error> {
    let id = insert(conn, candidate_id, version, details, &["email"]).await?;
    sqlx::query!(
        r#"update candidate_profile_versions set email_before = $2, email_after = $3
           where id = $1"#,
        id,
        before,
        after,
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The answers of the newest version, if the candidate changed any (a plain read: no lock).
pub(crate) async fn newest<'e>(
    executor: impl PgExecutor<'e>,
    candidate_id: Uuid,
) -> Result<Option<Details>, sqlx::Error> {
    sqlx::query_file_as!(
        Details,
        "src/db/submission/newest_profile_version.sql",
        candidate_id
    )
    .fetch_optional(executor)
    .await
}

/// Every change of a candidate, newest first.
pub(crate) async fn of_candidate<'e>(
    executor: impl PgExecutor<'e>,
    candidate_id: Uuid,
) -> Result<Vec<Version>, sqlx::Error> {
    sqlx::query_as!(
        Version,
        r#"
        select version, changed_fields, created_at, phone_e164, country_of_residence,
               us_certification, us_certification_status, english_test, target_states,
               open_to_any_state, work_authorisation, availability, email_before, email_after
        from candidate_profile_versions where candidate_id = $1 order by version desc
        "#,
        candidate_id
    )
    .fetch_all(executor)
    .await
}

/// The owner of the candidate's case (id and address), if an active recruiter owns it.
pub(crate) async fn active_owner(
    conn: &mut PgConnection,
    candidate_id: Uuid,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        select r.id, r.email from candidate_pipelines p join recruiters r on r.id = p.owner_id
        where p.candidate_id = $1 and r.disabled_at is null
        "#,
        candidate_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.id, r.email)))
}
