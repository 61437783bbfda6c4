//! Internal failures: the person sees a short localized apology with a reference, never the
//! error's own text, and nothing is half-written.

use sqlx::Connection;

use crate::support::{assert_line, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_storage_failure_is_reported_with_a_reference_and_changes_nothing() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    app.run("/ticket open dept:it title:\"Printer down\"").await;
    let url = format!("sqlite://{}", app.db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    // Break the jobs table: opening a ticket schedules SLA jobs in the same transaction.
    sqlx::query("ALTER TABLE jobs RENAME TO jobs_gone")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let out = app.run("/ticket open dept:it title:\"Scanner down\"").await;
    assert_line(
        &out,
        "[error]",
        "Something went wrong on our side; nothing was changed.",
    );
    assert!(
        out.iter()
            .all(|l| !l.contains("jobs") && !l.to_lowercase().contains("sql")),
        "{out:?}"
    );
    let out = app.run("@maria /ticket list").await;
    assert!(out.iter().any(|l| l.contains("IT-1")), "{out:?}");
    assert!(
        !out.iter().any(|l| l.contains("IT-2")),
        "the failed command left a ticket: {out:?}"
    );
}
