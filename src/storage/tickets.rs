//! Tickets and their comments (the same SQL on both backends).

use chrono::{DateTime, Utc};

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, from_epoch_opt, pages, push_depts, rows, to_epoch, Result};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::sla::SlaSummary;
use crate::core::domain::text::{Body, Title};
use crate::core::domain::ticket::{Comment, Priority, Status, Ticket, TicketFilter};
use crate::core::store::{
    OpenTicketCount, Page, StoreError, TicketHistory, TicketScope, TicketSet,
};

pub(super) const COLUMNS: &str =
    "id, title, details, priority, status, requester, assignee, customer, \
    created_at, updated_at, first_response_at, resolved_at, paused_since, paused_secs, \
    waiting_reason, resolution";

pub(super) async fn next_number(conn: &mut impl Conn, dept: &DeptKey) -> Result<u32> {
    let q = Query::new(
        "UPDATE departments SET next_ticket = next_ticket + 1 WHERE key = $1
         RETURNING next_ticket - 1 AS number",
    )
    .bind(dept.as_str());
    let number: i64 = conn.fetch_one(q).await?.cell("number")?;
    Ok(u32::try_from(number)?)
}

pub(super) async fn insert(conn: &mut impl Conn, t: &Ticket, sla: &SlaSummary) -> Result<()> {
    let q = Query::new(
        "INSERT INTO tickets (id, dept, number, title, details, priority, status, requester,
            assignee, customer, created_at, updated_at, first_response_at, resolved_at,
            paused_since, paused_secs, waiting_reason, resolution, sla_due_at, sla_missed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            $19, $20)",
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
    .bind(sla.next_due.map(to_epoch))
    .bind(sla.missed);
    conn.execute(q).await?;
    Ok(())
}

/// Writes every field that can change after opening.
pub(super) async fn update(conn: &mut impl Conn, t: &Ticket) -> Result<()> {
    let q = Query::new(
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
    .bind(t.id.to_string());
    if conn.execute(q).await? == 0 {
        return Err(StoreError::NotFound(format!("ticket {}", t.id)).into());
    }
    Ok(())
}

pub(super) async fn get(conn: &mut impl Conn, id: &TicketId) -> Result<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(id.to_string()))
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Most urgent first, then oldest first: up to the filter's limit, and how many match.
pub(super) async fn list(conn: &mut impl Conn, f: &TicketFilter) -> Result<Page<Ticket>> {
    let mut q = pages::select("", COLUMNS, "tickets");
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
    pages::order(
        &mut q,
        "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
          created_at, dept, number",
        f.limit,
    );
    pages::fetch(conn, q, from_row).await
}

pub(super) fn from_row(row: &impl Cells) -> Result<Ticket> {
    let id: String = row.cell("id")?;
    let bad = |what: &str, value: &str| anyhow::anyhow!("ticket {id}: invalid {what} `{value}`");
    let handle = |col: &str| -> Result<Option<Handle>> {
        row.cell::<Option<String>>(col)?
            .map(|h| Handle::parse(&h).map_err(|_| bad(col, &h)))
            .transpose()
    };
    let priority: String = row.cell("priority")?;
    let status: String = row.cell("status")?;
    Ok(Ticket {
        id: id.parse().map_err(|_| bad("id", &id))?,
        title: rows::title(row, "title")?,
        details: rows::body_opt(row, "details")?,
        priority: Priority::parse(&priority).ok_or_else(|| bad("priority", &priority))?,
        status: Status::parse(&status).ok_or_else(|| bad("status", &status))?,
        requester: handle("requester")?.ok_or_else(|| bad("requester", ""))?,
        assignee: handle("assignee")?,
        customer: rows::title_opt(row, "customer")?,
        created_at: from_epoch(row.cell("created_at")?)?,
        updated_at: from_epoch(row.cell("updated_at")?)?,
        first_response_at: from_epoch_opt(row.cell("first_response_at")?)?,
        resolved_at: from_epoch_opt(row.cell("resolved_at")?)?,
        paused_since: from_epoch_opt(row.cell("paused_since")?)?,
        paused_secs: row.cell("paused_secs")?,
        waiting_reason: rows::body_opt(row, "waiting_reason")?,
        resolution: rows::body_opt(row, "resolution")?,
    })
}

pub(super) async fn insert_comment(conn: &mut impl Conn, c: &Comment) -> Result<()> {
    let q = Query::new(
        "INSERT INTO ticket_comments (ticket, author, body, internal, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(c.ticket.to_string())
    .bind(c.author.as_str())
    .bind(c.body.as_str())
    .bind(c.internal)
    .bind(to_epoch(c.at));
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn comments(conn: &mut impl Conn, ticket: &TicketId) -> Result<Vec<Comment>> {
    let q = Query::new(
        "SELECT author, body, internal, at FROM ticket_comments WHERE ticket = $1 ORDER BY id",
    )
    .bind(ticket.to_string());
    let rows = conn.fetch_all(q).await?;
    rows.iter()
        .map(|row| {
            let author: String = row.cell("author")?;
            Ok(Comment {
                ticket: ticket.clone(),
                author: Handle::parse(&author)
                    .map_err(|_| anyhow::anyhow!("invalid comment author {author}"))?,
                body: rows::body(row, "body")?,
                internal: row.cell("internal")?,
                at: from_epoch(row.cell("at")?)?,
            })
        })
        .collect()
}

pub(super) async fn set_sla(conn: &mut impl Conn, id: &TicketId, sla: &SlaSummary) -> Result<()> {
    let q = Query::new("UPDATE tickets SET sla_due_at = $1, sla_missed = $2 WHERE id = $3")
        .bind(sla.next_due.map(to_epoch))
        .bind(sla.missed)
        .bind(id.to_string());
    if conn.execute(q).await? == 0 {
        return Err(StoreError::NotFound(format!("ticket {id}")).into());
    }
    Ok(())
}

// --- digests: every query below reads through an index (see `plans` in the tests) --------

/// The statuses of tickets that are still someone's work.
const ACTIVE: &str = "status IN ('open', 'in_progress', 'waiting')";

/// The counts of [`open_counts`], after `prefix` (empty, or `EXPLAIN QUERY PLAN`).
pub(super) fn open_counts_query<'a>(prefix: &str, depts: &[DeptKey]) -> Query<'a> {
    let mut q = Query::new(format!(
        "{prefix}SELECT dept, priority, status, assignee IS NULL AS unassigned, COUNT(*) AS n
         FROM tickets WHERE "
    ));
    push_depts(&mut q, depts);
    q.push(format!(" AND {ACTIVE} GROUP BY 1, 2, 3, 4"));
    q
}

pub(super) async fn open_counts(
    conn: &mut impl Conn,
    depts: &[DeptKey],
) -> Result<Vec<OpenTicketCount>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    let rows = conn.fetch_all(open_counts_query("", depts)).await?;
    rows.iter()
        .map(|r| {
            let (dept, priority, status): (String, String, String) =
                (r.cell("dept")?, r.cell("priority")?, r.cell("status")?);
            Ok(OpenTicketCount {
                dept: DeptKey::parse(&dept).map_err(|_| anyhow::anyhow!("invalid dept {dept}"))?,
                priority: Priority::parse(&priority)
                    .ok_or_else(|| anyhow::anyhow!("invalid priority {priority}"))?,
                status: Status::parse(&status)
                    .ok_or_else(|| anyhow::anyhow!("invalid status {status}"))?,
                unassigned: r.cell("unassigned")?,
                count: u64::try_from(r.cell::<i64>("n")?)?,
            })
        })
        .collect()
}

/// ` AND <what makes a ticket part of set>`, pushed on `q`; returns the set's order.
fn push_set(q: &mut Query<'_>, set: TicketSet) -> &'static str {
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
/// statement per department and set would be most of its cost. (A set's number is cast for
/// PostgreSQL to read it as the 64-bit integer SQLite's are.)
pub(super) fn dept_pages_queries<'a>(
    prefix: &str,
    depts: &[DeptKey],
    sets: &[TicketSet],
    limit: u32,
) -> [Query<'a>; 2] {
    let mut counts = Query::new(prefix.to_owned());
    for (n, set) in sets.iter().enumerate() {
        if n > 0 {
            counts.push(" UNION ALL ");
        }
        counts.push(format!(
            "SELECT CAST({n} AS BIGINT) AS s, dept, COUNT(*) AS n FROM tickets WHERE "
        ));
        push_depts(&mut counts, depts);
        push_set(&mut counts, *set);
        counts.push(" GROUP BY dept");
    }
    let mut items = Query::new(prefix.to_owned());
    let mut first = true;
    for (n, set) in sets.iter().enumerate() {
        for (d, dept) in depts.iter().enumerate() {
            if !first {
                items.push(" UNION ALL ");
            }
            first = false;
            items.push(format!(
                "SELECT * FROM (SELECT CAST({n} AS BIGINT) AS s, {COLUMNS} FROM tickets WHERE dept = "
            ));
            items.push_bind(dept.as_str().to_owned());
            let order = push_set(&mut items, *set);
            items
                .push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(limit);
            // PostgreSQL wants a name for each subquery.
            items.push(format!(") AS page_{n}_{d}"));
        }
    }
    [counts, items]
}

/// For each department (in `depts`' order), a page of each set (in `sets`' order).
pub(super) async fn dept_pages(
    conn: &mut impl Conn,
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
    let [counts, items] = dept_pages_queries("", depts, sets, limit);
    for row in conn.fetch_all(counts).await? {
        let (set, dept, n): (i64, String, i64) =
            (row.cell("s")?, row.cell("dept")?, row.cell("n")?);
        if let Some(d) = at(&dept) {
            pages[d][usize::try_from(set)?].total = u64::try_from(n)?;
        }
    }
    for row in conn.fetch_all(items).await? {
        let set: i64 = row.cell("s")?;
        let ticket = from_row(&row)?;
        if let Some(d) = at(ticket.dept().as_str()) {
            pages[d][usize::try_from(set)?].items.push(ticket);
        }
    }
    Ok(pages)
}

/// The tickets of [`page`] after `prefix`: the first `limit` in the set's order, with how
/// many there are.
pub(super) fn page_query<'a>(
    prefix: &str,
    scope: &TicketScope,
    set: TicketSet,
    limit: u32,
) -> Query<'a> {
    let mut q = pages::select(prefix, COLUMNS, "tickets");
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
    pages::order(&mut q, order, limit);
    q
}

pub(super) async fn page(
    conn: &mut impl Conn,
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
    pages::fetch(conn, page_query("", scope, set, limit), from_row).await
}

/// Instants of a chart are grouped in slots of this many seconds: every time zone's offset
/// is a multiple of it, so local midnights fall on slot boundaries.
const SLOT_SECS: i64 = 900;

/// The three statements of [`history`], each reading only index entries: tickets active now;
/// tickets opened since the first bound, by slot; tickets resolved since it, by slot, with
/// how many of them met their SLA (written as a count for both backends: `sla_missed` is a
/// flag in PostgreSQL).
pub(super) fn history_queries<'a>(
    prefix: &str,
    depts: &[DeptKey],
    first: DateTime<Utc>,
) -> [Query<'a>; 3] {
    let mut active = Query::new(format!("{prefix}SELECT COUNT(*) AS n FROM tickets WHERE "));
    push_depts(&mut active, depts);
    active.push(format!(" AND {ACTIVE}"));
    let by_slot = |column: &str, in_sla: &str| {
        let mut q = Query::new(format!(
            "{prefix}SELECT ({column} - {from}) / {SLOT_SECS} AS slot, COUNT(*) AS n,
               {in_sla} AS in_sla
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
        by_slot("created_at", "CAST(0 AS BIGINT)"),
        by_slot("resolved_at", "COUNT(*) FILTER (WHERE NOT sla_missed)"),
    ]
}

/// Tickets active at each bound after the first: those active now, less those opened since
/// the bound, plus those resolved since it (a ticket is active from its opening to its
/// resolution); and each period's resolutions.
pub(super) async fn history<C: Conn>(
    conn: &mut C,
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
    let [active, opened, resolved] = history_queries("", depts, bounds[0]);
    let active_now: i64 = conn.fetch_one(active).await?.cell("n")?;
    // (slot, count, in SLA) rows; a slot starts `slot * SLOT_SECS` after the first bound.
    let slots = |rows: Vec<C::Row>| -> Result<Vec<(i64, i64, i64)>> {
        rows.iter()
            .map(|r| Ok((r.cell("slot")?, r.cell("n")?, r.cell("in_sla")?)))
            .collect()
    };
    let opened = slots(conn.fetch_all(opened).await?)?;
    let resolved = slots(conn.fetch_all(resolved).await?)?;
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
