//! Seals: the chain's head, published outside the database and recorded in it.
//!
//! A hash chain proves only that its events agree with each other: whoever can write the
//! database can delete the newest events, or rewrite every event and recompute every hash,
//! and the chain still verifies. A seal fixes the head — "event #S has hash H" — at a moment,
//! so that any later chain must still hold that event with that hash.
//!
//! A seal is **posted** (to the audit channel, through the outbox) and **recorded** (the
//! seals table, and an `audit.seal` event). The recorded copies let `/audit verify` notice
//! a trail cut short or rewritten by someone who left the seals alone; someone who rewrites
//! the seals too is caught only by comparing with a posted copy, which lives where the
//! database's writer cannot reach — hence `/audit verify seal:<seq>:<hash>`.
//!
//! Sealing appends the seal's own event *after* the head it seals: an event cannot carry a
//! hash of itself, so seal N at event S is always followed by its own event at S + 1.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde_json::{json, Map, Value};

use super::{Event, Head};
use crate::i18n::Msg;

/// The action of a seal's own event.
pub const SEAL_ACTION: &str = "audit.seal";

/// Where seals are posted, and when the daily one is made (in the organisation's zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealSettings {
    pub channel: String,
    pub daily_at: NaiveTime,
}

impl Default for SealSettings {
    fn default() -> Self {
        SealSettings {
            channel: "audit".into(),
            daily_at: NaiveTime::from_hms_opt(18, 0, 0).expect("a valid time"),
        }
    }
}

/// A published head: seal number `number` says event `head.seq` has hash `head.hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub number: i64,
    pub head: Head,
    pub at: DateTime<Utc>,
}

impl Seal {
    /// The change the seal's own event records (on [`ObjectId::Audit`], as
    /// [`SEAL_ACTION`]), appended after the sealed head.
    pub fn change(&self) -> (Map<String, Value>, Map<String, Value>) {
        let mut after = Map::new();
        after.insert("seal".into(), json!(self.number));
        after.insert("seq".into(), json!(self.head.seq));
        after.insert("hash".into(), json!(self.head.hash));
        (Map::new(), after)
    }
}

impl Head {
    /// What an admin types to compare with a posted seal: `<seq>:<hash>`, the hash in full
    /// (64 hexadecimal digits) as the post shows it.
    pub fn parse(text: &str) -> Result<Head, Msg> {
        let invalid = || Msg::new("error-seal-invalid").arg("value", text.trim());
        let (seq, hash) = text.trim().split_once(':').ok_or_else(invalid)?;
        let seq: i64 = seq.trim().parse().map_err(|_| invalid())?;
        let hash = hash.trim().to_ascii_lowercase();
        let hex = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if seq < 1 || !hex {
            return Err(invalid());
        }
        Ok(Head { seq, hash })
    }

    /// The form [`Head::parse`] reads.
    pub fn token(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }
}

/// What the chain is compared with: a seal recorded in the database, or one an admin gave
/// (copied from a post).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Witness {
    Recorded(Seal),
    Given(Head),
}

impl Witness {
    pub fn head(&self) -> &Head {
        match self {
            Witness::Recorded(seal) => &seal.head,
            Witness::Given(head) => head,
        }
    }
}

/// How the chain disagrees with a seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealFault {
    /// The sealed event now has another hash: the chain was rewritten up to it.
    Differs { witness: Witness, found: String },
    /// The trail ends (at `last`; 0 when empty) before the sealed event: events were deleted.
    Truncated { witness: Witness, last: i64 },
    /// The event after a recorded seal is not that seal's own event: deleted or replaced.
    OwnEventMissing { seal: Seal },
    /// The trail records seal `number` (event `seq`) but the seals table lacks it, or holds
    /// another head under that number.
    Unrecorded { number: i64, seq: i64 },
}

/// What a chain that agrees with every seal was checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The newest recorded seal, if any.
    pub last: Option<Seal>,
    /// The seal the admin gave, when one was given (it matched).
    pub given: Option<Head>,
}

/// Compares a chain with seals while it is walked, after each event verified as a link.
#[derive(Debug, Clone)]
pub struct SealCheck {
    /// Witnesses not reached yet, the lowest sequence number last.
    pending: Vec<Witness>,
    /// Recorded heads by seal number, to check the trail's `audit.seal` events.
    recorded: HashMap<i64, Head>,
    /// A recorded seal just matched: the next event must be its own.
    awaiting_own: Option<Seal>,
    sealed: Sealed,
}

impl SealCheck {
    pub fn new(recorded: Vec<Seal>, given: Option<Head>) -> Self {
        let by_number = recorded
            .iter()
            .map(|s| (s.number, s.head.clone()))
            .collect();
        let mut pending: Vec<Witness> = recorded.into_iter().map(Witness::Recorded).collect();
        pending.extend(given.map(Witness::Given));
        pending.sort_by_key(|w| std::cmp::Reverse(w.head().seq));
        SealCheck {
            pending,
            recorded: by_number,
            awaiting_own: None,
            sealed: Sealed {
                last: None,
                given: None,
            },
        }
    }

    /// Checks `event`, which verified as the next link of the chain.
    pub fn feed(&mut self, event: &Event) -> Result<(), SealFault> {
        if let Some(seal) = self.awaiting_own.take() {
            if own_seal_number(event) != Some(seal.number) {
                return Err(SealFault::OwnEventMissing { seal });
            }
        }
        if let Some(number) = own_seal_number(event) {
            let claimed = claimed_head(event);
            if self.recorded.get(&number) != claimed.as_ref() {
                return Err(SealFault::Unrecorded {
                    number,
                    seq: event.seq,
                });
            }
        }
        // Witnesses below the event (numbered below 1: a tampered seal) are checked here too,
        // and fail: no event of the chain carries their hash.
        while self
            .pending
            .last()
            .is_some_and(|w| w.head().seq <= event.seq)
        {
            let witness = self.pending.pop().expect("checked above");
            if witness.head().seq != event.seq || witness.head().hash != event.hash {
                let found = event.hash.clone();
                return Err(SealFault::Differs { witness, found });
            }
            match witness {
                Witness::Recorded(seal) => {
                    self.awaiting_own = Some(seal.clone());
                    self.sealed.last = Some(seal);
                }
                Witness::Given(head) => self.sealed.given = Some(head),
            }
        }
        Ok(())
    }

    /// Ends the walk: `last` is the last event of the chain (0 for none).
    pub fn finish(mut self, last: i64) -> Result<Sealed, SealFault> {
        if let Some(seal) = self.awaiting_own.take() {
            return Err(SealFault::OwnEventMissing { seal });
        }
        match self.pending.pop() {
            Some(witness) => Err(SealFault::Truncated { witness, last }),
            None => Ok(self.sealed),
        }
    }
}

/// The seal number an `audit.seal` event records; `None` for any other event.
fn own_seal_number(event: &Event) -> Option<i64> {
    if event.action != SEAL_ACTION {
        return None;
    }
    // A seal event without a readable number still names a seal: -1 matches none.
    Some(
        after(event)
            .get("seal")
            .and_then(Value::as_i64)
            .unwrap_or(-1),
    )
}

fn claimed_head(event: &Event) -> Option<Head> {
    let after = after(event);
    Some(Head {
        seq: after.get("seq")?.as_i64()?,
        hash: after.get("hash")?.as_str()?.to_string(),
    })
}

fn after(event: &Event) -> Map<String, Value> {
    serde_json::from_str(&event.after).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::{chain, Draft};
    use crate::core::domain::ids::Handle;
    use crate::core::domain::object::{Actor, ObjectId};

    fn at() -> DateTime<Utc> {
        "2026-12-07T08:00:00Z".parse().unwrap()
    }

    fn admin() -> Actor {
        Actor::Member(Handle::parse("admin").unwrap())
    }

    fn draft() -> Draft {
        Draft {
            actor: admin(),
            object: ObjectId::parse("IT-1").unwrap(),
            action: "ticket.claim",
            before: Map::new(),
            after: Map::new(),
        }
    }

    fn head(events: &[Event]) -> Option<Head> {
        events.last().map(|e| Head {
            seq: e.seq,
            hash: e.hash.clone(),
        })
    }

    /// `n` events, sealed (seal 1) after the first `sealed_at`, the seal's own event included.
    fn sealed_chain(n: usize, sealed_at: usize) -> (Vec<Event>, Seal) {
        let mut events = chain(None, at(), vec![draft(); sealed_at]);
        let seal = Seal {
            number: 1,
            head: head(&events).unwrap(),
            at: at(),
        };
        let (before, after) = seal.change();
        let own = Draft {
            actor: admin(),
            object: ObjectId::Audit,
            action: SEAL_ACTION,
            before,
            after,
        };
        let own = chain(head(&events), at(), vec![own]);
        events.extend(own);
        let rest = chain(head(&events), at(), vec![draft(); n - sealed_at - 1]);
        events.extend(rest);
        (events, seal)
    }

    fn check(events: &[Event], seals: Vec<Seal>, given: Option<Head>) -> Result<Sealed, SealFault> {
        let mut check = SealCheck::new(seals, given);
        for e in events {
            check.feed(e)?;
        }
        check.finish(events.last().map_or(0, |e| e.seq))
    }

    #[test]
    fn a_chain_holding_its_seal_and_the_seals_own_event_agrees() {
        let (events, seal) = sealed_chain(6, 3);
        let sealed = check(&events, vec![seal.clone()], Some(seal.head.clone())).unwrap();
        assert_eq!(sealed.last, Some(seal.clone()));
        assert_eq!(sealed.given, Some(seal.head));
    }

    #[test]
    fn a_trail_cut_before_the_sealed_event_is_truncated() {
        let (events, seal) = sealed_chain(6, 3);
        let fault = check(&events[..2], vec![seal.clone()], None).unwrap_err();
        let witness = Witness::Recorded(seal);
        assert_eq!(fault, SealFault::Truncated { witness, last: 2 });
    }

    #[test]
    fn a_trail_cut_right_after_the_seal_misses_its_own_event() {
        let (events, seal) = sealed_chain(6, 3);
        let fault = check(&events[..3], vec![seal.clone()], None).unwrap_err();
        assert_eq!(fault, SealFault::OwnEventMissing { seal });
    }

    #[test]
    fn a_recomputed_chain_differs_from_the_seal() {
        let (_, seal) = sealed_chain(6, 3);
        let rewritten = chain(None, at() + chrono::Duration::seconds(1), vec![draft(); 6]);
        let fault = check(&rewritten, vec![], Some(seal.head.clone())).unwrap_err();
        let (witness, found) = (Witness::Given(seal.head), rewritten[2].hash.clone());
        assert_eq!(fault, SealFault::Differs { witness, found });
    }

    #[test]
    fn a_seal_event_missing_from_the_table_is_unrecorded() {
        let (events, _) = sealed_chain(6, 3);
        let fault = check(&events, vec![], None).unwrap_err();
        assert_eq!(fault, SealFault::Unrecorded { number: 1, seq: 4 });
    }

    #[test]
    fn seal_tokens_read_back() {
        let head = Head {
            seq: 17,
            hash: "ab".repeat(32),
        };
        assert_eq!(Head::parse(&head.token()), Ok(head));
        let zero = format!("0:{}", "a".repeat(64));
        for bad in ["17", zero.as_str(), "17:abc", "x:y"] {
            let refused = Head::parse(bad).unwrap_err();
            assert_eq!(refused.id(), "error-seal-invalid", "{bad}");
        }
    }
}
