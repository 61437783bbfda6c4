//! Digests due at one instant run together: the job runner hands the first digest job it
//! claims here, and every digest job due after it, up to the first job of another kind, runs
//! in the same unit of work, reading what they share once ([`super::shared`]).
//!
//! At 08:30 on a weekday every manager and director has a digest due, and most of what each
//! reads is what the others read too (their departments' figures, the same chart). Each job
//! still does all it would do alone — its digest, its subscription, its next slot, its audit
//! event, its messages under its own key — so the outcome is the same as running them one by
//! one; only the reads are shared. A job that fails rolls the whole batch back, and the
//! runner then takes the jobs one at a time, so that a failure is counted against its own job
//! alone.

use chrono::{DateTime, Utc};

use super::job;
use super::shared::Shared;
use crate::core::domain::object::System;
use crate::core::jobs::{JobKind, JobRow};
use crate::core::service::work::Work;
use crate::core::service::Settings;
use crate::core::store::UnitOfWork;

/// Most digests one unit of work runs: the write lock is held for all of them.
const MOST: usize = 200;

/// The subscription and slot of a digest job; `None` for a job of another kind.
pub(in crate::core::service) fn digest_of(
    row: &JobRow,
) -> Option<(crate::core::domain::digest::DigestId, i64)> {
    match row.decode() {
        Ok(JobKind::Digest { subscription, slot }) => Some((subscription, slot)),
        _ => None,
    }
}

/// Runs the claimed digest job `first`, then every digest job due after it up to the first
/// job of another kind (at most [`MOST`]), in `uow`, and commits. How many ran.
pub(in crate::core::service) async fn run_together(
    mut uow: Box<dyn UnitOfWork>,
    first: JobRow,
    now: DateTime<Utc>,
    settings: &Settings,
) -> anyhow::Result<usize> {
    let mut shared = Shared::default();
    let mut row = first;
    let mut ran = 0;
    while let Some((id, slot)) = digest_of(&row) {
        let origin = format!("job:{}", row.key);
        let mut work = Work::new(uow, now, settings, System::Scheduler.into(), origin);
        job::run(&mut work, &mut shared, id, slot).await?;
        work.uow.complete_job(&row.key, now).await?;
        // A job's own replies: there are none, it answers nobody.
        (uow, _) = work.write_out().await?;
        ran += 1;
        if ran == MOST {
            break;
        }
        match uow.claim_due_job(now).await? {
            Some(next) => row = next,
            None => break,
        }
    }
    uow.commit().await?;
    Ok(ran)
}
