//! The daily seal: posted to the audit channel at the configured time, skipped when nothing
//! happened since the last one, and made once after a restart that missed it.

use crate::support::{assert_line, reopen, spawn_app, MONDAY_10AM};

/// A Friday: the weekend after it has no default digests, so nothing happens on its own.
const FRIDAY_10AM: &str = "2026-12-11T08:00:00Z";

fn seal_posts(out: &[String]) -> Vec<&String> {
    out.iter()
        .filter(|l| l.starts_with("[#audit] 🔏 Audit seal"))
        .collect()
}

#[tokio::test]
async fn the_trail_is_sealed_each_evening_when_something_happened() {
    let mut app = spawn_app(FRIDAY_10AM, "admin").await;
    let out = app
        .run("/member set user:@frank name:\"Frank Ionescu\"\n:advance 8h")
        .await;
    // 19 seed events (5 departments, 9 members, 5 default digest subscriptions) and the
    // change: sealed at 18:00 Bucharest time.
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(
        posts[0].starts_with("[#audit] 🔏 Audit seal #1 (2026-12-11 18:00 EET): event #20, hash "),
        "{}",
        posts[0]
    );
    // A quiet weekend: the seal's own event is no news, so no new seal.
    let out = app.run(":advance 2d\n@admin /audit verify").await;
    assert!(seal_posts(&out).is_empty(), "{}", out.join("\n"));
    assert_line(&out, "[reply]", "Intact up to seal #1: event #20");
    assert_line(&out, "[reply]", "Nothing has happened since.");
    let out = app
        .run("/member set user:@frank name:\"Frank I.\"\n:advance 1d")
        .await;
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    // Monday: the change (#22) and the five 08:30 digests (#23–#27).
    assert!(
        posts[0].contains("Audit seal #2 (2026-12-14 18:00 EET): event #27"),
        "{}",
        posts[0]
    );
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
    // and made up for once, at start — after the five catch-up digests (#22–#26) that the
    // same start sends for the 08:30 slots it missed.
    let mut app = reopen(app, "2026-12-09T17:00:00Z").await;
    let out = app.run(":advance 1m").await;
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(
        posts[0].contains("Audit seal #2 (2026-12-09 19:00 EET): event #26"),
        "{}",
        posts[0]
    );
    // The missed days are not sealed again: the next seal is Thursday's own, over its
    // digests (#28–#32).
    let out = app.run(":advance 1d").await;
    let posts = seal_posts(&out);
    assert_eq!(posts.len(), 1, "{}", out.join("\n"));
    assert!(
        posts[0].contains("Audit seal #3 (2026-12-10 18:00 EET): event #32"),
        "{}",
        posts[0]
    );
}
