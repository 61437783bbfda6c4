//! The `opsdesk` binary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use opsdesk::adapters::console::{run_interactive, Console};
use opsdesk::config::Config;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::time::{AdjustableClock, Clock};

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
        /// Database file (default: `opsdesk.db`, or `OPSDESK_DB`, or the config's).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Configuration file (default: `opsdesk.toml` if present, else the demo organisation).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The member acting by default.
        #[arg(long = "as", default_value = "admin")]
        actor: String,
        /// Start a simulated clock at this instant (RFC 3339); it moves only with `:advance`.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
    },
    /// Connects to Discord with the bot token in `DISCORD_TOKEN` and serves until stopped.
    Serve {
        /// Database file (default: `opsdesk.db`, or `OPSDESK_DB`, or the config's).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Configuration file (default: `opsdesk.toml` if present, else the demo organisation).
        #[arg(long)]
        config: Option<PathBuf>,
    },
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
            db,
            config,
            actor,
            now,
        } => {
            let config = Config::resolve(config.as_deref())?;
            let db = db.unwrap_or_else(|| config.database_path());
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
            if std::io::stdin().is_terminal() {
                run_interactive(console, runtime.handle().clone())
            } else {
                runtime.block_on(console.run_piped())
            }
        }
        Cmd::Serve { db, config } => {
            // Read once and never logged or stored in the configuration.
            let token = std::env::var("DISCORD_TOKEN").context(
                "DISCORD_TOKEN is not set: put the bot token in this environment variable",
            )?;
            let config = Config::resolve(config.as_deref())?;
            let db = db.unwrap_or_else(|| config.database_path());
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
