//! Escalations: a problem nobody acts on climbs a ladder of people until someone
//! acknowledges it.
//!
//! An escalation is about one subject — a ticket, a task or an approval request (a customer
//! complaint opens a ticket first) — and a subject has at most one active escalation. It
//! starts at the ladder's first level; each level has holders (the people it waits on) and
//! an acknowledgement timeout, after which it climbs. Acknowledging stops the climb and makes
//! the acknowledger its owner; resolving closes it. The ladder itself is configuration
//! (see [`super::escalation_policy`]).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approval::ApprovalId;
use super::ids::{split_numbered, DeptKey, Handle, TicketId};
use super::object::{Actor, ObjectId};
use super::sla::SlaClock;
use super::task::TaskId;
use super::text::{Body, Title};
use super::ticket::Priority;
use crate::i18n::Msg;

/// `E-3`: escalations are numbered across the organisation. Stored (in job payloads) as the
/// bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EscalationId(u32);

impl EscalationId {
    pub fn new(n: u32) -> Self {
        EscalationId(n)
    }

    pub fn number(self) -> u32 {
        self.0
    }
}

impl FromStr for EscalationId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        match split_numbered(text) {
            Some((prefix, number)) if prefix.eq_ignore_ascii_case("e") => Ok(EscalationId(number)),
            _ => Err(Msg::new("error-escalation-id-invalid").arg("id", text)),
        }
    }
}

impl fmt::Display for EscalationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E-{}", self.0)
    }
}

/// What an escalation is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Ticket(TicketId),
    Task(TaskId),
    Approval(ApprovalId),
}

impl Subject {
    pub fn object(&self) -> ObjectId {
        match self {
            Subject::Ticket(id) => id.clone().into(),
            Subject::Task(id) => (*id).into(),
            Subject::Approval(id) => (*id).into(),
        }
    }

    /// The subject named by an object id, if that kind of object can be escalated.
    pub fn of(object: &ObjectId) -> Option<Subject> {
        match object {
            ObjectId::Ticket(id) => Some(Subject::Ticket(id.clone())),
            ObjectId::Task(id) => Some(Subject::Task(*id)),
            ObjectId::Approval(id) => Some(Subject::Approval(*id)),
            ObjectId::Escalation(_)
            | ObjectId::Digest(_)
            | ObjectId::Member(_)
            | ObjectId::Department(_)
            | ObjectId::Budget(..)
            | ObjectId::Audit => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.object().fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationStatus {
    /// Climbing: waiting for one of its holders to acknowledge it.
    Open,
    /// Someone owns it; it no longer climbs.
    Acknowledged,
    Resolved,
    /// Its subject went away (withdrawn, cancelled) before anyone resolved it.
    Cancelled,
}

impl EscalationStatus {
    const ALL: [EscalationStatus; 4] = [
        EscalationStatus::Open,
        EscalationStatus::Acknowledged,
        EscalationStatus::Resolved,
        EscalationStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EscalationStatus::Open => "open",
            EscalationStatus::Acknowledged => "acknowledged",
            EscalationStatus::Resolved => "resolved",
            EscalationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<EscalationStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            EscalationStatus::Open => Msg::new("escalation-status-open"),
            EscalationStatus::Acknowledged => Msg::new("escalation-status-acknowledged"),
            EscalationStatus::Resolved => Msg::new("escalation-status-resolved"),
            EscalationStatus::Cancelled => Msg::new("escalation-status-cancelled"),
        }
    }

    /// Open and acknowledged escalations are active: the subject cannot get another.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            EscalationStatus::Open | EscalationStatus::Acknowledged
        )
    }
}

/// Why an escalation was raised, or how it ended: what a person wrote, or what happened.
/// Kept as data, not text, so each reader sees it in their own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// Written by a person.
    Said { text: Body },
    /// The subject's SLA clock passed its target.
    SlaBreached { clock: SlaClock },
    /// The task is overdue past the policy's grace.
    TaskOverdue,
    /// The approval step (1-based) waited past its expiry.
    ApprovalStalled { step: usize },
    /// The subject was resolved, closed, done or decided.
    SubjectFinished,
    /// The subject was cancelled or withdrawn.
    SubjectWithdrawn,
}

impl Note {
    /// How the audit trail records it: what a person wrote, or what happened, in words no
    /// language owns.
    pub fn audit_value(&self) -> String {
        match self {
            Note::Said { text } => text.to_string(),
            Note::SlaBreached { clock } => format!("sla_breached:{}", clock.as_str()),
            Note::TaskOverdue => "task_overdue".into(),
            Note::ApprovalStalled { step } => format!("approval_stalled:step {step}"),
            Note::SubjectFinished => "subject_finished".into(),
            Note::SubjectWithdrawn => "subject_withdrawn".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub id: EscalationId,
    pub subject: Subject,
    /// The department whose ladder it climbs (the subject's).
    pub dept: DeptKey,
    pub raised_by: Actor,
    pub reason: Note,
    /// For a customer complaint: the customer, and how to reach them.
    pub customer: Option<Title>,
    pub contact: Option<Title>,
    /// Urgent escalations count wall-clock time and notify at night; others count working
    /// time and wait for the morning.
    pub urgent: bool,
    /// The ladder level it is at (0-based).
    pub level: usize,
    /// Who it waits on at this level.
    pub holders: Vec<Handle>,
    pub status: EscalationStatus,
    /// Who acknowledged it.
    pub owner: Option<Handle>,
    pub resolution: Option<Note>,
    pub level_started_at: DateTime<Utc>,
    /// Reminders sent at the last level.
    pub reminders: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Escalation {
    /// Whether `who` may act on it now: a holder, or once acknowledged its owner (who may
    /// resolve it).
    pub fn held_by(&self, who: &Handle) -> bool {
        self.holders.contains(who) || self.owner.as_ref() == Some(who)
    }

    /// Only active escalations change.
    pub fn require_active(&self) -> Result<(), Msg> {
        if self.status.is_active() {
            Ok(())
        } else {
            Err(Msg::new("error-escalation-closed")
                .arg("id", self.id.to_string())
                .arg("status", self.status.label()))
        }
    }
}

/// Whether a subject of this priority escalates on wall-clock time.
pub fn is_urgent(priority: Priority) -> bool {
    priority == Priority::Urgent
}

/// Which escalations `/escalation list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationView {
    /// Active ones the reader may see.
    Open,
    /// Active ones the reader holds or owns.
    Mine,
    /// Every one the reader may see, closed ones too.
    All,
}

impl EscalationView {
    pub fn parse(text: &str) -> Option<EscalationView> {
        match text {
            "open" => Some(EscalationView::Open),
            "mine" => Some(EscalationView::Mine),
            "all" => Some(EscalationView::All),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_ids_read_in_any_case() {
        assert_eq!("e-3".parse::<EscalationId>().unwrap().to_string(), "E-3");
        for bad in ["E-", "E-0", "EE-1", "3", "A-3"] {
            assert!(bad.parse::<EscalationId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_tickets_tasks_and_approvals_can_be_escalated() {
        for (text, ok) in [
            ("IT-4", true),
            ("T-7", true),
            ("A-2", true),
            ("E-1", false),
            ("@alice", false),
            ("dept:it", false),
        ] {
            let object = ObjectId::parse(text).unwrap();
            assert_eq!(Subject::of(&object).is_some(), ok, "{text}");
            if let Some(subject) = Subject::of(&object) {
                assert_eq!(subject.object(), object);
            }
        }
    }

    #[test]
    fn open_and_acknowledged_are_active() {
        for status in EscalationStatus::ALL {
            assert_eq!(EscalationStatus::parse(status.as_str()), Some(status));
        }
        assert!(EscalationStatus::Acknowledged.is_active());
        assert!(!EscalationStatus::Resolved.is_active());
        assert!(!EscalationStatus::Cancelled.is_active());
    }
}
