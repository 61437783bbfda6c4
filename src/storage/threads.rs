//! Where tickets' threads are, and which are gone.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{from_epoch_opt, to_epoch, Result};
use crate::core::domain::ids::TicketId;
use crate::core::store::TicketThread;

pub(super) async fn remember(
    conn: &mut SqliteConnection,
    ticket: &TicketId,
    location: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_threads (ticket, location) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(ticket.to_string())
    .bind(location)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn find(
    conn: &mut SqliteConnection,
    ticket: &TicketId,
) -> Result<Option<TicketThread>> {
    let row = sqlx::query("SELECT location, lost_at FROM ticket_threads WHERE ticket = ?")
        .bind(ticket.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(TicketThread {
            location: row.try_get("location")?,
            lost_at: from_epoch_opt(row.try_get("lost_at")?)?,
        })
    })
    .transpose()
}

pub(super) async fn lose(
    conn: &mut SqliteConnection,
    ticket: &TicketId,
    at: DateTime<Utc>,
) -> Result<bool> {
    let done =
        sqlx::query("UPDATE ticket_threads SET lost_at = ? WHERE ticket = ? AND lost_at IS NULL")
            .bind(to_epoch(at))
            .bind(ticket.to_string())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
