//! The outbox's Discord transport: channel posts and DMs (each with the outbox's nonce, so a
//! re-send after a crash shows once), and card refreshes (edits: the same edit twice is one).
//!
//! A failure Discord may recover from (a 5xx, a 429, no connection) is reported as
//! `Delivery::Retry` and the outbox tries again after a pause; a 4xx other than 429 (unknown
//! channel, missing permission, a user who blocks DMs) is `Delivery::Refused` and never sent
//! again. Calls that are idempotent by nature (reactions, edits, opening a DM channel) are
//! retried here a few times first, so one blip does not delay a whole lane.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serenity::all::{ChannelId, Http, MessageId, Nonce, ReactionType, UserId};
use tokio::sync::RwLock;

use super::render::{self, Rendered};
use super::threads::ThreadSetup;
use crate::core::domain::ids::Handle;
use crate::core::domain::object::ObjectId;
use crate::core::outbound::{Body, Target};
use crate::core::outbox::{Delivery, Outgoing, Transport};
use crate::core::service::Service;
use crate::core::time::Clock;

/// Pauses between attempts of an idempotent call; their count is the number of retries.
const BACKOFF: [Duration; 3] = [
    Duration::from_millis(100),
    Duration::from_millis(500),
    Duration::from_secs(2),
];

/// Sends of different lanes in flight at once: each waits mostly on Discord, and serenity's
/// rate limiter keeps each route within its limits however many are in flight.
const SENDS_AT_ONCE: usize = 8;

#[derive(Clone)]
pub struct Discord {
    pub http: Arc<Http>,
    pub service: Arc<Service>,
    /// Channel name → id, resolved at start.
    pub channels: Arc<RwLock<HashMap<String, ChannelId>>>,
    /// When a thread is found gone (see `threads`).
    pub clock: Arc<dyn Clock>,
}

#[async_trait]
impl Transport for Discord {
    async fn deliver(&self, send: &Outgoing) -> Delivery {
        let body = &send.outbound.body;
        match &send.outbound.target {
            Target::Channel { channel, .. } => match self.channel(channel).await {
                Ok(id) => self.post(id, body, Some(&send.nonce)).await,
                Err(refused) => refused,
            },
            Target::Thread {
                ticket, channel, ..
            } => self.post_in_thread(ticket, channel, send).await,
            Target::ThreadSetup {
                ticket,
                channel,
                private,
                members,
            } => {
                let setup = ThreadSetup {
                    ticket,
                    channel,
                    private: *private,
                    members,
                };
                self.set_up_thread(&setup, body).await
            }
            Target::Dm { handle } => match self.dm_channel(handle).await {
                Ok(channel) => self.post(channel, body, Some(&send.nonce)).await,
                Err(failed) => failed,
            },
            Target::CardUpdate { object } => self.refresh(object, body).await,
            Target::Reply { .. } | Target::Error => {
                Delivery::Refused("a reply has no place to go outside its interaction".into())
            }
        }
    }

    fn sends_at_once(&self) -> usize {
        SENDS_AT_ONCE
    }
}

impl Discord {
    /// The id of a channel known by name.
    pub(super) async fn channel(&self, name: &str) -> Result<ChannelId, Delivery> {
        let id = self.channels.read().await.get(name).copied();
        id.ok_or_else(|| Delivery::Refused(format!("no Discord channel #{name}")))
    }

    /// Posts a body to a channel, a message per page (see `render::pages`), adding the card's
    /// reactions to the first. With a nonce, Discord returns the message already posted with
    /// it (a re-send) instead of posting it again; each page has its own.
    pub async fn post(&self, channel: ChannelId, body: &Body, nonce: Option<&str>) -> Delivery {
        let mut first = None;
        for (n, page) in render::pages(body).into_iter().enumerate() {
            let mut message = render::message(page);
            if let Some(nonce) = nonce {
                message = message
                    .nonce(Nonce::String(page_nonce(nonce, n)))
                    .enforce_nonce(true);
            }
            match channel.send_message(&self.http, message).await {
                Ok(posted) => {
                    first.get_or_insert(posted);
                }
                Err(e) => return failure("post to channel", &e),
            }
        }
        let Some(posted) = first else {
            return Delivery::Refused("an empty message".into());
        };
        if let Body::Card(card) = body {
            for emoji in &card.reactions {
                let reaction = ReactionType::Unicode(emoji.clone());
                retry("add reaction", || {
                    posted.react(&self.http, reaction.clone())
                })
                .await;
            }
        }
        Delivery::Sent {
            location: Some(format!("{}/{}", channel, posted.id)),
        }
    }

    /// Sends a direct message now, outside the outbox: the refusal of a reaction, which
    /// changed nothing and has no reply box, or a file too large for a reply. Whether it
    /// was sent.
    pub async fn dm_now(&self, handle: &Handle, body: &Body) -> bool {
        let Ok(channel) = self.dm_channel(handle).await else {
            return false;
        };
        match self.post(channel, body, None).await {
            Delivery::Sent { .. } => true,
            Delivery::Retry(e) | Delivery::Refused(e) => {
                tracing::warn!(%handle, error = e, "could not send a direct message");
                false
            }
        }
    }

    /// The DM channel with a member, opened if needed (Discord returns the same one each
    /// time).
    pub(super) async fn dm_channel(&self, handle: &Handle) -> Result<ChannelId, Delivery> {
        let user = match self.service.member(handle).await {
            Ok(member) => user_id(handle, member.and_then(|m| m.external_id))?,
            Err(e) => return Err(Delivery::Retry(format!("reading member @{handle}: {e:#}"))),
        };
        match retry_result("open DM", || user.create_dm_channel(&self.http)).await {
            Ok(channel) => Ok(channel.id),
            Err(e) => Err(failure("open DM", &e)),
        }
    }

    /// Edits every posted copy of an object's card. Only the embed and buttons change: the
    /// line of news it was posted with stays. A copy deleted meanwhile is skipped.
    async fn refresh(&self, object: &ObjectId, body: &Body) -> Delivery {
        let locations = match self.service.card_locations(object).await {
            Ok(l) => l,
            Err(e) => return Delivery::Retry(format!("reading where {object} was posted: {e:#}")),
        };
        let mut rendered = render::render(body);
        rendered.content = None;
        for location in locations {
            let Some((channel, message)) = parse_location(&location) else {
                continue;
            };
            if let Err(e) = self.edit(channel, message, rendered.clone()).await {
                if !refused_for_good(&e) {
                    return failure("edit card", &e);
                }
                tracing::info!(%object, location, error = %e, "a copy of the card is gone");
            }
        }
        Delivery::Sent { location: None }
    }

    /// Replaces a card message's content (after a click or reaction changed its object).
    pub async fn edit(
        &self,
        channel: ChannelId,
        message: MessageId,
        rendered: Rendered,
    ) -> serenity::Result<()> {
        retry_result("edit card", || {
            channel.edit_message(&self.http, message, render::edit(rendered.clone()))
        })
        .await
        .map(|_| ())
    }
}

/// The nonce of page `n` of a message: the first keeps the outbox's, the others end in their
/// number instead of its last characters (Discord takes at most 25 characters).
fn page_nonce(nonce: &str, n: usize) -> String {
    if n == 0 {
        return nonce.to_string();
    }
    let keep: String = nonce.chars().take(21).collect();
    format!("{keep}p{n:03}")
}

/// The Discord user of member `handle`, whose platform id is `external_id`.
pub(super) fn user_id(handle: &Handle, external_id: Option<String>) -> Result<UserId, Delivery> {
    external_id
        .and_then(|id| id.parse::<u64>().ok())
        .map(UserId::new)
        .ok_or_else(|| Delivery::Refused(format!("@{handle} has no Discord id")))
}

/// `"channel/message"`, as [`Discord::post`] reports it.
pub(super) fn parse_location(location: &str) -> Option<(ChannelId, MessageId)> {
    let (channel, message) = location.split_once('/')?;
    Some((
        ChannelId::new(channel.parse().ok()?),
        MessageId::new(message.parse().ok()?),
    ))
}

/// How the outbox should take a failed call.
pub(super) fn failure(what: &str, error: &serenity::Error) -> Delivery {
    let reason = format!("{what}: {error}");
    if refused_for_good(error) {
        Delivery::Refused(reason)
    } else {
        Delivery::Retry(reason)
    }
}

/// Whether Discord refused the request for good: a 4xx answer other than 429 (too many
/// requests) says the request itself is wrong — unknown channel, missing permission, a user
/// who blocks DMs — and sending it again cannot succeed.
pub fn refused_for_good(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(http) => http.status_code().is_some_and(|status| {
            status.is_client_error() && status != serenity::http::StatusCode::TOO_MANY_REQUESTS
        }),
        _ => false,
    }
}

/// Runs `call` until it succeeds or the retries are used up, logging each failure; a request
/// Discord refused for good is not retried. For calls whose repetition is harmless.
pub async fn retry_result<T, F, Fut>(what: &str, call: F) -> serenity::Result<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    let mut pauses = BACKOFF.iter();
    loop {
        match call().await {
            Ok(value) => return Ok(value),
            Err(e) if refused_for_good(&e) => {
                tracing::error!(what, error = %e, "Discord refused the request; not retried");
                return Err(e);
            }
            Err(e) => match pauses.next() {
                Some(pause) => {
                    tracing::warn!(what, error = %e, "Discord call failed; retrying");
                    tokio::time::sleep(*pause).await;
                }
                None => {
                    tracing::error!(what, error = %e, "Discord call failed; giving up");
                    return Err(e);
                }
            },
        }
    }
}

/// [`retry_result`], for calls whose failure is only logged.
pub async fn retry<T, F, Fut>(what: &str, call: F) -> Option<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    retry_result(what, call).await.ok()
}

#[cfg(test)]
mod tests {
    use super::page_nonce;

    #[test]
    fn each_page_of_a_message_has_its_own_nonce_within_discords_25_characters() {
        let nonce = crate::core::outbox::nonce(&["ix:1#0".to_string()]);
        assert_eq!(page_nonce(&nonce, 0), nonce);
        let pages: Vec<String> = (0..100).map(|n| page_nonce(&nonce, n)).collect();
        assert!(pages.iter().all(|p| p.chars().count() <= 25));
        let distinct: std::collections::HashSet<_> = pages.iter().collect();
        assert_eq!(distinct.len(), 100);
        assert_eq!(
            page_nonce(&nonce, 1),
            page_nonce(&nonce, 1),
            "a re-send repeats it"
        );
    }
}
