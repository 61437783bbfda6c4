//! Messages to channels and DMs: where they go on Discord, and retries when Discord fails.
//!
//! Delivery happens after the core committed, so a failed send never loses state; it is
//! retried a few times with a growing pause (Discord's 500s and 429s are usually brief) and
//! then logged.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ChannelId, Http, Message, MessageId, ReactionType, UserId};
use tokio::sync::RwLock;

use super::render::{self, Rendered};
use crate::core::actions::CardAction;
use crate::core::domain::object::ObjectId;
use crate::core::outbound::{Body, Outbound, Target};
use crate::core::service::Service;

/// Pauses between attempts; their count is the number of retries.
const BACKOFF: [Duration; 3] = [
    Duration::from_millis(100),
    Duration::from_millis(500),
    Duration::from_secs(2),
];

#[derive(Clone)]
pub struct Delivery {
    pub http: Arc<Http>,
    pub service: Arc<Service>,
    /// Channel name → id, resolved at start.
    pub channels: Arc<RwLock<HashMap<String, ChannelId>>>,
}

impl Delivery {
    /// Sends every channel post and DM of `out`, and refreshes changed cards except on
    /// `answered` (the message a click already updated); replies are the caller's business.
    pub async fn notices(&self, out: &[Outbound], answered: Option<MessageId>) {
        for o in out {
            match &o.target {
                Target::Channel { dept, channel } => {
                    let id = self.channels.read().await.get(channel.as_str()).copied();
                    match id {
                        Some(id) => {
                            self.post(id, &o.body).await;
                        }
                        None => {
                            tracing::warn!(dept = %dept, channel, "no Discord channel for this department; notice dropped")
                        }
                    }
                }
                Target::Dm { handle } => self.dm(handle, &o.body).await,
                Target::CardUpdate { object } => self.refresh(object, &o.body, answered).await,
                Target::Reply { .. } | Target::Error => {}
            }
        }
    }

    /// Edits every posted copy of an object's card. Only the embed and buttons change: the
    /// line of news it was posted with stays.
    async fn refresh(&self, object: &ObjectId, body: &Body, answered: Option<MessageId>) {
        let locations = match self.service.card_locations(object).await {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = ?e, %object, "reading where a card was posted");
                return;
            }
        };
        for location in locations {
            let Some((channel, message)) = parse_location(&location) else {
                continue;
            };
            if Some(message) == answered {
                continue;
            }
            let mut rendered = render::render(body);
            rendered.content = None;
            self.edit(channel, message, rendered).await;
        }
    }

    /// Posts a body to a channel, adding the card's reactions; the message, if it was sent.
    pub async fn post(&self, channel: ChannelId, body: &Body) -> Option<Message> {
        let message = retry("post to channel", || {
            channel.send_message(&self.http, render::message(render::render(body)))
        })
        .await?;
        if let Body::Card(card) = body {
            // A card with buttons stands for an object: remember where, to refresh it later.
            if let Some(action) = card.buttons.first().and_then(|b| CardAction::parse(&b.id)) {
                let location = format!("{}/{}", channel, message.id);
                if let Err(e) = self
                    .service
                    .remember_card(&action.object(), &location)
                    .await
                {
                    tracing::error!(error = ?e, "remembering where a card was posted");
                }
            }
            for emoji in &card.reactions {
                let reaction = ReactionType::Unicode(emoji.clone());
                retry("add reaction", || {
                    message.react(&self.http, reaction.clone())
                })
                .await;
            }
        }
        Some(message)
    }

    async fn dm(&self, handle: &crate::core::domain::ids::Handle, body: &Body) {
        let user = match self.service.member(handle).await {
            Ok(Some(m)) => m.external_id.and_then(|id| id.parse::<u64>().ok()),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = ?e, %handle, "reading a member for a DM");
                None
            }
        };
        let Some(user) = user.map(UserId::new) else {
            tracing::info!(%handle, "member has no Discord id; DM not sent");
            return;
        };
        let Some(channel) = retry("open DM", || user.create_dm_channel(&self.http)).await else {
            return;
        };
        self.post(channel.id, body).await;
    }

    /// Replaces a card message's content (after a click or reaction changed its object).
    pub async fn edit(
        &self,
        channel: ChannelId,
        message: serenity::all::MessageId,
        rendered: Rendered,
    ) {
        retry("edit card", || {
            channel.edit_message(&self.http, message, render::edit(rendered.clone()))
        })
        .await;
    }
}

/// `"channel/message"`, as [`Delivery::post`] remembers it.
fn parse_location(location: &str) -> Option<(ChannelId, MessageId)> {
    let (channel, message) = location.split_once('/')?;
    Some((
        ChannelId::new(channel.parse().ok()?),
        MessageId::new(message.parse().ok()?),
    ))
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

/// Runs `call` until it succeeds or the retries are used up; logs each failure. A request
/// Discord refused for good is not retried.
pub async fn retry<T, F, Fut>(what: &str, call: F) -> Option<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    let mut pauses = BACKOFF.iter();
    loop {
        match call().await {
            Ok(value) => return Some(value),
            Err(e) if refused_for_good(&e) => {
                tracing::error!(what, error = %e, "Discord refused the request; not retried");
                return None;
            }
            Err(e) => match pauses.next() {
                Some(pause) => {
                    tracing::warn!(what, error = %e, "Discord call failed; retrying");
                    tokio::time::sleep(*pause).await;
                }
                None => {
                    tracing::error!(what, error = %e, "Discord call failed; giving up");
                    return None;
                }
            },
        }
    }
}
