//! The `opsdesk` binary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};

use opsdesk::adapters::console::{run_interactive, Console};
use opsdesk::adapters::discord::shards::ShardRequest;
use opsdesk::config::Config;
use opsdesk::core::audit::Head;
use opsdesk::core::domain::export::{self, ExportKind, ExportRequest};
use opsdesk::core::domain::ids::{DeptKey, Handle};
use opsdesk::core::time::{AdjustableClock, Clock};
use opsdesk::i18n::{Locale, Msg};
use opsdesk::operator;
use opsdesk::storage::location::Location;

#[derive(Parser)]
#[command(name = "opsdesk", version, about = "Chat-ops for back-office teams")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// The whole bot in a terminal; reads a scenario when stdin is not a terminal.
    Console {
        #[command(flatten)]
        setup: Setup,
        /// The member acting by default.
        #[arg(long = "as", default_value = "admin")]
        actor: String,
        /// Start a simulated clock at this instant (RFC 3339); it moves only with `:advance`.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
        /// Folder for attached images (digest charts); default: `opsdesk` in the system's
        /// temporary folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Connects to Discord with the bot token in `DISCORD_TOKEN` and serves until stopped.
    Serve {
        #[command(flatten)]
        setup: Setup,
        /// Test only: the REST base URL of a fake Discord (`http://127.0.0.1:PORT`).
        #[arg(long, env = "OPSDESK_DISCORD_API", hide = true)]
        discord_api: Option<String>,
        /// The Discord shards this process runs, FIRST-LAST (e.g. 0-3) or one shard; default:
        /// all of them. Processes of one bot run different shards on one database.
        #[arg(long, env = "OPSDESK_SHARDS")]
        shards: Option<String>,
        /// How many shards all the bot's processes run together; default: as many as
        /// Discord recommends.
        #[arg(long, env = "OPSDESK_SHARD_TOTAL")]
        shard_total: Option<String>,
    },
    /// Writes a consistent copy of the database to PATH, a new file in an existing folder;
    /// safe while opsdesk runs.
    Backup {
        #[command(flatten)]
        setup: Setup,
        /// Where to write the copy; never overwritten.
        path: PathBuf,
    },
    /// Writes records as CSV — tickets, tasks, approvals, escalations, audit or budgets — as
    /// `/export` does for the member named by `--as`, who must be allowed to see them.
    Export {
        #[command(flatten)]
        setup: Setup,
        /// What to export: tickets, tasks, approvals, escalations, audit or budgets.
        #[arg(value_parser = parse_export_kind)]
        what: ExportKind,
        /// First day, e.g. 2026-12-01 (read in the member's zone).
        #[arg(long, value_parser = parse_export_day)]
        from: Option<NaiveDate>,
        /// Last day, e.g. 2026-12-31.
        #[arg(long, value_parser = parse_export_day)]
        to: Option<NaiveDate>,
        /// One department's key, e.g. it.
        #[arg(long, value_parser = parse_dept)]
        dept: Option<DeptKey>,
        /// Start the file with a UTF-8 byte-order mark.
        #[arg(long)]
        bom: bool,
        /// The member exporting.
        #[arg(long = "as", default_value = "admin")]
        actor: String,
        /// Where to write the file (`-` or nothing: standard output); never overwritten.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Measures opsdesk on this machine, in a temporary folder, and prints the figures.
    Bench {
        /// Smaller sizes: fits in about a minute.
        #[arg(long)]
        quick: bool,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Also time `/ticket open` on databases already holding 10 k, 100 k and 1 M
        /// tickets (a few minutes more).
        #[arg(long)]
        sizes: bool,
        /// Also time the commands on this PostgreSQL server (`postgres://…`), in a schema of
        /// the benchmark's own, dropped afterwards; `DATABASE_URL` when not given.
        #[arg(long, value_name = "URL", value_parser = postgres_url)]
        postgres: Option<String>,
    },
    /// Checks the database's pages, its audit chain against its seals, and every ticket,
    /// task and request against its history, without changing anything.
    /// Exit code 0: all well; 1: problems found; 2: nothing to check (no such file, or not
    /// an opsdesk database).
    Check {
        #[command(flatten)]
        setup: Setup,
        /// A seal copied from the audit channel, SEQ:HASH, to check the chain against too.
        #[arg(long, value_parser = parse_seal)]
        seal: Option<Head>,
    },
    /// Copies this installation's SQLite database into an empty PostgreSQL database, in one
    /// transaction, and commits it once every table's rows are counted equal and the audit
    /// chain verifies there. Stop opsdesk first.
    MigrateDb {
        /// The SQLite database to move, e.g. opsdesk.db; only read.
        #[arg(long)]
        from: PathBuf,
        /// The empty PostgreSQL database to move it to: postgres://USER@HOST:PORT/DATABASE.
        #[arg(long)]
        to: String,
        /// Configuration file, for the language to report in (default: `opsdesk.toml` if
        /// present).
        #[arg(long, env = "OPSDESK_CONFIG")]
        config: Option<PathBuf>,
        /// The language to report in: en or ro (default: the organisation's).
        #[arg(long, env = "OPSDESK_LOCALE", value_parser = parse_locale)]
        locale: Option<Locale>,
    },
}

/// Where the configuration and the database are, and the organisation-wide overrides. Each
/// flag can also come from its environment variable; a flag wins over the variable, which
/// wins over the configuration file.
#[derive(Args)]
struct Setup {
    /// Configuration file (default: `opsdesk.toml` if present, else the demo organisation).
    #[arg(long, env = "OPSDESK_CONFIG")]
    config: Option<PathBuf>,
    /// Database: a SQLite file, or a `postgres://` URL (default: `DATABASE_URL`, else the
    /// configuration's `[database] url` or `path`, else `opsdesk.db`).
    #[arg(long, env = "OPSDESK_DB")]
    db: Option<PathBuf>,
    /// The organisation's default language: en or ro.
    #[arg(long, env = "OPSDESK_LOCALE", value_parser = parse_locale)]
    locale: Option<Locale>,
    /// The organisation's default time zone, an IANA name such as Europe/Bucharest.
    #[arg(long, env = "OPSDESK_TIMEZONE")]
    timezone: Option<Tz>,
}

impl Setup {
    /// The configuration with the overrides applied, and where the database is.
    fn load(&self) -> anyhow::Result<(Config, Location)> {
        let mut config = Config::resolve(self.config.as_deref())?;
        if let Some(locale) = self.locale {
            config.organisation.locale = locale;
        }
        if let Some(tz) = self.timezone {
            config.organisation.timezone = tz;
        }
        let database_url = std::env::var("DATABASE_URL").ok();
        let db = Location::choose(
            self.db.as_deref(),
            database_url.as_deref(),
            config.database.url.as_deref(),
            config.database.path.as_deref(),
        );
        Ok((config, db))
    }
}

/// `bench --postgres` takes a PostgreSQL server only: the SQLite figures are always measured.
fn postgres_url(text: &str) -> Result<String, String> {
    match Location::parse(text) {
        Location::Postgres(url) => Ok(url),
        Location::Sqlite(_) => {
            Err("a PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/test".into())
        }
    }
}

/// The SQLite file `opsdesk <command>` works on, or why it cannot run on this database.
fn sqlite_only<'a>(db: &'a Location, command: &str) -> Result<&'a std::path::Path, Msg> {
    db.sqlite_path().ok_or_else(|| {
        Msg::new("database-sqlite-only")
            .arg("command", format!("opsdesk {command}"))
            .arg("url", db.to_string())
    })
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    Locale::parse(text)
        .ok_or_else(|| format!("`{text}` is not a language opsdesk speaks: en or ro"))
}

/// Export options are refused in English, like clap's own errors.
fn parse_export_kind(text: &str) -> Result<ExportKind, String> {
    ExportKind::parse(text).map_err(|msg| msg.render(Locale::En))
}

fn parse_export_day(text: &str) -> Result<NaiveDate, String> {
    export::parse_day(text).map_err(|msg| msg.render(Locale::En))
}

fn parse_dept(text: &str) -> Result<DeptKey, String> {
    DeptKey::parse(text).map_err(|msg| msg.render(Locale::En))
}

/// A seal as the audit channel shows it; refused in English, like clap's own errors.
fn parse_seal(text: &str) -> Result<Head, String> {
    Head::parse(text).map_err(|msg| msg.render(Locale::En))
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    // The benchmark fills its database with statements slow by design; sqlx's warning about
    // each would bury the figures. Everywhere else a slow statement is worth a warning.
    let default_filter = match cli.command {
        Cmd::Bench { .. } => "warn,sqlx::query=error",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never in a file or a pipe.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| default_filter.into()),
        )
        .init();
    let runtime = tokio::runtime::Runtime::new()?;
    match cli.command {
        Cmd::Console {
            setup,
            actor,
            now,
            out,
        } => {
            let (config, db) = setup.load()?;
            let clock = Arc::new(match now {
                Some(at) => AdjustableClock::frozen(at),
                None => AdjustableClock::system(),
            });
            let actor = Handle::parse(&actor)
                .map_err(|_| anyhow::anyhow!("--as: `{actor}` is not a member handle"))?;
            let service = runtime
                .block_on(opsdesk::app::open(&config, &db, clock.now()))
                .with_context(|| format!("starting on database {}", db))?;
            if runtime.block_on(service.member(&actor))?.is_none() {
                anyhow::bail!("--as: no member @{actor} in this organisation");
            }
            let mut console = Console::new(service.clone(), clock, actor);
            if let Some(out) = out {
                console = console.attachments_to(out);
            }
            let ran = if std::io::stdin().is_terminal() {
                run_interactive(console, runtime.handle().clone())
            } else {
                runtime.block_on(console.run_piped())
            };
            // Closed however the console ended, so the database file alone holds everything.
            let closed = runtime.block_on(service.close());
            ran?;
            closed?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve {
            setup,
            discord_api,
            shards,
            shard_total,
        } => {
            let (mut config, db) = setup.load()?;
            let locale = config.organisation.locale;
            // Refused, like a bad token, before the database is opened.
            config.discord.shards =
                match ShardRequest::parse(shards.as_deref(), shard_total.as_deref()) {
                    Ok(request) => request,
                    Err(refusal) => return Ok(refuse(refusal, locale)),
                };
            // Read once and never logged, stored or repeated in a message; refused before
            // the database is opened when it cannot be a token.
            let raw = std::env::var_os("DISCORD_TOKEN").map(|t| t.to_string_lossy().into_owned());
            let token = match opsdesk::adapters::discord::check_token(raw.as_deref()) {
                Ok(token) => token,
                Err(refusal) => return Ok(refuse(refusal, locale)),
            };
            if discord_api.is_some() {
                config.discord.api_base = discord_api;
            }
            let clock: Arc<dyn Clock> = Arc::new(AdjustableClock::system());
            runtime.block_on(async {
                let service = opsdesk::app::open(&config, &db, clock.now())
                    .await
                    .with_context(|| format!("starting on database {}", db))?;
                let wake = Arc::new(tokio::sync::Notify::new());
                let served = opsdesk::adapters::discord::serve(
                    service.clone(),
                    &config.discord,
                    token,
                    clock,
                    wake,
                    stop_signal(),
                )
                .await;
                let closed = service.close().await;
                served?;
                closed?;
                Ok(ExitCode::SUCCESS)
            })
        }
        Cmd::Backup { setup, path } => {
            let (config, db) = setup.load()?;
            let locale = config.organisation.locale;
            let db = match sqlite_only(&db, "backup") {
                Ok(path) => path,
                Err(refusal) => return Ok(refuse(refusal, locale)),
            };
            match runtime.block_on(operator::backup(db, &path))? {
                Ok(done) => {
                    println!("{}", done.render(locale));
                    Ok(ExitCode::SUCCESS)
                }
                Err(refusal) => Ok(refuse(refusal, locale)),
            }
        }
        Cmd::Export {
            setup,
            what,
            from,
            to,
            dept,
            bom,
            actor,
            out,
        } => {
            let (config, db) = setup.load()?;
            let locale = config.organisation.locale;
            if let Err(refusal) = export::check_range(from, to) {
                return Ok(refuse(refusal, locale));
            }
            let actor = Handle::parse(&actor)
                .map_err(|_| anyhow::anyhow!("--as: `{actor}` is not a member handle"))?;
            let request = ExportRequest {
                what,
                from,
                to,
                dept,
                bom,
            };
            let now = Utc::now();
            runtime.block_on(async {
                let service = opsdesk::app::open(&config, &db, now)
                    .await
                    .with_context(|| format!("opening database {}", db))?;
                let exported = operator::export(&service, &actor, request, now).await;
                service.close().await?;
                match exported {
                    Ok(file) => {
                        write_export(out.as_deref(), &file.bytes)?;
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(refusal) => {
                        eprintln!("{refusal}");
                        Ok(ExitCode::FAILURE)
                    }
                }
            })
        }
        Cmd::Bench {
            quick,
            json,
            sizes,
            postgres,
        } => {
            let sizes = opsdesk::bench::Sizes::new(quick, sizes);
            let server = postgres.or_else(|| std::env::var("DATABASE_URL").ok());
            let server = match server.map(|url| Location::parse(&url)) {
                Some(Location::Postgres(url)) => Some(url),
                Some(Location::Sqlite(_)) | None => None,
            };
            let report = runtime.block_on(opsdesk::bench::run(sizes, server.as_deref()))?;
            if json {
                println!("{}", report.json());
            } else {
                println!("{}", report.table());
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check { setup, seal } => {
            let (config, db) = setup.load()?;
            let locale = config.organisation.locale;
            let db = match sqlite_only(&db, "check") {
                Ok(path) => path,
                Err(refusal) => return Ok(refuse(refusal, locale)),
            };
            let code = match runtime.block_on(operator::check(&config, db, seal)) {
                Ok(Ok(report)) => {
                    println!("{}", report.lines.join("\n"));
                    if report.all_well {
                        operator::exit::ALL_WELL
                    } else {
                        operator::exit::PROBLEMS
                    }
                }
                Ok(Err(refusal)) => {
                    refuse(refusal, locale);
                    operator::exit::CANNOT_CHECK
                }
                Err(e) => {
                    eprintln!("Error: {e:?}");
                    operator::exit::CANNOT_CHECK
                }
            };
            Ok(ExitCode::from(code))
        }
        Cmd::MigrateDb {
            from,
            to,
            config,
            locale,
        } => {
            let locale = match locale {
                Some(locale) => locale,
                None => Config::resolve(config.as_deref())?.organisation.locale,
            };
            match runtime.block_on(operator::migrate_db(&from, &to, locale))? {
                Ok(report) => {
                    for line in &report {
                        println!("{}", line.render(locale));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(refusal) => {
                    for line in &refusal {
                        eprintln!("{}", line.render(locale));
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// Prints why a command will not run — a sentence for the person who typed it, without the
/// error chain or backtrace an internal failure gets — and fails.
fn refuse(refusal: Msg, locale: Locale) -> ExitCode {
    eprintln!("{}", refusal.render(locale));
    ExitCode::FAILURE
}

/// Writes an export to a new file, or to standard output for `-` or no path.
fn write_export(path: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| format!("creating {}", path.display()))?;
            file.write_all(bytes)?;
            file.sync_all()?;
            Ok(())
        }
        None => Ok(std::io::stdout().write_all(bytes)?),
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C only");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
