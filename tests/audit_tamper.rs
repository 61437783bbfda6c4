//! `/audit verify` against a database file edited behind opsdesk's back.

use sqlx::Connection;

use crate::support::{assert_line, spawn_app, MONDAY_10AM};

async fn tamper(db: &std::path::Path, sql: &str) {
    let url = format!("sqlite://{}", db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let done = sqlx::query(sql).execute(&mut conn).await.unwrap();
    assert_eq!(done.rows_affected(), 1, "{sql}");
    conn.close().await.unwrap();
}

async fn app_with_history() -> crate::support::TestApp {
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

#[tokio::test]
async fn an_edited_event_is_named_as_the_first_bad_one() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        r#"UPDATE audit_events SET after = '{"assignee":"mallory"}' WHERE seq = 21"#,
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21 (IT-1, ticket.claim)");
    assert_line(&out, "[reply]", "no longer matches its hash");
}

#[tokio::test]
async fn a_deleted_event_is_named_by_the_gap() {
    let mut app = app_with_history().await;
    tamper(&app.db, "DELETE FROM audit_events WHERE seq = 20").await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21");
    assert_line(&out, "[reply]", "event #20 is missing");
}

#[tokio::test]
async fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let mut app = app_with_history().await;
    tamper(
        &app.db,
        "UPDATE audit_events SET actor = 'bob', hash = 'f00d' WHERE seq = 21",
    )
    .await;
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "BROKEN at event #21");
}

#[tokio::test]
async fn verifying_is_for_directors_and_admins() {
    let mut app = app_with_history().await;
    let out = app.run("@alice /audit verify").await;
    assert_line(
        &out,
        "[error]",
        "Only directors and admins can do that; you are agent.",
    );
}
