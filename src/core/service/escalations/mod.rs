//! `/escalate` and `/escalation …`: raising a problem up the ladder, and the holder's side —
//! acknowledge, resolve, look. Problems that nobody acts on are raised here too, by the
//! scheduler (a breached SLA, an overdue task, a stalled approval), and an escalation ends on
//! its own when its subject does.
//!
//! The climb itself (who holds each level, when it times out, who is told when) is in
//! [`ladder`]; how an escalation looks, in [`card`].

pub(super) mod card;
mod ladder;

use serde_json::{json, Map};

use super::tickets;
use super::work::{Ctx, Failure, Step, Work};
use crate::core::command::{EscalateCommand, EscalationCommand};
use crate::core::domain::escalation::{
    is_urgent, Escalation, EscalationId, EscalationStatus, EscalationView, Note, Subject,
};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::object::{Actor, System};
use crate::core::domain::org::{Department, Member};
use crate::core::domain::text::{Body, Title, TITLE_MAX};
use crate::core::domain::ticket::Priority;
use crate::core::domain::{approval::ApprovalStatus, task::TaskStatus};
use crate::core::policy::{self, Action};
use crate::core::store::{EscalationFilter, UnitOfWork};
use crate::i18n::Msg;

pub(super) use ladder::{notice_due, timed_out};

/// Longest list shown at once.
const LIST_LIMIT: u32 = 50;

pub(super) async fn escalate(ctx: &mut Ctx<'_>, cmd: EscalateCommand) -> Step {
    match cmd {
        EscalateCommand::Subject { subject, reason } => raise_subject(ctx, subject, reason).await,
        EscalateCommand::Customer {
            customer,
            dept,
            summary,
            urgent,
            contact,
        } => complaint(ctx, customer, dept, summary, urgent, contact).await,
    }
}

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: EscalationCommand) -> Step {
    match cmd {
        EscalationCommand::Ack { id, note } => ack(ctx, id, note).await,
        EscalationCommand::Resolve { id, note } => resolve(ctx, id, note).await,
        EscalationCommand::Show { id } => show(ctx, id).await,
        EscalationCommand::List { view, dept } => list(ctx, view, dept).await,
    }
}

/// What the ladder needs to know about a subject.
pub(super) struct SubjectInfo {
    pub dept: Department,
    pub urgent: bool,
    /// Who takes part in it (requester, assignee, delegator, current approvers): they may
    /// escalate it, and the ladder skips those who already have it.
    pub involved: Vec<Handle>,
    /// Skipped by the ladder: whoever it is already waiting on.
    pub skipped: Vec<Handle>,
    pub title: String,
    /// Why it cannot be escalated any more (closed, done, decided), if so.
    pub closed: Option<Msg>,
}

async fn subject_info(work: &mut Work<'_>, subject: &Subject) -> Result<SubjectInfo, Failure> {
    let unknown = |id: &'static str, object: String| Msg::new(id).arg("id", object);
    match subject {
        Subject::Ticket(id) => {
            let ticket = work
                .uow
                .ticket(id)
                .await?
                .ok_or_else(|| unknown("error-unknown-ticket", id.to_string()))?;
            let dept = department(work, ticket.dept()).await?;
            let mut involved = vec![ticket.requester.clone()];
            involved.extend(ticket.assignee.clone());
            Ok(SubjectInfo {
                dept,
                urgent: is_urgent(ticket.priority),
                skipped: ticket.assignee.clone().into_iter().collect(),
                involved,
                title: ticket.title.to_string(),
                closed: (!ticket.status.is_active()).then(|| ticket.status.label()),
            })
        }
        Subject::Task(id) => {
            let task = work
                .uow
                .task(*id)
                .await?
                .ok_or_else(|| unknown("error-unknown-task", id.to_string()))?;
            let mut dept_key = None;
            for handle in [&task.assignee, &task.delegator] {
                if let Some(member) = work.uow.member(handle).await? {
                    dept_key = dept_key.or(member.dept);
                }
            }
            let Some(key) = dept_key else {
                return Err(Msg::new("error-escalate-no-dept")
                    .arg("id", id.to_string())
                    .into());
            };
            let parties = vec![task.assignee.clone(), task.delegator.clone()];
            Ok(SubjectInfo {
                dept: department(work, &key).await?,
                urgent: false,
                skipped: parties.clone(),
                involved: parties,
                title: task.title.to_string(),
                closed: (task.status != TaskStatus::Open).then(|| task.status.label()),
            })
        }
        Subject::Approval(id) => {
            let approval = work
                .uow
                .approval(*id)
                .await?
                .ok_or_else(|| unknown("error-unknown-approval", id.to_string()))?;
            let waiting_on: Vec<Handle> = approval
                .current()
                .map(|s| s.approvers.clone())
                .unwrap_or_default();
            let mut skipped = waiting_on.clone();
            skipped.push(approval.requester.clone());
            Ok(SubjectInfo {
                dept: department(work, &approval.dept).await?,
                urgent: false,
                involved: skipped.clone(),
                skipped,
                title: approval.title.to_string(),
                closed: (approval.status != ApprovalStatus::Pending)
                    .then(|| approval.status.label()),
            })
        }
    }
}

async fn department(work: &mut Work<'_>, key: &DeptKey) -> Result<Department, Failure> {
    work.uow.department(key).await?.ok_or_else(|| {
        Failure::Refused(
            Msg::new("error-unknown-dept")
                .arg("key", key.as_str())
                .arg("known", ""),
        )
    })
}

/// `/escalate ticket:|task:|approval: reason:`: a new escalation at the first level, or, if
/// the subject already has one, that one a level higher.
async fn raise_subject(ctx: &mut Ctx<'_>, subject: Subject, reason: Body) -> Step {
    let info = subject_info(&mut ctx.work, &subject).await?;
    policy::check(
        &ctx.actor,
        Action::Escalate {
            dept: &info.dept.key,
            involved: &info.involved,
        },
        &info.dept.name,
    )?;
    if let Some(status) = &info.closed {
        return Err(Msg::new("error-escalate-closed")
            .arg("id", subject.to_string())
            .arg("status", status.clone())
            .into());
    }
    if let Some(mut escalation) = ctx.work.uow.active_escalation(&subject).await? {
        let by = Actor::Member(ctx.actor.handle.clone());
        let climbed =
            ladder::raise_again(&mut ctx.work, &mut escalation, &info, &by, &reason).await?;
        let reply = if climbed {
            Msg::new("escalation-raised-again")
        } else {
            Msg::new("escalation-already-top")
        };
        ctx.reply(
            reply
                .arg("id", escalation.id.to_string())
                .arg("subject", subject.to_string())
                .arg("level", escalation.level + 1)
                .arg("holders", holders_text(&escalation.holders)),
        );
        return Ok(());
    }
    let raised_by = Actor::Member(ctx.actor.handle.clone());
    let escalation = open(
        &mut ctx.work,
        subject,
        &info,
        raised_by,
        Note::Said { text: reason },
        None,
    )
    .await?;
    ctx.reply(
        Msg::new("escalation-raised")
            .arg("id", escalation.id.to_string())
            .arg("subject", escalation.subject.to_string())
            .arg("holders", holders_text(&escalation.holders)),
    );
    Ok(())
}

/// `/escalate customer:…`: a ticket for the department with the customer's name (high, or
/// urgent), escalated at once, in one transaction.
async fn complaint(
    ctx: &mut Ctx<'_>,
    customer: Title,
    dept: DeptKey,
    summary: Body,
    urgent: bool,
    contact: Option<Title>,
) -> Step {
    let dept = ctx.department(&dept).await?;
    let priority = if urgent {
        Priority::Urgent
    } else {
        Priority::High
    };
    let title = complaint_title(&customer, &summary);
    let ticket = tickets::create(
        ctx,
        &dept,
        title,
        priority,
        Some(customer.clone()),
        Some(summary.clone()),
    )
    .await?;
    let subject = Subject::Ticket(ticket.id.clone());
    let info = subject_info(&mut ctx.work, &subject).await?;
    let raised_by = Actor::Member(ctx.actor.handle.clone());
    let customer_info = Some((customer, contact));
    let escalation = open(
        &mut ctx.work,
        subject,
        &info,
        raised_by,
        Note::Said { text: summary },
        customer_info,
    )
    .await?;
    ctx.reply(
        Msg::new("escalation-complaint-opened")
            .arg("ticket", ticket.id.to_string())
            .arg("id", escalation.id.to_string())
            .arg("holders", holders_text(&escalation.holders)),
    );
    Ok(())
}

/// A complaint's ticket title: the customer and the start of what they said.
fn complaint_title(customer: &Title, summary: &Body) -> Title {
    let first_line = summary.as_str().lines().next().unwrap_or_default();
    let text = format!("{customer} — {first_line}");
    let text = if text.chars().count() > TITLE_MAX {
        let mut cut: String = text.chars().take(TITLE_MAX - 1).collect();
        cut.push('…');
        cut
    } else {
        text
    };
    // Both parts are already valid text, so the title is too.
    Title::parse("summary", &text).unwrap_or_else(|_| customer.clone())
}

/// Opens an escalation about `subject` at the ladder's first level that has someone.
async fn open(
    work: &mut Work<'_>,
    subject: Subject,
    info: &SubjectInfo,
    raised_by: Actor,
    reason: Note,
    customer: Option<(Title, Option<Title>)>,
) -> anyhow::Result<Escalation> {
    let now = work.now;
    let (customer, contact) = match customer {
        Some((customer, contact)) => (Some(customer), contact),
        None => (None, None),
    };
    let mut escalation = Escalation {
        id: work.uow.next_escalation_id().await?,
        subject,
        dept: info.dept.key.clone(),
        raised_by,
        reason,
        customer,
        contact,
        urgent: info.urgent,
        level: 0,
        holders: Vec::new(),
        status: EscalationStatus::Open,
        owner: None,
        resolution: None,
        level_started_at: now,
        reminders: 0,
        created_at: now,
        updated_at: now,
    };
    let mut fields = Map::new();
    fields.insert("subject".into(), json!(escalation.subject.to_string()));
    fields.insert("reason".into(), json!(escalation.reason.audit_value()));
    fields.insert("urgent".into(), json!(escalation.urgent));
    if let Some(customer) = &escalation.customer {
        fields.insert("customer".into(), json!(customer.as_str()));
    }
    work.record(escalation.id, "escalation.raise", (Map::new(), fields));
    ladder::enter(work, &mut escalation, 0, info).await?;
    card::post(work, &escalation, info).await?;
    Ok(escalation)
}

/// A problem nobody acted on, raised by the scheduler: a new escalation, unless the subject
/// already has one (which climbs on its own clock) or is over.
pub(super) async fn raise_by_system(
    work: &mut Work<'_>,
    subject: Subject,
    reason: Note,
) -> anyhow::Result<()> {
    if work.uow.active_escalation(&subject).await?.is_some() {
        return Ok(());
    }
    let info = match subject_info(work, &subject).await {
        Ok(info) => info,
        // A subject that is gone cannot be escalated; nothing to say.
        Err(Failure::Refused(_)) => return Ok(()),
        Err(Failure::Internal(e)) => return Err(e),
    };
    if info.closed.is_some() {
        return Ok(());
    }
    open(work, subject, &info, System::Scheduler.into(), reason, None).await?;
    Ok(())
}

/// The subject of an escalation ended (resolved, done, decided — or withdrawn, cancelled):
/// its active escalation ends with it, saying so.
pub(super) async fn subject_ended(
    work: &mut Work<'_>,
    subject: &Subject,
    how: Note,
) -> anyhow::Result<()> {
    let Some(mut escalation) = work.uow.active_escalation(subject).await? else {
        return Ok(());
    };
    let status = match how {
        Note::SubjectWithdrawn => EscalationStatus::Cancelled,
        _ => EscalationStatus::Resolved,
    };
    close(work, &mut escalation, status, how).await
}

async fn ack(ctx: &mut Ctx<'_>, id: EscalationId, note: Option<Body>) -> Step {
    let mut escalation = load(ctx, id).await?;
    escalation.require_active()?;
    if let Some(owner) = &escalation.owner {
        return Err(Msg::new("error-escalation-already-acked")
            .arg("id", id.to_string())
            .arg("owner", owner.as_str())
            .into());
    }
    let dept = ctx.department(&escalation.dept).await?;
    policy::check(&ctx.actor, Action::HoldEscalation(&escalation), &dept.name)?;
    let me = ctx.actor.handle.clone();
    escalation.status = EscalationStatus::Acknowledged;
    escalation.owner = Some(me.clone());
    escalation.updated_at = ctx.now();
    ctx.work.uow.save_escalation(&escalation).await?;
    let mut after = Map::new();
    after.insert("status".into(), json!(escalation.status.as_str()));
    after.insert("owner".into(), json!(me.as_str()));
    if let Some(note) = &note {
        after.insert("note".into(), json!(note.as_str()));
    }
    ctx.record(id, "escalation.ack", (Map::new(), after));
    ladder::stop(&mut ctx.work, &escalation).await?;
    card::refresh(&mut ctx.work, &escalation).await?;
    ctx.reply(
        Msg::new("escalation-acked")
            .arg("id", id.to_string())
            .arg("subject", escalation.subject.to_string()),
    );
    if let Some(raiser) = raiser(&mut ctx.work, &escalation).await? {
        ctx.notify(&raiser, |_| {
            Msg::new("escalation-acked-notice")
                .arg("id", id.to_string())
                .arg("subject", escalation.subject.to_string())
                .arg("owner", me.as_str())
        });
    }
    Ok(())
}

async fn resolve(ctx: &mut Ctx<'_>, id: EscalationId, note: Body) -> Step {
    let mut escalation = load(ctx, id).await?;
    escalation.require_active()?;
    let dept = ctx.department(&escalation.dept).await?;
    policy::check(&ctx.actor, Action::HoldEscalation(&escalation), &dept.name)?;
    close(
        &mut ctx.work,
        &mut escalation,
        EscalationStatus::Resolved,
        Note::Said { text: note },
    )
    .await?;
    ctx.reply(Msg::new("escalation-resolved").arg("id", id.to_string()));
    Ok(())
}

/// Ends an escalation: its status and note recorded, its clock stopped, its card updated, and
/// whoever raised it told (for a customer complaint: who to call back).
async fn close(
    work: &mut Work<'_>,
    escalation: &mut Escalation,
    status: EscalationStatus,
    how: Note,
) -> anyhow::Result<()> {
    let before = escalation.status;
    escalation.status = status;
    escalation.resolution = Some(how);
    escalation.updated_at = work.now;
    work.uow.save_escalation(escalation).await?;
    let mut change = (Map::new(), Map::new());
    change.0.insert("status".into(), json!(before.as_str()));
    change.1.insert("status".into(), json!(status.as_str()));
    let note = escalation.resolution.as_ref().map(Note::audit_value);
    change.1.insert("note".into(), json!(note));
    let action = match status {
        EscalationStatus::Cancelled => "escalation.cancel",
        _ => "escalation.resolve",
    };
    work.record(escalation.id, action, change);
    ladder::stop(work, escalation).await?;
    card::refresh(work, escalation).await?;
    if let Some(raiser) = raiser(work, escalation).await? {
        let acting = work.actor().member().cloned();
        if acting.as_ref() != Some(&raiser.handle) {
            let escalation = escalation.clone();
            work.dm(&raiser, |tz| card::ended_notice(&escalation, tz));
        }
    }
    Ok(())
}

/// The member who raised the escalation, if a member did.
async fn raiser(work: &mut Work<'_>, escalation: &Escalation) -> anyhow::Result<Option<Member>> {
    match escalation.raised_by.member() {
        Some(handle) => Ok(work.uow.member(handle).await?),
        None => Ok(None),
    }
}

async fn show(ctx: &mut Ctx<'_>, id: EscalationId) -> Step {
    let escalation = load(ctx, id).await?;
    let dept = ctx.department(&escalation.dept).await?;
    policy::check(&ctx.actor, Action::ViewEscalation(&escalation), &dept.name)?;
    let history = ctx.work.uow.audit_of(&id.into()).await?;
    let levels = ctx.work.settings.escalations.levels.len();
    let card = card::record(
        &escalation,
        &dept,
        &history,
        (ctx.locale(), ctx.tz()),
        levels,
    );
    ctx.reply_card(card, false);
    Ok(())
}

/// Checks the actor may read escalation `id` and its history.
pub(super) async fn check_history(ctx: &mut Ctx<'_>, id: EscalationId) -> Step {
    let escalation = load(ctx, id).await?;
    let dept = ctx.department(&escalation.dept).await?;
    policy::check(&ctx.actor, Action::ViewEscalation(&escalation), &dept.name)?;
    Ok(())
}

async fn list(ctx: &mut Ctx<'_>, view: EscalationView, dept: Option<DeptKey>) -> Step {
    if let Some(key) = &dept {
        ctx.department(key).await?;
    }
    let me = ctx.actor.clone();
    let filter = match view {
        EscalationView::All => EscalationFilter::All,
        EscalationView::Open => EscalationFilter::Active,
        EscalationView::Mine => EscalationFilter::HeldBy(me.handle.clone()),
    };
    let shown: Vec<Escalation> = ctx
        .work
        .uow
        .escalations(filter, 500)
        .await?
        .into_iter()
        .filter(|e| dept.as_ref().is_none_or(|d| &e.dept == d))
        .filter(|e| policy::check(&me, Action::ViewEscalation(e), "").is_ok())
        .take(LIST_LIMIT as usize)
        .collect();
    if shown.is_empty() {
        ctx.reply_private(Msg::new("escalation-list-empty"));
        return Ok(());
    }
    let levels = ctx.work.settings.escalations.levels.len();
    let text = card::list(&shown, (ctx.locale(), ctx.tz()), levels);
    ctx.reply_text(text, true);
    Ok(())
}

/// Active escalations the member may see whose id or subject matches `typed` (already
/// lowercased): the choices of Discord's autocomplete.
pub(super) async fn suggestions(
    uow: &mut dyn UnitOfWork,
    member: &Member,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    Ok(uow
        .escalations(EscalationFilter::Active, 500)
        .await?
        .into_iter()
        .filter(|e| policy::check(member, Action::ViewEscalation(e), "").is_ok())
        .map(|e| (e.id.to_string(), format!("{} · {}", e.id, e.subject)))
        .filter(|(_, label)| label.to_lowercase().contains(typed))
        .collect())
}

async fn load(ctx: &mut Ctx<'_>, id: EscalationId) -> Result<Escalation, Failure> {
    ctx.work.uow.escalation(id).await?.ok_or_else(|| {
        Failure::Refused(Msg::new("error-unknown-escalation").arg("id", id.to_string()))
    })
}

/// `@victor, @maria`.
fn holders_text(holders: &[Handle]) -> String {
    holders
        .iter()
        .map(|h| format!("@{h}"))
        .collect::<Vec<_>>()
        .join(", ")
}
