//! Budgets and the entries requests make in them.

use sqlx::PgConnection;

use super::super::budgets::{budget_from_row, entry_from_row};
use super::{to_epoch, Result};
use crate::core::domain::approval::ApprovalId;
use crate::core::domain::budget::{Budget, Entry, Overrun, Period};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::text::Body;
use crate::core::store::BudgetFilter;

const COLUMNS: &str = "dept, period, amount_minor, currency, note, alerted, updated_at";

/// The entry's columns, with its request's title (`title`), read through a join.
const ENTRY_SELECT: &str = "SELECT e.dept, e.period, e.approval, a.title, e.effect, \
    e.amount_minor, e.currency, e.state, e.overrun, e.created_at, e.updated_at \
    FROM budget_entries e JOIN approvals a ON a.id = e.approval";

pub(super) async fn get(
    conn: &mut PgConnection,
    dept: &DeptKey,
    period: Period,
) -> Result<Option<Budget>> {
    let sql = format!("SELECT {COLUMNS} FROM budgets WHERE dept = $1 AND period = $2");
    let row = sqlx::query(&sql)
        .bind(dept.as_str())
        .bind(period.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(budget_from_row).transpose()
}

pub(super) async fn list(conn: &mut PgConnection, filter: &BudgetFilter) -> Result<Vec<Budget>> {
    let (condition, value) = match filter {
        BudgetFilter::Dept(dept) => ("WHERE dept = $1", Some(dept.to_string())),
        BudgetFilter::Period(period) => ("WHERE period = $1", Some(period.to_string())),
        BudgetFilter::Every => ("", None),
    };
    let sql = format!("SELECT {COLUMNS} FROM budgets {condition} ORDER BY dept, period");
    let mut query = sqlx::query(&sql);
    if let Some(value) = value {
        query = query.bind(value);
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter().map(budget_from_row).collect()
}

pub(super) async fn save(conn: &mut PgConnection, b: &Budget) -> Result<()> {
    let sql = format!(
        "INSERT INTO budgets ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (dept, period) DO UPDATE SET amount_minor = excluded.amount_minor,
           currency = excluded.currency, note = excluded.note, alerted = excluded.alerted,
           updated_at = excluded.updated_at"
    );
    sqlx::query(&sql)
        .bind(b.dept.as_str())
        .bind(b.period.to_string())
        .bind(b.allocated.minor())
        .bind(b.currency().code())
        .bind(b.note.as_ref().map(Body::as_str))
        .bind(i64::from(b.alerted))
        .bind(to_epoch(b.updated_at))
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn entries(
    conn: &mut PgConnection,
    dept: &DeptKey,
    period: Period,
) -> Result<Vec<Entry>> {
    let sql = format!(
        "{ENTRY_SELECT} WHERE e.dept = $1 AND e.period = $2 ORDER BY e.amount_minor DESC, e.approval"
    );
    let rows = sqlx::query(&sql)
        .bind(dept.as_str())
        .bind(period.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(entry_from_row).collect()
}

pub(super) async fn entries_of(
    conn: &mut PgConnection,
    approval: ApprovalId,
) -> Result<Vec<Entry>> {
    let sql = format!("{ENTRY_SELECT} WHERE e.approval = $1 ORDER BY e.dept, e.period");
    let rows = sqlx::query(&sql)
        .bind(i64::from(approval.number()))
        .fetch_all(conn)
        .await?;
    rows.iter().map(entry_from_row).collect()
}

/// Inserts an entry, or rewrites its state (the rest of an entry never changes).
pub(super) async fn save_entry(conn: &mut PgConnection, e: &Entry) -> Result<()> {
    sqlx::query(
        "INSERT INTO budget_entries (dept, period, approval, effect, amount_minor, currency,
           state, overrun, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (dept, period, approval) DO UPDATE SET state = excluded.state,
           updated_at = excluded.updated_at",
    )
    .bind(e.dept.as_str())
    .bind(e.period.to_string())
    .bind(i64::from(e.approval.number()))
    .bind(e.effect.as_str())
    .bind(e.amount.minor())
    .bind(e.amount.currency().code())
    .bind(e.state.as_str())
    .bind(e.overrun.map(Overrun::as_str))
    .bind(to_epoch(e.created_at))
    .bind(to_epoch(e.updated_at))
    .execute(conn)
    .await?;
    Ok(())
}
