//! The Discord adapter (serenity): slash commands registered from the catalogue, events
//! turned into core calls, the core's messages turned into Discord messages.
//!
//! - [`registration`]: catalogue → slash commands, with Romanian localizations.
//! - [`inbound`]: interaction options → the core's `Invocation`.
//! - [`render`]: outbound bodies → content, embeds, buttons; never a ping.
//! - [`delivery`]: channel posts and DMs, with retries.
//! - [`handler`]: the gateway event handler tying them together.

mod delivery;
mod handler;
pub mod inbound;
pub mod registration;
pub mod render;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use serenity::all::{ChannelId, ClientBuilder, GatewayIntents, GuildId, HttpBuilder};
use tokio::sync::{Notify, RwLock};

use crate::config::DiscordConfig;
use crate::core::service::Service;
use crate::core::time::Clock;

/// Only what the bot uses: guild basics, and reactions on its cards. Slash commands need no
/// intent; message content (privileged) is not needed at all.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGE_REACTIONS
}

/// Connects with `token` and serves until `shutdown` completes, then lets the events in
/// flight finish their transactions and closes the connection. `wake` nudges the job runner
/// (after the clock was moved, in tests).
pub async fn serve(
    service: Arc<Service>,
    config: &DiscordConfig,
    token: &str,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let snowflake = |what: &str, s: &str| -> anyhow::Result<u64> {
        s.trim()
            .parse::<u64>()
            .with_context(|| format!("{what}: `{s}` is not a Discord id"))
    };
    let guild = config
        .guild_id
        .as_deref()
        .map(|g| snowflake("discord.guild_id", g))
        .transpose()?;
    let mut overrides = HashMap::new();
    for (dept, channel) in &config.channels {
        overrides.insert(
            dept.clone(),
            ChannelId::new(snowflake("discord.channels", channel)?),
        );
    }
    let mut http = HttpBuilder::new(token);
    if let Some(api) = &config.api_base {
        // Test only: serenity's rate limiter bypasses the proxy, so it goes off with it.
        http = http.proxy(api.clone()).ratelimiter_disabled(true);
    }
    let in_flight = Arc::new(RwLock::new(()));
    let handler = handler::Handler::new(
        service,
        clock,
        wake,
        guild.map(GuildId::new),
        overrides,
        in_flight.clone(),
    );
    let mut client = ClientBuilder::new_with_http(http.build(), intents())
        .event_handler(handler)
        .await
        .context("building the Discord client")?;
    let shards = client.shard_manager.clone();
    tokio::select! {
        result = client.start() => result.context("Discord connection")?,
        () = shutdown => {
            tracing::info!("shutting down: finishing events in flight");
            let _all_done = in_flight.write().await;
            shards.shutdown_all().await;
        }
    }
    Ok(())
}
