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
    }
}
