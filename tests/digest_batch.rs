//! Issue #11: digests due at one instant run in one unit of work; when one of them fails,
//! the batch is rolled back and the jobs run one at a time, so that only the failing
//! subscriber waits for a retry and everyone else gets their digest once.

use sqlx::Connection;

use crate::support::{connect, spawn_app, MONDAY_10AM};

/// Who in the demo organisation has a default digest (managers and directors).
const SUBSCRIBERS: [&str; 5] = ["maria", "bob", "elena", "victor", "paul"];

/// How many digests `handle` was sent: their first lines, in either language, quiet or not.
fn digests_to(out: &[String], handle: &str) -> usize {
    let to = format!("[dm @{handle}] ");
    out.iter()
        .filter_map(|l| l.strip_prefix(&to))
        .filter(|l| {
            let l = l.trim_start_matches("✓ ");
            l.starts_with("Your digest ·") || l.starts_with("Rezumatul tău ·")
        })
        .count()
}

#[tokio::test]
async fn one_failing_digest_does_not_hold_back_the_others_due_with_it() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    app.run("@frank /ticket open dept:it title:\"Printer down\"")
        .await;
    // Bob's digest cannot be written: its message is refused by the database.
    let mut conn = connect(&app.db).await;
    sqlx::query(
        "CREATE TRIGGER refuse_bobs_digest BEFORE INSERT ON outbox
         WHEN NEW.lane = 'dm:bob' AND NEW.key LIKE 'job:digest%'
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    // Tuesday 08:30 in Bucharest: every default digest is due at that instant.
    let out = app.run(":advance 22h30m").await;
    for handle in SUBSCRIBERS {
        let expected = usize::from(handle != "bob");
        assert_eq!(digests_to(&out, handle), expected, "@{handle}: {out:#?}");
    }
    let (attempts, done): (i64, Option<i64>) =
        sqlx::query_as("SELECT attempts, done_at FROM jobs WHERE kind = 'digest' AND attempts > 0")
            .fetch_one(&mut conn)
            .await
            .expect("bob's digest job is waiting for a retry");
    assert_eq!((attempts, done), (1, None));

    // With the database healthy again, the retry a minute later sends Bob's digest, and
    // nobody else's again.
    sqlx::query("DROP TRIGGER refuse_bobs_digest")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let out = app.run(":advance 5m").await;
    for handle in SUBSCRIBERS {
        let expected = usize::from(handle == "bob");
        assert_eq!(digests_to(&out, handle), expected, "@{handle}: {out:#?}");
    }
}
