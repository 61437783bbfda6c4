//! Tickets' threads on Discord (issue #15): started from the ticket's card in its
//! department's channel (a private thread, not tied to the card, for a private department:
//! Discord starts only public threads from messages), people added to them, notices posted
//! in them. Which notices go there is the core's rule; here it is only carried out.
//!
//! A thread deleted, or closed to the bot (no access, archived and locked), answers with a
//! 4xx: the notice is posted in the channel instead, and the core is told, which marks the
//! thread gone (later notices go straight to the channel) and notes it on the card.

use serenity::all::{ChannelId, ChannelType, CreateThread};

use super::delivery::{failure, parse_location, retry_result, user_id, Discord};
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::outbound::Body;
use crate::core::outbox::{Delivery, Outgoing};

/// What `Target::ThreadSetup` asks for.
pub(super) struct ThreadSetup<'a> {
    pub ticket: &'a TicketId,
    pub channel: &'a str,
    pub private: bool,
    pub members: &'a [Handle],
}

impl Discord {
    /// Makes sure the ticket's thread exists and the members are in it; reports the
    /// thread's id as where it is. A member who cannot be added (no Discord id, left the
    /// server) is logged and skipped: the thread serves the others.
    ///
    /// A crash after Discord started the thread and before its id was recorded makes the
    /// re-send fail (a message starts one thread only): the ticket then has no thread and its
    /// notices go to the channel, so nothing is lost.
    pub(super) async fn set_up_thread(&self, setup: &ThreadSetup<'_>, body: &Body) -> Delivery {
        let facts = match self
            .service
            .thread_setup_facts(setup.ticket, setup.members)
            .await
        {
            Ok(facts) => facts,
            Err(e) => return Delivery::Retry(format!("reading {}'s thread: {e:#}", setup.ticket)),
        };
        let thread = match facts.thread {
            // Gone: its notices go to the channel; there is nobody to add.
            Some(t) if t.lost_at.is_some() => return Delivery::Sent { location: None },
            Some(t) => match t.location.parse::<u64>() {
                Ok(id) => ChannelId::new(id),
                Err(_) => return Delivery::Refused(format!("thread `{}` is no id", t.location)),
            },
            None => match self.start_thread(setup, body, &facts.card_locations).await {
                Ok(id) => id,
                Err(failed) => return failed,
            },
        };
        for (handle, external_id) in facts.people {
            let added = match user_id(&handle, external_id) {
                Ok(user) => retry_result("add thread member", || {
                    thread.add_thread_member(&self.http, user)
                })
                .await
                .map_err(|e| failure("add thread member", &e)),
                Err(failed) => Err(failed),
            };
            if let Err(Delivery::Retry(e) | Delivery::Refused(e)) = added {
                tracing::warn!(%handle, ticket = %setup.ticket, error = e, "not added to the thread");
            }
        }
        Delivery::Sent {
            location: Some(thread.to_string()),
        }
    }

    /// Starts the thread: from the ticket's card in the channel (`card_locations`: where its
    /// card was posted), or as a private thread.
    async fn start_thread(
        &self,
        setup: &ThreadSetup<'_>,
        body: &Body,
        card_locations: &[String],
    ) -> Result<ChannelId, Delivery> {
        let channel = self.channel(setup.channel).await?;
        let name = match body {
            Body::Text(name) => name.clone(),
            Body::Card(card) => card.title.clone(),
        };
        let started = if setup.private {
            let builder = CreateThread::new(name)
                .kind(ChannelType::PrivateThread)
                .invitable(false);
            channel.create_thread(&self.http, builder).await
        } else {
            let card = card_locations
                .iter()
                .filter_map(|l| parse_location(l))
                .find(|(c, _)| *c == channel)
                .map(|(_, message)| message)
                .ok_or_else(|| {
                    Delivery::Refused(format!("no card of {} to start its thread", setup.ticket))
                })?;
            let builder = CreateThread::new(name).kind(ChannelType::PublicThread);
            channel
                .create_thread_from_message(&self.http, card, builder)
                .await
        };
        started
            .map(|thread| thread.id)
            .map_err(|e| failure("start thread", &e))
    }

    /// Posts a notice in the ticket's thread; in the channel while it has none, or when
    /// Discord refuses the thread (then the core is told it is gone).
    pub(super) async fn post_in_thread(
        &self,
        ticket: &TicketId,
        channel: &str,
        send: &Outgoing,
    ) -> Delivery {
        let body = &send.outbound.body;
        let thread = match self.service.ticket_thread(ticket).await {
            Ok(thread) => thread.filter(|t| t.lost_at.is_none()),
            Err(e) => return Delivery::Retry(format!("reading {ticket}'s thread: {e:#}")),
        };
        if let Some(id) = thread.and_then(|t| t.location.parse::<u64>().ok()) {
            match self.post(ChannelId::new(id), body, Some(&send.nonce)).await {
                Delivery::Refused(reason) => {
                    tracing::warn!(%ticket, reason, "the thread refused a post; posting in the channel");
                    if let Err(e) = self.service.thread_lost(ticket, self.clock.now()).await {
                        return Delivery::Retry(format!("recording {ticket}'s thread gone: {e:#}"));
                    }
                }
                delivered => return delivered,
            }
        }
        match self.channel(channel).await {
            Ok(id) => self.post(id, body, Some(&send.nonce)).await,
            Err(refused) => refused,
        }
    }
}
