//! The Discord adapter (serenity): slash commands registered from the catalogue, events
//! turned into core calls, the core's messages turned into Discord messages.
//!
//! - [`registration`]: catalogue → slash commands, with Romanian localizations.
//! - [`inbound`]: interaction options → the core's `Invocation`.
//! - [`render`]: outbound bodies → content, embeds, buttons; never a ping.
//! - [`delivery`]: channel posts and DMs, with retries.
//! - [`handler`]: the gateway event handler tying them together.
//! - [`shards`]: which Discord shards this process runs (`serve --shards`).

mod delivery;
mod handler;
pub mod inbound;
pub mod registration;
pub mod render;
pub mod shards;
mod threads;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serenity::all::{ChannelId, ClientBuilder, GatewayIntents, GuildId, Http, HttpBuilder};
use serenity::http::StatusCode;
use tokio::sync::{Notify, RwLock};

use crate::config::DiscordConfig;
use crate::core::service::Service;
use crate::core::time::Clock;
use crate::i18n::Msg;

/// A made-up token of the right shape, for messages that explain what a token looks like.
pub const TOKEN_EXAMPLE: &str =
    "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
/// Real bot tokens are about 70 characters; anything much shorter was cut when copied.
const TOKEN_MIN_LENGTH: usize = 50;

/// The bot token in `token` (the value of `DISCORD_TOKEN`, if set), if it has the shape of
/// one, so that a bad one is refused before anything is opened. The refusal says what is
/// wrong and what a token looks like, never what the token was.
pub fn check_token(token: Option<&str>) -> Result<&str, Msg> {
    let malformed = |problem: Msg| {
        Msg::new("token-malformed")
            .arg("problem", problem)
            .arg("example", TOKEN_EXAMPLE)
    };
    let Some(token) = token else {
        return Err(Msg::new("token-unset").arg("example", TOKEN_EXAMPLE));
    };
    if token.trim().is_empty() {
        return Err(Msg::new("token-empty").arg("example", TOKEN_EXAMPLE));
    }
    if token.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
        return Err(malformed(Msg::new("token-problem-spaces")));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(malformed(
            Msg::new("token-problem-parts").arg("parts", parts.len()),
        ));
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(malformed(Msg::new("token-problem-empty-part")));
    }
    let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !parts.iter().all(|p| p.chars().all(base64url)) {
        return Err(malformed(Msg::new("token-problem-characters")));
    }
    if token.len() < TOKEN_MIN_LENGTH {
        return Err(malformed(
            Msg::new("token-problem-short").arg("length", token.len()),
        ));
    }
    Ok(token)
}

/// The first pause before trying to reach Discord again; each failure doubles it.
const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The longest pause between two attempts to reach Discord.
const LONGEST_RETRY: Duration = Duration::from_secs(60);
/// How long one attempt may take: without it, a network that drops packets would hold an
/// attempt for the system's TCP timeout (minutes).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The pause after the `failures`-th failed attempt in a row: 1 s, 2 s, 4 s, … 60 s.
fn retry_pause(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_RETRY
        .saturating_mul(1 << doublings)
        .min(LONGEST_RETRY)
}

/// Tries Discord until it answers, with a pause growing after each failure and one log line
/// per failed attempt; returns the number of shards Discord recommends, or `None` if
/// `shutdown` came first. A token Discord refuses is an error: trying again cannot help.
async fn reach_discord(
    http: &Http,
    mut shutdown: Pin<&mut impl Future<Output = ()>>,
    service: &Service,
) -> anyhow::Result<Option<u32>> {
    let mut failures = 0;
    loop {
        // The authenticated gateway call checks both that Discord answers and that it
        // accepts the token.
        let error = match tokio::time::timeout(ATTEMPT_TIMEOUT, http.get_bot_gateway()).await {
            Ok(Ok(gateway)) => return Ok(Some(gateway.shards)),
            Ok(Err(e)) if delivery::refused_for_good(&e) => {
                if let serenity::Error::Http(http_error) = &e {
                    if http_error.status_code() == Some(StatusCode::UNAUTHORIZED) {
                        let locale = service.settings().default_locale;
                        anyhow::bail!(Msg::new("token-refused").render(locale));
                    }
                }
                return Err(e).context("Discord refused the connection");
            }
            Ok(Err(e)) => e.to_string(),
            Err(_elapsed) => format!("no answer within {ATTEMPT_TIMEOUT:?}"),
        };
        failures += 1;
        let pause = retry_pause(failures);
        tracing::warn!(attempt = failures, %error, retry_in = ?pause, "cannot reach Discord; trying again");
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = shutdown.as_mut() => return Ok(None),
        }
    }
}

/// Only what the bot uses: guild basics, and reactions on its cards (slash commands need no
/// intent). Guild messages and their content (privileged) only when it reads tickets'
/// threads (`[discord] read_threads`).
pub fn intents(read_threads: bool) -> GatewayIntents {
    let base = GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGE_REACTIONS;
    if read_threads {
        base | GatewayIntents::GUILD_MESSAGES | GatewayIntents::MESSAGE_CONTENT
    } else {
        base
    }
}

/// Connects with `token` and serves until `shutdown` completes, then lets the events in
/// flight finish their transactions and closes the connection. While Discord cannot be
/// reached it is tried again with growing pauses (see `retry_pause`); a token Discord
/// refuses is an error. `wake` nudges the job runner (after the clock was moved, in tests).
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
    let http = http.build();
    let mut shutdown = std::pin::pin!(shutdown);
    // serenity would not report an unreachable Discord: it falls back to the public gateway
    // address and retries every few seconds forever, silently. Reaching it first lets the
    // log say what is going on, and lets a stop request end the wait.
    let Some(recommended) = reach_discord(&http, shutdown.as_mut(), &service).await? else {
        tracing::info!("stopped before Discord could be reached");
        return Ok(());
    };
    let locale = service.settings().default_locale;
    let shards = config
        .shards
        .resolve(recommended)
        .map_err(|refusal| anyhow::anyhow!(refusal.render(locale)))?;
    tracing::info!(
        first = shards.first,
        last = shards.last,
        total = shards.total,
        "running Discord shards"
    );
    let in_flight = Arc::new(RwLock::new(()));
    let handler = handler::Handler::new(
        service,
        clock,
        wake,
        guild.map(GuildId::new),
        overrides,
        in_flight.clone(),
    );
    let mut client = ClientBuilder::new_with_http(http, intents(config.read_threads))
        .event_handler(handler)
        .await
        .context("building the Discord client")?;
    let manager = client.shard_manager.clone();
    tokio::select! {
        // serenity reads the range's end as the last shard to run, not one past it.
        result = client.start_shard_range(shards.first..shards.last, shards.total) => {
            result.context("Discord connection")?
        }
        () = shutdown => {
            tracing::info!("shutting down: finishing events in flight");
            let _all_done = in_flight.write().await;
            manager.shutdown_all().await;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_from_a_second_up_to_a_minute() {
        let pauses: Vec<u64> = (1..=9).map(|n| retry_pause(n).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_pause(u32::MAX), LONGEST_RETRY);
    }

    #[test]
    fn a_token_of_the_right_shape_is_accepted() {
        assert_eq!(check_token(Some(TOKEN_EXAMPLE)), Ok(TOKEN_EXAMPLE));
    }
}
