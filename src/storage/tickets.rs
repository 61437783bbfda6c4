//! Tickets and their comments.

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::{from_epoch, from_epoch_opt, to_epoch};
use super::{rows, Result};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::text::{Body, Title};
use crate::core::domain::ticket::{Comment, Priority, Status, Ticket, TicketFilter};
use crate::core::store::StoreError;

const COLUMNS: &str = "id, title, details, priority, status, requester, assignee, customer, \
    created_at, updated_at, first_response_at, resolved_at, paused_since, paused_secs, \
    waiting_reason, resolution";

pub(super) async fn next_number(conn: &mut SqliteConnection, dept: &DeptKey) -> Result<u32> {
    let number: i64 = sqlx::query_scalar(
        "UPDATE departments SET next_ticket = next_ticket + 1 WHERE key = ? RETURNING next_ticket - 1",
    )
    .bind(dept.as_str())
    .fetch_one(conn)
    .await?;
    Ok(u32::try_from(number)?)
}

pub(super) async fn insert(conn: &mut SqliteConnection, t: &Ticket) -> Result<()> {
    sqlx::query(
        "INSERT INTO tickets (id, dept, number, title, details, priority, status, requester,
            assignee, customer, created_at, updated_at, first_response_at, resolved_at,
            paused_since, paused_secs, waiting_reason, resolution)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id.to_string())
    .bind(t.dept().as_str())
    .bind(t.id.number())
    .bind(t.title.as_str())
    .bind(t.details.as_ref().map(Body::as_str))
    .bind(t.priority.as_str())
    .bind(t.status.as_str())
    .bind(t.requester.as_str())
    .bind(t.assignee.as_ref().map(Handle::as_str))
    .bind(t.customer.as_ref().map(Title::as_str))
    .bind(to_epoch(t.created_at))
    .bind(to_epoch(t.updated_at))
    .bind(t.first_response_at.map(to_epoch))
    .bind(t.resolved_at.map(to_epoch))
    .bind(t.paused_since.map(to_epoch))
    .bind(t.paused_secs)
    .bind(t.waiting_reason.as_ref().map(Body::as_str))
    .bind(t.resolution.as_ref().map(Body::as_str))
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes every field that can change after opening.
pub(super) async fn update(conn: &mut SqliteConnection, t: &Ticket) -> Result<()> {
    let done = sqlx::query(
        "UPDATE tickets SET priority = ?, status = ?, assignee = ?, updated_at = ?,
            first_response_at = ?, resolved_at = ?, paused_since = ?, paused_secs = ?,
            waiting_reason = ?, resolution = ?
         WHERE id = ?",
    )
    .bind(t.priority.as_str())
    .bind(t.status.as_str())
    .bind(t.assignee.as_ref().map(Handle::as_str))
    .bind(to_epoch(t.updated_at))
    .bind(t.first_response_at.map(to_epoch))
    .bind(t.resolved_at.map(to_epoch))
    .bind(t.paused_since.map(to_epoch))
    .bind(t.paused_secs)
    .bind(t.waiting_reason.as_ref().map(Body::as_str))
    .bind(t.resolution.as_ref().map(Body::as_str))
    .bind(t.id.to_string())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("ticket {}", t.id)).into());
    }
    Ok(())
}

pub(super) async fn get(conn: &mut SqliteConnection, id: &TicketId) -> Result<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = ?");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Most urgent first, then oldest first.
pub(super) async fn list(conn: &mut SqliteConnection, f: &TicketFilter) -> Result<Vec<Ticket>> {
    let mut q: QueryBuilder<Sqlite> =
        QueryBuilder::new(format!("SELECT {COLUMNS} FROM tickets WHERE 1 = 1"));
    if let Some(dept) = &f.dept {
        q.push(" AND dept = ").push_bind(dept.as_str());
    }
    if let Some(status) = f.status {
        q.push(" AND status = ").push_bind(status.as_str());
    }
    if f.active_only {
        q.push(" AND status IN ('open', 'in_progress', 'waiting')");
    }
    if let Some(h) = &f.assignee {
        q.push(" AND assignee = ").push_bind(h.as_str());
    }
    if let Some(h) = &f.requester {
        q.push(" AND requester = ").push_bind(h.as_str());
    }
    if let Some(h) = &f.involving {
        q.push(" AND (requester = ").push_bind(h.as_str());
        q.push(" OR assignee = ").push_bind(h.as_str()).push(")");
    }
    q.push(
        " ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
          created_at, dept, number LIMIT ",
    )
    .push_bind(f.limit);
    let rows = q.build().fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &SqliteRow) -> Result<Ticket> {
    let id: String = row.try_get("id")?;
    let bad = |what: &str, value: &str| anyhow::anyhow!("ticket {id}: invalid {what} `{value}`");
    let handle = |col: &str| -> Result<Option<Handle>> {
        row.try_get::<Option<String>, _>(col)?
            .map(|h| Handle::parse(&h).map_err(|_| bad(col, &h)))
            .transpose()
    };
    let priority: String = row.try_get("priority")?;
    let status: String = row.try_get("status")?;
    Ok(Ticket {
        id: id.parse().map_err(|_| bad("id", &id))?,
        title: rows::title(row, "title")?,
        details: rows::body_opt(row, "details")?,
        priority: Priority::parse(&priority).ok_or_else(|| bad("priority", &priority))?,
        status: Status::parse(&status).ok_or_else(|| bad("status", &status))?,
        requester: handle("requester")?.ok_or_else(|| bad("requester", ""))?,
        assignee: handle("assignee")?,
        customer: rows::title_opt(row, "customer")?,
        created_at: from_epoch(row.try_get("created_at")?)?,
        updated_at: from_epoch(row.try_get("updated_at")?)?,
        first_response_at: from_epoch_opt(row.try_get("first_response_at")?)?,
        resolved_at: from_epoch_opt(row.try_get("resolved_at")?)?,
        paused_since: from_epoch_opt(row.try_get("paused_since")?)?,
        paused_secs: row.try_get("paused_secs")?,
        waiting_reason: rows::body_opt(row, "waiting_reason")?,
        resolution: rows::body_opt(row, "resolution")?,
    })
}

pub(super) async fn insert_comment(conn: &mut SqliteConnection, c: &Comment) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_comments (ticket, author, body, internal, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(c.ticket.to_string())
    .bind(c.author.as_str())
    .bind(c.body.as_str())
    .bind(c.internal)
    .bind(to_epoch(c.at))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn comments(
    conn: &mut SqliteConnection,
    ticket: &TicketId,
) -> Result<Vec<Comment>> {
    let rows = sqlx::query(
        "SELECT author, body, internal, at FROM ticket_comments WHERE ticket = ? ORDER BY id",
    )
    .bind(ticket.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let author: String = row.try_get("author")?;
            Ok(Comment {
                ticket: ticket.clone(),
                author: Handle::parse(&author)
                    .map_err(|_| anyhow::anyhow!("invalid comment author {author}"))?,
                body: rows::body(row, "body")?,
                internal: row.try_get("internal")?,
                at: from_epoch(row.try_get("at")?)?,
            })
        })
        .collect()
}
