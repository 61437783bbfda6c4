//! Tickets: priorities, the status machine, comments.
//!
//! ```text
//!   open ──claim──► in_progress ──wait──► waiting
//!    │                 │    ▲                │
//!    │                 │    └────resume──────┘
//!    └─────resolve─────┴──────resolve────────┴──► resolved ──close──► closed
//!                                                    │
//!   open ◄───────────────reopen──────────────────────┘
//! ```
//! `claim` on a ticket already in progress or waiting changes its owner and keeps its status.

use chrono::{DateTime, Utc};

use super::ids::{DeptKey, Handle, TicketId};
use super::text::{Body, Title};
use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<Priority> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn label(self) -> Msg {
        match self {
            Priority::Low => Msg::new("priority-low"),
            Priority::Normal => Msg::new("priority-normal"),
            Priority::High => Msg::new("priority-high"),
            Priority::Urgent => Msg::new("priority-urgent"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::InProgress,
        Status::Waiting,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Waiting => "waiting",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn label(self) -> Msg {
        match self {
            Status::Open => Msg::new("status-open"),
            Status::InProgress => Msg::new("status-in_progress"),
            Status::Waiting => Msg::new("status-waiting"),
            Status::Resolved => Msg::new("status-resolved"),
            Status::Closed => Msg::new("status-closed"),
        }
    }

    /// Still someone's work: counts in queues and digests.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::Waiting)
    }
}

/// The lifecycle moves a command can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Claim,
    Wait,
    Resume,
    Resolve,
    Reopen,
    Close,
}

impl Transition {
    fn verb(self) -> Msg {
        match self {
            Transition::Claim => Msg::new("transition-claim"),
            Transition::Wait => Msg::new("transition-wait"),
            Transition::Resume => Msg::new("transition-resume"),
            Transition::Resolve => Msg::new("transition-resolve"),
            Transition::Reopen => Msg::new("transition-reopen"),
            Transition::Close => Msg::new("transition-close"),
        }
    }
}

impl Status {
    /// The status after `transition`, or an error naming the ticket's status and what it allows.
    pub fn after(self, transition: Transition, id: &TicketId) -> Result<Status, Msg> {
        use Status::*;
        use Transition::*;
        let next = match (self, transition) {
            (Open, Claim) => Some(InProgress),
            (InProgress | Waiting, Claim) => Some(self),
            (InProgress, Wait) => Some(Waiting),
            (Waiting, Resume) => Some(InProgress),
            (Open | InProgress | Waiting, Resolve) => Some(Resolved),
            (Resolved, Reopen) => Some(Open),
            (Resolved, Close) => Some(Closed),
            _ => None,
        };
        next.ok_or_else(|| {
            Msg::new("error-transition")
                .arg("id", id.to_string())
                .arg("verb", transition.verb())
                .arg("status", self.label())
                .arg("allowed", self.allowed_hint())
        })
    }

    fn allowed_hint(self) -> Msg {
        match self {
            Status::Open => Msg::new("transition-allowed-open"),
            Status::InProgress => Msg::new("transition-allowed-in_progress"),
            Status::Waiting => Msg::new("transition-allowed-waiting"),
            Status::Resolved => Msg::new("transition-allowed-resolved"),
            Status::Closed => Msg::new("transition-allowed-closed"),
        }
    }
}

/// A ticket as stored. SLA bookkeeping: `paused_secs` is business time spent waiting or
/// resolved so far; `paused_since` is set while the clocks are stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub title: Title,
    pub details: Option<Body>,
    pub priority: Priority,
    pub status: Status,
    pub requester: Handle,
    pub assignee: Option<Handle>,
    pub customer: Option<Title>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub paused_since: Option<DateTime<Utc>>,
    pub paused_secs: i64,
    pub waiting_reason: Option<Body>,
    pub resolution: Option<Body>,
}

impl Ticket {
    /// A ticket just opened at `now`: unassigned, without details or customer, its SLA
    /// clocks running.
    pub fn new(
        id: TicketId,
        title: Title,
        priority: Priority,
        requester: Handle,
        now: DateTime<Utc>,
    ) -> Ticket {
        Ticket {
            id,
            title,
            details: None,
            priority,
            status: Status::Open,
            requester,
            assignee: None,
            customer: None,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            resolved_at: None,
            paused_since: None,
            paused_secs: 0,
            waiting_reason: None,
            resolution: None,
        }
    }

    /// The ticket the tests of the rules that read tickets start from: IT-1 "Printer down",
    /// requested by frank.
    #[cfg(test)]
    pub(crate) fn sample(priority: Priority, created_at: DateTime<Utc>) -> Ticket {
        let id = "IT-1".parse().unwrap();
        let title = Title::parse("title", "Printer down").unwrap();
        let requester = Handle::parse("frank").unwrap();
        Ticket::new(id, title, priority, requester, created_at)
    }

    pub fn dept(&self) -> &DeptKey {
        self.id.dept()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub ticket: TicketId,
    pub author: Handle,
    pub body: Body,
    pub internal: bool,
    pub at: DateTime<Utc>,
}

/// Filters of `/ticket list`, already narrowed to what the reader may see.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketFilter {
    pub dept: Option<DeptKey>,
    pub status: Option<Status>,
    /// Only open, in-progress and waiting tickets (the default view when no status is given).
    pub active_only: bool,
    pub assignee: Option<Handle>,
    pub requester: Option<Handle>,
    /// Tickets this member requested or is assigned to.
    pub involving: Option<Handle>,
    pub limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;
    use Transition::*;

    fn id() -> TicketId {
        "IT-1".parse().unwrap()
    }

    #[test]
    fn the_happy_path_walks_the_whole_machine() {
        let mut s = Open;
        for (t, expected) in [
            (Claim, InProgress),
            (Wait, Waiting),
            (Resume, InProgress),
            (Resolve, Resolved),
            (Reopen, Open),
            (Resolve, Resolved),
            (Close, Closed),
        ] {
            s = s.after(t, &id()).unwrap();
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn every_forbidden_transition_is_an_error_naming_the_status() {
        let allowed = [
            (Open, Claim),
            (InProgress, Claim),
            (Waiting, Claim),
            (InProgress, Wait),
            (Waiting, Resume),
            (Open, Resolve),
            (InProgress, Resolve),
            (Waiting, Resolve),
            (Resolved, Reopen),
            (Resolved, Close),
        ];
        for status in Status::ALL {
            for t in [Claim, Wait, Resume, Resolve, Reopen, Close] {
                let result = status.after(t, &id());
                assert_eq!(
                    result.is_ok(),
                    allowed.contains(&(status, t)),
                    "{status:?} {t:?}"
                );
                if let Err(msg) = result {
                    assert_eq!(msg.id(), "error-transition");
                }
            }
        }
    }

    #[test]
    fn a_closed_ticket_allows_nothing() {
        let err = Closed.after(Resolve, &id()).unwrap_err();
        let text = err.render(crate::i18n::Locale::En);
        assert!(text.contains("IT-1") && text.contains("closed"), "{text}");
    }

    #[test]
    fn claiming_keeps_a_waiting_ticket_waiting() {
        assert_eq!(Waiting.after(Claim, &id()).unwrap(), Waiting);
    }
}
