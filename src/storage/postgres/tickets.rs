//! Tickets and their comments.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};

use super::super::rows;
use super::super::tickets::{from_row, COLUMNS};
use super::Result;
use super::{fetch_page, from_epoch, page_order, page_select, push_depts, to_epoch};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::sla::SlaSummary;
use crate::core::domain::text::{Body, Title};
use crate::core::domain::ticket::{Comment, Priority, Status, Ticket, TicketFilter};
use crate::core::store::{
    OpenTicketCount, Page, StoreError, TicketHistory, TicketScope, TicketSet,
};
use sqlx::postgres::PgRow;

pub(super) async fn next_number(conn: &mut PgConnection, dept: &DeptKey) -> Result<u32> {
    let number: i64 = sqlx::query_scalar(
        "UPDATE departments SET next_ticket = next_ticket + 1 WHERE key = $1 RETURNING next_ticket - 1",
    )
    .bind(dept.as_str())
    .fetch_one(conn)
    .await?;
    Ok(u32::try_from(number)?)
}

pub(super) async fn insert(conn: &mut PgConnection, t: &Ticket) -> Result<()> {
    sqlx::query(
        "INSERT INTO tickets (id, dept, number, title, details, priority, status, requester,
            assignee, customer, created_at, updated_at, first_response_at, resolved_at,
            paused_since, paused_secs, waiting_reason, resolution)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(t.id.to_string())
    .bind(t.dept().as_str())
    .bind(i64::from(t.id.number()))
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
pub(super) async fn update(conn: &mut PgConnection, t: &Ticket) -> Result<()> {
    let done = sqlx::query(
        "UPDATE tickets SET priority = $1, status = $2, assignee = $3, updated_at = $4,
            first_response_at = $5, resolved_at = $6, paused_since = $7, paused_secs = $8,
            waiting_reason = $9, resolution = $10
         WHERE id = $11",
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

pub(super) async fn get(conn: &mut PgConnection, id: &TicketId) -> Result<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Most urgent first, then oldest first: up to the filter's limit, and how many match.
pub(super) async fn list(conn: &mut PgConnection, f: &TicketFilter) -> Result<Page<Ticket>> {
    let mut q = page_select(COLUMNS, "tickets");
    q.push("1 = 1");
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
    page_order(
        &mut q,
        "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
          created_at, dept, number",
        f.limit,
    );
    fetch_page(conn, q, from_row).await
}

pub(super) async fn insert_comment(conn: &mut PgConnection, c: &Comment) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_comments (ticket, author, body, internal, at) VALUES ($1, $2, $3, $4, $5)",
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

pub(super) async fn comments(conn: &mut PgConnection, ticket: &TicketId) -> Result<Vec<Comment>> {
    let rows = sqlx::query(
        "SELECT author, body, internal, at FROM ticket_comments WHERE ticket = $1 ORDER BY id",
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

pub(super) async fn set_sla(
    conn: &mut PgConnection,
    id: &TicketId,
    sla: &SlaSummary,
) -> Result<()> {
    let done = sqlx::query("UPDATE tickets SET sla_due_at = $1, sla_missed = $2 WHERE id = $3")
        .bind(sla.next_due.map(to_epoch))
        .bind(sla.missed)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("ticket {id}")).into());
    }
    Ok(())
}

// --- digests: every query below reads through an index (see `plans` in the tests) --------

/// The statuses of tickets that are still someone's work.
const ACTIVE: &str = "status IN ('open', 'in_progress', 'waiting')";

/// The counts of [`open_counts`].
pub(super) fn open_counts_query<'a>(depts: &[DeptKey]) -> QueryBuilder<'a, Postgres> {
    let mut q = QueryBuilder::new(
        "SELECT dept, priority, status, assignee IS NULL AS unassigned, COUNT(*) AS n
         FROM tickets WHERE ",
    );
    push_depts(&mut q, depts);
    q.push(format!(" AND {ACTIVE} GROUP BY 1, 2, 3, 4"));
    q
}

pub(super) async fn open_counts(
    conn: &mut PgConnection,
    depts: &[DeptKey],
) -> Result<Vec<OpenTicketCount>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    let rows = open_counts_query(depts).build().fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let (dept, priority, status): (String, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            Ok(OpenTicketCount {
                dept: DeptKey::parse(&dept).map_err(|_| anyhow::anyhow!("invalid dept {dept}"))?,
                priority: Priority::parse(&priority)
                    .ok_or_else(|| anyhow::anyhow!("invalid priority {priority}"))?,
                status: Status::parse(&status)
                    .ok_or_else(|| anyhow::anyhow!("invalid status {status}"))?,
                unassigned: r.try_get("unassigned")?,
                count: u64::try_from(r.try_get::<i64, _>("n")?)?,
            })
        })
        .collect()
}

/// ` AND <what makes a ticket part of set>`, pushed on `q`; returns the set's order.
fn push_set(q: &mut QueryBuilder<'_, Postgres>, set: TicketSet) -> &'static str {
    match set {
        TicketSet::OpenedSince(at) => {
            q.push(" AND created_at > ").push_bind(to_epoch(at));
            "created_at DESC, number DESC"
        }
        // Written as the partial index `tickets_unassigned` is, so that SQLite may use it.
        TicketSet::Unassigned => {
            q.push(format!(" AND {ACTIVE} AND assignee IS NULL"));
            "created_at, number"
        }
        TicketSet::Waiting => {
            q.push(" AND status = 'waiting'");
            "created_at, number"
        }
        TicketSet::SlaDue { after, by } => {
            q.push(" AND sla_due_at <= ").push_bind(to_epoch(by));
            if let Some(after) = after {
                q.push(" AND sla_due_at > ").push_bind(to_epoch(after));
            }
            "sla_due_at, number"
        }
        // `resolved_at` is cleared when a ticket is reopened: set means resolved or closed.
        TicketSet::ResolvedSince(at) => {
            q.push(" AND resolved_at > ").push_bind(to_epoch(at));
            "resolved_at DESC, number DESC"
        }
    }
}

/// The statements of [`dept_pages`]: how many tickets of each set each department has (one
/// `GROUP BY` per set), and the first `limit` of each (one `LIMIT` per set and department),
/// each as one compound statement — a director's digest covers every department, and a
/// statement per department and set would be most of its cost.
pub(super) fn dept_pages_queries<'a>(
    depts: &[DeptKey],
    sets: &[TicketSet],
    limit: u32,
) -> [QueryBuilder<'a, Postgres>; 2] {
    let mut counts = QueryBuilder::new("");
    for (n, set) in sets.iter().enumerate() {
        if n > 0 {
            counts.push(" UNION ALL ");
        }
        counts.push(format!(
            "SELECT {n}::BIGINT AS s, dept, COUNT(*) FROM tickets WHERE "
        ));
        push_depts(&mut counts, depts);
        push_set(&mut counts, *set);
        counts.push(" GROUP BY dept");
    }
    let mut items = QueryBuilder::new("");
    let mut first = true;
    for (n, set) in sets.iter().enumerate() {
        for (d, dept) in depts.iter().enumerate() {
            if !first {
                items.push(" UNION ALL ");
            }
            first = false;
            items.push(format!(
                "SELECT * FROM (SELECT {n}::BIGINT AS s, {COLUMNS} FROM tickets WHERE dept = "
            ));
            items.push_bind(dept.as_str().to_owned());
            let order = push_set(&mut items, *set);
            items
                .push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(i64::from(limit));
            items.push(format!(") AS page_{n}_{d}"));
        }
    }
    [counts, items]
}

/// For each department (in `depts`' order), a page of each set (in `sets`' order).
pub(super) async fn dept_pages(
    conn: &mut PgConnection,
    depts: &[DeptKey],
    sets: &[TicketSet],
    limit: u32,
) -> Result<Vec<Vec<Page<Ticket>>>> {
    let mut pages: Vec<Vec<Page<Ticket>>> = depts
        .iter()
        .map(|_| {
            sets.iter()
                .map(|_| Page {
                    total: 0,
                    items: Vec::new(),
                })
                .collect()
        })
        .collect();
    if depts.is_empty() || sets.is_empty() {
        return Ok(pages);
    }
    let at = |key: &str| depts.iter().position(|d| d.as_str() == key);
    let [mut counts, mut items] = dept_pages_queries(depts, sets, limit);
    for row in counts.build().fetch_all(&mut *conn).await? {
        let (set, dept, n): (i64, String, i64) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        if let Some(d) = at(&dept) {
            pages[d][usize::try_from(set)?].total = u64::try_from(n)?;
        }
    }
    for row in items.build().fetch_all(conn).await? {
        let set: i64 = row.try_get("s")?;
        let ticket = from_row(&row)?;
        if let Some(d) = at(ticket.dept().as_str()) {
            pages[d][usize::try_from(set)?].items.push(ticket);
        }
    }
    Ok(pages)
}

/// The tickets of [`page`]: the first `limit` in the set's order, with how
/// many there are.
pub(super) fn page_query<'a>(
    scope: &TicketScope,
    set: TicketSet,
    limit: u32,
) -> QueryBuilder<'a, Postgres> {
    let mut q = page_select(COLUMNS, "tickets");
    match scope {
        TicketScope::Depts(depts) => push_depts(&mut q, depts),
        TicketScope::AssignedTo(h) => {
            q.push("assignee = ").push_bind(h.as_str().to_owned());
        }
        TicketScope::RequestedBy(h) => {
            q.push("requester = ").push_bind(h.as_str().to_owned());
        }
    }
    let order = push_set(&mut q, set);
    page_order(&mut q, order, limit);
    q
}

pub(super) async fn page(
    conn: &mut PgConnection,
    scope: &TicketScope,
    set: TicketSet,
    limit: u32,
) -> Result<Page<Ticket>> {
    if matches!(scope, TicketScope::Depts(depts) if depts.is_empty()) {
        return Ok(Page {
            total: 0,
            items: Vec::new(),
        });
    }
    fetch_page(conn, page_query(scope, set, limit), from_row).await
}

/// Instants of a chart are grouped in slots of this many seconds: every time zone's offset
/// is a multiple of it, so local midnights fall on slot boundaries.
const SLOT_SECS: i64 = 900;

/// The three statements of [`history`], each reading only index entries: tickets active now;
/// tickets opened since the first bound, by slot; tickets resolved since it, by slot, with
/// how many of them met their SLA.
pub(super) fn history_queries<'a>(
    depts: &[DeptKey],
    first: DateTime<Utc>,
) -> [QueryBuilder<'a, Postgres>; 3] {
    let mut active = QueryBuilder::new("SELECT COUNT(*) FROM tickets WHERE ");
    push_depts(&mut active, depts);
    active.push(format!(" AND {ACTIVE}"));
    let by_slot = |column: &str, extra: &str| {
        let mut q = QueryBuilder::new(format!(
            "SELECT ({column} - {from}) / {SLOT_SECS} AS slot, COUNT(*){extra}
             FROM tickets WHERE ",
            from = to_epoch(first)
        ));
        push_depts(&mut q, depts);
        q.push(format!(" AND {column} >= "))
            .push_bind(to_epoch(first));
        q.push(" GROUP BY slot");
        q
    };
    [
        active,
        by_slot("created_at", ", 0::BIGINT"),
        by_slot("resolved_at", ", COUNT(*) FILTER (WHERE NOT sla_missed)"),
    ]
}

/// Tickets active at each bound after the first: those active now, less those opened since
/// the bound, plus those resolved since it (a ticket is active from its opening to its
/// resolution); and each period's resolutions.
pub(super) async fn history(
    conn: &mut PgConnection,
    depts: &[DeptKey],
    bounds: &[DateTime<Utc>],
) -> Result<TicketHistory> {
    let periods = bounds.len().saturating_sub(1);
    if depts.is_empty() || periods == 0 {
        return Ok(TicketHistory {
            active_at: vec![0; periods],
            resolved: vec![0; periods],
            resolved_in_sla: vec![0; periods],
        });
    }
    let [mut active, mut opened, mut resolved] = history_queries(depts, bounds[0]);
    let active_now: i64 = active.build_query_scalar().fetch_one(&mut *conn).await?;
    // (slot, count, in SLA) rows; a slot starts `slot * SLOT_SECS` after the first bound.
    let slots = |rows: Vec<PgRow>| -> Result<Vec<(i64, i64, i64)>> {
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    };
    let opened = slots(opened.build().fetch_all(&mut *conn).await?)?;
    let resolved = slots(resolved.build().fetch_all(conn).await?)?;
    let first = to_epoch(bounds[0]);
    let slot_of = |at: &DateTime<Utc>| (to_epoch(*at) - first).div_euclid(SLOT_SECS);
    let since = |rows: &[(i64, i64, i64)], from: i64| -> i64 {
        rows.iter().filter(|r| r.0 >= from).map(|r| r.1).sum()
    };
    let mut history = TicketHistory::default();
    for (i, pair) in bounds.windows(2).enumerate() {
        let (from, to) = (slot_of(&pair[0]), slot_of(&pair[1]));
        // The last bound is the present: what is active now.
        let at = if i + 1 == periods {
            active_now
        } else {
            active_now - since(&opened, to) + since(&resolved, to)
        };
        let in_period = |r: &&(i64, i64, i64)| r.0 >= from && r.0 < to;
        let count = |rows: &[(i64, i64, i64)], pick: fn(&(i64, i64, i64)) -> i64| -> u64 {
            let n: i64 = rows.iter().filter(in_period).map(pick).sum();
            u64::try_from(n).unwrap_or(0)
        };
        history.active_at.push(u64::try_from(at).unwrap_or(0));
        history.resolved.push(count(&resolved, |r| r.1));
        history.resolved_in_sla.push(count(&resolved, |r| r.2));
    }
    Ok(history)
}
