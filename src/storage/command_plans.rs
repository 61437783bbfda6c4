//! The statements commands run read through indexes (store contract 9), like the digests'
//! (`plans`): no statement of a command, a due job or the sender scans a table that grows
//! with the organisation's history. The statements are not listed by hand — they are those
//! sqlx reports (`sqlx::query` events) while the commands run, so a new query is checked as
//! soon as a command uses it. Each is planned on a database whose statistics say it is large
//! (the digest benchmark's, see `plans::STATS`, and the history tables below).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

use super::plans::{analyze_as_large, BIG};
use super::SqliteStore;
use crate::config::Config;
use crate::core::domain::ids::Handle;
use crate::core::domain::object::ObjectId;
use crate::core::outbox::Delivery;
use crate::core::service::{Caller, Outcome};

/// Tables of history beside `plans::BIG`, with what a long-used database holds.
const HISTORY: &[(&str, &str, &str)] = &[
    ("jobs", "jobs_pending", "20000 2 1"),
    ("jobs", "jobs_pending_by_subject", "20000 1"),
    ("audit_events", "audit_events_by_object", "5000000 5 1"),
    ("outbox", "outbox_pending", "20 1"),
    ("outbox", "outbox_failed", "20 1"),
    (
        "ticket_comments",
        "ticket_comments_by_ticket",
        "3000000 3 1",
    ),
];

/// Tables a command must never scan: the digests' and the histories.
fn growing(table: &str) -> bool {
    BIG.contains(&table)
        || HISTORY.iter().any(|(t, _, _)| *t == table)
        || ["processed_events", "card_messages", "approval_decisions"].contains(&table)
}

/// Statements SQLite plans as a SCAN that read a row or two all the same: the table walked
/// backwards by its integer key, stopped by the LIMIT (a plan does not show the limit).
const BOUNDED_SCANS: &[&str] = &["SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"];

/// Every statement sqlx runs while recording.
static RECORDING: AtomicBool = AtomicBool::new(false);
static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Keeps the SQL of sqlx's statement events (the text when long, the summary when short).
struct Capture;

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" || !RECORDING.load(Ordering::Relaxed) {
            return;
        }
        let mut sql = SqlOf::default();
        event.record(&mut sql);
        let text = if sql.statement.trim().is_empty() {
            sql.summary
        } else {
            sql.statement.trim().to_string()
        };
        STATEMENTS.lock().unwrap().push(text);
    }
}

#[derive(Default)]
struct SqlOf {
    summary: String,
    statement: String,
}

impl Visit for SqlOf {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }
    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

/// sqlx logs to whichever subscriber is global: this process's, installed once.
fn capture_statements() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(Capture);
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
}

/// The statements of a day's work: tickets, tasks and approvals through their commands, due
/// jobs, the sender's claims and deliveries.
async fn statements_of_a_day(db: &std::path::Path) -> Vec<String> {
    let now: DateTime<Utc> = "2026-12-07T08:00:00Z".parse().unwrap();
    let service = crate::app::open(&Config::demo(), db, now).await.unwrap();
    let lines = [
        (
            "frank",
            r#"/ticket open dept:it title:"Printer" priority:high"#,
        ),
        ("alice", "/ticket claim id:IT-1"),
        ("alice", r#"/ticket comment id:IT-1 text:"On my way""#),
        ("alice", r#"/ticket resolve id:IT-1 resolution:"Toner""#),
        (
            "bob",
            r#"/task assign user:@alice title:"Report" due:"2026-12-09 17:00""#,
        ),
        (
            "alice",
            r#"/approval request kind:leave title:"Leave" dept:it"#,
        ),
        ("bob", "/approval approve id:A-1"),
    ];
    capture_statements();
    RECORDING.store(true, Ordering::Relaxed);
    for (who, line) in lines {
        let caller = Caller::new(Handle::parse(who).unwrap());
        match service.execute_line(&caller, line, now).await {
            Outcome::Done(out) if out.iter().any(|o| o.is_error()) => {
                panic!("`{line}` was refused: {out:?}")
            }
            _ => {}
        }
    }
    let later = now + Duration::days(3);
    while service.run_next_job(later).await.unwrap().is_some() {}
    loop {
        let sends = service.claim_outbox(later).await.unwrap();
        if sends.is_empty() {
            break;
        }
        let delivered = Delivery::Sent {
            location: Some("c/1".into()),
        };
        let round: Vec<_> = sends
            .into_iter()
            .map(|send| (send, Some(delivered.clone())))
            .collect();
        service.record_deliveries(&round, later).await.unwrap();
    }
    let card = ObjectId::parse("IT-1").unwrap();
    service.card_locations(&card).await.unwrap();
    let ticket = "IT-1".parse().unwrap();
    service.ticket_thread(&ticket).await.unwrap();
    service.thread_lost(&ticket, later).await.unwrap();
    RECORDING.store(false, Ordering::Relaxed);
    service.close().await.unwrap();
    let mut statements = std::mem::take(&mut *STATEMENTS.lock().unwrap());
    statements.sort();
    statements.dedup();
    statements
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_statements_read_through_indexes_on_a_large_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("commands.db");
    let statements = statements_of_a_day(&db).await;
    let store = SqliteStore::open(&db).await.unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    analyze_as_large(&mut conn, HISTORY).await;
    let (mut failures, mut checked) = (Vec::new(), 0);
    for sql in &statements {
        // Only queries (not BEGIN, COMMIT, PRAGMA), and only on opsdesk's tables: other
        // tests of this process run at the same time.
        let verb = sql.split_whitespace().next().unwrap_or_default();
        let query = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
            .iter()
            .any(|v| verb.eq_ignore_ascii_case(v));
        if !query || BOUNDED_SCANS.contains(&sql.as_str()) {
            continue;
        }
        let plan = match sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(e) if e.to_string().contains("no such") => continue,
            Err(e) => panic!("cannot plan {sql}: {e}"),
        };
        let scans: Vec<String> = plan
            .iter()
            .map(|r| r.try_get::<String, _>("detail").unwrap())
            .filter(|line| {
                line.strip_prefix("SCAN ")
                    .and_then(|rest| rest.split_whitespace().next())
                    .is_some_and(growing)
                    // A partial index holds only what waits (outbox_pending): bounded.
                    && !line.contains("outbox_pending")
            })
            .collect();
        if !scans.is_empty() {
            failures.push(format!("{sql}\n  {}", scans.join("\n  ")));
        }
        checked += 1;
    }
    assert!(
        checked > 40,
        "only {checked} statements planned: {statements:#?}"
    );
    assert!(failures.is_empty(), "scans:\n{}", failures.join("\n"));
}
