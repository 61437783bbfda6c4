//! Escalations: the same SQL on both backends but for the JSON list of holders.

use anyhow::{anyhow, Context};

use super::cells::Cells;
use super::sql::{Conn, Dialect, Query};
use super::{from_epoch, next_number, rows, to_epoch, Result};
use crate::core::domain::escalation::{Escalation, EscalationId, EscalationStatus, Note, Subject};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::object::{Actor, ObjectId};
use crate::core::store::EscalationFilter;

pub(super) const COLUMNS: &str =
    "id, subject, dept, raised_by, reason, customer, contact, urgent, level, \
    holders, status, owner, resolution, level_started_at, reminders, created_at, updated_at";

pub(super) async fn next_id(conn: &mut impl Conn) -> Result<EscalationId> {
    Ok(EscalationId::new(next_number(conn, "escalation").await?))
}

/// Inserts or rewrites an escalation (everything but its id and origin can change).
pub(super) async fn save(conn: &mut impl Conn, e: &Escalation) -> Result<()> {
    let sql = format!(
        "INSERT INTO escalations ({COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET urgent = excluded.urgent, level = excluded.level,
           holders = excluded.holders, status = excluded.status, owner = excluded.owner,
           resolution = excluded.resolution, level_started_at = excluded.level_started_at,
           reminders = excluded.reminders, updated_at = excluded.updated_at"
    );
    let holders: Vec<&str> = e.holders.iter().map(Handle::as_str).collect();
    let q = Query::new(sql)
        .bind(e.id.number())
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
        .bind(e.reminders)
        .bind(to_epoch(e.created_at))
        .bind(to_epoch(e.updated_at));
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn get(conn: &mut impl Conn, id: EscalationId) -> Result<Option<Escalation>> {
    let sql = format!("SELECT {COLUMNS} FROM escalations WHERE id = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(id.number()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn active_for(
    conn: &mut impl Conn,
    subject: &Subject,
) -> Result<Option<Escalation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM escalations
         WHERE subject = $1 AND status IN ('open', 'acknowledged')"
    );
    let row = conn
        .fetch_optional(Query::new(sql).bind(subject.to_string()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn list<C: Conn>(
    conn: &mut C,
    filter: &EscalationFilter,
    limit: u32,
) -> Result<Vec<Escalation>> {
    const ACTIVE: &str = "status IN ('open', 'acknowledged')";
    let (condition, who) = match filter {
        EscalationFilter::Active => (ACTIVE.to_string(), None),
        // Active escalations are few whatever the history's size: the status index finds
        // them, the holders (a JSON list) are looked through.
        EscalationFilter::HeldBy(handle) => {
            let holder = match C::DIALECT {
                Dialect::Sqlite => "SELECT 1 FROM json_each(holders) WHERE json_each.value = $1",
                Dialect::Postgres => {
                    "SELECT 1 FROM jsonb_array_elements_text(holders::jsonb) h WHERE h = $1"
                }
            };
            (
                format!("{ACTIVE} AND (owner = $1 OR EXISTS ({holder}))"),
                Some(handle.to_string()),
            )
        }
        EscalationFilter::All => ("1 = 1".to_string(), None),
        EscalationFilter::About(subject) => ("subject = $1".to_string(), Some(subject.to_string())),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM escalations WHERE {condition} ORDER BY id DESC LIMIT ${}",
        if who.is_some() { 2 } else { 1 }
    );
    let mut query = Query::new(sql);
    if let Some(who) = who {
        query = query.bind(who);
    }
    let rows = conn.fetch_all(query.bind(limit)).await?;
    rows.iter().map(from_row).collect()
}

pub(super) fn from_row(row: &impl Cells) -> Result<Escalation> {
    let id: u32 = row.cell("id")?;
    let context = || format!("escalation E-{id} in the database");
    let bad = |what: &str, value: &str| anyhow!("invalid {what} `{value}`");
    let subject: String = row.cell("subject")?;
    let subject = ObjectId::parse(&subject)
        .ok()
        .as_ref()
        .and_then(Subject::of)
        .ok_or_else(|| bad("subject", &subject))
        .with_context(context)?;
    let dept: String = row.cell("dept")?;
    let raised_by: String = row.cell("raised_by")?;
    let status: String = row.cell("status")?;
    let holders: Vec<String> =
        serde_json::from_str(&row.cell::<String>("holders")?).with_context(context)?;
    let owner: Option<String> = row.cell("owner")?;
    let resolution: Option<String> = row.cell("resolution")?;
    let handle = |h: &str| Handle::parse(h).map_err(|_| bad("handle", h));
    Ok(Escalation {
        id: EscalationId::new(id),
        subject,
        dept: DeptKey::parse(&dept)
            .map_err(|_| bad("department", &dept))
            .with_context(context)?,
        raised_by: Actor::parse(&raised_by)
            .ok_or_else(|| bad("actor", &raised_by))
            .with_context(context)?,
        reason: serde_json::from_str::<Note>(&row.cell::<String>("reason")?)
            .with_context(context)?,
        customer: rows::title_opt(row, "customer")?,
        contact: rows::title_opt(row, "contact")?,
        urgent: row.cell("urgent")?,
        level: usize::try_from(row.cell::<i64>("level")?)?,
        holders: holders
            .iter()
            .map(|h| handle(h))
            .collect::<Result<_>>()
            .with_context(context)?,
        status: EscalationStatus::parse(&status)
            .ok_or_else(|| bad("status", &status))
            .with_context(context)?,
        owner: owner.as_deref().map(handle).transpose()?,
        resolution: resolution
            .as_deref()
            .map(serde_json::from_str::<Note>)
            .transpose()
            .with_context(context)?,
        level_started_at: from_epoch(row.cell("level_started_at")?)?,
        reminders: row.cell("reminders")?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
    })
}
