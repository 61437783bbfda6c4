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

/// Issue #12, part 6: `invoice` U+202E `fdp.exe` must not read as `invoiceexe.pdf` anywhere it is shown.
#[tokio::test]
async fn bidi_controls_are_shown_written_out_in_replies_cards_and_lists() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let out = app
        .run(
            "/ticket open dept:it title:\"invoice\u{202E}fdp.exe\" details:\"see \u{2067}x\u{2069}\"\n\
             /ticket show IT-1\n\
             /ticket list",
        )
        .await;
    assert_line(&out, "[reply]", r"Opened IT-1 · invoice\u{202e}fdp.exe");
    assert_line(&out, "[#it]", r"IT-1 · invoice\u{202e}fdp.exe");
    assert_line(&out, "[reply]", r"see \u{2067}x\u{2069}");
    let bidi = [
        '\u{202A}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2069}', '\u{200E}',
    ];
    assert!(
        out.iter().all(|l| !l.contains(bidi)),
        "a bidi control reached the screen: {out:?}"
    );
}

#[tokio::test]
async fn a_title_or_reason_with_nothing_visible_is_refused_naming_the_field() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let out = app
        .run("/ticket open dept:it title:\"\u{200B}\u{202E}\u{FEFF}\"")
        .await;
    assert_line(&out, "[error]", "Option `title` has no visible character");
    let out = app.run("/ticket list").await;
    assert!(!out.iter().any(|l| l.contains("IT-1")), "{out:?}");

    let out = app
        .run("/ticket open dept:it title:Printer\n@bob /ticket wait IT-1 reason:\"\u{200B} \u{2060}\"")
        .await;
    assert_line(&out, "[error]", "Option `reason` has no visible character");

    let out = app
        .run("@dan /ticket open dept:it title:\"\u{200B}\"")
        .await;
    // A Romanian reader is told of the option by the name they type.
    assert_line(
        &out,
        "[error]",
        "Opțiunea `titlu` nu are niciun caracter vizibil",
    );
}
