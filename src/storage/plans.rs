//! The digest queries read through indexes (store contract 9): SQLite's own query plans show
//! no full scan of a table that grows with the organisation's history, and each query uses
//! the index made for it — planned as SQLite plans them on a large database, from the
//! statistics `ANALYZE` gathered on the benchmark's (a million tickets), with the values
//! bound as parameters as the store binds them.

use chrono::{DateTime, Duration, Utc};
use sqlx::{Row, SqliteConnection};

use super::sql::{Conn, Query};
use super::{approvals, tasks, tickets, SqliteStore};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::store::{ApprovalQuery, TaskQuery, TicketScope, TicketSet};

const EXPLAIN: &str = "EXPLAIN QUERY PLAN ";

/// Tables that grow without bound.
pub(super) const BIG: [&str; 5] = [
    "tickets",
    "tasks",
    "approvals",
    "approval_waiting",
    "digest_subscriptions",
];

/// `sqlite_stat1` of the benchmark's database (`tests/bench_digests.rs`): 1,000,000 tickets
/// in 10 departments, 2% active; 200,000 tasks; 50,000 approvals.
const STATS: &[(&str, &str, &str)] = &[
    ("approval_waiting", "approval_waiting_by_approval", "1000 1"),
    (
        "approval_waiting",
        "sqlite_autoindex_approval_waiting_1",
        "1000 28 1",
    ),
    ("approvals", "approvals_by_dept_updated", "50000 5556 1"),
    ("approvals", "approvals_by_requester", "50000 556 186"),
    ("approvals", "approvals_by_requester_updated", "50000 556 1"),
    ("approvals", "approvals_by_status", "50000 16667"),
    ("tasks", "tasks_by_assignee", "200000 2223 1112 1"),
    ("tasks", "tasks_by_delegator", "200000 5556 2778 1"),
    ("tasks", "tasks_by_delegator_updated", "200000 5556 2778 1"),
    ("tasks", "tasks_by_series", "200000 200000"),
    ("tickets", "sqlite_autoindex_tickets_1", "1000000 1"),
    ("tickets", "sqlite_autoindex_tickets_2", "1000000 100000 1"),
    ("tickets", "tickets_by_assignee", "1000000 90910"),
    ("tickets", "tickets_by_assignee_sla", "16500 1500 1"),
    ("tickets", "tickets_by_dept_created", "1000000 100000 1"),
    ("tickets", "tickets_by_dept_resolved", "980000 98000 1 1 1"),
    ("tickets", "tickets_by_dept_sla", "16500 1650 1"),
    ("tickets", "tickets_by_requester_resolved", "980000 980 1"),
    (
        "tickets",
        "tickets_by_requester_status",
        "1000000 1000 715 1",
    ),
    (
        "tickets",
        "tickets_queue_counts",
        "1000000 100000 20000 20000 10000 1",
    ),
    ("tickets", "tickets_unassigned", "3750 750 1"),
    ("tickets", "tickets_waiting", "3500 350 1"),
];

/// A digest query with `EXPLAIN QUERY PLAN` in front: its name for failures, and the indexes
/// its plan may read through (one of them at least).
type Planned = (String, &'static [&'static str], Query<'static>);

/// Every digest query.
fn queries() -> Vec<Planned> {
    let now: DateTime<Utc> = "2026-12-08T06:30:00Z".parse().unwrap();
    let since = now - Duration::days(1);
    let until = now + Duration::days(1);
    let depts = vec![DeptKey::parse("it").unwrap(), DeptKey::parse("hr").unwrap()];
    let bob = Handle::parse("bob").unwrap();
    let mut out: Vec<Planned> = vec![(
        "open counts".to_string(),
        &["tickets_queue_counts"],
        tickets::open_counts_query(EXPLAIN, &depts),
    )];
    let sla_now = TicketSet::SlaDue {
        after: None,
        by: now,
    };
    let resolved = TicketSet::ResolvedSince(since);
    let ticket_queries: Vec<(TicketScope, TicketSet, &'static [&'static str])> = vec![
        (
            TicketScope::Depts(depts.clone()),
            TicketSet::OpenedSince(since),
            &["tickets_by_dept_created"],
        ),
        (
            TicketScope::Depts(depts.clone()),
            TicketSet::Unassigned,
            &["tickets_unassigned", "tickets_queue_counts"],
        ),
        (
            TicketScope::Depts(depts.clone()),
            TicketSet::Waiting,
            &["tickets_waiting", "tickets_queue_counts"],
        ),
        (
            TicketScope::Depts(depts.clone()),
            sla_now,
            &["tickets_by_dept_sla"],
        ),
        (
            TicketScope::Depts(depts.clone()),
            TicketSet::SlaDue {
                after: Some(now),
                by: until,
            },
            &["tickets_by_dept_sla"],
        ),
        (
            TicketScope::Depts(depts.clone()),
            resolved,
            &["tickets_by_dept_resolved"],
        ),
        (
            TicketScope::AssignedTo(bob.clone()),
            sla_now,
            &["tickets_by_assignee_sla"],
        ),
        (
            TicketScope::RequestedBy(bob.clone()),
            TicketSet::Waiting,
            &["tickets_by_requester_status"],
        ),
        (
            TicketScope::RequestedBy(bob.clone()),
            resolved,
            &["tickets_by_requester_resolved"],
        ),
    ];
    for (scope, set, indexes) in ticket_queries {
        let name = format!("tickets {scope:?} {set:?}");
        out.push((name, indexes, tickets::page_query(EXPLAIN, &scope, set, 5)));
    }
    let sets = [
        TicketSet::OpenedSince(since),
        TicketSet::Unassigned,
        TicketSet::Waiting,
        sla_now,
        TicketSet::SlaDue {
            after: Some(now),
            by: until,
        },
    ];
    let [counts, items] = tickets::dept_pages_queries(EXPLAIN, &depts, &sets, 5);
    let every_set: &'static [&'static str] = &[
        "tickets_by_dept_created",
        "tickets_unassigned",
        "tickets_waiting",
        "tickets_by_dept_sla",
    ];
    out.push(("dept pages, counts".into(), every_set, counts));
    out.push(("dept pages, items".into(), every_set, items));
    let first = since - Duration::days(13);
    let [active, opened, resolved] = tickets::history_queries(EXPLAIN, &depts, first);
    out.push(("history, active".into(), &["tickets_queue_counts"], active));
    out.push((
        "history, opened".into(),
        &["tickets_by_dept_created"],
        opened,
    ));
    out.push((
        "history, resolved".into(),
        &["tickets_by_dept_resolved"],
        resolved,
    ));
    let approval_queries: [(ApprovalQuery, &'static [&'static str]); 3] = [
        (
            ApprovalQuery::WaitingOn(vec![bob.clone()]),
            &["sqlite_autoindex_approval_waiting_1"],
        ),
        (
            ApprovalQuery::DecidedInDepts {
                depts: depts.clone(),
                since,
            },
            &["approvals_by_dept_updated"],
        ),
        (
            ApprovalQuery::DecidedFor {
                requester: bob.clone(),
                since,
            },
            &["approvals_by_requester_updated"],
        ),
    ];
    for (query, indexes) in &approval_queries {
        let name = format!("approvals {query:?}");
        out.push((name, indexes, approvals::page_query(EXPLAIN, query, 5)));
    }
    let task_queries: [(TaskQuery, &'static [&'static str]); 3] = [
        (
            TaskQuery::DelegatedDueBy(bob.clone(), until),
            &["tasks_by_delegator"],
        ),
        (
            TaskQuery::AssignedDueBy(bob.clone(), until),
            &["tasks_by_assignee"],
        ),
        (
            TaskQuery::DoneSince(bob.clone(), since),
            &["tasks_by_delegator_updated"],
        ),
    ];
    for (query, indexes) in &task_queries {
        let name = format!("tasks {query:?}");
        out.push((name, indexes, tasks::page_query(EXPLAIN, query, 5)));
    }
    out
}

/// Gives `conn` the statistics of a large database: [`STATS`] and `more`, as `sqlite_stat1`
/// rows (table, index, stat).
pub(super) async fn analyze_as_large(conn: &mut SqliteConnection, more: &[(&str, &str, &str)]) {
    sqlx::raw_sql("ANALYZE; DELETE FROM sqlite_stat1;")
        .execute(&mut *conn)
        .await
        .unwrap();
    for (table, index, stat) in STATS.iter().chain(more) {
        sqlx::query("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)")
            .bind(table)
            .bind(index)
            .bind(stat)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    sqlx::raw_sql("ANALYZE sqlite_schema")
        .execute(&mut *conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn digest_queries_read_through_their_indexes_on_a_large_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("plans.db"))
        .await
        .unwrap();
    // One connection: statistics are read per connection, by `ANALYZE sqlite_schema`.
    let mut conn = store.pool().acquire().await.unwrap();
    analyze_as_large(&mut conn, &[]).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, indexes, query) in queries() {
        let rows = conn.fetch_all(query).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("detail").unwrap())
            .collect();
        let scans = plan
            .iter()
            .any(|line| BIG.iter().any(|t| line.starts_with(&format!("SCAN {t}"))));
        let indexed = plan
            .iter()
            .any(|line| indexes.iter().any(|i| line.contains(&format!(" {i} "))));
        if scans || !indexed {
            failures.push(format!(
                "{name} (expected {indexes:?}):\n  {}",
                plan.join("\n  ")
            ));
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} queries checked");
    assert!(failures.is_empty(), "plans:\n{}", failures.join("\n"));
}
