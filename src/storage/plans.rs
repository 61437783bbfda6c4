//! The digest queries read through indexes (store contract 9): SQLite's own query plans show
//! no full scan of a table that grows with the organisation's history.

use chrono::{DateTime, Duration, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};

use super::{approvals, tasks, tickets, SqliteStore};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::store::{ApprovalQuery, TaskQuery, TicketScope, TicketSet};

const EXPLAIN: &str = "EXPLAIN QUERY PLAN ";

/// Tables that grow without bound.
const BIG: [&str; 5] = [
    "tickets",
    "tasks",
    "approvals",
    "approval_waiting",
    "digest_subscriptions",
];

/// Every digest query, with `EXPLAIN QUERY PLAN` in front, and a name for failures.
fn queries() -> Vec<(String, QueryBuilder<'static, Sqlite>)> {
    let now: DateTime<Utc> = "2026-12-08T06:30:00Z".parse().unwrap();
    let since = now - Duration::days(1);
    let until = now + Duration::days(1);
    let depts = vec![DeptKey::parse("it").unwrap(), DeptKey::parse("hr").unwrap()];
    let bob = Handle::parse("bob").unwrap();
    let mut out = vec![(
        "open counts".to_string(),
        tickets::open_counts_query(EXPLAIN, &depts),
    )];
    let sets = [
        TicketSet::OpenedSince(since),
        TicketSet::Unassigned,
        TicketSet::Waiting,
        TicketSet::SlaDue {
            after: None,
            by: now,
        },
        TicketSet::SlaDue {
            after: Some(now),
            by: until,
        },
        TicketSet::ResolvedSince(since),
    ];
    let mut pairs: Vec<(TicketScope, TicketSet)> = sets
        .iter()
        .map(|set| (TicketScope::Depts(depts.clone()), *set))
        .collect();
    pairs.push((TicketScope::AssignedTo(bob.clone()), sets[3]));
    pairs.push((TicketScope::RequestedBy(bob.clone()), TicketSet::Waiting));
    pairs.push((TicketScope::RequestedBy(bob.clone()), sets[5]));
    for (scope, set) in pairs {
        for limit in [None, Some(5)] {
            let name = format!("tickets {scope:?} {set:?} {limit:?}");
            out.push((name, tickets::page_query(EXPLAIN, &scope, set, limit)));
        }
    }
    let bounds: Vec<DateTime<Utc>> = (0..15).map(|d| since + Duration::days(d)).collect();
    for (n, q) in tickets::history_queries(EXPLAIN, &depts, &bounds)
        .into_iter()
        .enumerate()
    {
        out.push((format!("history {n}"), q));
    }
    let approval_queries = [
        ApprovalQuery::WaitingOn(vec![bob.clone()]),
        ApprovalQuery::DecidedInDepts {
            depts: depts.clone(),
            since,
        },
        ApprovalQuery::DecidedFor {
            requester: bob.clone(),
            since,
        },
    ];
    for query in &approval_queries {
        for limit in [None, Some(5)] {
            let name = format!("approvals {query:?} {limit:?}");
            out.push((name, approvals::page_query(EXPLAIN, query, limit)));
        }
    }
    let task_queries = [
        TaskQuery::DelegatedDueBy(bob.clone(), until),
        TaskQuery::AssignedDueBy(bob.clone(), until),
        TaskQuery::DoneSince(bob.clone(), since),
    ];
    for query in &task_queries {
        for limit in [None, Some(5)] {
            let name = format!("tasks {query:?} {limit:?}");
            out.push((name, tasks::page_query(EXPLAIN, query, limit)));
        }
    }
    out
}

#[tokio::test]
async fn digest_queries_never_scan_a_whole_table() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("plans.db"))
        .await
        .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, mut query) in queries() {
        let rows = query.build().fetch_all(store.pool()).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("detail").unwrap())
            .collect();
        let scans: Vec<&String> = plan
            .iter()
            .filter(|line| BIG.iter().any(|t| line.starts_with(&format!("SCAN {t}"))))
            .collect();
        if !scans.is_empty() {
            failures.push(format!("{name}:\n  {}", plan.join("\n  ")));
        }
        checked += 1;
    }
    assert!(checked > 30, "only {checked} queries checked");
    assert!(failures.is_empty(), "full scans:\n{}", failures.join("\n"));
}
