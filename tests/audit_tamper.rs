//! `/audit verify` against a database file edited behind opsdesk's back: the chain's own
//! faults, and what only the seals catch (issue #12, part 5). The data edited with the trail
//! left alone is in `audit_deep`.

use opsdesk::core::audit::{digest, Event};
use sqlx::{Connection, Row};

use crate::support::{assert_line, spawn_app, MONDAY_10AM};

/// Runs `sql` on the database file as another program would, expecting it to change `rows`
/// rows.
pub async fn tamper_rows(db: &std::path::Path, sql: &str, rows: u64) {
    let url = format!("sqlite://{}", db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let done = sqlx::query(sql).execute(&mut conn).await.unwrap();
    assert_eq!(done.rows_affected(), rows, "{sql}");
    conn.close().await.unwrap();
}

pub async fn tamper(db: &std::path::Path, sql: &str) {
    tamper_rows(db, sql, 1).await;
}

/// SQL for the sequence number of the one event recording `action` on `object`: the tests
/// name the event they tamper with rather than its number, which moves whenever seeding
/// records more (or fewer) events.
pub fn seq_of(object: &str, action: &str) -> String {
    format!("(SELECT seq FROM audit_events WHERE object = '{object}' AND action = '{action}')")
}

pub async fn app_with_history() -> crate::support::TestApp {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let out = app
        .run(
            "/ticket open dept:it title:\"Printer down\"\n\
             @alice /ticket claim id:IT-1\n\
             @alice /ticket resolve id:IT-1 resolution:\"Fixed\"\n\
             @admin /audit verify",
        )
        .await;
    // 19 seed events (5 departments, 9 members, 5 default digest subscriptions) and 3 ticket
    // events.
    assert_line(&out, "[reply]", "Audit trail intact: 22 events verified.");
    app
}

/// The history above, sealed by hand: seal #1 covers event #22, its own event is #23.
/// Returns the seal as the audit channel shows it (`<seq>:<hash>`).
pub async fn sealed_history() -> (crate::support::TestApp, String) {
    let mut app = app_with_history().await;
    let out = app.run("@admin /audit seal").await;
    assert_line(
        &out,
        "[reply]",
        "Sealed the audit trail at event #22 (seal #1) and posted it to #audit.",
    );
    let post = out
        .iter()
        .find(|l| l.starts_with("[#audit] 🔏 Audit seal #1"))
        .unwrap_or_else(|| panic!("no seal posted in:\n{}", out.join("\n")));
    let token = post
        .split("/audit verify seal:")
        .nth(1)
        .unwrap()
        .trim_end_matches('`')
        .to_string();
    assert!(token.starts_with("22:"), "{token}");
    (app, token)
}

/// Every event of the trail, in order, as stored.
async fn read_events(conn: &mut sqlx::SqliteConnection) -> Vec<Event> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, object, action, before, after, prev_hash, hash
         FROM audit_events ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    rows.iter()
        .map(|r| Event {
            seq: r.get("seq"),
            at: chrono::DateTime::from_timestamp(r.get("at"), 0).unwrap(),
            actor: r.get("actor"),
            object: r.get("object"),
            action: r.get("action"),
            before: r.get("before"),
            after: r.get("after"),
            prev_hash: r.get("prev_hash"),
            hash: r.get("hash"),
        })
        .collect()
}

/// What someone with the database and the source can do: edit an event, then recompute
/// every link and hash after it, so that the chain verifies again.
async fn rewrite_chain(db: &std::path::Path, edit: impl Fn(&mut Event)) {
    let mut conn = crate::support::connect(db).await;
    let mut events = read_events(&mut conn).await;
    let mut prev = opsdesk::core::audit::GENESIS.to_string();
    for event in &mut events {
        edit(event);
        event.prev_hash = prev;
        event.hash = digest(event);
        prev = event.hash.clone();
        sqlx::query(
            "UPDATE audit_events SET actor = ?, after = ?, prev_hash = ?, hash = ? WHERE seq = ?",
        )
        .bind(&event.actor)
        .bind(&event.after)
        .bind(&event.prev_hash)
        .bind(&event.hash)
        .bind(event.seq)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();
}

/// Appends a forged event after the head, linked and hashed as opsdesk would.
pub async fn append_forged(db: &std::path::Path, object: &str, action: &str, after: &str) {
    let mut conn = crate::support::connect(db).await;
    let head = read_events(&mut conn).await.pop().unwrap();
    let mut forged = Event {
        seq: head.seq + 1,
        at: head.at,
        actor: "alice".into(),
        object: object.into(),
        action: action.into(),
        before: "{}".into(),
        after: after.into(),
        prev_hash: head.hash,
        hash: String::new(),
    };
    forged.hash = digest(&forged);
    sqlx::query("INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(forged.seq)
        .bind(forged.at.timestamp())
        .bind(&forged.actor)
        .bind(&forged.object)
        .bind(&forged.action)
        .bind(&forged.before)
        .bind(&forged.after)
        .bind(&forged.prev_hash)
        .bind(&forged.hash)
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn an_edited_event_is_named_as_the_first_bad_one() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        &format!(
            r#"UPDATE audit_events SET after = '{{"assignee":"mallory"}}' WHERE seq = {}"#,
            seq_of("IT-1", "ticket.claim")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21 (IT-1, ticket.claim)");
    assert_line(&out, "[reply]", "no longer matches its hash");
}

#[tokio::test]
async fn a_deleted_event_is_named_by_the_gap() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        &format!(
            "DELETE FROM audit_events WHERE seq = {}",
            seq_of("IT-1", "ticket.open")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21");
    assert_line(&out, "[reply]", "event #20 is missing");
}

#[tokio::test]
async fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        &format!(
            "UPDATE audit_events SET actor = 'bob', hash = 'f00d' WHERE seq = {}",
            seq_of("IT-1", "ticket.claim")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21");
}

#[tokio::test]
async fn verifying_and_sealing_are_for_directors_and_admins() {
    let mut app = app_with_history().await;
    for line in ["@alice /audit verify", "@alice /audit seal"] {
        let out = app.run(line).await;
        assert_line(
            &out,
            "[error]",
            "Only directors and admins can do that; you are agent.",
        );
    }
}

#[tokio::test]
async fn a_sealed_trail_verifies_up_to_its_seal_and_against_the_posted_copy() {
    let (mut app, token) = sealed_history().await;
    let out = app
        .run(&format!(
            "@frank /ticket reopen id:IT-1\n@admin /audit verify seal:{token}"
        ))
        .await;
    assert_line(&out, "[reply]", "Audit trail intact: 24 events verified.");
    assert_line(
        &out,
        "[reply]",
        &format!(
            "Intact up to seal #1: event #22, hash {}. One event since, not sealed yet.",
            token.split_once(':').unwrap().1
        ),
    );
    assert_line(&out, "[reply]", "It matches the seal you gave: event #22");
    let out = app.run("@admin /audit show id:audit").await;
    assert_line(
        &out,
        "[reply]",
        "#23 · 2026-12-07 10:00 EET · admin · audit.seal · hash: ",
    );
}

// Issue #12, 5: deleting the newest events.

#[tokio::test]
async fn deleting_the_newest_event_removes_the_seals_own_event_and_is_caught() {
    let (mut app, _) = sealed_history().await;
    tamper(
        &app.db,
        &format!(
            "DELETE FROM audit_events WHERE seq = {}",
            seq_of("audit", "audit.seal")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match seal #1: event #23, which recorded that seal, is missing or replaced. The newest events were deleted.",
    );
}

#[tokio::test]
async fn deleting_the_newest_three_events_is_caught_by_the_seal() {
    let (mut app, _) = sealed_history().await;
    tamper_rows(
        &app.db,
        &format!(
            "DELETE FROM audit_events WHERE seq >= {}",
            seq_of("IT-1", "ticket.claim")
        ),
        3,
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match seal #1: it covers event #22, but the trail ends at event #20. The newest events were deleted.",
    );
}

#[tokio::test]
async fn deleting_every_event_is_caught_by_the_seal() {
    let (mut app, _) = sealed_history().await;
    tamper_rows(&app.db, "DELETE FROM audit_events", 23).await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match seal #1: it covers event #22, but the trail has no events.",
    );
}

#[tokio::test]
async fn deleting_events_and_seals_together_is_caught_only_by_the_posted_seal() {
    let (mut app, token) = sealed_history().await;
    tamper(&app.db, "DELETE FROM audit_seals").await;
    tamper_rows(
        &app.db,
        &format!(
            "DELETE FROM audit_events WHERE seq >= {}",
            seq_of("IT-1", "ticket.claim")
        ),
        3,
    )
    .await;
    // The database alone now tells a consistent story…
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "Audit trail intact: 20 events verified.");
    assert_line(&out, "[reply]", "The trail has no seal yet");
    // …which the copy posted in the audit channel gives away.
    let out = app.run(&format!("@admin /audit verify seal:{token}")).await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match the seal you gave: it covers event #22, but the trail ends at event #20.",
    );
}

#[tokio::test]
async fn deleting_the_seal_but_not_its_event_is_caught() {
    let (mut app, _) = sealed_history().await;
    tamper(&app.db, "DELETE FROM audit_seals").await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "event #23 records seal #1, which the seals table lacks or holds differently",
    );
}

// Issue #12, 5: events numbered 0 or below.

#[tokio::test]
async fn events_numbered_zero_or_below_are_named() {
    for seq in [0, -1] {
        let mut app = app_with_history().await;
        tamper(
            &app.db,
            &format!(
                "INSERT INTO audit_events SELECT {seq}, at, actor, object, action, before, after, prev_hash, hash FROM audit_events WHERE object = 'IT-1' AND action = 'ticket.claim'"
            ),
        )
        .await;
        let out = app.run("@admin /audit verify").await;
        assert_line(
            &out,
            "[reply]",
            &format!("BROKEN at event #{seq} (IT-1, ticket.claim): it is numbered below 1, where the trail starts (inserted). 0 events before it verified."),
        );
        // `/audit show` lists it: the same rows, seen the same way.
        let out = app.run("@admin /audit show id:IT-1").await;
        assert_line(&out, "[reply]", &format!("#{seq} · "));
    }
}

// Issue #12, 5: an appended forged event, and a recomputed chain.

#[tokio::test]
async fn a_recomputed_chain_is_caught_by_the_seal() {
    let (mut app, _) = sealed_history().await;
    rewrite_chain(&app.db, |e| {
        if e.object == "IT-1" && e.action == "ticket.claim" {
            e.actor = "bob".into();
        }
    })
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match seal #1: event #22 should have hash ",
    );
    assert_line(&out, "[reply]", "The trail was rewritten up to that event.");
}

#[tokio::test]
async fn a_recomputed_chain_with_its_seals_rewritten_is_caught_by_the_posted_seal() {
    let (mut app, token) = sealed_history().await;
    tamper(&app.db, "DELETE FROM audit_seals").await;
    tamper(
        &app.db,
        &format!(
            "DELETE FROM audit_events WHERE seq = {}",
            seq_of("audit", "audit.seal")
        ),
    )
    .await;
    rewrite_chain(&app.db, |e| {
        if e.object == "IT-1" && e.action == "ticket.claim" {
            e.actor = "bob".into();
        }
    })
    .await;
    let out = app.run(&format!("@admin /audit verify seal:{token}")).await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail does NOT match the seal you gave: event #22 should have hash ",
    );
}

#[tokio::test]
async fn a_forged_event_appended_with_a_correct_hash_is_caught_by_deep_verify() {
    let (mut app, _) = sealed_history().await;
    append_forged(&app.db, "IT-1", "ticket.close", r#"{"status":"closed"}"#).await;
    let out = app.run("@admin /audit verify deep:true").await;
    assert_line(&out, "[reply]", "Intact up to seal #1: event #22");
    assert_line(
        &out,
        "[reply]",
        "Deep check: IT-1 differs from its history: status is “resolved” in the data but “closed” in the trail (event #24).",
    );
}

// Issue #12, 5 (c): a damaged row is named, not "something went wrong".

#[tokio::test]
async fn a_row_with_a_change_that_is_not_json_is_named() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        &format!(
            "UPDATE audit_events SET after = '{{\"assignee\":' WHERE seq = {}",
            seq_of("IT-1", "ticket.claim")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail BROKEN at event #21 (IT-1, ticket.claim): its `after` cannot be read (damaged). 20 events before it verified.",
    );
}

#[tokio::test]
async fn a_row_with_a_time_that_is_not_one_is_named() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        &format!(
            "UPDATE audit_events SET at = 'yesterday' WHERE seq = {}",
            seq_of("IT-1", "ticket.claim")
        ),
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(
        &out,
        "[reply]",
        "Audit trail BROKEN at event #21: its `at` cannot be read (damaged). 20 events before it verified.",
    );
}
