//! SQLite storage through sqlx: the implementation of the core's `Store`.
//!
//! One module per aggregate holds its SQL; `uow` ties them into the core's unit of work.
//! Instants are stored as UTC epoch seconds. The SQL sticks to what PostgreSQL also accepts
//! (`ON CONFLICT`, `RETURNING`), so a second backend can reuse most of it.

mod approvals;
mod audit;
mod cards;
mod events;
mod jobs;
mod org;
mod tasks;
mod tickets;
mod uow;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::core::store::{Mode, Result, Store, UnitOfWork};

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
    async fn begin(&self, mode: Mode) -> Result<Box<dyn UnitOfWork>> {
        let tx = match mode {
            Mode::Read => self.pool.begin().await,
            // IMMEDIATE takes the write lock now: a deferred transaction that reads and then
            // writes can fail with SQLITE_BUSY on the upgrade, whatever the busy timeout.
            Mode::Write => self.pool.begin_with("BEGIN IMMEDIATE").await,
        }
        .context("beginning a transaction")?;
        Ok(Box::new(uow::SqliteUnitOfWork::new(tx)))
    }
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
