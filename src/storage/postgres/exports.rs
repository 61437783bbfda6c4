//! What exports read: every object of one kind made in a range, oldest first, in one
//! statement — rows are turned into domain values by their aggregates' own modules.

use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::super::{approvals, audit, escalations, tasks, tickets};
use super::{to_epoch, Result};
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

async fn rows(conn: &mut PgConnection, src: &Source, range: &ExportRange) -> Result<Vec<PgRow>> {
    let (table, columns, at) = (src.table, src.columns, src.at);
    let mut q: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("SELECT {columns} FROM {table} WHERE 1 = 1"));
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
    Ok(q.build().fetch_all(conn).await?)
}

pub(super) async fn tickets(conn: &mut PgConnection, range: &ExportRange) -> Result<Vec<Ticket>> {
    let src = Source {
        table: "tickets",
        columns: tickets::COLUMNS,
        at: "created_at",
        dept: Some(("dept = ", "")),
        order: "created_at, dept, number",
    };
    rows(conn, &src, range)
        .await?
        .iter()
        .map(tickets::from_row)
        .collect()
}

pub(super) async fn tasks(conn: &mut PgConnection, range: &ExportRange) -> Result<Vec<Task>> {
    let src = Source {
        table: "tasks",
        columns: tasks::COLUMNS,
        at: "created_at",
        dept: Some(("assignee IN (SELECT handle FROM members WHERE dept = ", ")")),
        order: "created_at, id",
    };
    rows(conn, &src, range)
        .await?
        .iter()
        .map(tasks::from_row)
        .collect()
}

pub(super) async fn approvals(
    conn: &mut PgConnection,
    range: &ExportRange,
) -> Result<Vec<Approval>> {
    let src = Source {
        table: "approvals",
        columns: approvals::COLUMNS,
        at: "created_at",
        dept: Some(("dept = ", "")),
        order: "created_at, id",
    };
    rows(conn, &src, range)
        .await?
        .iter()
        .map(approvals::from_row)
        .collect()
}

pub(super) async fn escalations(
    conn: &mut PgConnection,
    range: &ExportRange,
) -> Result<Vec<Escalation>> {
    let src = Source {
        table: "escalations",
        columns: escalations::COLUMNS,
        at: "created_at",
        dept: Some(("dept = ", "")),
        order: "created_at, id",
    };
    rows(conn, &src, range)
        .await?
        .iter()
        .map(escalations::from_row)
        .collect()
}

/// A row that cannot be read fails the export: an auditor must get the whole chain or
/// nothing (`/audit verify` names the damaged row).
pub(super) async fn audit(conn: &mut PgConnection, range: &ExportRange) -> Result<Vec<Event>> {
    let src = Source {
        table: "audit_events",
        columns: audit::COLUMNS,
        at: "at",
        dept: None,
        order: "seq",
    };
    rows(conn, &src, range)
        .await?
        .iter()
        .map(|row| {
            audit::from_row(row)
                .map_err(|column| anyhow::anyhow!("audit event with an unreadable {column}"))
        })
        .collect()
}
