//! `opsdesk migrate-db`: an installation moved from its SQLite file to an empty PostgreSQL
//! database, whole — organisation, every object, the audit chain, scheduled jobs and
//! messages not yet sent — in one PostgreSQL transaction that commits only once the copy
//! is shown to be complete: the same number of rows in every table, and an audit chain that
//! verifies on the target. Anything else rolls it back.
//!
//! The file is read in one snapshot, so the copy is of one instant; opsdesk should be
//! stopped while it runs all the same, or what it changes after that instant is left behind.

mod copy;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use sqlx::{Connection, PgConnection, SqliteConnection};

use super::maintenance::OpenExistingError;
use super::postgres::{self, PgStore};
use super::{SqliteStore, MIGRATOR};
use crate::core::service::{ChainReport, Verification};
use crate::core::store::Store;
use copy::Table;

/// Every table of the SQLite schema (`migrations/`), each after the tables it refers to.
/// The migrations' ledger is not copied (each database has its own), nor `write_turn`
/// (PostgreSQL's alone). A test fails when a migration adds a table this list lacks.
pub const TABLES: [&str; 22] = [
    "departments",
    "members",
    "counters",
    "tickets",
    "ticket_comments",
    "ticket_ratings",
    "ticket_threads",
    "tasks",
    "approvals",
    "approval_decisions",
    "approval_delegations",
    "approval_waiting",
    "budgets",
    "budget_entries",
    "escalations",
    "digest_subscriptions",
    "audit_events",
    "audit_seals",
    "jobs",
    "outbox",
    "processed_events",
    "card_messages",
];

/// The table PostgreSQL's migrations fill on an empty database (each counter at 1): its
/// rows are replaced by the file's, and do not make the target count as holding data.
const SEEDED: &str = "counters";

/// What a move copied.
#[derive(Debug, Clone)]
pub struct Moved {
    /// Each table with its rows, in the order copied.
    pub tables: Vec<(&'static str, u64)>,
    /// The audit chain as verified on the target before committing.
    pub chain: ChainReport,
    pub elapsed: Duration,
}

/// Why nothing was moved.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(transparent)]
    Source(#[from] OpenExistingError),
    /// The file's schema is not this opsdesk's latest: its tables would not match.
    #[error("the SQLite file is at migration {found}, this opsdesk at {latest}")]
    SourceOutdated { found: i64, latest: i64 },
    /// No connection, refused credentials, no such database, or its migrations failed.
    #[error("cannot open the PostgreSQL database: {reason}")]
    TargetUnreachable { reason: String },
    #[error("the PostgreSQL database already holds opsdesk data (in {table})")]
    TargetNotEmpty { table: &'static str },
    #[error("{table}: {in_source} rows in SQLite, {in_target} copied")]
    CountsDiffer {
        table: &'static str,
        in_source: u64,
        in_target: u64,
    },
    #[error("the copied audit chain does not verify")]
    AuditBroken(ChainReport),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Copies the opsdesk database at `from` into the empty PostgreSQL database at `to` (its
/// schema made first), verifies the copy and commits it; on any refusal or failure nothing
/// is committed.
pub async fn migrate(from: &Path, to: &str) -> Result<Moved, MigrateError> {
    let started = Instant::now();
    let source = SqliteStore::open_existing(from).await?;
    let moved = async {
        // One read transaction: every table is read as of the same instant.
        let mut snapshot = source.pool().begin().await.context("reading the file")?;
        check_level(&mut snapshot).await?;
        let unreachable = |e: anyhow::Error| MigrateError::TargetUnreachable {
            reason: e.root_cause().to_string(),
        };
        // One connection first: a server that refuses says why at once, where the pool
        // would retry until its timeout and report only that.
        let probe = PgConnection::connect(to)
            .await
            .map_err(|e| unreachable(e.into()))?;
        probe
            .close()
            .await
            .context("closing the first connection")?;
        let target = PgStore::connect(to).await.map_err(unreachable)?;
        let copied = copy_all(&mut snapshot, &target).await;
        target.close().await.context("closing PostgreSQL")?;
        copied
    }
    .await;
    source.close().await.context("closing the file")?;
    let (tables, chain) = moved?;
    Ok(Moved {
        tables,
        chain,
        elapsed: started.elapsed(),
    })
}

/// Refuses a file whose migrations are not exactly this opsdesk's.
async fn check_level(source: &mut SqliteConnection) -> Result<(), MigrateError> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(source)
            .await
            .context("reading the file's migrations")?;
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if applied == known {
        return Ok(());
    }
    Err(MigrateError::SourceOutdated {
        found: applied.last().copied().unwrap_or(0),
        latest: known.last().copied().unwrap_or(0),
    })
}

/// The copy, in one writer's transaction on the target, committed once verified.
async fn copy_all(
    source: &mut SqliteConnection,
    target: &PgStore,
) -> Result<(Vec<(&'static str, u64)>, ChainReport), MigrateError> {
    let mut tx = target.begin_writer().await?;
    refuse_data(&mut tx).await?;
    sqlx::query(&format!("DELETE FROM {SEEDED}"))
        .execute(&mut *tx)
        .await
        .context("emptying the counters")?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for name in TABLES {
        let table = Table::read(name, source, &mut tx).await?;
        table.copy(source, &mut tx).await?;
        let (in_source, in_target) = (
            count(&mut *source, name).await?,
            count(&mut *tx, name).await?,
        );
        if in_source != in_target {
            return Err(MigrateError::CountsDiffer {
                table: name,
                in_source,
                in_target,
            });
        }
        tables.push((name, in_target));
    }
    let mut uow = postgres::unit_of_work(tx);
    let chain = Verification::run(uow.as_mut(), None, false)
        .await
        .context("verifying the copied audit chain")?
        .chain;
    if !chain.is_intact() {
        return Err(MigrateError::AuditBroken(chain));
    }
    uow.commit().await.context("committing the copy")?;
    Ok((tables, chain))
}

/// Refuses a target holding any opsdesk row beyond what its migrations put there.
async fn refuse_data(target: &mut PgConnection) -> Result<(), MigrateError> {
    for table in TABLES {
        let filter = if table == SEEDED {
            " WHERE next <> 1"
        } else {
            ""
        };
        let taken: bool = sqlx::query_scalar(&format!(
            "SELECT EXISTS (SELECT 1 FROM \"{table}\"{filter})"
        ))
        .fetch_one(&mut *target)
        .await
        .with_context(|| format!("looking for rows in {table}"))?;
        if taken {
            return Err(MigrateError::TargetNotEmpty { table });
        }
    }
    Ok(())
}

/// The rows of a table, in either database.
async fn count<'c, E>(conn: E, table: &str) -> anyhow::Result<u64>
where
    E: sqlx::Executor<'c>,
    i64: sqlx::Type<E::Database> + for<'r> sqlx::Decode<'r, E::Database>,
    (i64,): for<'r> sqlx::FromRow<'r, <E::Database as sqlx::Database>::Row>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
{
    let query = format!("SELECT count(*) FROM \"{table}\"");
    let (rows,): (i64,) = sqlx::query_as(&query)
        .fetch_one(conn)
        .await
        .with_context(|| format!("counting the rows of {table}"))?;
    Ok(u64::try_from(rows)?)
}

#[cfg(test)]
mod tests;
