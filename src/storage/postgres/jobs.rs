//! Scheduled jobs.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::super::jobs::{from_row, stored_from_row};
use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::domain::object::ObjectId;
use crate::core::jobs::{Job, JobRow, StoredJob};

/// Upserts the listed jobs (a job already run keeps its `done_at` and is not revived), then
/// drops the subject's other pending jobs: two statements whatever the number of jobs.
pub(super) async fn replace(
    conn: &mut PgConnection,
    subject: &ObjectId,
    jobs: &[Job],
) -> Result<()> {
    let subject = subject.to_string();
    if !jobs.is_empty() {
        let mut q: QueryBuilder<Postgres> =
            QueryBuilder::new("INSERT INTO jobs (key, kind, subject, due_at, payload) ");
        q.push_values(jobs, |mut b, j| {
            b.push_bind(&j.key)
                .push_bind(j.kind.name())
                .push_bind(j.subject.to_string())
                .push_bind(to_epoch(j.due_at))
                .push_bind(j.payload());
        });
        q.push(
            " ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
              WHERE jobs.done_at IS NULL",
        );
        q.build().execute(&mut *conn).await?;
    }
    let mut q: QueryBuilder<Postgres> =
        QueryBuilder::new("DELETE FROM jobs WHERE done_at IS NULL AND subject = ");
    q.push_bind(subject);
    if !jobs.is_empty() {
        q.push(" AND key NOT IN (");
        let mut keys = q.separated(", ");
        for j in jobs {
            keys.push_bind(&j.key);
        }
        q.push(")");
    }
    q.build().execute(conn).await?;
    Ok(())
}

pub(super) async fn get(conn: &mut PgConnection, key: &str) -> Result<Option<StoredJob>> {
    let row = sqlx::query(
        "SELECT key, kind, subject, due_at, payload, attempts, done_at IS NULL AS pending
         FROM jobs WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(stored_from_row).transpose()
}

/// One upsert; the row keeps its id, which orders jobs due at one instant.
pub(super) async fn put(conn: &mut PgConnection, job: &Job) -> Result<()> {
    sqlx::query(
        "INSERT INTO jobs (key, kind, subject, due_at, payload) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,
           payload = excluded.payload, done_at = NULL, gave_up = FALSE,
           attempts = CASE WHEN jobs.payload = excluded.payload THEN jobs.attempts ELSE 0 END",
    )
    .bind(&job.key)
    .bind(job.kind.name())
    .bind(job.subject.to_string())
    .bind(to_epoch(job.due_at))
    .bind(job.payload())
    .execute(conn)
    .await?;
    Ok(())
}

/// The due job, locked for this unit of work; a job another unit of work holds is passed
/// over (`SKIP LOCKED`), not waited for: it is that worker's (contract 5).
pub(super) async fn next_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Option<JobRow>> {
    let row = sqlx::query(
        "SELECT key, kind, subject, due_at, payload, attempts FROM jobs
         WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1
         FOR UPDATE SKIP LOCKED",
    )
    .bind(to_epoch(now))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn complete(conn: &mut PgConnection, key: &str, at: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE jobs SET done_at = $1 WHERE key = $2")
        .bind(to_epoch(at))
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn next_time(conn: &mut PgConnection) -> Result<Option<DateTime<Utc>>> {
    let secs: Option<i64> =
        sqlx::query_scalar("SELECT MIN(due_at) FROM jobs WHERE done_at IS NULL")
            .fetch_one(conn)
            .await?;
    secs.map(from_epoch).transpose()
}

pub(super) async fn retry(
    conn: &mut PgConnection,
    key: &str,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, due_at = $1, last_error = $2 WHERE key = $3",
    )
    .bind(to_epoch(retry_at))
    .bind(error)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn give_up(
    conn: &mut PgConnection,
    key: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, done_at = $1, last_error = $2, gave_up = TRUE
         WHERE key = $3",
    )
    .bind(to_epoch(at))
    .bind(error)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}
