//! A thread per ticket (issue #15), as the service keeps it: the setup messages that start
//! a ticket's thread and add people to it, and what happens when an adapter finds a thread
//! gone. Which notices go to the thread is the rule in `core::threads`.

use chrono::{DateTime, Utc};

use super::work::Work;
use super::Service;
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::domain::object::System;
use crate::core::domain::org::Department;
use crate::core::domain::ticket::Ticket;
use crate::core::outbound::{Body, Outbound, Target};
use crate::core::store::{Mode, TicketThread};
use crate::core::threads::thread_name;

/// Asks the adapters for the ticket's thread, started from its card in the department's
/// channel, with `members` in it — or, if it exists, adds them. Private departments get
/// private threads.
pub(super) fn set_up(work: &mut Work<'_>, ticket: &Ticket, dept: &Department, members: &[&Handle]) {
    let target = Target::ThreadSetup {
        ticket: ticket.id.clone(),
        channel: dept.channel.clone(),
        private: dept.private,
        members: members.iter().map(|h| (*h).clone()).collect(),
    };
    let name = thread_name(&ticket.id, ticket.title.as_str());
    work.push(Outbound::new(target, Body::Text(name)));
}

/// Whether the ticket's thread was found gone: its card then says its notices come to the
/// channel.
pub(super) async fn is_lost(work: &mut Work<'_>, ticket: &TicketId) -> anyhow::Result<bool> {
    let thread = work.uow.ticket_thread(ticket).await?;
    Ok(thread.is_some_and(|t| t.lost_at.is_some()))
}

impl Service {
    /// Where the ticket's thread is, if it has one.
    pub async fn ticket_thread(&self, ticket: &TicketId) -> anyhow::Result<Option<TicketThread>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        Ok(uow.ticket_thread(ticket).await?)
    }

    /// An adapter found the ticket's thread gone (deleted, or closed to the bot): from now
    /// on its notices go to the department's channel, and its card says so. Recording it a
    /// second time changes nothing.
    pub async fn thread_lost(&self, ticket: &TicketId, now: DateTime<Utc>) -> anyhow::Result<()> {
        let uow = self.store.begin(Mode::Write).await?;
        let origin = format!("thread-lost:{ticket}");
        let mut work = Work::new(uow, now, &self.settings, System::Discord.into(), origin);
        if !work.uow.lose_thread(ticket, now).await? {
            return Ok(());
        }
        tracing::warn!(%ticket, "the ticket's thread is gone; its notices go to the channel");
        super::tickets::refresh_card(&mut work, ticket).await?;
        work.finish().await?;
        Ok(())
    }
}
