//! Scheduled work survives a restart, and runs once.

use crate::support::{assert_line, reopen, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_restart_neither_loses_nor_repeats_a_job() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    // Urgent: first response due 10:30, warning at 10:24 (local time).
    app.run("/ticket open dept:it title:\"Server room hot\" priority:urgent")
        .await;

    let mut app = reopen(app, MONDAY_10AM).await;
    let out = app.run(":advance 25m").await;
    assert_line(
        &out,
        "[#it]",
        "⚠ IT-1: First response due 2026-12-07 10:30 EET (in 6m)",
    );
    assert_eq!(
        out.iter()
            .filter(|l| l.contains("⚠ IT-1: First response"))
            .count(),
        1
    );

    let mut app = reopen(app, "2026-12-07T08:25:00Z").await;
    let out = app.run(":advance 10m").await;
    assert!(
        !out.iter().any(|l| l.contains("⚠ IT-1: First response")),
        "warning repeated: {out:?}"
    );
    assert_line(
        &out,
        "[#it]",
        "⛔ SLA breached on IT-1: First response was due 2026-12-07 10:30 EET",
    );

    let mut app = reopen(app, "2026-12-07T08:35:00Z").await;
    let out = app.run(":advance 1m").await;
    assert!(
        !out.iter().any(|l| l.contains("First response")),
        "breach repeated: {out:?}"
    );
}

#[tokio::test]
async fn jobs_that_fell_due_while_stopped_run_at_the_next_start_without_stale_warnings() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    app.run("/ticket open dept:it title:\"Server room hot\" priority:urgent")
        .await;
    // Back at 10:40: the warning (10:24) is stale, the breach (10:30) is not.
    let mut app = reopen(app, "2026-12-07T08:40:00Z").await;
    let out = app.run(":now").await;
    assert!(
        !out.iter().any(|l| l.contains('⚠')),
        "stale warning sent: {out:?}"
    );
    assert_line(&out, "[#it]", "⛔ SLA breached on IT-1: First response");
}
