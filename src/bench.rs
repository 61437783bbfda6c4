//! `opsdesk bench`: how fast opsdesk is on this machine, measured the way it is used.
//!
//! Everything runs in a temporary folder on fresh databases of the demo organisation:
//! - **core**: commands through the core — `/ticket open`, `/task assign`,
//!   `/approval approve` — each one parsed, run in its own transaction with its audit events,
//!   jobs and outbox messages, and answered; beside it, in the same run, a bare sqlx
//!   transaction doing the same inserts a ticket's opening does, without opsdesk's logic: the
//!   ratio says what the logic costs;
//! - **wal**: the write-ahead log written per ticket;
//! - **startup**: opening a database that already holds many tickets, until the service is
//!   ready;
//! - **growth** (`--sizes`): `/ticket open` through the core on databases already holding
//!   10 k, 100 k and 1 M tickets — how the command's cost grows with the history;
//! - **memory**: the process's resident memory when idle after start, and its peak.
//!
//! Figures are printed, never asserted: the machine may be shared and noisy. `--quick`
//! shrinks every size so the whole run fits in a minute (CI runs it as a smoke check).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Connection;

use crate::config::Config;
use crate::core::domain::ids::Handle;
use crate::core::service::{Caller, Outcome, Service};
use crate::core::time::{AdjustableClock, Clock};
use crate::storage::location::Location;
use crate::storage::SqliteStore;

/// The sizes of one run.
#[derive(Debug, Clone)]
pub struct Sizes {
    /// Commands of each kind through the core, and bare transactions.
    pub commands: usize,
    /// Tickets in the database whose start-up is timed.
    pub startup_tickets: usize,
    /// Tickets already in the databases `/ticket open` is timed on (none: not measured).
    pub growth: Vec<usize>,
}

impl Sizes {
    /// `grown`: also time `/ticket open` on databases of 10 k, 100 k and 1 M tickets.
    pub fn new(quick: bool, grown: bool) -> Sizes {
        let growth = match grown {
            true => vec![10_000, 100_000, 1_000_000],
            false => Vec::new(),
        };
        if quick {
            Sizes {
                commands: 500,
                startup_tickets: 20_000,
                growth,
            }
        } else {
            Sizes {
                commands: 5_000,
                startup_tickets: 1_000_000,
                growth,
            }
        }
    }
}

/// Commands per second through the core, one after another.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreRates {
    pub ticket_open_per_s: f64,
    pub task_assign_per_s: f64,
    pub approval_approve_per_s: f64,
    /// All three kinds together.
    pub commands_per_s: f64,
}

impl CoreRates {
    fn json(&self) -> serde_json::Value {
        json!({
            "commands_per_s": round(self.commands_per_s),
            "ticket_open_per_s": round(self.ticket_open_per_s),
            "task_assign_per_s": round(self.task_assign_per_s),
            "approval_approve_per_s": round(self.approval_approve_per_s),
        })
    }

    /// Table rows, each name followed by `on`.
    fn rows(&self, on: &str) -> Vec<(String, String)> {
        vec![
            (
                format!("/ticket open through the core{on}"),
                per_s(self.ticket_open_per_s),
            ),
            (
                format!("/task assign through the core{on}"),
                per_s(self.task_assign_per_s),
            ),
            (
                format!("/approval approve through the core{on}"),
                per_s(self.approval_approve_per_s),
            ),
            (
                format!("all three, together{on}"),
                per_s(self.commands_per_s),
            ),
        ]
    }
}

/// What a run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The commands through the core, on SQLite.
    pub core: CoreRates,
    /// The same on PostgreSQL, when the run was given a server.
    pub postgres: Option<CoreRates>,
    /// Bare sqlx transactions doing a ticket's inserts.
    pub bare_per_s: f64,
    pub wal_kb_per_ticket: f64,
    pub startup_ms: f64,
    pub startup_tickets: usize,
    pub rss_idle_mb: f64,
    pub rss_peak_mb: f64,
    /// `/ticket open` per second with so many tickets already in the database.
    pub growth: Vec<(usize, f64)>,
}

impl Report {
    /// `/ticket open` through the core, as a share of the bare transaction's speed.
    pub fn ratio(&self) -> f64 {
        self.core.ticket_open_per_s / self.bare_per_s
    }

    /// The report as one JSON object (`--json`).
    pub fn json(&self) -> serde_json::Value {
        let mut core = self.core.json();
        core["bare_per_s"] = json!(round(self.bare_per_s));
        core["ratio"] = json!(round(self.ratio() * 100.0) / 100.0);
        json!({
            "core": core,
            "postgres": self.postgres.as_ref().map(CoreRates::json),
            "wal": { "kb_per_ticket": round(self.wal_kb_per_ticket) },
            "startup": { "ms": round(self.startup_ms), "tickets": self.startup_tickets },
            "rss_mb": { "idle": round(self.rss_idle_mb), "peak": round(self.rss_peak_mb) },
            "growth": self.growth.iter().map(|(tickets, rate)| json!({
                "tickets": tickets,
                "ticket_open_per_s": round(*rate),
            })).collect::<Vec<_>>(),
        })
    }

    /// The report as a table, one figure a line.
    pub fn table(&self) -> String {
        let mut rows = self.core.rows("");
        if let Some(postgres) = &self.postgres {
            rows.extend(postgres.rows(", PostgreSQL"));
        }
        rows.extend([
            (
                "bare sqlx transaction, same inserts".to_string(),
                per_s(self.bare_per_s),
            ),
            (
                "core vs bare (/ticket open)".to_string(),
                format!("{:.2}×", self.ratio()),
            ),
            (
                "WAL written per ticket".to_string(),
                format!("{:.1} KB", self.wal_kb_per_ticket),
            ),
            (
                "start to ready".to_string(),
                format!(
                    "{:.0} ms on {} tickets",
                    self.startup_ms, self.startup_tickets
                ),
            ),
            (
                "resident memory: idle / peak".to_string(),
                format!("{:.1} / {:.1} MB", self.rss_idle_mb, self.rss_peak_mb),
            ),
        ]);
        for (tickets, rate) in &self.growth {
            rows.push((
                "/ticket open, tickets already stored".to_string(),
                format!("{} with {tickets}", per_s(*rate)),
            ));
        }
        let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        rows.iter()
            .map(|(name, value)| format!("{name:<width$}  {value}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn per_s(rate: f64) -> String {
    format!("{rate:.0}/s")
}

fn round(x: f64) -> f64 {
    x.round()
}

/// Runs every measurement in a temporary folder.
pub async fn run(sizes: Sizes, postgres: Option<&str>) -> anyhow::Result<Report> {
    let dir = tempfile::tempdir().context("a temporary folder for the benchmark")?;
    let now: DateTime<Utc> = "2026-12-07T08:00:00Z".parse()?;
    let clock = AdjustableClock::frozen(now);
    let config = Config::demo();

    let db = dir.path().join("core.db");
    // Opened as `app::open` does, keeping the store to count what it writes to its log.
    let (departments, members) = config.organisation_records()?;
    let store = Arc::new(SqliteStore::open(&db).await?);
    let service = Service::new(store.clone(), config.settings());
    service.seed(&departments, &members, true, now).await?;
    let rss_idle_mb = resident_mb("VmRSS");
    let wal_before = store.wal_bytes_written().await?;
    let ticket_open_per_s = ticket_open_rate(&service, &clock, sizes.commands).await?;
    let wal_kb_per_ticket =
        (store.wal_bytes_written().await? - wal_before) as f64 / 1024.0 / sizes.commands as f64;
    let rates = other_rates(&service, &clock, sizes.commands, ticket_open_per_s).await?;
    service.close().await?;

    let bare_per_s = bare_rate(&dir.path().join("bare.db"), &config, now, sizes.commands).await?;
    let startup_ms = startup(
        &dir.path().join("large.db"),
        &config,
        now,
        sizes.startup_tickets,
    )
    .await?
    .as_secs_f64()
        * 1000.0;
    let mut growth = Vec::new();
    for &tickets in &sizes.growth {
        let db = dir.path().join(format!("grown-{tickets}.db"));
        let per_s = grown_rate(&db, &config, now, tickets, sizes.commands).await?;
        growth.push((tickets, per_s));
    }
    let postgres = match postgres {
        Some(url) => Some(postgres_rates(url, &config, &clock, sizes.commands).await?),
        None => None,
    };
    Ok(Report {
        core: rates,
        postgres,
        bare_per_s,
        wal_kb_per_ticket,
        startup_ms,
        startup_tickets: sizes.startup_tickets,
        rss_idle_mb,
        rss_peak_mb: resident_mb("VmHWM"),
        growth,
    })
}

fn as_member(handle: &str) -> Caller {
    Caller::new(Handle::parse(handle).expect("demo handle"))
}

async fn ticket_open_rate(
    service: &Service,
    clock: &AdjustableClock,
    n: usize,
) -> anyhow::Result<f64> {
    rate(n, |i| {
        let line = format!("/ticket open dept:it title:\"Bench ticket {i}\" priority:high");
        run_line(service, as_member("frank"), line, clock.now())
    })
    .await
}

/// `/task assign` and `/approval approve` after `/ticket open` measured at `ticket_open_per_s`.
async fn other_rates(
    service: &Service,
    clock: &AdjustableClock,
    n: usize,
    ticket_open_per_s: f64,
) -> anyhow::Result<CoreRates> {
    let task_assign_per_s = rate(n, |i| {
        let line =
            format!("/task assign user:@alice title:\"Bench task {i}\" due:\"2026-12-09 17:00\"");
        run_line(service, as_member("bob"), line, clock.now())
    })
    .await?;
    for i in 0..n {
        let line = format!("/approval request kind:leave title:\"Bench leave {i}\" dept:it");
        run_line(service, as_member("alice"), line, clock.now()).await?;
    }
    let approval_approve_per_s = rate(n, |i| {
        let line = format!("/approval approve id:A-{}", i + 1);
        run_line(service, as_member("bob"), line, clock.now())
    })
    .await?;
    Ok(CoreRates {
        ticket_open_per_s,
        task_assign_per_s,
        approval_approve_per_s,
        commands_per_s: 3.0
            / (1.0 / ticket_open_per_s + 1.0 / task_assign_per_s + 1.0 / approval_approve_per_s),
    })
}

/// The same three commands through the core on the PostgreSQL server at `url`, in a schema
/// of the benchmark's own, dropped afterwards (the database named may hold a real
/// installation: nothing outside that schema is touched).
async fn postgres_rates(
    url: &str,
    config: &Config,
    clock: &AdjustableClock,
    n: usize,
) -> anyhow::Result<CoreRates> {
    let schema = format!("opsdesk_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .with_context(|| format!("connecting to {}", crate::storage::postgres::redacted(url)))?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await?;
    let measured = async {
        let glue = if url.contains('?') { '&' } else { '?' };
        let scoped = format!("{url}{glue}options=-c%20search_path%3D{schema}");
        let store = Location::Postgres(scoped).open().await?;
        let service = Service::new(store, config.settings());
        let (departments, members) = config.organisation_records()?;
        service
            .seed(&departments, &members, true, clock.now())
            .await?;
        let ticket_open_per_s = ticket_open_rate(&service, clock, n).await?;
        let rates = other_rates(&service, clock, n, ticket_open_per_s).await;
        service.close().await?;
        rates
    }
    .await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&mut admin)
        .await?;
    measured
}

/// Runs one console line and checks it was not refused: a benchmark of errors measures
/// nothing.
async fn run_line(
    service: &Service,
    caller: Caller,
    line: String,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    match service.execute_line(&caller, &line, now).await {
        Outcome::Done(out) if out.iter().any(|o| o.is_error()) => {
            anyhow::bail!("`{line}` was refused: {out:?}")
        }
        _ => Ok(()),
    }
}

/// Operations per second over `n` runs of `op`, one after another.
async fn rate<F, Fut>(n: usize, mut op: F) -> anyhow::Result<f64>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let started = Instant::now();
    for i in 0..n {
        op(i).await?;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

/// A transaction with the writes of a ticket's opening — its number, the row, its SLA job,
/// its audit event and its card in the outbox — through sqlx directly, on a database opsdesk
/// created (same schema, same pragmas).
async fn bare_rate(
    db: &Path,
    config: &Config,
    now: DateTime<Utc>,
    n: usize,
) -> anyhow::Result<f64> {
    crate::app::open(config, db, now).await?.close().await?;
    let url = format!("sqlite://{}", db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await?;
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&mut conn)
        .await?;
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut conn)
        .await?;
    let at = now.timestamp();
    let started = Instant::now();
    for i in 0..n {
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let number: i64 = sqlx::query_scalar(
            "UPDATE departments SET next_ticket = next_ticket + 1 WHERE key = 'it'
             RETURNING next_ticket - 1",
        )
        .fetch_one(&mut *tx)
        .await?;
        let id = format!("IT-{number}");
        sqlx::query(
            "INSERT INTO tickets (id, dept, number, title, priority, status, requester,
               created_at, updated_at, paused_secs)
             VALUES (?, 'it', ?, ?, 'high', 'open', 'frank', ?, ?, 0)",
        )
        .bind(&id)
        .bind(number)
        .bind(format!("Bare ticket {i}"))
        .bind(at)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        // The ticket's one SLA job (`core::jobs::SlaChain`), due at its first warning.
        sqlx::query(
            "INSERT INTO jobs (key, kind, subject, due_at, payload)
             VALUES (?, 'sla_warning', ?, ?, '{}')",
        )
        .bind(format!("sla:{id}"))
        .bind(&id)
        .bind(at + 100)
        .execute(&mut *tx)
        .await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_events (seq, at, actor, object, action, before, after, prev_hash, hash)
             VALUES (?, ?, 'frank', ?, 'ticket.open', '{}', '{\"title\":\"x\"}', 'p', 'h')",
        )
        .bind(seq)
        .bind(at)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO outbox (key, lane, message, created_at, status, next_attempt_at)
             VALUES (?, 'channel:it', '{}', ?, 'pending', ?)",
        )
        .bind(format!("bare:{i}#0"))
        .bind(at)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

/// Fills a database with `tickets` tickets, then times opening it until the service is ready
/// (migrations checked, organisation seeded).
async fn startup(
    db: &Path,
    config: &Config,
    now: DateTime<Utc>,
    tickets: usize,
) -> anyhow::Result<Duration> {
    fill(db, config, now, tickets).await?;
    let started = Instant::now();
    let service = crate::app::open(config, db, now).await?;
    let ready = started.elapsed();
    service.close().await?;
    Ok(ready)
}

/// `/ticket open` per second on a database already holding `tickets` tickets.
async fn grown_rate(
    db: &Path,
    config: &Config,
    now: DateTime<Utc>,
    tickets: usize,
    commands: usize,
) -> anyhow::Result<f64> {
    fill(db, config, now, tickets).await?;
    let service = crate::app::open(config, db, now).await?;
    let frank = Caller::new(Handle::parse("frank").expect("demo handle"));
    let per_s = rate(commands, |n| {
        let line = format!("/ticket open dept:it title:\"Grown ticket {n}\" priority:high");
        run_line(&service, frank.clone(), line, now)
    })
    .await?;
    service.close().await?;
    Ok(per_s)
}

/// Creates a database of the organisation with `tickets` old tickets (a tenth still open),
/// written in one statement.
async fn fill(
    db: &Path,
    config: &Config,
    now: DateTime<Utc>,
    tickets: usize,
) -> anyhow::Result<()> {
    crate::app::open(config, db, now).await?.close().await?;
    let url = format!("sqlite://{}", db.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO tickets (id, dept, number, title, priority, status, requester,
             created_at, updated_at, paused_secs)
         SELECT 'PROC-' || i, 'proc', i, 'Old ticket ' || i,
             CASE i % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'urgent' END,
             CASE WHEN i % 10 = 0 THEN 'open' ELSE 'closed' END,
             'frank', ? - i * 60, ? - i * 60, 0
         FROM n",
    )
    .bind(i64::try_from(tickets)?)
    .bind(now.timestamp())
    .bind(now.timestamp())
    .execute(&mut conn)
    .await?;
    sqlx::query("UPDATE departments SET next_ticket = ? WHERE key = 'proc'")
        .bind(i64::try_from(tickets)? + 1)
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

/// A line of `/proc/self/status` (`VmRSS`, `VmHWM`) in MB; 0 where there is none.
fn resident_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_prints_every_figure_and_its_json_names_the_documented_keys() {
        let rates = CoreRates {
            ticket_open_per_s: 1000.0,
            task_assign_per_s: 900.0,
            approval_approve_per_s: 800.0,
            commands_per_s: 890.0,
        };
        let report = Report {
            core: rates.clone(),
            postgres: Some(CoreRates {
                ticket_open_per_s: 400.0,
                ..rates
            }),
            bare_per_s: 2000.0,
            wal_kb_per_ticket: 12.5,
            startup_ms: 40.0,
            startup_tickets: 1000,
            rss_idle_mb: 20.0,
            rss_peak_mb: 30.0,
            growth: vec![(10_000, 950.0)],
        };
        assert_eq!(report.ratio(), 0.5);
        let json = report.json();
        for key in [
            "/core/commands_per_s",
            "/core/bare_per_s",
            "/core/ratio",
            "/startup/ms",
            "/startup/tickets",
            "/rss_mb/idle",
            "/rss_mb/peak",
            "/growth/0/ticket_open_per_s",
            "/postgres/ticket_open_per_s",
        ] {
            assert!(json.pointer(key).is_some(), "{key} missing from {json}");
        }
        let table = report.table();
        let ratio_line = table
            .lines()
            .find(|l| l.starts_with("core vs bare"))
            .unwrap();
        assert!(ratio_line.ends_with(" 0.50×"), "{table}");
        assert!(table.contains("950/s with 10000"), "{table}");
        let postgres_line = table
            .lines()
            .find(|l| l.starts_with("/ticket open through the core, PostgreSQL"))
            .unwrap();
        assert!(postgres_line.ends_with(" 400/s"), "{table}");
    }
}
