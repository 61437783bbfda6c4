//! Wiring: configuration + store + service, as the binary and the tests build them.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::core::domain::org::FieldChange;
use crate::core::service::Service;
use crate::storage::location::Location;

/// Opens the database at `db` (a SQLite file's path, or a [`Location`]), seeds the organisation from `config`, and returns the service.
/// With `config_owns = false`, each way a department in the database differs from the file
/// is logged as a warning (the database keeps it).
pub async fn open(
    config: &Config,
    db: impl Into<Location>,
    now: DateTime<Utc>,
) -> anyhow::Result<Arc<Service>> {
    let (departments, members) = config.organisation_records()?;
    let store = db.into().open().await?;
    let service = Service::new(store, config.settings());
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
