//! Discord JSON objects shaped the way serenity 0.12.5 deserializes them.
//!
//! Serenity drops a gateway event whose payload does not fit its model *silently* (a warning in
//! its log; the handler never runs), and the REST answers are decoded into the same models. So
//! every builder here is deserialized into serenity's own types by `fake_discord_selftest`; when
//! adding a field or a builder, extend that test too.
//!
//! Snowflakes are written as strings, as Discord does. Builders are pure functions: the fake
//! learns about interactions and messages when they are passed to [`FakeDiscord::dispatch`].

use serde_json::{json, Value};

use super::FakeDiscord;

/// Permissions of an ordinary member: view, send, embed, attach, history, react, use commands.
pub const MEMBER_PERMISSIONS: u64 =
    (1 << 6) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31);
/// Permissions of the bot in every channel: a member's, plus managing messages and threads.
pub const APP_PERMISSIONS: u64 = MEMBER_PERMISSIONS | (1 << 13) | (1 << 38);
/// `joined_at` of every member the builders make (nothing in the bot should depend on it).
pub const JOINED_AT: &str = "2024-01-01T00:00:00.000000+00:00";
/// The guild's preferred locale, sent next to the invoking user's own `locale`.
pub const GUILD_LOCALE: &str = "en-US";
/// Discord's upload limit for a guild without boosts (25 MiB).
pub const ATTACHMENT_SIZE_LIMIT: u64 = 25 * 1024 * 1024;
/// Message flag Discord sets on the placeholder of a deferred interaction response.
pub const FLAG_LOADING: u64 = 1 << 7;

/// A snowflake as Discord writes it: a JSON string.
pub fn snowflake(id: u64) -> Value {
    Value::String(id.to_string())
}

/// Reads a snowflake written either as a string (Discord) or as a number (hand-written JSON).
pub fn read_snowflake(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

/// The token the builders give interaction `interaction_id`; the bot answers on
/// `/interactions/{id}/{token}/callback` and `/webhooks/{app}/{token}/…`.
pub fn interaction_token(interaction_id: u64) -> String {
    format!("token-{interaction_id}")
}

/// The id the fake gives the application command called `name`, in interactions and in its
/// answers to command registration alike (stable, so tests need not track it).
pub fn command_id(name: &str) -> u64 {
    // FNV-1a: deterministic across runs, unlike std's RandomState.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    1_100_000_000_000_000_000 + hash % 1_000_000_000_000
}

/// A user object. Humans get a `global_name` (display name); bots do not, as on Discord.
pub fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": snowflake(id),
        "username": name,
        "global_name": if bot { Value::Null } else { Value::from(name) },
        "discriminator": "0",
        "avatar": null,
        "bot": bot,
        "system": false,
        "public_flags": 0,
    })
}

/// The bot's own user object, as it appears as the author of the messages it posts.
pub fn bot_user() -> Value {
    user(FakeDiscord::BOT_USER_ID, FakeDiscord::BOT_USER_NAME, true)
}

/// The bot's user as `GET /users/@me` and READY describe it (a serenity `CurrentUser`).
pub fn current_user() -> Value {
    let mut me = bot_user();
    merge(
        &mut me,
        json!({"verified": true, "mfa_enabled": false, "flags": 0, "email": null}),
    );
    me
}

/// A guild member as Discord sends it inside interactions and reactions (with `user`).
pub fn member(user_id: u64, name: &str, roles: &[u64]) -> Value {
    json!({
        "user": user(user_id, name, false),
        "nick": null,
        "avatar": null,
        "banner": null,
        "roles": roles.iter().copied().map(snowflake).collect::<Vec<_>>(),
        "joined_at": JOINED_AT,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": MEMBER_PERMISSIONS.to_string(),
        "communication_disabled_until": null,
    })
}

/// A full message object (as in MESSAGE_CREATE, REST answers and a component's `message`).
///
/// It carries no `guild_id`: Discord omits it in REST answers and in interactions. For a
/// MESSAGE_CREATE in the guild, pass the result through [`in_guild`].
pub fn message(
    id: u64,
    channel_id: u64,
    author: Value,
    content: &str,
    embeds: Value,
    components: Value,
) -> Value {
    json!({
        "id": snowflake(id),
        "channel_id": snowflake(channel_id),
        "author": author,
        "content": content,
        "timestamp": now(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": array_or_empty(embeds),
        "components": array_or_empty(components),
        "reactions": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    })
}

/// Marks `message` as posted in the fake's guild by `member` (MESSAGE_CREATE carries the
/// `guild_id` and the author's member object without its `user`).
pub fn in_guild(mut message: Value, mut member: Value) -> Value {
    if let Some(fields) = member.as_object_mut() {
        fields.remove("user");
        fields.remove("permissions");
    }
    merge(
        &mut message,
        json!({"guild_id": snowflake(FakeDiscord::GUILD_ID), "member": member}),
    );
    message
}

/// A MESSAGE_CREATE of `user` saying `content` in the guild's channel (or thread)
/// `channel_id`, as message `id`.
pub fn message_create(id: u64, channel_id: u64, user_id: u64, name: &str, content: &str) -> Value {
    let author = user(user_id, name, false);
    let posted = message(id, channel_id, author, content, Value::Null, Value::Null);
    in_guild(posted, member(user_id, name, &[]))
}

/// The user who triggers an interaction, and in which language their client runs.
struct Invoker<'a> {
    user_id: u64,
    user_name: &'a str,
    roles: &'a [u64],
    locale: &'a str,
}

/// The fields every guild interaction carries, around the type-specific `data`.
fn interaction(
    kind: u8,
    interaction_id: u64,
    invoker: &Invoker,
    channel_id: Value,
    data: Value,
) -> Value {
    json!({
        "id": snowflake(interaction_id),
        "application_id": snowflake(FakeDiscord::APPLICATION_ID),
        "type": kind,
        "data": data,
        "guild_id": snowflake(FakeDiscord::GUILD_ID),
        "channel_id": channel_id,
        "channel": {
            "id": channel_id,
            "type": 0,
            "guild_id": snowflake(FakeDiscord::GUILD_ID),
            "permissions": APP_PERMISSIONS.to_string(),
        },
        "member": member(invoker.user_id, invoker.user_name, invoker.roles),
        "token": interaction_token(interaction_id),
        "version": 1,
        "app_permissions": APP_PERMISSIONS.to_string(),
        "locale": invoker.locale,
        "guild_locale": GUILD_LOCALE,
        "entitlements": [],
        "authorizing_integration_owners": {"0": snowflake(FakeDiscord::GUILD_ID)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    })
}

/// The `data` of a chat-input command (types 2 and 4).
fn command_data(name: &str, options: Value) -> Value {
    json!({
        "id": snowflake(command_id(name)),
        "name": name,
        "type": 1,
        "options": array_or_empty(options),
    })
}

/// INTERACTION_CREATE of a slash command. `options` is Discord's raw option array, e.g.
/// `[{"name":"open","type":1,"options":[{"name":"dept","type":3,"value":"it"}]}]`.
#[allow(clippy::too_many_arguments)] // mirrors the interaction's independent fields
pub fn slash_command(
    interaction_id: u64,
    user_id: u64,
    user_name: &str,
    roles: &[u64],
    locale: &str,
    channel_id: u64,
    name: &str,
    options: Value,
) -> Value {
    let invoker = Invoker {
        user_id,
        user_name,
        roles,
        locale,
    };
    interaction(
        2,
        interaction_id,
        &invoker,
        snowflake(channel_id),
        command_data(name, options),
    )
}

/// INTERACTION_CREATE of an autocomplete request (type 4). `options` is the raw option array
/// with exactly one option marked focused — build that one with [`focused`].
#[allow(clippy::too_many_arguments)] // mirrors the interaction's independent fields
pub fn autocomplete(
    interaction_id: u64,
    user_id: u64,
    user_name: &str,
    roles: &[u64],
    locale: &str,
    channel_id: u64,
    name: &str,
    options: Value,
) -> Value {
    let mut event = slash_command(
        interaction_id,
        user_id,
        user_name,
        roles,
        locale,
        channel_id,
        name,
        options,
    );
    // The same payload as the command it completes, but of type 4.
    event["type"] = json!(4);
    event
}

/// The string option the user is typing in, as an autocomplete request carries it.
pub fn focused(option_name: &str, partial_value: &str) -> Value {
    json!({"name": option_name, "type": 3, "value": partial_value, "focused": true})
}

/// INTERACTION_CREATE of a button click on `message` (a full message object, see [`message`]).
pub fn button_click(
    interaction_id: u64,
    user_id: u64,
    user_name: &str,
    roles: &[u64],
    locale: &str,
    message: Value,
    custom_id: &str,
) -> Value {
    let invoker = Invoker {
        user_id,
        user_name,
        roles,
        locale,
    };
    let channel_id = message["channel_id"].clone();
    let data = json!({"custom_id": custom_id, "component_type": 2});
    let mut event = interaction(3, interaction_id, &invoker, channel_id, data);
    event["message"] = message;
    event
}

/// INTERACTION_CREATE of a submitted modal. `fields` are (text input custom_id, value) pairs,
/// one action row each. The channel is `message`'s, or [`FakeDiscord::DEFAULT_CHANNEL_ID`] for
/// a modal opened from a slash command (which has no message).
#[allow(clippy::too_many_arguments)] // mirrors the interaction's independent fields
pub fn modal_submit(
    interaction_id: u64,
    user_id: u64,
    user_name: &str,
    roles: &[u64],
    locale: &str,
    custom_id: &str,
    fields: &[(&str, &str)],
    message: Option<Value>,
) -> Value {
    let invoker = Invoker {
        user_id,
        user_name,
        roles,
        locale,
    };
    let rows: Vec<Value> = fields
        .iter()
        .map(|(input_id, value)| {
            json!({"type": 1, "components": [{"type": 4, "custom_id": input_id, "value": value}]})
        })
        .collect();
    let data = json!({"custom_id": custom_id, "components": rows});
    let channel_id = message.as_ref().map_or_else(
        || snowflake(FakeDiscord::DEFAULT_CHANNEL_ID),
        |m| m["channel_id"].clone(),
    );
    let mut event = interaction(5, interaction_id, &invoker, channel_id, data);
    if let Some(message) = message {
        event["message"] = message;
    }
    event
}

/// MESSAGE_REACTION_ADD of a unicode `emoji` by a member without roles named `user{id}`.
pub fn reaction_add(
    user_id: u64,
    channel_id: u64,
    message_id: u64,
    emoji: &str,
    message_author_id: u64,
) -> Value {
    let member = member(user_id, &format!("user{user_id}"), &[]);
    reaction_add_by(member, channel_id, message_id, emoji, message_author_id)
}

/// MESSAGE_REACTION_ADD by a given `member` (see [`member`]; its roles matter for approvals).
pub fn reaction_add_by(
    member: Value,
    channel_id: u64,
    message_id: u64,
    emoji: &str,
    message_author_id: u64,
) -> Value {
    json!({
        "user_id": member["user"]["id"].clone(),
        "channel_id": snowflake(channel_id),
        "message_id": snowflake(message_id),
        "guild_id": snowflake(FakeDiscord::GUILD_ID),
        "member": member,
        "emoji": {"id": null, "name": emoji},
        "message_author_id": snowflake(message_author_id),
        "burst": false,
        "burst_colors": [],
        "type": 0,
    })
}

/// MESSAGE_REACTION_REMOVE (Discord sends neither the member nor the message's author).
pub fn reaction_remove(user_id: u64, channel_id: u64, message_id: u64, emoji: &str) -> Value {
    json!({
        "user_id": snowflake(user_id),
        "channel_id": snowflake(channel_id),
        "message_id": snowflake(message_id),
        "guild_id": snowflake(FakeDiscord::GUILD_ID),
        "emoji": {"id": null, "name": emoji},
        "burst": false,
        "type": 0,
    })
}

/// The `d` of READY. serenity takes the application id from `application` and needs it before
/// it can register commands or answer interactions.
pub fn ready(session_id: &str, resume_gateway_url: &str, shard: Value, guilds: &[u64]) -> Value {
    let guilds: Vec<Value> = guilds
        .iter()
        .map(|id| json!({"id": snowflake(*id), "unavailable": true}))
        .collect();
    json!({
        "v": 10,
        "user": current_user(),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "shard": shard,
        "application": {"id": snowflake(FakeDiscord::APPLICATION_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
    })
}

/// A gateway dispatch frame (op 0): what goes over the websocket for `dispatch`.
pub fn dispatch_frame(seq: u64, event: &str, data: Value) -> Value {
    json!({"op": 0, "s": seq, "t": event, "d": data})
}

/// The RESUMED dispatch's `d`: serenity's `ResumedEvent` is an empty struct, so it must be an
/// object — a `null` here would turn the event into `Event::Unknown` and leave the shard
/// "resuming".
pub fn resumed() -> Value {
    json!({"_trace": ["fake-discord"]})
}

/// HELLO (op 10), the first frame of every gateway connection.
pub fn hello(heartbeat_interval_ms: u64) -> Value {
    json!({"op": 10, "s": null, "t": null, "d": {"heartbeat_interval": heartbeat_interval_ms}})
}

/// HEARTBEAT_ACK (op 11); without it serenity restarts the shard (and a restart waits 5 s).
pub fn heartbeat_ack() -> Value {
    json!({"op": 11, "s": null, "t": null, "d": null})
}

/// INVALID_SESSION (op 9): the bot must IDENTIFY again (`resumable` false).
pub fn invalid_session(resumable: bool) -> Value {
    json!({"op": 9, "s": null, "t": null, "d": resumable})
}

/// `GET /gateway/bot` (`GET /gateway` is the same without `shards` and the limit).
pub fn gateway_bot(url: &str, shards: u64) -> Value {
    json!({
        "url": url,
        "shards": shards,
        "session_start_limit": {
            "total": 1000,
            "remaining": 999,
            "reset_after": 14_400_000,
            "max_concurrency": 1,
        },
    })
}

/// `GET /oauth2/applications/@me`: serenity's `CurrentApplicationInfo`.
pub fn application() -> Value {
    json!({
        "id": snowflake(FakeDiscord::APPLICATION_ID),
        "name": FakeDiscord::BOT_USER_NAME,
        "icon": null,
        "description": "",
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "bot": bot_user(),
        "owner": user(FakeDiscord::OWNER_USER_ID, "owner", false),
        "verify_key": "0".repeat(64),
        "team": null,
        "flags": 0,
        "tags": [],
    })
}

/// A text channel of the fake's guild (`GET /guilds/{g}/channels`, `GET /channels/{c}`).
pub fn guild_text_channel(id: u64, name: &str, position: usize) -> Value {
    json!({
        "id": snowflake(id),
        "type": 0,
        "guild_id": snowflake(FakeDiscord::GUILD_ID),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "topic": null,
        "nsfw": false,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "parent_id": null,
        "flags": 0,
    })
}

/// A DM channel with `recipient` (`POST /users/@me/channels`).
pub fn dm_channel(id: u64, recipient: Value) -> Value {
    json!({
        "id": snowflake(id),
        "type": 1,
        "last_message_id": null,
        "flags": 0,
        "recipients": [recipient],
    })
}

/// A registered application command: the request's fields plus what Discord fills in.
pub fn registered_command(request: &Value, guild_id: Option<u64>, version: u64) -> Value {
    let mut command = if request.is_object() {
        request.clone()
    } else {
        json!({})
    };
    let name = command["name"].as_str().unwrap_or_default().to_owned();
    merge(
        &mut command,
        json!({
            "id": snowflake(command_id(&name)),
            "application_id": snowflake(FakeDiscord::APPLICATION_ID),
            "version": snowflake(version),
        }),
    );
    fill_missing(
        &mut command,
        json!({
            "type": 1,
            "description": "",
            "default_member_permissions": null,
            "dm_permission": true,
            "nsfw": false,
            "options": [],
        }),
    );
    if let Some(guild_id) = guild_id {
        command["guild_id"] = snowflake(guild_id);
    }
    if let Some(options) = command["options"].as_array_mut() {
        options.iter_mut().for_each(fill_option_defaults);
    }
    command
}

/// Discord always answers an option with a `description`; sub-options recursively.
fn fill_option_defaults(option: &mut Value) {
    fill_missing(option, json!({"description": "", "required": false}));
    if let Some(options) = option.get_mut("options").and_then(Value::as_array_mut) {
        options.iter_mut().for_each(fill_option_defaults);
    }
}

/// Discord's error body: `{"message": …, "code": …}` (serenity's `DiscordJsonError`).
pub fn error(message: &str, code: u64) -> Value {
    json!({"message": message, "code": code})
}

/// The current instant in Discord's timestamp format.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

/// `value` if it is an array, else `[]` (so `Value::Null` means "none").
pub fn array_or_empty(value: Value) -> Value {
    if value.is_array() {
        value
    } else {
        json!([])
    }
}

/// Sets every field of `fields` on `target` (an object), replacing existing ones.
pub fn merge(target: &mut Value, fields: Value) {
    if let (Some(target), Value::Object(fields)) = (target.as_object_mut(), fields) {
        target.extend(fields);
    }
}

/// Sets the fields of `defaults` that `target` (an object) lacks or has as `null`.
fn fill_missing(target: &mut Value, defaults: Value) {
    let (Some(target), Value::Object(defaults)) = (target.as_object_mut(), defaults) else {
        return;
    };
    for (key, value) in defaults {
        let slot = target.entry(key).or_insert(Value::Null);
        if slot.is_null() {
            *slot = value;
        }
    }
}

/// `event` (an interaction, reaction or message built here) as if it happened in guild
/// `guild` instead of [`FakeDiscord::GUILD_ID`].
pub fn in_guild_id(mut event: Value, guild: u64) -> Value {
    merge(&mut event, json!({"guild_id": snowflake(guild)}));
    event
}
