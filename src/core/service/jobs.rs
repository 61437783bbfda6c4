//! What due jobs do. Each job re-reads the ticket when it runs: a job that no longer applies
//! (the clock was met, paused or moved) finishes without a word.

use chrono::{DateTime, Utc};
use serde_json::{json, Map};

use super::tasks::Stage;
use super::work::{Notice, Work};
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::escalation_policy::SourceAction;
use crate::core::domain::ids::TicketId;
use crate::core::domain::object::ObjectId;
use crate::core::domain::org::Department;
use crate::core::domain::org::Role;
use crate::core::domain::sla::{clock_state, ClockState, SlaClock, SlaPolicy};
use crate::core::domain::ticket::Priority;
use crate::core::domain::ticket::Ticket;
use crate::core::jobs::{Job, JobKind, JobRow};
use crate::core::outbound::NoticeKind;
use crate::core::store::MemberFilter;
use crate::core::threads::TicketNotice;
use crate::core::time::{compact, local};
use crate::i18n::{Arg, Msg};

/// The warning and breach jobs of every running clock of `ticket`.
pub(super) fn sla_jobs(
    ticket: &Ticket,
    dept: &Department,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for clock in SlaClock::ALL {
        if let ClockState::Running { warn_at, due } =
            clock_state(ticket, clock, &dept.calendar, policy, now)
        {
            let id = &ticket.id;
            let key = |stage: &str| format!("sla:{id}:{}:{stage}", clock.as_str());
            jobs.push(Job {
                key: key("warning"),
                subject: id.clone().into(),
                due_at: warn_at,
                kind: JobKind::SlaWarning {
                    ticket: id.clone(),
                    clock,
                },
            });
            jobs.push(Job {
                key: key("breach"),
                subject: id.clone().into(),
                due_at: due,
                kind: JobKind::SlaBreach {
                    ticket: id.clone(),
                    clock,
                },
            });
        }
    }
    jobs
}

pub(super) async fn run(work: &mut Work<'_>, row: &JobRow) -> anyhow::Result<()> {
    match row.decode() {
        Ok(JobKind::SlaWarning { ticket, clock }) => sla_notice(work, &ticket, clock, false).await,
        Ok(JobKind::SlaBreach { ticket, clock }) => sla_notice(work, &ticket, clock, true).await,
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
    }
}

async fn sla_notice(
    work: &mut Work<'_>,
    id: &TicketId,
    clock: SlaClock,
    breach: bool,
) -> anyhow::Result<()> {
    let Some(ticket) = work.uow.ticket(id).await? else {
        return Ok(());
    };
    let Some(dept) = work.uow.department(ticket.dept()).await? else {
        return Ok(());
    };
    let now = work.now;
    let ClockState::Running { due, .. } =
        clock_state(&ticket, clock, &dept.calendar, &work.settings.sla, now)
    else {
        return Ok(());
    };
    // A warning that comes when the target has already passed is left to the breach job.
    if breach != (due <= now) {
        return Ok(());
    }
    let assignee = match &ticket.assignee {
        Some(handle) => work.uow.member(handle).await?,
        None => None,
    };
    let owner = || match &assignee {
        Some(m) => Arg::from(format!("@{}", m.handle)),
        None => Arg::from(Msg::new("sla-unassigned")),
    };
    let (kind, full, line) = if breach {
        (
            NoticeKind::SlaBreach,
            "sla-breach-notice",
            "sla-breach-line",
        )
    } else {
        (
            NoticeKind::SlaWarning,
            "sla-warning-notice",
            "sla-warning-line",
        )
    };
    let text = |id: &'static str| {
        let (ticket, owner) = (&ticket, owner());
        move |tz| {
            Msg::new(id)
                .arg("id", ticket.id.to_string())
                .arg("clock", clock.label())
                .arg("at", local(due, tz))
                .arg("left", compact(due - now))
                .arg("owner", owner)
                .arg("title", &ticket.title)
        }
    };
    let notice = Notice {
        kind,
        urgency: due.timestamp(),
        full: text(full),
        line: text(line),
    };
    let about = if breach {
        TicketNotice::SlaBreach
    } else {
        TicketNotice::SlaWarning
    };
    match (&assignee, breach) {
        (Some(member), false) => work.dm_notice(member, notice),
        _ => work.post_ticket_notice(&dept, &ticket.id, about, notice),
    }
    // A breach that matters escalates: the resolution clock, and an urgent ticket's first
    // response (the ladder skips the assignee, who already has it).
    let policy = &work.settings.escalations;
    let escalates = breach
        && policy.sla_breach == SourceAction::Escalate
        && (clock == SlaClock::Resolution || ticket.priority == Priority::Urgent);
    if escalates {
        let subject = Subject::Ticket(ticket.id.clone());
        super::escalations::raise_by_system(work, subject, Note::SlaBreached { clock }).await?;
    }
    let action = if breach { "sla.breach" } else { "sla.warning" };
    let mut after = Map::new();
    after.insert("clock".into(), json!(clock.as_str()));
    after.insert("due".into(), json!(due.to_rfc3339()));
    work.record(ticket.id.clone(), action, (Map::new(), after));
    Ok(())
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
    Ok(())
}
