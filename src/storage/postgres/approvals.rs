//! Approval requests, decisions and delegations.

use anyhow::Context;
use chrono::NaiveDate;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};

use super::super::approvals::{from_row, COLUMNS};
use super::Result;
use super::{fetch_page, from_epoch, page_order, page_select, push_depts, to_epoch};
use crate::core::domain::approval::{
    Approval, ApprovalId, ApprovalStatus, Decision, Delegation, Verdict,
};
use crate::core::domain::ids::Handle;
use crate::core::domain::money::Money;
use crate::core::domain::text::Body;
use crate::core::store::{ApprovalFilter, ApprovalQuery, Page};

pub(super) async fn next_id(conn: &mut PgConnection) -> Result<ApprovalId> {
    let n: i64 = sqlx::query_scalar(
        "UPDATE counters SET next = next + 1 WHERE name = 'approval' RETURNING next - 1",
    )
    .fetch_one(conn)
    .await?;
    Ok(ApprovalId::new(u32::try_from(n)?))
}

/// Inserts or rewrites a request (everything but its id can change).
pub(super) async fn save(conn: &mut PgConnection, a: &Approval) -> Result<()> {
    let sql = format!(
        "INSERT INTO approvals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, step = excluded.step,
           steps = excluded.steps, step_started_at = excluded.step_started_at,
           updated_at = excluded.updated_at"
    );
    sqlx::query(&sql)
        .bind(i64::from(a.id.number()))
        .bind(&a.kind)
        .bind(a.title.as_str())
        .bind(a.amount.map(Money::minor))
        .bind(a.amount.map(|m| m.currency().code()))
        .bind(a.dept.as_str())
        .bind(a.details.as_ref().map(Body::as_str))
        .bind(a.requester.as_str())
        .bind(a.status.as_str())
        .bind(i64::try_from(a.step)?)
        .bind(serde_json::to_string(&a.steps)?)
        .bind(&a.content_hash)
        .bind(to_epoch(a.step_started_at))
        .bind(to_epoch(a.created_at))
        .bind(to_epoch(a.updated_at))
        .bind(a.forms.as_ref().map(serde_json::to_string).transpose()?)
        .bind(a.rate.as_ref().map(serde_json::to_string).transpose()?)
        .execute(&mut *conn)
        .await?;
    // Who it waits on now, for "waiting on me" to be an index read (see the migration).
    sqlx::query("DELETE FROM approval_waiting WHERE approval = $1")
        .bind(i64::from(a.id.number()))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO approval_waiting (approver, approval)
         SELECT DISTINCT j.value, a.id
         FROM approvals a, jsonb_array_elements_text(a.steps::jsonb -> a.step::int -> 'approvers') j
         WHERE a.id = $1 AND a.status = 'pending'",
    )
    .bind(i64::from(a.id.number()))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn get(conn: &mut PgConnection, id: ApprovalId) -> Result<Option<Approval>> {
    let sql = format!("SELECT {COLUMNS} FROM approvals WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(i64::from(id.number()))
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Requests matching the filter, newest first.
pub(super) async fn list(
    conn: &mut PgConnection,
    filter: &ApprovalFilter,
    limit: u32,
) -> Result<Vec<Approval>> {
    let (condition, value, window) = match filter {
        ApprovalFilter::RequestedBy(handle) => ("requester = $1", handle.as_str(), None),
        ApprovalFilter::Pending => ("status = $1", ApprovalStatus::Pending.as_str(), None),
        ApprovalFilter::FiledFor { dept, from, to } => (
            "dept = $1 AND created_at >= $2 AND created_at < $3",
            dept.as_str(),
            Some((to_epoch(*from), to_epoch(*to))),
        ),
    };
    let limit_at = if window.is_some() { 4 } else { 2 };
    let sql = format!(
        "SELECT {COLUMNS} FROM approvals WHERE {condition} ORDER BY id DESC LIMIT ${limit_at}"
    );
    let mut query = sqlx::query(&sql).bind(value);
    if let Some((from, to)) = window {
        query = query.bind(from).bind(to);
    }
    let rows = query.bind(i64::from(limit)).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// The requests of [`page`]: the first `limit` in the query's order, with how
/// many there are.
pub(super) fn page_query<'a>(query: &ApprovalQuery, limit: u32) -> QueryBuilder<'a, Postgres> {
    let mut q = page_select(COLUMNS, "approvals");
    let order = match query {
        ApprovalQuery::WaitingOn(handles) => {
            q.push("id IN (SELECT approval FROM approval_waiting WHERE approver IN (");
            let mut list = q.separated(", ");
            for h in handles {
                list.push_bind(h.as_str().to_owned());
            }
            q.push("))");
            "id"
        }
        ApprovalQuery::DecidedInDepts { depts, since } => {
            push_depts(&mut q, depts);
            q.push(" AND updated_at > ").push_bind(to_epoch(*since));
            q.push(" AND status IN ('approved', 'rejected')");
            "updated_at DESC, id DESC"
        }
        ApprovalQuery::DecidedFor { requester, since } => {
            q.push("requester = ")
                .push_bind(requester.as_str().to_owned());
            q.push(" AND updated_at > ").push_bind(to_epoch(*since));
            q.push(" AND status IN ('approved', 'rejected')");
            "updated_at DESC, id DESC"
        }
    };
    page_order(&mut q, order, limit);
    q
}

pub(super) async fn page(
    conn: &mut PgConnection,
    query: &ApprovalQuery,
    limit: u32,
) -> Result<Page<Approval>> {
    let empty = match query {
        ApprovalQuery::WaitingOn(handles) => handles.is_empty(),
        ApprovalQuery::DecidedInDepts { depts, .. } => depts.is_empty(),
        ApprovalQuery::DecidedFor { .. } => false,
    };
    if empty {
        return Ok(Page {
            total: 0,
            items: Vec::new(),
        });
    }
    fetch_page(conn, page_query(query, limit), from_row).await
}

/// Records a decision; false when this person already decided this step.
pub(super) async fn insert_decision(conn: &mut PgConnection, d: &Decision) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO approval_decisions (approval, step, approver, by_member, verdict, comment, content_hash, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (approval, step, approver) DO NOTHING",
    )
    .bind(i64::from(d.approval.number()))
    .bind(i64::try_from(d.step)?)
    .bind(d.approver.as_str())
    .bind(d.by.as_str())
    .bind(d.verdict.as_str())
    .bind(&d.comment)
    .bind(&d.content_hash)
    .bind(to_epoch(d.at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn decisions(conn: &mut PgConnection, id: ApprovalId) -> Result<Vec<Decision>> {
    let rows = sqlx::query(
        "SELECT step, approver, by_member, verdict, comment, content_hash, at
         FROM approval_decisions WHERE approval = $1 ORDER BY id",
    )
    .bind(i64::from(id.number()))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let handle = |col: &str| -> Result<Handle> {
                let h: String = r.try_get(col)?;
                Handle::parse(&h).map_err(|_| anyhow::anyhow!("invalid {col} {h}"))
            };
            let verdict: String = r.try_get("verdict")?;
            Ok(Decision {
                approval: id,
                step: usize::try_from(r.try_get::<i64, _>("step")?)?,
                approver: handle("approver")?,
                by: handle("by_member")?,
                verdict: Verdict::parse(&verdict)
                    .with_context(|| format!("unknown verdict {verdict}"))?,
                comment: r.try_get("comment")?,
                content_hash: r.try_get("content_hash")?,
                at: from_epoch(r.try_get("at")?)?,
            })
        })
        .collect()
}

pub(super) async fn set_delegation(conn: &mut PgConnection, d: &Delegation) -> Result<()> {
    sqlx::query(
        "INSERT INTO approval_delegations (from_member, to_member, until) VALUES ($1, $2, $3)
         ON CONFLICT (from_member) DO UPDATE SET to_member = excluded.to_member, until = excluded.until",
    )
    .bind(d.from.as_str())
    .bind(d.to.as_str())
    .bind(d.until.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn remove_delegation(conn: &mut PgConnection, from: &Handle) -> Result<bool> {
    let done = sqlx::query("DELETE FROM approval_delegations WHERE from_member = $1")
        .bind(from.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every delegation, active or not (the core decides by date).
pub(super) async fn delegations(conn: &mut PgConnection) -> Result<Vec<Delegation>> {
    let rows = sqlx::query(
        "SELECT from_member, to_member, until FROM approval_delegations ORDER BY from_member",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let (from, to, until): (String, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            Ok(Delegation {
                from: Handle::parse(&from).map_err(|_| anyhow::anyhow!("invalid handle {from}"))?,
                to: Handle::parse(&to).map_err(|_| anyhow::anyhow!("invalid handle {to}"))?,
                until: until.parse::<NaiveDate>()?,
            })
        })
        .collect()
}
