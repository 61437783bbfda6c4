//! A changed `opsdesk.toml` at start (issue #12, part 10): by default the file owns the
//! departments, so what it changed is applied as audited changes by the system; with
//! `config_owns = false` the database keeps its values and each difference is warned about.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use crate::support::{opsdesk, MONDAY_10AM};

/// A two-department organisation (the default approval policies name `it` and `acc`); IT's
/// hours and the organisation's ownership vary.
fn config(it_hours: &str, extra: &str) -> String {
    format!(
        r#"
[organisation]
public_holidays = "ro"
{extra}

[[department]]
key = "it"
name = "IT"
hours = "{it_hours}"

[[department]]
key = "acc"
name = "Accounting"

[[member]]
handle = "admin"
role = "admin"
"#
    )
}

/// Runs a console on `db` with the configuration `text`; returns its output and its log.
fn start(dir: &Path, db: &Path, text: &str, input: &str) -> (String, String) {
    let file = dir.join("opsdesk.toml");
    std::fs::write(&file, text).unwrap();
    let mut child = opsdesk(dir)
        .args(["console", "--as", "admin", "--now", MONDAY_10AM, "--db"])
        .arg(db)
        .arg("--config")
        .arg(&file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn hours_changed_in_the_file_are_applied_at_start_as_an_audited_change_by_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opsdesk.db");
    start(dir.path(), &db, &config("mon-fri 09:00-17:00", ""), "");
    let (out, log) = start(
        dir.path(),
        &db,
        &config("mon-fri 08:00-16:00", ""),
        "/dept list\n/audit show id:dept:it\n",
    );
    assert!(out.contains("it — IT · #it · mon-fri 08:00-16:00"), "{out}");
    assert!(
        out.contains(
            "system:config · dept.update · hours: mon-fri 09:00-17:00 → mon-fri 08:00-16:00"
        ),
        "{out}"
    );
    assert!(!log.contains("WARN"), "{log}");
    // Unchanged departments are not touched: Accounting has no update event.
    let (out, _) = start(
        dir.path(),
        &db,
        &config("mon-fri 08:00-16:00", ""),
        "/audit show id:dept:acc\n",
    );
    assert!(!out.contains("dept.update"), "{out}");
}

#[test]
fn with_config_owns_false_the_database_is_kept_and_each_difference_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opsdesk.db");
    start(dir.path(), &db, &config("mon-fri 09:00-17:00", ""), "");
    let changed = config(
        "mon-fri 08:00-16:00",
        "config_owns = false\nholidays = [\"2026-12-24\"]",
    )
    .replace("name = \"Accounting\"", "name = \"Books\"");
    let (out, log) = start(dir.path(), &db, &changed, "/dept list\n");
    assert!(out.contains("it — IT · #it · mon-fri 09:00-17:00"), "{out}");
    assert!(out.contains("acc — Accounting · #acc"), "{out}");
    for named in [
        "department `it`: hours is `mon-fri 08:00-16:00` in the configuration file but `mon-fri 09:00-17:00` in the database",
        "department `it`: holidays is `2026-12-24` in the configuration file but `—` in the database",
        "department `acc`: name is `Books` in the configuration file but `Accounting` in the database",
        "department `acc`: holidays is `2026-12-24`",
    ] {
        assert!(log.contains(named), "{named} not in:\n{log}");
    }
}
