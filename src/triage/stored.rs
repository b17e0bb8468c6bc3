//! The triage of a stored application (the candidate page): its answers from the row, the
//! returning flag from the row, the possible duplicate from the database.

use sqlx::PgConnection;
use uuid::Uuid;

use super::{ApplicationAnswers, Signals, Triage, triage};
use crate::db::applications::ApplicationDetail;
use crate::db::duplicates::{self, Likeness};
use crate::guide::facts::facts;

/// `None` when the stored answers no longer parse as the advisor's (a list changed since).
pub(crate) async fn of_application(
    conn: &mut PgConnection,
    candidate_id: Uuid,
    a: &ApplicationDetail,
) -> Result<Option<Triage>, sqlx::Error> {
    let stored = ApplicationAnswers {
        country_of_education: &a.country_of_education,
        qualification: &a.qualification,
        experience_years: &a.experience_years,
        us_certification: &a.us_certification,
        us_certification_status: &a.us_certification_status,
        english_test: &a.english_test,
        citizenships: &a.citizenships,
        target_states: &a.target_states,
        open_to_any_state: a.open_to_any_state,
        country_of_residence: &a.country_of_residence,
        work_authorisation: &a.work_authorisation,
    };
    let Ok(answers) = stored.to_answers() else {
        return Ok(None);
    };
    let likeness = Likeness {
        candidate_id,
        given_name: &a.given_name,
        family_name: a.family_name.as_deref(),
        graduation_year: a.graduation_year,
        country_of_education: &a.country_of_education,
    };
    let duplicate_of = duplicates::possible_duplicate(conn, &likeness).await?;
    let signals = Signals {
        earlier_reference: a.earlier_reference.as_deref(),
        duplicate_of: duplicate_of.as_deref(),
    };
    Ok(Some(triage(&answers, signals, facts())))
}
