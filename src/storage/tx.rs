//! A SQLite transaction as the backend of a unit of work (`uow`): how its failures count,
//! and the checkpointer told of its commit.

use std::sync::Arc;

use sqlx::{Sqlite, SqliteConnection, Transaction};
use tokio::sync::OwnedMutexGuard;

use super::checkpoint::Checkpointer;
use super::{classify, uow};
use crate::core::store::Result;

pub(super) struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
    /// Told of the commit of a writer, to checkpoint the log it grew.
    checkpointer: Option<Arc<Checkpointer>>,
    /// A writer's turn at the store's write gate, given back when the unit of work ends
    /// (after `tx`, declared first: dropped first, so its rollback is queued before).
    _turn: Option<OwnedMutexGuard<()>>,
}

impl SqliteTx {
    pub(super) fn new(
        tx: Transaction<'static, Sqlite>,
        checkpointer: Option<Arc<Checkpointer>>,
        turn: Option<OwnedMutexGuard<()>>,
    ) -> Self {
        SqliteTx {
            tx,
            checkpointer,
            _turn: turn,
        }
    }
}

impl uow::Backend for SqliteTx {
    uow::tx_backend!(SqliteConnection);

    async fn commit(self) -> Result<()> {
        self.tx
            .commit()
            .await
            .map_err(|e| classify(anyhow::Error::new(e).context("committing")))?;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.committed();
        }
        Ok(())
    }
}
