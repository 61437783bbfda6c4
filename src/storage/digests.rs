//! Digest subscriptions (the same SQL on both backends).

use anyhow::Context;
use chrono_tz::Tz;

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, from_epoch_opt, next_number, to_epoch, Result};
use crate::core::domain::digest::{DigestId, DigestTarget, Subscription, SubscriptionStatus};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::store::SubscriptionFilter;
use crate::core::time::schedule::parse_schedule;

const COLUMNS: &str = "id, owner, channel, channel_dept, dept, schedule, timezone, \
    skip_when_quiet, is_default, status, paused_until, last_run_at, created_at, updated_at";

pub(super) async fn next_id(conn: &mut impl Conn) -> Result<DigestId> {
    Ok(DigestId::new(next_number(conn, "digest").await?))
}

/// Inserts or rewrites a subscription (its id and owner never change).
pub(super) async fn save(conn: &mut impl Conn, s: &Subscription) -> Result<()> {
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
    let q = Query::new(sql)
        .bind(s.id.number())
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
        .bind(to_epoch(s.updated_at));
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn get(conn: &mut impl Conn, id: DigestId) -> Result<Option<Subscription>> {
    let sql = format!("SELECT {COLUMNS} FROM digest_subscriptions WHERE id = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(id.number()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn list(
    conn: &mut impl Conn,
    filter: &SubscriptionFilter,
) -> Result<Vec<Subscription>> {
    let SubscriptionFilter::OwnedBy(owner) = filter;
    let sql = format!("SELECT {COLUMNS} FROM digest_subscriptions WHERE owner = $1 ORDER BY id");
    let rows = conn.fetch_all(Query::new(sql).bind(owner.as_str())).await?;
    rows.iter().map(from_row).collect()
}

pub(super) fn from_row(row: &impl Cells) -> Result<Subscription> {
    let id: u32 = row.cell("id")?;
    let context = || format!("subscription D-{id} in the database");
    let key = |col: &str| -> Result<Option<DeptKey>> {
        row.cell::<Option<String>>(col)?
            .map(|k| DeptKey::parse(&k).map_err(|_| anyhow::anyhow!("invalid {col} `{k}`")))
            .transpose()
    };
    let owner: String = row.cell("owner")?;
    let schedule: String = row.cell("schedule")?;
    let tz: String = row.cell("timezone")?;
    let status: String = row.cell("status")?;
    let channel: Option<String> = row.cell("channel")?;
    let target = match (channel, key("channel_dept").with_context(context)?) {
        (Some(channel), Some(dept)) => DigestTarget::Channel { dept, channel },
        _ => DigestTarget::Dm,
    };
    Ok(Subscription {
        id: DigestId::new(id),
        owner: Handle::parse(&owner)
            .map_err(|_| anyhow::anyhow!("invalid owner `{owner}`"))
            .with_context(context)?,
        target,
        schedule: parse_schedule(&schedule).with_context(context)?,
        tz: tz
            .parse::<Tz>()
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(context)?,
        dept: key("dept").with_context(context)?,
        skip_when_quiet: row.cell("skip_when_quiet")?,
        is_default: row.cell("is_default")?,
        status: SubscriptionStatus::parse(&status)
            .with_context(|| format!("unknown status {status}"))
            .with_context(context)?,
        paused_until: from_epoch_opt(row.cell("paused_until")?)?,
        last_run_at: from_epoch_opt(row.cell("last_run_at")?)?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
    })
}
