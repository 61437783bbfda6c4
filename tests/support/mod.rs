//! Test helpers: a fresh database and a console on the demo organisation at a fixed instant.

pub mod fake_discord;
pub mod postgres;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use opsdesk::adapters::console::Console;
use opsdesk::config::Config;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::service::Service;
use opsdesk::core::time::AdjustableClock;
use opsdesk::storage::location::Location;
use postgres::PgSchema;
use tempfile::TempDir;

/// A running opsdesk on its own database file, removed when dropped.
pub struct TestApp {
    pub console: Console,
    pub service: Arc<Service>,
    pub db: PathBuf,
    /// Where the console saves attached images (digest charts).
    pub out: PathBuf,
    _dir: TempDir,
    /// The PostgreSQL schema the app runs on instead of `db`, if it does.
    _schema: Option<PgSchema>,
}

/// Monday 2026-12-07, 10:00 in Bucharest.
pub const MONDAY_10AM: &str = "2026-12-07T08:00:00Z";

pub async fn spawn_app(now: &str, actor: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("opsdesk.db");
    spawn_on(dir, db, now, actor).await
}

/// A fresh app on a PostgreSQL schema of its own, or `None` when the PostgreSQL runs are
/// skipped (see [`postgres`]).
pub async fn spawn_app_on_postgres(now: &str, actor: &str) -> Option<TestApp> {
    spawn_with_on_postgres(&Config::demo(), now, actor).await
}

/// [`spawn_with`] on a PostgreSQL schema of its own, or `None` when the PostgreSQL runs are
/// skipped.
pub async fn spawn_with_on_postgres(config: &Config, now: &str, actor: &str) -> Option<TestApp> {
    let schema = PgSchema::create().await?;
    let dir = tempfile::tempdir().expect("temp dir");
    let location = Location::Postgres(schema.url());
    let mut app = spawn_at(config, dir, location, now, actor).await;
    app._schema = Some(schema);
    Some(app)
}

/// Opens the app on an existing database file (a restart).
pub async fn reopen(app: TestApp, now: &str) -> TestApp {
    let TestApp { db, _dir, .. } = app;
    spawn_on(_dir, db, now, "admin").await
}

/// Opens the app on the database file `db`, wherever it is; `dir` is removed with the app.
pub async fn spawn_on(dir: TempDir, db: PathBuf, now: &str, actor: &str) -> TestApp {
    spawn_configured(&Config::demo(), dir, db, now, actor).await
}

/// A fresh app on a configuration of the test's own (the demo organisation, changed).
pub async fn spawn_with(config: &Config, now: &str, actor: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("opsdesk.db");
    spawn_configured(config, dir, db, now, actor).await
}

async fn spawn_configured(
    config: &Config,
    dir: TempDir,
    db: PathBuf,
    now: &str,
    actor: &str,
) -> TestApp {
    spawn_at(config, dir, Location::Sqlite(db), now, actor).await
}

async fn spawn_at(
    config: &Config,
    dir: TempDir,
    location: Location,
    now: &str,
    actor: &str,
) -> TestApp {
    let now: DateTime<Utc> = now.parse().expect("RFC 3339 instant");
    let clock = Arc::new(AdjustableClock::frozen(now));
    let service = opsdesk::app::open(config, &location, now)
        .await
        .expect("app starts");
    let db = location
        .sqlite_path()
        .map(Path::to_owned)
        .unwrap_or_default();
    let out = dir.path().join("out");
    let console = Console::new(service.clone(), clock, Handle::parse(actor).unwrap())
        .attachments_to(out.clone());
    TestApp {
        console,
        service,
        db,
        out,
        _dir: dir,
        _schema: None,
    }
}

impl TestApp {
    /// Where the app keeps its data, for a second store on it.
    pub fn location(&self) -> Location {
        match &self._schema {
            Some(schema) => Location::Postgres(schema.url()),
            None => Location::Sqlite(self.db.clone()),
        }
    }

    /// Runs `sql` (statements, no parameters) on the app's database, whichever it is.
    pub async fn execute(&self, sql: &str) {
        use sqlx::Connection;
        match &self._schema {
            Some(schema) => {
                let mut conn = sqlx::PgConnection::connect(&schema.url()).await.unwrap();
                sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
            None => {
                let mut conn = connect(&self.db).await;
                sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
        }
    }

    /// Runs console lines; returns the printed lines (without the echo).
    pub async fn run(&mut self, lines: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in lines.lines() {
            out.extend(self.console.line(line).await);
        }
        out
    }
}

/// The `opsdesk` binary, to run in `dir`, with none of opsdesk's settings or the bot token
/// taken from the environment the tests run in.
pub fn opsdesk(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsdesk"));
    command.current_dir(dir);
    for var in [
        "OPSDESK_CONFIG",
        "OPSDESK_DB",
        "OPSDESK_LOCALE",
        "OPSDESK_TIMEZONE",
        "OPSDESK_DISCORD_API",
        "OPSDESK_SHARDS",
        "OPSDESK_SHARD_TOTAL",
        "DISCORD_TOKEN",
        "DATABASE_URL",
    ] {
        command.env_remove(var);
    }
    command
}

/// A connection of its own to a database file (created if missing), as another program
/// would open it.
pub async fn connect(db: &Path) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(true);
    sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("the test database opens")
}

/// Asserts that some printed line starts with `prefix` and contains `text`.
#[track_caller]
pub fn assert_line(out: &[String], prefix: &str, text: &str) {
    assert!(
        out.iter()
            .any(|l| l.starts_with(prefix) && l.contains(text)),
        "no line `{prefix} …{text}…` in:\n{}",
        out.join("\n")
    );
}

/// The configuration of this suite's property tests: `default_cases` cases unless
/// `PROPTEST_CASES` asks for more (or fewer), and no failure files — the sequences are cheap
/// to rerun, and a regression worth keeping becomes a transcript or a table case.
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
