//! The requesters' ratings of tickets' resolutions.

use chrono::{DateTime, Utc};

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch, from_epoch_opt, push_depts, rows, to_epoch, Result};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::rating::{Rating, RatingStats, Score};

pub(super) const COLUMNS: &str =
    "ticket, resolved_at, requester, score, comment, rated_at, changed_at";

pub(super) async fn rating(
    conn: &mut impl Conn,
    ticket: &TicketId,
    resolved_at: DateTime<Utc>,
) -> Result<Option<Rating>> {
    let q = Query::new(format!(
        "SELECT {COLUMNS} FROM ticket_ratings WHERE ticket = $1 AND resolved_at = $2"
    ))
    .bind(ticket.to_string())
    .bind(to_epoch(resolved_at));
    let row = conn.fetch_optional(q).await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn save(conn: &mut impl Conn, r: &Rating) -> Result<()> {
    let q = Query::new(
        "INSERT INTO ticket_ratings \
         (ticket, resolved_at, dept, requester, score, comment, rated_at, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (ticket, resolved_at) DO UPDATE SET \
         score = excluded.score, comment = excluded.comment, changed_at = excluded.changed_at",
    )
    .bind(r.ticket.to_string())
    .bind(to_epoch(r.resolved_at))
    .bind(r.dept().as_str())
    .bind(r.requester.as_str())
    .bind(i64::from(r.score.get()))
    .bind(r.comment.as_ref().map(|c| c.as_str()))
    .bind(to_epoch(r.rated_at))
    .bind(r.changed_at.map(to_epoch));
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn of_ticket(conn: &mut impl Conn, ticket: &TicketId) -> Result<Vec<Rating>> {
    let q = Query::new(format!(
        "SELECT {COLUMNS} FROM ticket_ratings WHERE ticket = $1 ORDER BY resolved_at"
    ))
    .bind(ticket.to_string());
    let rows = conn.fetch_all(q).await?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn stats(
    conn: &mut impl Conn,
    depts: &[DeptKey],
    since: DateTime<Utc>,
) -> Result<Vec<RatingStats>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    // A sum of BIGINT is NUMERIC on PostgreSQL: cast back, for both backends to read an
    // integer.
    let mut q = Query::new(
        "SELECT dept, COUNT(*) AS count, CAST(SUM(score) AS BIGINT) AS total
         FROM ticket_ratings WHERE ",
    );
    push_depts(&mut q, depts);
    q.push(" AND rated_at > ")
        .push_bind(to_epoch(since))
        .push(" GROUP BY dept ORDER BY dept");
    let rows = conn.fetch_all(q).await?;
    rows.iter().map(stats_from_row).collect()
}

pub(super) fn from_row(row: &impl Cells) -> Result<Rating> {
    let ticket: String = row.cell("ticket")?;
    let requester: String = row.cell("requester")?;
    let score: i64 = row.cell("score")?;
    Ok(Rating {
        ticket: ticket
            .parse()
            .map_err(|_| anyhow::anyhow!("invalid rated ticket {ticket}"))?,
        resolved_at: from_epoch(row.cell("resolved_at")?)?,
        requester: Handle::parse(&requester)
            .map_err(|_| anyhow::anyhow!("invalid rating requester {requester}"))?,
        score: Score::new(score).map_err(|_| anyhow::anyhow!("invalid rating score {score}"))?,
        comment: rows::body_opt(row, "comment")?,
        rated_at: from_epoch(row.cell("rated_at")?)?,
        changed_at: from_epoch_opt(row.cell("changed_at")?)?,
    })
}

/// One department's count and sum of scores, as `stats` selects them on either backend.
pub(super) fn stats_from_row(row: &impl Cells) -> Result<RatingStats> {
    let dept: String = row.cell("dept")?;
    Ok(RatingStats {
        dept: DeptKey::parse(&dept)
            .map_err(|_| anyhow::anyhow!("invalid rating department {dept}"))?,
        count: u64::try_from(row.cell::<i64>("count")?)?,
        total: u64::try_from(row.cell::<i64>("total")?)?,
    })
}
