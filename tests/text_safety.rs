//! Long texts, control characters and pings: refused or shown harmlessly, never half-stored.

use opsdesk::adapters::console::format_outbound;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::service::Caller;

use crate::support::{assert_line, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn details_up_to_4000_characters_are_kept_and_longer_ones_refused_without_a_trace() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let longest = "d".repeat(4000);
    let out = app
        .run(&format!(
            "/ticket open dept:it title:ok details:\"{longest}\""
        ))
        .await;
    assert_line(&out, "[reply]", "Opened IT-1");

    let over = "d".repeat(4001);
    let out = app
        .run(&format!("/ticket open dept:it title:ok details:\"{over}\""))
        .await;
    assert_line(&out, "[error]", "4001 characters");
    assert_line(&out, "[error]", "at most 4000 are allowed");
    let out = app.run("/ticket list").await;
    assert!(!out.iter().any(|l| l.contains("IT-2")), "{out:?}");
    let out = app.run("@admin /audit verify").await;
    assert_line(&out, "[reply]", "Audit trail intact: 20 events verified.");
}

#[tokio::test]
async fn control_characters_are_stored_but_printed_escaped() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let out = app
        .run("/ticket open dept:it title:\"bell\u{7} and \u{1b}[2J clear\"")
        .await;
    assert_line(&out, "[reply]", r"bell\u{7} and \u{1b}[2J clear");
    assert!(
        out.iter().all(|l| !l.chars().any(|c| c.is_control())),
        "{out:?}"
    );
}

#[tokio::test]
async fn text_with_newlines_from_chat_keeps_the_target_on_every_printed_line() {
    // Discord can deliver newlines inside an option value; the console never can.
    let app = spawn_app(MONDAY_10AM, "frank").await;
    let frank = Caller::new(Handle::parse("frank").unwrap());
    let now = MONDAY_10AM.parse().unwrap();
    let opened = app
        .service
        .execute_line(
            &frank,
            "/ticket open dept:it title:\"two\nlines\" details:\"line 1\nline 2\"",
            now,
        )
        .await;
    let shown = app
        .service
        .execute_line(&frank, "/ticket show IT-1", now)
        .await;
    let lines: Vec<String> = opened
        .messages()
        .iter()
        .chain(shown.messages())
        .flat_map(format_outbound)
        .collect();
    assert!(
        lines.iter().any(|l| l == "[reply] IT-1 · two lines"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "[reply]   line 2"), "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("[reply]") || l.starts_with("[#it]")),
        "{lines:?}"
    );
}
