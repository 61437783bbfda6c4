//! Digest subscriptions.

use sqlx::PgConnection;

use super::super::digests::from_row;
use super::{to_epoch, Result};
use crate::core::domain::digest::{DigestId, DigestTarget, Subscription};
use crate::core::domain::ids::DeptKey;
use crate::core::store::SubscriptionFilter;

const COLUMNS: &str = "id, owner, channel, channel_dept, dept, schedule, timezone, \
    skip_when_quiet, is_default, status, paused_until, last_run_at, created_at, updated_at";

pub(super) async fn next_id(conn: &mut PgConnection) -> Result<DigestId> {
    let n: i64 = sqlx::query_scalar(
        "UPDATE counters SET next = next + 1 WHERE name = 'digest' RETURNING next - 1",
    )
    .fetch_one(conn)
    .await?;
    Ok(DigestId::new(u32::try_from(n)?))
}

/// Inserts or rewrites a subscription (its id and owner never change).
pub(super) async fn save(conn: &mut PgConnection, s: &Subscription) -> Result<()> {
    let (channel, channel_dept) = match &s.target {
        DigestTarget::Dm => (None, None),
        DigestTarget::Channel { dept, channel } => (Some(channel.as_str()), Some(dept.as_str())),
    };
    let sql = format!(
        "INSERT INTO digest_subscriptions ({COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO UPDATE SET channel = excluded.channel,
           channel_dept = excluded.channel_dept, dept = excluded.dept,
           schedule = excluded.schedule, timezone = excluded.timezone,
           skip_when_quiet = excluded.skip_when_quiet, is_default = excluded.is_default,
           status = excluded.status, paused_until = excluded.paused_until,
           last_run_at = excluded.last_run_at, updated_at = excluded.updated_at"
    );
    sqlx::query(&sql)
        .bind(i64::from(s.id.number()))
        .bind(s.owner.as_str())
        .bind(channel)
        .bind(channel_dept)
        .bind(s.dept.as_ref().map(DeptKey::as_str))
        .bind(s.schedule.to_string())
        .bind(s.tz.name())
        .bind(s.skip_when_quiet)
        .bind(s.is_default)
        .bind(s.status.as_str())
        .bind(s.paused_until.map(to_epoch))
        .bind(s.last_run_at.map(to_epoch))
        .bind(to_epoch(s.created_at))
        .bind(to_epoch(s.updated_at))
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn get(conn: &mut PgConnection, id: DigestId) -> Result<Option<Subscription>> {
    let sql = format!("SELECT {COLUMNS} FROM digest_subscriptions WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(i64::from(id.number()))
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn list(
    conn: &mut PgConnection,
    filter: &SubscriptionFilter,
) -> Result<Vec<Subscription>> {
    let SubscriptionFilter::OwnedBy(owner) = filter;
    let sql = format!("SELECT {COLUMNS} FROM digest_subscriptions WHERE owner = $1 ORDER BY id");
    let rows = sqlx::query(&sql)
        .bind(owner.as_str())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}
