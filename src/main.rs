//! The `opsdesk` binary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};

use opsdesk::adapters::console::{run_interactive, Console};
use opsdesk::config::Config;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::time::{AdjustableClock, Clock};
use opsdesk::i18n::Locale;

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
    /// Database file (default: the configuration's `[database] path`, else `opsdesk.db`).
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
    /// The configuration with the overrides applied, and the database path.
    fn load(&self) -> anyhow::Result<(Config, PathBuf)> {
        let mut config = Config::resolve(self.config.as_deref())?;
        if let Some(locale) = self.locale {
            config.organisation.locale = locale;
        }
        if let Some(tz) = self.timezone {
            config.organisation.timezone = tz;
        }
        let db = self.db.clone().unwrap_or_else(|| config.database_path());
        Ok((config, db))
    }
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    Locale::parse(text)
        .ok_or_else(|| format!("`{text}` is not a language opsdesk speaks: en or ro"))
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let cli = Cli::parse();
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
                .with_context(|| format!("starting on database {}", db.display()))?;
            if runtime.block_on(service.member(&actor))?.is_none() {
                anyhow::bail!("--as: no member @{actor} in this organisation");
            }
            let mut console = Console::new(service, clock, actor);
            if let Some(out) = out {
                console = console.attachments_to(out);
            }
            if std::io::stdin().is_terminal() {
                run_interactive(console, runtime.handle().clone())
            } else {
                runtime.block_on(console.run_piped())
            }
        }
        Cmd::Serve { setup, discord_api } => {
            // Read once and never logged or stored in the configuration.
            let token = std::env::var("DISCORD_TOKEN").context(
                "DISCORD_TOKEN is not set: put the bot token in this environment variable",
            )?;
            let (mut config, db) = setup.load()?;
            if discord_api.is_some() {
                config.discord.api_base = discord_api;
            }
            let clock: Arc<dyn Clock> = Arc::new(AdjustableClock::system());
            runtime.block_on(async {
                let service = opsdesk::app::open(&config, &db, clock.now())
                    .await
                    .with_context(|| format!("starting on database {}", db.display()))?;
                let wake = Arc::new(tokio::sync::Notify::new());
                opsdesk::adapters::discord::serve(
                    service,
                    &config.discord,
                    &token,
                    clock,
                    wake,
                    stop_signal(),
                )
                .await
            })
        }
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
