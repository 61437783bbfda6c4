//! The requesters' ratings of tickets' resolutions.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::super::ratings::{from_row, stats_from_row, COLUMNS};
use super::{push_depts, to_epoch, Result};
use crate::core::domain::ids::{DeptKey, TicketId};
use crate::core::domain::rating::{Rating, RatingStats};

pub(super) async fn rating(
    conn: &mut PgConnection,
    ticket: &TicketId,
    resolved_at: DateTime<Utc>,
) -> Result<Option<Rating>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ticket_ratings WHERE ticket = $1 AND resolved_at = $2"
    ))
    .bind(ticket.to_string())
    .bind(to_epoch(resolved_at))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn save(conn: &mut PgConnection, r: &Rating) -> Result<()> {
    sqlx::query(
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
    .bind(r.changed_at.map(to_epoch))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn of_ticket(conn: &mut PgConnection, ticket: &TicketId) -> Result<Vec<Rating>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ticket_ratings WHERE ticket = $1 ORDER BY resolved_at"
    ))
    .bind(ticket.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn stats(
    conn: &mut PgConnection,
    depts: &[DeptKey],
    since: DateTime<Utc>,
) -> Result<Vec<RatingStats>> {
    if depts.is_empty() {
        return Ok(Vec::new());
    }
    // SUM of BIGINT is NUMERIC on PostgreSQL; cast back so both backends read an integer.
    let mut q: QueryBuilder<'_, Postgres> = QueryBuilder::new(
        "SELECT dept, COUNT(*) AS count, SUM(score)::BIGINT AS total FROM ticket_ratings WHERE ",
    );
    push_depts(&mut q, depts);
    q.push(" AND rated_at > ")
        .push_bind(to_epoch(since))
        .push(" GROUP BY dept ORDER BY dept");
    let rows = q.build().fetch_all(conn).await?;
    rows.iter().map(stats_from_row).collect()
}
