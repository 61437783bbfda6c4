//! The outbox, as the core sees it: what waits to be sent, in which order, merged how, and
//! how a failed attempt is tried again.
//!
//! Every channel post, direct message and card refresh a command or job produces is written
//! to the outbox in the same transaction as the change it reports (see `service::work`), so
//! a crash can lose neither. A sender (see `crate::sender`) claims pending messages, hands
//! them to a [`Transport`] (Discord, or the console), and records each outcome. Delivery is
//! at least once; a re-sent post carries the same [`nonce`], which Discord uses to show it
//! once.
//!
//! Order: messages of one *lane* — a channel, a person, an object's card — go out in the
//! order they were written, and a message waiting for its retry holds back its own lane and
//! no other. Bursts: when more than a few notices of one [`NoticeKind`] wait in one lane at
//! once, they go out as one message listing them, most urgent first, in pages.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::actions::CardAction;
use super::domain::ids::TicketId;
use super::domain::object::ObjectId;
use super::outbound::{Batch, Body, NoticeKind, Outbound, Target};
use crate::i18n::Msg;

/// From this many notices of one kind waiting in one lane, they are merged into one message.
pub const MERGE_FROM: usize = 4;
/// Lines of a merged message per page (a page is one message; Discord allows 2,000
/// characters).
const PAGE_LINES: usize = 15;
/// Pages of one merged message at most; the last one says how many more there are.
const MAX_PAGES: usize = 5;
/// How long a sender holds the messages it claimed before another may take them — and how
/// long a crashed sender's claim holds its lanes back. A claim covers at most
/// [`SENDS_PER_CLAIM`] sends, which take well under this even when Discord slows down.
pub const LEASE: Duration = Duration::from_secs(30);
/// Sends claimed at once: few enough to deliver within the lease.
pub const SENDS_PER_CLAIM: usize = 25;
/// Pending messages looked at per claim: enough for a weekend's burst in one go.
pub const CLAIM_LIMIT: u32 = 2000;
/// Longest pause between two attempts at a message.
const MAX_BACKOFF: Duration = Duration::from_secs(600);

/// A message to write to the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    /// Unique for ever: `<origin>#<n>`, where the origin is the command's event key or the
    /// job's key.
    pub key: String,
    pub lane: String,
    pub outbound: Outbound,
    pub created_at: DateTime<Utc>,
}

/// A message waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub key: String,
    pub lane: String,
    pub outbound: Outbound,
    /// Failed attempts so far.
    pub attempts: u32,
    /// When it may be sent: at once, after a failed attempt's pause, or when another
    /// sender's lease ends.
    pub next_attempt_at: DateTime<Utc>,
}

/// One message to send now: a pending message, or several notices merged into one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The outbox messages this send delivers.
    pub keys: Vec<String>,
    pub outbound: Outbound,
    /// Discord's message nonce (at most 25 characters): the same for every attempt at the
    /// same message, so a re-sent post shows once.
    pub nonce: String,
    /// Failed attempts so far (the most of its messages).
    pub attempts: u32,
}

impl Outgoing {
    /// The object whose card this send posts, if it posts one: where it lands must be
    /// remembered, to refresh it later.
    pub fn card_object(&self) -> Option<ObjectId> {
        posted_card(&self.outbound)
    }

    /// Whether this send may go out beside `others`, sends of its own lane still on their way.
    ///
    /// A lane keeps its order — except between cards posted in a channel: several of
    /// them, each another object's, may go at once. Each card names its object, so a card
    /// that lands a moment before one written earlier misleads nobody; posting them one round
    /// trip after another would make the last card of a burst of tickets wait for every card
    /// before it. A post written after a card (a notice about it) still waits for it, and a
    /// card waits for the posts written before it.
    pub fn goes_beside(&self, others: &[&Outgoing]) -> bool {
        let card = |send: &Outgoing| match send.outbound.target {
            Target::Channel { .. } => send.card_object(),
            _ => None,
        };
        let Some(mine) = card(self) else {
            return others.is_empty();
        };
        others
            .iter()
            .all(|other| card(other).is_some_and(|theirs| theirs != mine))
    }

    /// The ticket whose thread this send sets up, if it sets one up: where the thread is
    /// must be remembered, to post in it later.
    pub fn thread_of(&self) -> Option<&TicketId> {
        match &self.outbound.target {
            Target::ThreadSetup { ticket, .. } => Some(ticket),
            Target::Reply { .. }
            | Target::Error
            | Target::Channel { .. }
            | Target::Dm { .. }
            | Target::CardUpdate { .. }
            | Target::Thread { .. } => None,
        }
    }
}

/// The object whose card `outbound` posts, if it posts one.
fn posted_card(outbound: &Outbound) -> Option<ObjectId> {
    match (&outbound.target, &outbound.body) {
        (Target::Channel { .. } | Target::Dm { .. } | Target::Thread { .. }, Body::Card(card)) => {
            card.buttons
                .first()
                .and_then(|b| CardAction::card_object(&b.id))
        }
        _ => None,
    }
}

/// What a transport made of a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Delivered; `location` is where a posted card landed (the transport's own reference).
    Sent { location: Option<String> },
    /// Not delivered this time (the platform is down, rate limits): try again later.
    Retry(String),
    /// Refused for good (unknown channel, a person who blocks direct messages): never
    /// retried, counted for the admins.
    Refused(String),
}

/// Where messages go: Discord, or the console's terminal.
#[async_trait]
pub trait Transport: std::marker::Send + Sync {
    async fn deliver(&self, send: &Outgoing) -> Delivery;

    /// How many sends (of different lanes) it takes at once. One keeps the plan's order
    /// across lanes too, which a terminal's readers expect.
    fn sends_at_once(&self) -> usize {
        1
    }
}

/// What became of the messages of one send, to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub keys: Vec<String>,
    pub status: Status,
}

/// A message's state after a round of sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Delivered at `at`.
    Sent { at: DateTime<Utc> },
    /// Failed once more; the next attempt at `at`.
    Retry { at: DateTime<Utc>, error: String },
    /// Refused for good at `at`: never sent again.
    Refused { at: DateTime<Utc>, error: String },
    /// Not tried (an earlier send of its lane must wait): its lease ends at `at`, and it
    /// waits behind that send.
    Untried { at: DateTime<Utc> },
}

/// What to record of `send`: `delivery` is what the transport made of it, `None` when it was
/// not tried this round. A failed attempt pauses by [`backoff`].
pub fn outcome(send: &Outgoing, delivery: Option<&Delivery>, now: DateTime<Utc>) -> Outcome {
    let status = match delivery {
        Some(Delivery::Sent { .. }) => Status::Sent { at: now },
        Some(Delivery::Retry(error)) => Status::Retry {
            // At most MAX_BACKOFF: the milliseconds fit.
            at: now + chrono::Duration::milliseconds(backoff(send.attempts + 1).as_millis() as i64),
            error: error.clone(),
        },
        Some(Delivery::Refused(error)) => Status::Refused {
            at: now,
            error: error.clone(),
        },
        None => Status::Untried { at: now },
    };
    Outcome {
        keys: send.keys.clone(),
        status,
    }
}

/// `outcomes` with the keys of equal statuses together, in order of first appearance: a
/// store writes each group with one statement (a round's deliveries all share one).
pub fn grouped(outcomes: &[Outcome]) -> Vec<Outcome> {
    let mut groups: Vec<Outcome> = Vec::new();
    for o in outcomes {
        match groups.iter_mut().find(|g| g.status == o.status) {
            Some(group) => group.keys.extend(o.keys.iter().cloned()),
            None => groups.push(o.clone()),
        }
    }
    groups
}

/// The lane of a message: who it goes to.
pub fn lane(target: &Target) -> String {
    match target {
        Target::Channel { channel, .. } => format!("channel:{channel}"),
        Target::Dm { handle } => format!("dm:{handle}"),
        Target::CardUpdate { object } => format!("card:{object}"),
        // A thread's posts wait for its setup, which waits for the ticket's card.
        Target::Thread { ticket, .. } | Target::ThreadSetup { ticket, .. } => thread_lane(ticket),
        // Replies never enter the outbox; a lane of their own keeps this total.
        Target::Reply { .. } | Target::Error => "reply".to_string(),
    }
}

fn thread_lane(ticket: &TicketId) -> String {
    format!("thread:{ticket}")
}

/// The outbox messages a command or job wrote, keyed by its origin, in order.
pub fn messages(origin: &str, notices: Vec<Outbound>, at: DateTime<Utc>) -> Vec<OutboxMessage> {
    notices
        .into_iter()
        .enumerate()
        .map(|(n, outbound)| OutboxMessage {
            key: format!("{origin}#{n}"),
            lane: lane(&outbound.target),
            outbound,
            created_at: at,
        })
        .collect()
}

/// Discord's nonce for the messages `keys`: 24 hex characters of their hash.
pub fn nonce(keys: &[String]) -> String {
    let mut h = Sha256::new();
    for key in keys {
        h.update((key.len() as u64).to_be_bytes());
        h.update(key.as_bytes());
    }
    hex::encode(h.finalize())[..24].to_string()
}

/// The pause before the next attempt, after `attempts` failed ones: short at first (most
/// failures are brief), growing to ten minutes.
pub fn backoff(attempts: u32) -> Duration {
    let secs = match attempts {
        0 | 1 => 0.2,
        2 => 1.0,
        3 => 5.0,
        4 => 30.0,
        n => 30.0 * f64::from(2u32.saturating_pow(n - 4)),
    };
    Duration::from_secs_f64(secs).min(MAX_BACKOFF)
}

/// What to send now out of `pending` (oldest first): in each lane, the messages from its
/// oldest up to the first one that must wait; notices of one kind merged when there are
/// [`MERGE_FROM`] or more of them. Sends come in the order of their oldest message.
///
/// A card's refreshes also wait for the post of that card: a refresh edits the copies whose
/// place is known, and a post that waits — for its retry, or for the lease of a sender that
/// died after sending it and before recording where it landed — has no known place yet; the
/// refresh would find none and be lost. A ticket's thread waits for the post of its card
/// in the same way: the thread is started from it.
pub fn plan(pending: Vec<Pending>, now: DateTime<Utc>) -> Vec<Outgoing> {
    let mut blocked: Vec<String> = Vec::new();
    let mut ready: Vec<Pending> = Vec::new();
    for p in pending {
        if blocked.contains(&p.lane) || p.next_attempt_at > now {
            if let Some(object) = posted_card(&p.outbound) {
                if let ObjectId::Ticket(ticket) = &object {
                    blocked.push(thread_lane(ticket));
                }
                blocked.push(lane(&Target::CardUpdate { object }));
            }
            blocked.push(p.lane);
            continue;
        }
        ready.push(p);
    }
    // (position of the first message, send), sorted at the end.
    let mut sends: Vec<(usize, Outgoing)> = Vec::new();
    let mut merged: Vec<bool> = vec![false; ready.len()];
    for (i, p) in ready.iter().enumerate() {
        if merged[i] {
            continue;
        }
        let Some(kind) = p.outbound.batch.as_ref().map(|b| b.kind) else {
            sends.push((i, single(p)));
            continue;
        };
        let group: Vec<usize> = (i..ready.len())
            .filter(|&j| ready[j].lane == p.lane && batch_kind(&ready[j]) == Some(kind))
            .collect();
        if group.len() < MERGE_FROM {
            sends.push((i, single(p)));
            continue;
        }
        for &j in &group {
            merged[j] = true;
        }
        let members: Vec<&Pending> = group.iter().map(|&j| &ready[j]).collect();
        sends.extend(merge(kind, &members).into_iter().map(|s| (i, s)));
    }
    sends.sort_by_key(|(i, _)| *i);
    sends.into_iter().map(|(_, s)| s).collect()
}

/// The sends of one round, out of a plan, at most [`SENDS_PER_CLAIM`]. A sender records a
/// round's outcomes together, after it; so a send that needs where an earlier send of the same
/// round landed — a card's refresh or its ticket's thread after the post of that card, a post
/// in a thread after its setup — waits for the next round, and holds back its lane.
pub fn round(sends: Vec<Outgoing>) -> Vec<Outgoing> {
    // Lanes whose sends would read a place this round writes.
    let mut landing: Vec<String> = Vec::new();
    let mut kept = Vec::new();
    for send in sends {
        if kept.len() == SENDS_PER_CLAIM {
            break;
        }
        if landing.contains(&lane(&send.outbound.target)) {
            continue;
        }
        if let Some(object) = send.card_object() {
            if let ObjectId::Ticket(ticket) = &object {
                landing.push(thread_lane(ticket));
            }
            landing.push(lane(&Target::CardUpdate { object }));
        }
        if let Some(ticket) = send.thread_of() {
            landing.push(thread_lane(ticket));
        }
        kept.push(send);
    }
    kept
}

fn batch_kind(p: &Pending) -> Option<NoticeKind> {
    p.outbound.batch.as_ref().map(|b| b.kind)
}

fn single(p: &Pending) -> Outgoing {
    let keys = vec![p.key.clone()];
    Outgoing {
        nonce: nonce(&keys),
        keys,
        outbound: p.outbound.clone(),
        attempts: p.attempts,
    }
}

/// Notices of one kind for one reader as pages of one list, most urgent first.
fn merge(kind: NoticeKind, members: &[&Pending]) -> Vec<Outgoing> {
    let mut items: Vec<(&Pending, &Batch)> = members
        .iter()
        .filter_map(|p| p.outbound.batch.as_ref().map(|b| (*p, b)))
        .collect();
    items.sort_by_key(|(_, b)| b.urgency);
    let locale = items[0].1.locale;
    let target = items[0].0.outbound.target.clone();
    let total = items.len();
    let shown = total.min(PAGE_LINES * MAX_PAGES);
    let pages = shown.div_ceil(PAGE_LINES);
    let mut sends = Vec::new();
    for (page, chunk) in items[..shown].chunks(PAGE_LINES).enumerate() {
        let last = page + 1 == pages;
        let mut header = kind.header(total).render(locale);
        if pages > 1 {
            let marker = Msg::new("batch-page")
                .arg("page", page + 1)
                .arg("pages", pages);
            header = format!("{header} {}", marker.render(locale));
        }
        let mut lines = vec![header];
        lines.extend(chunk.iter().map(|(_, b)| format!("• {}", b.line)));
        // The page that says "and N more" also carries those notices: they are delivered
        // as that line.
        let mut covered: Vec<&Pending> = chunk.iter().map(|(p, _)| *p).collect();
        if last && total > shown {
            lines.push(
                Msg::new("batch-more")
                    .arg("count", total - shown)
                    .render(locale),
            );
            covered.extend(items[shown..].iter().map(|(p, _)| *p));
        }
        let keys: Vec<String> = covered.iter().map(|p| p.key.clone()).collect();
        sends.push(Outgoing {
            nonce: nonce(&keys),
            attempts: covered.iter().map(|p| p.attempts).max().unwrap_or(0),
            keys,
            outbound: Outbound::new(target.clone(), Body::Text(lines.join("\n"))),
        });
    }
    sends
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::domain::ids::{DeptKey, Handle};
    use crate::i18n::Locale;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn channel(name: &str) -> Target {
        Target::Channel {
            dept: Some(DeptKey::parse("it").unwrap()),
            channel: name.into(),
        }
    }

    fn dm(handle: &str) -> Target {
        Target::Dm {
            handle: Handle::parse(handle).unwrap(),
        }
    }

    fn pending(key: &str, target: Target, text: &str) -> Pending {
        Pending {
            key: key.into(),
            lane: lane(&target),
            outbound: Outbound::new(target, Body::Text(text.into())),
            attempts: 0,
            next_attempt_at: at("2026-12-07T08:00:00Z"),
        }
    }

    fn notice(key: &str, target: Target, kind: NoticeKind, urgency: i64) -> Pending {
        let mut p = pending(key, target, &format!("full text {key}"));
        p.outbound.batch = Some(Batch {
            kind,
            line: format!("line {key}"),
            urgency,
            locale: Locale::En,
        });
        p
    }

    fn text(send: &Outgoing) -> &str {
        match &send.outbound.body {
            Body::Text(t) => t,
            Body::Card(_) => panic!("a card"),
        }
    }

    const NOW: &str = "2026-12-07T08:00:00Z";

    #[test]
    fn each_lane_keeps_its_order_and_a_waiting_message_holds_back_only_its_lane() {
        let mut late = pending("a#0", channel("it"), "first in #it");
        late.next_attempt_at = at("2026-12-07T08:05:00Z");
        let sends = plan(
            vec![
                late,
                pending("b#0", dm("bob"), "to bob"),
                pending("c#0", channel("it"), "second in #it"),
                pending("d#0", channel("hr"), "in #hr"),
            ],
            at(NOW),
        );
        let keys: Vec<&str> = sends.iter().map(|s| s.keys[0].as_str()).collect();
        assert_eq!(keys, ["b#0", "d#0"]);
    }

    /// Regression, issue #9: after a crash, the post of a card waits for the dead sender's
    /// lease; a refresh of that card sent meanwhile found no copy to edit and was lost.
    #[test]
    fn a_cards_refresh_waits_while_the_post_of_that_card_waits() {
        let card = |status: &str| {
            Body::Card(crate::core::outbound::Card {
                intro: None,
                title: "IT-1".into(),
                fields: vec![("Status".into(), status.into())],
                text: Vec::new(),
                buttons: vec![crate::core::outbound::Button {
                    id: "tk:v1:IT-1:claim".into(),
                    label: "Claim".into(),
                    style: crate::core::outbound::ButtonStyle::Primary,
                }],
                attachments: Vec::new(),
                reactions: Vec::new(),
            })
        };
        let object = ObjectId::parse("IT-1").unwrap();
        let mut post = pending("a#0", channel("it"), "");
        post.outbound = Outbound::new(channel("it"), card("open"));
        post.next_attempt_at = at("2026-12-07T08:02:00Z");
        let update = Target::CardUpdate {
            object: object.clone(),
        };
        let mut refresh = pending("b#0", update.clone(), "");
        refresh.outbound = Outbound::new(update, card("in progress"));
        let other = pending("c#0", dm("bob"), "to bob");
        // Issue #15: the ticket's thread is started from that card, so it waits too.
        let in_thread = Target::Thread {
            ticket: "IT-1".parse().unwrap(),
            dept: DeptKey::parse("it").unwrap(),
            channel: "it".into(),
        };
        let thread = pending("d#0", in_thread, "a comment");
        let all = vec![post.clone(), refresh.clone(), other.clone(), thread.clone()];
        let sends = plan(all, at(NOW));
        let keys: Vec<&str> = sends.iter().map(|s| s.keys[0].as_str()).collect();
        assert_eq!(
            keys,
            ["c#0"],
            "the refresh and the thread wait, the rest goes"
        );

        // Once the post may go, all go, the post first.
        post.next_attempt_at = at(NOW);
        let sends = plan(vec![post, refresh, other, thread], at(NOW));
        let keys: Vec<&str> = sends.iter().map(|s| s.keys[0].as_str()).collect();
        assert_eq!(keys, ["a#0", "b#0", "c#0", "d#0"]);
    }

    /// A ticket's card, with the button that names its ticket.
    pub(crate) fn card_of(ticket: &str) -> Body {
        Body::Card(crate::core::outbound::Card {
            intro: None,
            title: ticket.into(),
            fields: Vec::new(),
            text: Vec::new(),
            buttons: vec![crate::core::outbound::Button {
                id: format!("tk:v1:{ticket}:claim"),
                label: "Claim".into(),
                style: crate::core::outbound::ButtonStyle::Primary,
            }],
            attachments: Vec::new(),
            reactions: Vec::new(),
        })
    }

    #[test]
    fn cards_of_other_objects_in_one_channel_go_side_by_side_and_nothing_else() {
        let card = |key: &str, ticket: &str| send(key, channel("it"), card_of(ticket));
        let (one, two, again) = (
            card("a#0", "IT-1"),
            card("b#0", "IT-2"),
            card("c#0", "IT-1"),
        );
        let text = send("d#0", channel("it"), Body::Text("a notice".into()));
        assert!(one.goes_beside(&[]));
        assert!(text.goes_beside(&[]));
        assert!(two.goes_beside(&[&one]), "another ticket's card");
        assert!(
            !again.goes_beside(&[&one, &two]),
            "the same ticket's card waits"
        );
        assert!(
            !text.goes_beside(&[&one]),
            "a notice waits for the cards before it"
        );
        assert!(
            !two.goes_beside(&[&text]),
            "a card waits for the notice before it"
        );
        let in_dm = |key: &str, ticket: &str| send(key, dm("bob"), card_of(ticket));
        assert!(
            !in_dm("e#0", "IT-2").goes_beside(&[&in_dm("f#0", "IT-1")]),
            "a person's messages keep their order"
        );
    }

    fn send(key: &str, target: Target, body: Body) -> Outgoing {
        let mut p = pending(key, target.clone(), "");
        p.outbound = Outbound::new(target, body);
        single(&p)
    }

    /// A round's outcomes are recorded after it: what needs a place that a send of the
    /// round writes waits for the next round, and its lane with it.
    #[test]
    fn what_needs_where_a_card_or_thread_lands_waits_for_the_next_round() {
        let ticket: TicketId = "IT-1".parse().unwrap();
        let object = ObjectId::parse("IT-1").unwrap();
        let thread = |key: &str, setup: bool| {
            let target = if setup {
                Target::ThreadSetup {
                    ticket: ticket.clone(),
                    channel: "it".into(),
                    private: false,
                    members: Vec::new(),
                }
            } else {
                Target::Thread {
                    ticket: ticket.clone(),
                    dept: DeptKey::parse("it").unwrap(),
                    channel: "it".into(),
                }
            };
            send(key, target, Body::Text("in the thread".into()))
        };
        let refresh = send(
            "b#0",
            Target::CardUpdate {
                object: object.clone(),
            },
            card_of("IT-1"),
        );
        let first = round(vec![
            send("a#0", channel("it"), card_of("IT-1")),
            thread("a#1", true),
            refresh.clone(),
            send("c#0", dm("bob"), Body::Text("to bob".into())),
            thread("d#0", false),
        ]);
        let keys: Vec<&str> = first.iter().map(|s| s.keys[0].as_str()).collect();
        assert_eq!(keys, ["a#0", "c#0"]);

        // The card landed: the refresh and the setup go, the post in the thread waits for it.
        let second = round(vec![thread("a#1", true), refresh, thread("d#0", false)]);
        let keys: Vec<&str> = second.iter().map(|s| s.keys[0].as_str()).collect();
        assert_eq!(keys, ["a#1", "b#0"]);
    }

    #[test]
    fn a_round_holds_at_most_its_share() {
        let all: Vec<Outgoing> = (0..SENDS_PER_CLAIM + 5)
            .map(|i| send(&format!("k#{i}"), dm("bob"), Body::Text("hi".into())))
            .collect();
        assert_eq!(round(all).len(), SENDS_PER_CLAIM);
    }

    #[test]
    fn outcomes_say_when_each_message_is_next_tried() {
        let now = at(NOW);
        let mut s = send("k#0", dm("bob"), Body::Text("hi".into()));
        s.attempts = 2;
        let retry = outcome(&s, Some(&Delivery::Retry("502".into())), now);
        assert_eq!(
            retry.status,
            Status::Retry {
                at: at("2026-12-07T08:00:05Z"),
                error: "502".into()
            },
            "a third failure pauses {:?}",
            backoff(3)
        );
        let untried = outcome(&s, None, now);
        assert_eq!(untried.status, Status::Untried { at: now });
        let sent = Delivery::Sent { location: None };
        let refused = Delivery::Refused("unknown channel".into());
        let outcomes = [
            outcome(&s, Some(&sent), now),
            outcome(
                &send("k#1", dm("ann"), Body::Text("hi".into())),
                Some(&refused),
                now,
            ),
            outcome(
                &send("k#2", dm("dan"), Body::Text("hi".into())),
                Some(&sent),
                now,
            ),
        ];
        let groups = grouped(&outcomes);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].keys, ["k#0", "k#2"]);
        assert_eq!(groups[0].status, Status::Sent { at: now });
        assert_eq!(groups[1].keys, ["k#1"]);
    }

    #[test]
    fn a_few_notices_go_out_as_they_are() {
        let sends = plan(
            (0..MERGE_FROM - 1)
                .map(|i| notice(&format!("k#{i}"), channel("it"), NoticeKind::SlaBreach, 0))
                .collect(),
            at(NOW),
        );
        assert_eq!(sends.len(), MERGE_FROM - 1);
        assert!(text(&sends[0]).starts_with("full text"));
    }

    #[test]
    fn many_notices_of_one_kind_for_one_reader_become_one_list_most_urgent_first() {
        let mut all: Vec<Pending> = (0..6)
            .map(|i| {
                notice(
                    &format!("k#{i}"),
                    channel("it"),
                    NoticeKind::SlaBreach,
                    10 - i,
                )
            })
            .collect();
        all.insert(2, pending("x#0", channel("it"), "an unrelated post"));
        all.push(notice("w#0", channel("it"), NoticeKind::SlaWarning, 0));
        let sends = plan(all, at(NOW));
        assert_eq!(sends.len(), 3, "{sends:#?}");
        let merged = text(&sends[0]);
        assert!(merged.starts_with("⛔ 6 SLA breaches"), "{merged}");
        let lines: Vec<&str> = merged.lines().skip(1).collect();
        assert_eq!(lines[0], "• line k#5");
        assert_eq!(lines[5], "• line k#0");
        assert_eq!(sends[0].keys.len(), 6);
        assert_eq!(text(&sends[1]), "an unrelated post");
        assert_eq!(text(&sends[2]), "full text w#0");
    }

    #[test]
    fn a_long_list_is_paged_and_says_how_many_more_there_are() {
        let all: Vec<Pending> = (0..500)
            .map(|i| notice(&format!("k#{i}"), channel("it"), NoticeKind::SlaBreach, i))
            .collect();
        let sends = plan(all, at(NOW));
        assert_eq!(sends.len(), MAX_PAGES);
        let covered: usize = sends.iter().map(|s| s.keys.len()).sum();
        assert_eq!(covered, 500, "every notice is delivered by some page");
        assert!(text(&sends[0]).contains("(1/5)"));
        let last = text(&sends[MAX_PAGES - 1]);
        assert!(
            last.ends_with(&format!("… and {} more.", 500 - PAGE_LINES * MAX_PAGES)),
            "{last}"
        );
        for s in &sends {
            assert!(text(s).chars().count() < 2000, "page too long");
        }
    }

    #[test]
    fn notices_for_different_readers_are_not_merged() {
        let all: Vec<Pending> = (0..6)
            .map(|i| {
                let who = if i % 2 == 0 { "bob" } else { "alice" };
                notice(&format!("k#{i}"), dm(who), NoticeKind::TaskReminder, i)
            })
            .collect();
        assert_eq!(plan(all, at(NOW)).len(), 6);
    }

    #[test]
    fn the_nonce_is_short_stable_and_distinct() {
        let a = nonce(&["ix:1#0".to_string()]);
        assert_eq!(a.len(), 24);
        assert_eq!(a, nonce(&["ix:1#0".to_string()]));
        assert_ne!(a, nonce(&["ix:1#1".to_string()]));
    }

    #[test]
    fn retries_back_off_up_to_ten_minutes() {
        assert!(backoff(1) < backoff(3));
        assert_eq!(backoff(50), MAX_BACKOFF);
    }
}
