//! What due jobs do. Each job re-reads what it is about when it runs: a job that no longer
//! applies (the clock was met, paused or moved) finishes without a word.

use serde_json::{json, Map};

use super::sla_jobs;
use super::tasks::Stage;
use super::work::Work;
use crate::core::domain::object::ObjectId;
use crate::core::domain::org::Role;
use crate::core::domain::sla::SlaStage;
use crate::core::jobs::{JobKind, JobRow};
use crate::core::store::MemberFilter;
use crate::i18n::Msg;

/// What a job left of its row.
pub(super) enum Ran {
    /// Its work is done: the runner marks the row run.
    Done,
    /// It set its row itself: re-armed for its next run, or marked run with what it
    /// remembers (the SLA chain, [`super::sla_jobs`]).
    Settled,
}

pub(super) async fn run(work: &mut Work<'_>, row: &JobRow) -> anyhow::Result<Ran> {
    let ran = match row.decode() {
        Ok(JobKind::SlaWarning(chain)) => {
            return sla_jobs::run(work, row, chain, SlaStage::Warning).await
        }
        Ok(JobKind::SlaBreach(chain)) => {
            return sla_jobs::run(work, row, chain, SlaStage::Breach).await
        }
        Ok(JobKind::TaskReminder { task, due }) => {
            super::tasks::remind(work, task, due, Stage::Before).await
        }
        Ok(JobKind::TaskDue { task, due }) => {
            super::tasks::remind(work, task, due, Stage::Due).await
        }
        Ok(JobKind::TaskOverdue { task, due }) => {
            super::tasks::remind(work, task, due, Stage::Overdue).await
        }
        Ok(JobKind::ApprovalStale {
            approval,
            step,
            expire,
        }) => super::approvals::stale(work, approval, step, expire).await,
        Ok(JobKind::TaskEscalation { task, due }) => {
            super::tasks::overdue_past_grace(work, task, due).await
        }
        Ok(JobKind::EscalationTimeout {
            escalation,
            level,
            reminders,
        }) => super::escalations::timed_out(work, escalation, level, reminders).await,
        Ok(JobKind::EscalationNotice {
            escalation,
            level,
            holder,
        }) => super::escalations::notice_due(work, escalation, level, &holder).await,
        Ok(JobKind::AuditSeal) => super::audit_cmds::daily_seal(work).await,
        Ok(JobKind::Digest { subscription, slot }) => {
            super::digests::run(work, subscription, slot).await
        }
        // A payload this version cannot read would block the queue forever; it is logged and
        // marked done instead.
        Err(e) => {
            tracing::error!(job = row.key, kind = row.kind, error = %e, "unreadable job payload; skipped");
            Ok(())
        }
    };
    ran.map(|()| Ran::Done)
}

/// A job given up after its last attempt: every admin is told (with the reference of the
/// log line that has the details), and the object's history says so.
pub(super) async fn gave_up(
    work: &mut Work<'_>,
    row: &JobRow,
    attempts: u32,
    reference: &str,
) -> anyhow::Result<()> {
    let admins = work.uow.members(&MemberFilter::Everyone).await?;
    for admin in admins.iter().filter(|m| m.role == Role::Admin) {
        work.dm(admin, |_| {
            Msg::new("job-gave-up-notice")
                .arg("attempts", attempts)
                .arg("job", row.kind.as_str())
                .arg("subject", row.subject.as_str())
                .arg("reference", reference)
        });
    }
    if let Ok(object) = ObjectId::parse(&row.subject) {
        let mut after = Map::new();
        after.insert("job".into(), json!(row.kind));
        after.insert("attempts".into(), json!(attempts));
        after.insert("reference".into(), json!(reference));
        work.record(object, "job.gave_up", (Map::new(), after));
    }
    // An SLA event given up hands over to the ticket's next one, as it would have run.
    if let Some((chain, stage)) = row.decode().ok().and_then(JobKind::sla_chain) {
        sla_jobs::settle(work, chain, stage, row.due_at).await?;
    }
    Ok(())
}
