//! Scheduled jobs (the same SQL on both backends but for how a due job is claimed).

use chrono::{DateTime, Utc};

use super::cells::Cells;
use super::sql::{Conn, Dialect, Query};
use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::domain::object::ObjectId;
use crate::core::jobs::{Job, JobRow, StoredJob};

/// Upserts the listed jobs (a job already run keeps its `done_at` and is not revived), then
/// drops the subject's other pending jobs: two statements whatever the number of jobs.
pub(super) async fn replace(conn: &mut impl Conn, subject: &ObjectId, jobs: &[Job]) -> Result<()> {
    if !jobs.is_empty() {
        let mut q = Query::new("INSERT INTO jobs (key, kind, subject, due_at, payload) ");
        q.push_values(jobs, |j| {
            [
                j.key.as_str().into(),
                j.kind.name().into(),
                j.subject.to_string().into(),
                to_epoch(j.due_at).into(),
                j.payload().into(),
            ]
        });
        q.push(
            " ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
              WHERE jobs.done_at IS NULL",
        );
        conn.execute(q).await?;
    }
    let mut q = Query::new("DELETE FROM jobs WHERE done_at IS NULL AND subject = ");
    q.push_bind(subject.to_string());
    if !jobs.is_empty() {
        q.push(" AND key NOT IN (")
            .push_list(jobs.iter().map(|j| j.key.as_str()))
            .push(")");
    }
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn get(conn: &mut impl Conn, key: &str) -> Result<Option<StoredJob>> {
    let q = Query::new(
        "SELECT key, kind, subject, due_at, payload, attempts, done_at IS NULL AS pending
         FROM jobs WHERE key = $1",
    )
    .bind(key);
    let row = conn.fetch_optional(q).await?;
    row.as_ref().map(stored_from_row).transpose()
}

/// One upsert; the row keeps its id, which orders jobs due at one instant.
pub(super) async fn put(conn: &mut impl Conn, job: &Job) -> Result<()> {
    let q = Query::new(
        "INSERT INTO jobs (key, kind, subject, due_at, payload) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,
           payload = excluded.payload, done_at = NULL, gave_up = FALSE,
           attempts = CASE WHEN jobs.payload = excluded.payload THEN jobs.attempts ELSE 0 END",
    )
    .bind(&job.key)
    .bind(job.kind.name())
    .bind(job.subject.to_string())
    .bind(to_epoch(job.due_at))
    .bind(job.payload());
    conn.execute(q).await?;
    Ok(())
}

/// The first job due by `now`, claimed for this unit of work until it ends (contract 5).
pub(super) async fn claim_due<C: Conn>(conn: &mut C, now: DateTime<Utc>) -> Result<Option<JobRow>> {
    let lock = match C::DIALECT {
        // A writer holds the database's single write lock from `BEGIN IMMEDIATE` to its end:
        // no other unit of work can claim the job meanwhile.
        Dialect::Sqlite => "",
        // The row is locked for this unit of work, so the claim does not rest on the write
        // turn alone; a job another one holds is passed over (`SKIP LOCKED`), not waited
        // for: it is that worker's.
        Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    let mut q = Query::new(
        "SELECT key, kind, subject, due_at, payload, attempts FROM jobs
         WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1",
    )
    .bind(to_epoch(now));
    q.push(lock);
    let row = conn.fetch_optional(q).await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(r: &impl Cells) -> Result<JobRow> {
    Ok(JobRow {
        key: r.cell("key")?,
        kind: r.cell("kind")?,
        subject: r.cell("subject")?,
        due_at: from_epoch(r.cell("due_at")?)?,
        payload: r.cell("payload")?,
        attempts: r.cell("attempts")?,
    })
}

fn stored_from_row(r: &impl Cells) -> Result<StoredJob> {
    Ok(StoredJob {
        row: from_row(r)?,
        pending: r.flag("pending")?,
    })
}

pub(super) async fn complete(conn: &mut impl Conn, key: &str, at: DateTime<Utc>) -> Result<()> {
    let q = Query::new("UPDATE jobs SET done_at = $1 WHERE key = $2")
        .bind(to_epoch(at))
        .bind(key);
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn next_time(conn: &mut impl Conn) -> Result<Option<DateTime<Utc>>> {
    let q = Query::new("SELECT MIN(due_at) AS at FROM jobs WHERE done_at IS NULL");
    let secs: Option<i64> = conn.fetch_one(q).await?.cell("at")?;
    secs.map(from_epoch).transpose()
}

pub(super) async fn retry(
    conn: &mut impl Conn,
    key: &str,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let q = Query::new(
        "UPDATE jobs SET attempts = attempts + 1, due_at = $1, last_error = $2 WHERE key = $3",
    )
    .bind(to_epoch(retry_at))
    .bind(error)
    .bind(key);
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn give_up(
    conn: &mut impl Conn,
    key: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let q = Query::new(
        "UPDATE jobs SET attempts = attempts + 1, done_at = $1, last_error = $2, gave_up = TRUE
         WHERE key = $3",
    )
    .bind(to_epoch(at))
    .bind(error)
    .bind(key);
    conn.execute(q).await?;
    Ok(())
}
