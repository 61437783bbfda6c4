//! What exports read: every object of one kind made in a range, oldest first, in one
//! statement — rows are turned into domain values by their aggregates' own modules. The
//! same SQL on both backends.

use super::sql::{Conn, Query};
use super::{approvals, audit, escalations, tasks, tickets, to_epoch, Result};
use crate::core::audit::Event;
use crate::core::domain::approval::Approval;
use crate::core::domain::escalation::Escalation;
use crate::core::domain::task::Task;
use crate::core::domain::ticket::Ticket;
use crate::core::store::ExportRange;

/// How one table is read for an export.
struct Source {
    table: &'static str,
    columns: &'static str,
    /// The instant column the range applies to.
    at: &'static str,
    /// The condition naming the department, written around its bound key, when the table
    /// has one.
    dept: Option<(&'static str, &'static str)>,
    order: &'static str,
}

/// A table's objects of the range, as `from_row` reads them.
async fn made<C: Conn, T>(
    conn: &mut C,
    src: &Source,
    range: &ExportRange,
    from_row: impl Fn(&C::Row) -> Result<T>,
) -> Result<Vec<T>> {
    let (table, columns, at) = (src.table, src.columns, src.at);
    let mut q = Query::new(format!("SELECT {columns} FROM {table} WHERE 1 = 1"));
    if let Some(from) = range.from {
        q.push(format!(" AND {at} >= ")).push_bind(to_epoch(from));
    }
    if let Some(to) = range.to {
        q.push(format!(" AND {at} < ")).push_bind(to_epoch(to));
    }
    if let (Some(dept), Some((before, after))) = (&range.dept, src.dept) {
        q.push(format!(" AND {before}"))
            .push_bind(dept.as_str())
            .push(after);
    }
    q.push(format!(" ORDER BY {}", src.order));
    conn.fetch_all(q).await?.iter().map(from_row).collect()
}

pub(super) async fn tickets(conn: &mut impl Conn, range: &ExportRange) -> Result<Vec<Ticket>> {
    let src = Source {
        table: "tickets",
        columns: tickets::COLUMNS,
        at: "created_at",
        dept: Some(("dept = ", "")),
        order: "created_at, dept, number",
    };
    made(conn, &src, range, tickets::from_row).await
}

pub(super) async fn tasks(conn: &mut impl Conn, range: &ExportRange) -> Result<Vec<Task>> {
    let src = Source {
        table: "tasks",
        columns: tasks::COLUMNS,
        at: "created_at",
        dept: Some(("assignee IN (SELECT handle FROM members WHERE dept = ", ")")),
        order: "created_at, id",
    };
    made(conn, &src, range, tasks::from_row).await
}

pub(super) async fn approvals(conn: &mut impl Conn, range: &ExportRange) -> Result<Vec<Approval>> {
    made(
        conn,
        &by_dept("approvals", approvals::COLUMNS),
        range,
        approvals::from_row,
    )
    .await
}

pub(super) async fn escalations(
    conn: &mut impl Conn,
    range: &ExportRange,
) -> Result<Vec<Escalation>> {
    let src = by_dept("escalations", escalations::COLUMNS);
    made(conn, &src, range, escalations::from_row).await
}

/// A table with its own department and numbered rows.
fn by_dept(table: &'static str, columns: &'static str) -> Source {
    Source {
        table,
        columns,
        at: "created_at",
        dept: Some(("dept = ", "")),
        order: "created_at, id",
    }
}

/// A row that cannot be read fails the export: an auditor must get the whole chain or
/// nothing (`/audit verify` names the damaged row).
pub(super) async fn audit(conn: &mut impl Conn, range: &ExportRange) -> Result<Vec<Event>> {
    let src = Source {
        table: "audit_events",
        columns: audit::COLUMNS,
        at: "at",
        dept: None,
        order: "seq",
    };
    made(conn, &src, range, |row| {
        audit::from_row(row)
            .map_err(|column| anyhow::anyhow!("audit event with an unreadable {column}"))
    })
    .await
}
