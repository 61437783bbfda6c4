//! PostgreSQL storage through sqlx: the core's `Store` for installations that outgrow one
//! machine (several processes, on several machines, sharing one database).
//!
//! The rows are the SQLite backend's (`migrations/postgres/` is the twin of `migrations/`,
//! with BIGINT integers, BOOLEAN flags and identity row ids), and so are the statements: the
//! per-aggregate modules of `storage` serve both backends (`storage::sql`), and the unit of
//! work is theirs (`storage::uow`), down to the claim of a due job (`storage::jobs`, which
//! adds `SKIP LOCKED` here). What is PostgreSQL's own is here: connecting, taking the write
//! turn, classifying failures.
//!
//! How PostgreSQL keeps the store contract (`core::store`):
//! - Every writer's first statement locks the single row of `write_turn` (`FOR UPDATE`), in
//!   `READ COMMITTED`: writers of every process run one at a time, as SQLite's write lock
//!   makes them, and each later statement sees everything committed before the writer's
//!   turn began, so what it read stays true until it commits (2). That row is also the audit
//!   head's lock: reading the head and appending after it cannot interleave with another
//!   writer (3); counters (`UPDATE … RETURNING`) hand each number out once (4). Every
//!   command appends to the one audit chain, so writers would queue on its head anyway;
//!   queueing at the start costs nothing more and keeps reads and writes consistent.
//! - Due jobs are claimed with `FOR UPDATE SKIP LOCKED` (5), so the claim stays correct on
//!   its own; keys of events, jobs and outbox messages are unique indexes (6, 7).
//! - A lost race that still reaches the database (a serialization failure, a deadlock, a
//!   unique key taken) is `Conflict`; a lock waited on for longer than [`LOCK_TIMEOUT`] is
//!   `Unavailable { Locked }`; a server that cannot be reached is `Unavailable { Io }`
//!   (see [`classify`]).
//! - Readers run in `REPEATABLE READ READ ONLY`: one snapshot for the whole unit of work.
//! - `close` closes the pool: committed data is in the server's storage already (9).

mod tx;

use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool, Postgres, Transaction};

use super::{classify_by, Kind, Result};
use crate::core::store::{self, Mode, StorageFault, Store, StoreError, UnitOfWork};

/// How long a statement waits for a lock another session holds before giving up; as for
/// SQLite, opsdesk's own writers hold theirs for milliseconds.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a unit of work waits for a free connection, and a new connection for the
/// server, before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to the database named by a `postgres://` URL and brings its schema up to
    /// date (sqlx takes an advisory lock while migrating: processes starting together wait
    /// their turn).
    pub async fn connect(url: &str) -> Result<Self> {
        let options: PgConnectOptions = url
            .parse()
            .with_context(|| format!("reading the database URL {}", redacted(url)))?;
        Self::connect_with(options).await
    }

    /// As [`PgStore::connect`], with options already made (the tests add a `search_path`).
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self> {
        let lock_timeout = format!("{}ms", LOCK_TIMEOUT.as_millis());
        let options = options.options([("lock_timeout", lock_timeout.as_str())]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(CONNECT_TIMEOUT)
            // A unit of work dropped without committing (every reader) only queues its
            // ROLLBACK; until the connection is used again the server would keep its snapshot
            // and locks (holding back vacuum, blocking DDL). The ping sends it now.
            .after_release(|conn, _meta| {
                Box::pin(async move {
                    conn.ping().await?;
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .context("connecting to PostgreSQL")?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .context("applying database migrations")?;
        Ok(PgStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// A writer's transaction, once it has its turn: the lock on `write_turn`'s row, held
    /// until the transaction ends (see the module's documentation for why every writer takes
    /// it first). `migrate-db` writes its whole copy in one.
    pub(in crate::storage) async fn begin_writer(&self) -> Result<Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await.context("beginning a transaction")?;
        sqlx::query("SELECT 1 FROM write_turn FOR UPDATE")
            .execute(&mut *tx)
            .await
            .context("waiting for the write turn")?;
        Ok(tx)
    }
}

/// The core's unit of work over a transaction of this store: what it reads includes what
/// the transaction has written (`migrate-db` verifies its copy so, before committing it).
pub(in crate::storage) fn unit_of_work(tx: Transaction<'static, Postgres>) -> Box<dyn UnitOfWork> {
    super::uow::Work::boxed(tx::PgTx::new(tx))
}

/// The URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Setting a password fails only for URLs that cannot have one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[async_trait]
impl Store for PgStore {
    async fn begin(&self, mode: Mode) -> store::Result<Box<dyn UnitOfWork>> {
        let tx = match mode {
            Mode::Read => self
                .pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await
                .context("beginning a transaction"),
            // Writers of several processes take turns at a row lock: no one goes ahead.
            Mode::Write | Mode::Deliver => self.begin_writer().await,
        }
        .map_err(classify)?;
        Ok(unit_of_work(tx))
    }

    async fn close(&self) -> store::Result<()> {
        self.pool.close().await;
        Ok(())
    }
}

/// The core's kind of failure behind an error from this module: a `StoreError` raised here
/// as such, a PostgreSQL condition (SQLSTATE) or connection failure it stands for, or
/// anything else.
pub(super) fn classify(error: anyhow::Error) -> StoreError {
    classify_by(error, |cause| {
        match cause.downcast_ref::<sqlx::Error>()? {
            sqlx::Error::Database(db) => kind_of(db.code()?.as_ref()),
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Some(Kind::Unavailable(StorageFault::Io)),
            _ => None,
        }
    })
}

/// The kind of failure a SQLSTATE stands for, if the core treats it apart:
/// - `40001` serialization failure, `40P01` deadlock, `23505` a unique key a concurrent
///   writer took: running the unit of work again may pass (`Conflict`);
/// - `55P03` a lock not granted within [`LOCK_TIMEOUT`]: `Locked`;
/// - `53100` disk full: `Full`; class `53` (out of memory, connections…) and `58` (system
///   errors, I/O): `Io`; `XX001`/`XX002` (damaged data or index): `Damaged`;
/// - class `08` (connection exceptions) and `57P01`–`57P03` (the server shutting down or
///   starting): `Io`, the server cannot be reached.
fn kind_of(sqlstate: &str) -> Option<Kind> {
    match sqlstate {
        "40001" | "40P01" | "23505" => Some(Kind::Conflict),
        "55P03" => Some(Kind::Unavailable(StorageFault::Locked)),
        "53100" => Some(Kind::Unavailable(StorageFault::Full)),
        "XX001" | "XX002" => Some(Kind::Unavailable(StorageFault::Damaged)),
        "57P01" | "57P02" | "57P03" => Some(Kind::Unavailable(StorageFault::Io)),
        code if code.starts_with("53") || code.starts_with("58") || code.starts_with("08") => {
            Some(Kind::Unavailable(StorageFault::Io))
        }
        _ => None,
    }
}
