//! What the fake Discord remembers, behind one lock, and how tests wait for it to change.
//!
//! Every change goes through [`State::mutate`], which bumps a `watch` counter afterwards; the
//! waits of [`super::FakeDiscord`] re-check their condition on every bump, with a deadline. So no
//! test ever sleeps to let something happen, and no change can slip between a check and a wait
//! (the waiter subscribes before it checks).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::gateway::GatewayState;
use super::payloads;
use super::threads::Threads;

/// One REST request the bot made, as the fake received it.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path as sent, still percent-encoded (a reaction's emoji stays `%E2%9C%85`); see
    /// [`Call::decoded_path`]. Starts with `/api/v10`.
    pub path: String,
    /// The query without its `?`, as sent (serenity writes `&limit=50`).
    pub query: String,
    /// The JSON body (for a multipart upload, its `payload_json` part), or `Value::Null` when
    /// the body was empty or not JSON.
    pub body: Value,
    /// The files of a multipart upload (`files[n]` parts), in the order sent.
    pub files: Vec<UploadedFile>,
    /// The status the fake answered with (after any [`super::FakeDiscord::fail_next`]).
    pub status: u16,
    /// The JSON the fake answered with (`Value::Null` for 204), e.g. a posted message.
    pub response: Value,
    /// When the request arrived (the load test's latencies end here).
    pub received: std::time::Instant,
}

/// A file the bot uploaded with a message.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadedFile {
    /// The form field, e.g. `files[0]`.
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Call {
    /// Whether this call has the given method and its path contains `path_part`.
    pub fn is(&self, method: &str, path_part: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.path.contains(path_part)
    }

    /// The path with percent-escapes decoded (`…/reactions/✅/@me`).
    pub fn decoded_path(&self) -> String {
        percent_decode(&self.path)
    }

    /// The value of query parameter `name`, if present (`?&limit=50` → `limit` = `50`).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| percent_decode(value))
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        write!(f, " → {}", self.status)?;
        if !self.body.is_null() {
            write!(f, " {}", self.body)?;
        }
        for file in &self.files {
            write!(f, " +{} ({} bytes)", file.filename, file.bytes.len())?;
        }
        Ok(())
    }
}

/// Decodes `%XX` escapes (UTF-8); malformed escapes are kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A pending [`super::FakeDiscord::fail_next`].
#[derive(Debug)]
pub(super) struct Failure {
    pub method: String,
    pub path_contains: String,
    pub status: u16,
    pub remaining: usize,
}

/// An interaction the fake dispatched: where its answers go.
#[derive(Clone, Debug)]
pub(super) struct KnownInteraction {
    pub channel_id: u64,
    /// The message a component or modal interaction came from.
    pub message_id: Option<u64>,
}

/// Everything the fake knows. Only touched under [`State`]'s lock, never across an await.
pub(super) struct Inner {
    /// Every REST call, in the order the fake handled them.
    pub calls: Vec<Call>,
    /// `claimed[i]`: `calls[i]` was already returned by a `wait_for_call`.
    pub claimed: Vec<bool>,
    pub failures: Vec<Failure>,
    next_id: u64,
    /// Guild text channels from `add_channel`: (id, name), in position order.
    pub channels: Vec<(u64, String)>,
    /// DM channel id by recipient user id.
    pub dm_channels: BTreeMap<u64, u64>,
    /// Messages by id: posted or edited by the bot, or seen in a dispatched event.
    pub messages: HashMap<u64, Value>,
    /// Posts made with `enforce_nonce`: (channel, nonce) → the message and when it was made.
    pub nonces: HashMap<(u64, String), (u64, std::time::Instant)>,
    /// Interactions dispatched so far, by token.
    pub interactions: HashMap<String, KnownInteraction>,
    /// Interaction ids already answered through `/callback`.
    pub acknowledged: HashSet<u64>,
    /// Who waits for an interaction's answer, by interaction id: told directly, so that a
    /// hundred waiters are not all woken by every call (they would steal the bot's cores
    /// under load).
    pub answer_waiters: HashMap<u64, Vec<oneshot::Sender<()>>>,
    /// The message id of each interaction's original response, by token.
    pub originals: HashMap<String, u64>,
    /// Registered commands by (guild, name); `None` is global.
    pub commands: BTreeMap<(Option<u64>, String), Value>,
    /// Threads the bot started, and deleted ones.
    pub threads: Threads,
    pub gateway: GatewayState,
}

impl Inner {
    fn new() -> Inner {
        Inner {
            calls: Vec::new(),
            claimed: Vec::new(),
            failures: Vec::new(),
            next_id: 1_200_000_000_000_000_000,
            channels: Vec::new(),
            dm_channels: BTreeMap::new(),
            messages: HashMap::new(),
            nonces: HashMap::new(),
            interactions: HashMap::new(),
            acknowledged: HashSet::new(),
            answer_waiters: HashMap::new(),
            originals: HashMap::new(),
            commands: BTreeMap::new(),
            threads: Threads::default(),
            gateway: GatewayState::default(),
        }
    }

    /// A snowflake never handed out before.
    pub fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Marks interaction `id` answered, telling whoever waits for it; false if it already was.
    pub fn acknowledge(&mut self, id: u64) -> bool {
        if !self.acknowledged.insert(id) {
            return false;
        }
        for waiter in self.answer_waiters.remove(&id).unwrap_or_default() {
            // A waiter that gave up has dropped its end: nobody to tell.
            let _ = waiter.send(());
        }
        true
    }

    pub fn record(&mut self, call: Call) {
        self.calls.push(call);
        self.claimed.push(false);
    }

    /// The first call matching `pred` that no earlier wait returned; marks it returned.
    pub fn claim_call(&mut self, pred: &impl Fn(&Call) -> bool) -> Option<Call> {
        let index = self.unclaimed_matching(pred)?;
        self.claimed[index] = true;
        Some(self.calls[index].clone())
    }

    /// The index of the first call matching `pred` that no wait returned yet.
    pub fn unclaimed_matching(&self, pred: &impl Fn(&Call) -> bool) -> Option<usize> {
        self.calls
            .iter()
            .zip(&self.claimed)
            .position(|(call, claimed)| !claimed && pred(call))
    }

    /// Every call, one a line, for failure messages.
    pub fn describe_calls(&self) -> String {
        if self.calls.is_empty() {
            return "  (no REST calls)".to_owned();
        }
        self.calls
            .iter()
            .zip(&self.claimed)
            .map(|(call, claimed)| format!("  {}{call}", if *claimed { "(seen) " } else { "" }))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The status to fail `call` with, if a `fail_next` covers it (consuming one use).
    pub fn take_failure(&mut self, call: &Call) -> Option<u16> {
        let failure = self
            .failures
            .iter_mut()
            .find(|f| f.remaining > 0 && call.is(&f.method, &f.path_contains))?;
        failure.remaining -= 1;
        Some(failure.status)
    }

    /// Remembers what a dispatched event tells Discord's side: interactions (to route their
    /// answers) and messages (so the bot can fetch or edit them later).
    pub fn remember_dispatched(&mut self, event: &str, data: &Value) {
        match event {
            "INTERACTION_CREATE" => self.remember_interaction(data),
            "MESSAGE_CREATE" | "MESSAGE_UPDATE" => self.remember_message(data),
            _ => {}
        }
    }

    fn remember_interaction(&mut self, data: &Value) {
        let message_id = data
            .get("message")
            .and_then(|m| payloads::read_snowflake(&m["id"]));
        // The message as the event carries it is a snapshot from when the event was made; a
        // replayed event's is old. Discord's own copy is not changed by dispatching it.
        if let Some(message) = data.get("message") {
            if let Some(id) = payloads::read_snowflake(&message["id"]) {
                self.messages.entry(id).or_insert_with(|| message.clone());
            }
        }
        let (Some(token), Some(channel_id)) = (
            data["token"].as_str(),
            payloads::read_snowflake(&data["channel_id"]),
        ) else {
            return;
        };
        let known = KnownInteraction {
            channel_id,
            message_id,
        };
        self.interactions.insert(token.to_owned(), known);
    }

    fn remember_message(&mut self, message: &Value) {
        if let Some(id) = payloads::read_snowflake(&message["id"]) {
            self.messages.insert(id, message.clone());
        }
    }
}

/// The fake's shared state: the lock, the change counter and the addresses it serves on.
pub(super) struct State {
    inner: Mutex<Inner>,
    changes: watch::Sender<u64>,
    pub api_base: String,
    pub gateway_url: String,
}

impl State {
    pub fn new(api_base: String, gateway_url: String) -> State {
        State {
            inner: Mutex::new(Inner::new()),
            changes: watch::Sender::new(0),
            api_base,
            gateway_url,
        }
    }

    /// Reads the state. A panic elsewhere while holding the lock (a failed assertion in a
    /// predicate) must not hide the state from the next reader, so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the state and wakes every waiter.
    pub fn mutate<T>(&self, change: impl FnOnce(&mut Inner) -> T) -> T {
        let result = change(&mut self.lock());
        self.notify();
        result
    }

    fn notify(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Re-runs `check` after every change until it yields a value or `timeout` passes.
    ///
    /// `check` may change the state when it succeeds (claim a call, send a dispatch); only then
    /// are other waiters woken — waking them on every failed check would make two waiters wake
    /// each other forever.
    pub async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&mut Inner) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        // Subscribe before the first check: a change in between still wakes us.
        let mut changes = self.changes.subscribe();
        loop {
            if let Some(found) = self.check_once(&mut check) {
                return Some(found);
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => continue,
                // Timed out (or, impossibly, the counter was dropped): one last look.
                Ok(Err(_)) | Err(_) => return self.check_once(&mut check),
            }
        }
    }

    fn check_once<T>(&self, check: &mut impl FnMut(&mut Inner) -> Option<T>) -> Option<T> {
        let found = check(&mut self.lock());
        if found.is_some() {
            self.notify();
        }
        found
    }
}
