//! The outbox: messages waiting to be sent, and what became of them.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::cells::Cells;
use super::{from_epoch, to_epoch, Result};
use crate::core::outbox::{self as core_outbox, OutboxMessage, Outcome, Pending, Status};

const PENDING: &str = "pending";

/// All messages in one statement; a key already written (a replay) is left alone.
pub(super) async fn enqueue(conn: &mut SqliteConnection, messages: &[OutboxMessage]) -> Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::with_capacity(messages.len());
    for m in messages {
        rows.push((m, serde_json::to_string(&m.outbound)?));
    }
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO outbox (key, lane, message, created_at, status, next_attempt_at) ",
    );
    q.push_values(&rows, |mut b, (m, json)| {
        b.push_bind(&m.key)
            .push_bind(&m.lane)
            .push_bind(json)
            .push_bind(to_epoch(m.created_at))
            .push_bind(PENDING)
            .push_bind(to_epoch(m.created_at));
    });
    q.push(" ON CONFLICT (key) DO NOTHING");
    q.build().execute(conn).await?;
    Ok(())
}

pub(super) async fn pending(conn: &mut SqliteConnection, limit: u32) -> Result<Vec<Pending>> {
    let rows = sqlx::query(
        "SELECT key, lane, message, attempts, next_attempt_at FROM outbox
         WHERE status = 'pending' ORDER BY id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub(super) fn from_row(row: &impl Cells) -> Result<Pending> {
    let key: String = row.cell("key")?;
    let message: String = row.cell("message")?;
    let outbound = serde_json::from_str(&message)
        .map_err(|e| anyhow::anyhow!("outbox message {key}: unreadable ({e})"))?;
    Ok(Pending {
        lane: row.cell("lane")?,
        outbound,
        attempts: row.cell("attempts")?,
        next_attempt_at: from_epoch(row.cell("next_attempt_at")?)?,
        key,
    })
}

/// Ends an `UPDATE outbox SET …` with the messages it applies to.
fn for_keys<'a>(mut q: QueryBuilder<'a, Sqlite>, keys: &'a [String]) -> QueryBuilder<'a, Sqlite> {
    q.push(" WHERE key IN (");
    let mut list = q.separated(", ");
    for key in keys {
        list.push_bind(key);
    }
    q.push(")");
    q
}

/// What became of claimed messages: a statement per group of equal outcomes (a round's
/// deliveries share one).
pub(super) async fn record(conn: &mut SqliteConnection, outcomes: &[Outcome]) -> Result<()> {
    for group in core_outbox::grouped(outcomes) {
        let keys = &group.keys;
        match &group.status {
            Status::Sent { at } => sent(conn, keys, *at).await?,
            Status::Retry { at, error } => retry(conn, keys, *at, error).await?,
            Status::Refused { at, error } => fail(conn, keys, *at, error).await?,
            Status::Untried { at } => lease(conn, keys, *at).await?,
        }
    }
    Ok(())
}

pub(super) async fn lease(
    conn: &mut SqliteConnection,
    keys: &[String],
    until: DateTime<Utc>,
) -> Result<()> {
    let mut q = QueryBuilder::new("UPDATE outbox SET next_attempt_at = ");
    q.push_bind(to_epoch(until));
    for_keys(q, keys).build().execute(conn).await?;
    Ok(())
}

async fn sent(conn: &mut SqliteConnection, keys: &[String], at: DateTime<Utc>) -> Result<()> {
    let mut q = QueryBuilder::new("UPDATE outbox SET status = 'sent', done_at = ");
    q.push_bind(to_epoch(at));
    for_keys(q, keys).build().execute(conn).await?;
    Ok(())
}

async fn retry(
    conn: &mut SqliteConnection,
    keys: &[String],
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let mut q = QueryBuilder::new("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ");
    q.push_bind(to_epoch(retry_at))
        .push(", last_error = ")
        .push_bind(error);
    for_keys(q, keys).build().execute(conn).await?;
    Ok(())
}

async fn fail(
    conn: &mut SqliteConnection,
    keys: &[String],
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let mut q = QueryBuilder::new(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, done_at = ",
    );
    q.push_bind(to_epoch(at))
        .push(", last_error = ")
        .push_bind(error);
    for_keys(q, keys).build().execute(conn).await?;
    Ok(())
}

pub(super) async fn failed_count(conn: &mut SqliteConnection) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'failed'")
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(n)?)
}

pub(super) async fn next_time(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    let secs: Option<i64> =
        sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")
            .fetch_one(conn)
            .await?;
    secs.map(from_epoch).transpose()
}
