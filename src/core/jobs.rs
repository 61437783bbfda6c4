//! Scheduled work, as the core sees it: what should happen at a due time, and for what.
//!
//! Jobs are rows (see `store::UnitOfWork::replace_jobs` and `put_job`), keyed so that
//! scheduling the same work twice is one job, and run inside a transaction with their effects
//! so that a restart neither loses nor repeats them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::domain::approval::ApprovalId;
use super::domain::digest::DigestId;
use super::domain::escalation::EscalationId;
use super::domain::ids::{Handle, TicketId};
use super::domain::object::ObjectId;
use super::domain::sla::{SlaClock, SlaEvent, SlaStage};
use super::domain::task::TaskId;

/// What a job does. Stored as JSON; the tag is also the row's `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    /// 80% of an SLA target is used up: tell the assignee, or the channel if unassigned.
    /// The ticket's one SLA job (see [`SlaChain`]) while its next event is a warning.
    SlaWarning(SlaChain),
    /// The SLA target has passed: tell the department's channel. The ticket's one SLA job
    /// while its next event is a breach.
    SlaBreach(SlaChain),
    /// A task is due soon: remind the assignee. `due` (epoch seconds) is the due time the
    /// reminder was planned for; a task re-dated since then ignores it.
    TaskReminder { task: TaskId, due: i64 },
    /// A task's due time: tell the assignee it is due and the delegator it is now overdue;
    /// a repeating task makes its next occurrence.
    TaskDue { task: TaskId, due: i64 },
    /// An overdue task, once a working day, in the assignee's working hours.
    TaskOverdue { task: TaskId, due: i64 },
    /// An approval step that has waited too long: remind its approvers, or (`expire`) end it.
    ApprovalStale {
        approval: ApprovalId,
        step: usize,
        expire: bool,
    },
    /// A task still open this long after `due` (working time) escalates.
    TaskEscalation { task: TaskId, due: i64 },
    /// An escalation's level waited its timeout — or, at the top, the next morning reminder
    /// is due (`reminders` sent so far): stale once the escalation moved on.
    EscalationTimeout {
        escalation: EscalationId,
        level: usize,
        reminders: u32,
    },
    /// A holder's notice, held back until they are at work.
    EscalationNotice {
        escalation: EscalationId,
        level: usize,
        holder: Handle,
    },
    /// The daily seal of the audit trail; the next day's is scheduled when it runs.
    AuditSeal,
    /// A subscription's digest for the slot at `slot` (epoch seconds). Keyed per slot, so a
    /// slot is sent once; a run that comes late (opsdesk was down) sends one digest and
    /// schedules the next slot after the present, so missed slots are not sent one by one.
    Digest { subscription: DigestId, slot: i64 },
}

impl JobKind {
    /// The SLA chain of an SLA job, and the stage it is due for.
    pub fn sla_chain(self) -> Option<(SlaChain, SlaStage)> {
        match self {
            JobKind::SlaWarning(chain) => Some((chain, SlaStage::Warning)),
            JobKind::SlaBreach(chain) => Some((chain, SlaStage::Breach)),
            _ => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            JobKind::SlaWarning(_) => "sla_warning",
            JobKind::SlaBreach(_) => "sla_breach",
            JobKind::TaskReminder { .. } => "task_reminder",
            JobKind::TaskDue { .. } => "task_due",
            JobKind::TaskOverdue { .. } => "task_overdue",
            JobKind::ApprovalStale { .. } => "approval_stale",
            JobKind::TaskEscalation { .. } => "task_escalation",
            JobKind::EscalationTimeout { .. } => "escalation_timeout",
            JobKind::EscalationNotice { .. } => "escalation_notice",
            JobKind::AuditSeal => "audit_seal",
            JobKind::Digest { .. } => "digest",
        }
    }
}

/// A ticket's SLA events, carried by ONE job per ticket (key [`SlaChain::key`]) that runs
/// them one after the other: due at the next event, re-armed in place (same row, so the same
/// place among jobs due at one instant) for the one after, done when none is left. One row
/// instead of one per event writes a few index pages less per command (issue #14).
///
/// The job also remembers which events have run (`fired`), so that each runs at most once in
/// the ticket's life, as when every event had a job of its own whose key stayed done: a
/// pause after the warning, then a resume, plans the breach alone. The memory lives in the
/// payload rather than being read back from the audit trail because a run that said nothing
/// (a warning whose target had already passed) counts too, and because the one row is read by
/// its key, where the trail would be a read of the ticket's whole history on every command.
///
/// `later` is the rest of the plan, so that an event given up after its last attempt (when
/// what it reads may be what fails) still hands over to the next, as the other events' own
/// jobs did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaChain {
    pub ticket: TicketId,
    /// The clock of the event the job is due for; its stage is the job's kind.
    pub clock: SlaClock,
    /// Events that ran (or were given up): never planned again.
    pub fired: Vec<SlaEvent>,
    /// The events after this one, earliest first, with their times (epoch seconds).
    pub later: Vec<Planned>,
}

/// An event of an [`SlaChain`] still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    #[serde(flatten)]
    pub event: SlaEvent,
    pub at: i64,
}

impl SlaChain {
    /// The key of the SLA job of `ticket`.
    pub fn key(ticket: &TicketId) -> String {
        format!("sla:{ticket}")
    }

    /// The job for the first of `plan` (events with their times, earliest first) that is not
    /// in `fired`; `None` when none is left.
    pub fn plan(
        ticket: &TicketId,
        fired: Vec<SlaEvent>,
        plan: Vec<(DateTime<Utc>, SlaEvent)>,
    ) -> Option<Job> {
        let mut left: Vec<Planned> = plan
            .into_iter()
            .filter(|(_, e)| !fired.contains(e))
            .map(|(at, event)| Planned {
                event,
                at: at.timestamp(),
            })
            .collect();
        if left.is_empty() {
            return None;
        }
        let next = left.remove(0);
        let chain = SlaChain {
            ticket: ticket.clone(),
            clock: next.event.clock,
            fired,
            later: left,
        };
        Some(chain.job(next.event.stage, next.at))
    }

    /// The chain after its event `stage` ran (or was given up), and whether an event is left:
    /// the job re-armed for the next event, or (none left) still at `due_at`, to be marked
    /// done with its memory.
    pub fn after(mut self, stage: SlaStage, due_at: DateTime<Utc>) -> (Job, bool) {
        self.fired.push(self.event(stage));
        if self.later.is_empty() {
            return (self.job(stage, due_at.timestamp()), false);
        }
        let next = self.later.remove(0);
        self.clock = next.event.clock;
        (self.job(next.event.stage, next.at), true)
    }

    /// The event the job of this chain is due for, when its kind says `stage`.
    pub fn event(&self, stage: SlaStage) -> SlaEvent {
        SlaEvent {
            clock: self.clock,
            stage,
        }
    }

    fn job(self, stage: SlaStage, at: i64) -> Job {
        let due_at = DateTime::from_timestamp(at, 0).expect("planned from a valid instant");
        Job {
            key: Self::key(&self.ticket),
            subject: self.ticket.clone().into(),
            due_at,
            kind: match stage {
                SlaStage::Warning => JobKind::SlaWarning(self),
                SlaStage::Breach => JobKind::SlaBreach(self),
            },
        }
    }
}

/// A job to schedule. `key` is unique across all jobs ever scheduled; `subject` is the
/// object it concerns, so that an object's pending jobs can be replaced together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub key: String,
    pub subject: ObjectId,
    pub due_at: DateTime<Utc>,
    pub kind: JobKind,
}

/// A job as stored, handed to the one worker that claimed it: its kind and payload are
/// serialized text, decoded by the runner (a payload an older version wrote may not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub key: String,
    pub kind: String,
    pub subject: String,
    pub due_at: DateTime<Utc>,
    pub payload: String,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// A job looked up by its key, run or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJob {
    pub row: JobRow,
    /// Not yet run (or due again: a failed attempt, a re-armed job).
    pub pending: bool,
}

/// Attempts at a job before it is given up (and the admins told).
pub const MAX_ATTEMPTS: u32 = 5;

/// The pause before the next attempt at a job that failed `attempts` times: a minute,
/// doubling, at most an hour.
pub fn retry_delay(attempts: u32) -> chrono::Duration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(6);
    chrono::Duration::minutes(minutes.min(60))
}

impl Job {
    pub fn payload(&self) -> String {
        serde_json::to_string(&self.kind).expect("job kinds serialize")
    }
}

impl JobRow {
    pub fn decode(&self) -> Result<JobKind, serde_json::Error> {
        serde_json::from_str(&self.payload)
    }

    /// Names this run of the job, for what it writes (the keys of its messages): its key, or
    /// for the SLA job, which runs once per event under one key, the key and the event
    /// (`sla:IT-1:first_response:breach`, as each event's own job was once keyed).
    pub fn run_name(&self) -> String {
        match self.decode().ok().and_then(JobKind::sla_chain) {
            Some((chain, stage)) => {
                format!("{}:{}:{}", self.key, chain.clock.as_str(), stage.as_str())
            }
            None => self.key.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn event(clock: SlaClock, stage: SlaStage) -> SlaEvent {
        SlaEvent { clock, stage }
    }

    /// Urgent, opened Monday 10:00 local (08:00Z).
    fn plan() -> Vec<(DateTime<Utc>, SlaEvent)> {
        let (fr, res) = (SlaClock::FirstResponse, SlaClock::Resolution);
        vec![
            (at("2026-12-07T08:24:00Z"), event(fr, SlaStage::Warning)),
            (at("2026-12-07T08:30:00Z"), event(fr, SlaStage::Breach)),
            (at("2026-12-07T11:12:00Z"), event(res, SlaStage::Warning)),
            (at("2026-12-07T12:00:00Z"), event(res, SlaStage::Breach)),
        ]
    }

    fn row(job: &Job) -> JobRow {
        JobRow {
            key: job.key.clone(),
            kind: job.kind.name().into(),
            subject: job.subject.to_string(),
            due_at: job.due_at,
            payload: job.payload(),
            attempts: 0,
        }
    }

    #[test]
    fn the_chain_runs_each_event_once_then_is_done() {
        let ticket: TicketId = "IT-300".parse().unwrap();
        let mut job = SlaChain::plan(&ticket, Vec::new(), plan()).unwrap();
        let mut ran = Vec::new();
        loop {
            let row = row(&job);
            assert_eq!(row.key, "sla:IT-300");
            ran.push((row.run_name(), job.due_at));
            let (chain, stage) = row.decode().unwrap().sla_chain().unwrap();
            let (next, more) = chain.after(stage, job.due_at);
            job = next;
            if !more {
                break;
            }
        }
        let names: Vec<_> = ran.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sla:IT-300:first_response:warning",
                "sla:IT-300:first_response:breach",
                "sla:IT-300:resolution:warning",
                "sla:IT-300:resolution:breach",
            ]
        );
        assert_eq!(ran[1].1, at("2026-12-07T08:30:00Z"));
        // Done: everything is remembered, and a new plan has nothing left.
        let (chain, _) = job.kind.sla_chain().unwrap();
        assert_eq!(SlaChain::plan(&ticket, chain.fired, plan()), None);
    }

    #[test]
    fn a_plan_skips_what_already_ran() {
        let ticket: TicketId = "IT-300".parse().unwrap();
        let warned = vec![event(SlaClock::FirstResponse, SlaStage::Warning)];
        let job = SlaChain::plan(&ticket, warned, plan()).unwrap();
        assert_eq!(job.kind.name(), "sla_breach");
        assert_eq!(job.due_at, at("2026-12-07T08:30:00Z"));
    }
}
