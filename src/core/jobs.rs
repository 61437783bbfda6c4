//! Scheduled work, as the core sees it: what should happen at a due time, and for what.
//!
//! Jobs are rows (see `store::UnitOfWork::replace_jobs`), keyed so that scheduling the same
//! work twice is one job, and run inside a transaction with their effects so that a restart
//! neither loses nor repeats them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::domain::approval::ApprovalId;
use super::domain::digest::DigestId;
use super::domain::escalation::EscalationId;
use super::domain::ids::{Handle, TicketId};
use super::domain::object::ObjectId;
use super::domain::sla::SlaClock;
use super::domain::task::TaskId;

/// What a job does. Stored as JSON; the tag is also the row's `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    /// 80% of an SLA target is used up: tell the assignee, or the channel if unassigned.
    SlaWarning { ticket: TicketId, clock: SlaClock },
    /// The SLA target has passed: tell the department's channel.
    SlaBreach { ticket: TicketId, clock: SlaClock },
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
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::SlaWarning { .. } => "sla_warning",
            JobKind::SlaBreach { .. } => "sla_breach",
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
}
