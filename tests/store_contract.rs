//! The store contract (`core::store`) kept by both backends: SQLite always, PostgreSQL when
//! `OPSDESK_TEST_POSTGRES` names a server. Two stores on one database stand for two
//! processes.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use opsdesk::core::audit::Event;
use opsdesk::core::domain::object::ObjectId;
use opsdesk::core::domain::task::TaskId;
use opsdesk::core::jobs::{Job, JobKind};
use opsdesk::core::store::{Mode, Store};
use opsdesk::storage::location::Location;

use crate::support::postgres::PgSchema;

const NOW: &str = "2026-12-07T08:00:00Z";

/// Two stores on one fresh database of `backend`, or `None` when PostgreSQL is skipped.
async fn two_stores(
    postgres: bool,
) -> Option<(
    Arc<dyn Store>,
    Arc<dyn Store>,
    Option<PgSchema>,
    tempfile::TempDir,
)> {
    let dir = tempfile::tempdir().unwrap();
    let (location, schema) = if postgres {
        let schema = PgSchema::create().await?;
        (Location::Postgres(schema.url()), Some(schema))
    } else {
        (Location::Sqlite(dir.path().join("c.db")), None)
    };
    let a = location.open().await.unwrap();
    let b = location.open().await.unwrap();
    Some((a, b, schema, dir))
}

/// Writers on both stores append at once: the chain stays gapless and linked.
async fn audit_chain_under_concurrent_writers(postgres: bool) {
    let Some((a, b, _schema, _dir)) = two_stores(postgres).await else {
        return;
    };
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let mut writers = Vec::new();
    for i in 0..20 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        writers.push(tokio::spawn(async move {
            let mut uow = store.begin(Mode::Write).await.unwrap();
            let head = uow.audit_head().await.unwrap();
            let (seq, prev) = head.map_or((1, String::new()), |h| (h.seq + 1, h.hash));
            let event = Event {
                seq,
                at: now,
                actor: "@test".into(),
                object: "T-1".into(),
                action: "noted".into(),
                before: "{}".into(),
                after: "{}".into(),
                prev_hash: prev,
                hash: format!("h{seq}"),
            };
            uow.append_audit(&[event]).await.unwrap();
            uow.commit().await.unwrap();
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let mut uow = a.begin(Mode::Read).await.unwrap();
    let events = uow.audit_page(0, 100).await.unwrap();
    assert_eq!(events.len(), 20);
    for (i, event) in events.into_iter().enumerate() {
        let event = event.unwrap();
        assert_eq!(event.seq, i as i64 + 1);
        let expected_prev = if i == 0 {
            String::new()
        } else {
            format!("h{i}")
        };
        assert_eq!(event.prev_hash, expected_prev);
    }
}

/// One due job, two workers on two stores: exactly one runs it.
async fn a_due_job_goes_to_one_worker(postgres: bool) {
    let Some((a, b, _schema, _dir)) = two_stores(postgres).await else {
        return;
    };
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let subject = ObjectId::parse("T-1").unwrap();
    let job = Job {
        key: "seal#1".into(),
        subject: subject.clone(),
        due_at: now,
        kind: JobKind::AuditSeal,
    };
    let mut uow = a.begin(Mode::Write).await.unwrap();
    uow.replace_jobs(&subject, &[job]).await.unwrap();
    uow.commit().await.unwrap();
    let workers = [a.clone(), b.clone()].map(|store| {
        tokio::spawn(async move {
            let mut uow = store.begin(Mode::Write).await.unwrap();
            let claimed = uow.claim_due_job(now).await.unwrap();
            if let Some(job) = &claimed {
                uow.complete_job(&job.key, now).await.unwrap();
            }
            uow.commit().await.unwrap();
            claimed.is_some()
        })
    });
    let mut runs = 0;
    for w in workers {
        runs += usize::from(w.await.unwrap());
    }
    assert_eq!(runs, 1);
}

/// A job put again under its key, run or not, is pending again in the place it was first
/// scheduled in among jobs due at one instant; its failed attempts count again from zero
/// when its payload changes.
async fn a_job_put_again_keeps_its_place(postgres: bool) {
    let Some((store, _, _schema, _dir)) = two_stores(postgres).await else {
        return;
    };
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let job = |key: &str, kind| Job {
        key: key.into(),
        subject: ObjectId::Audit,
        due_at: now,
        kind,
    };
    let reminder = JobKind::TaskReminder {
        task: TaskId::new(1),
        due: 0,
    };
    let mut uow = store.begin(Mode::Write).await.unwrap();
    uow.put_job(&job("a", JobKind::AuditSeal)).await.unwrap();
    uow.put_job(&job("b", JobKind::AuditSeal)).await.unwrap();
    let first = uow.claim_due_job(now).await.unwrap().unwrap();
    assert_eq!(first.key, "a");
    uow.complete_job("a", now).await.unwrap();
    assert!(!uow.job("a").await.unwrap().unwrap().pending);
    // Run, then put again: due again, and still before "b".
    uow.put_job(&job("a", reminder.clone())).await.unwrap();
    let again = uow.job("a").await.unwrap().unwrap();
    assert!(again.pending);
    assert_eq!(
        (again.row.kind.as_str(), again.row.due_at),
        ("task_reminder", now)
    );
    assert_eq!(uow.claim_due_job(now).await.unwrap().unwrap().key, "a");
    // Attempts stay with the same payload, and start again with a new one.
    uow.retry_job("a", now, "failed").await.unwrap();
    uow.put_job(&job("a", reminder)).await.unwrap();
    assert_eq!(uow.job("a").await.unwrap().unwrap().row.attempts, 1);
    uow.put_job(&job("a", JobKind::AuditSeal)).await.unwrap();
    assert_eq!(uow.job("a").await.unwrap().unwrap().row.attempts, 0);
    assert_eq!(uow.job("none").await.unwrap(), None);
    uow.commit().await.unwrap();
}

/// An idempotency key claimed from both stores at once counts once.
async fn an_event_key_is_claimed_once(postgres: bool) {
    let Some((a, b, _schema, _dir)) = two_stores(postgres).await else {
        return;
    };
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let claims = [a, b].map(|store| {
        tokio::spawn(async move {
            let mut uow = store.begin(Mode::Write).await.unwrap();
            let first = uow.claim_event("interaction:1", now).await.unwrap();
            uow.commit().await.unwrap();
            first
        })
    });
    let mut firsts = 0;
    for c in claims {
        firsts += usize::from(c.await.unwrap());
    }
    assert_eq!(firsts, 1);
}

/// A round's outcomes, recorded at once, each as it should be; this ends their lease
/// (contract 7).
async fn a_rounds_outcomes_are_recorded_together(postgres: bool) {
    use opsdesk::core::domain::ids::Handle;
    use opsdesk::core::outbound::{Body, Outbound, Target};
    use opsdesk::core::outbox::{self, Outcome, Status};

    let Some((a, _b, _schema, _dir)) = two_stores(postgres).await else {
        return;
    };
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let later = now + chrono::Duration::seconds(5);
    let notices = ["bob", "ann", "dan", "eve"]
        .map(|who| {
            let handle = Handle::parse(who).unwrap();
            Outbound::new(Target::Dm { handle }, Body::Text(format!("to {who}")))
        })
        .to_vec();
    let messages = outbox::messages("cmd:1", notices, now);
    let keys: Vec<String> = messages.iter().map(|m| m.key.clone()).collect();
    let mut uow = a.begin(Mode::Write).await.unwrap();
    uow.enqueue(&messages).await.unwrap();
    uow.lease_messages(&keys, now + chrono::Duration::seconds(30))
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let outcome = |key: &String, status: Status| Outcome {
        keys: vec![key.clone()],
        status,
    };
    let mut uow = a.begin(Mode::Write).await.unwrap();
    uow.record_outcomes(&[
        outcome(&keys[0], Status::Sent { at: now }),
        outcome(
            &keys[1],
            Status::Retry {
                at: later,
                error: "502".into(),
            },
        ),
        outcome(
            &keys[2],
            Status::Refused {
                at: now,
                error: "blocked".into(),
            },
        ),
        outcome(&keys[3], Status::Untried { at: now }),
    ])
    .await
    .unwrap();
    uow.commit().await.unwrap();

    let mut uow = a.begin(Mode::Read).await.unwrap();
    let left: Vec<_> = uow
        .pending_messages(10)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.key, p.attempts, p.next_attempt_at))
        .collect();
    assert_eq!(
        left,
        [(keys[1].clone(), 1, later), (keys[3].clone(), 0, now)],
        "sent and refused ones are done; the retried one counted, the untried one free now"
    );
    assert_eq!(uow.undeliverable_count().await.unwrap(), 1);
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(false).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(true).await;
                }
            )*
        }
    };
}

on_both!(
    audit_chain_under_concurrent_writers,
    a_due_job_goes_to_one_worker,
    a_job_put_again_keeps_its_place,
    an_event_key_is_claimed_once,
    a_rounds_outcomes_are_recorded_together,
);
