//! The daily seal: posted to the audit channel at the configured time, skipped when nothing
//! happened since the last one, and made once after a restart that missed it.

use crate::support::{assert_line, reopen, spawn_app, MONDAY_10AM};

fn seal_posts(out: &[String]) -> Vec<&String> {
    out.iter()
        .filter(|l| l.starts_with("[#audit] 🔏 Audit seal"))
        .collect()
}

#[tokio::test]
async fn the_trail_is_sealed_each_evening_when_something_happened() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    let out = app
        .run("/member set user:@frank name:\"Frank Ionescu\"\n:advance 8h")
        .await;
    // 14 seed events and the change: sealed at 18:00 Bucharest time.
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(
        posts[0].starts_with("[#audit] 🔏 Audit seal #1 (2026-12-07 18:00 EET): event #15, hash "),
        "{}",
        posts[0]
    );
    // Two quiet days: the seal's own event is no news, so no new seal.
    let out = app.run(":advance 2d\n@admin /audit verify").await;
    assert!(seal_posts(&out).is_empty(), "{}", out.join("\n"));
    assert_line(&out, "[reply]", "Intact up to seal #1: event #15");
    assert_line(&out, "[reply]", "Nothing has happened since.");
    let out = app
        .run("/member set user:@frank name:\"Frank I.\"\n:advance 1d")
        .await;
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(posts[0].contains("Audit seal #2 (2026-12-10 18:00 EET): event #17"));
}

#[tokio::test]
async fn a_seal_missed_while_opsdesk_was_down_is_made_once_at_start() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    let out = app
        .run(":advance 8h\n/member set user:@frank name:\"Frank Ionescu\"")
        .await;
    assert_eq!(seal_posts(&out).len(), 1, "{}", out.join("\n"));
    app.service.close().await.unwrap();
    // Down from Monday evening to Wednesday 19:00: Tuesday's and Wednesday's seals missed,
    // and made up for once, at start.
    let mut app = reopen(app, "2026-12-09T17:00:00Z").await;
    let out = app.run(":advance 1m").await;
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(
        posts[0].contains("Audit seal #2 (2026-12-09 19:00 EET): event #16"),
        "{}",
        posts[0]
    );
    let out = app.run(":advance 1d").await;
    assert!(seal_posts(&out).is_empty(), "{}", out.join("\n"));
}
