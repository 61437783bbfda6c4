//! Where tickets' threads are, and which are gone (the same SQL on both backends).

use chrono::{DateTime, Utc};

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::{from_epoch_opt, to_epoch, Result};
use crate::core::domain::ids::TicketId;
use crate::core::store::TicketThread;

pub(super) async fn remember(
    conn: &mut impl Conn,
    ticket: &TicketId,
    location: &str,
) -> Result<()> {
    let q = Query::new(
        "INSERT INTO ticket_threads (ticket, location) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(ticket.to_string())
    .bind(location);
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn find(conn: &mut impl Conn, ticket: &TicketId) -> Result<Option<TicketThread>> {
    let q = Query::new("SELECT location, lost_at FROM ticket_threads WHERE ticket = $1")
        .bind(ticket.to_string());
    let row = conn.fetch_optional(q).await?;
    row.as_ref().map(from_row).transpose()
}

pub(super) async fn ticket_at(conn: &mut impl Conn, location: &str) -> Result<Option<TicketId>> {
    let q = Query::new("SELECT ticket FROM ticket_threads WHERE location = $1").bind(location);
    match conn.fetch_optional(q).await? {
        Some(row) => Ok(Some(parse_ticket(&row.cell::<String>("ticket")?)?)),
        None => Ok(None),
    }
}

fn parse_ticket(id: &str) -> Result<TicketId> {
    id.parse()
        .map_err(|_| anyhow::anyhow!("ticket_threads: invalid ticket `{id}`"))
}

fn from_row(row: &impl Cells) -> Result<TicketThread> {
    Ok(TicketThread {
        location: row.cell("location")?,
        lost_at: from_epoch_opt(row.cell("lost_at")?)?,
    })
}

pub(super) async fn lose(
    conn: &mut impl Conn,
    ticket: &TicketId,
    at: DateTime<Utc>,
) -> Result<bool> {
    let q =
        Query::new("UPDATE ticket_threads SET lost_at = $1 WHERE ticket = $2 AND lost_at IS NULL")
            .bind(to_epoch(at))
            .bind(ticket.to_string());
    let done = conn.execute(q).await?;
    Ok(done == 1)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use crate::config::Config;
    use crate::core::domain::ids::Handle;
    use crate::core::outbox::Delivery;
    use crate::core::service::Caller;

    /// Where a thread was started is remembered from its delivery; it is lost once.
    #[tokio::test]
    async fn a_thread_is_remembered_where_it_was_started_and_lost_once() {
        let dir = tempfile::tempdir().unwrap();
        let now: DateTime<Utc> = "2026-12-07T08:00:00Z".parse().unwrap();
        let db = dir.path().join("t.db");
        let service = crate::app::open(&Config::demo(), &db, now).await.unwrap();
        let frank = Caller::new(Handle::parse("frank").unwrap());
        service
            .execute_line(&frank, "/ticket open dept:it title:Printer", now)
            .await;
        let ticket = "IT-1".parse().unwrap();
        assert_eq!(service.ticket_thread(&ticket).await.unwrap(), None);
        // The thread is started in the round after its card's.
        loop {
            let sends = service.claim_outbox(now).await.unwrap();
            if sends.is_empty() {
                break;
            }
            let round: Vec<_> = sends
                .into_iter()
                .map(|send| {
                    let location = match send.thread_of() {
                        Some(_) => "777",
                        None => "100/200",
                    };
                    let delivery = Delivery::Sent {
                        location: Some(location.into()),
                    };
                    (send, Some(delivery))
                })
                .collect();
            service.record_deliveries(&round, now).await.unwrap();
        }
        let thread = service.ticket_thread(&ticket).await.unwrap().unwrap();
        assert_eq!((thread.location.as_str(), thread.lost_at), ("777", None));
        service.thread_lost(&ticket, now).await.unwrap();
        service.thread_lost(&ticket, now).await.unwrap();
        let thread = service.ticket_thread(&ticket).await.unwrap().unwrap();
        assert_eq!(thread.lost_at, Some(now));
        // The card says so, once: one refresh for the loss, none for the second report.
        let refreshes = service
            .claim_outbox(now)
            .await
            .unwrap()
            .into_iter()
            .filter(|s| s.card_object().is_none() && s.thread_of().is_none())
            .count();
        assert_eq!(refreshes, 1);
    }
}
