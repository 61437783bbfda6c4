//! Property test of segregation of duties (issue #12): no sequence of requests, decisions (by
//! command, ✅/❌ reaction or card button, some of them replayed), withdrawals, delegations
//! and role changes over the demo organisation lets a requester decide their own request, one
//! person count twice in a request, or someone without an approver's role at the moment of
//! the decision have their vote counted.
//!
//! Everything goes through the service as the adapters call it (`execute_line`, `react`,
//! `act`); after each step the invariants are checked against the database. `cargo test` runs
//! a few dozen sequences; for more, e.g. before a release:
//!
//! ```text
//! PROPTEST_CASES=2000 cargo test --test main segregation
//! ```
//!
//! A failing sequence is shrunk to a short one and printed as the list of operations.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use opsdesk::core::actions::CardAction;
use opsdesk::core::domain::approval::ApprovalId;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::domain::object::ObjectId;
use opsdesk::core::outbound::Target;
use opsdesk::core::service::{Caller, Outcome, Service};
use proptest::prelude::*;
use sqlx::Row;

use crate::support::{connect, spawn_app, MONDAY_10AM};

/// Sequences `cargo test` runs; `PROPTEST_CASES` asks for more.
const DEFAULT_CASES: u32 = 24;

/// Everyone but the admin, who changes roles (and may not demote themself).
const PEOPLE: [&str; 8] = [
    "maria", "bob", "alice", "elena", "dan", "victor", "paul", "frank",
];
const DEPTS: [&str; 5] = ["it", "hr", "acc", "proc", "front"];
const ROLES: [&str; 4] = ["requester", "agent", "manager", "director"];
/// (kind, amount) pairs covering every default kind and each purchase threshold.
const REQUESTS: [(&str, Option<&str>); 9] = [
    ("purchase", Some("500 EUR")),
    ("purchase", Some("5000 EUR")),
    ("purchase", Some("12500 EUR")),
    ("expense", Some("6000 lei")),
    ("budget", Some("250000 EUR")),
    ("refund", Some("120 EUR")),
    ("leave", None),
    ("access", None),
    ("expense", Some("60000 lei")),
];

#[derive(Debug, Clone, Copy)]
enum Via {
    Command,
    Reaction,
    Button,
}

#[derive(Debug, Clone)]
enum Op {
    Request {
        who: usize,
        what: usize,
        dept: usize,
    },
    Decide {
        who: usize,
        /// Which request, counted among those made so far.
        which: usize,
        approve: bool,
        via: Via,
        /// Delivered twice with the same event key, as a replayed click or reaction.
        replayed: bool,
    },
    Withdraw {
        who: usize,
        which: usize,
    },
    Delegate {
        from: usize,
        to: usize,
    },
    DelegateOff {
        from: usize,
    },
    SetRole {
        who: usize,
        role: usize,
        dept: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let person = 0..PEOPLE.len();
    let via = prop_oneof![Just(Via::Command), Just(Via::Reaction), Just(Via::Button)];
    prop_oneof![
        3 => (person.clone(), 0..REQUESTS.len(), 0..DEPTS.len())
            .prop_map(|(who, what, dept)| Op::Request { who, what, dept }),
        8 => (person.clone(), 0..16usize, prop::bool::weighted(0.8), via, any::<bool>())
            .prop_map(|(who, which, approve, via, replayed)| Op::Decide {
                who,
                which,
                approve,
                via,
                replayed,
            }),
        1 => (person.clone(), 0..16usize).prop_map(|(who, which)| Op::Withdraw { who, which }),
        2 => (person.clone(), person.clone()).prop_map(|(from, to)| Op::Delegate { from, to }),
        1 => person.clone().prop_map(|from| Op::DelegateOff { from }),
        2 => (person, 0..ROLES.len(), 0..DEPTS.len())
            .prop_map(|(who, role, dept)| Op::SetRole { who, role, dept }),
    ]
}

/// One decision row, with its request's requester and status.
#[derive(Debug)]
struct Decided {
    approval: u32,
    requester: String,
    status: String,
    current: i64,
    step: i64,
    approver: String,
    by: String,
    verdict: String,
}

struct Run {
    service: std::sync::Arc<Service>,
    db: std::path::PathBuf,
    now: DateTime<Utc>,
    requests: u32,
    events: u32,
    /// Decision rows already checked for the approver's role, by (approval, step, approver).
    seen: BTreeMap<(u32, i64, String), ()>,
}

impl Run {
    fn caller(&mut self, who: &str, keyed: bool) -> Caller {
        let mut caller = Caller::new(Handle::parse(who).unwrap());
        if keyed {
            self.events += 1;
            caller.event_key = Some(format!("prop:{}", self.events));
        }
        caller
    }

    async fn line(&mut self, who: &str, line: &str) -> bool {
        let caller = self.caller(who, false);
        succeeded(&self.service.execute_line(&caller, line, self.now).await)
    }

    async fn apply(&mut self, op: &Op) {
        self.now += Duration::minutes(1);
        match *op {
            Op::Request { who, what, dept } => {
                let (kind, amount) = REQUESTS[what];
                let amount = amount.map_or(String::new(), |a| format!(" amount:\"{a}\""));
                let line = format!(
                    "/approval request kind:{kind} title:\"Item\"{amount} dept:{}",
                    DEPTS[dept]
                );
                if self.line(PEOPLE[who], &line).await {
                    self.requests += 1;
                }
            }
            Op::Decide {
                who,
                which,
                approve,
                via,
                replayed,
            } => {
                if self.requests == 0 {
                    return;
                }
                let id = ApprovalId::new(which as u32 % self.requests + 1);
                let caller = self.caller(PEOPLE[who], true);
                for _ in 0..if replayed { 2 } else { 1 } {
                    let reason = (!approve).then_some("Not in the budget");
                    let _ = match via {
                        Via::Command => {
                            let line = match reason {
                                None => format!("/approval approve {id}"),
                                Some(r) => format!("/approval reject id:{id} reason:\"{r}\""),
                            };
                            self.service.execute_line(&caller, &line, self.now).await
                        }
                        Via::Reaction => {
                            let emoji = if approve { "✅" } else { "❌" };
                            let object = ObjectId::Approval(id);
                            self.service
                                .react(&caller, &object, emoji, reason, self.now)
                                .await
                        }
                        Via::Button => {
                            let action = if approve {
                                CardAction::Approve(id)
                            } else {
                                CardAction::Reject(id)
                            };
                            self.service
                                .act(&caller, &action.custom_id(), reason, self.now)
                                .await
                        }
                    };
                }
            }
            Op::Withdraw { who, which } => {
                if self.requests > 0 {
                    let id = which as u32 % self.requests + 1;
                    self.line(PEOPLE[who], &format!("/approval withdraw A-{id}"))
                        .await;
                }
            }
            Op::Delegate { from, to } => {
                let line = format!("/approval delegate to:@{} until:2026-12-20", PEOPLE[to]);
                self.line(PEOPLE[from], &line).await;
            }
            Op::DelegateOff { from } => {
                self.line(PEOPLE[from], "/approval delegate off").await;
            }
            Op::SetRole { who, role, dept } => {
                let line = format!(
                    "/member set user:@{} role:{} dept:{}",
                    PEOPLE[who], ROLES[role], DEPTS[dept]
                );
                self.line("admin", &line).await;
            }
        }
    }

    /// The invariants, against the database as it is after the last operation.
    async fn check(&mut self, history: &[Op]) -> Result<(), TestCaseError> {
        let mut conn = connect(&self.db).await;
        let rows: Vec<Decided> = sqlx::query(
            "SELECT a.id, a.requester, a.status, a.step AS current, d.step, d.approver,
                    d.by_member, d.verdict
             FROM approval_decisions d JOIN approvals a ON a.id = d.approval ORDER BY d.id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| Decided {
            approval: r.get::<i64, _>(0) as u32,
            requester: r.get(1),
            status: r.get(2),
            current: r.get(3),
            step: r.get(4),
            approver: r.get(5),
            by: r.get(6),
            verdict: r.get(7),
        })
        .collect();
        let roles: BTreeMap<String, String> = sqlx::query("SELECT handle, role FROM members")
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut people: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        let mut rejections: BTreeMap<u32, usize> = BTreeMap::new();
        for row in &rows {
            let ctx = || format!("{row:?} after {history:?}");
            prop_assert!(
                row.approver != row.requester && row.by != row.requester,
                "a requester decided their own request: {}",
                ctx()
            );
            let persons = people.entry(row.approval).or_default();
            let mut involved = vec![row.approver.as_str()];
            if row.by != row.approver {
                involved.push(row.by.as_str());
            }
            for person in involved {
                prop_assert!(
                    !persons.contains(&person),
                    "@{person} counts twice in A-{}: {}",
                    row.approval,
                    ctx()
                );
                persons.push(person);
            }
            if row.verdict == "reject" {
                *rejections.entry(row.approval).or_default() += 1;
            }
            prop_assert!(
                row.status != "pending" || row.step <= row.current,
                "a decision on a step not yet reached: {}",
                ctx()
            );
            // The demo policy's approvers are managers and directors: a new vote counted for
            // anyone else was counted for someone who had lost the role.
            let key = (row.approval, row.step, row.approver.clone());
            if self.seen.insert(key, ()).is_none() {
                let role = roles.get(&row.approver).map(String::as_str);
                prop_assert!(
                    matches!(role, Some("manager" | "director")),
                    "a vote counted for @{} while {role:?}: {}",
                    row.approver,
                    ctx()
                );
            }
        }
        for (approval, count) in &rejections {
            let status = rows.iter().find(|r| r.approval == *approval).unwrap();
            prop_assert!(
                *count == 1 && status.status == "rejected",
                "A-{approval}: {count} rejections, status {} after {history:?}",
                status.status
            );
        }
        Ok(())
    }
}

fn succeeded(outcome: &Outcome) -> bool {
    !outcome
        .messages()
        .iter()
        .any(|m| matches!(m.target, Target::Error))
}

proptest! {
    #![proptest_config(crate::support::proptest_config(DEFAULT_CASES))]

    #[test]
    fn no_sequence_lets_anyone_decide_their_own_request_or_count_twice(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let app = spawn_app(MONDAY_10AM, "admin").await;
            let mut run = Run {
                service: app.service.clone(),
                db: app.db.clone(),
                now: MONDAY_10AM.parse().unwrap(),
                requests: 0,
                events: 0,
                seen: BTreeMap::new(),
            };
            for (n, op) in ops.iter().enumerate() {
                run.apply(op).await;
                run.check(&ops[..=n]).await?;
            }
            drop(app);
            Ok::<(), TestCaseError>(())
        })?;
    }
}
