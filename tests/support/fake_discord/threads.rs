//! Threads in the fake: started from a message (public) or on their own (private), members
//! added, posts into them (as into any channel: a thread is a channel), deleted. A deleted
//! thread answers as Discord does, `Unknown Channel`, so the bot's fallback can be tested.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::payloads::{self, snowflake};
use super::state::Inner;

/// Discord's channel types for threads.
const PUBLIC_THREAD: u64 = 11;
const PRIVATE_THREAD: u64 = 12;

/// A thread the bot started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeThread {
    pub id: u64,
    /// The channel it is in.
    pub parent: u64,
    /// The message it was started from (a public thread).
    pub message: Option<u64>,
    pub name: String,
    pub private: bool,
    /// User ids added through `PUT /channels/{t}/thread-members/{u}`.
    pub members: BTreeSet<u64>,
}

#[derive(Default)]
pub(super) struct Threads {
    pub live: BTreeMap<u64, FakeThread>,
    /// Ids of deleted threads: posting there is refused.
    pub deleted: BTreeSet<u64>,
}

/// Why a thread route failed: Discord's status, message and code.
pub(super) type Refusal = (u16, &'static str, u64);

const UNKNOWN_CHANNEL: Refusal = (404, "Unknown Channel", 10003);
const UNKNOWN_MESSAGE: Refusal = (404, "Unknown Message", 10008);
const ALREADY_STARTED: Refusal = (
    400,
    "A thread has already been created for this message",
    160004,
);
const INVALID_FORM: Refusal = (400, "Invalid Form Body", 50035);

/// `POST /channels/{c}/messages/{m}/threads` (`message` set) or `POST /channels/{c}/threads`.
pub(super) fn start(
    inner: &mut Inner,
    parent: u64,
    message: Option<u64>,
    body: &Value,
) -> Result<Value, Refusal> {
    if !inner.channels.iter().any(|(id, _)| *id == parent) {
        return Err(UNKNOWN_CHANNEL);
    }
    let name = body["name"].as_str().ok_or(INVALID_FORM)?.to_owned();
    if let Some(message) = message {
        let known = inner
            .messages
            .get(&message)
            .and_then(|m| payloads::read_snowflake(&m["channel_id"]));
        if known != Some(parent) {
            return Err(UNKNOWN_MESSAGE);
        }
        if inner
            .threads
            .live
            .values()
            .any(|t| t.message == Some(message))
        {
            return Err(ALREADY_STARTED);
        }
    }
    // From a message a thread is public; on its own, private unless the request says 11.
    let private = message.is_none() && body["type"].as_u64() != Some(PUBLIC_THREAD);
    let thread = FakeThread {
        id: inner.fresh_id(),
        parent,
        message,
        name,
        private,
        members: BTreeSet::new(),
    };
    let payload = channel(&thread);
    inner.threads.live.insert(thread.id, thread);
    Ok(payload)
}

/// `PUT /channels/{t}/thread-members/{u}`.
pub(super) fn add_member(inner: &mut Inner, thread: u64, user: u64) -> Result<(), Refusal> {
    let thread = inner.threads.live.get_mut(&thread).ok_or(UNKNOWN_CHANNEL)?;
    thread.members.insert(user);
    Ok(())
}

/// `DELETE /channels/{t}` for a thread: gone, and its id refused from now on.
pub(super) fn delete(inner: &mut Inner, thread: u64) -> Result<Value, Refusal> {
    let gone = inner.threads.live.remove(&thread).ok_or(UNKNOWN_CHANNEL)?;
    inner.threads.deleted.insert(thread);
    Ok(channel(&gone))
}

/// Whether posts into `channel` are refused: a deleted thread.
pub(super) fn refuses_posts(inner: &Inner, channel: u64) -> Option<Refusal> {
    inner
        .threads
        .deleted
        .contains(&channel)
        .then_some(UNKNOWN_CHANNEL)
}

/// A thread as Discord returns it (serenity's `GuildChannel`).
pub fn channel(thread: &FakeThread) -> Value {
    json!({
        "id": snowflake(thread.id),
        "type": if thread.private { PRIVATE_THREAD } else { PUBLIC_THREAD },
        "guild_id": snowflake(super::FakeDiscord::GUILD_ID),
        "parent_id": snowflake(thread.parent),
        "owner_id": snowflake(super::FakeDiscord::BOT_USER_ID),
        "name": thread.name,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": thread.members.len(),
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 4320,
            "archive_timestamp": "2026-12-07T08:00:00.000000+00:00",
            "locked": false,
            "invitable": !thread.private,
        },
        "flags": 0,
    })
}
