//! The job runner: sleeps until the next job is due, then runs every due job (each in its own
//! transaction, through the core) and wakes the sender for what they wrote to the outbox.
//!
//! Jobs are rows; running one marks it done in the same transaction as its effects (its
//! messages included), so a crash before the commit leaves it pending (run again after
//! restart) and a crash after it never runs it twice. A job that fails is tried again later,
//! with its own backoff, and never holds back the jobs behind it.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::core::service::{JobRun, Service};
use crate::core::time::Clock;

/// Upper bound on one sleep, so that a moved clock or a missed wake-up costs at most this.
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// Pause after the store itself failed (the disk, a lock), before looking again.
const STORE_PAUSE: Duration = Duration::from_secs(1);
/// Jobs run per call of [`run_due`]; the rest wait for the next call.
const BATCH: usize = 10_000;

/// What [`run_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    pub done: usize,
    /// Failed, to be tried again later.
    pub failed: usize,
    /// Failed for the last time (the admins were told).
    pub gave_up: usize,
}

/// Runs every job due at `now`, oldest first. An error means the store itself failed; the
/// jobs not run stay pending.
pub async fn run_due(service: &Service, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Ran> {
    let mut ran = Ran::default();
    for _ in 0..BATCH {
        match service.run_next_job(now).await? {
            Some(JobRun::Done(jobs)) => ran.done += jobs,
            Some(JobRun::Failed) => ran.failed += 1,
            Some(JobRun::GaveUp) => ran.gave_up += 1,
            None => break,
        }
    }
    Ok(ran)
}

/// Runs jobs as they fall due until `shutdown` completes. `wake` is notified by whoever
/// schedules new work or moves the clock; `outbox` is notified after each round, for what
/// the jobs wrote and for retries the moved clock made due.
pub async fn run(
    service: Arc<Service>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    outbox: Arc<Notify>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let wait = match run_due(&service, clock.now()).await {
            Ok(_) => {
                outbox.notify_one();
                next_wait(&service, clock.as_ref()).await
            }
            Err(e) => {
                tracing::error!(error = ?e, "could not run scheduled jobs");
                STORE_PAUSE
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = &mut shutdown => return,
        }
    }
}

async fn next_wait(service: &Service, clock: &dyn Clock) -> Duration {
    match service.next_job_time().await {
        Ok(Some(at)) => (at - clock.now())
            .to_std()
            .unwrap_or(Duration::ZERO)
            .min(MAX_SLEEP),
        Ok(None) => MAX_SLEEP,
        Err(e) => {
            tracing::error!(error = ?e, "could not read the job queue");
            STORE_PAUSE
        }
    }
}
