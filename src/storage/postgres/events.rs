//! Platform events already processed (interaction ids, reactions): the idempotency ledger.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::to_epoch;
use super::Result;

/// Inserts the key in the command's own transaction: if the command rolls back, so does
/// the claim, and a replay may try again.
pub(super) async fn claim(conn: &mut PgConnection, key: &str, at: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO processed_events (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(to_epoch(at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
