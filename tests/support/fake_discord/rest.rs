//! The fake REST API: plain `http://` on loopback, paths under `/api/v10` (serenity's proxy
//! setting replaces only the scheme and host).
//!
//! Each request is recorded and answered in one critical section, so the call list is in the
//! order the answers were decided. Answers are JSON objects serenity deserializes; anything the
//! fake does not know gets Discord's 404 JSON error (and is recorded like every call).

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::payloads::{self, read_snowflake, snowflake};
use super::state::{Call, Inner, State, UploadedFile};
use super::threads;
use super::FakeDiscord;

/// An answer: status, optional JSON body, extra headers.
pub(super) struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    fn no_content() -> Reply {
        Reply {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }

    /// Discord's JSON error (`{"message", "code"}`).
    fn error(status: u16, message: &str, code: u64) -> Reply {
        Reply::json(status, payloads::error(message, code))
    }

    /// A thread route's refusal (see `threads`).
    fn refused((status, message, code): threads::Refusal) -> Reply {
        Reply::error(status, message, code)
    }

    fn unknown_route() -> Reply {
        Reply::error(404, "404: Not Found", 0)
    }

    fn unknown_channel() -> Reply {
        Reply::error(404, "Unknown Channel", 10003)
    }

    fn unknown_guild() -> Reply {
        Reply::error(404, "Unknown Guild", 10004)
    }

    fn unknown_message() -> Reply {
        Reply::error(404, "Unknown Message", 10008)
    }

    fn unknown_webhook() -> Reply {
        Reply::error(404, "Unknown Webhook", 10015)
    }

    fn missing_access() -> Reply {
        Reply::error(403, "Missing Access", 50001)
    }

    fn invalid_form_body() -> Reply {
        Reply::error(400, "Invalid Form Body", 50035)
    }

    /// What [`FakeDiscord::fail_next`] answers: a 429 like Discord's (body and rate-limit
    /// headers), or a bare error status.
    fn injected_failure(status: u16) -> Reply {
        if status != 429 {
            let reason = StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Injected failure");
            return Reply::error(status, &format!("{status}: {reason}"), 0);
        }
        let body =
            json!({"message": "You are being rate limited.", "retry_after": 0.05, "global": false});
        let reset = chrono::Utc::now().timestamp_millis() as f64 / 1000.0 + 0.05;
        Reply {
            status,
            body: Some(body),
            headers: vec![
                ("x-ratelimit-limit", "5".to_owned()),
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-reset", format!("{reset:.3}")),
                ("x-ratelimit-reset-after", "0.050".to_owned()),
                ("x-ratelimit-bucket", "fake-discord-bucket".to_owned()),
                ("x-ratelimit-scope", "user".to_owned()),
                // Discord's Retry-After header is whole seconds, rounded up.
                ("retry-after", "1".to_owned()),
            ],
        }
    }

    fn into_response(self) -> Response<Full<Bytes>> {
        let body = self
            .body
            .map(|b| Bytes::from(b.to_string()))
            .unwrap_or_default();
        let mut response = Response::new(Full::new(body));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        if self.status != 204 {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

/// One keep-alive HTTP/1.1 connection (reqwest reuses them).
pub(super) async fn serve_connection(
    state: Arc<State>,
    stream: TcpStream,
    mut shutdown: watch::Receiver<()>,
) {
    let service = service_fn(move |request| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(handle(&state, request).await) }
    });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        _ = shutdown.changed() => {}
    }
}

/// Reads the request, then records and answers it.
async fn handle(state: &State, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let boundary = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("multipart/form-data"))
        .and_then(|v| v.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"').to_owned());
    let bytes = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (body, files) = match boundary {
        Some(boundary) => multipart(&bytes, &boundary),
        None => (
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            Vec::new(),
        ),
    };
    let call = Call {
        method,
        path,
        query,
        body,
        files,
        status: 0,
        response: Value::Null,
        received: std::time::Instant::now(),
    };
    state
        .mutate(|inner| respond(inner, &state.gateway_url, call))
        .into_response()
}

/// A `multipart/form-data` body as Discord takes it with uploads: the JSON of its
/// `payload_json` part, and its file parts.
fn multipart(bytes: &[u8], boundary: &str) -> (Value, Vec<UploadedFile>) {
    let delimiter = format!("--{boundary}");
    let mut payload = Value::Null;
    let mut files = Vec::new();
    for part in split(bytes, delimiter.as_bytes()).into_iter().skip(1) {
        // Each part: CRLF, headers, a blank line, the content, CRLF; the last is `--`.
        let Some(part) = part.strip_prefix(b"\r\n") else {
            continue;
        };
        let Some(blank) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..blank]).to_string();
        let content = &part[blank + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let header = |name: &str| {
            headers.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_owned())
            })
        };
        let disposition = header("content-disposition").unwrap_or_default();
        let param = |name: &str| {
            disposition
                .split(';')
                .filter_map(|p| p.trim().strip_prefix(&format!("{name}=")))
                .map(|v| v.trim_matches('"').to_owned())
                .next()
        };
        let content_type = header("content-type").unwrap_or_default();
        match (param("name"), param("filename")) {
            (Some(name), None) if name == "payload_json" => {
                payload = serde_json::from_slice(content).unwrap_or(Value::Null);
            }
            (Some(field), Some(filename)) => files.push(UploadedFile {
                field,
                filename,
                content_type,
                bytes: content.to_vec(),
            }),
            _ => {}
        }
    }
    (payload, files)
}

/// `bytes` cut at each occurrence of `at` (the pieces between, `at` left out).
fn split<'a>(mut bytes: &'a [u8], at: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(i) = find(bytes, at) {
        pieces.push(&bytes[..i]);
        bytes = &bytes[i + at.len()..];
    }
    pieces.push(bytes);
    pieces
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decides the answer (an injected failure first), then records the call with its status.
fn respond(inner: &mut Inner, gateway_url: &str, mut call: Call) -> Reply {
    let reply = match inner.take_failure(&call) {
        Some(status) => Reply::injected_failure(status),
        None => route(inner, gateway_url, &call).unwrap_or_else(|error| error),
    };
    call.status = reply.status;
    call.response = reply.body.clone().unwrap_or(Value::Null);
    inner.record(call);
    reply
}

/// Parses a snowflake path segment; Discord answers a malformed one with a form error.
fn id(segment: &str) -> Result<u64, Reply> {
    segment.parse().map_err(|_| Reply::invalid_form_body())
}

/// Only the fake's application exists; other ids look like someone else's application.
fn check_application(segment: &str) -> Result<(), Reply> {
    match id(segment)? {
        FakeDiscord::APPLICATION_ID => Ok(()),
        _ => Err(Reply::missing_access()),
    }
}

/// Dispatches on method and path segments (after `/api/v10/`).
fn route(inner: &mut Inner, gateway_url: &str, call: &Call) -> Result<Reply, Reply> {
    let Some(path) = call.path.strip_prefix("/api/v10/") else {
        return Err(Reply::unknown_route());
    };
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let body = &call.body;
    match (call.method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => Ok(Reply::ok(json!({"url": gateway_url}))),
        ("GET", ["gateway", "bot"]) => Ok(Reply::ok(payloads::gateway_bot(
            gateway_url,
            inner.gateway.recommended_shards,
        ))),
        ("GET", ["users", "@me"]) => Ok(Reply::ok(payloads::current_user())),
        ("GET", ["users", user]) => {
            let user = id(user)?;
            Ok(Reply::ok(payloads::user(
                user,
                &format!("user{user}"),
                false,
            )))
        }
        ("POST", ["users", "@me", "channels"]) => open_dm(inner, body),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            Ok(Reply::ok(payloads::application()))
        }
        (method, ["applications", app, "commands"]) => {
            check_application(app)?;
            commands(inner, method, None, body)
        }
        (method, ["applications", app, "guilds", guild, "commands"]) => {
            check_application(app)?;
            if id(guild)? != FakeDiscord::GUILD_ID {
                return Err(Reply::missing_access());
            }
            commands(inner, method, Some(FakeDiscord::GUILD_ID), body)
        }
        ("GET", ["guilds", guild, "channels"]) => guild_channels(inner, id(guild)?),
        ("GET", ["channels", channel]) => get_channel(inner, id(channel)?),
        ("GET", ["channels", channel, "messages"]) => list_messages(inner, id(channel)?, call),
        ("POST", ["channels", channel, "messages"]) => {
            let channel = id(channel)?;
            if let Some(refusal) = threads::refuses_posts(inner, channel) {
                return Err(Reply::refused(refusal));
            }
            post_message(inner, channel, body, &call.files)
        }
        ("POST", ["channels", channel, "messages", message, "threads"]) => {
            let (channel, message) = (id(channel)?, id(message)?);
            threads::start(inner, channel, Some(message), body)
                .map(Reply::ok)
                .map_err(Reply::refused)
        }
        ("POST", ["channels", channel, "threads"]) => {
            threads::start(inner, id(channel)?, None, body)
                .map(Reply::ok)
                .map_err(Reply::refused)
        }
        ("PUT", ["channels", thread, "thread-members", user]) => {
            threads::add_member(inner, id(thread)?, id(user)?)
                .map(|()| Reply::no_content())
                .map_err(Reply::refused)
        }
        ("DELETE", ["channels", thread]) => threads::delete(inner, id(thread)?)
            .map(Reply::ok)
            .map_err(Reply::refused),
        (method, ["channels", channel, "messages", message]) => {
            channel_message(inner, method, id(channel)?, id(message)?, body)
        }
        // Not checked against known messages: a test may dispatch a reaction on a message the
        // fake never saw, and the bot reacting back to it is still worth recording.
        ("PUT" | "DELETE", ["channels", channel, "messages", message, "reactions", _, "@me"]) => {
            id(channel)?;
            id(message)?;
            Ok(Reply::no_content())
        }
        ("POST", ["interactions", interaction, token, "callback"]) => {
            interaction_callback(inner, id(interaction)?, token, body)
        }
        ("POST", ["webhooks", app, token]) => {
            check_webhook(app)?;
            let channel_id = interaction_channel(inner, token);
            let message = new_message(inner, channel_id, body, true);
            Ok(Reply::ok(store(inner, message)))
        }
        (method, ["webhooks", app, token, "messages", "@original"]) => {
            check_webhook(app)?;
            let message_id = inner
                .originals
                .get(*token)
                .copied()
                .ok_or_else(Reply::unknown_message)?;
            stored_message(inner, method, message_id, body)
        }
        (method, ["webhooks", app, _token, "messages", message]) => {
            check_webhook(app)?;
            stored_message(inner, method, id(message)?, body)
        }
        _ => Err(Reply::unknown_route()),
    }
}

/// An interaction's webhook belongs to the fake's application; others are unknown.
fn check_webhook(app: &str) -> Result<(), Reply> {
    match app.parse::<u64>() {
        Ok(FakeDiscord::APPLICATION_ID) => Ok(()),
        _ => Err(Reply::unknown_webhook()),
    }
}

/// `POST /users/@me/channels`: one DM channel per recipient, created on first use.
fn open_dm(inner: &mut Inner, body: &Value) -> Result<Reply, Reply> {
    let recipient = read_snowflake(&body["recipient_id"]).ok_or_else(Reply::invalid_form_body)?;
    let channel_id = match inner.dm_channels.get(&recipient) {
        Some(channel_id) => *channel_id,
        None => {
            let channel_id = inner.fresh_id();
            inner.dm_channels.insert(recipient, channel_id);
            channel_id
        }
    };
    Ok(Reply::ok(dm_channel(channel_id, recipient)))
}

fn dm_channel(channel_id: u64, recipient: u64) -> Value {
    payloads::dm_channel(
        channel_id,
        payloads::user(recipient, &format!("user{recipient}"), false),
    )
}

/// Command registration: `PUT` overwrites the scope's list, `POST` adds or replaces one (by
/// name), `GET` lists. Ids are [`payloads::command_id`] of the name.
fn commands(
    inner: &mut Inner,
    method: &str,
    guild: Option<u64>,
    body: &Value,
) -> Result<Reply, Reply> {
    match method {
        "GET" => Ok(Reply::ok(Value::Array(registered(inner, guild)))),
        "PUT" => {
            let requested = body.as_array().ok_or_else(Reply::invalid_form_body)?;
            inner.commands.retain(|(scope, _), _| *scope != guild);
            for command in requested {
                register(inner, guild, command)?;
            }
            Ok(Reply::ok(Value::Array(registered(inner, guild))))
        }
        "POST" => Ok(Reply::ok(register(inner, guild, body)?)),
        _ => Err(Reply::unknown_route()),
    }
}

fn register(inner: &mut Inner, guild: Option<u64>, request: &Value) -> Result<Value, Reply> {
    let name = request["name"]
        .as_str()
        .ok_or_else(Reply::invalid_form_body)?
        .to_owned();
    let version = inner.fresh_id();
    let command = payloads::registered_command(request, guild, version);
    inner.commands.insert((guild, name), command.clone());
    Ok(command)
}

fn registered(inner: &Inner, guild: Option<u64>) -> Vec<Value> {
    let in_scope = |((scope, _), command): (&(Option<u64>, String), &Value)| {
        (*scope == guild).then(|| command.clone())
    };
    inner.commands.iter().filter_map(in_scope).collect()
}

fn guild_channels(inner: &Inner, guild: u64) -> Result<Reply, Reply> {
    if guild != FakeDiscord::GUILD_ID {
        return Err(Reply::unknown_guild());
    }
    let channels = inner
        .channels
        .iter()
        .enumerate()
        .map(|(position, (id, name))| payloads::guild_text_channel(*id, name, position))
        .collect();
    Ok(Reply::ok(Value::Array(channels)))
}

fn get_channel(inner: &Inner, channel: u64) -> Result<Reply, Reply> {
    if let Some(position) = inner.channels.iter().position(|(id, _)| *id == channel) {
        let name = &inner.channels[position].1;
        return Ok(Reply::ok(payloads::guild_text_channel(
            channel, name, position,
        )));
    }
    inner
        .dm_channels
        .iter()
        .find(|(_, id)| **id == channel)
        .map(|(recipient, _)| Reply::ok(dm_channel(channel, *recipient)))
        .ok_or_else(Reply::unknown_channel)
}

/// `GET /channels/{c}/messages?limit=N`: the channel's known messages, newest first.
fn list_messages(inner: &Inner, channel: u64, call: &Call) -> Result<Reply, Reply> {
    let limit = call
        .query_param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(50);
    let mut messages: Vec<(u64, &Value)> = inner
        .messages
        .iter()
        .filter(|(_, m)| read_snowflake(&m["channel_id"]) == Some(channel))
        .map(|(id, m)| (*id, m))
        .collect();
    messages.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    let page = messages
        .into_iter()
        .take(limit)
        .map(|(_, m)| m.clone())
        .collect();
    Ok(Reply::ok(Value::Array(page)))
}

/// `GET`, `PATCH`, `DELETE /channels/{c}/messages/{m}`.
fn channel_message(
    inner: &mut Inner,
    method: &str,
    channel: u64,
    message: u64,
    body: &Value,
) -> Result<Reply, Reply> {
    known_message(inner, channel, message)?;
    stored_message(inner, method, message, body)
}

/// `GET`, `PATCH` or `DELETE` of stored message `message` (404 if unknown).
fn stored_message(
    inner: &mut Inner,
    method: &str,
    message: u64,
    body: &Value,
) -> Result<Reply, Reply> {
    match method {
        "GET" => inner
            .messages
            .get(&message)
            .map(|m| Reply::ok(m.clone()))
            .ok_or_else(Reply::unknown_message),
        "PATCH" => edit(inner, message, body)
            .map(Reply::ok)
            .ok_or_else(Reply::unknown_message),
        "DELETE" => inner
            .messages
            .remove(&message)
            .map(|_| Reply::no_content())
            .ok_or_else(Reply::unknown_message),
        _ => Err(Reply::unknown_route()),
    }
}

/// Fails with Discord's 404 unless message `message` is known to be in `channel`.
fn known_message(inner: &Inner, channel: u64, message: u64) -> Result<(), Reply> {
    match inner.messages.get(&message) {
        Some(m) if read_snowflake(&m["channel_id"]) == Some(channel) => Ok(()),
        _ => Err(Reply::unknown_message()),
    }
}

/// `POST /interactions/{id}/{token}/callback`. A second answer to the same interaction fails
/// as on Discord (40060). Message responses become the interaction's `@original`.
fn interaction_callback(
    inner: &mut Inner,
    interaction: u64,
    token: &str,
    body: &Value,
) -> Result<Reply, Reply> {
    if !inner.acknowledge(interaction) {
        return Err(Reply::error(
            400,
            "Interaction has already been acknowledged.",
            40060,
        ));
    }
    let data = &body["data"];
    let source_message = inner
        .interactions
        .get(token)
        .and_then(|known| known.message_id);
    let original = match body["type"].as_u64() {
        // CHANNEL_MESSAGE_WITH_SOURCE
        Some(4) => {
            let channel_id = interaction_channel(inner, token);
            let message = new_message(inner, channel_id, data, true);
            Some(store_id(inner, message))
        }
        // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: a "thinking…" placeholder.
        Some(5) => {
            let channel_id = interaction_channel(inner, token);
            let flags = data["flags"].as_u64().unwrap_or(0) | payloads::FLAG_LOADING;
            let placeholder = new_message(inner, channel_id, &json!({"flags": flags}), true);
            Some(store_id(inner, placeholder))
        }
        // DEFERRED_UPDATE_MESSAGE
        Some(6) => source_message,
        // UPDATE_MESSAGE
        Some(7) => source_message.and_then(|message| edit(inner, message, data).map(|_| message)),
        // Autocomplete results, modals, …: no message.
        _ => None,
    };
    if let Some(original) = original {
        inner.originals.insert(token.to_owned(), original);
    }
    Ok(Reply::no_content())
}

/// The channel of the interaction with `token`, if the fake dispatched it.
fn interaction_channel(inner: &Inner, token: &str) -> u64 {
    inner
        .interactions
        .get(token)
        .map_or(FakeDiscord::DEFAULT_CHANNEL_ID, |known| known.channel_id)
}

/// How long Discord remembers a nonce: "the past few minutes".
const NONCE_WINDOW: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// `POST /channels/{c}/messages`. As on Discord, a post with `enforce_nonce` and a nonce
/// already used in that channel within a few minutes creates nothing: the earlier message
/// is returned.
fn post_message(
    inner: &mut Inner,
    channel_id: u64,
    request: &Value,
    files: &[UploadedFile],
) -> Result<Reply, Reply> {
    let nonce = match &request["nonce"] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|_| request["enforce_nonce"] == json!(true));
    if let Some(nonce) = &nonce {
        if let Some((earlier, at)) = inner.nonces.get(&(channel_id, nonce.clone())) {
            if at.elapsed() < NONCE_WINDOW {
                if let Some(message) = inner.messages.get(earlier) {
                    return Ok(Reply::ok(message.clone()));
                }
            }
        }
    }
    let mut message = new_message(inner, channel_id, request, false);
    message["attachments"] = attachments(inner, channel_id, files);
    if let Some(nonce) = nonce {
        message["nonce"] = json!(nonce);
        let id = read_snowflake(&message["id"]).unwrap_or_default();
        inner
            .nonces
            .insert((channel_id, nonce), (id, std::time::Instant::now()));
    }
    Ok(Reply::ok(store(inner, message)))
}

/// A message the bot posts: its request's content, embeds, components and flags, a fresh id.
/// Messages through an interaction's webhook carry `webhook_id` and `application_id`.
fn new_message(inner: &mut Inner, channel_id: u64, request: &Value, webhook: bool) -> Value {
    let id = inner.fresh_id();
    let content = request["content"].as_str().unwrap_or_default();
    let embeds = rich_embeds(request["embeds"].clone());
    let components = request["components"].clone();
    let mut message = payloads::message(
        id,
        channel_id,
        payloads::bot_user(),
        content,
        embeds,
        components,
    );
    message["flags"] = json!(request["flags"].as_u64().unwrap_or(0));
    if webhook {
        let app = snowflake(FakeDiscord::APPLICATION_ID);
        payloads::merge(
            &mut message,
            json!({"webhook_id": app, "application_id": app}),
        );
    }
    message
}

/// The attachment objects of a message posted with `files`, as Discord returns them: each
/// with a fresh id, its size and a CDN url.
fn attachments(inner: &mut Inner, channel_id: u64, files: &[UploadedFile]) -> Value {
    let list = files
        .iter()
        .map(|file| {
            let id = inner.fresh_id();
            let url = format!(
                "https://cdn.discordapp.com/attachments/{channel_id}/{id}/{}",
                file.filename
            );
            json!({
                "id": snowflake(id),
                "filename": file.filename,
                "size": file.bytes.len(),
                "url": url,
                "proxy_url": url,
                "content_type": file.content_type,
            })
        })
        .collect();
    Value::Array(list)
}

/// Applies an edit request to stored message `id` (replacing the fields it sends) and returns
/// the result, or `None` if the message is unknown. An edit ends a deferred response's
/// "loading" state, as on Discord.
fn edit(inner: &mut Inner, id: u64, request: &Value) -> Option<Value> {
    let message = inner.messages.get_mut(&id)?;
    for field in ["content", "components", "flags"] {
        if let Some(value) = request.get(field).filter(|v| !v.is_null()) {
            message[field] = value.clone();
        }
    }
    if let Some(embeds) = request.get("embeds").filter(|v| !v.is_null()) {
        message["embeds"] = rich_embeds(embeds.clone());
    }
    let flags = message["flags"].as_u64().unwrap_or(0) & !payloads::FLAG_LOADING;
    message["flags"] = json!(flags);
    message["edited_timestamp"] = json!(payloads::now());
    Some(message.clone())
}

/// Embeds as Discord returns them: each with `"type": "rich"`.
fn rich_embeds(embeds: Value) -> Value {
    let mut embeds = payloads::array_or_empty(embeds);
    if let Some(list) = embeds.as_array_mut() {
        for embed in list
            .iter_mut()
            .filter(|e| e.is_object() && e.get("type").is_none())
        {
            embed["type"] = json!("rich");
        }
    }
    embeds
}

/// Stores `message` (by its id) and returns it.
fn store(inner: &mut Inner, message: Value) -> Value {
    if let Some(id) = read_snowflake(&message["id"]) {
        inner.messages.insert(id, message.clone());
    }
    message
}

/// Stores `message` and returns its id.
fn store_id(inner: &mut Inner, message: Value) -> u64 {
    let id = read_snowflake(&message["id"]).unwrap_or_default();
    inner.messages.insert(id, message);
    id
}
