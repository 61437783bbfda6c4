//! Delegated tasks (the same SQL on both backends).

use anyhow::Context;

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, next_number, pages, rows, to_epoch, Result};
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::domain::task::{Task, TaskFilter, TaskId, TaskStatus};
use crate::core::domain::text::Body;
use crate::core::store::{Page, TaskQuery};

pub(super) const COLUMNS: &str =
    "id, title, details, delegator, assignee, due_at, ticket, every, series, \
    next_created, status, note, created_at, updated_at";

pub(super) async fn next_id(conn: &mut impl Conn) -> Result<TaskId> {
    Ok(TaskId::new(next_number(conn, "task").await?))
}

pub(super) async fn insert(conn: &mut impl Conn, t: &Task) -> Result<()> {
    let sql = format!("INSERT INTO tasks ({COLUMNS}) VALUES {PLACEHOLDERS}");
    conn.execute(bind_all(Query::new(sql), t)?).await?;
    Ok(())
}

pub(super) async fn update(conn: &mut impl Conn, t: &Task) -> Result<()> {
    // Delete-free upsert keeps one statement and the same binding order as insert.
    let sql = format!(
        "INSERT INTO tasks ({COLUMNS}) VALUES {PLACEHOLDERS}
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, details = excluded.details,
           assignee = excluded.assignee, due_at = excluded.due_at, ticket = excluded.ticket,
           every = excluded.every, next_created = excluded.next_created, status = excluded.status,
           note = excluded.note, updated_at = excluded.updated_at"
    );
    conn.execute(bind_all(Query::new(sql), t)?).await?;
    Ok(())
}

/// One placeholder per column of [`COLUMNS`], in its order.
const PLACEHOLDERS: &str = "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

fn bind_all<'q>(q: Query<'q>, t: &'q Task) -> Result<Query<'q>> {
    let every = t.every.as_ref().map(serde_json::to_string).transpose()?;
    Ok(q.bind(t.id.number())
        .bind(t.title.as_str())
        .bind(t.details.as_ref().map(Body::as_str))
        .bind(t.delegator.as_str())
        .bind(t.assignee.as_str())
        .bind(to_epoch(t.due))
        .bind(t.ticket.as_ref().map(|id| id.to_string()))
        .bind(every)
        .bind(t.series.map(TaskId::number))
        .bind(t.next_created)
        .bind(t.status.as_str())
        .bind(t.note.as_ref().map(Body::as_str))
        .bind(to_epoch(t.created_at))
        .bind(to_epoch(t.updated_at)))
}

pub(super) async fn get(conn: &mut impl Conn, id: TaskId) -> Result<Option<Task>> {
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE id = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(id.number()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Open tasks matching the filter, soonest due first.
/// Open tasks, soonest due first: up to the filter's limit, and how many match.
pub(super) async fn list(conn: &mut impl Conn, f: &TaskFilter) -> Result<Page<Task>> {
    let mut q = pages::select("", COLUMNS, "tasks");
    q.push("status = 'open'");
    if let Some(h) = &f.assignee {
        q.push(" AND assignee = ").push_bind(h.as_str());
    }
    if let Some(h) = &f.delegator {
        q.push(" AND delegator = ").push_bind(h.as_str());
    }
    if let Some(h) = &f.involving {
        q.push(" AND (assignee = ").push_bind(h.as_str());
        q.push(" OR delegator = ").push_bind(h.as_str()).push(")");
    }
    if let Some(before) = f.due_before {
        q.push(" AND due_at < ").push_bind(to_epoch(before));
    }
    pages::order(&mut q, "due_at, id", f.limit);
    pages::fetch(conn, q, from_row).await
}

/// Every task made for `ticket`, oldest first.
pub(super) async fn of_ticket(conn: &mut impl Conn, ticket: &TicketId) -> Result<Vec<Task>> {
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE ticket = $1 ORDER BY id");
    let rows = conn
        .fetch_all(Query::new(sql).bind(ticket.to_string()))
        .await?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn open_in_series(conn: &mut impl Conn, series: TaskId) -> Result<Vec<Task>> {
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE status = 'open' AND (series = $1 OR id = $1) ORDER BY id");
    let rows = conn
        .fetch_all(Query::new(sql).bind(series.number()))
        .await?;
    rows.iter().map(from_row).collect()
}

/// The tasks of [`page`] after `prefix`: the first `limit` in the query's order, with how
/// many there are.
pub(super) fn page_query<'a>(prefix: &str, query: &TaskQuery, limit: u32) -> Query<'a> {
    let mut q = pages::select(prefix, COLUMNS, "tasks");
    let mut open_due_by = |who: &str, h: &Handle, at| {
        q.push(format!("{who} = ")).push_bind(h.as_str().to_owned());
        q.push(" AND status = 'open' AND due_at <= ")
            .push_bind(to_epoch(at));
    };
    let order = match query {
        TaskQuery::DelegatedDueBy(h, at) => {
            open_due_by("delegator", h, *at);
            q.push(" AND assignee <> delegator");
            "due_at, id"
        }
        TaskQuery::AssignedDueBy(h, at) => {
            open_due_by("assignee", h, *at);
            "due_at, id"
        }
        TaskQuery::DoneSince(h, since) => {
            q.push("delegator = ").push_bind(h.as_str().to_owned());
            q.push(" AND status = 'done' AND updated_at > ")
                .push_bind(to_epoch(*since));
            "updated_at DESC, id DESC"
        }
    };
    pages::order(&mut q, order, limit);
    q
}

pub(super) async fn page(
    conn: &mut impl Conn,
    query: &TaskQuery,
    limit: u32,
) -> Result<Page<Task>> {
    pages::fetch(conn, page_query("", query, limit), from_row).await
}

pub(super) fn from_row(row: &impl Cells) -> Result<Task> {
    let id: u32 = row.cell("id")?;
    let context = || format!("task T-{id} in the database");
    let handle = |col: &str| -> Result<Handle> {
        let h: String = row.cell(col)?;
        Handle::parse(&h).map_err(|_| anyhow::anyhow!("invalid {col} `{h}`"))
    };
    let status: String = row.cell("status")?;
    let every: Option<String> = row.cell("every")?;
    let ticket: Option<String> = row.cell("ticket")?;
    Ok(Task {
        id: TaskId::new(id),
        title: rows::title(row, "title")?,
        details: rows::body_opt(row, "details")?,
        delegator: handle("delegator").with_context(context)?,
        assignee: handle("assignee").with_context(context)?,
        due: from_epoch(row.cell("due_at")?)?,
        ticket: ticket
            .map(|t| {
                t.parse()
                    .map_err(|_| anyhow::anyhow!("invalid ticket `{t}`"))
            })
            .transpose()
            .with_context(context)?,
        every: every
            .map(|e| serde_json::from_str(&e))
            .transpose()
            .with_context(context)?,
        series: row.cell::<Option<u32>>("series")?.map(TaskId::new),
        next_created: row.cell("next_created")?,
        status: TaskStatus::parse(&status)
            .with_context(|| format!("unknown status {status}"))
            .with_context(context)?,
        note: rows::body_opt(row, "note")?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
    })
}
