//! Storage through sqlx: the core's `Store` on SQLite (this module) and on PostgreSQL
//! (`postgres`).
//!
//! One module per aggregate holds its SQL, written once for SQLite and PostgreSQL alike
//! (`sql`: statements of either backend; the few fragments that differ stand side by side,
//! chosen by the connection's dialect); `uow` ties them into the core's unit of work over
//! either backend's transaction (`tx` here, `postgres::tx`) and turns their errors into the
//! core's typed [`StoreError`]s. Instants are stored as UTC epoch seconds.
//!
//! How SQLite keeps the store contract (`core::store`): every writer begins with
//! `BEGIN IMMEDIATE`, which takes the database's single write lock for the whole unit of
//! work, so writers are serialized (2), the audit head read and append cannot interleave (3),
//! counters hand out each number once (4), and a job read in a writer is claimed until it
//! ends (5). A writer that cannot get the lock within [`BUSY_TIMEOUT`] gets
//! `Unavailable { Locked }`: opsdesk's own writers hold it for milliseconds, so whoever keeps
//! it that long is another program (see `kind_of`). A connection whose transaction could
//! not be closed cleanly is dropped, not reused (7; see `pool_options`). `close`
//! checkpoints the write-ahead log into the database file (8). While the store is open,
//! [`checkpoint`] does that in the background, never inside a command's commit.
//!
//! `startup_lock` serializes opening a database across processes; [`maintenance`] holds the
//! operator's tools: opening an existing database without changing it, the integrity check,
//! the online backup.

mod approvals;
mod audit;
mod budgets;
mod cards;
mod cells;
mod checkpoint;
#[cfg(test)]
mod command_plans;
mod digests;
mod escalations;
mod events;
mod exports;
mod jobs;
pub mod location;
pub mod maintenance;
pub mod migrate;
mod org;
mod outbox;
mod pages;
#[cfg(test)]
mod plans;
pub mod postgres;
mod ratings;
mod rows;
mod sql;
mod startup_lock;
mod tasks;
mod threads;
mod tickets;
mod tx;
mod uow;
mod write_gate;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqlitePool};

use crate::core::domain::ids::DeptKey;
use crate::core::store::{self, Mode, StorageFault, Store, StoreError, UnitOfWork};
use cells::Cells;
use checkpoint::Checkpointer;
use write_gate::WriteGate;

/// What the per-aggregate modules return: any failure, with context; `uow` classifies it.
type Result<T> = anyhow::Result<T>;

/// The SQLite schema's migrations, compiled in: those `open` applies, and the level
/// `migrate-db` expects of the file it moves.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The page size of a database this version creates. A command changes a row or two in each
/// of some twenty tables and indexes, and the write-ahead log takes every page it touches
/// whole: with SQLite's default 4 KiB pages a `/ticket open` wrote ~113 KiB of log, with 1 KiB
/// pages ~39 KiB, while reads of a million tickets stay within their budgets (README,
/// Performance). An existing database keeps the size it was made with (SQLite changes it only
/// by rebuilding the file).
const PAGE_SIZE: u32 = 1024;

/// The header of a frame of the write-ahead log, before its page.
const WAL_FRAME_HEADER_BYTES: u64 = 24;

/// The most disk a write-ahead log keeps once a checkpoint has emptied it (bytes).
const JOURNAL_SIZE_LIMIT: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Checkpoints the write-ahead log as writes come; none when opened read-only
    /// (`maintenance::open_existing`): then there is nothing to checkpoint, at `close` either.
    checkpointer: Option<Arc<Checkpointer>>,
    /// Held by each writer of this process from `begin` to its end (see `write_gate`).
    write_gate: Arc<WriteGate>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date. Other
    /// processes opening the same file at the same time wait their turn (`startup_lock`).
    pub async fn open(path: &Path) -> Result<Self> {
        let options = connect_options(path)
            .create_if_missing(true)
            .page_size(PAGE_SIZE)
            // sqlx leaves the journal mode alone unless asked: WAL lets readers run beside
            // the single writer, and NORMAL sync is durable enough with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            // After a burst, a log emptied by a checkpoint gives its disk space back.
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT.to_string());
        let write_gate = Arc::new(WriteGate::default());
        let checkpointer = Checkpointer::start(options.clone(), write_gate.clone());
        // Commands never checkpoint: `checkpointer` does, beside them.
        let options = options.pragma("wal_autocheckpoint", "0");
        // Creating the file, switching it to WAL (which needs the database's exclusive lock)
        // and migrating happen as one step per process; see `startup_lock` for why.
        let _only_us = startup_lock::acquire(path).await?;
        let pool = pool_options()
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        MIGRATOR
            .run(&pool)
            .await
            .context("applying database migrations")?;
        Ok(SqliteStore {
            pool,
            checkpointer: Some(Arc::new(checkpointer)),
            write_gate,
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Bytes written to the write-ahead log since the store was opened (for `opsdesk bench`;
    /// the log's file is reused after each checkpoint, so its size no longer tells).
    pub async fn wal_bytes_written(&self) -> Result<u64> {
        let Some(checkpointer) = &self.checkpointer else {
            return Ok(0);
        };
        let mut conn = self.pool.acquire().await?;
        let frames = checkpointer.frames_written(&mut conn).await?;
        Ok(u64::try_from(frames)? * (self.page_size().await? + WAL_FRAME_HEADER_BYTES))
    }

    /// The database's page size (bytes): [`PAGE_SIZE`] unless an older version made it.
    pub async fn page_size(&self) -> Result<u64> {
        let bytes: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(bytes)?)
    }
}

/// The settings every connection of every kind of opening shares.
fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
}

/// The pool, with a check on every connection coming back from a unit of work.
///
/// sqlx counts a connection's open transactions itself. When a statement or the `COMMIT`
/// fails with SQLITE_FULL or SQLITE_IOERR, SQLite may already have rolled the transaction
/// back on its own; the `ROLLBACK` sqlx then queues fails ("no transaction is active") and
/// its count stays at one. Returned to the pool like that, the connection refuses every
/// later `BEGIN` ("non-zero transaction depth") — every write after one full disk would fail
/// until a restart. So a connection still counted inside a transaction once the queued
/// rollback has run is closed (closing also rolls back whatever SQLite still has open) and
/// the pool opens a fresh one when needed. The ping is what waits for that queued rollback
/// (the connection's worker runs commands in order); it is only needed when a unit of work
/// ended without committing.
fn pool_options() -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        .max_connections(4)
        // sqlx pings a connection each time it is taken, which for SQLite is only a round
        // trip to the connection's own thread (a file does not hang up): one more per unit of
        // work, several per command. What can go wrong with one is checked on release.
        .test_before_acquire(false)
        .after_release(|conn, _meta| {
            Box::pin(async move {
                // A committed unit of work leaves the count at zero at once: nothing to wait
                // for, and no round trip to the worker on the common path.
                if !conn.is_in_transaction() {
                    return Ok(true);
                }
                conn.ping().await?;
                let clean = !conn.is_in_transaction();
                if !clean {
                    tracing::warn!("a connection left inside a failed transaction is replaced");
                }
                Ok(clean)
            })
        })
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self, mode: Mode) -> store::Result<Box<dyn UnitOfWork>> {
        let turn = match mode {
            Mode::Read => None,
            Mode::Write | Mode::Deliver => {
                if let Some(checkpointer) = &self.checkpointer {
                    checkpointer.wait_if_behind().await;
                }
                Some(self.write_gate.enter(mode == Mode::Deliver).await)
            }
        };
        let tx = match mode {
            Mode::Read => self.pool.begin().await,
            // IMMEDIATE takes the write lock now: a deferred transaction that reads and then
            // writes can fail with SQLITE_BUSY on the upgrade, whatever the busy timeout.
            Mode::Write | Mode::Deliver => self.pool.begin_with("BEGIN IMMEDIATE").await,
        }
        .context("beginning a transaction")
        .map_err(classify)?;
        let checkpointer = match mode {
            Mode::Read => None,
            Mode::Write | Mode::Deliver => self.checkpointer.clone(),
        };
        Ok(uow::Work::boxed(tx::SqliteTx::new(tx, checkpointer, turn)))
    }

    async fn close(&self) -> store::Result<()> {
        let Some(checkpointer) = &self.checkpointer else {
            self.pool.close().await;
            return Ok(());
        };
        checkpointer.stop().await;
        // TRUNCATE copies every committed page into the database file and empties the log,
        // so the `.db` file alone is complete (a copy of it is a full copy). It waits (busy
        // timeout) for other processes' readers; if one still reads, the log stays for its
        // last connection to fold in, and that is not an error.
        let checkpoint = sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&self.pool)
            .await;
        // Closed either way: the process is stopping.
        self.pool.close().await;
        let (busy, log, copied) = checkpoint
            .context("checkpointing the write-ahead log")
            .map_err(classify)?;
        if busy != 0 {
            tracing::warn!(log, copied, "another process still reads the database; its write-ahead log stays until that process ends");
        }
        Ok(())
    }
}

/// How a failure of either backend counts for the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A race with another writer that a new attempt can win.
    Conflict,
    Unavailable(StorageFault),
}

/// The kind of failure a SQLite result code (extended, as sqlx reports it) stands for, if it
/// is one the core treats apart.
///
/// - `SQLITE_BUSY_SNAPSHOT` (a read snapshot gone stale before a write) and
///   `SQLITE_BUSY_RECOVERY` (another connection is rebuilding the log's index) pass once the
///   unit of work starts over: `Conflict`. So does `SQLITE_LOCKED`, which with private caches
///   (sqlx's default) comes from within one connection, never from another program.
/// - Plain `SQLITE_BUSY` and `SQLITE_BUSY_TIMEOUT` come after waiting [`BUSY_TIMEOUT`] for a
///   lock: some other program holds it (a database browser in the middle of a change, a
///   copy tool); running again at once would only wait as long again: `Locked`.
/// - `SQLITE_FULL` (no space, or `max_page_count` reached): `Full`; `SQLITE_IOERR`: `Io`;
///   `SQLITE_CORRUPT` and `SQLITE_NOTADB` (the file is not, or no longer, a database):
///   `Damaged`.
fn kind_of(code: i32) -> Option<Kind> {
    const SQLITE_BUSY: i32 = 5;
    const SQLITE_LOCKED: i32 = 6;
    const SQLITE_IOERR: i32 = 10;
    const SQLITE_CORRUPT: i32 = 11;
    const SQLITE_FULL: i32 = 13;
    const SQLITE_NOTADB: i32 = 26;
    const SQLITE_BUSY_RECOVERY: i32 = SQLITE_BUSY | (1 << 8);
    const SQLITE_BUSY_SNAPSHOT: i32 = SQLITE_BUSY | (2 << 8);
    match code {
        SQLITE_BUSY_RECOVERY | SQLITE_BUSY_SNAPSHOT => Some(Kind::Conflict),
        _ => match code & 0xff {
            SQLITE_LOCKED => Some(Kind::Conflict),
            SQLITE_BUSY => Some(Kind::Unavailable(StorageFault::Locked)),
            SQLITE_FULL => Some(Kind::Unavailable(StorageFault::Full)),
            SQLITE_IOERR => Some(Kind::Unavailable(StorageFault::Io)),
            SQLITE_CORRUPT | SQLITE_NOTADB => Some(Kind::Unavailable(StorageFault::Damaged)),
            _ => None,
        },
    }
}

/// The SQLite result code of a database error, if `cause` is one.
fn sqlite_code(cause: &(dyn std::error::Error + 'static)) -> Option<i32> {
    match cause.downcast_ref::<sqlx::Error>()? {
        sqlx::Error::Database(db) => db.code()?.parse::<i32>().ok(),
        _ => None,
    }
}

/// The core's kind of failure behind an error from this module: a `StoreError` raised here
/// as such, a SQLite code [`kind_of`] knows, or anything else.
fn classify(error: anyhow::Error) -> StoreError {
    classify_by(error, |cause| sqlite_code(cause).and_then(kind_of))
}

/// The core's kind of failure behind an error of either backend: a `StoreError` raised as
/// such, the kind of the first cause `kind_of_cause` knows, or anything else.
fn classify_by(
    error: anyhow::Error,
    kind_of_cause: impl Fn(&(dyn std::error::Error + 'static)) -> Option<Kind>,
) -> StoreError {
    let error = match error.downcast::<StoreError>() {
        Ok(typed) => return typed,
        Err(other) => other,
    };
    match error.chain().find_map(kind_of_cause) {
        Some(Kind::Conflict) => StoreError::Conflict(format!("{error:#}")),
        Some(Kind::Unavailable(fault)) => StoreError::Unavailable {
            fault,
            detail: format!("{error:#}"),
        },
        None => StoreError::Other(error),
    }
}

/// `dept IN (…)`, with the keys bound (copied: the query may outlive them); the caller
/// makes sure there is at least one.
fn push_depts(q: &mut sql::Query<'_>, depts: &[DeptKey]) {
    q.push("dept IN (")
        .push_list(depts.iter().map(|dept| dept.as_str().to_owned()))
        .push(")");
}

/// The next number of the counter `name`, taken for good.
async fn next_number(conn: &mut impl sql::Conn, name: &str) -> Result<u32> {
    let q = sql::Query::new(
        "UPDATE counters SET next = next + 1 WHERE name = $1 RETURNING next - 1 AS number",
    )
    .bind(name);
    let number: i64 = conn.fetch_one(q).await?.cell("number")?;
    Ok(u32::try_from(number)?)
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

#[cfg(test)]
mod tests;
