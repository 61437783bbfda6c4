//! Sealing the trail: `/audit seal` now, and the daily seal job. A seal is recorded (the
//! seals table and its own event, see [`Work::seal`]) and posted to the audit channel
//! through the outbox, in the same transaction.

use chrono::{DateTime, Utc};

use crate::core::audit::seals::Seal;
use crate::core::domain::object::ObjectId;
use crate::core::jobs::{Job, JobKind};
use crate::core::policy::{self, Action};
use crate::core::service::work::{Ctx, Step, Work};
use crate::core::store::StoreError;
use crate::core::time::{local, next_daily};
use crate::i18n::Msg;

pub(in crate::core::service) async fn seal(ctx: &mut Ctx<'_>) -> Step {
    policy::check(&ctx.actor, Action::SealAudit, "")?;
    let reply = match seal_and_post(&mut ctx.work).await? {
        Some(seal) => Msg::new("audit-sealed")
            .arg("number", seal.number)
            .arg("seq", seal.head.seq)
            .arg("channel", ctx.work.settings.seals.channel.as_str()),
        None => Msg::new("audit-nothing-to-seal"),
    };
    ctx.reply(reply);
    Ok(())
}

/// The daily seal: made unless nothing but the last seal's own event happened since it, then
/// the next day's is scheduled.
pub(in crate::core::service) async fn daily_seal(work: &mut Work<'_>) -> anyhow::Result<()> {
    let last = work.uow.audit_seals().await?.pop();
    let head = work.uow.audit_head().await?;
    let news = match (&last, &head) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(seal), Some(head)) => head.seq > seal.head.seq + 1,
    };
    if news {
        seal_and_post(work).await?;
    }
    let now = work.now;
    schedule(
        work,
        &[next_daily(
            now,
            work.settings.seals.daily_at,
            work.settings.default_tz,
        )],
    )
    .await
}

/// At start: the next daily seal, and — when the trail was sealed before the last daily
/// time passed (opsdesk was down then) — that missed one too, which runs at once. A missed
/// one that has run already stays run.
pub(in crate::core::service) async fn schedule_at_start(work: &mut Work<'_>) -> anyhow::Result<()> {
    let (daily_at, tz) = (work.settings.seals.daily_at, work.settings.default_tz);
    let now = work.now;
    let next = next_daily(now, daily_at, tz);
    // The last daily time at or before now, stepping forward from two days back (days are
    // 23 to 25 hours long).
    let mut previous = next_daily(now - chrono::Duration::days(2), daily_at, tz);
    loop {
        let later = next_daily(previous, daily_at, tz);
        if later > now {
            break;
        }
        previous = later;
    }
    let mut due = vec![next];
    let last = work.uow.audit_seals().await?.pop();
    if last.is_some_and(|seal| seal.at < previous) {
        due.insert(0, previous);
    }
    schedule(work, &due).await
}

/// Makes `due` the pending daily seals, keyed by their local date.
async fn schedule(work: &mut Work<'_>, due: &[DateTime<Utc>]) -> anyhow::Result<()> {
    let tz = work.settings.default_tz;
    let jobs: Vec<Job> = due
        .iter()
        .map(|at| Job {
            key: format!("audit:seal:{}", at.with_timezone(&tz).date_naive()),
            subject: ObjectId::Audit,
            due_at: *at,
            kind: JobKind::AuditSeal,
        })
        .collect();
    Ok(work.uow.replace_jobs(&ObjectId::Audit, &jobs).await?)
}

/// Seals the head and posts the seal to the audit channel, with what to type to check it.
async fn seal_and_post(work: &mut Work<'_>) -> Result<Option<Seal>, StoreError> {
    let Some(seal) = work.seal().await? else {
        return Ok(None);
    };
    let posted = seal.clone();
    work.post_to_audit_channel(move |tz| {
        Msg::new("audit-seal-notice")
            .arg("number", posted.number)
            .arg("seq", posted.head.seq)
            .arg("hash", posted.head.hash.as_str())
            .arg("at", local(posted.at, tz))
            .arg("token", posted.head.token())
    });
    Ok(Some(seal))
}
