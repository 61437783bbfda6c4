//! The job runner: sleeps until the next job is due, runs every due job (each in its own
//! transaction, through the core), and hands the resulting messages to a sink.
//!
//! Jobs are rows; running one marks it done in the same transaction as its effects, so a
//! crash before the commit leaves it pending (run again after restart) and a crash after it
//! never runs it twice. Messages are delivered after the commit: at most once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::core::outbound::Outbound;
use crate::core::service::Service;
use crate::core::time::Clock;

/// Upper bound on one sleep, so that a moved clock or a missed wake-up costs at most this.
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// Pause before retrying when a job is due but could not run.
const MIN_SLEEP: Duration = Duration::from_millis(500);
/// Jobs run per call of [`run_due`]; the rest wait for the next call.
const BATCH: usize = 10_000;

/// Runs every job due at `now`, oldest first. Stops at the first failure, returning what ran
/// before it together with the error; the failed job stays pending.
pub async fn run_due(
    service: &Service,
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<Outbound>, Option<anyhow::Error>) {
    let mut out = Vec::new();
    for _ in 0..BATCH {
        match service.run_next_job(now).await {
            Ok(Some(messages)) => out.extend(messages),
            Ok(None) => break,
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

/// Runs jobs as they fall due until `shutdown` completes. `wake` is notified by whoever
/// schedules new work or moves the clock.
pub async fn run(
    service: Arc<Service>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    mut sink: impl FnMut(Vec<Outbound>),
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let (out, error) = run_due(&service, clock.now()).await;
        if !out.is_empty() {
            sink(out);
        }
        if let Some(e) = error {
            tracing::error!(error = ?e, "a scheduled job failed; it stays pending");
        }
        let wait = match service.next_job_time().await {
            Ok(Some(at)) => (at - clock.now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(MAX_SLEEP),
            Ok(None) => MAX_SLEEP,
            Err(e) => {
                tracing::error!(error = ?e, "could not read the job queue");
                MAX_SLEEP
            }
        };
        // A job still due now failed; without a floor it would be retried in a tight loop.
        let wait = wait.max(MIN_SLEEP);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = &mut shutdown => return,
        }
    }
}
