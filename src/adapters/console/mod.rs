//! The console: the whole bot in a terminal, and the scripted simulator the tests use.
//!
//! Lines it reads:
//! - `/command …` runs as the current actor; `@handle /command …` runs as that member;
//!   `@handle react IT-4 ✋` reacts to a card as that member (`@victor react A-5 ❌
//!   reason:"…"` gives the reason a rejection needs);
//! - `:as HANDLE` switches the actor; `:now` prints the clock; `:advance 90m` moves the clock
//!   and runs every job that falls due on the way, at its due time; `:help` lists these;
//! - `#` starts a comment; blank lines are ignored.
//!
//! Every message is printed on lines that begin with its target: `[reply]`, `[error]`,
//! `[#channel]`, `[dm @handle]`; the console's own notes begin with `[clock]` or `[console]`.

mod print;
mod repl;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::Notify;

use crate::core::domain::ids::Handle;
use crate::core::domain::object::ObjectId;
use crate::core::outbound::Outbound;
use crate::core::service::{Caller, Outcome, Service};
use crate::core::time::span::parse_wall_duration;
use crate::core::time::{local, AdjustableClock, Clock};
use crate::i18n::{Locale, Msg};
use crate::scheduler;

pub use print::format_outbound;
pub use repl::run_interactive;

pub struct Console {
    service: Arc<Service>,
    clock: Arc<AdjustableClock>,
    actor: Handle,
    /// Nudges the background job runner (interactive mode) after the clock moves.
    wake: Arc<Notify>,
}

impl Console {
    pub fn new(service: Arc<Service>, clock: Arc<AdjustableClock>, actor: Handle) -> Self {
        Console {
            service,
            clock,
            actor,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Handles one line; returns the lines to print.
    pub async fn line(&mut self, line: &str) -> Vec<String> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Vec::new();
        }
        let mut out = match line.split_once(char::is_whitespace).unwrap_or((line, "")) {
            (":as", rest) => self.switch_actor(rest.trim()).await,
            (":now", "") => vec![self.clock_line().await],
            (":advance", rest) => self.advance(rest.trim()).await,
            (":help", "") => self.note("console-help").await,
            (word, rest) if word.starts_with('@') => match Handle::parse(word) {
                Ok(handle) => self.as_member(&handle, rest.trim()).await,
                Err(msg) => self.error(msg).await,
            },
            _ if line.starts_with('/') => {
                let actor = self.actor.clone();
                self.command(&actor, line).await
            }
            _ => {
                self.error(Msg::new("console-unknown-line").arg("line", line))
                    .await
            }
        };
        // Work that fell due at this instant (e.g. a warning already late after a priority
        // change) runs now, as the real runner would.
        out.extend(self.run_due(self.clock.now()).await);
        out
    }

    /// Reads lines from stdin until it ends, echoing each (`> …`) before its output, so the
    /// transcript reads as a conversation. Used when stdin is not a terminal.
    pub async fn run_piped(&mut self) -> anyhow::Result<()> {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        let mut stdout = tokio::io::stdout();
        while let Some(line) = lines.next_line().await? {
            let mut text = format!("> {line}\n");
            for out in self.line(&line).await {
                text.push_str(&out);
                text.push('\n');
            }
            stdout.write_all(text.as_bytes()).await?;
        }
        stdout.flush().await?;
        Ok(())
    }

    /// Runs a whole script and returns the transcript, as `run_piped` prints it.
    pub async fn run_script(&mut self, script: &str) -> String {
        let mut text = String::new();
        for line in script.lines() {
            text.push_str(&format!("> {line}\n"));
            for out in self.line(line).await {
                text.push_str(&out);
                text.push('\n');
            }
        }
        text
    }

    /// `@handle /command …` or `@handle react ID EMOJI [reason:"…"]`.
    async fn as_member(&mut self, actor: &Handle, rest: &str) -> Vec<String> {
        let Some(reaction) = rest.strip_prefix("react ") else {
            return self.command(actor, rest).await;
        };
        let mut words = reaction.trim().splitn(3, char::is_whitespace);
        let (Some(object), Some(emoji)) = (words.next(), words.next()) else {
            return self
                .error(Msg::new("console-bad-reaction").arg("line", rest))
                .await;
        };
        let reason = match words.next().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(text) => match text.strip_prefix("reason:") {
                Some(value) => Some(unquote(value)),
                None => {
                    return self
                        .error(Msg::new("console-bad-reaction").arg("line", rest))
                        .await
                }
            },
        };
        let object = match ObjectId::parse(object) {
            Ok(object) => object,
            Err(msg) => return self.error(msg).await,
        };
        let caller = Caller::new(actor.clone());
        let outcome = self
            .service
            .react(&caller, &object, emoji, reason.as_deref(), self.clock.now())
            .await;
        self.wake.notify_one();
        match outcome {
            Outcome::Done(out) => render(&out),
            Outcome::Ignored | Outcome::Replayed => self.note("console-reaction-ignored").await,
        }
    }

    async fn command(&mut self, actor: &Handle, line: &str) -> Vec<String> {
        if !line.starts_with('/') {
            return self
                .error(Msg::new("console-unknown-line").arg("line", line))
                .await;
        }
        let caller = Caller::new(actor.clone());
        let outcome = self
            .service
            .execute_line(&caller, line, self.clock.now())
            .await;
        self.wake.notify_one();
        render(outcome.messages())
    }

    async fn switch_actor(&mut self, text: &str) -> Vec<String> {
        let handle = match Handle::parse(text) {
            Ok(h) => h,
            Err(msg) => return self.error(msg).await,
        };
        if !matches!(self.service.member(&handle).await, Ok(Some(_))) {
            return self
                .error(Msg::new("error-unknown-member").arg("handle", handle.as_str()))
                .await;
        }
        self.actor = handle;
        let text = Msg::new("console-acting-as")
            .arg("handle", self.actor.as_str())
            .render(self.locale().await);
        vec![format!("[console] {text}")]
    }

    async fn advance(&mut self, text: &str) -> Vec<String> {
        let by = match parse_wall_duration(text) {
            Ok(d) => d,
            Err(_) => {
                return self
                    .error(Msg::new("console-bad-duration").arg("value", text))
                    .await;
            }
        };
        let target = self.clock.now() + by;
        let mut out = Vec::new();
        // Jump from due time to due time so each job runs at the instant it was due.
        loop {
            match self.service.next_job_time().await {
                Ok(Some(at)) if at <= target => {
                    self.clock.advance_to(at);
                    let ran = self.run_due(self.clock.now()).await;
                    let failed = ran.iter().any(|l| l.starts_with("[error]"));
                    out.extend(ran);
                    if failed {
                        break;
                    }
                }
                Ok(_) => break,
                Err(e) => {
                    tracing::error!(error = ?e, "reading the job queue");
                    break;
                }
            }
        }
        self.clock.advance_to(target);
        self.wake.notify_one();
        out.push(self.clock_line().await);
        out
    }

    async fn run_due(&self, now: DateTime<Utc>) -> Vec<String> {
        let (ran, error) = scheduler::run_due(&self.service, now).await;
        let mut lines = render(&ran);
        if let Some(e) = error {
            tracing::error!(error = ?e, "a scheduled job failed");
            let text = Msg::new("console-job-failed").render(self.locale().await);
            lines.push(format!("[error] {text}"));
        }
        lines
    }

    async fn clock_line(&self) -> String {
        let now = self.clock.now();
        let tz = self.service.settings().default_tz;
        format!(
            "[clock] {} ({})",
            now.format("%Y-%m-%dT%H:%M:%SZ"),
            local(now, tz)
        )
    }

    async fn note(&self, id: &'static str) -> Vec<String> {
        let text = Msg::new(id).render(self.locale().await);
        text.lines().map(|l| format!("[console] {l}")).collect()
    }

    async fn error(&self, msg: Msg) -> Vec<String> {
        let text = msg.render(self.locale().await);
        text.lines()
            .map(|l| format!("[error] {}", print::safe(l)))
            .collect()
    }

    async fn locale(&self) -> Locale {
        self.service
            .locale_of(&Caller::new(self.actor.clone()))
            .await
    }

    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn clock(&self) -> Arc<AdjustableClock> {
        self.clock.clone()
    }
}

/// `"text with \"quotes\""` → `text with "quotes"`; a bare word stays as it is.
fn unquote(value: &str) -> String {
    let value = value.trim();
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_string(),
    }
}

fn render(out: &[Outbound]) -> Vec<String> {
    out.iter().flat_map(format_outbound).collect()
}
