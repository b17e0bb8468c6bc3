//! Candidates and applications stored through the application's own code: the one example
//! application, parsed by the domain, mapped to its row by the intake (`intake::application_row`)
//! and written by `db::candidates::insert` and `db::applications::insert`, never by a hand-copied
//! INSERT. A test may then set columns the form would refuse today (a hostile name, a stored
//! value of an older release) before the row is written; the database's constraints still judge.

use labminds::db::applications::{self, ApplicationRow};
use labminds::db::candidates;
use labminds::domain::intake_form::example_application;
use labminds::domain::{ApplicationReference, CvUpload, IntakeForm, NewApplication};
use sqlx::PgPool;
use uuid::Uuid;

pub struct Stored {
    pub candidate_id: Uuid,
    pub application_id: Uuid,
    pub reference: String,
}

/// Stores the example application, with `edit` applied to its row, for a new candidate (or
/// another application of `candidate_id`).
pub async fn store(
    pool: &PgPool,
    candidate_id: Option<Uuid>,
    edit: impl FnOnce(&mut ApplicationRow<'_>),
) -> Stored {
    let form = IntakeForm::from_pairs(example_application());
    let year = time::OffsetDateTime::now_utc().year();
    let parsed = NewApplication::parse(&form, CvUpload::None, year)
        .unwrap_or_else(|_| panic!("the example application parses"));
    let reference = ApplicationReference::generate();
    let (new_candidate, candidate) = match candidate_id {
        Some(id) => (false, id),
        None => (true, Uuid::new_v4()),
    };
    let application_id = Uuid::new_v4();
    let mut row = labminds::intake::application_row(
        &form,
        &parsed,
        application_id,
        candidate,
        &reference,
        Uuid::new_v4(),
    );
    row.is_returning = !new_candidate;
    edit(&mut row);
    let mut tx = pool.begin().await.unwrap();
    if new_candidate {
        candidates::insert(
            &mut tx,
            candidate,
            row.email,
            row.email_normalised,
            row.phone_e164,
        )
        .await
        .expect("insert the candidate");
    }
    let inserted = applications::insert(&mut tx, &row)
        .await
        .expect("insert the application");
    assert!(inserted, "a fresh random reference was taken");
    tx.commit().await.unwrap();
    Stored {
        candidate_id: candidate,
        application_id,
        reference: reference.as_str().to_owned(),
    }
}

/// Moves a candidate's first contact and an application back in time (the form cannot).
pub async fn backdate(pool: &PgPool, stored: &Stored, days: i32, candidate_too: bool) {
    if days == 0 {
        return;
    }
    sqlx::query(
        "update applications set created_at = now() - make_interval(days => $2) where id = $1",
    )
    .bind(stored.application_id)
    .bind(days)
    .execute(pool)
    .await
    .unwrap();
    if candidate_too {
        sqlx::query(
            "update candidates set created_at = now() - make_interval(days => $2) where id = $1",
        )
        .bind(stored.candidate_id)
        .bind(days)
        .execute(pool)
        .await
        .unwrap();
    }
}
