//! The service: one typed command (or one due job) in, one transaction, messages out.
//!
//! `execute` opens a unit of work, loads the actor, dispatches on the command with one
//! exhaustive `match`, then seals the audit events and commits. Outbound messages are
//! produced while the command runs but only returned once the commit succeeded; on any
//! failure the unit of work is dropped (rolled back) and only the error goes out.

mod approvals;
mod audit_cmds;
mod help;
mod jobs;
mod org;
mod render;
mod tasks;
mod tickets;
mod work;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::actions::ActionRef;
use super::command::{self, Command};
use super::domain::approval_policy::ApprovalPolicies;
use super::domain::ids::{DeptKey, Handle};
use super::domain::org::{Department, Member, Role};
use super::domain::sla::SlaPolicy;
use super::grammar::{self, Catalogue, Invocation};
use super::outbound::{Body, Outbound, Target};
use super::store::{Mode, Store};
use super::time::span::Span;
use crate::i18n::{Locale, Msg};
use work::{Ctx, Failure, Work};

/// Who is acting, as the adapter knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub handle: Handle,
    /// The platform's idea of the person's language (Discord's interaction locale), used
    /// when the member has none of their own.
    pub locale_hint: Option<Locale>,
    /// Unique per platform event (interaction id, reaction); a replay with the same key has
    /// no second effect.
    pub event_key: Option<String>,
}

impl Caller {
    pub fn new(handle: Handle) -> Self {
        Caller {
            handle,
            locale_hint: None,
            event_key: None,
        }
    }
}

/// A Discord user as an interaction or reaction presents them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordUser {
    pub id: String,
    pub name: String,
    /// Ids of the user's roles in the guild.
    pub roles: Vec<String>,
}

/// The outcome of looking a Discord user up.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub member: Member,
    /// Set when the user was not a member and has just been added; tells them how to get
    /// the right role and department.
    pub new_member: Option<Msg>,
}

/// A Discord role that stands for an opsdesk role (e.g. "IT managers" → manager of `it`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMapping {
    pub discord_role: String,
    pub role: Role,
    pub dept: Option<DeptKey>,
}

/// Organisation-wide settings the rules need.
#[derive(Debug, Clone)]
pub struct Settings {
    pub default_locale: Locale,
    pub default_tz: Tz,
    /// Holidays of the whole organisation, given to departments created by `/dept add`.
    pub holidays: Vec<chrono::NaiveDate>,
    pub sla: SlaPolicy,
    /// Discord roles that enrol unknown users with more than the requester role.
    pub discord_roles: Vec<RoleMapping>,
    /// How long before a task's due time its assignee is reminded (`1d` = a working day).
    pub task_reminders: Vec<Span>,
    /// Approval kinds, their approver chains, and how long a step may wait.
    pub approvals: ApprovalPolicies,
}

pub struct Service {
    store: Arc<dyn Store>,
    settings: Settings,
    catalogue: &'static Catalogue,
}

impl Service {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        Service {
            store,
            settings,
            catalogue: grammar::builtin(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A line of text as typed in the console (or a chat message): parse, then execute.
    pub async fn execute_line(
        &self,
        caller: &Caller,
        line: &str,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        match grammar::parse(self.catalogue, line) {
            Ok(inv) => self.execute_parsed(caller, &inv, Some(line), now).await,
            Err(err) => {
                let locale = self.locale_of(caller).await;
                vec![error(render::parse_error(&err, locale))]
            }
        }
    }

    /// An invocation already parsed (the Discord adapter builds these from interactions).
    pub async fn execute_invocation(
        &self,
        caller: &Caller,
        inv: &Invocation,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        self.execute_parsed(caller, inv, None, now).await
    }

    async fn execute_parsed(
        &self,
        caller: &Caller,
        inv: &Invocation,
        line: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        match command::from_invocation(inv) {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            Err(invalid) => {
                let locale = self.locale_of(caller).await;
                let usage = self.catalogue.usage(&inv.command, inv.sub.as_deref());
                let excerpt = line.zip(invalid.option.and_then(|o| inv.args.span(o)));
                vec![error(render::invalid_value(
                    &invalid.msg,
                    excerpt,
                    usage,
                    locale,
                ))]
            }
        }
    }

    /// Runs one command for `caller` at `now`, in one transaction. A command carrying an event
    /// key that was already processed (a replayed interaction) does nothing and says nothing.
    pub async fn execute(
        &self,
        caller: &Caller,
        cmd: Command,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        let mode = if cmd.is_read_only() {
            Mode::Read
        } else {
            Mode::Write
        };
        let mut locale = caller.locale_hint.unwrap_or(self.settings.default_locale);
        let result = async {
            let mut uow = self.store.begin(mode).await?;
            let Some(member) = uow.member(&caller.handle).await? else {
                return Err(Failure::Refused(
                    Msg::new("error-unknown-actor").arg("handle", caller.handle.as_str()),
                ));
            };
            locale = member
                .locale
                .or(caller.locale_hint)
                .unwrap_or(self.settings.default_locale);
            if let Some(key) = &caller.event_key {
                if mode == Mode::Write && !uow.claim_event(key, now).await? {
                    tracing::info!(key, "event already processed; ignored");
                    return Ok(Vec::new());
                }
            }
            let work = Work::new(uow, now, &self.settings, caller.handle.as_str());
            let mut ctx = Ctx::new(work, member, locale);
            self.dispatch(&mut ctx, cmd).await?;
            Ok(ctx.into_work().finish().await?)
        }
        .await;
        result.unwrap_or_else(|failure| vec![self.failure(failure, locale)])
    }

    /// A reaction by `caller` on the card of `object` (e.g. `IT-4`), with the text the
    /// console can give after it (`reason:"…"`). Emoji that mean nothing on that kind of card
    /// are ignored silently, as people react for many reasons.
    pub async fn react(
        &self,
        caller: &Caller,
        object: &str,
        emoji: &str,
        input: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        let Some(action) = ActionRef::from_reaction(object, emoji) else {
            return Vec::new();
        };
        match action.command(input) {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            Err(msg) => vec![error(msg.render(self.locale_of(caller).await))],
        }
    }

    /// A click on a card's button (`custom_id`), with the text typed for it if the action
    /// asked for one. A button this version does not know gets a polite error.
    pub async fn act(
        &self,
        caller: &Caller,
        custom_id: &str,
        input: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<Outbound> {
        let command = match ActionRef::parse(custom_id) {
            Some(action) => action.command(input),
            None => Err(Msg::new("error-stale-button")),
        };
        match command {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            Err(msg) => vec![error(msg.render(self.locale_of(caller).await))],
        }
    }

    async fn dispatch(&self, ctx: &mut Ctx<'_>, cmd: Command) -> Result<(), Failure> {
        match cmd {
            Command::Help { topic } => help::help(ctx, self.catalogue, topic.as_deref()),
            Command::Whoami => org::whoami(ctx).await,
            Command::DeptAdd {
                key,
                name,
                channel,
                tz,
                hours,
            } => org::dept_add(ctx, key, name, channel, tz, hours).await,
            Command::DeptList => org::dept_list(ctx).await,
            Command::MemberSet(changes) => org::member_set(ctx, changes).await,
            Command::MemberList { dept } => org::member_list(ctx, dept).await,
            Command::Ticket(t) => tickets::execute(ctx, t).await,
            Command::Task(t) => tasks::execute(ctx, t).await,
            Command::Approval(a) => approvals::execute(ctx, a).await,
            Command::AuditShow { object } => audit_cmds::show(ctx, &object).await,
            Command::AuditVerify => audit_cmds::verify(ctx).await,
        }
    }

    /// Runs the earliest job due at `now`, if any, in its own transaction. `None` when
    /// nothing is due. A job whose effects fail stays pending and is tried again.
    pub async fn run_next_job(&self, now: DateTime<Utc>) -> anyhow::Result<Option<Vec<Outbound>>> {
        let mut uow = self.store.begin(Mode::Write).await?;
        let Some(row) = uow.next_due_job(now).await? else {
            return Ok(None);
        };
        let mut work = Work::new(uow, now, &self.settings, jobs::ACTOR);
        jobs::run(&mut work, &row).await?;
        work.uow.complete_job(row.id, now).await?;
        Ok(Some(work.finish().await?))
    }

    /// When the next job falls due, if any is pending.
    pub async fn next_job_time(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        uow.next_job_time().await
    }

    /// Adds the departments and members of the configuration that the database does not
    /// have yet; existing ones are left as they are (chat commands own them after seeding).
    pub async fn seed(
        &self,
        departments: &[Department],
        members: &[Member],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let uow = self.store.begin(Mode::Write).await?;
        let mut work = Work::new(uow, now, &self.settings, "config");
        org::seed(&mut work, departments, members).await?;
        work.finish().await?;
        Ok(())
    }

    /// The language for `caller`: theirs, else the platform's hint, else the organisation's.
    pub async fn locale_of(&self, caller: &Caller) -> Locale {
        match self.member(&caller.handle).await {
            Ok(Some(Member {
                locale: Some(l), ..
            })) => l,
            Ok(_) => caller.locale_hint.unwrap_or(self.settings.default_locale),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the member's locale");
                self.settings.default_locale
            }
        }
    }

    pub async fn departments(&self) -> anyhow::Result<Vec<Department>> {
        self.store.begin(Mode::Read).await?.departments().await
    }

    pub async fn member_by_discord_id(&self, id: &str) -> anyhow::Result<Option<Member>> {
        self.store
            .begin(Mode::Read)
            .await?
            .member_by_discord_id(id)
            .await
    }

    /// Department keys starting with `typed`, as (value, label) pairs for autocomplete.
    pub async fn suggest_departments(&self, typed: &str) -> anyhow::Result<Vec<(String, String)>> {
        let typed = typed.trim().to_lowercase();
        Ok(self
            .departments()
            .await?
            .into_iter()
            .filter(|d| {
                d.key.as_str().starts_with(&typed) || d.name.to_lowercase().contains(&typed)
            })
            .map(|d| (d.key.to_string(), format!("{} — {}", d.key, d.name)))
            .collect())
    }

    /// Active tickets the caller may see whose id or title matches `typed`, as (value, label)
    /// pairs for autocomplete.
    pub async fn suggest_tickets(
        &self,
        caller: &Caller,
        typed: &str,
    ) -> anyhow::Result<Vec<(String, String)>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        let Some(member) = uow.member(&caller.handle).await? else {
            return Ok(Vec::new());
        };
        tickets::suggestions(uow.as_mut(), &member, typed).await
    }

    /// Open tasks the caller gave or was given whose id or title matches `typed`, as
    /// (value, label) pairs for autocomplete.
    pub async fn suggest_tasks(
        &self,
        caller: &Caller,
        typed: &str,
    ) -> anyhow::Result<Vec<(String, String)>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        tasks::suggestions(uow.as_mut(), &caller.handle, typed).await
    }

    /// Remembers where an adapter posted the card of `object` (its own reference), so a later
    /// change can refresh it there.
    pub async fn remember_card(&self, object: &str, location: &str) -> anyhow::Result<()> {
        let mut uow = self.store.begin(Mode::Write).await?;
        uow.remember_card(object, location).await?;
        uow.commit().await
    }

    pub async fn card_locations(&self, object: &str) -> anyhow::Result<Vec<String>> {
        self.store
            .begin(Mode::Read)
            .await?
            .card_locations(object)
            .await
    }

    /// The member with this handle, if known.
    pub async fn member(&self, handle: &Handle) -> anyhow::Result<Option<Member>> {
        self.store.begin(Mode::Read).await?.member(handle).await
    }

    /// The member behind a Discord user. Someone unknown is enrolled on the spot — with the
    /// role their Discord roles map to, else as a requester — and `Enrolment::new_member`
    /// carries the note telling them so.
    pub async fn member_for_discord(
        &self,
        user: &DiscordUser,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Enrolment> {
        // Almost every event comes from a known member: look them up without the write lock.
        if let Some(member) = self.member_by_discord_id(&user.id).await? {
            return Ok(Enrolment {
                member,
                new_member: None,
            });
        }
        let uow = self.store.begin(Mode::Write).await?;
        let mut work = Work::new(uow, now, &self.settings, "discord");
        let enrolment = org::member_for_discord(&mut work, user).await?;
        work.finish().await?;
        Ok(enrolment)
    }

    /// A refusal is shown as is; an internal error is logged with a reference the person
    /// can quote, and shown as a short apology — never as the error's own text.
    fn failure(&self, failure: Failure, locale: Locale) -> Outbound {
        match failure {
            Failure::Refused(msg) => error(msg.render(locale)),
            Failure::Internal(e) => {
                let reference = reference_code();
                tracing::error!(reference, error = ?e, "command failed");
                error(
                    Msg::new("error-internal")
                        .arg("reference", reference)
                        .render(locale),
                )
            }
        }
    }
}

fn error(text: String) -> Outbound {
    Outbound {
        target: Target::Error,
        body: Body::Text(text),
    }
}

/// A short code to match what a person reports with the log line: the process and a
/// running number, so codes differ across restarts and bot processes without a clock.
fn reference_code() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("E{:04X}-{n}", std::process::id() & 0xFFFF)
}
