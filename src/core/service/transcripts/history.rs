//! What a transcript tells: the ticket, what happened to it in order, and what hangs off it.
//! Gathered once from the store (see `super::gather`), then rendered for a reader by
//! `super::render` — pure data, so that rendering is tested without a store.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::core::audit::Event;
use crate::core::domain::escalation::Escalation;
use crate::core::domain::rating::Rating;
use crate::core::domain::sla::{ClockState, SlaClock};
use crate::core::domain::task::Task;
use crate::core::domain::ticket::{Priority, Status, Ticket};

/// A ticket's whole record at `made_at`.
#[derive(Debug, Clone)]
pub struct History {
    pub ticket: Ticket,
    pub dept_name: String,
    /// Oldest first.
    pub entries: Vec<Entry>,
    /// Each SLA clock as it stands at `made_at`.
    pub sla: Vec<(SlaClock, ClockState)>,
    pub escalations: Vec<Escalation>,
    pub tasks: Vec<Task>,
    pub ratings: Vec<Rating>,
    pub made_at: DateTime<Utc>,
}

impl History {
    /// The timeline as `copy` shows it.
    pub fn entries_for(&self, copy: Copy) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| copy == Copy::Staff || !e.what.staff_only())
    }
}

/// One thing that happened to the ticket, by whom (a member's handle, or `system:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub what: Happening,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    /// Someone took the ticket: it became theirs, and in progress.
    Claimed,
    Comment {
        text: String,
        internal: bool,
    },
    /// `note`: what the new status came with — the waiting reason or the resolution.
    Status {
        from: Status,
        to: Status,
        note: Option<String>,
    },
    Assigned {
        to: String,
    },
    Priority {
        from: Priority,
        to: Priority,
    },
    SlaWarning {
        clock: SlaClock,
    },
    SlaBreach {
        clock: SlaClock,
    },
}

/// Which copy a transcript is: the staff's has everything; the requester's (also the one
/// posted in the ticket's thread, which the requester is in) leaves out what only staff
/// see — internal comments, SLA warnings, escalations and tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Staff,
    Requester,
}

impl Happening {
    /// Whether the requester's copy leaves it out.
    pub fn staff_only(&self) -> bool {
        match self {
            Happening::Comment { internal, .. } => *internal,
            Happening::SlaWarning { .. } => true,
            Happening::Claimed
            | Happening::Status { .. }
            | Happening::Assigned { .. }
            | Happening::Priority { .. }
            | Happening::SlaBreach { .. } => false,
        }
    }
}

/// The timeline, oldest first: what the ticket's audit events (in the order they were
/// written) did — its comments, status changes, owners, priorities and SLA notices.
pub fn timeline(events: &[Event]) -> Vec<Entry> {
    events
        .iter()
        .flat_map(|event| {
            changes(event).into_iter().map(|what| Entry {
                at: event.at,
                by: event.actor.clone(),
                what,
            })
        })
        .collect()
}

/// What one audit event of the ticket did. Opening is the transcript's heading and ratings
/// have a section of their own.
fn changes(event: &Event) -> Vec<Happening> {
    let before = fields(&event.before);
    let after = fields(&event.after);
    let text = |map: &Map<String, Value>, key: &str| {
        map.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let clock = || {
        after
            .get("clock")
            .cloned()
            .and_then(|c| serde_json::from_value(c).ok())
    };
    let mut found = Vec::new();
    match event.action.as_str() {
        "sla.warning" => found.extend(clock().map(|clock| Happening::SlaWarning { clock })),
        "sla.breach" => found.extend(clock().map(|clock| Happening::SlaBreach { clock })),
        // Taking a ticket sets its owner and (when it was open) its status: one entry.
        "ticket.claim" => found.push(Happening::Claimed),
        "ticket.comment" => found.extend(text(&after, "comment").map(|text| Happening::Comment {
            text,
            internal: after.get("internal").and_then(Value::as_bool) == Some(true),
        })),
        _ => {}
    }
    if matches!(
        event.action.as_str(),
        "ticket.open" | "ticket.claim" | "ticket.rate"
    ) || !event.action.starts_with("ticket.")
    {
        return found;
    }
    let status = |map: &Map<String, Value>| text(map, "status").as_deref().and_then(Status::parse);
    if let (Some(from), Some(to)) = (status(&before), status(&after)) {
        let note = text(&after, "waiting_reason").or_else(|| text(&after, "resolution"));
        found.push(Happening::Status { from, to, note });
    }
    if let Some(to) = text(&after, "assignee") {
        found.push(Happening::Assigned { to });
    }
    let priority =
        |map: &Map<String, Value>| text(map, "priority").as_deref().and_then(Priority::parse);
    if let (Some(from), Some(to)) = (priority(&before), priority(&after)) {
        found.push(Happening::Priority { from, to });
    }
    found
}

fn fields(json: &str) -> Map<String, Value> {
    serde_json::from_str(json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, actor: &str, at: &str, before: &str, after: &str) -> Event {
        Event {
            seq: 1,
            at: at.parse().unwrap(),
            actor: actor.into(),
            object: "IT-4".into(),
            action: action.into(),
            before: before.into(),
            after: after.into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn the_timeline_reads_claims_comments_status_changes_and_breaches_from_the_audit_trail() {
        let events = [
            event(
                "ticket.open",
                "frank",
                "2026-12-07T08:00:00Z",
                "{}",
                r#"{"status":"open","priority":"high"}"#,
            ),
            event(
                "ticket.claim",
                "alice",
                "2026-12-07T08:10:00Z",
                r#"{"status":"open","assignee":null}"#,
                r#"{"status":"in_progress","assignee":"alice"}"#,
            ),
            event(
                "ticket.comment",
                "alice",
                "2026-12-07T08:20:00Z",
                "{}",
                r#"{"comment":"Vendor is slow","internal":true}"#,
            ),
            event(
                "sla.breach",
                "system:scheduler",
                "2026-12-07T12:00:00Z",
                "{}",
                r#"{"clock":"resolution","due":"x"}"#,
            ),
            event(
                "ticket.wait",
                "alice",
                "2026-12-07T12:30:00Z",
                r#"{"status":"in_progress","waiting_reason":null}"#,
                r#"{"status":"waiting","waiting_reason":"Vendor"}"#,
            ),
            event(
                "ticket.rate",
                "frank",
                "2026-12-08T08:00:00Z",
                "{}",
                r#"{"rating":5}"#,
            ),
        ];
        let whats: Vec<_> = timeline(&events)
            .into_iter()
            .map(|e| (e.by, e.what))
            .collect();
        assert_eq!(
            whats,
            vec![
                ("alice".to_string(), Happening::Claimed),
                (
                    "alice".into(),
                    Happening::Comment {
                        text: "Vendor is slow".into(),
                        internal: true
                    }
                ),
                (
                    "system:scheduler".into(),
                    Happening::SlaBreach {
                        clock: SlaClock::Resolution
                    }
                ),
                (
                    "alice".into(),
                    Happening::Status {
                        from: Status::InProgress,
                        to: Status::Waiting,
                        note: Some("Vendor".into())
                    }
                ),
            ]
        );
    }
}
