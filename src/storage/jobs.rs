//! Scheduled jobs.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::cells::Cells;
use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::domain::object::ObjectId;
use crate::core::jobs::{Job, JobRow, StoredJob};

/// Upserts the listed jobs (a job already run keeps its `done_at` and is not revived), then
/// drops the subject's other pending jobs: two statements whatever the number of jobs.
pub(super) async fn replace(
    conn: &mut SqliteConnection,
    subject: &ObjectId,
    jobs: &[Job],
) -> Result<()> {
    let subject = subject.to_string();
    if !jobs.is_empty() {
        let mut q: QueryBuilder<Sqlite> =
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
    let mut q: QueryBuilder<Sqlite> =
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

pub(super) async fn get(conn: &mut SqliteConnection, key: &str) -> Result<Option<StoredJob>> {
    let row = sqlx::query(
        "SELECT key, kind, subject, due_at, payload, attempts, done_at IS NULL AS pending
         FROM jobs WHERE key = ?",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(stored_from_row).transpose()
}

/// One upsert; the row keeps its id, which orders jobs due at one instant.
pub(super) async fn put(conn: &mut SqliteConnection, job: &Job) -> Result<()> {
    sqlx::query(
        "INSERT INTO jobs (key, kind, subject, due_at, payload) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,
           payload = excluded.payload, done_at = NULL, gave_up = 0,
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

pub(super) async fn next_due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<Option<JobRow>> {
    let row = sqlx::query(
        "SELECT key, kind, subject, due_at, payload, attempts FROM jobs
         WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT 1",
    )
    .bind(to_epoch(now))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) fn from_row(r: &impl Cells) -> Result<JobRow> {
    Ok(JobRow {
        key: r.cell("key")?,
        kind: r.cell("kind")?,
        subject: r.cell("subject")?,
        due_at: from_epoch(r.cell("due_at")?)?,
        payload: r.cell("payload")?,
        attempts: r.cell("attempts")?,
    })
}

pub(super) fn stored_from_row(r: &impl Cells) -> Result<StoredJob> {
    Ok(StoredJob {
        row: from_row(r)?,
        pending: r.flag("pending")?,
    })
}

pub(super) async fn complete(
    conn: &mut SqliteConnection,
    key: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE jobs SET done_at = ? WHERE key = ?")
        .bind(to_epoch(at))
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn next_time(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    let secs: Option<i64> =
        sqlx::query_scalar("SELECT MIN(due_at) FROM jobs WHERE done_at IS NULL")
            .fetch_one(conn)
            .await?;
    secs.map(from_epoch).transpose()
}

pub(super) async fn retry(
    conn: &mut SqliteConnection,
    key: &str,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE key = ?",
    )
    .bind(to_epoch(retry_at))
    .bind(error)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn give_up(
    conn: &mut SqliteConnection,
    key: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, done_at = ?, last_error = ?, gave_up = 1
         WHERE key = ?",
    )
    .bind(to_epoch(at))
    .bind(error)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}
