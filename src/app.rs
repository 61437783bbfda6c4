//! Wiring: configuration + store + service, as the binary and the tests build them.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::core::domain::org::FieldChange;
use crate::core::service::Service;
use crate::storage::SqliteStore;

/// Opens the database at `db`, seeds the organisation from `config`, and returns the service.
/// With `config_owns = false`, each way a department in the database differs from the file
/// is logged as a warning (the database keeps it).
pub async fn open(config: &Config, db: &Path, now: DateTime<Utc>) -> anyhow::Result<Arc<Service>> {
    let (departments, members) = config.organisation_records()?;
    let store = SqliteStore::open(db).await?;
    let service = Service::new(Arc::new(store), config.settings());
    let owns = config.organisation.config_owns;
    for kept in service.seed(&departments, &members, owns, now).await? {
        tracing::warn!("{}", drift_warning(&kept));
    }
    Ok(Arc::new(service))
}

/// How a difference the file does not own is reported to whoever runs opsdesk.
pub fn drift_warning(kept: &FieldChange) -> String {
    format!(
        "department `{}`: {} is `{}` in the configuration file but `{}` in the database; \
         the database's is kept (config_owns = false). Change it with /dept set, or set \
         config_owns = true to apply the file",
        kept.dept,
        kept.field,
        kept.after_text(),
        kept.before_text()
    )
}
