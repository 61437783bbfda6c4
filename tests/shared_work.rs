//! Issue #16 part 3: several `serve` processes share the scheduled work and the outbox. Two
//! services on one database file — two connection pools, as two processes have — run the same
//! due jobs and deliver the same outbox at the same time: every job runs once, every message
//! is delivered once. (The store's contract, clauses 5 and 7: a due job is claimed in a write
//! unit of work; outbox messages are leased.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use opsdesk::config::Config;
use opsdesk::core::outbox::{Delivery, Outgoing, Transport};
use opsdesk::core::time::AdjustableClock;
use opsdesk::{scheduler, sender};

use crate::support::{connect, spawn_app, MONDAY_10AM};

/// Tasks assigned; each brings a reminder and a due-time job.
const TASKS: usize = 100;

/// Who assigns tasks to whom: four people, so the outbox has four lanes for two senders.
const PAIRS: [(&str, &str); 4] = [
    ("bob", "alice"),
    ("victor", "dan"),
    ("maria", "bob"),
    ("maria", "elena"),
];

/// Counts every delivery of every outbox message, across all the senders sharing it.
#[derive(Clone, Default)]
struct Counting {
    delivered: Arc<Mutex<HashMap<String, usize>>>,
}

#[async_trait::async_trait]
impl Transport for Counting {
    async fn deliver(&self, send: &Outgoing) -> Delivery {
        // A send takes a moment, as on Discord, so the two senders overlap.
        tokio::time::sleep(Duration::from_millis(1)).await;
        let mut delivered = self.delivered.lock().unwrap();
        for key in &send.keys {
            *delivered.entry(key.clone()).or_default() += 1;
        }
        Delivery::Sent { location: None }
    }
}

async fn count(db: &std::path::Path, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut connect(db).await)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_database_run_each_due_job_once_and_send_each_message_once() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    for i in 0..TASKS {
        let (delegator, assignee) = PAIRS[i % PAIRS.len()];
        let out = app
            .run(&format!(
                "@{delegator} /task assign user:@{assignee} title:\"Shared {i}\" \
                 due:\"today 12:00\""
            ))
            .await;
        assert!(out.iter().any(|l| l.contains("T-")), "{out:?}");
    }
    let later: DateTime<Utc> = "2026-12-07T12:00:00Z".parse().unwrap();
    let other = opsdesk::app::open(&Config::demo(), &app.db, later)
        .await
        .unwrap();
    let still_due = format!(
        "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND due_at <= {}",
        later.timestamp()
    );
    assert!(count(&app.db, &still_due).await >= 2 * TASKS as i64);
    // What one process alone does with these jobs, on a copy: the measure for two.
    let alone = app.out.with_file_name("alone.db");
    opsdesk::operator::backup(&app.db, &alone)
        .await
        .unwrap()
        .unwrap();
    let single = opsdesk::app::open(&Config::demo(), &alone, later)
        .await
        .unwrap();
    let ran_alone = scheduler::run_due(&single, later).await.unwrap();
    let pending_alone = count(
        &alone,
        "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
    )
    .await;
    single.close().await.unwrap();

    let (first, second) = tokio::join!(
        scheduler::run_due(&app.service, later),
        scheduler::run_due(&other, later)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!((first.failed, second.failed), (0, 0));
    // Running a task's due-time job drops its reminders still pending, so fewer jobs run
    // than were due: the two together run what one alone does, no job twice.
    let done = first.done + second.done;
    assert_eq!(
        done, ran_alone.done,
        "{first:?} + {second:?}, alone {ran_alone:?}"
    );
    assert!(done >= TASKS, "only {done} jobs ran");
    assert_eq!(count(&app.db, &still_due).await, 0);

    let pending = count(
        &app.db,
        "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
    )
    .await;
    assert_eq!(pending, pending_alone, "the jobs' messages, written once");
    assert!(pending >= TASKS as i64, "the jobs wrote only {pending}");
    let transport = Counting::default();
    let clock = AdjustableClock::frozen(later);
    let (sent_first, sent_second) = tokio::join!(
        sender::deliver_due(&app.service, &transport, &clock),
        sender::deliver_due(&other, &transport, &clock)
    );
    let (sent_first, sent_second) = (sent_first.unwrap(), sent_second.unwrap());
    let delivered = transport.delivered.lock().unwrap().clone();
    let twice: Vec<_> = delivered.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    assert_eq!(delivered.len() as i64, pending, "every message delivered");
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
        )
        .await,
        0
    );
    println!(
        "jobs run: {} + {} = {done}; sends: {sent_first} + {sent_second} for {pending} \
         messages; duplicates: 0",
        first.done, second.done
    );
    other.close().await.unwrap();
}
