//! Escalations.

use sqlx::PgConnection;

use super::super::escalations::{from_row, COLUMNS};
use super::{to_epoch, Result};
use crate::core::domain::escalation::{Escalation, EscalationId, Subject};
use crate::core::domain::ids::Handle;
use crate::core::store::EscalationFilter;

pub(super) async fn next_id(conn: &mut PgConnection) -> Result<EscalationId> {
    let n: i64 = sqlx::query_scalar(
        "UPDATE counters SET next = next + 1 WHERE name = 'escalation' RETURNING next - 1",
    )
    .fetch_one(conn)
    .await?;
    Ok(EscalationId::new(u32::try_from(n)?))
}

/// Inserts or rewrites an escalation (everything but its id and origin can change).
pub(super) async fn save(conn: &mut PgConnection, e: &Escalation) -> Result<()> {
    let sql = format!(
        "INSERT INTO escalations ({COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET urgent = excluded.urgent, level = excluded.level,
           holders = excluded.holders, status = excluded.status, owner = excluded.owner,
           resolution = excluded.resolution, level_started_at = excluded.level_started_at,
           reminders = excluded.reminders, updated_at = excluded.updated_at"
    );
    let holders: Vec<&str> = e.holders.iter().map(Handle::as_str).collect();
    sqlx::query(&sql)
        .bind(i64::from(e.id.number()))
        .bind(e.subject.to_string())
        .bind(e.dept.as_str())
        .bind(e.raised_by.to_string())
        .bind(serde_json::to_string(&e.reason)?)
        .bind(e.customer.as_ref().map(|c| c.as_str()))
        .bind(e.contact.as_ref().map(|c| c.as_str()))
        .bind(e.urgent)
        .bind(i64::try_from(e.level)?)
        .bind(serde_json::to_string(&holders)?)
        .bind(e.status.as_str())
        .bind(e.owner.as_ref().map(Handle::as_str))
        .bind(
            e.resolution
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?,
        )
        .bind(to_epoch(e.level_started_at))
        .bind(i64::from(e.reminders))
        .bind(to_epoch(e.created_at))
        .bind(to_epoch(e.updated_at))
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn get(conn: &mut PgConnection, id: EscalationId) -> Result<Option<Escalation>> {
    let sql = format!("SELECT {COLUMNS} FROM escalations WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(i64::from(id.number()))
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn active_for(
    conn: &mut PgConnection,
    subject: &Subject,
) -> Result<Option<Escalation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM escalations
         WHERE subject = $1 AND status IN ('open', 'acknowledged')"
    );
    let row = sqlx::query(&sql)
        .bind(subject.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn list(
    conn: &mut PgConnection,
    filter: &EscalationFilter,
    limit: u32,
) -> Result<Vec<Escalation>> {
    const ACTIVE: &str = "status IN ('open', 'acknowledged')";
    let (condition, who) = match filter {
        EscalationFilter::Active => (ACTIVE.to_string(), None),
        // Active escalations are few whatever the history's size: the status index finds
        // them, the holders are looked through.
        EscalationFilter::HeldBy(handle) => (
            format!(
                "{ACTIVE} AND (owner = $1 \
                 OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(holders::jsonb) h WHERE h = $1))"
            ),
            Some(handle.to_string()),
        ),
        EscalationFilter::All => ("1 = 1".to_string(), None),
        EscalationFilter::About(subject) => ("subject = $1".to_string(), Some(subject.to_string())),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM escalations WHERE {condition} ORDER BY id DESC LIMIT ${}",
        if who.is_some() { 2 } else { 1 }
    );
    let mut query = sqlx::query(&sql);
    if let Some(who) = who {
        query = query.bind(who);
    }
    let rows = query.bind(i64::from(limit)).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}
