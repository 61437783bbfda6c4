//! A thread per ticket (issue #15), as the service keeps it: the setup messages that start
//! a ticket's thread and add people to it, and what happens when an adapter finds a thread
//! gone, and messages written in a thread read as the ticket's comments. Which notices go
//! to the thread, and whose messages count, are the rules in `core::threads`.

use chrono::{DateTime, Utc};

use super::work::Work;
use super::{Caller, Outcome, Service};
use crate::core::command::Command;
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::domain::object::{ObjectId, System};
use crate::core::domain::org::Department;
use crate::core::domain::ticket::Ticket;
use crate::core::outbound::{Body, Outbound, Target};
use crate::core::store::{Mode, TicketThread};
use crate::core::threads::{comment_from_thread, thread_name};

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

/// What setting up a ticket's thread needs to know, read together: where its thread is, if
/// it has one; where its card was posted (the thread starts from it); and the platform ids
/// of the people to add (`None`: not known on the platform).
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadSetupFacts {
    pub thread: Option<TicketThread>,
    pub card_locations: Vec<String>,
    pub people: Vec<(Handle, Option<String>)>,
}

impl Service {
    /// [`ThreadSetupFacts`] for `ticket` and `members`, in one read.
    pub async fn thread_setup_facts(
        &self,
        ticket: &TicketId,
        members: &[Handle],
    ) -> anyhow::Result<ThreadSetupFacts> {
        let mut uow = self.store.begin(Mode::Read).await?;
        let thread = uow.ticket_thread(ticket).await?;
        let card_locations = uow
            .card_locations(&ObjectId::Ticket(ticket.clone()))
            .await?;
        let mut people = Vec::with_capacity(members.len());
        for handle in members {
            let member = uow.member(handle).await?;
            people.push((handle.clone(), member.and_then(|m| m.external_id)));
        }
        Ok(ThreadSetupFacts {
            thread,
            card_locations,
            people,
        })
    }

    /// Where the ticket's thread is, if it has one.
    pub async fn ticket_thread(&self, ticket: &TicketId) -> anyhow::Result<Option<TicketThread>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        Ok(uow.ticket_thread(ticket).await?)
    }

    /// A message written at `location` (a thread, if it is one of a ticket's) by the
    /// platform user `author` (their platform id): the ticket's comment, run as a typed one
    /// would be — or `Ignored` when it is no ticket's thread, or the author is nobody the
    /// ticket hears from (see `core::threads::comment_from_thread`). `key` is the
    /// message's own id, so a replayed message makes one comment.
    pub async fn thread_message(
        &self,
        location: &str,
        author: &str,
        key: String,
        text: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Outcome> {
        let command = {
            let mut uow = self.store.begin(Mode::Read).await?;
            let Some(id) = uow.ticket_in_thread(location).await? else {
                return Ok(Outcome::Ignored);
            };
            let (Some(ticket), Some(member)) = (
                uow.ticket(&id).await?,
                uow.member_by_external_id(author).await?,
            ) else {
                return Ok(Outcome::Ignored);
            };
            comment_from_thread(&ticket, &member, text).map(|c| (member.handle, c))
        };
        let Some((handle, comment)) = command else {
            return Ok(Outcome::Ignored);
        };
        let caller = Caller {
            event_key: Some(key),
            ..Caller::new(handle)
        };
        Ok(self.execute(&caller, Command::Ticket(comment), now).await)
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
