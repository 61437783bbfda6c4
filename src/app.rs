//! Wiring: configuration + store + service, as the binary and the tests build them.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::core::service::Service;
use crate::storage::SqliteStore;

/// Opens the database at `db`, seeds the organisation from `config`, and returns the service.
pub async fn open(config: &Config, db: &Path, now: DateTime<Utc>) -> anyhow::Result<Arc<Service>> {
    let (departments, members) = config.organisation_records()?;
    let store = SqliteStore::open(db).await?;
    let service = Service::new(Arc::new(store), config.settings());
    service.seed(&departments, &members, now).await?;
    Ok(Arc::new(service))
}
