//! CSV exports read back as an auditor or a spreadsheet would (issue #15): the audit export
//! recomputes into the same chain without opsdesk, a manager's export holds only their
//! department, and people's text cannot turn into a formula.

use sha2::{Digest, Sha256};

use crate::support::{connect, spawn_app, TestApp, MONDAY_10AM};

/// Runs `line` and reads the CSV file its reply attached.
async fn export(app: &mut TestApp, line: &str) -> Vec<u8> {
    let out = app.run(line).await;
    let saved = out
        .iter()
        .find_map(|l| l.split_once(" saved to ").map(|(_, path)| path.to_string()))
        .unwrap_or_else(|| panic!("no attachment for {line}: {out:#?}"));
    std::fs::read(saved).unwrap()
}

fn rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader.records().map(Result::unwrap).collect()
}

/// The README's recipe: SHA-256 over each hashed field, each preceded by its length in bytes
/// as 8 big-endian bytes, in this order.
fn recompute(row: &csv::StringRecord) -> String {
    let mut h = Sha256::new();
    for column in [0, 1, 4, 5, 6, 7, 8, 9] {
        let field = row[column].as_bytes();
        h.update((field.len() as u64).to_be_bytes());
        h.update(field);
    }
    hex::encode(h.finalize())
}

async fn app_with_history() -> TestApp {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    app.run(
        "/ticket open dept:it title:\"Imprimanta de la etajul 2, \\\"Xerox\\\"\"\n\
         @alice /ticket claim id:IT-1\n\
         @alice /ticket comment id:IT-1 text:\"Am schimbat tonerul; tava, curățată\" internal:true\n\
         @alice /ticket resolve id:IT-1 resolution:\"=Fixed, see T-1\"\n\
         /ticket open dept:acc title:\"Factură dublă\"",
    )
    .await;
    app
}

#[tokio::test]
async fn an_auditor_recomputes_the_chain_from_the_audit_export() {
    let mut app = app_with_history().await;
    let bytes = export(&mut app, "@admin /export what:audit bom:true").await;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the BOM asked for");
    let events = rows(&bytes);
    assert!(events.len() > 10, "{} events", events.len());
    let mut prev = "0".repeat(64);
    for (i, row) in events.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string(), "gapless from 1");
        assert_eq!(row[9], prev, "event {} links to the one before", &row[0]);
        assert_eq!(recompute(row), row[10], "event {}", &row[0]);
        prev = row[10].to_string();
    }
    // The newest hash is the stored head.
    let mut db = connect(&app.db).await;
    let head: String =
        sqlx::query_scalar("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(prev, head);
    // A diacritic survives, and an edited field no longer recomputes.
    let comment = events.iter().find(|r| r[8].contains("curățată")).unwrap();
    let mut forged: Vec<String> = comment.iter().map(str::to_string).collect();
    forged[8] = forged[8].replace("tonerul", "cartușul");
    assert_ne!(recompute(&csv::StringRecord::from(forged)), comment[10]);
}

#[tokio::test]
async fn a_ranged_audit_export_links_to_the_event_before_it() {
    let mut app = app_with_history().await;
    app.run(":advance 1d\n@alice /ticket claim id:ACC-1\n@bob /ticket comment id:IT-1 text:\"Mulțumim\"")
        .await;
    let whole = rows(&export(&mut app, "@admin /export what:audit").await);
    let day = rows(
        &export(
            &mut app,
            "@admin /export what:audit from:2026-12-08 to:2026-12-08",
        )
        .await,
    );
    let first = &day[0];
    let before = whole.iter().position(|r| r[0] == first[0]).unwrap();
    assert!(before > 0, "the first day is left out");
    assert!(day.iter().all(|r| r[2].starts_with("2026-12-08")));
    assert_eq!(first[9], whole[before - 1][10]);
    assert!(day.iter().all(|r| recompute(r) == r[10]));
}

#[tokio::test]
async fn a_managers_ticket_export_holds_only_their_department_with_text_kept_from_formulas() {
    let mut app = app_with_history().await;
    let tickets = rows(&export(&mut app, "@bob /export what:tickets").await);
    assert_eq!(tickets.len(), 1, "IT only");
    let it = &tickets[0];
    assert_eq!((&it[0], &it[1]), ("IT-1", "it"));
    assert_eq!(&it[2], "Imprimanta de la etajul 2, \"Xerox\"");
    assert_eq!(&it[4], "resolved");
    assert_eq!(&it[14], "'=Fixed, see T-1", "a formula is quoted");
    assert_eq!(&it[8], "2026-12-07T08:00:00Z");
    assert_eq!(&it[9], "2026-12-07 10:00 EET");
    let all = rows(&export(&mut app, "@maria /exporta ce:tichete").await);
    assert_eq!(all.len(), 2);
    let acc = all.iter().find(|r| &r[0] == "ACC-1").unwrap();
    assert_eq!(&acc[2], "Factură dublă");
}
