//! SQLite storage through sqlx: the implementation of the core's `Store`.
//!
//! One module per aggregate holds its SQL; `uow` ties them into the core's unit of work and
//! turns their errors into the core's typed [`StoreError`]s. Instants are stored as UTC epoch
//! seconds.
//!
//! How SQLite keeps the store contract (`core::store`): every writer begins with
//! `BEGIN IMMEDIATE`, which takes the database's single write lock for the whole unit of
//! work, so writers are serialized (2), the audit head read and append cannot interleave (3),
//! counters hand out each number once (4), and a job read in a writer is claimed until it
//! ends (5). A writer that cannot get the lock within [`BUSY_TIMEOUT`] gets `Conflict`.

mod approvals;
mod audit;
mod cards;
mod digests;
mod events;
mod jobs;
mod org;
mod outbox;
#[cfg(test)]
mod plans;
mod rows;
mod tasks;
mod tickets;
mod uow;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};

use crate::core::domain::ids::DeptKey;
use crate::core::store::{self, Mode, Store, StoreError, UnitOfWork};

/// What the per-aggregate modules return: any failure, with context; `uow` classifies it.
type Result<T> = anyhow::Result<T>;

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            // sqlx leaves the journal mode alone unless asked: WAL lets readers run beside
            // the single writer, and NORMAL sync is durable enough with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("applying database migrations")?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self, mode: Mode) -> store::Result<Box<dyn UnitOfWork>> {
        let tx = match mode {
            Mode::Read => self.pool.begin().await,
            // IMMEDIATE takes the write lock now: a deferred transaction that reads and then
            // writes can fail with SQLITE_BUSY on the upgrade, whatever the busy timeout.
            Mode::Write => self.pool.begin_with("BEGIN IMMEDIATE").await,
        }
        .context("beginning a transaction")
        .map_err(classify)?;
        Ok(Box::new(uow::SqliteUnitOfWork::new(tx)))
    }
}

/// SQLite's primary result codes for "another connection holds the lock" (extended codes
/// such as `SQLITE_BUSY_SNAPSHOT` carry them in their low byte).
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;

/// The primary SQLite result code of a database error, if `cause` is one.
fn sqlite_code(cause: &(dyn std::error::Error + 'static)) -> Option<i32> {
    match cause.downcast_ref::<sqlx::Error>()? {
        sqlx::Error::Database(db) => db.code()?.parse::<i32>().ok().map(|c| c & 0xff),
        _ => None,
    }
}

/// The core's kind of failure behind an error from this module: a `StoreError` raised here
/// as such, a lock held past the busy timeout (`Conflict`: the unit of work may be run
/// again), or anything else.
fn classify(error: anyhow::Error) -> StoreError {
    let error = match error.downcast::<StoreError>() {
        Ok(typed) => return typed,
        Err(other) => other,
    };
    let busy = error
        .chain()
        .any(|cause| matches!(sqlite_code(cause), Some(SQLITE_BUSY | SQLITE_LOCKED)));
    if busy {
        StoreError::Conflict(format!("{error:#}"))
    } else {
        StoreError::Other(error)
    }
}

/// The start of a query for one page of a digest list: `SELECT <columns>` and how many
/// rows match in all (a window over the whole result, so one statement gives both: a
/// statement costs more than the few rows a digest's lists have) `FROM <table> WHERE `;
/// `prefix` goes first (`EXPLAIN QUERY PLAN` in the tests).
fn page_select<'a>(prefix: &str, columns: &str, table: &str) -> QueryBuilder<'a, Sqlite> {
    QueryBuilder::new(format!(
        "{prefix}SELECT {columns}, COUNT(*) OVER () AS page_total FROM {table} WHERE "
    ))
}

/// The end of a page query: its order and limit.
fn page_order(q: &mut QueryBuilder<'_, Sqlite>, order: &str, limit: u32) {
    q.push(format!(" ORDER BY {order} LIMIT ")).push_bind(limit);
}

/// One page of a digest list from its query (see [`page_select`]).
async fn fetch_page<T>(
    conn: &mut SqliteConnection,
    mut query: QueryBuilder<'_, Sqlite>,
    from_row: fn(&SqliteRow) -> Result<T>,
) -> Result<store::Page<T>> {
    let rows = query.build().fetch_all(conn).await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.try_get::<i64, _>("page_total")?)?,
        None => 0,
    };
    Ok(store::Page {
        total,
        items: rows.iter().map(from_row).collect::<Result<_>>()?,
    })
}

/// `dept IN (?, …)`, with the keys bound; the caller makes sure there is at least one.
fn push_depts(q: &mut QueryBuilder<'_, Sqlite>, depts: &[DeptKey]) {
    q.push("dept IN (");
    let mut list = q.separated(", ");
    for dept in depts {
        list.push_bind(dept.as_str().to_owned());
    }
    q.push(")");
}

fn to_epoch(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

fn from_epoch(secs: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).with_context(|| format!("instant out of range: {secs}"))
}

fn from_epoch_opt(secs: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    secs.map(from_epoch).transpose()
}
