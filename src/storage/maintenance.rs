//! The operator's tools on an existing database: open it without changing it, check its
//! pages, copy it while opsdesk runs.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::Context;
use sqlx::Row;

use super::{classify, connect_options, pool_options, SqliteStore};
use crate::core::store::{StorageFault, StoreError};

/// Why a database could not be opened as an existing opsdesk database.
#[derive(Debug, thiserror::Error)]
pub enum OpenExistingError {
    #[error("there is no file at {0}")]
    Missing(PathBuf),
    #[error("{0} is not a SQLite database")]
    NotSqlite(PathBuf),
    #[error("{0} is a SQLite database without opsdesk's tables")]
    NotOpsdesk(PathBuf),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Tables whose presence makes a SQLite file an opsdesk database: the migrations' own
/// ledger, and the audit trail a check verifies.
const OPSDESK_TABLES: [&str; 2] = ["_sqlx_migrations", "audit_events"];

impl SqliteStore {
    /// Opens the opsdesk database at `path` read-only: nothing is created, migrated or
    /// switched to WAL, so a file that turns out not to be opsdesk's is left exactly as it
    /// was. For checks and backups, which must work beside a running opsdesk.
    pub async fn open_existing(path: &Path) -> Result<Self, OpenExistingError> {
        if !path.is_file() {
            return Err(OpenExistingError::Missing(path.to_path_buf()));
        }
        let not_sqlite = |e: anyhow::Error| match classify(e) {
            StoreError::Unavailable {
                fault: StorageFault::Damaged,
                ..
            } => OpenExistingError::NotSqlite(path.to_path_buf()),
            other => OpenExistingError::Other(other.into()),
        };
        let pool = pool_options()
            .connect_with(connect_options(path).read_only(true))
            .await
            .with_context(|| format!("opening database {}", path.display()))
            .map_err(not_sqlite)?;
        let found: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
        )
        .bind(OPSDESK_TABLES[0])
        .bind(OPSDESK_TABLES[1])
        .fetch_one(&pool)
        .await
        .context("listing the tables")
        .map_err(not_sqlite)?;
        if found != OPSDESK_TABLES.len() as i64 {
            pool.close().await;
            return Err(OpenExistingError::NotOpsdesk(path.to_path_buf()));
        }
        Ok(SqliteStore {
            pool,
            checkpointer: None,
            write_gate: Default::default(),
        })
    }

    /// SQLite's own check of every page and index: the problems it lists, none when the
    /// file is sound. Damage bad enough to stop the check itself is reported as a problem.
    pub async fn integrity_problems(&self) -> anyhow::Result<Vec<String>> {
        let rows = match sqlx::query("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                let error = anyhow::Error::new(e);
                return match classify(error) {
                    StoreError::Unavailable {
                        fault: StorageFault::Damaged,
                        detail,
                    } => Ok(vec![detail]),
                    other => Err(other.into()),
                };
            }
        };
        let lines = rows
            .iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<Result<Vec<_>, _>>()
            .context("reading the integrity check's answer")?;
        Ok(match lines.as_slice() {
            [ok] if ok == "ok" => Vec::new(),
            _ => lines,
        })
    }

    /// Writes a consistent copy of the database, as of one instant, to `target`, which must
    /// not exist yet. Runs beside writers: `VACUUM INTO` reads one snapshot and blocks no one.
    pub async fn backup_to(&self, target: &Path) -> anyhow::Result<()> {
        let name = target
            .to_str()
            .with_context(|| format!("{} is not a UTF-8 path", target.display()))?;
        // Claiming the name first (create-new fails if anything has it) means a failed copy
        // removes only a file this call made.
        File::create_new(target).with_context(|| format!("creating {}", target.display()))?;
        let copied = sqlx::query("VACUUM INTO ?")
            .bind(name)
            .execute(&self.pool)
            .await
            .with_context(|| format!("copying the database to {}", target.display()));
        if let Err(e) = copied {
            if let Err(remove) = std::fs::remove_file(target) {
                if remove.kind() != ErrorKind::NotFound {
                    tracing::warn!(error = %remove, target = %target.display(), "could not remove the incomplete copy");
                }
            }
            return Err(e);
        }
        Ok(())
    }
}
