//! The `opsdesk` binary itself, as a user runs it.

use std::io::Write;
use std::process::{Command, Stdio};

fn console(args: &[&str], input: &str) -> (bool, String, String) {
    console_bytes(args, input.as_bytes())
}

/// The console fed `input` as it is, valid UTF-8 or not.
fn console_bytes(args: &[&str], input: &[u8]) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let args = [&["--db", db.to_str().unwrap()], args].concat();
    console_in(dir.path(), &args, input)
}

/// The console run in `dir` with `args`, fed `input`.
fn console_in(dir: &std::path::Path, args: &[&str], input: &[u8]) -> (bool, String, String) {
    let mut child = crate::support::opsdesk(dir)
        .arg("console")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_piped_scenario_prints_replies_and_notices_and_exits_zero() {
    let input = "@frank /ticket open dept:it title:\"Printer down\" priority:urgent\n\
                 :advance 25m\n\
                 :advance 10m\n\
                 /audit verify\n";
    let (ok, stdout, stderr) = console(&["--now", "2026-12-07T08:00:00Z"], input);
    assert!(ok, "exit status; stderr: {stderr}");
    let expected = [
        "> @frank /ticket open dept:it title:\"Printer down\" priority:urgent",
        "[reply] Opened IT-1 · Printer down · priority urgent. First response due 2026-12-07 10:30 EET (in 30m).",
        "[#it] New ticket from @frank:",
        "[#it] IT-1 · Printer down",
        "[#it]   [Claim] [Resolve] ✋",
        "[#it › IT-1] ⚠ IT-1: First response due 2026-12-07 10:30 EET (in 6m) · unassigned · Printer down",
        "[clock] 2026-12-07T08:25:00Z (2026-12-07 10:25 EET)",
        "[#it] ⛔ SLA breached on IT-1: First response was due 2026-12-07 10:30 EET · unassigned · Printer down",
        "[#it › IT-1] 🔺 Escalation by opsdesk (nobody acted in time) about IT-1: Printer down",
        // 19 seed events (5 departments, 9 members, 5 default digest subscriptions), then IT-1
        // opened, warned about, escalated (E-1 raised and its level set) and breached.
        "[reply] Audit trail intact: 24 events verified.",
    ];
    for line in expected {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing `{line}` in:\n{stdout}"
        );
    }
}

#[test]
fn an_unknown_member_for_as_is_refused_before_starting() {
    let (ok, _, stderr) = console(&["--as", "ghost"], "");
    assert!(!ok);
    assert!(stderr.contains("no member @ghost"), "{stderr}");
}

#[test]
fn a_malformed_now_is_refused_by_the_argument_parser() {
    let (ok, _, stderr) = console(&["--now", "monday"], "");
    assert!(!ok);
    assert!(stderr.contains("--now"), "{stderr}");
}

#[test]
fn the_environment_gives_what_flags_do_and_bad_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    let run = |vars: &[(&str, &str)]| {
        Command::new(env!("CARGO_BIN_EXE_opsdesk"))
            .arg("console")
            .env_remove("OPSDESK_CONFIG")
            .env_remove("OPSDESK_DB")
            .envs(vars.iter().copied())
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let ok = run(&[("OPSDESK_DB", db.to_str().unwrap())]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(db.exists(), "OPSDESK_DB was not used");
    let bad = run(&[("OPSDESK_TIMEZONE", "Mars/Base")]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("--timezone") && stderr.contains("Mars/Base"),
        "{stderr}"
    );
}

/// Issue #12, part 7: one bad byte once ended the whole run.
#[test]
fn a_line_that_is_not_utf8_is_refused_and_the_run_goes_on() {
    let mut input = b"@frank /ticket open dept:it title:ok\n".to_vec();
    input.extend_from_slice(b"@frank /ticket open dept:it title:caf\xe9\r\n");
    input.extend_from_slice(b"@frank /ticket open dept:it title:\"after it\"\n");
    let (ok, stdout, stderr) = console_bytes(&["--now", "2026-12-07T08:00:00Z"], &input);
    assert!(ok, "exit status; stderr: {stderr}");
    for line in [
        "> @frank /ticket open dept:it title:caf\u{FFFD}",
        "[error] Line 2 is not UTF-8 text (an invalid byte at position 38), so it was skipped; \
         the lines after it still run. Save the file as UTF-8.",
        "[reply] Opened IT-2 · after it · priority normal. First response due 2026-12-08 10:00 EET (in 1d).",
    ] {
        assert!(stdout.lines().any(|l| l == line), "missing `{line}` in:\n{stdout}");
    }
}

/// Issue #12, part 7: a failure logged while stderr is a pipe carries no colour codes.
#[test]
fn logs_to_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_opsdesk"))
        .args(["console", "--db"])
        .arg(dir.path().join("x.db"))
        .env("RUST_LOG", "debug")
        .env_remove("OPSDESK_CONFIG")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let logged = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{logged}");
    assert!(!logged.is_empty(), "debug logging printed nothing");
    assert!(!logged.contains('\u{1b}'), "{logged}");
}

/// `opsdesk migrate-db` run in `dir`: whether it succeeded, its output and its errors.
fn migrate_db(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = crate::support::opsdesk(dir)
        .arg("migrate-db")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A SQLite opsdesk database with one ticket, `opsdesk.db`, made by the binary in `dir`.
fn opsdesk_db(dir: &std::path::Path) {
    let (ok, _, err) = console_in(
        dir,
        &["--now", "2026-12-07T08:00:00Z", "--db", "opsdesk.db"],
        b"@frank /ticket open dept:it title:\"Printer down\"\n",
    );
    assert!(ok, "{err}");
}

#[test]
fn migrate_db_refuses_what_it_cannot_move_saying_what_and_how() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = migrate_db(
        dir.path(),
        &[
            "--from",
            "missing.db",
            "--to",
            "postgres://postgres@127.0.0.1:1/test",
        ],
    );
    assert!(!ok);
    assert!(err.contains("There is no database at missing.db"), "{err}");
    assert!(err.contains("--from opsdesk.db"), "{err}");

    let (ok, _, err) = migrate_db(
        dir.path(),
        &[
            "--from",
            "missing.db",
            "--to",
            "mysql://db/opsdesk",
            "--locale",
            "ro",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("--to primește URL-ul unei baze de date PostgreSQL"),
        "{err}"
    );
    assert!(err.contains("`mysql://db/opsdesk`"), "{err}");

    std::fs::write(dir.path().join("notes.db"), "not a database").unwrap();
    let (ok, _, err) = migrate_db(
        dir.path(),
        &[
            "--from",
            "notes.db",
            "--to",
            "postgres://postgres@127.0.0.1:1/test",
        ],
    );
    assert!(!ok);
    assert!(err.contains("notes.db is not a SQLite database"), "{err}");

    // Nothing listens on port 1: the URL is named, its password is not.
    opsdesk_db(dir.path());
    std::fs::copy(dir.path().join("opsdesk.db"), dir.path().join("old.db")).unwrap();
    let old = dir.path().join("old.db");
    let forget =
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)";
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut file = crate::support::connect(&old).await;
        sqlx::query(forget).execute(&mut file).await.unwrap();
    });
    let (ok, _, err) = migrate_db(
        dir.path(),
        &[
            "--from",
            "old.db",
            "--to",
            "postgres://postgres@127.0.0.1:1/test",
        ],
    );
    assert!(!ok);
    let latest = latest_sqlite_migration();
    let expected = format!(
        "old.db is at schema version {}, and this opsdesk at {latest}",
        latest - 1
    );
    assert!(err.contains(&expected), "{err}");

    let (ok, _, err) = migrate_db(
        dir.path(),
        &[
            "--from",
            "opsdesk.db",
            "--to",
            "postgres://opsdesk:s3cret@127.0.0.1:1/opsdesk",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains(
            "Could not open the PostgreSQL database postgres://opsdesk:***@127.0.0.1:1/opsdesk"
        ),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    assert!(err.contains("Nothing was copied."), "{err}");
}

#[tokio::test]
async fn migrate_db_moves_a_database_and_prints_each_table_and_the_time_taken() {
    let Some(schema) = crate::support::postgres::PgSchema::create().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    opsdesk_db(dir.path());
    let url = schema.url();
    let (ok, out, err) = migrate_db(dir.path(), &["--from", "opsdesk.db", "--to", &url]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"tickets: one row"), "{out}");
    assert!(lines.contains(&"departments: 5 rows"), "{out}");
    assert!(out.contains("Moved opsdesk.db to postgres://"), "{out}");
    assert!(out.contains("the audit chain verifies"), "{out}");

    let (ok, _, err) = migrate_db(
        dir.path(),
        &["--from", "opsdesk.db", "--to", &url, "--locale", "ro"],
    );
    assert!(!ok);
    assert!(
        err.contains("conține deja date opsdesk (departments are rânduri)"),
        "{err}"
    );
}

/// The number of the newest SQLite migration (`migrations/NNNN_name.sql`).
fn latest_sqlite_migration() -> u32 {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().ok()?;
            name.strip_suffix(".sql")?.split('_').next()?.parse().ok()
        })
        .max()
        .expect("migrations exist")
}
