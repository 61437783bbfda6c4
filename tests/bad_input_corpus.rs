//! Issue #12, proof: the bad-input corpus (`tests/bad_input_corpus.txt`). Every line is typed,
//! in order, into one console on the demo organisation; each must be refused with an error
//! naming the option, value or word the corpus gives, and must leave every table unchanged —
//! no table is exempt: a refusal writes nothing, not even a processed-event key.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::{Connection, Row};

use crate::support::{connect, spawn_app, MONDAY_10AM};

const CORPUS: &str = include_str!("bad_input_corpus.txt");

/// Objects for the bad lines to point at: a ticket in each language, a task, a request
/// waiting on @bob, an escalation and a digest subscription.
const SEED: &[&str] = &[
    "@frank /ticket open dept:it title:\"Printer down\"",
    "@dan /tichet deschide dept:acc titlu:\"Factură lipsă\"",
    "@bob /task assign user:@alice title:\"Check backups\" due:tomorrow",
    "@alice /approval request kind:purchase title:\"Headsets\" amount:\"€450\" dept:it",
    "@alice /escalate ticket:IT-1 reason:\"Customer waiting\"",
    "@bob /digest subscribe schedule:\"daily 09:00\"",
];

/// One corpus line: who types what, and the word the refusal must contain.
struct Case<'a> {
    number: usize,
    who: &'a str,
    line: &'a str,
    word: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let mut fields = l.splitn(3, " | ");
            let (Some(who), Some(line), Some(word)) = (fields.next(), fields.next(), fields.next())
            else {
                panic!("corpus line {} is not `who | line | word`: {l}", i + 1);
            };
            Case {
                number: i + 1,
                who: who.trim(),
                line: line.trim(),
                word: word.trim(),
            }
        })
        .collect()
}

/// Every row of every table, each rendered by SQLite's `quote()`, sorted.
async fn dump(db: &Path) -> BTreeMap<String, Vec<String>> {
    let mut conn = connect(db).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut rows = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ' | ' || ");
        let mut lines: Vec<String> = sqlx::query(&format!("SELECT {row} FROM \"{table}\""))
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        lines.sort();
        rows.insert(table, lines);
    }
    conn.close().await.unwrap();
    rows
}

/// What changed between two dumps, table by table.
fn changes(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) -> String {
    let mut out = String::new();
    for (table, rows) in after {
        let old = before.get(table).map(Vec::as_slice).unwrap_or_default();
        for row in rows.iter().filter(|r| !old.contains(r)) {
            out.push_str(&format!("\n  + {table}: {row}"));
        }
        for row in old.iter().filter(|r| !rows.contains(r)) {
            out.push_str(&format!("\n  - {table}: {row}"));
        }
    }
    out
}

#[tokio::test]
async fn every_bad_line_is_refused_by_name_and_changes_no_table() {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    for line in SEED {
        let out = app.run(line).await;
        assert!(
            !out.iter().any(|l| l.starts_with("[error]")),
            "seed `{line}`: {out:?}"
        );
    }
    let cases = cases();
    let mut failures = Vec::new();
    let mut before = dump(&app.db).await;
    for case in &cases {
        let out = app.run(&format!("@{} {}", case.who, case.line)).await;
        let errors: Vec<&String> = out.iter().filter(|l| l.starts_with("[error]")).collect();
        let named = errors
            .iter()
            .any(|l| l.to_lowercase().contains(&case.word.to_lowercase()));
        let after = dump(&app.db).await;
        let changed = changes(&before, &after);
        if errors.is_empty() || !named || !changed.is_empty() {
            failures.push(format!(
                "line {}: @{} {}\n  must name `{}`; printed:\n  {}{}",
                case.number,
                case.who,
                case.line,
                case.word,
                out.join("\n  "),
                if changed.is_empty() {
                    String::new()
                } else {
                    format!("\n  tables changed:{changed}")
                },
            ));
        }
        before = after;
    }
    println!(
        "bad-input corpus: {} lines ran, {} failed",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
