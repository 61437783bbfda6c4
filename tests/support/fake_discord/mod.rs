//! A fake Discord on loopback, so the real serenity 0.12.5 client runs end to end without
//! network: REST over `http://127.0.0.1:PORT` and the gateway over `ws://127.0.0.1:PORT2`.
//!
//! Point serenity at it with
//! `HttpBuilder::new(token).proxy(fake.api_base()).ratelimiter_disabled(true)` (the proxy is
//! ignored while the rate limiter is on) and `ClientBuilder::new_with_http`; the client then
//! finds the gateway through `GET /api/v10/gateway`.
//!
//! Tests drive it from Discord's side — [`FakeDiscord::dispatch`] events built with
//! [`payloads`] — and assert on what the bot said: [`FakeDiscord::wait_for_call`] on the REST
//! calls it made. Event handlers run as separate tasks, so the order of calls across events is
//! not fixed: wait for a call matching a predicate, never index [`FakeDiscord::calls`].
//!
//! See `/work/shared/design/FAKE_DISCORD.md` for the facts this is built on.

pub mod gateway;
pub mod payloads;
mod rest;
mod state;
pub mod threads;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

pub use gateway::{intents, shard_of};
pub use state::Call;
use state::{Failure, State};

/// How long the waits of [`FakeDiscord`] give the bot by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// The fake Discord. Cheap to clone; its listeners stop when the last clone is dropped.
#[derive(Clone)]
pub struct FakeDiscord {
    state: Arc<State>,
    /// Background tasks watch this; dropping the last sender stops them.
    _shutdown: Arc<watch::Sender<()>>,
}

impl FakeDiscord {
    /// The bot's user id (READY, `/users/@me`, author of what it posts).
    pub const BOT_USER_ID: u64 = 1_000_000_000_000_000_001;
    /// The bot's application id — deliberately not the bot's user id, so mixing them up fails.
    pub const APPLICATION_ID: u64 = 1_000_000_000_000_000_002;
    /// The guild the bot is in (shard 1 of 2).
    pub const GUILD_ID: u64 = 1_000_000_000_000_000_003;
    /// A second guild, for [`FakeDiscord::add_guild`]: on shard 0 of 2, unlike [`Self::GUILD_ID`].
    pub const SECOND_GUILD_ID: u64 = 1_000_000_000_004_194_310;
    /// The channel of interactions that name none (a modal opened from a slash command).
    pub const DEFAULT_CHANNEL_ID: u64 = 1_000_000_000_000_000_004;
    /// The application's owner (`/oauth2/applications/@me`).
    pub const OWNER_USER_ID: u64 = 1_000_000_000_000_000_005;
    /// The bot's username.
    pub const BOT_USER_NAME: &'static str = "opsdesk";

    /// Binds REST (http) and gateway (ws) listeners on 127.0.0.1:0 and serves them on tokio
    /// tasks. Panics if loopback ports cannot be bound (the test cannot run at all then).
    pub async fn start() -> FakeDiscord {
        match FakeDiscord::try_start().await {
            Ok(fake) => fake,
            Err(error) => panic!("fake discord: cannot listen on 127.0.0.1: {error}"),
        }
    }

    /// [`FakeDiscord::start`], reporting a failure to bind instead of panicking.
    pub async fn try_start() -> io::Result<FakeDiscord> {
        let rest_listener = TcpListener::bind("127.0.0.1:0").await?;
        let gateway_listener = TcpListener::bind("127.0.0.1:0").await?;
        let api_base = format!("http://{}", rest_listener.local_addr()?);
        let gateway_url = format!("ws://{}", gateway_listener.local_addr()?);
        let state = Arc::new(State::new(api_base, gateway_url));
        let (shutdown, stopped) = watch::channel(());
        tokio::spawn(serve(
            state.clone(),
            rest_listener,
            stopped.clone(),
            rest::serve_connection,
        ));
        tokio::spawn(serve(
            state.clone(),
            gateway_listener,
            stopped,
            gateway::serve_connection,
        ));
        Ok(FakeDiscord {
            state,
            _shutdown: Arc::new(shutdown),
        })
    }

    /// `http://127.0.0.1:PORT`, for serenity's `HttpBuilder::proxy` (paths keep `/api/v10`).
    pub fn api_base(&self) -> String {
        self.state.api_base.clone()
    }

    /// `ws://127.0.0.1:PORT2`, as `GET /api/v10/gateway` answers (no query: serenity appends
    /// `?v=10`).
    pub fn gateway_url(&self) -> String {
        self.state.gateway_url.clone()
    }

    /// Every REST call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().calls.clone()
    }

    /// Waits (up to [`DEFAULT_WAIT`]) for a call matching `pred` that no earlier wait returned,
    /// and returns it. Panics, listing every call seen, on timeout.
    pub async fn wait_for_call(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        self.wait_for_call_within(what, DEFAULT_WAIT, pred).await
    }

    /// [`FakeDiscord::wait_for_call`] with an explicit timeout.
    pub async fn wait_for_call_within(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&Call) -> bool,
    ) -> Call {
        match self.find_call_within(timeout, pred).await {
            Some(call) => call,
            None => panic!(
                "no REST call {what} within {timeout:?}; calls so far:\n{}",
                self.state.lock().describe_calls()
            ),
        }
    }

    /// The first unclaimed call matching `pred`, waiting up to `timeout` for one; `None` if
    /// none came.
    pub async fn find_call_within(
        &self,
        timeout: Duration,
        pred: impl Fn(&Call) -> bool,
    ) -> Option<Call> {
        self.state
            .wait_until(timeout, |inner| inner.claim_call(&pred))
            .await
    }

    /// Asserts that no call matching `pred` is there within `for_ms` milliseconds: neither one
    /// arriving meanwhile nor an earlier one that no `wait_for_call` has returned (so a call
    /// racing ahead of this assertion is caught too).
    pub async fn assert_no_call(&self, what: &str, for_ms: u64, pred: impl Fn(&Call) -> bool) {
        let timeout = Duration::from_millis(for_ms);
        let found = self
            .state
            .wait_until(timeout, |inner| inner.unclaimed_matching(&pred))
            .await;
        if let Some(index) = found {
            let inner = self.state.lock();
            panic!(
                "unexpected REST call {what}: {}\ncalls so far:\n{}",
                inner.calls[index],
                inner.describe_calls()
            );
        }
    }

    /// Waits until the bot has identified (or resumed) and READY (or RESUMED) was sent, and
    /// returns the intents it identified with. Panics after [`DEFAULT_WAIT`].
    pub async fn wait_ready(&self) -> u64 {
        let ready = self
            .state
            .wait_until(DEFAULT_WAIT, |inner| inner.gateway.ready_intents())
            .await;
        match ready {
            Some(intents) => intents,
            None => panic!("the bot did not connect to the fake gateway within {DEFAULT_WAIT:?}"),
        }
    }

    /// Waits until the bot has connected (IDENTIFY or RESUME) at least `sessions` times and is
    /// ready. Panics after [`DEFAULT_WAIT`].
    pub async fn wait_gateway_sessions(&self, sessions: usize) {
        let reached = self
            .state
            .wait_until(DEFAULT_WAIT, |inner| {
                (inner.gateway.sessions >= sessions && inner.gateway.is_ready()).then_some(())
            })
            .await;
        if reached.is_none() {
            panic!(
                "the bot connected {} times to the fake gateway within {DEFAULT_WAIT:?}, not {sessions}",
                self.gateway_sessions()
            );
        }
    }

    /// Sends a dispatch (op 0) with the next sequence number to the shard that owns the event's
    /// guild (shard 0 for an event without one), once that shard is ready (it waits up to
    /// [`DEFAULT_WAIT`], e.g. across a reconnect). Returns false if Discord would not send
    /// it: the bot's intents do not cover the event. Guild messages lose their content without
    /// the MESSAGE_CONTENT intent, as on Discord. Interactions and messages in the event are
    /// remembered, so the bot can answer, fetch and edit them.
    pub async fn dispatch(&self, event: &str, data: Value) -> bool {
        self.dispatch_within(DEFAULT_WAIT, event, data).await
    }

    /// [`FakeDiscord::dispatch`], waiting up to `timeout` for the bot to be ready (a bot
    /// process that is starting again after a crash may take longer than a reconnect).
    pub async fn dispatch_within(&self, timeout: Duration, event: &str, data: Value) -> bool {
        let mut data = Some(data);
        let sent = self
            .state
            .wait_until(timeout, |inner| {
                if !inner.gateway.ready_for(event, data.as_ref()?) {
                    return None;
                }
                let data = data.take()?;
                inner.remember_dispatched(event, &data);
                Some(inner.gateway.dispatch(event, data))
            })
            .await;
        match sent {
            Some(sent) => sent,
            None => panic!("cannot dispatch {event}: the bot is not connected to the fake gateway"),
        }
    }

    /// Closes the bot's websocket from the server side (close code 4000), once it is ready.
    /// serenity then reconnects and RESUMEs; the next [`FakeDiscord::dispatch`] waits for that.
    pub async fn drop_gateway(&self) {
        let dropped = self
            .state
            .wait_until(DEFAULT_WAIT, |inner| {
                inner
                    .gateway
                    .is_ready()
                    .then(|| inner.gateway.drop_connection())
            })
            .await;
        if dropped.is_none() {
            panic!("cannot drop the gateway: the bot is not connected to the fake gateway");
        }
    }

    /// [`FakeDiscord::drop_gateway`], and the RESUME that follows replays the last
    /// `already_seen` events the bot had received as well as those it missed: duplicates
    /// delivered again, which the bot must recognise.
    pub async fn drop_gateway_replaying(&self, already_seen: u64) {
        let dropped = self
            .state
            .wait_until(DEFAULT_WAIT, |inner| {
                inner
                    .gateway
                    .is_ready()
                    .then(|| inner.gateway.drop_connection_replaying(already_seen))
            })
            .await;
        if dropped.is_none() {
            panic!("cannot drop the gateway: the bot is not connected to the fake gateway");
        }
    }

    /// Waits up to `timeout` until interaction `interaction_id` has been answered (its first
    /// callback succeeded); false if it was not. Cheap however many calls there were, unlike
    /// [`FakeDiscord::wait_for_call`], so a long test can wait for every interaction.
    pub async fn wait_answered(&self, interaction_id: u64, timeout: Duration) -> bool {
        let answered = {
            let mut inner = self.state.lock();
            if inner.acknowledged.contains(&interaction_id) {
                return true;
            }
            let (tell, told) = oneshot::channel();
            inner
                .answer_waiters
                .entry(interaction_id)
                .or_default()
                .push(tell);
            told
        };
        matches!(tokio::time::timeout(timeout, answered).await, Ok(Ok(())))
    }

    /// Waits until the fake has acknowledged at least `count` heartbeats of the bot (one per
    /// 700 ms interval). Panics after [`DEFAULT_WAIT`].
    pub async fn wait_heartbeats(&self, count: usize) {
        let reached = self
            .state
            .wait_until(DEFAULT_WAIT, |inner| {
                (inner.gateway.heartbeats >= count).then_some(())
            })
            .await;
        if reached.is_none() {
            let acknowledged = self.state.lock().gateway.heartbeats;
            panic!("the bot sent {acknowledged} heartbeats within {DEFAULT_WAIT:?}, not {count}");
        }
    }

    /// Makes `GET /gateway/bot` recommend `shards` shards (1 unless set).
    pub fn recommend_shards(&self, shards: u64) {
        self.state
            .mutate(|inner| inner.gateway.recommended_shards = shards);
    }

    /// Adds a guild the bot is in: READY lists it to the shard that owns it.
    pub fn add_guild(&self, guild: u64) {
        self.state.mutate(|inner| inner.gateway.guilds.push(guild));
    }

    /// Waits until each of `shards` is identified (or resumed) and ready, and returns, for each
    /// ready shard, `(shard, total, connection)`: which connection serves it. Panics after
    /// `timeout`, naming the shards that were ready.
    pub async fn wait_shards_ready(
        &self,
        shards: &[u64],
        timeout: Duration,
    ) -> Vec<(u64, u64, u64)> {
        let ready = self
            .state
            .wait_until(timeout, |inner| {
                let ready = inner.gateway.ready_shards();
                shards
                    .iter()
                    .all(|s| ready.iter().any(|(r, _, _)| r == s))
                    .then_some(ready)
            })
            .await;
        match ready {
            Some(ready) => ready,
            None => panic!(
                "shards {shards:?} were not all ready within {timeout:?}; ready: {:?}",
                self.state.lock().gateway.ready_shards()
            ),
        }
    }

    /// How many times the bot has connected to the gateway (IDENTIFY or RESUME).
    pub fn gateway_sessions(&self) -> usize {
        self.state.lock().gateway.sessions
    }

    /// Answers the next `times` REST calls whose method is `method` and whose path contains
    /// `path_contains` with `status` instead: 429 with Discord's rate-limit body
    /// (`retry_after` 0.05 s) and `X-RateLimit-*` headers, any other status with a JSON error.
    pub fn fail_next(&self, method: &str, path_contains: &str, status: u16, times: usize) {
        let failure = Failure {
            method: method.to_owned(),
            path_contains: path_contains.to_owned(),
            status,
            remaining: times,
        };
        self.state.mutate(|inner| inner.failures.push(failure));
    }

    /// Registers a guild text channel (listed by `GET /guilds/{g}/channels`); returns its id.
    pub fn add_channel(&self, name: &str) -> u64 {
        self.state.mutate(|inner| {
            let id = inner.fresh_id();
            inner.channels.push((id, name.to_owned()));
            id
        })
    }

    /// The threads the bot started and that are not deleted, oldest first.
    pub fn threads(&self) -> Vec<threads::FakeThread> {
        self.state.lock().threads.live.values().cloned().collect()
    }

    /// Deletes a thread as a moderator would: posts into it are refused from now on.
    pub fn delete_thread(&self, id: u64) {
        self.state
            .mutate(|inner| threads::delete(inner, id))
            .expect("a thread the bot started");
    }

    /// A message as the fake knows it now — posted or edited by the bot, or seen in a
    /// dispatched event — if it is in `channel_id`.
    pub fn message(&self, channel_id: u64, message_id: u64) -> Option<Value> {
        let inner = self.state.lock();
        let message = inner.messages.get(&message_id)?;
        (payloads::read_snowflake(&message["channel_id"]) == Some(channel_id))
            .then(|| message.clone())
    }
}

/// Accepts connections on `listener` until the fake is dropped, each served on its own task
/// by `serve_connection` (REST's HTTP or the gateway's websocket).
async fn serve<F, Fut>(
    state: Arc<State>,
    listener: TcpListener,
    mut shutdown: watch::Receiver<()>,
    serve_connection: F,
) where
    F: Fn(Arc<State>, TcpStream, watch::Receiver<()>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(serve_connection(state.clone(), stream, shutdown.clone()));
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}
