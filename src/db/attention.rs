//! The overview's "needs attention" lists (issue 15, item 2): open next actions past their due
//! date, and new cases nobody owns that arrived before a cut-off (two working days ago, computed
//! by `domain::working_days`). At most `LIMIT` rows each on the overview, the most urgent first.
//! The daily digest (`notifications::digest`) asks the same questions for one recruiter.

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
        select n.candidate_id, a.reference, a.given_name, a.family_name, n.what, n.due_on,
               r.display_name as "assignee_name?"
        from next_actions n
        join lateral (select reference, given_name, family_name from applications
                      where candidate_id = n.candidate_id
                      order by created_at desc, id desc limit 1) a on true
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
        select c.id as candidate_id, a.given_name, a.family_name, a.reference, c.created_at
        from candidates c
        left join candidate_pipelines p on p.candidate_id = c.id
        join lateral (select given_name, family_name, reference from applications
                      where candidate_id = c.id
                      order by created_at desc, id desc limit 1) a on true
        where coalesce(p.stage, 'new') = 'new' and p.owner_id is null and c.created_at < $1
        order by c.created_at, c.id
        limit $2
        "#,
        cutoff,
        limit,
    )
    .fetch_all(pool)
    .await
}
