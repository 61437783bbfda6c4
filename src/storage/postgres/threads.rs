//! Where tickets' threads are, and which are gone.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::super::threads::{from_row, parse_ticket};
use super::{to_epoch, Result};
use crate::core::domain::ids::TicketId;
use crate::core::store::TicketThread;

pub(super) async fn remember(
    conn: &mut PgConnection,
    ticket: &TicketId,
    location: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_threads (ticket, location) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(ticket.to_string())
    .bind(location)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn find(
    conn: &mut PgConnection,
    ticket: &TicketId,
) -> Result<Option<TicketThread>> {
    let row = sqlx::query("SELECT location, lost_at FROM ticket_threads WHERE ticket = $1")
        .bind(ticket.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn ticket_at(conn: &mut PgConnection, location: &str) -> Result<Option<TicketId>> {
    let ticket: Option<String> =
        sqlx::query_scalar("SELECT ticket FROM ticket_threads WHERE location = $1")
            .bind(location)
            .fetch_optional(conn)
            .await?;
    ticket.map(|id| parse_ticket(&id)).transpose()
}

pub(super) async fn lose(
    conn: &mut PgConnection,
    ticket: &TicketId,
    at: DateTime<Utc>,
) -> Result<bool> {
    let done =
        sqlx::query("UPDATE ticket_threads SET lost_at = $1 WHERE ticket = $2 AND lost_at IS NULL")
            .bind(to_epoch(at))
            .bind(ticket.to_string())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
