//! Approval requests, decisions and delegations: the same SQL on both backends but for
//! the JSON that lists whom a request waits on.

use anyhow::Context;
use chrono::NaiveDate;

use super::cells::Cells;
use super::sql::{Conn, Dialect, Query};
use super::{from_epoch, next_number, pages, push_depts, rows, to_epoch, Result};
use crate::core::domain::approval::{
    Approval, ApprovalId, ApprovalStatus, Decision, Delegation, Verdict,
};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::money::{Currency, Money};
use crate::core::domain::text::Body;
use crate::core::store::{ApprovalFilter, ApprovalQuery, Page};

pub(super) const COLUMNS: &str =
    "id, kind, title, amount_minor, currency, dept, details, requester, status, step, \
    steps, content_hash, step_started_at, created_at, updated_at, step_forms, rate";

pub(super) async fn next_id(conn: &mut impl Conn) -> Result<ApprovalId> {
    Ok(ApprovalId::new(next_number(conn, "approval").await?))
}

/// Inserts or rewrites a request (everything but its id can change).
pub(super) async fn save<C: Conn>(conn: &mut C, a: &Approval) -> Result<()> {
    let sql = format!(
        "INSERT INTO approvals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, step = excluded.step,
           steps = excluded.steps, step_started_at = excluded.step_started_at,
           updated_at = excluded.updated_at"
    );
    let q = Query::new(sql)
        .bind(a.id.number())
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
        .bind(a.rate.as_ref().map(serde_json::to_string).transpose()?);
    conn.execute(q).await?;
    // Who it waits on now, for "waiting on me" to be an index read (see the migration).
    let q = Query::new("DELETE FROM approval_waiting WHERE approval = $1").bind(a.id.number());
    conn.execute(q).await?;
    let approvers = match C::DIALECT {
        Dialect::Sqlite => "json_each(a.steps, '$[' || a.step || '].approvers')",
        Dialect::Postgres => {
            "jsonb_array_elements_text(a.steps::jsonb -> a.step::int -> 'approvers')"
        }
    };
    let q = Query::new(format!(
        "INSERT INTO approval_waiting (approver, approval)
         SELECT DISTINCT j.value, a.id
         FROM approvals a, {approvers} j
         WHERE a.id = $1 AND a.status = 'pending'"
    ))
    .bind(a.id.number());
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn get(conn: &mut impl Conn, id: ApprovalId) -> Result<Option<Approval>> {
    let sql = format!("SELECT {COLUMNS} FROM approvals WHERE id = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(id.number()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Requests matching the filter, newest first.
pub(super) async fn list(
    conn: &mut impl Conn,
    filter: &ApprovalFilter,
    limit: u32,
) -> Result<Vec<Approval>> {
    let mut q = Query::new(format!("SELECT {COLUMNS} FROM approvals WHERE "));
    match filter {
        ApprovalFilter::RequestedBy(handle) => q.push("requester = ").push_bind(handle.as_str()),
        ApprovalFilter::Pending => q
            .push("status = ")
            .push_bind(ApprovalStatus::Pending.as_str()),
        ApprovalFilter::FiledFor { dept, from, to } => q
            .push("dept = ")
            .push_bind(dept.as_str())
            .push(" AND created_at >= ")
            .push_bind(to_epoch(*from))
            .push(" AND created_at < ")
            .push_bind(to_epoch(*to)),
    };
    q.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    conn.fetch_all(q).await?.iter().map(from_row).collect()
}

/// The requests of [`page`] after `prefix`: the first `limit` in the query's order, with how
/// many there are.
pub(super) fn page_query<'a>(prefix: &str, query: &ApprovalQuery, limit: u32) -> Query<'a> {
    let mut q = pages::select(prefix, COLUMNS, "approvals");
    let order = match query {
        ApprovalQuery::WaitingOn(handles) => {
            q.push("id IN (SELECT approval FROM approval_waiting WHERE approver IN (")
                .push_list(handles.iter().map(|h| h.as_str().to_owned()))
                .push("))");
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
    pages::order(&mut q, order, limit);
    q
}

pub(super) async fn page(
    conn: &mut impl Conn,
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
    pages::fetch(conn, page_query("", query, limit), from_row).await
}

pub(super) fn from_row(row: &impl Cells) -> Result<Approval> {
    let id: u32 = row.cell("id")?;
    let context = || format!("approval A-{id} in the database");
    let status: String = row.cell("status")?;
    let amount = match (
        row.cell::<Option<i64>>("amount_minor")?,
        row.cell::<Option<String>>("currency")?,
    ) {
        (Some(minor), Some(code)) => {
            let currency = Currency::parse(&code)
                .with_context(|| format!("unknown currency {code}"))
                .with_context(context)?;
            Some(Money::new(minor, currency))
        }
        _ => None,
    };
    let dept: String = row.cell("dept")?;
    let requester: String = row.cell("requester")?;
    let steps: String = row.cell("steps")?;
    let json_opt = |column: &str| -> Result<Option<String>> { row.cell(column) };
    let forms = json_opt("step_forms")?
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .with_context(context)?;
    let rate = json_opt("rate")?
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .with_context(context)?;
    Ok(Approval {
        id: ApprovalId::new(id),
        kind: row.cell("kind")?,
        title: rows::title(row, "title")?,
        amount,
        rate,
        dept: DeptKey::parse(&dept)
            .map_err(|_| anyhow::anyhow!("invalid department {dept}"))
            .with_context(context)?,
        details: rows::body_opt(row, "details")?,
        requester: Handle::parse(&requester)
            .map_err(|_| anyhow::anyhow!("invalid requester"))
            .with_context(context)?,
        status: ApprovalStatus::parse(&status)
            .with_context(|| format!("unknown status {status}"))
            .with_context(context)?,
        step: usize::try_from(row.cell::<i64>("step")?)?,
        steps: serde_json::from_str(&steps).with_context(context)?,
        forms,
        content_hash: row.cell("content_hash")?,
        step_started_at: from_epoch(row.cell("step_started_at")?)?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
    })
}

/// Records a decision; false when this person already decided this step.
pub(super) async fn insert_decision(conn: &mut impl Conn, d: &Decision) -> Result<bool> {
    let q = Query::new(
        "INSERT INTO approval_decisions (approval, step, approver, by_member, verdict, comment, content_hash, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (approval, step, approver) DO NOTHING",
    )
    .bind(d.approval.number())
    .bind(i64::try_from(d.step)?)
    .bind(d.approver.as_str())
    .bind(d.by.as_str())
    .bind(d.verdict.as_str())
    .bind(&d.comment)
    .bind(&d.content_hash)
    .bind(to_epoch(d.at));
    Ok(conn.execute(q).await? == 1)
}

pub(super) async fn decisions(conn: &mut impl Conn, id: ApprovalId) -> Result<Vec<Decision>> {
    let q = Query::new(
        "SELECT step, approver, by_member, verdict, comment, content_hash, at
         FROM approval_decisions WHERE approval = $1 ORDER BY id",
    )
    .bind(id.number());
    let rows = conn.fetch_all(q).await?;
    rows.iter()
        .map(|r| {
            let handle = |col: &str| -> Result<Handle> {
                let h: String = r.cell(col)?;
                Handle::parse(&h).map_err(|_| anyhow::anyhow!("invalid {col} {h}"))
            };
            let verdict: String = r.cell("verdict")?;
            Ok(Decision {
                approval: id,
                step: usize::try_from(r.cell::<i64>("step")?)?,
                approver: handle("approver")?,
                by: handle("by_member")?,
                verdict: Verdict::parse(&verdict)
                    .with_context(|| format!("unknown verdict {verdict}"))?,
                comment: r.cell("comment")?,
                content_hash: r.cell("content_hash")?,
                at: from_epoch(r.cell("at")?)?,
            })
        })
        .collect()
}

pub(super) async fn set_delegation(conn: &mut impl Conn, d: &Delegation) -> Result<()> {
    let q = Query::new(
        "INSERT INTO approval_delegations (from_member, to_member, until) VALUES ($1, $2, $3)
         ON CONFLICT (from_member) DO UPDATE SET to_member = excluded.to_member, until = excluded.until",
    )
    .bind(d.from.as_str())
    .bind(d.to.as_str())
    .bind(d.until.to_string());
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn remove_delegation(conn: &mut impl Conn, from: &Handle) -> Result<bool> {
    let q =
        Query::new("DELETE FROM approval_delegations WHERE from_member = $1").bind(from.as_str());
    Ok(conn.execute(q).await? == 1)
}

/// Every delegation, active or not (the core decides by date).
pub(super) async fn delegations(conn: &mut impl Conn) -> Result<Vec<Delegation>> {
    let q = Query::new(
        "SELECT from_member, to_member, until FROM approval_delegations ORDER BY from_member",
    );
    let rows = conn.fetch_all(q).await?;
    rows.iter()
        .map(|r| {
            let (from, to, until): (String, String, String) = (
                r.cell("from_member")?,
                r.cell("to_member")?,
                r.cell("until")?,
            );
            Ok(Delegation {
                from: Handle::parse(&from).map_err(|_| anyhow::anyhow!("invalid handle {from}"))?,
                to: Handle::parse(&to).map_err(|_| anyhow::anyhow!("invalid handle {to}"))?,
                until: until.parse::<NaiveDate>()?,
            })
        })
        .collect()
}
