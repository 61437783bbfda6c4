//! Budgets and the entries requests make in them.

use anyhow::{anyhow, Context};

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, rows, to_epoch, Result};
use crate::core::domain::approval::ApprovalId;
use crate::core::domain::budget::{Budget, Effect, Entry, EntryState, Overrun, Period};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::money::{Currency, Money};
use crate::core::domain::text::Body;
use crate::core::store::BudgetFilter;

const COLUMNS: &str = "dept, period, amount_minor, currency, note, alerted, updated_at";

/// The entry's columns, with its request's title (`title`), read through a join.
const ENTRY_SELECT: &str = "SELECT e.dept, e.period, e.approval, a.title, e.effect, \
    e.amount_minor, e.currency, e.state, e.overrun, e.created_at, e.updated_at \
    FROM budget_entries e JOIN approvals a ON a.id = e.approval";

pub(super) async fn get(
    conn: &mut impl Conn,
    dept: &DeptKey,
    period: Period,
) -> Result<Option<Budget>> {
    let sql = format!("SELECT {COLUMNS} FROM budgets WHERE dept = $1 AND period = $2");
    let row = conn
        .fetch_optional(Query::new(sql).bind(dept.as_str()).bind(period.to_string()))
        .await?;
    row.as_ref().map(budget_from_row).transpose()
}

pub(super) async fn list(conn: &mut impl Conn, filter: &BudgetFilter) -> Result<Vec<Budget>> {
    let (condition, value) = match filter {
        BudgetFilter::Dept(dept) => ("WHERE dept = $1", Some(dept.to_string())),
        BudgetFilter::Period(period) => ("WHERE period = $1", Some(period.to_string())),
        BudgetFilter::Every => ("", None),
    };
    let sql = format!("SELECT {COLUMNS} FROM budgets {condition} ORDER BY dept, period");
    let mut query = Query::new(sql);
    if let Some(value) = value {
        query = query.bind(value);
    }
    let rows = conn.fetch_all(query).await?;
    rows.iter().map(budget_from_row).collect()
}

pub(super) async fn save(conn: &mut impl Conn, b: &Budget) -> Result<()> {
    let sql = format!(
        "INSERT INTO budgets ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (dept, period) DO UPDATE SET amount_minor = excluded.amount_minor,
           currency = excluded.currency, note = excluded.note, alerted = excluded.alerted,
           updated_at = excluded.updated_at"
    );
    let q = Query::new(sql)
        .bind(b.dept.as_str())
        .bind(b.period.to_string())
        .bind(b.allocated.minor())
        .bind(b.currency().code())
        .bind(b.note.as_ref().map(Body::as_str))
        .bind(b.alerted)
        .bind(to_epoch(b.updated_at));
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn entries(
    conn: &mut impl Conn,
    dept: &DeptKey,
    period: Period,
) -> Result<Vec<Entry>> {
    let sql = format!(
        "{ENTRY_SELECT} WHERE e.dept = $1 AND e.period = $2 ORDER BY e.amount_minor DESC, e.approval"
    );
    let rows = conn
        .fetch_all(Query::new(sql).bind(dept.as_str()).bind(period.to_string()))
        .await?;
    rows.iter().map(entry_from_row).collect()
}

pub(super) async fn entries_of(conn: &mut impl Conn, approval: ApprovalId) -> Result<Vec<Entry>> {
    let sql = format!("{ENTRY_SELECT} WHERE e.approval = $1 ORDER BY e.dept, e.period");
    let rows = conn
        .fetch_all(Query::new(sql).bind(approval.number()))
        .await?;
    rows.iter().map(entry_from_row).collect()
}

/// Inserts an entry, or rewrites its state (the rest of an entry never changes).
pub(super) async fn save_entry(conn: &mut impl Conn, e: &Entry) -> Result<()> {
    let q = Query::new(
        "INSERT INTO budget_entries (dept, period, approval, effect, amount_minor, currency,
           state, overrun, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (dept, period, approval) DO UPDATE SET state = excluded.state,
           updated_at = excluded.updated_at",
    )
    .bind(e.dept.as_str())
    .bind(e.period.to_string())
    .bind(e.approval.number())
    .bind(e.effect.as_str())
    .bind(e.amount.minor())
    .bind(e.amount.currency().code())
    .bind(e.state.as_str())
    .bind(e.overrun.map(Overrun::as_str))
    .bind(to_epoch(e.created_at))
    .bind(to_epoch(e.updated_at));
    conn.execute(q).await?;
    Ok(())
}

pub(super) fn dept(row: &impl Cells) -> Result<DeptKey> {
    let text: String = row.cell("dept")?;
    DeptKey::parse(&text).map_err(|_| anyhow!("invalid department `{text}`"))
}

pub(super) fn period(row: &impl Cells) -> Result<Period> {
    let text: String = row.cell("period")?;
    Period::parse(&text).map_err(|_| anyhow!("invalid period `{text}`"))
}

pub(super) fn money(row: &impl Cells) -> Result<Money> {
    let code: String = row.cell("currency")?;
    let currency = Currency::parse(&code).ok_or_else(|| anyhow!("unknown currency {code}"))?;
    Ok(Money::new(row.cell("amount_minor")?, currency))
}

pub(super) fn budget_from_row(row: &impl Cells) -> Result<Budget> {
    let (dept, period) = (dept(row)?, period(row)?);
    let context = || format!("budget {dept}, {period} in the database");
    Ok(Budget {
        allocated: money(row).with_context(context)?,
        note: rows::body_opt(row, "note").with_context(context)?,
        alerted: row.cell("alerted")?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
        dept,
        period,
    })
}

pub(super) fn entry_from_row(row: &impl Cells) -> Result<Entry> {
    let approval = ApprovalId::new(row.cell("approval")?);
    let context = || format!("the budget entry of {approval} in the database");
    let effect: String = row.cell("effect")?;
    let state: String = row.cell("state")?;
    let overrun: Option<String> = row.cell("overrun")?;
    Ok(Entry {
        dept: dept(row).with_context(context)?,
        period: period(row).with_context(context)?,
        approval,
        title: rows::title(row, "title")?,
        effect: Effect::parse(&effect)
            .with_context(|| format!("unknown effect {effect}"))
            .with_context(context)?,
        amount: money(row).with_context(context)?,
        state: EntryState::parse(&state)
            .with_context(|| format!("unknown state {state}"))
            .with_context(context)?,
        overrun: overrun
            .map(|text| Overrun::parse(&text).with_context(|| format!("unknown overrun {text}")))
            .transpose()
            .with_context(context)?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
    })
}
