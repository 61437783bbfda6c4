//! Platform events already processed (interaction ids, reactions): the idempotency ledger.

use chrono::{DateTime, Utc};

use super::sql::{Conn, Query};
use super::{to_epoch, Result};

/// Inserts the key in the command's own transaction: if the command rolls back, so does
/// the claim, and a replay may try again.
pub(super) async fn claim(conn: &mut impl Conn, key: &str, at: DateTime<Utc>) -> Result<bool> {
    let q = Query::new(
        "INSERT INTO processed_events (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(to_epoch(at));
    Ok(conn.execute(q).await? == 1)
}
