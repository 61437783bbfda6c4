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
        "[#it › IT-1]",
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

/// Issue #11: a digest missed while opsdesk was down is sent once when it starts — not once
/// per missed slot — and a restart after it has gone out does not send it again.
#[tokio::test]
async fn digests_missed_while_stopped_are_sent_once_at_the_next_start() {
    let mut app = spawn_app(MONDAY_10AM, "bob").await;
    app.run("@frank /ticket open dept:it title:\"Printer down\"")
        .await;
    // Down from Monday 10:00 to Thursday 10:00: Tuesday's, Wednesday's and Thursday's 08:30
    // digests were missed.
    let mut app = reopen(app, "2026-12-10T08:00:00Z").await;
    let out = app.run(":now").await;
    let bobs: Vec<&String> = out
        .iter()
        .filter(|l| l.starts_with("[dm @bob] Your digest"))
        .collect();
    assert_eq!(bobs.len(), 1, "{out:#?}");
    assert_line(
        &out,
        "[dm @bob]",
        "Catch-up: this digest was due 2026-12-08 08:30 EET, while opsdesk was offline.",
    );
    assert_line(&out, "[dm @bob]", "Next digest: 2026-12-11 08:30 EET.");

    let mut app = reopen(app, "2026-12-10T08:05:00Z").await;
    let out = app.run(":advance 1h").await;
    assert!(
        !out.iter().any(|l| l.contains("Your digest")),
        "sent again: {out:#?}"
    );
}
