//! The sender: delivers what the outbox holds through a transport (Discord, or the console),
//! and records what became of each message.
//!
//! It works in rounds: it claims a round of pending messages (see `core::outbox` for the
//! order, the merging of bursts and what waits for the next round), delivers them — several
//! lanes at once when the transport takes it, each lane in order — and records all their
//! outcomes in one transaction: delivered, to be tried again after a pause, refused for good.
//! Under load this keeps the sender to two short write transactions per round instead of one
//! per message. A crash (or a store failure) between the deliveries and the record leaves the
//! round claimed until its lease ends; then it is sent again, and Discord's nonce makes a
//! re-sent post show once.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::sync::Notify;

use crate::core::outbox::{lane, Delivery, Outgoing, Transport};
use crate::core::service::Service;
use crate::core::time::Clock;

/// Upper bound on one sleep, so that a moved clock or a missed wake-up costs at most this.
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// Pause after the store itself failed, before looking again.
const STORE_PAUSE: Duration = Duration::from_secs(1);

/// Sends everything due now; returns how many sends were attempted. An error means the
/// store failed; what was not recorded stays claimed until its lease ends.
pub async fn deliver_due(
    service: &Service,
    transport: &dyn Transport,
    clock: &dyn Clock,
) -> anyhow::Result<usize> {
    let mut attempted = 0;
    loop {
        let sends = service.claim_outbox(clock.now()).await?;
        if sends.is_empty() {
            return Ok(attempted);
        }
        let round = deliver_round(transport, sends).await;
        attempted += round.iter().filter(|(_, d)| d.is_some()).count();
        service.record_deliveries(&round, clock.now()).await?;
    }
}

/// Delivers a round's `sends` (in the plan's order): up to the transport's
/// [`Transport::sends_at_once`] at a time, each lane in order (but for what
/// [`Outgoing::goes_beside`] lets go side by side). After a send that must be tried again, the
/// rest of its lane is not tried (`None`): it waits behind it. Outcomes come in the plan's order.
async fn deliver_round(
    transport: &dyn Transport,
    sends: Vec<Outgoing>,
) -> Vec<(Outgoing, Option<Delivery>)> {
    let at_once = transport.sends_at_once().max(1);
    let lanes: Vec<String> = sends.iter().map(|s| lane(&s.outbound.target)).collect();
    let mut waiting: VecDeque<usize> = (0..sends.len()).collect();
    // The sends of each lane on their way.
    let mut in_flight: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut held: HashSet<&str> = HashSet::new();
    let mut deliveries: Vec<Option<Delivery>> = vec![None; sends.len()];
    let mut running = FuturesUnordered::new();
    loop {
        // Start, in order, what may start: the next sends of each lane that may go now.
        let mut i = 0;
        while i < waiting.len() && running.len() < at_once {
            let n = waiting[i];
            let lane = lanes[n].as_str();
            if held.contains(lane) {
                waiting.remove(i);
                continue;
            }
            let beside: Vec<&Outgoing> = in_flight
                .get(lane)
                .map(|on_way| on_way.iter().map(|&m| &sends[m]).collect())
                .unwrap_or_default();
            // What cannot go yet keeps the rest of its lane behind it.
            let blocked = waiting.range(..i).any(|&m| lanes[m] == lane);
            if blocked || !sends[n].goes_beside(&beside) {
                i += 1;
                continue;
            }
            waiting.remove(i);
            in_flight.entry(lane).or_default().push(n);
            let send = &sends[n];
            running.push(async move { (n, transport.deliver(send).await) });
        }
        // Nothing running means nothing waits: every lane was free to start.
        let Some((n, delivery)) = running.next().await else {
            break;
        };
        let lane = lanes[n].as_str();
        if let Some(on_way) = in_flight.get_mut(lane) {
            on_way.retain(|&m| m != n);
        }
        if matches!(delivery, Delivery::Retry(_)) {
            held.insert(lane);
        }
        deliveries[n] = Some(delivery);
    }
    drop(running);
    sends.into_iter().zip(deliveries).collect()
}

/// Delivers the outbox as messages fall due until `shutdown` completes; `wake` is notified
/// whenever something may have been written to it.
pub async fn run(
    service: Arc<Service>,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let wait = match deliver_due(&service, transport.as_ref(), clock.as_ref()).await {
            Ok(_) => match service.next_delivery_time().await {
                Ok(Some(at)) => (at - clock.now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .min(MAX_SLEEP),
                Ok(None) => MAX_SLEEP,
                Err(e) => {
                    tracing::error!(error = ?e, "could not read the outbox");
                    STORE_PAUSE
                }
            },
            Err(e) => {
                tracing::error!(error = ?e, "could not deliver the outbox");
                STORE_PAUSE
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = &mut shutdown => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use async_trait::async_trait;

    use super::*;
    use crate::core::domain::ids::DeptKey;
    use crate::core::domain::ids::Handle;
    use crate::core::outbound::{Body, Outbound, Target};
    use crate::core::outbox::nonce;
    use crate::core::outbox::tests::card_of;

    /// A transport that takes a moment per send and logs when each starts and ends.
    struct Recording {
        at_once: usize,
        /// The send that Discord turns away for now.
        busy: Option<&'static str>,
        /// (key, true at the start / false at the end), in the order they happened.
        log: Mutex<Vec<(String, bool)>>,
    }

    impl Recording {
        fn new(at_once: usize) -> Self {
            Recording {
                at_once,
                busy: None,
                log: Mutex::new(Vec::new()),
            }
        }

        fn log(&self) -> Vec<(String, bool)> {
            self.log.lock().unwrap().clone()
        }

        /// The most sends that were in flight at once.
        fn most_at_once(&self) -> usize {
            let mut now = 0usize;
            let mut most = 0;
            for (_, start) in self.log() {
                now = if start { now + 1 } else { now - 1 };
                most = most.max(now);
            }
            most
        }

        fn starts(&self) -> Vec<String> {
            self.log()
                .into_iter()
                .filter(|(_, start)| *start)
                .map(|(key, _)| key)
                .collect()
        }
    }

    #[async_trait]
    impl Transport for Recording {
        async fn deliver(&self, send: &Outgoing) -> Delivery {
            let key = send.keys[0].clone();
            self.log.lock().unwrap().push((key.clone(), true));
            tokio::time::sleep(Duration::from_millis(2)).await;
            self.log.lock().unwrap().push((key.clone(), false));
            if self.busy == Some(key.as_str()) {
                Delivery::Retry("429 too many requests".into())
            } else {
                Delivery::Sent { location: None }
            }
        }

        fn sends_at_once(&self) -> usize {
            self.at_once
        }
    }

    /// Four messages to each of `people`, interleaved as a plan orders them: `bob#0`,
    /// `ann#0`, …, `bob#1`, …
    fn sends(people: &[&str]) -> Vec<Outgoing> {
        (0..4)
            .flat_map(|n| {
                people.iter().map(move |who| {
                    let keys = vec![format!("{who}#{n}")];
                    let target = Target::Dm {
                        handle: Handle::parse(who).unwrap(),
                    };
                    Outgoing {
                        nonce: nonce(&keys),
                        keys,
                        outbound: Outbound::new(target, Body::Text(format!("{who} {n}"))),
                        attempts: 0,
                    }
                })
            })
            .collect()
    }

    /// Whether `key` (`who#n`) ended before `next` started.
    fn ended_before(log: &[(String, bool)], key: &str, next: &str) -> bool {
        let end = log.iter().position(|(k, s)| k == key && !s);
        let start = log.iter().position(|(k, s)| k == next && *s);
        matches!((end, start), (Some(e), Some(s)) if e < s)
    }

    #[tokio::test]
    async fn lanes_go_at_once_and_each_lane_in_order() {
        let people = ["bob", "ann", "dan"];
        let transport = Recording::new(8);
        let round = deliver_round(&transport, sends(&people)).await;
        assert_eq!(round.len(), 12);
        assert!(round
            .iter()
            .all(|(_, d)| d == &Some(Delivery::Sent { location: None })));
        assert_eq!(transport.most_at_once(), 3, "{:?}", transport.log());
        let log = transport.log();
        for who in people {
            for n in 0..3 {
                let (key, next) = (format!("{who}#{n}"), format!("{who}#{}", n + 1));
                assert!(
                    ended_before(&log, &key, &next),
                    "{key} then {next}: {log:?}"
                );
            }
        }
    }

    #[tokio::test]
    async fn a_channels_cards_go_side_by_side_and_its_notices_in_order() {
        let post = |key: &str, body: Body| {
            let keys = vec![key.to_string()];
            let target = Target::Channel {
                channel: "it".into(),
                dept: Some(DeptKey::parse("it").unwrap()),
            };
            Outgoing {
                nonce: nonce(&keys),
                keys,
                outbound: Outbound::new(target, body),
                attempts: 0,
            }
        };
        let plan = vec![
            post("IT-1#0", card_of("IT-1")),
            post("IT-2#0", card_of("IT-2")),
            post("IT-3#0", card_of("IT-3")),
            post("note#0", Body::Text("IT-2 is urgent".into())),
            post("IT-4#0", card_of("IT-4")),
        ];
        let transport = Recording::new(8);
        let round = deliver_round(&transport, plan).await;
        let keys: Vec<&str> = round.iter().map(|(s, _)| s.keys[0].as_str()).collect();
        assert_eq!(keys, ["IT-1#0", "IT-2#0", "IT-3#0", "note#0", "IT-4#0"]);
        let log = transport.log();
        assert_eq!(transport.most_at_once(), 3, "{log:?}");
        for card in ["IT-1#0", "IT-2#0", "IT-3#0"] {
            assert!(ended_before(&log, card, "note#0"), "{log:?}");
        }
        assert!(ended_before(&log, "note#0", "IT-4#0"), "{log:?}");
    }

    #[tokio::test]
    async fn no_more_sends_at_once_than_the_transport_takes() {
        let transport = Recording::new(2);
        let round = deliver_round(&transport, sends(&["bob", "ann", "dan", "eve"])).await;
        assert_eq!(round.len(), 16);
        assert_eq!(transport.most_at_once(), 2);
    }

    #[tokio::test]
    async fn one_at_a_time_keeps_the_plans_order() {
        let transport = Recording::new(1);
        let plan = sends(&["bob", "ann"]);
        let keys: Vec<String> = plan.iter().map(|s| s.keys[0].clone()).collect();
        deliver_round(&transport, plan).await;
        assert_eq!(transport.starts(), keys);
    }

    #[tokio::test]
    async fn a_send_to_try_again_holds_back_the_rest_of_its_lane_only() {
        let mut transport = Recording::new(8);
        transport.busy = Some("bob#1");
        let round = deliver_round(&transport, sends(&["bob", "ann"])).await;
        assert_eq!(round.len(), 8, "every send has an outcome");
        let outcome = |key: &str| {
            round
                .iter()
                .find(|(s, _)| s.keys[0] == key)
                .map(|(_, d)| d.clone())
                .unwrap()
        };
        assert_eq!(outcome("bob#0"), Some(Delivery::Sent { location: None }));
        assert!(matches!(outcome("bob#1"), Some(Delivery::Retry(_))));
        assert_eq!(outcome("bob#2"), None, "not tried after bob#1");
        assert_eq!(outcome("bob#3"), None);
        assert_eq!(outcome("ann#3"), Some(Delivery::Sent { location: None }));
        assert!(!transport.starts().contains(&"bob#2".to_string()));
    }
}
