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
