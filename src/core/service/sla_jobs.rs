//! The SLA job of a ticket: one row per ticket (key `sla:{ticket}`), due at the ticket's next
//! SLA event and re-armed in place for the one after (see [`SlaChain`] for why one row and how
//! each event runs at most once).

use chrono::{DateTime, Utc};
use serde_json::{json, Map};

use super::jobs::Ran;
use super::work::{Notice, Work};
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::escalation_policy::SourceAction;
use crate::core::domain::ids::TicketId;
use crate::core::domain::org::Department;
use crate::core::domain::sla::{self, clock_state, ClockState, SlaClock, SlaStage};
use crate::core::domain::ticket::{Priority, Ticket};
use crate::core::jobs::{JobKind, JobRow, SlaChain, StoredJob};
use crate::core::outbound::NoticeKind;
use crate::core::threads::TicketNotice;
use crate::core::time::{compact, local};
use crate::i18n::{Arg, Msg};

/// Points the ticket's SLA job at its next event not yet run, as the ticket is now; marks it
/// run (keeping its memory) while no event is left (clocks paused or met). One read of the
/// job by its key, and a write only when something changed.
pub(super) async fn schedule(
    work: &mut Work<'_>,
    ticket: &Ticket,
    dept: &Department,
) -> anyhow::Result<()> {
    let stored = work.uow.job(&SlaChain::key(&ticket.id)).await?;
    plan(work, ticket, dept, stored).await
}

/// [`schedule`] for a ticket just opened: it has no job yet, so none is read.
pub(super) async fn schedule_new(
    work: &mut Work<'_>,
    ticket: &Ticket,
    dept: &Department,
) -> anyhow::Result<()> {
    plan(work, ticket, dept, None).await
}

/// [`schedule`], the ticket's job as stored being `stored`.
async fn plan(
    work: &mut Work<'_>,
    ticket: &Ticket,
    dept: &Department,
    stored: Option<StoredJob>,
) -> anyhow::Result<()> {
    let key = SlaChain::key(&ticket.id);
    // A payload this version cannot read remembers nothing: at worst an event runs again.
    let fired = stored
        .as_ref()
        .and_then(|s| s.row.decode().ok())
        .and_then(JobKind::sla_chain)
        .map(|(chain, _)| chain.fired)
        .unwrap_or_default();
    let events = sla::events(ticket, &dept.calendar, &work.settings.sla, work.now);
    match (SlaChain::plan(&ticket.id, fired, events), stored) {
        (Some(job), Some(s))
            if s.pending && s.row.due_at == job.due_at && s.row.payload == job.payload() => {}
        (Some(job), _) => work.uow.put_job(&job).await?,
        (None, Some(s)) if s.pending => work.uow.complete_job(&key, work.now).await?,
        (None, _) => {}
    }
    Ok(())
}

/// Runs the event the job `row` is due for, then hands the chain over to the next one.
pub(super) async fn run(
    work: &mut Work<'_>,
    row: &JobRow,
    chain: SlaChain,
    stage: SlaStage,
) -> anyhow::Result<Ran> {
    sla_notice(work, &chain.ticket, chain.clock, stage == SlaStage::Breach).await?;
    settle(work, chain, stage, row.due_at).await
}

/// Counts the chain's event `stage` as run: the job is re-armed for the next event, or marked
/// run when none is left (with the event in its memory, so that a reopened ticket does not
/// plan it again).
pub(super) async fn settle(
    work: &mut Work<'_>,
    chain: SlaChain,
    stage: SlaStage,
    due_at: DateTime<Utc>,
) -> anyhow::Result<Ran> {
    let (job, more) = chain.after(stage, due_at);
    work.uow.put_job(&job).await?;
    if !more {
        work.uow.complete_job(&job.key, work.now).await?;
    }
    Ok(Ran::Settled)
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
