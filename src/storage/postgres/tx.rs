//! A PostgreSQL transaction as the backend of a unit of work (`storage::uow`): how its
//! failures count.

use sqlx::{PgConnection, Postgres, Transaction};

use super::super::uow;
use super::classify;
use crate::core::store::Result;
use anyhow::Context;

pub(super) struct PgTx {
    tx: Transaction<'static, Postgres>,
}

impl PgTx {
    pub(super) fn new(tx: Transaction<'static, Postgres>) -> Self {
        PgTx { tx }
    }
}

impl uow::Backend for PgTx {
    uow::tx_backend!(PgConnection);

    async fn commit(self) -> Result<()> {
        self.tx
            .commit()
            .await
            .context("committing")
            .map_err(classify)
    }
}
