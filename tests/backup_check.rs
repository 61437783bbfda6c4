//! `opsdesk backup` and `opsdesk check`, as an operator runs them beside the bot.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Output, Stdio};

use sqlx::{Connection, Executor};

use crate::audit_tamper::{app_with_history, sealed_history, seq_of, tamper, tamper_rows};
use crate::support::{connect, opsdesk, MONDAY_10AM};

fn run(dir: &Path, args: &[&str]) -> Output {
    opsdesk(dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts a console on `db` that opens a ticket and keeps running (its input stays open)
/// until the returned child's stdin is closed.
fn running_console(dir: &Path, db: &Path) -> std::process::Child {
    let mut child = opsdesk(dir)
        .args(["console", "--now", MONDAY_10AM, "--db"])
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.as_mut().unwrap();
    stdin
        .write_all(b"@frank /ticket open dept:it title:\"Printer down\"\n")
        .unwrap();
    stdin.flush().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let opened = lines.any(|l| l.unwrap().starts_with("[reply] Opened IT-1"));
    assert!(opened, "the console did not open the ticket");
    child
}

#[test]
fn a_backup_taken_while_a_console_runs_opens_and_passes_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opsdesk.db");
    let mut console = running_console(dir.path(), &db);
    let out = run(dir.path(), &["check", "--db", "opsdesk.db"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let out = run(dir.path(), &["backup", "--db", "opsdesk.db", "copy.db"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Backed up opsdesk.db to copy.db"),
        "{}",
        text(&out.stdout)
    );
    let out = run(dir.path(), &["check", "--db", "copy.db"]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}{}", text(&out.stderr));
    assert!(report.contains("Pages and indexes: sound."), "{report}");
    // 19 seeding events (5 departments, 9 members, 5 default digest subscriptions) and the
    // ticket opened while the console still runs.
    assert!(
        report.contains("Audit trail intact: 20 events verified."),
        "{report}"
    );
    assert!(report.contains("All well."), "{report}");

    drop(console.stdin.take());
    assert!(console.wait().unwrap().success());
}

#[test]
fn a_backup_is_refused_with_nothing_written_for_a_missing_folder_the_database_or_a_taken_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opsdesk.db");
    let console = run(
        dir.path(),
        &["console", "--now", MONDAY_10AM, "--db", "opsdesk.db"],
    );
    assert!(console.status.success());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("taken.db"), "keep me").unwrap();
    let before = std::fs::read(&db).unwrap();

    let cases = [
        (
            "no-such-folder/copy.db",
            "Cannot back up to no-such-folder/copy.db: the folder no-such-folder does not exist.",
        ),
        (
            "sub/../opsdesk.db",
            "Cannot back up to sub/../opsdesk.db: that is the database itself.",
        ),
        (
            "taken.db",
            "Cannot back up to taken.db: something with that name already exists",
        ),
    ];
    for (target, message) in cases {
        let out = run(dir.path(), &["backup", "--db", "opsdesk.db", target]);
        assert!(!out.status.success(), "{target} was accepted");
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
    assert!(!dir.path().join("no-such-folder").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.db")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
}

#[test]
fn a_backup_of_a_missing_database_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["backup", "--db", "gone.db", "copy.db"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("There is no database at gone.db."),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("gone.db").exists());
    assert!(!dir.path().join("copy.db").exists());
}

#[tokio::test]
async fn check_names_the_first_tampered_audit_event_and_exits_one() {
    let app = app_with_history().await;
    app.service.close().await.unwrap();
    tamper(
        &app.db,
        &format!(
            r#"UPDATE audit_events SET after = '{{"assignee":"mallory"}}' WHERE seq = {}"#,
            seq_of("IT-1", "ticket.claim")
        ),
    )
    .await;
    let dir = app.db.parent().unwrap();
    let out = run(dir, &["check", "--db", app.db.to_str().unwrap()]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("Pages and indexes: sound."), "{report}");
    assert!(
        report.contains("Audit trail BROKEN at event #21 (IT-1, ticket.claim)"),
        "{report}"
    );
    assert!(report.contains("Problems found."), "{report}");
}

#[tokio::test]
async fn check_compares_the_data_with_its_history_and_exits_one() {
    let app = app_with_history().await;
    app.service.close().await.unwrap();
    tamper(
        &app.db,
        "UPDATE tickets SET status = 'closed' WHERE id = 'IT-1'",
    )
    .await;
    let dir = app.db.parent().unwrap();
    let out = run(dir, &["check", "--db", app.db.to_str().unwrap()]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("Audit trail intact: 22 events verified."),
        "{report}"
    );
    assert!(
        report.contains("Deep check: IT-1 differs from its history: status is “closed” in the data but “resolved” in the trail (event #22)."),
        "{report}"
    );
    assert!(report.contains("Problems found."), "{report}");
}

#[tokio::test]
async fn check_compares_the_chain_with_a_posted_seal() {
    let (app, token) = sealed_history().await;
    app.service.close().await.unwrap();
    let dir = app.db.parent().unwrap();
    let db = app.db.to_str().unwrap();
    let out = run(dir, &["check", "--db", db, "--seal", &token]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("It matches the seal you gave: event #22"),
        "{report}"
    );
    assert!(
        report.contains("Deep check: one ticket, task or request agrees with its history."),
        "{report}"
    );

    // Events and seals deleted together: only the posted copy tells.
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
    let out = run(dir, &["check", "--db", db, "--seal", &token]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("Audit trail does NOT match the seal you gave: it covers event #22, but the trail ends at event #20."),
        "{report}"
    );

    let out = run(dir, &["check", "--db", db, "--seal", "17:nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`17:nope` is not a seal"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn check_refuses_what_is_not_an_opsdesk_database_and_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.txt"),
        "not a database at all\n".repeat(50),
    )
    .unwrap();
    let other = dir.path().join("other.db");
    let mut conn = connect(&other).await;
    conn.execute("CREATE TABLE recipes (name TEXT)")
        .await
        .unwrap();
    conn.close().await.unwrap();
    let other_before = std::fs::read(&other).unwrap();

    let cases = [
        ("notes.txt", "notes.txt is not a SQLite database"),
        (
            "other.db",
            "other.db is a SQLite database, but not an opsdesk one",
        ),
        ("missing.db", "There is no database at missing.db."),
    ];
    for (file, message) in cases {
        let out = run(dir.path(), &["check", "--db", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
    assert!(
        !dir.path().join("missing.db").exists(),
        "check created a database"
    );
    assert_eq!(
        std::fs::read(&other).unwrap(),
        other_before,
        "check changed other.db"
    );
}
