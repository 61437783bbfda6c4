//! The outbox: messages waiting to be sent, and what became of them (the same SQL on both
//! backends).

use chrono::{DateTime, Utc};

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, to_epoch, Result};
use crate::core::outbox::{self as core_outbox, OutboxMessage, Outcome, Pending, Status};

const PENDING: &str = "pending";

/// All messages in one statement; a key already written (a replay) is left alone.
pub(super) async fn enqueue(conn: &mut impl Conn, messages: &[OutboxMessage]) -> Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::with_capacity(messages.len());
    for m in messages {
        rows.push((m, serde_json::to_string(&m.outbound)?));
    }
    let mut q =
        Query::new("INSERT INTO outbox (key, lane, message, created_at, status, next_attempt_at) ");
    q.push_values(&rows, |(m, json)| {
        [
            m.key.as_str().into(),
            m.lane.as_str().into(),
            json.as_str().into(),
            to_epoch(m.created_at).into(),
            PENDING.into(),
            to_epoch(m.created_at).into(),
        ]
    });
    q.push(" ON CONFLICT (key) DO NOTHING");
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn pending(conn: &mut impl Conn, limit: u32) -> Result<Vec<Pending>> {
    let q = Query::new(
        "SELECT key, lane, message, attempts, next_attempt_at FROM outbox
         WHERE status = 'pending' ORDER BY id LIMIT $1",
    )
    .bind(limit);
    conn.fetch_all(q).await?.iter().map(from_row).collect()
}

fn from_row(row: &impl Cells) -> Result<Pending> {
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
fn for_keys<'a>(mut q: Query<'a>, keys: &'a [String]) -> Query<'a> {
    q.push(" WHERE key IN (").push_list(keys).push(")");
    q
}

/// What became of claimed messages: a statement per group of equal outcomes (a round's
/// deliveries share one).
pub(super) async fn record(conn: &mut impl Conn, outcomes: &[Outcome]) -> Result<()> {
    for group in core_outbox::grouped(outcomes) {
        let keys = &group.keys;
        let q = match &group.status {
            Status::Sent { at } => sent(keys, *at),
            Status::Retry { at, error } => retry(keys, *at, error),
            Status::Refused { at, error } => fail(keys, *at, error),
            Status::Untried { at } => lease_until(keys, *at),
        };
        conn.execute(q).await?;
    }
    Ok(())
}

pub(super) async fn lease(
    conn: &mut impl Conn,
    keys: &[String],
    until: DateTime<Utc>,
) -> Result<()> {
    conn.execute(lease_until(keys, until)).await?;
    Ok(())
}

fn lease_until(keys: &[String], until: DateTime<Utc>) -> Query<'_> {
    let mut q = Query::new("UPDATE outbox SET next_attempt_at = ");
    q.push_bind(to_epoch(until));
    for_keys(q, keys)
}

fn sent(keys: &[String], at: DateTime<Utc>) -> Query<'_> {
    let mut q = Query::new("UPDATE outbox SET status = 'sent', done_at = ");
    q.push_bind(to_epoch(at));
    for_keys(q, keys)
}

fn retry<'a>(keys: &'a [String], retry_at: DateTime<Utc>, error: &'a str) -> Query<'a> {
    let mut q = Query::new("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ");
    q.push_bind(to_epoch(retry_at))
        .push(", last_error = ")
        .push_bind(error);
    for_keys(q, keys)
}

fn fail<'a>(keys: &'a [String], at: DateTime<Utc>, error: &'a str) -> Query<'a> {
    let mut q =
        Query::new("UPDATE outbox SET status = 'failed', attempts = attempts + 1, done_at = ");
    q.push_bind(to_epoch(at))
        .push(", last_error = ")
        .push_bind(error);
    for_keys(q, keys)
}

pub(super) async fn failed_count(conn: &mut impl Conn) -> Result<u64> {
    let q = Query::new("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'");
    let n: i64 = conn.fetch_one(q).await?.cell("n")?;
    Ok(u64::try_from(n)?)
}

pub(super) async fn next_time(conn: &mut impl Conn) -> Result<Option<DateTime<Utc>>> {
    let q = Query::new("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'");
    let secs: Option<i64> = conn.fetch_one(q).await?.cell("at")?;
    secs.map(from_epoch).transpose()
}
