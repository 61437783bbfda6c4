//! The fake gateway: plain-JSON text frames over `ws://` on loopback, one bot connection per
//! shard.
//!
//! Shards work as on Discord: `GET /gateway/bot` recommends a shard count, each connection
//! IDENTIFYs with `shard: [i, n]` and owns shard `i` (a newer connection for the same shard
//! replaces it), and a guild's events go only to the shard that owns the guild,
//! `(guild_id >> 22) % n`; events without a guild (DMs) go to shard 0.
//!
//! Sessions follow Discord's protocol as serenity 0.12.5 uses it: HELLO, IDENTIFY → READY,
//! heartbeats answered, and after a dropped connection RESUME → (missed events replayed) →
//! RESUMED. Resuming matters: serenity resumes on a new socket at once, while an invalid session
//! makes it re-identify through its shard queuer, which waits 5 s between starts.
//!
//! All frames to the bot, replies included, go through the connection's outbox under the state
//! lock, so their order is the order of sequence numbers.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::payloads;
use super::state::State;

/// Short, so that every test exercises heartbeats (serenity's own check runs every loop).
pub const HEARTBEAT_INTERVAL_MS: u64 = 700;
/// Close code of [`super::FakeDiscord::drop_gateway`]: "unknown error", which serenity answers
/// by resuming.
pub const DROP_CLOSE_CODE: u16 = 4000;
/// How long a closing connection waits for the bot's Close reply before dropping the socket.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Gateway intents (Discord's bit numbers), for filtering dispatches.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_MODERATION: u64 = 1 << 2;
    pub const GUILD_EXPRESSIONS: u64 = 1 << 3;
    pub const GUILD_INTEGRATIONS: u64 = 1 << 4;
    pub const GUILD_WEBHOOKS: u64 = 1 << 5;
    pub const GUILD_INVITES: u64 = 1 << 6;
    pub const GUILD_VOICE_STATES: u64 = 1 << 7;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const GUILD_MESSAGE_REACTIONS: u64 = 1 << 10;
    pub const GUILD_MESSAGE_TYPING: u64 = 1 << 11;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const DIRECT_MESSAGE_REACTIONS: u64 = 1 << 13;
    pub const DIRECT_MESSAGE_TYPING: u64 = 1 << 14;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
    pub const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;
    pub const AUTO_MODERATION_CONFIGURATION: u64 = 1 << 20;
    pub const AUTO_MODERATION_EXECUTION: u64 = 1 << 21;
    pub const GUILD_MESSAGE_POLLS: u64 = 1 << 24;
    pub const DIRECT_MESSAGE_POLLS: u64 = 1 << 25;
}

/// The intent Discord requires before it sends `event` (`None`: always sent, like
/// INTERACTION_CREATE). Message events need the guild or the DM variant depending on
/// whether `data` carries a `guild_id`.
pub fn required_intent(event: &str, data: &Value) -> Option<u64> {
    use intents::*;
    let in_guild = data.get("guild_id").is_some_and(|id| !id.is_null());
    let guild_or_dm = |guild: u64, dm: u64| Some(if in_guild { guild } else { dm });
    match event {
        "GUILD_MEMBER_ADD"
        | "GUILD_MEMBER_UPDATE"
        | "GUILD_MEMBER_REMOVE"
        | "THREAD_MEMBERS_UPDATE" => Some(GUILD_MEMBERS),
        "GUILD_BAN_ADD" | "GUILD_BAN_REMOVE" | "GUILD_AUDIT_LOG_ENTRY_CREATE" => {
            Some(GUILD_MODERATION)
        }
        "GUILD_EMOJIS_UPDATE"
        | "GUILD_STICKERS_UPDATE"
        | "GUILD_SOUNDBOARD_SOUND_CREATE"
        | "GUILD_SOUNDBOARD_SOUND_UPDATE"
        | "GUILD_SOUNDBOARD_SOUND_DELETE"
        | "GUILD_SOUNDBOARD_SOUNDS_UPDATE" => Some(GUILD_EXPRESSIONS),
        "GUILD_INTEGRATIONS_UPDATE"
        | "INTEGRATION_CREATE"
        | "INTEGRATION_UPDATE"
        | "INTEGRATION_DELETE" => Some(GUILD_INTEGRATIONS),
        "WEBHOOKS_UPDATE" => Some(GUILD_WEBHOOKS),
        "INVITE_CREATE" | "INVITE_DELETE" => Some(GUILD_INVITES),
        "VOICE_STATE_UPDATE" => Some(GUILD_VOICE_STATES),
        "PRESENCE_UPDATE" => Some(GUILD_PRESENCES),
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE" | "MESSAGE_DELETE_BULK" => {
            guild_or_dm(GUILD_MESSAGES, DIRECT_MESSAGES)
        }
        "MESSAGE_REACTION_ADD"
        | "MESSAGE_REACTION_REMOVE"
        | "MESSAGE_REACTION_REMOVE_ALL"
        | "MESSAGE_REACTION_REMOVE_EMOJI" => {
            guild_or_dm(GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGE_REACTIONS)
        }
        "TYPING_START" => guild_or_dm(GUILD_MESSAGE_TYPING, DIRECT_MESSAGE_TYPING),
        "MESSAGE_POLL_VOTE_ADD" | "MESSAGE_POLL_VOTE_REMOVE" => {
            guild_or_dm(GUILD_MESSAGE_POLLS, DIRECT_MESSAGE_POLLS)
        }
        "AUTO_MODERATION_ACTION_EXECUTION" => Some(AUTO_MODERATION_EXECUTION),
        e if e.starts_with("AUTO_MODERATION_RULE_") => Some(AUTO_MODERATION_CONFIGURATION),
        e if e.starts_with("GUILD_SCHEDULED_EVENT_") => Some(GUILD_SCHEDULED_EVENTS),
        e if e.starts_with("GUILD_")
            || e.starts_with("CHANNEL_")
            || e.starts_with("THREAD_")
            || e.starts_with("STAGE_INSTANCE_") =>
        {
            Some(GUILDS)
        }
        _ => None,
    }
}

/// Blanks what Discord withholds from a bot without the MESSAGE_CONTENT intent: content,
/// embeds, attachments, components and polls of guild messages that neither come from the bot
/// nor mention it.
pub fn withhold_message_content(event: &str, intents: u64, data: &mut Value) {
    let is_message = matches!(event, "MESSAGE_CREATE" | "MESSAGE_UPDATE");
    let in_guild = data.get("guild_id").is_some_and(|id| !id.is_null());
    if !is_message || !in_guild || intents & intents::MESSAGE_CONTENT != 0 {
        return;
    }
    let bot = payloads::snowflake(super::FakeDiscord::BOT_USER_ID);
    let from_bot = data["author"]["id"] == bot;
    let mentions_bot = data["mentions"]
        .as_array()
        .is_some_and(|users| users.iter().any(|user| user["id"] == bot));
    if from_bot || mentions_bot {
        return;
    }
    payloads::merge(
        data,
        serde_json::json!({"content": "", "embeds": [], "attachments": [], "components": []}),
    );
    if let Some(fields) = data.as_object_mut() {
        fields.remove("poll");
    }
}

/// What a connection task is told to send.
#[derive(Debug)]
pub(super) enum Outbound {
    Text(String),
    /// Close the socket with this code (server-side close).
    Close(u16),
}

/// One socket of the bot. A process runs one per shard.
struct Connection {
    outbox: mpsc::UnboundedSender<Outbound>,
}

/// A gateway session (IDENTIFY … READY) of one shard, which outlives its socket so the bot can
/// RESUME it.
struct Session {
    id: String,
    /// `[shard, total]` as the bot identified.
    shard: u64,
    total: u64,
    intents: u64,
    seq: u64,
    /// The connection that completed IDENTIFY or RESUME: dispatches may go to it.
    ready_on: Option<u64>,
    /// Every dispatch of the session, for replay on RESUME: (sequence number, event, frame).
    sent: Vec<(u64, String, String)>,
}

impl Session {
    /// Whether this session's shard receives the events of `guild` (`None`: a DM, which
    /// Discord sends to shard 0).
    fn owns(&self, guild: Option<u64>) -> bool {
        match guild {
            Some(guild) => shard_of(guild, self.total) == self.shard,
            None => self.shard == 0,
        }
    }
}

/// The shard of `total` that receives `guild`'s events, as Discord assigns them.
pub fn shard_of(guild: u64, total: u64) -> u64 {
    (guild >> 22) % total.max(1)
}

/// The guild an event is about: its `guild_id`, or for a guild's own events its `id`.
fn guild_of(event: &str, data: &Value) -> Option<u64> {
    let own = matches!(event, "GUILD_CREATE" | "GUILD_UPDATE" | "GUILD_DELETE");
    let field = if own { &data["id"] } else { &data["guild_id"] };
    payloads::read_snowflake(field)
}

/// The gateway's part of the fake's state.
pub(super) struct GatewayState {
    /// Open sockets by connection id.
    connections: BTreeMap<u64, Connection>,
    next_connection_id: u64,
    /// The current session of each shard, by shard number.
    shards: BTreeMap<u64, Session>,
    /// The shard count `GET /gateway/bot` recommends.
    pub recommended_shards: u64,
    /// The guilds the bot is in (READY lists each shard's own).
    pub guilds: Vec<u64>,
    /// How many times the bot identified or resumed.
    pub sessions: usize,
    /// How many heartbeats the fake has acknowledged.
    pub heartbeats: usize,
    /// Set by [`GatewayState::drop_connection_replaying`]: the next RESUME also replays this
    /// many dispatches the bot had already seen (as Discord may, after a drop).
    replay_seen: u64,
}

impl Default for GatewayState {
    fn default() -> Self {
        GatewayState {
            connections: BTreeMap::new(),
            next_connection_id: 0,
            shards: BTreeMap::new(),
            recommended_shards: 1,
            guilds: vec![super::FakeDiscord::GUILD_ID],
            sessions: 0,
            heartbeats: 0,
            replay_seen: 0,
        }
    }
}

impl GatewayState {
    /// Registers a new socket; it serves no shard until it identifies or resumes.
    fn connect(&mut self) -> (u64, mpsc::UnboundedReceiver<Outbound>) {
        let (outbox, inbox) = mpsc::unbounded_channel();
        self.next_connection_id += 1;
        let id = self.next_connection_id;
        self.connections.insert(id, Connection { outbox });
        (id, inbox)
    }

    /// Forgets connection `id`; its shard waits for a RESUME or a new IDENTIFY.
    fn disconnected(&mut self, id: u64) {
        self.connections.remove(&id);
        for session in self.shards.values_mut() {
            if session.ready_on == Some(id) {
                session.ready_on = None;
            }
        }
    }

    /// Whether `session` is identified (or resumed) on a live connection.
    fn session_ready(&self, session: &Session) -> bool {
        session
            .ready_on
            .is_some_and(|id| self.connections.contains_key(&id))
    }

    /// Whether the bot is connected and every shard it identified is ready (at least one).
    pub fn is_ready(&self) -> bool {
        !self.shards.is_empty() && self.shards.values().all(|s| self.session_ready(s))
    }

    /// Whether the shard that receives `event` (with `data`) is connected and ready.
    pub fn ready_for(&self, event: &str, data: &Value) -> bool {
        self.owner(event, data)
            .is_some_and(|session| self.session_ready(session))
    }

    /// The ready shards, each with its total and the connection serving it.
    pub fn ready_shards(&self) -> Vec<(u64, u64, u64)> {
        self.shards
            .values()
            .filter(|s| self.session_ready(s))
            .filter_map(|s| Some((s.shard, s.total, s.ready_on?)))
            .collect()
    }

    /// The session of the shard that receives `event`.
    fn owner(&self, event: &str, data: &Value) -> Option<&Session> {
        let guild = guild_of(event, data);
        self.shards.values().find(|s| s.owns(guild))
    }

    /// The intents of a ready session, if the bot is ready.
    pub fn ready_intents(&self) -> Option<u64> {
        self.shards
            .values()
            .find(|s| self.session_ready(s))
            .map(|s| s.intents)
    }

    /// Handles a text frame from connection `id`.
    fn receive(&mut self, id: u64, text: &str, resume_gateway_url: &str) {
        if !self.connections.contains_key(&id) {
            return; // a replaced connection
        }
        let Ok(frame) = serde_json::from_str::<Value>(text) else {
            return;
        };
        match frame["op"].as_u64() {
            Some(1) => {
                self.heartbeats += 1;
                self.send_text(id, payloads::heartbeat_ack().to_string());
            }
            Some(2) => self.identify(id, &frame["d"], resume_gateway_url),
            Some(6) => self.resume(id, &frame["d"]),
            // Presence updates, member requests, voice: nothing to answer.
            _ => {}
        }
    }

    /// Makes connection `id` the one serving `shard`; the socket that served it before, if
    /// another, is closed (Discord lets a shard be connected once at a time).
    fn take_shard(&mut self, id: u64, shard: u64) {
        let previous = self.shards.get(&shard).and_then(|s| s.ready_on);
        if let Some(previous) = previous.filter(|p| *p != id) {
            // Dropping its sender ends that connection's task, which closes the socket.
            self.connections.remove(&previous);
        }
        if let Some(session) = self.shards.get_mut(&shard) {
            session.ready_on = Some(id);
        }
    }

    fn identify(&mut self, id: u64, identify: &Value, resume_gateway_url: &str) {
        self.sessions += 1;
        let session_id = format!("fake-session-{}", self.sessions);
        let (shard, total) = match identify["shard"].as_array().map(Vec::as_slice) {
            Some([shard, total]) => (shard.as_u64().unwrap_or(0), total.as_u64().unwrap_or(1)),
            _ => (0, 1),
        };
        let guilds: Vec<u64> = self
            .guilds
            .iter()
            .copied()
            .filter(|g| shard_of(*g, total) == shard)
            .collect();
        let ready = payloads::ready(
            &session_id,
            resume_gateway_url,
            serde_json::json!([shard, total]),
            &guilds,
        );
        let previous = self.shards.insert(
            shard,
            Session {
                id: session_id,
                shard,
                total,
                intents: identify["intents"].as_u64().unwrap_or(0),
                seq: 0,
                ready_on: None,
                sent: Vec::new(),
            },
        );
        if let Some(previous) = previous.and_then(|p| p.ready_on).filter(|p| *p != id) {
            self.connections.remove(&previous);
        }
        self.take_shard(id, shard);
        self.send_dispatch(shard, "READY", ready);
    }

    /// Resumes a session: replays what the bot missed, then RESUMED. An unknown session gets
    /// INVALID_SESSION (the bot then identifies again, after serenity's 5 s queue delay).
    fn resume(&mut self, id: u64, resume: &Value) {
        let session_id = resume["session_id"].as_str().unwrap_or_default();
        let last_seen = resume["seq"].as_u64().unwrap_or(0);
        let replay_from = last_seen.saturating_sub(std::mem::take(&mut self.replay_seen));
        let Some((shard, missed)) = self.missed_since(session_id, replay_from) else {
            self.send_text(id, payloads::invalid_session(false).to_string());
            return;
        };
        self.sessions += 1;
        self.take_shard(id, shard);
        for frame in missed {
            self.send_text(id, frame);
        }
        self.send_dispatch(shard, "RESUMED", payloads::resumed());
    }

    /// The shard of session `session_id` and its dispatches after sequence number
    /// `last_seen`, or `None` if that is no shard's current session. READY and RESUMED are
    /// never replayed (Discord does not): they are about a connection, not events.
    fn missed_since(&self, session_id: &str, last_seen: u64) -> Option<(u64, Vec<String>)> {
        let session = self.shards.values().find(|s| s.id == session_id)?;
        let missed = session
            .sent
            .iter()
            .filter(|(seq, event, _)| *seq > last_seen && event != "READY" && event != "RESUMED");
        Some((
            session.shard,
            missed.map(|(_, _, frame)| frame.clone()).collect(),
        ))
    }

    /// Sends a dispatch to the shard that receives it, unless that shard's intents exclude it
    /// (then returns false). The caller has checked [`Self::ready_for`].
    pub fn dispatch(&mut self, event: &str, mut data: Value) -> bool {
        let Some((shard, intents)) = self.owner(event, &data).map(|s| (s.shard, s.intents)) else {
            return false;
        };
        if required_intent(event, &data).is_some_and(|needed| intents & needed == 0) {
            return false;
        }
        withhold_message_content(event, intents, &mut data);
        self.send_dispatch(shard, event, data);
        true
    }

    /// Sends `event` on `shard` with its session's next sequence number, keeping it for
    /// replay.
    fn send_dispatch(&mut self, shard: u64, event: &str, data: Value) {
        let Some(session) = self.shards.get_mut(&shard) else {
            return;
        };
        session.seq += 1;
        let frame = payloads::dispatch_frame(session.seq, event, data).to_string();
        session
            .sent
            .push((session.seq, event.to_owned(), frame.clone()));
        if let Some(connection) = session.ready_on {
            self.send_text(connection, frame);
        }
    }

    /// Queues a frame for connection `id`. If its task already ended, the frame is lost with
    /// the socket — as on Discord; a dispatch is still replayed on RESUME.
    fn send_text(&self, id: u64, frame: String) {
        if let Some(connection) = self.connections.get(&id) {
            let _ = connection.outbox.send(Outbound::Text(frame));
        }
    }

    /// [`GatewayState::drop_connection`], and the RESUME that follows replays the last
    /// `already_seen` dispatches the bot had received too: duplicates, as a real gateway may
    /// send when it is unsure what arrived.
    pub fn drop_connection_replaying(&mut self, already_seen: u64) {
        self.replay_seen = already_seen;
        self.drop_connection();
    }

    /// Closes every connection serving a shard from the server side; the sessions stay
    /// resumable.
    pub fn drop_connection(&mut self) {
        for session in self.shards.values_mut() {
            let Some(id) = session.ready_on.take() else {
                continue;
            };
            if let Some(connection) = self.connections.remove(&id) {
                let _ = connection.outbox.send(Outbound::Close(DROP_CLOSE_CODE));
            }
        }
    }
}

/// One websocket: HELLO, then frames both ways until either side closes.
pub(super) async fn serve_connection(
    state: Arc<State>,
    stream: TcpStream,
    mut shutdown: watch::Receiver<()>,
) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (id, mut outbox) = state.mutate(|inner| inner.gateway.connect());
    let hello = payloads::hello(HEARTBEAT_INTERVAL_MS).to_string();
    if ws.send(Message::Text(hello)).await.is_ok() {
        tokio::select! {
            () = pump(&state, id, &mut ws, &mut outbox) => {}
            _ = shutdown.changed() => {}
        }
    }
    state.mutate(|inner| inner.gateway.disconnected(id));
}

/// Moves frames between the socket and the state until the connection ends.
async fn pump(
    state: &State,
    id: u64,
    ws: &mut WebSocketStream<TcpStream>,
    outbox: &mut mpsc::UnboundedReceiver<Outbound>,
) {
    loop {
        tokio::select! {
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let url = state.gateway_url.as_str();
                    state.mutate(|inner| inner.gateway.receive(id, &text, url));
                }
                // Reply to the bot's Close (serenity waits for it when shutting a shard down).
                // tungstenite has queued the reply; flushing sends it. (`close()` would not:
                // it refuses to send once the peer has closed.)
                Some(Ok(Message::Close(_))) => {
                    let _ = ws.flush().await;
                    return;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return,
            },
            outgoing = outbox.recv() => match outgoing {
                Some(Outbound::Text(text)) => {
                    if ws.send(Message::Text(text)).await.is_err() {
                        return;
                    }
                }
                Some(Outbound::Close(code)) => return close(ws, code).await,
                // Replaced by a newer connection of the bot.
                None => return close(ws, DROP_CLOSE_CODE).await,
            },
        }
    }
}

/// Sends a Close frame and waits (briefly) for the bot's reply, so it sees a clean close.
async fn close(ws: &mut WebSocketStream<TcpStream>, code: u16) {
    let frame = CloseFrame {
        code: CloseCode::from(code),
        reason: "fake discord closed the connection".into(),
    };
    if ws.close(Some(frame)).await.is_err() {
        return;
    }
    let drain = async { while let Some(Ok(_)) = ws.next().await {} };
    let _ = tokio::time::timeout(CLOSE_GRACE, drain).await;
}
