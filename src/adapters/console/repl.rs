//! Interactive mode: line editing and history (rustyline), with scheduled notices printed
//! above the prompt as they fall due.

use std::path::PathBuf;
use std::sync::Arc;

use rustyline::error::ReadlineError;
use rustyline::{DefaultEditor, ExternalPrinter};
use tokio::runtime::Handle as Runtime;

use std::sync::Mutex;

use tokio::sync::Notify;

use super::{Console, LinePrinter, Printer, Sink};
use crate::core::outbox::Transport;
use crate::core::time::Clock;
use crate::{scheduler, sender};

/// Scheduled notices printed above the prompt as they are delivered.
struct Terminal<P>(Mutex<P>);

impl<P: ExternalPrinter + Send> Sink for Terminal<P> {
    fn print(&self, line: String) {
        // The printer only fails when the terminal is gone; nothing to tell then.
        let _ = self.0.lock().unwrap_or_else(|e| e.into_inner()).print(line);
    }
}

/// Where line history is kept between sessions.
fn history_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".opsdesk_history"))
}

/// Runs the prompt loop on this (blocking) thread; commands and the job runner run on the
/// tokio runtime behind `runtime`.
pub fn run_interactive(mut console: Console, runtime: Runtime) -> anyhow::Result<()> {
    let mut editor = DefaultEditor::new()?;
    if let Some(path) = history_path() {
        // No history yet is the normal first run.
        let _ = editor.load_history(&path);
    }
    let printer = editor.create_external_printer()?;
    let (stop, stopped) = tokio::sync::watch::channel(());
    let service = console.service.clone();
    let clock: Arc<dyn Clock> = console.clock();
    let outbox = Arc::new(Notify::new());
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<()>| async move {
        let _ = stopped.changed().await;
    };
    let runner = runtime.spawn(scheduler::run(
        service.clone(),
        clock.clone(),
        console.wake(),
        outbox.clone(),
        until_stopped(stopped.clone()),
    ));
    let lines = Printer::new(console.attachments_folder().to_path_buf());
    let transport: Arc<dyn Transport> =
        Arc::new(LinePrinter::new(Terminal(Mutex::new(printer)), lines));
    let delivery = runtime.spawn(sender::run(
        service,
        transport,
        clock,
        outbox,
        until_stopped(stopped),
    ));
    println!(
        "{}",
        runtime.block_on(console.note("console-welcome")).join("\n")
    );
    for out in runtime.block_on(console.resume()) {
        println!("{out}");
    }
    loop {
        let prompt = format!("{}> ", console.actor);
        match editor.readline(&prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                for out in runtime.block_on(console.line(&line)) {
                    println!("{out}");
                }
            }
            Err(ReadlineError::Interrupted | ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    let _ = stop.send(());
    let _ = runtime.block_on(runner);
    let _ = runtime.block_on(delivery);
    if let Some(path) = history_path() {
        if let Err(e) = editor.save_history(&path) {
            tracing::warn!(error = %e, "could not save the console history");
        }
    }
    Ok(())
}
