//! The service: one typed command (or one due job) in, one transaction, messages out.
//!
//! `execute` opens a unit of work, loads the actor, dispatches on the command with one
//! exhaustive `match`, then seals the audit events and commits. Outbound messages are
//! produced while the command runs but only returned once the commit succeeded; on any
//! failure the unit of work is dropped (rolled back) and only the error goes out. A unit of
//! work that lost a race with another writer (`StoreError::Conflict`) is run again, a few
//! times, before that counts as a failure; a fault of the storage itself
//! (`StoreError::Unavailable`) is not, and is told to the person in words of its own.

mod approvals;
mod audit_cmds;
mod budgets;
mod departments;
mod digests;
mod escalations;
mod exports;
mod help;
mod jobs;
mod org;
mod ratings;
mod render;
mod sla_jobs;
mod tasks;
mod threads;
mod tickets;
mod transcripts;
mod work;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::actions::CardAction;
use super::audit::seals::SealSettings;
use super::audit::Head;
use super::command::{self, Command};
use super::domain::approval_policy::ApprovalPolicies;
use super::domain::budget::BudgetPolicy;
use super::domain::escalation_policy::EscalationPolicy;
use super::domain::ids::{DeptKey, Handle};
use super::domain::object::{Actor, ObjectId, ObjectKind, System};
use super::domain::org::{Department, FieldChange, Member, Role};
use super::domain::sla::SlaPolicy;
use super::grammar::{self, Catalogue, Invocation};
use super::jobs::{retry_delay, JobRow, MAX_ATTEMPTS};
use super::outbound::{Body, Outbound, Target};
use super::outbox::{self, Delivery, Outgoing};
use super::store::{Mode, Store, StoreError, UnitOfWork};
use super::time::business_hours::{BusinessCalendar, WeeklyHours};
use super::time::holidays::PublicHolidays;
use super::time::span::Span;
use crate::i18n::{Locale, Msg};
use work::{Ctx, Failure, Step, Work};

pub use audit_cmds::{ChainOutcome, ChainReport, DeepReport, Verification};
pub use threads::ThreadSetupFacts;

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

/// A chat platform's user, as an event presents them (on Discord: an interaction or a
/// reaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalUser {
    /// The platform's id for the person (a Discord user id).
    pub id: String,
    pub name: String,
    /// Ids of the person's roles on the platform (Discord guild roles).
    pub roles: Vec<String>,
}

/// What became of an event handed to the service.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It ran (or was refused): the replies say so (a refusal is one `Target::Error`), and
    /// the new faces of cards it changed come with them. Every other message it caused is
    /// in the outbox.
    Done(Vec<Outbound>),
    /// The same platform event was handled before; nothing happened and nothing is said.
    Replayed,
    /// The event means nothing here (an emoji no card reacts to); nothing is said.
    Ignored,
}

impl Outcome {
    /// The messages to deliver; none for a replay or an ignored event.
    pub fn messages(&self) -> &[Outbound] {
        match self {
            Outcome::Done(out) => out,
            Outcome::Replayed | Outcome::Ignored => &[],
        }
    }

    pub fn into_messages(self) -> Vec<Outbound> {
        match self {
            Outcome::Done(out) => out,
            Outcome::Replayed | Outcome::Ignored => Vec::new(),
        }
    }
}

/// What became of a due job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobRun {
    /// It ran, with this many jobs in all (digests due together run in one go).
    Done(usize),
    /// It failed and will be tried again after its backoff.
    Failed,
    /// It failed for the last time; the admins were told.
    GaveUp,
}

/// How many times a unit of work that lost a race with another writer is run again.
const CONFLICT_RETRIES: usize = 3;

/// The outcome of looking a platform user up.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub member: Member,
    /// Set when the user was not a member and has just been added; tells them how to get
    /// the right role and department.
    pub new_member: Option<Msg>,
}

/// A platform role that stands for an opsdesk role (e.g. the Discord role "IT managers" →
/// manager of `it`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMapping {
    pub external_role: String,
    pub role: Role,
    pub dept: Option<DeptKey>,
}

/// Organisation-wide settings the rules need.
#[derive(Debug, Clone)]
pub struct Settings {
    pub default_locale: Locale,
    pub default_tz: Tz,
    /// Holidays of the whole organisation, given to departments created by `/dept add`:
    /// a country's public ones, computed for any year, and dates added on top.
    pub public_holidays: Option<PublicHolidays>,
    pub holidays: Vec<chrono::NaiveDate>,
    pub sla: SlaPolicy,
    /// Platform roles that enrol unknown users with more than the requester role.
    pub role_mappings: Vec<RoleMapping>,
    /// How long before a task's due time its assignee is reminded (`1d` = a working day).
    pub task_reminders: Vec<Span>,
    /// Approval kinds, their approver chains, and how long a step may wait.
    pub approvals: ApprovalPolicies,
    /// The escalation ladder and which problems escalate on their own.
    pub escalations: EscalationPolicy,
    /// Where the audit trail's seals are posted, and when the daily one is made.
    pub seals: SealSettings,
    /// What a request over budget does, and who keeps the books.
    pub budgets: BudgetPolicy,
}

impl Settings {
    /// Monday to Friday, 09:00–17:00 in `tz`, closed on the organisation's holidays: the
    /// calendar of a new department, and of anyone outside a department.
    pub fn office_calendar(&self, tz: Tz) -> BusinessCalendar {
        BusinessCalendar::new(tz, WeeklyHours::office(), self.holidays.iter().copied())
            .with_public_holidays(self.public_holidays)
    }
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
    pub async fn execute_line(&self, caller: &Caller, line: &str, now: DateTime<Utc>) -> Outcome {
        match grammar::parse(self.catalogue, line) {
            Ok(inv) => self.execute_parsed(caller, &inv, Some(line), now).await,
            Err(err) => {
                let locale = self.locale_of(caller).await;
                Outcome::Done(vec![error(render::parse_error(
                    &err,
                    self.catalogue,
                    locale,
                ))])
            }
        }
    }

    /// An invocation already parsed (the Discord adapter builds these from interactions).
    pub async fn execute_invocation(
        &self,
        caller: &Caller,
        inv: &Invocation,
        now: DateTime<Utc>,
    ) -> Outcome {
        self.execute_parsed(caller, inv, None, now).await
    }

    async fn execute_parsed(
        &self,
        caller: &Caller,
        inv: &Invocation,
        line: Option<&str>,
        now: DateTime<Utc>,
    ) -> Outcome {
        match command::from_invocation(inv) {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            Err(invalid) => {
                let locale = self.locale_of(caller).await;
                let usage = self.catalogue.usages(&inv.command, inv.sub.as_deref());
                let excerpt = line.zip(invalid.option.and_then(|o| inv.args.span(o)));
                let msg = match invalid.option {
                    Some(option) => {
                        let spelled = self.catalogue.option_name(
                            &inv.command,
                            inv.sub.as_deref(),
                            option,
                            help::spelling(locale),
                        );
                        invalid.msg.respell_text(option, spelled)
                    }
                    None => invalid.msg,
                };
                Outcome::Done(vec![error(render::invalid_value(
                    &msg, excerpt, usage, locale,
                ))])
            }
        }
    }

    /// Runs one command for `caller` at `now`, in one transaction. A command carrying an event
    /// key that was already processed (a replayed interaction) does nothing: `Replayed`.
    pub async fn execute(&self, caller: &Caller, cmd: Command, now: DateTime<Utc>) -> Outcome {
        let mut attempt = 0;
        loop {
            let (result, locale) = self.try_execute(caller, &cmd, now).await;
            match result {
                Err(Failure::Internal(e)) if is_conflict(&e) && attempt < CONFLICT_RETRIES => {
                    attempt += 1;
                    tracing::info!(attempt, error = %e, "lost a race with another writer; running the command again");
                }
                Ok(outcome) => return outcome,
                Err(Failure::Refused(msg)) if !cmd.is_read_only() => {
                    if !self.claim_refused(caller, now).await {
                        return Outcome::Replayed;
                    }
                    return Outcome::Done(vec![self.failure(Failure::Refused(msg), locale)]);
                }
                Err(failure) => return Outcome::Done(vec![self.failure(failure, locale)]),
            }
        }
    }

    /// A refusal answers its event too, so the event is claimed — in a transaction of its
    /// own, the refused one having been rolled back — and a replay of it does nothing:
    /// neither a second refusal (a reaction's goes by direct message) nor, the state having
    /// changed meanwhile, a success the person was told would not happen. False when another
    /// delivery of the same event claimed it first: this one is the replay. A store that
    /// cannot record the claim still lets the refusal be told.
    async fn claim_refused(&self, caller: &Caller, now: DateTime<Utc>) -> bool {
        let Some(key) = &caller.event_key else {
            return true;
        };
        let claimed = async {
            let mut uow = self.store.begin(Mode::Write).await?;
            let first = uow.claim_event(key, now).await?;
            uow.commit().await?;
            anyhow::Ok(first)
        }
        .await;
        claimed.unwrap_or_else(|e| {
            tracing::warn!(key, error = ?e, "could not record a refused event");
            true
        })
    }

    /// One attempt at a command: its outcome, or why it failed (in the locale to say it in).
    async fn try_execute(
        &self,
        caller: &Caller,
        cmd: &Command,
        now: DateTime<Utc>,
    ) -> (Result<Outcome, Failure>, Locale) {
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
                    return Ok(Outcome::Replayed);
                }
            }
            let origin = caller
                .event_key
                .clone()
                .unwrap_or_else(|| local_origin("cmd", now));
            let work = Work::new(
                uow,
                now,
                &self.settings,
                Actor::Member(caller.handle.clone()),
                origin,
            );
            let mut ctx = Ctx::new(work, member, locale);
            self.dispatch(&mut ctx, cmd.clone()).await?;
            Ok(Outcome::Done(ctx.into_work().finish().await?))
        }
        .await;
        (result, locale)
    }

    /// A reaction by `caller` on the card of `object`, with the text the console can give
    /// after it (`reason:"…"`). Emoji that mean nothing on that kind of card are `Ignored`, as
    /// people react for many reasons.
    pub async fn react(
        &self,
        caller: &Caller,
        object: &ObjectId,
        emoji: &str,
        input: Option<&str>,
        now: DateTime<Utc>,
    ) -> Outcome {
        let Some(action) = CardAction::from_reaction(object, emoji) else {
            return Outcome::Ignored;
        };
        match action.command(input) {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            // Refused before any command (❌ without a reason): answered once all the same.
            Err(_) if !self.claim_refused(caller, now).await => Outcome::Replayed,
            Err(msg) => Outcome::Done(vec![error(msg.render(self.locale_of(caller).await))]),
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
    ) -> Outcome {
        let command = match CardAction::parse(custom_id) {
            Some(action) => action.command(input),
            None => Err(Msg::new("error-stale-button")),
        };
        match command {
            Ok(cmd) => self.execute(caller, cmd, now).await,
            Err(msg) => Outcome::Done(vec![error(msg.render(self.locale_of(caller).await))]),
        }
    }

    async fn dispatch(&self, ctx: &mut Ctx<'_>, cmd: Command) -> Step {
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
            Command::DeptSet(changes) => departments::set(ctx, changes).await,
            Command::DeptHoliday { key, action } => departments::holiday(ctx, key, action).await,
            Command::MemberSet(changes) => org::member_set(ctx, changes).await,
            Command::MemberList { dept } => org::member_list(ctx, dept).await,
            Command::Ticket(t) => tickets::execute(ctx, t).await,
            Command::Task(t) => tasks::execute(ctx, t).await,
            Command::Approval(a) => approvals::execute(ctx, a).await,
            Command::Escalate(e) => escalations::escalate(ctx, e).await,
            Command::Escalation(e) => escalations::execute(ctx, e).await,
            Command::Digest(d) => digests::execute(ctx, d).await,
            Command::Budget(b) => budgets::execute(ctx, b).await,
            Command::AuditShow { object } => audit_cmds::show(ctx, &object).await,
            Command::AuditVerify { seal, deep } => audit_cmds::verify(ctx, seal, deep).await,
            Command::AuditSeal => audit_cmds::seal(ctx).await,
            Command::Export(request) => exports::export(ctx, request).await,
        }
    }

    /// Claims the earliest job due at `now`, if any, and runs it in its own transaction.
    /// `None` when nothing is due. A job that fails is tried again later, with its own
    /// backoff, and given up after a few attempts (the admins are told); either way the jobs
    /// behind it run.
    pub async fn run_next_job(&self, now: DateTime<Utc>) -> anyhow::Result<Option<JobRun>> {
        // Look without the write lock: most wake-ups find nothing due.
        if self.next_job_time().await?.is_none_or(|at| at > now) {
            return Ok(None);
        }
        let mut uow = self.store.begin(Mode::Write).await?;
        let Some(row) = uow.claim_due_job(now).await? else {
            return Ok(None);
        };
        if digests::digest_of(&row).is_some() {
            let key = row.key.clone();
            match digests::run_together(uow, row, now, &self.settings).await {
                Ok(ran) => return Ok(Some(JobRun::Done(ran))),
                Err(e) => {
                    tracing::warn!(job = key, error = ?e, "digests run together failed; one at a time");
                    uow = self.store.begin(Mode::Write).await?;
                    let Some(row) = uow.claim_due_job(now).await? else {
                        return Ok(None);
                    };
                    return self.run_claimed_job(uow, row, now).await;
                }
            }
        }
        self.run_claimed_job(uow, row, now).await
    }

    /// Runs a job claimed in `uow`, alone, and commits.
    async fn run_claimed_job(
        &self,
        uow: Box<dyn UnitOfWork>,
        row: JobRow,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<JobRun>> {
        let origin = format!("job:{}", row.run_name());
        let mut work = Work::new(uow, now, &self.settings, System::Scheduler.into(), origin);
        let ran = async {
            if let jobs::Ran::Done = jobs::run(&mut work, &row).await? {
                work.uow.complete_job(&row.key, now).await?;
            }
            work.finish().await?;
            anyhow::Ok(())
        }
        .await;
        match ran {
            Ok(()) => Ok(Some(JobRun::Done(1))),
            Err(e) => self.job_failed(&row, e, now).await.map(Some),
        }
    }

    /// Counts a failed attempt at a job, in a transaction of its own: tried again after its
    /// backoff, or given up (telling the admins) after the last attempt.
    async fn job_failed(
        &self,
        row: &JobRow,
        error: anyhow::Error,
        now: DateTime<Utc>,
    ) -> anyhow::Result<JobRun> {
        let reference = reference_code();
        let attempts = row.attempts + 1;
        tracing::error!(reference, job = row.key, attempts, error = ?error, "a scheduled job failed");
        let uow = self.store.begin(Mode::Write).await?;
        let origin = format!("job-failed:{}:{attempts}", row.run_name());
        let mut work = Work::new(uow, now, &self.settings, System::Scheduler.into(), origin);
        let detail = format!("{error:#}");
        let run = if attempts >= MAX_ATTEMPTS {
            work.uow.give_up_job(&row.key, now, &detail).await?;
            jobs::gave_up(&mut work, row, attempts, &reference).await?;
            JobRun::GaveUp
        } else {
            let retry_at = now + retry_delay(attempts);
            work.uow.retry_job(&row.key, retry_at, &detail).await?;
            JobRun::Failed
        };
        work.finish().await?;
        Ok(run)
    }

    /// When the next job falls due, if any is pending.
    pub async fn next_job_time(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        Ok(uow.next_job_time().await?)
    }

    /// Claims, for one sender, what the outbox has to send at `now`: each lane's messages in
    /// order, bursts of notices merged (see `core::outbox::plan`). The claim lasts
    /// [`outbox::LEASE`]; [`Service::record_deliveries`] ends it.
    pub async fn claim_outbox(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Outgoing>> {
        // Look without the write lock: most wake-ups find nothing to send.
        if self.next_delivery_time().await?.is_none_or(|at| at > now) {
            return Ok(Vec::new());
        }
        let mut uow = self.store.begin(Mode::Deliver).await?;
        let sends = outbox::round(outbox::plan(
            uow.pending_messages(outbox::CLAIM_LIMIT).await?,
            now,
        ));
        let keys: Vec<String> = sends.iter().flat_map(|s| s.keys.clone()).collect();
        if keys.is_empty() {
            return Ok(sends);
        }
        let until = now + chrono::Duration::from_std(outbox::LEASE)?;
        uow.lease_messages(&keys, until).await?;
        uow.commit().await?;
        Ok(sends)
    }

    /// Records, in one transaction, what a transport made of a round of claimed sends:
    /// delivered (and where a card or thread landed), to be tried again after a pause,
    /// refused for good, or not tried (`None`: an earlier send of its lane must wait).
    pub async fn record_deliveries(
        &self,
        round: &[(Outgoing, Option<Delivery>)],
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let mut uow = self.store.begin(Mode::Deliver).await?;
        let mut outcomes = Vec::with_capacity(round.len());
        for (send, delivery) in round {
            match delivery {
                Some(Delivery::Sent {
                    location: Some(location),
                }) => {
                    if let Some(object) = send.card_object() {
                        uow.remember_card(&object, location).await?;
                    }
                    if let Some(ticket) = send.thread_of() {
                        uow.remember_thread(ticket, location).await?;
                    }
                }
                Some(Delivery::Sent { location: None }) | None => {}
                Some(Delivery::Retry(error)) => {
                    tracing::warn!(keys = ?send.keys, error, "delivery failed; will try again");
                }
                Some(Delivery::Refused(error)) => {
                    tracing::error!(keys = ?send.keys, error, "delivery refused for good");
                }
            }
            outcomes.push(outbox::outcome(send, delivery.as_ref(), now));
        }
        uow.record_outcomes(&outcomes).await?;
        Ok(uow.commit().await?)
    }

    /// When the outbox next has something to send, if it has anything pending.
    pub async fn next_delivery_time(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        let mut uow = self.store.begin(Mode::Read).await?;
        Ok(uow.next_message_time().await?)
    }

    /// Adds the departments and members of the configuration that the database does not
    /// have yet. A department both have is brought in line with the file when the file owns
    /// the organisation (`config_owns`), as audited changes by the system; otherwise it is
    /// left alone and its differences returned, for the caller to warn about. Members the
    /// database has are left as they are (chat commands own them after seeding).
    pub async fn seed(
        &self,
        departments: &[Department],
        members: &[Member],
        config_owns: bool,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<FieldChange>> {
        let uow = self.store.begin(Mode::Write).await?;
        let origin = local_origin("seed", now);
        let mut work = Work::new(uow, now, &self.settings, System::Config.into(), origin);
        let kept = departments::follow_config(&mut work, departments, config_owns).await?;
        org::seed(&mut work, departments, members).await?;
        audit_cmds::schedule_at_start(&mut work).await?;
        work.finish().await?;
        Ok(kept)
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
        Ok(self.store.begin(Mode::Read).await?.departments().await?)
    }

    /// The member a platform user id belongs to, if any.
    pub async fn member_by_external_id(&self, id: &str) -> anyhow::Result<Option<Member>> {
        Ok(self
            .store
            .begin(Mode::Read)
            .await?
            .member_by_external_id(id)
            .await?)
    }

    /// Objects of `kind` the caller may act on whose id or name matches `typed`, as (value,
    /// label) pairs: the choices of Discord's autocomplete.
    pub async fn suggest(
        &self,
        caller: &Caller,
        kind: ObjectKind,
        typed: &str,
    ) -> anyhow::Result<Vec<(String, String)>> {
        let typed = typed.trim().to_lowercase();
        let mut uow = self.store.begin(Mode::Read).await?;
        let Some(member) = uow.member(&caller.handle).await? else {
            return Ok(Vec::new());
        };
        match kind {
            ObjectKind::Ticket => tickets::suggestions(uow.as_mut(), &member, &typed).await,
            ObjectKind::Task => tasks::suggestions(uow.as_mut(), &member.handle, &typed).await,
            ObjectKind::Approval => approvals::suggestions(uow.as_mut(), &member, &typed).await,
            ObjectKind::Escalation => escalations::suggestions(uow.as_mut(), &member, &typed).await,
            ObjectKind::Digest => digests::suggestions(uow.as_mut(), &member, &typed).await,
            ObjectKind::Member => org::member_suggestions(uow.as_mut(), &typed).await,
            ObjectKind::Department => org::department_suggestions(uow.as_mut(), &typed).await,
            // One trail: nothing to choose from. No option takes a budget's id: commands name
            // a budget by `dept:` and `period:`.
            ObjectKind::Audit | ObjectKind::Budget => Ok(Vec::new()),
        }
    }

    /// Remembers where an adapter posted the card of `object` (its own reference), so a later
    /// change can refresh it there.
    pub async fn remember_card(&self, object: &ObjectId, location: &str) -> anyhow::Result<()> {
        let mut uow = self.store.begin(Mode::Write).await?;
        uow.remember_card(object, location).await?;
        Ok(uow.commit().await?)
    }

    pub async fn card_locations(&self, object: &ObjectId) -> anyhow::Result<Vec<String>> {
        Ok(self
            .store
            .begin(Mode::Read)
            .await?
            .card_locations(object)
            .await?)
    }

    /// The member with this handle, if known.
    pub async fn member(&self, handle: &Handle) -> anyhow::Result<Option<Member>> {
        Ok(self.store.begin(Mode::Read).await?.member(handle).await?)
    }

    /// The member behind a platform user. Someone unknown is enrolled on the spot — with the
    /// role their platform roles map to, else as a requester — and `Enrolment::new_member`
    /// carries the note telling them so.
    pub async fn member_for_external(
        &self,
        user: &ExternalUser,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Enrolment> {
        // Almost every event comes from a known member: look them up without the write lock.
        if let Some(member) = self.member_by_external_id(&user.id).await? {
            return Ok(Enrolment {
                member,
                new_member: None,
            });
        }
        let uow = self.store.begin(Mode::Write).await?;
        let origin = format!("enrol:{}", user.id);
        let mut work = Work::new(uow, now, &self.settings, System::Discord.into(), origin);
        let enrolment = org::member_for_external(&mut work, user).await?;
        work.finish().await?;
        Ok(enrolment)
    }

    /// Verifies the audit trail as `/audit verify` does — against `seal` too, when given,
    /// and row by row when `deep` — for the operator's `opsdesk check`, with no member acting.
    pub async fn verify_audit(
        &self,
        seal: Option<Head>,
        deep: bool,
    ) -> anyhow::Result<Verification> {
        let mut uow = self.store.begin(Mode::Read).await?;
        Ok(Verification::run(uow.as_mut(), seal, deep).await?)
    }

    /// To be called once when the process stops, after the last command: waits for the
    /// transactions in flight and leaves everything committed in the database file alone.
    pub async fn close(&self) -> anyhow::Result<()> {
        Ok(self.store.close().await?)
    }

    /// A refusal is shown as is; an internal error is logged with a reference the person
    /// can quote, and shown as a short apology — never as the error's own text. A fault of
    /// the storage (full disk, lock, damage) gets its own message, since the person can act
    /// on it, or tell whoever runs opsdesk what to fix.
    fn failure(&self, failure: Failure, locale: Locale) -> Outbound {
        match failure {
            Failure::Refused(msg) => error(msg.render(locale)),
            Failure::Internal(e) => {
                let reference = reference_code();
                tracing::error!(reference, error = ?e, "command failed");
                let id = match e.downcast_ref::<StoreError>() {
                    Some(StoreError::Unavailable { fault, .. }) => storage_fault_message(*fault),
                    _ => "error-internal",
                };
                error(Msg::new(id).arg("reference", reference).render(locale))
            }
        }
    }
}

/// The message telling people what a storage fault means for them.
fn storage_fault_message(fault: super::store::StorageFault) -> &'static str {
    use super::store::StorageFault;
    match fault {
        StorageFault::Full => "storage-full",
        StorageFault::Io => "storage-io",
        StorageFault::Damaged => "storage-damaged",
        StorageFault::Locked => "storage-locked",
    }
}

/// Whether an internal failure is a lost race that running the command again may win.
fn is_conflict(e: &anyhow::Error) -> bool {
    e.downcast_ref::<StoreError>()
        .is_some_and(StoreError::is_conflict)
}

fn error(text: String) -> Outbound {
    Outbound::new(Target::Error, Body::Text(text))
}

/// A unique origin for work no platform event names (a console command, seeding): the
/// instant, the process and a running number.
fn local_origin(what: &str, now: DateTime<Utc>) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{what}:{}:{}:{n}",
        now.timestamp_micros(),
        std::process::id()
    )
}

/// A short code to match what a person reports with the log line: the process and a
/// running number, so codes differ across restarts and bot processes without a clock.
fn reference_code() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("E{:04X}-{n}", std::process::id() & 0xFFFF)
}
