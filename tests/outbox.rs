//! The outbox: nothing a command or job says is lost in a crash, bursts of notices read as
//! one list, and a failing job neither blocks the others nor retries for ever.

use opsdesk::core::domain::ids::Handle;
use opsdesk::core::service::{Caller, Outcome};
use sqlx::Connection;

use crate::support::{assert_line, reopen, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn notices_committed_before_a_crash_are_sent_when_opsdesk_starts_again() {
    let app = spawn_app(MONDAY_10AM, "admin").await;
    // The command commits, and the process dies before its notices go out.
    let frank = Caller::new(Handle::parse("frank").unwrap());
    let now = MONDAY_10AM.parse().unwrap();
    let outcome = app
        .service
        .execute_line(&frank, "/ticket open dept:it title:\"Printer down\"", now)
        .await;
    let Outcome::Done(replies) = outcome else {
        panic!("not done: {outcome:?}");
    };
    assert!(
        replies.iter().all(|o| o.target.is_reply()),
        "notices are in the outbox, not returned: {replies:?}"
    );

    let mut app = reopen(app, MONDAY_10AM).await;
    let resumed = app.console.resume().await;
    assert_line(&resumed, "[#it]", "New ticket from @frank:");
    assert_line(&resumed, "[#it]", "IT-1 · Printer down");
    // Sent once: nothing is left for the next start.
    let mut app = reopen(app, MONDAY_10AM).await;
    assert_eq!(app.console.resume().await, Vec::<String>::new());
    let out = app.run(":now").await;
    assert!(!out.iter().any(|l| l.contains("New ticket")), "{out:?}");
}

#[tokio::test]
async fn a_failing_job_is_retried_apart_from_the_others_and_given_up_with_a_notice() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    app.run(
        "@frank /ticket open dept:it title:\"Server room hot\" priority:urgent\n\
         /task assign user:@alice title:\"Check the UPS\" due:\"today 12:00\"",
    )
    .await;
    // Break what the SLA jobs read; the task's reminder does not need it.
    let url = format!("sqlite://{}", app.db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("ALTER TABLE tickets RENAME TO tickets_gone")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let out = app.run(":advance 90m").await;
    assert_line(&out, "[error]", "A scheduled job failed");
    assert_line(&out, "[dm @alice]", "⏰ Reminder: T-1 · Check the UPS");
    assert_line(
        &out,
        "[dm @admin]",
        "Scheduled work could not run after 5 attempts and was given up: sla_warning for IT-1",
    );
    let warnings = out
        .iter()
        .filter(|l| l.contains("given up: sla_warning"))
        .count();
    assert_eq!(warnings, 1, "told once: {out:#?}");

    // Given up for good: mending the table does not bring those jobs back; the later ones
    // (the resolution clock) run as usual.
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("ALTER TABLE tickets_gone RENAME TO tickets")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let out = app.run(":advance 1d").await;
    assert!(
        !out.iter().any(|l| l.contains("First response")),
        "{out:#?}"
    );
    assert_line(&out, "[#it]", "⛔ SLA breached on IT-1: Resolution");
}

#[tokio::test]
async fn five_hundred_breaches_at_once_read_as_one_list_and_none_is_lost() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let opens: String = (1..=500)
        .map(|n| format!("/ticket open dept:it title:\"Outage {n}\" priority:urgent\n"))
        .collect();
    app.run(&opens).await;
    // All 500 first-response clocks warn at 10:24 and breach at 10:30, at once.
    let out = app.run(":advance 31m").await;
    let channel: Vec<&String> = out.iter().filter(|l| l.starts_with("[#it]")).collect();
    let breach_pages = channel
        .iter()
        .filter(|l| l.starts_with("[#it] ⛔ 500 SLA breaches"))
        .count();
    assert!(
        (1..=5).contains(&breach_pages),
        "{breach_pages} pages: {channel:#?}"
    );
    assert_line(&out, "[#it]", "… and 425 more.");
    assert!(
        !out.iter()
            .any(|l| l.starts_with("[#it] ⛔ SLA breached on")),
        "single breach notices were sent one by one"
    );
    let admin = app.run("@admin /whoami").await;
    assert!(
        !admin.iter().any(|l| l.contains("Undelivered")),
        "{admin:?}"
    );
}

/// Issue #14: the sender records a round's outcomes in one transaction. When the store fails
/// to record them, none is lost and none is sent twice meanwhile: the round stays claimed
/// until its lease ends, then goes again with the same nonces (Discord shows each once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_the_store_could_not_record_goes_again_after_its_lease_with_the_same_nonces() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    use opsdesk::core::outbox::{Delivery, Outgoing, Transport, LEASE};
    use opsdesk::core::time::AdjustableClock;

    /// Logs every send's nonce; during the first, the outbox table goes away (a broken
    /// disk, say), so the round's record fails.
    struct Breaking {
        db: std::path::PathBuf,
        broken: AtomicBool,
        nonces: Mutex<Vec<(Vec<String>, String)>>,
    }

    #[async_trait::async_trait]
    impl Transport for Breaking {
        async fn deliver(&self, send: &Outgoing) -> Delivery {
            if !self.broken.swap(true, Ordering::SeqCst) {
                sqlx::query("ALTER TABLE outbox RENAME TO outbox_gone")
                    .execute(&mut crate::support::connect(&self.db).await)
                    .await
                    .unwrap();
            }
            let mut nonces = self.nonces.lock().unwrap();
            nonces.push((send.keys.clone(), send.nonce.clone()));
            Delivery::Sent { location: None }
        }

        fn sends_at_once(&self) -> usize {
            8
        }
    }

    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    for (i, (delegator, assignee)) in [("bob", "alice"), ("victor", "dan"), ("maria", "elena")]
        .iter()
        .cycle()
        .take(6)
        .enumerate()
    {
        app.run(&format!(
            "@{delegator} /task assign user:@{assignee} title:\"Round {i}\" due:\"today 12:00\""
        ))
        .await;
    }
    let later: chrono::DateTime<chrono::Utc> = "2026-12-07T12:00:00Z".parse().unwrap();
    opsdesk::scheduler::run_due(&app.service, later)
        .await
        .unwrap();
    let pending = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'";
    let waiting: i64 = sqlx::query_scalar(pending)
        .fetch_one(&mut crate::support::connect(&app.db).await)
        .await
        .unwrap();
    assert!(waiting >= 6, "only {waiting} messages to send");

    let transport = Arc::new(Breaking {
        db: app.db.clone(),
        broken: AtomicBool::new(false),
        nonces: Mutex::new(Vec::new()),
    });
    let clock = AdjustableClock::frozen(later);
    let failed = opsdesk::sender::deliver_due(&app.service, transport.as_ref(), &clock).await;
    assert!(failed.is_err(), "the record failed: {failed:?}");
    let first_round = transport.nonces.lock().unwrap().clone();
    assert!(first_round.len() > 1, "{first_round:?}");
    sqlx::query("ALTER TABLE outbox_gone RENAME TO outbox")
        .execute(&mut crate::support::connect(&app.db).await)
        .await
        .unwrap();

    // Still claimed: nothing goes again before the lease ends.
    let sent = opsdesk::sender::deliver_due(&app.service, transport.as_ref(), &clock)
        .await
        .unwrap();
    assert_eq!(sent, 0);
    clock.advance_to(later + chrono::Duration::from_std(LEASE).unwrap());
    opsdesk::sender::deliver_due(&app.service, transport.as_ref(), &clock)
        .await
        .unwrap();
    let all = transport.nonces.lock().unwrap().clone();
    for (keys, nonce) in &first_round {
        let again: Vec<_> = all[first_round.len()..]
            .iter()
            .filter(|(k, _)| k == keys)
            .collect();
        assert_eq!(again.len(), 1, "{keys:?} sent again once: {all:?}");
        assert_eq!(&again[0].1, nonce, "with the same nonce");
    }
    let delivered: usize = all[first_round.len()..].iter().map(|(k, _)| k.len()).sum();
    assert_eq!(delivered as i64, waiting, "every message delivered");
    let left: i64 = sqlx::query_scalar(pending)
        .fetch_one(&mut crate::support::connect(&app.db).await)
        .await
        .unwrap();
    assert_eq!(left, 0, "all recorded");
}
