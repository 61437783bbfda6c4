//! The console: the whole bot in a terminal, and the scripted simulator the tests use.
//!
//! Lines it reads:
//! - `/command …` runs as the current actor; `@handle /command …` runs as that member;
//!   `@handle react IT-4 ✋` reacts to a card as that member (`@victor react A-5 ❌
//!   reason:"…"` gives the reason a rejection needs);
//! - `:as HANDLE` switches the actor; `:now` prints the clock; `:advance 90m` moves the clock
//!   and runs every job that falls due on the way, at its due time; `:offline 2d` moves it
//!   as if opsdesk were down meanwhile (what fell due runs once it is back); `:help` lists
//!   these;
//! - `#` starts a comment; blank lines are ignored.
//!
//! Every message is printed on lines that begin with its target: `[reply]`, `[error]`,
//! `[#channel]`, `[dm @handle]`; the console's own notes begin with `[clock]` or `[console]`.
//! An attached image (a digest's chart) is saved in the attachments folder and named on a
//! line `[attachment] NAME 800×400 saved to PATH` under its message's target.

mod print;
mod repl;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::Notify;

use std::sync::Mutex;

use async_trait::async_trait;

use crate::core::domain::ids::Handle;
use crate::core::domain::object::ObjectId;
use crate::core::domain::text;
use crate::core::outbound::Outbound;
use crate::core::outbox::{Delivery, Outgoing, Transport};
use crate::core::service::{Caller, Outcome, Service};
use crate::core::time::span::{parse_wall_duration, SpanError};
use crate::core::time::{local, AdjustableClock, Clock};
use crate::i18n::{Locale, Msg};
use crate::{scheduler, sender};

pub use print::{format_outbound, Printer};

/// The most `:advance` or `:offline` moves the clock at once: a year (every job on the way
/// runs, so a longer jump would keep the console busy for minutes).
const LONGEST_JUMP: chrono::Duration = chrono::Duration::days(366);
pub use repl::run_interactive;

pub struct Console {
    service: Arc<Service>,
    clock: Arc<AdjustableClock>,
    actor: Handle,
    /// Nudges the background job runner (interactive mode) after the clock moves.
    wake: Arc<Notify>,
    /// The outbox's messages, printed after each line as they are delivered.
    printer: LinePrinter<Collected>,
}

impl Console {
    /// A console whose attachments (digest charts) go to a temporary folder; see
    /// [`Console::attachments_to`].
    pub fn new(service: Arc<Service>, clock: Arc<AdjustableClock>, actor: Handle) -> Self {
        let folder = std::env::temp_dir().join("opsdesk");
        Console {
            service,
            clock,
            actor,
            wake: Arc::new(Notify::new()),
            printer: LinePrinter::new(Collected::default(), Printer::new(folder)),
        }
    }

    /// Saves attached images (digest charts) in `folder`, made when first needed.
    pub fn attachments_to(mut self, folder: PathBuf) -> Self {
        self.printer.printer = Printer::new(folder);
        self
    }

    /// Where attached images are saved.
    pub fn attachments_folder(&self) -> &std::path::Path {
        self.printer.printer.folder()
    }

    /// What the outbox still holds from before (a crash between a commit and its delivery):
    /// printed before anything else happens.
    pub async fn resume(&mut self) -> Vec<String> {
        self.deliver().await
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
            (":offline", rest) => self.offline(rest.trim()).await,
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
                self.error(
                    Msg::new("console-unknown-line")
                        .arg("line", text::echo(line, text::ECHO_CHARS)),
                )
                .await
            }
        };
        // What the line wrote to the outbox, then work that fell due at this instant (e.g. a
        // warning already late after a priority change), as the real runner would.
        out.extend(self.deliver().await);
        out.extend(self.run_due(self.clock.now()).await);
        out
    }

    /// Reads lines from stdin until it ends, echoing each (`> …`) before its output, so the
    /// transcript reads as a conversation. Used when stdin is not a terminal. A line that is
    /// not UTF-8 text is refused on its own; the lines after it still run.
    pub async fn run_piped(&mut self) -> anyhow::Result<()> {
        let mut input = BufReader::new(tokio::io::stdin());
        let mut stdout = tokio::io::stdout();
        let mut resumed = String::new();
        for out in self.resume().await {
            resumed.push_str(&out);
            resumed.push('\n');
        }
        stdout.write_all(resumed.as_bytes()).await?;
        let mut raw = Vec::new();
        let mut number = 0;
        loop {
            raw.clear();
            if input.read_until(b'\n', &mut raw).await? == 0 {
                break;
            }
            number += 1;
            let text = self.piped_line(&raw, number).await;
            stdout.write_all(text.as_bytes()).await?;
        }
        stdout.flush().await?;
        Ok(())
    }

    /// One line of piped input as bytes, with its echo and output.
    async fn piped_line(&mut self, raw: &[u8], number: usize) -> String {
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let (echo, out) = match std::str::from_utf8(raw) {
            Ok(line) => (line.to_owned(), self.line(line).await),
            Err(e) => {
                let refusal = Msg::new("console-not-utf8")
                    .arg("line", number)
                    .arg("column", e.valid_up_to() + 1);
                let shown = String::from_utf8_lossy(raw).into_owned();
                (shown, self.error(refusal).await)
            }
        };
        let mut text = format!("> {echo}\n");
        for line in out {
            text.push_str(&line);
            text.push('\n');
        }
        text
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
                .error(
                    Msg::new("console-bad-reaction")
                        .arg("line", text::echo(rest, text::ECHO_CHARS)),
                )
                .await;
        };
        let reason = match words.next().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(text) => match text.strip_prefix("reason:") {
                Some(value) => Some(unquote(value)),
                None => {
                    return self
                        .error(
                            Msg::new("console-bad-reaction")
                                .arg("line", text::echo(rest, text::ECHO_CHARS)),
                        )
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
            Outcome::Done(out) => self.render(&out),
            Outcome::Ignored | Outcome::Replayed => self.note("console-reaction-ignored").await,
        }
    }

    async fn command(&mut self, actor: &Handle, line: &str) -> Vec<String> {
        if !line.starts_with('/') {
            return self
                .error(
                    Msg::new("console-unknown-line")
                        .arg("line", text::echo(line, text::ECHO_CHARS)),
                )
                .await;
        }
        let caller = Caller::new(actor.clone());
        let outcome = self
            .service
            .execute_line(&caller, line, self.clock.now())
            .await;
        self.wake.notify_one();
        self.render(outcome.messages())
    }

    fn render(&self, out: &[Outbound]) -> Vec<String> {
        out.iter()
            .flat_map(|o| self.printer.printer.lines(o))
            .collect()
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

    /// A wall-clock duration typed after `:advance` or `:offline`, or the error lines. A
    /// jump beyond [`LONGEST_JUMP`] is refused: nothing in opsdesk looks that far ahead, and
    /// the clock would leave the calendar.
    async fn duration(&self, text: &str) -> Result<chrono::Duration, Vec<String>> {
        let refusal = match parse_wall_duration(text) {
            Ok(d) if d <= LONGEST_JUMP => return Ok(d),
            Ok(_) | Err(SpanError::TooLarge(_)) => Msg::new("console-duration-too-long")
                .arg("value", text::echo(text, text::ECHO_CHARS))
                .arg("days", LONGEST_JUMP.num_days()),
            Err(_) => {
                Msg::new("console-bad-duration").arg("value", text::echo(text, text::ECHO_CHARS))
            }
        };
        Err(self.error(refusal).await)
    }

    async fn advance(&mut self, text: &str) -> Vec<String> {
        let by = match self.duration(text).await {
            Ok(d) => d,
            Err(lines) => return lines,
        };
        let target = self.clock.now() + by;
        let mut out = Vec::new();
        // Jump from due time to due time so each job runs at the instant it was due.
        loop {
            match self.service.next_job_time().await {
                Ok(Some(at)) if at <= target => {
                    self.clock.advance_to(at);
                    out.extend(self.run_due(self.clock.now()).await);
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

    /// `:offline 2d`: opsdesk is down that long. The clock moves on without running or
    /// delivering anything; what fell due meanwhile runs when it is back, right after.
    async fn offline(&mut self, text: &str) -> Vec<String> {
        let by = match self.duration(text).await {
            Ok(d) => d,
            Err(lines) => return lines,
        };
        self.clock.advance_to(self.clock.now() + by);
        self.wake.notify_one();
        vec![self.clock_line().await]
    }

    /// Runs the jobs due at `now` and prints what they sent.
    async fn run_due(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut lines = Vec::new();
        match scheduler::run_due(&self.service, now).await {
            Ok(ran) if ran.failed + ran.gave_up > 0 => {
                let text = Msg::new("console-job-failed").render(self.locale().await);
                lines.push(format!("[error] {text}"));
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = ?e, "could not run scheduled jobs");
                let text = Msg::new("console-job-failed").render(self.locale().await);
                lines.push(format!("[error] {text}"));
            }
        }
        let mut out = self.deliver().await;
        out.extend(lines);
        out
    }

    /// Delivers what the outbox holds now, as printed lines.
    async fn deliver(&self) -> Vec<String> {
        if let Err(e) = sender::deliver_due(&self.service, &self.printer, self.clock.as_ref()).await
        {
            tracing::error!(error = ?e, "could not deliver the outbox");
        }
        self.printer.sink.take()
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

/// A transport that turns each message into console lines and hands them to a sink.
pub struct LinePrinter<S> {
    sink: S,
    printer: Printer,
}

/// Where printed lines go: collected for the caller, or straight to the terminal.
pub trait Sink: Send + Sync {
    fn print(&self, line: String);
}

/// Lines kept until the console prints them after the line that caused them.
#[derive(Default)]
pub struct Collected(Mutex<Vec<String>>);

impl Collected {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Sink for Collected {
    fn print(&self, line: String) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    }
}

impl<S: Sink> LinePrinter<S> {
    pub fn new(sink: S, printer: Printer) -> Self {
        LinePrinter { sink, printer }
    }
}

#[async_trait]
impl<S: Sink> Transport for LinePrinter<S> {
    async fn deliver(&self, send: &Outgoing) -> Delivery {
        for line in self.printer.lines(&send.outbound) {
            self.sink.print(line);
        }
        // A terminal keeps no messages to edit later: no card location.
        Delivery::Sent { location: None }
    }
}
