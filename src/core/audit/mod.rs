//! The audit trail: append-only events chained by SHA-256.
//!
//! Each event's hash covers its own fields and the previous event's hash, so editing any
//! stored field, deleting an event or reordering events breaks the chain from that point on.
//! Three things a chain cannot show by itself, because anyone with the database can
//! recompute every hash: deleting the newest events, rewriting the whole chain, and
//! appending a forged event. [`seals`] answers those by keeping the head outside the
//! database (posted, and recorded); [`replay`] compares the data with what its history says,
//! which catches edits that leave the trail alone.
//!
//! A draft names its actor and object with typed values; a chained [`Event`] keeps their
//! text forms, exactly as hashed, so verifying never depends on reading them back.

pub mod replay;
pub mod seals;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::domain::object::{Actor, ObjectId};

/// The hash that the first event links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change, before it is given its place in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub actor: Actor,
    pub object: ObjectId,
    pub action: &'static str,
    pub before: Map<String, Value>,
    pub after: Map<String, Value>,
}

/// A stored event. Every field is kept as the exact text that was hashed: `actor` and
/// `object` in their text forms (`alice`, `system:scheduler`; `IT-4`, `@alice`), `before`
/// and `after` as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub object: String,
    pub action: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The newest event's position and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// Gives each draft its sequence number, time and hash, continuing the chain after `head`.
pub fn chain(head: Option<Head>, at: DateTime<Utc>, drafts: Vec<Draft>) -> Vec<Event> {
    let (mut seq, mut prev) = match head {
        Some(h) => (h.seq, h.hash),
        None => (0, GENESIS.to_string()),
    };
    drafts
        .into_iter()
        .map(|d| {
            seq += 1;
            let mut event = Event {
                seq,
                at,
                actor: d.actor.to_string(),
                object: d.object.to_string(),
                action: d.action.to_string(),
                before: Value::Object(d.before).to_string(),
                after: Value::Object(d.after).to_string(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            event.hash = digest(&event);
            prev = event.hash.clone();
            event
        })
        .collect()
}

/// The hash of an event's content and its link; `hash` itself is not part of it. Public on
/// purpose: anyone can recompute it, which is why only a seal kept outside the database
/// proves a chain was not rewritten.
pub fn digest(e: &Event) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields: no separator inside a field can shift content between fields.
    for field in [
        e.seq.to_string().as_str(),
        e.at.timestamp().to_string().as_str(),
        &e.actor,
        &e.object,
        &e.action,
        &e.before,
        &e.after,
        &e.prev_hash,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// A stored row of the trail that cannot be read as an event: named by its place, with the
/// column that is unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    pub seq: i64,
    pub column: String,
}

/// What went wrong at the first bad event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Numbered 0 or below: the chain starts at 1, so the row was put there by hand.
    BelowOne,
    /// A column cannot be read (a time that is not one, a change that is not a JSON object).
    Unreadable { column: String },
    /// The event's content no longer matches its hash.
    Altered,
    /// Events before this one are missing (`expected` is the sequence number that should
    /// have come next).
    Missing { expected: i64 },
    /// The event does not link to the event before it.
    Unlinked,
}

/// Checks a chain incrementally, page by page, so a long trail needs little memory.
#[derive(Debug, Clone)]
pub struct Verifier {
    next_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            next_seq: 1,
            prev_hash: GENESIS.to_string(),
            checked: 0,
        }
    }
}

impl Verifier {
    /// Feeds the next event in sequence order; the first fault is returned with its event.
    pub fn feed(&mut self, event: &Event) -> Result<(), Fault> {
        if event.seq < 1 {
            return Err(Fault::BelowOne);
        }
        for (column, text) in [("before", &event.before), ("after", &event.after)] {
            if serde_json::from_str::<Map<String, Value>>(text).is_err() {
                return Err(Fault::Unreadable {
                    column: column.to_string(),
                });
            }
        }
        if event.seq != self.next_seq {
            return Err(Fault::Missing {
                expected: self.next_seq,
            });
        }
        if event.prev_hash != self.prev_hash {
            return Err(Fault::Unlinked);
        }
        if digest(event) != event.hash {
            return Err(Fault::Altered);
        }
        self.next_seq += 1;
        self.prev_hash = event.hash.clone();
        self.checked += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// The last event that verified: where a seal made now would be.
    pub fn head(&self) -> Option<Head> {
        (self.checked > 0).then(|| Head {
            seq: self.next_seq - 1,
            hash: self.prev_hash.clone(),
        })
    }
}

/// Builds the before/after maps of a change from `(field, before, after)` triples, keeping
/// only the fields that really changed.
pub fn diff<const N: usize>(
    fields: [(&str, Value, Value); N],
) -> (Map<String, Value>, Map<String, Value>) {
    let mut before = Map::new();
    let mut after = Map::new();
    for (name, old, new) in fields {
        if old != new {
            before.insert(name.to_string(), old);
            after.insert(name.to_string(), new);
        }
    }
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft(object: &str, action: &'static str) -> Draft {
        let (before, after) = diff([("status", json!("open"), json!("in_progress"))]);
        Draft {
            actor: Actor::Member(crate::core::domain::ids::Handle::parse("alice").unwrap()),
            object: ObjectId::parse(object).unwrap(),
            action,
            before,
            after,
        }
    }

    fn chain_of(n: usize) -> Vec<Event> {
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        let mut events = chain(None, at, vec![draft("IT-1", "ticket.open")]);
        for _ in 1..n {
            let last = events.last().unwrap();
            let head = Head {
                seq: last.seq,
                hash: last.hash.clone(),
            };
            events.extend(chain(Some(head), at, vec![draft("IT-1", "ticket.claim")]));
        }
        events
    }

    fn verify(events: &[Event]) -> Result<u64, (i64, Fault)> {
        let mut v = Verifier::default();
        for e in events {
            v.feed(e).map_err(|f| (e.seq, f))?;
        }
        Ok(v.checked())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain_of(5)), Ok(5));
    }

    #[test]
    fn sealing_several_drafts_at_once_links_them() {
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        let events = chain(None, at, vec![draft("IT-1", "a"), draft("IT-2", "b")]);
        assert_eq!(events[1].prev_hash, events[0].hash);
        assert_eq!(verify(&events), Ok(2));
    }

    #[test]
    fn an_edited_field_is_named_as_altered() {
        let mut events = chain_of(5);
        events[2].after = r#"{"status":"closed"}"#.into();
        assert_eq!(verify(&events), Err((3, Fault::Altered)));
    }

    #[test]
    fn a_deleted_event_is_named_by_the_gap() {
        let mut events = chain_of(5);
        events.remove(1);
        assert_eq!(verify(&events), Err((3, Fault::Missing { expected: 2 })));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_link_to_the_next_event() {
        let mut events = chain_of(4);
        events[1].actor = "mallory".into();
        events[1].hash = digest(&events[1]);
        assert_eq!(verify(&events), Err((3, Fault::Unlinked)));
    }

    #[test]
    fn an_event_numbered_below_one_is_named() {
        let mut events = chain_of(2);
        for seq in [0, -1] {
            events[0].seq = seq;
            assert_eq!(verify(&events), Err((seq, Fault::BelowOne)));
        }
    }

    #[test]
    fn a_change_that_is_not_json_is_unreadable() {
        let mut events = chain_of(3);
        events[1].before = "{not json".into();
        let column = "before".to_string();
        assert_eq!(verify(&events), Err((2, Fault::Unreadable { column })));
    }

    #[test]
    fn the_head_is_the_last_verified_event() {
        let events = chain_of(3);
        let mut v = Verifier::default();
        assert_eq!(v.head(), None);
        for e in &events {
            v.feed(e).unwrap();
        }
        let head = v.head().unwrap();
        assert_eq!((head.seq, head.hash), (3, events[2].hash.clone()));
    }

    #[test]
    fn diff_keeps_only_changed_fields() {
        let (before, after) = diff([
            ("status", json!("open"), json!("open")),
            ("assignee", json!(null), json!("alice")),
        ]);
        assert_eq!(Value::Object(before), json!({"assignee": null}));
        assert_eq!(Value::Object(after), json!({"assignee": "alice"}));
    }
}
