//! The overview's "needs attention" lists (issue 15, item 2): open next actions past their due
//! date, and new cases nobody owns that arrived before a cut-off (two working days ago, computed
//! by `domain::working_days`). At most `LIMIT` rows each on the overview, the most urgent first.
//! The daily digest (`notifications::digest`) asks the same questions for one recruiter.
//!
//! Both read the first rows of an index in order and stop: `next_actions_open_due_candidate_idx`
//! (open actions by due date, then candidate) and `candidate_cards_unowned_new_idx`; the names
//! come from the candidate's card (their latest application's).

use sqlx::PgPool;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub(crate) const LIMIT: i64 = 20;

pub(crate) struct OverdueAction {
    pub(crate) candidate_id: Uuid,
    pub(crate) reference: String,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) what: String,
    pub(crate) due_on: Date,
    pub(crate) assignee_name: Option<String>,
}

/// Open actions due before `today`, everyone's or (with `assignee`) one recruiter's (the digest).
pub(crate) async fn overdue_actions(
    pool: &PgPool,
    today: Date,
    assignee: Option<Uuid>,
    limit: i64,
) -> Result<Vec<OverdueAction>, sqlx::Error> {
    sqlx::query_as!(
        OverdueAction,
        r#"
        select n.candidate_id, k.reference, k.given_name, k.family_name, n.what, n.due_on,
               r.display_name as "assignee_name?"
        from next_actions n
        join candidate_cards k on k.candidate_id = n.candidate_id
        left join recruiters r on r.id = n.assignee_id
        where n.closed_at is null and n.due_on < $1
          and ($3::uuid is null or n.assignee_id = $3)
        order by n.due_on, n.candidate_id
        limit $2
        "#,
        today,
        limit,
        assignee,
    )
    .fetch_all(pool)
    .await
}

pub(crate) struct UnownedCase {
    pub(crate) candidate_id: Uuid,
    pub(crate) given_name: String,
    pub(crate) family_name: Option<String>,
    pub(crate) reference: String,
    pub(crate) created_at: OffsetDateTime,
}

/// New cases without an owner whose candidate arrived before `cutoff`, the oldest first.
pub(crate) async fn unowned_new_cases(
    pool: &PgPool,
    cutoff: OffsetDateTime,
    limit: i64,
) -> Result<Vec<UnownedCase>, sqlx::Error> {
    sqlx::query_as!(
        UnownedCase,
        r#"
        select k.candidate_id, k.given_name, k.family_name, k.reference, k.created_at
        from candidate_cards k
        where k.stage = 'new' and k.owner_id is null and k.created_at < $1
        order by k.created_at, k.candidate_id
        limit $2
        "#,
        cutoff,
        limit,
    )
    .fetch_all(pool)
    .await
}
