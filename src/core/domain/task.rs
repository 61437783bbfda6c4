//! Delegated tasks: who asked whom to do what by when, and how a series repeats.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{split_numbered, Handle, TicketId};
use super::text::{Body, Title};
use crate::core::time::recurrence::Recurrence;
use crate::i18n::Msg;

/// `T-17`: tasks are numbered across the organisation. Stored (in job payloads) as the
/// bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(u32);

impl TaskId {
    pub fn new(n: u32) -> Self {
        TaskId(n)
    }

    pub fn number(self) -> u32 {
        self.0
    }
}

impl FromStr for TaskId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        match split_numbered(text) {
            Some((prefix, number)) if prefix.eq_ignore_ascii_case("t") => Ok(TaskId(number)),
            _ => Err(Msg::new("error-task-id-invalid").arg("id", text)),
        }
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Open,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<TaskStatus> {
        [TaskStatus::Open, TaskStatus::Done, TaskStatus::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            TaskStatus::Open => Msg::new("task-status-open"),
            TaskStatus::Done => Msg::new("task-status-done"),
            TaskStatus::Cancelled => Msg::new("task-status-cancelled"),
        }
    }
}

/// A task as stored. Occurrences of a repeating task share `series` (the first task's id)
/// and each carries the rule, so any one of them can produce the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: TaskId,
    pub title: Title,
    pub details: Option<Body>,
    pub delegator: Handle,
    pub assignee: Handle,
    pub due: DateTime<Utc>,
    pub ticket: Option<TicketId>,
    pub every: Option<Recurrence>,
    pub series: Option<TaskId>,
    /// Set once this occurrence has produced the next one (when done, or when due passed).
    pub next_created: bool,
    pub status: TaskStatus,
    pub note: Option<Body>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Task {
    /// A done or cancelled task accepts no more changes.
    pub fn require_open(&self) -> Result<(), Msg> {
        match self.status {
            TaskStatus::Open => Ok(()),
            other => Err(Msg::new("error-task-closed")
                .arg("id", self.id.to_string())
                .arg("status", other.label())),
        }
    }
}

/// Which tasks `/task list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskView {
    /// Open tasks assigned to the reader (or to `user:`).
    Mine,
    /// Open tasks the reader (or `user:`) delegated.
    Delegated,
    /// Open tasks past their due time, assigned to or delegated by the reader (or `user:`).
    Overdue,
}

impl TaskView {
    pub fn parse(text: &str) -> Option<TaskView> {
        match text {
            "mine" => Some(TaskView::Mine),
            "delegated" => Some(TaskView::Delegated),
            "overdue" => Some(TaskView::Overdue),
            _ => None,
        }
    }
}

/// What the store filters on; the service narrows it to what the reader may see.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFilter {
    pub assignee: Option<Handle>,
    pub delegator: Option<Handle>,
    /// Assigned to or delegated by this member.
    pub involving: Option<Handle>,
    pub due_before: Option<DateTime<Utc>>,
    pub limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_read_in_any_case() {
        assert_eq!("t-17".parse::<TaskId>().unwrap().to_string(), "T-17");
        for bad in ["T-", "T-0", "IT-3", "17", "T-x"] {
            assert!(bad.parse::<TaskId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn only_open_tasks_change() {
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        let mut task = Task {
            id: TaskId::new(1),
            title: Title::parse("title", "x").unwrap(),
            details: None,
            delegator: Handle::parse("bob").unwrap(),
            assignee: Handle::parse("alice").unwrap(),
            due: at,
            ticket: None,
            every: None,
            series: None,
            next_created: false,
            status: TaskStatus::Open,
            note: None,
            created_at: at,
            updated_at: at,
        };
        assert!(task.require_open().is_ok());
        task.status = TaskStatus::Done;
        assert_eq!(task.require_open().unwrap_err().id(), "error-task-closed");
    }
}
