//! `job_runs` and the advisory locks of scheduled work (see `crate::jobs`).

use serde_json::Value;
use sqlx::PgPool;
use sqlx::pool::PoolConnection;
use sqlx::postgres::Postgres;

/// A held advisory lock on one job, on a connection of its own (a session lock lives as long as
/// its connection: if the process dies, PostgreSQL releases it).
pub struct JobLock {
    conn: PoolConnection<Postgres>,
    key: String,
}

/// Takes the job's lock if no other instance holds it; `None` when one does.
pub async fn try_lock(pool: &PgPool, job: &str) -> Result<Option<JobLock>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let key = format!("labminds.job.{job}");
    let locked = sqlx::query_scalar!(
        r#"select pg_try_advisory_lock(hashtextextended($1, 0)) as "locked!""#,
        key
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(locked.then_some(JobLock { conn, key }))
}

impl JobLock {
    /// Releases the lock. If that fails the connection is closed instead of going back to the
    /// pool, which releases the lock just as well.
    pub async fn release(mut self) {
        let unlocked = sqlx::query_scalar!(
            r#"select pg_advisory_unlock(hashtextextended($1, 0)) as "unlocked!""#,
            self.key
        )
        .fetch_one(&mut *self.conn)
        .await;
        if !matches!(unlocked, Ok(true)) {
            let _ = self.conn.close().await;
        }
    }
}

/// True when a run of `job` for `run_key` has finished.
pub async fn finished(pool: &PgPool, job: &str, run_key: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query_scalar!(
        r#"select exists (select 1 from job_runs
                          where job = $1 and run_key = $2 and finished_at is not null) as "done!""#,
        job,
        run_key
    )
    .fetch_one(pool)
    .await?;
    Ok(done)
}

/// Records a finished run (again: a second run for the same key replaces the outcome).
pub(crate) async fn record_finished(
    pool: &PgPool,
    job: &str,
    run_key: &str,
    outcome: &Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        insert into job_runs (job, run_key, finished_at, outcome)
        values ($1, $2, now(), $3)
        on conflict on constraint job_runs_pkey
        do update set finished_at = now(), outcome = excluded.outcome
        "#,
        job,
        run_key,
        outcome,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Housekeeping: runs older than a year tell nobody anything.
pub(crate) async fn delete_old_runs(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!("delete from job_runs where created_at < now() - interval '1 year'")
        .execute(pool)
        .await?
        .rows_affected();
    Ok(deleted)
}
