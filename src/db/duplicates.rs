//! The triage's "possible duplicate" look-up: another candidate's application with the same
//! name (case-insensitive), graduation year and country of education. Matches by e-mail address
//! or phone are the same candidate already (`candidates::find_by_contact`); this finds the person
//! who came back with a new address and number. It reads `applications_possible_duplicate_idx`.

use sqlx::PgConnection;
use uuid::Uuid;

/// What the look-up compares.
pub(crate) struct Likeness<'a> {
    pub(crate) candidate_id: Uuid,
    pub(crate) given_name: &'a str,
    pub(crate) family_name: Option<&'a str>,
    pub(crate) graduation_year: i16,
    pub(crate) country_of_education: &'a str,
}

/// The reference of the newest such application of another candidate, if any.
pub(crate) async fn possible_duplicate(
    conn: &mut PgConnection,
    like: &Likeness<'_>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_file_scalar!(
        "src/db/submission/possible_duplicate.sql",
        like.candidate_id,
        like.given_name,
        like.family_name,
        like.graduation_year,
        like.country_of_education,
    )
    .fetch_optional(conn)
    .await
}
