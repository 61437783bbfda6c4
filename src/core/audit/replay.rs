//! Deep verify: an object's events replayed into the state they say it has, compared with
//! its row.
//!
//! The chain proves the trail was not edited; it says nothing of a ticket, task or request
//! changed behind opsdesk's back with the trail left alone. Every change opsdesk makes writes
//! its fields into the event's `after`, so folding an object's events in order gives, field
//! by field, the last value the trail knows. The row must hold that value. A field no event
//! ever set (events written before it was recorded) is not compared.
//!
//! Approval decisions are compared one by one with the `approval.approve` and
//! `approval.reject` events, in order: a decision row without its event — a forged
//! self-approval, say — is named, and so is an event without its row.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::Event;
use crate::core::domain::approval::{Approval, Decision};
use crate::core::domain::task::Task;
use crate::core::domain::ticket::Ticket;

/// The ticket fields events record, in the order differences are looked for.
const TICKET_FIELDS: &[&str] = &[
    "title",
    "requester",
    "status",
    "priority",
    "assignee",
    "customer",
    "details",
    "waiting_reason",
    "resolution",
];

const TASK_FIELDS: &[&str] = &[
    "title",
    "delegator",
    "assignee",
    "status",
    "due",
    "ticket",
    "every",
    "series",
    "note",
    "details",
];

const APPROVAL_FIELDS: &[&str] = &[
    "kind",
    "title",
    "requester",
    "status",
    "current_step",
    "amount",
    "dept",
    "details",
    "steps",
    "content_hash",
];

/// The fields a decision event and a decision row are compared on.
const DECISION_FIELDS: &[&str] = &[
    "step",
    "verdict",
    "approver",
    "by",
    "comment",
    "content_hash",
];

/// The actions of a decision.
const DECISION_ACTIONS: [(&str, &str); 2] = [
    ("approval.approve", "approve"),
    ("approval.reject", "reject"),
];

/// What the data holds for one object, in the names and forms its events use.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    fields: &'static [&'static str],
    state: Map<String, Value>,
    /// Decisions, in the order they were made (approvals only).
    decisions: Vec<Map<String, Value>>,
}

impl Observed {
    pub fn ticket(t: &Ticket) -> Self {
        let handle = t.assignee.as_ref().map(|h| h.as_str());
        Observed::new(
            TICKET_FIELDS,
            [
                ("title", json!(t.title)),
                ("requester", json!(t.requester.as_str())),
                ("status", json!(t.status.as_str())),
                ("priority", json!(t.priority.as_str())),
                ("assignee", json!(handle)),
                ("customer", json!(t.customer)),
                ("details", json!(t.details)),
                ("waiting_reason", json!(t.waiting_reason)),
                ("resolution", json!(t.resolution)),
            ],
        )
    }

    pub fn task(t: &Task) -> Self {
        Observed::new(
            TASK_FIELDS,
            [
                ("title", json!(t.title)),
                ("delegator", json!(t.delegator.as_str())),
                ("assignee", json!(t.assignee.as_str())),
                ("status", json!(t.status.as_str())),
                ("due", json!(t.due.to_rfc3339())),
                ("ticket", json!(t.ticket.as_ref().map(|id| id.to_string()))),
                ("every", json!(t.every.as_ref().map(|e| e.to_string()))),
                ("series", json!(t.series.map(|s| s.to_string()))),
                ("note", json!(t.note)),
                ("details", json!(t.details)),
            ],
        )
    }

    pub fn approval(a: &Approval, decisions: &[Decision]) -> Self {
        let mut observed = Observed::new(
            APPROVAL_FIELDS,
            [
                ("kind", json!(a.kind)),
                ("title", json!(a.title)),
                ("requester", json!(a.requester.as_str())),
                ("status", json!(a.status.as_str())),
                ("current_step", json!(a.step + 1)),
                ("amount", json!(a.amount.map(|m| m.to_string()))),
                ("dept", json!(a.dept.as_str())),
                ("details", json!(a.details)),
                ("steps", json!(approvers(a))),
                ("content_hash", json!(a.content_hash)),
            ],
        );
        observed.decisions = decisions.iter().map(decision_fields).collect();
        observed
    }

    fn new<const N: usize>(fields: &'static [&'static str], values: [(&str, Value); N]) -> Self {
        Observed {
            fields,
            state: values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            decisions: Vec::new(),
        }
    }
}

/// The approvers of each step, as `approval.request` records them.
pub fn approvers(a: &Approval) -> Vec<Vec<&str>> {
    a.steps
        .iter()
        .map(|s| s.approvers.iter().map(|h| h.as_str()).collect())
        .collect()
}

fn decision_fields(d: &Decision) -> Map<String, Value> {
    [
        ("step", json!(d.step + 1)),
        ("verdict", json!(d.verdict.as_str())),
        ("approver", json!(d.approver.as_str())),
        ("by", json!(d.by.as_str())),
        ("comment", json!(d.comment)),
        ("content_hash", json!(d.content_hash)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The first way an object's row and its history disagree.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// A row with no event at all: added behind opsdesk's back.
    NoHistory,
    /// Events (the first at `seq`) but no row: the row was deleted.
    NoRow { seq: i64 },
    /// The row's `field` holds `data`; the trail last set it to `trail`, at event `seq`.
    Field {
        field: String,
        trail: Value,
        data: Value,
        seq: i64,
    },
    /// A decision row (the `n`th, from 1) that no decision event records.
    UnrecordedDecision {
        n: usize,
        decision: Map<String, Value>,
    },
    /// A decision event (at `seq`) with no decision row.
    MissingDecision { seq: i64 },
    /// The `n`th decision row disagrees with its event (at `seq`) on `field`.
    DecisionField {
        n: usize,
        seq: i64,
        field: String,
        trail: Value,
        data: Value,
    },
}

/// Replays `events` (the object's history, in order) and compares the result with `row`
/// (`None`: the object has no row).
pub fn compare(events: &[Event], row: Option<&Observed>) -> Result<(), Difference> {
    let row = match (row, events.first()) {
        (None, None) => return Ok(()),
        (Some(_), None) => return Err(Difference::NoHistory),
        (None, Some(first)) => return Err(Difference::NoRow { seq: first.seq }),
        (Some(row), Some(_)) => row,
    };
    let replayed = Replayed::of(events);
    for field in row.fields {
        let Some((trail, seq)) = replayed.state.get(*field) else {
            continue;
        };
        let data = row.state.get(*field).cloned().unwrap_or(Value::Null);
        if *trail != data {
            return Err(Difference::Field {
                field: field.to_string(),
                trail: trail.clone(),
                data,
                seq: *seq,
            });
        }
    }
    compare_decisions(&replayed.decisions, &row.decisions)
}

fn compare_decisions(
    trail: &[(i64, Map<String, Value>)],
    rows: &[Map<String, Value>],
) -> Result<(), Difference> {
    for (n, row) in rows.iter().enumerate() {
        let Some((seq, event)) = trail.get(n) else {
            return Err(Difference::UnrecordedDecision {
                n: n + 1,
                decision: row.clone(),
            });
        };
        for field in DECISION_FIELDS {
            let (expected, data) = (event.get(*field), row.get(*field));
            if expected != data {
                return Err(Difference::DecisionField {
                    n: n + 1,
                    seq: *seq,
                    field: field.to_string(),
                    trail: expected.cloned().unwrap_or(Value::Null),
                    data: data.cloned().unwrap_or(Value::Null),
                });
            }
        }
    }
    match trail.get(rows.len()) {
        Some((seq, _)) => Err(Difference::MissingDecision { seq: *seq }),
        None => Ok(()),
    }
}

/// An object's state as its events tell it: each field's last value and the event that set
/// it, and the decisions recorded, in order.
struct Replayed {
    state: HashMap<String, (Value, i64)>,
    decisions: Vec<(i64, Map<String, Value>)>,
}

impl Replayed {
    fn of(events: &[Event]) -> Self {
        let mut replayed = Replayed {
            state: HashMap::new(),
            decisions: Vec::new(),
        };
        for event in events {
            replayed.apply(event);
        }
        replayed
    }

    fn apply(&mut self, event: &Event) {
        // The chain walk ran first and found every change readable.
        let after: Map<String, Value> = serde_json::from_str(&event.after).unwrap_or_default();
        let mut set = |field: &str, value: Value| {
            self.state.insert(field.to_string(), (value, event.seq));
        };
        // What a creating event means without saying it (older events did not write it).
        match event.action.as_str() {
            "task.assign" => set("status", json!("open")),
            "approval.request" => {
                set("status", json!("pending"));
                set("requester", json!(event.actor));
                set("current_step", json!(1));
            }
            _ => {}
        }
        // `task.next` is recorded on the finished occurrence but describes the next one.
        if event.action != "task.next" {
            for (field, value) in &after {
                set(field, value.clone());
            }
        }
        if let Some((_, verdict)) = DECISION_ACTIONS.iter().find(|(a, _)| *a == event.action) {
            let mut decision = Map::new();
            for field in ["step", "approver", "comment", "content_hash"] {
                let value = after.get(field).cloned().unwrap_or(Value::Null);
                decision.insert(field.into(), value);
            }
            decision.insert("verdict".into(), json!(verdict));
            decision.insert("by".into(), json!(event.actor));
            self.decisions.push((event.seq, decision));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, actor: &str, action: &str, after: Value) -> Event {
        Event {
            seq,
            at: "2026-12-07T08:00:00Z".parse().unwrap(),
            actor: actor.into(),
            object: "IT-1".into(),
            action: action.into(),
            before: "{}".into(),
            after: after.to_string(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn row(fields: &'static [&'static str], state: Value) -> Observed {
        let Value::Object(state) = state else {
            unreachable!()
        };
        Observed {
            fields,
            state,
            decisions: Vec::new(),
        }
    }

    #[test]
    fn the_last_value_of_each_field_is_compared() {
        let events = [
            event(1, "frank", "ticket.open", json!({"status": "open"})),
            event(2, "alice", "ticket.claim", json!({"status": "in_progress"})),
        ];
        let good = row(TICKET_FIELDS, json!({"status": "in_progress"}));
        assert_eq!(compare(&events, Some(&good)), Ok(()));
        let edited = row(TICKET_FIELDS, json!({"status": "closed"}));
        let found = compare(&events, Some(&edited)).unwrap_err();
        let expected = Difference::Field {
            field: "status".into(),
            trail: json!("in_progress"),
            data: json!("closed"),
            seq: 2,
        };
        assert_eq!(found, expected);
    }

    #[test]
    fn fields_no_event_set_are_not_compared() {
        let events = [event(1, "frank", "ticket.open", json!({"status": "open"}))];
        let row = row(TICKET_FIELDS, json!({"status": "open", "details": "x"}));
        assert_eq!(compare(&events, Some(&row)), Ok(()));
    }

    #[test]
    fn a_row_without_events_and_events_without_a_row_are_named() {
        let events = [event(3, "frank", "ticket.open", json!({}))];
        let row = row(TICKET_FIELDS, json!({}));
        assert_eq!(compare(&[], Some(&row)), Err(Difference::NoHistory));
        assert_eq!(compare(&events, None), Err(Difference::NoRow { seq: 3 }));
    }

    #[test]
    fn the_next_occurrence_recorded_on_a_task_does_not_change_it() {
        let events = [
            event(1, "bob", "task.assign", json!({"due": "A"})),
            event(2, "system:scheduler", "task.next", json!({"due": "B"})),
        ];
        let row = row(TASK_FIELDS, json!({"due": "A", "status": "open"}));
        assert_eq!(compare(&events, Some(&row)), Ok(()));
    }

    #[test]
    fn a_decision_row_without_its_event_is_unrecorded() {
        let events = [event(1, "dan", "approval.request", json!({}))];
        let mut row = row(
            APPROVAL_FIELDS,
            json!({"status": "pending", "requester": "dan", "current_step": 1}),
        );
        let forged: Map<String, Value> = serde_json::from_value(json!({
            "step": 1, "verdict": "approve", "approver": "dan", "by": "dan",
            "comment": null, "content_hash": "h"
        }))
        .unwrap();
        row.decisions.push(forged.clone());
        assert_eq!(
            compare(&events, Some(&row)),
            Err(Difference::UnrecordedDecision {
                n: 1,
                decision: forged
            })
        );
    }

    #[test]
    fn a_decision_is_compared_with_its_event() {
        let events = [
            event(1, "dan", "approval.request", json!({})),
            event(
                2,
                "bob",
                "approval.approve",
                json!({"step": 1, "approver": "bob", "comment": null, "content_hash": "h"}),
            ),
        ];
        let mut row = row(
            APPROVAL_FIELDS,
            json!({"status": "pending", "requester": "dan", "current_step": 1, "content_hash": "h"}),
        );
        assert_eq!(
            compare(&events, Some(&row)),
            Err(Difference::MissingDecision { seq: 2 })
        );
        let decision: Map<String, Value> = serde_json::from_value(json!({
            "step": 1, "verdict": "approve", "approver": "bob", "by": "victor",
            "comment": null, "content_hash": "h"
        }))
        .unwrap();
        row.decisions.push(decision);
        assert_eq!(
            compare(&events, Some(&row)),
            Err(Difference::DecisionField {
                n: 1,
                seq: 2,
                field: "by".into(),
                trail: json!("bob"),
                data: json!("victor"),
            })
        );
    }
}
