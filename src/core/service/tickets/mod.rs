//! `/ticket …`: open, look, own, talk, and move tickets through their status machine.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use super::escalations;
use super::ratings;
use super::sla_jobs;
use super::threads;
use super::transcripts;
use super::work::{Ctx, Failure, Step, Work};
use crate::core::audit::diff;
use crate::core::command::TicketCommand;
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::org::Department;
use crate::core::domain::sla;
use crate::core::domain::sla::SlaClock;
use crate::core::domain::text::{Body, Title};
use crate::core::domain::ticket::{Comment, Priority, Status, Ticket, TicketFilter, Transition};
use crate::core::outbound::Body as OutBody;
use crate::core::policy::{self, Action};
use crate::core::threads::{status_line, TicketNotice};
use crate::i18n::Msg;

mod card;
mod clocks;
mod read;

use card::public_card;
pub(super) use clocks::clock_text;
use clocks::due_for_actor;
pub(super) use read::suggestions;
use read::{list, show};

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: TicketCommand) -> Step {
    match cmd {
        TicketCommand::Open {
            dept,
            title,
            priority,
            customer,
            details,
        } => open(ctx, dept, title, priority, customer, details).await,
        TicketCommand::Show { id } => show(ctx, &id).await,
        TicketCommand::List {
            dept,
            status,
            assignee,
            mine,
        } => list(ctx, dept, status, assignee, mine).await,
        TicketCommand::Claim { id } => claim(ctx, &id).await,
        TicketCommand::Assign { id, user } => assign(ctx, &id, &user).await,
        TicketCommand::Comment { id, text, internal } => comment(ctx, &id, text, internal).await,
        TicketCommand::Wait { id, reason } => wait(ctx, &id, reason).await,
        TicketCommand::Resume { id } => resume(ctx, &id).await,
        TicketCommand::Resolve { id, resolution } => resolve(ctx, &id, resolution).await,
        TicketCommand::Reopen { id } => reopen(ctx, &id).await,
        TicketCommand::Close { id } => close(ctx, &id).await,
        TicketCommand::Priority { id, priority } => change_priority(ctx, &id, priority).await,
        TicketCommand::Transcript { id } => transcripts::command(ctx, &id).await,
        TicketCommand::Rate { id, score, comment } => ratings::rate(ctx, &id, score, comment).await,
    }
}

async fn open(
    ctx: &mut Ctx<'_>,
    dept: DeptKey,
    title: Title,
    priority: Priority,
    customer: Option<Title>,
    details: Option<Body>,
) -> Step {
    let dept = ctx.department(&dept).await?;
    let ticket = create(ctx, &dept, title, priority, customer, details).await?;
    let first_due = due_for_actor(ctx, &ticket, &dept, SlaClock::FirstResponse);
    ctx.reply(
        Msg::new("ticket-opened")
            .arg("id", ticket.id.to_string())
            .arg("title", ticket.title.clone())
            .arg("priority", priority.label())
            .arg("due", first_due),
    );
    Ok(())
}

/// Opens a ticket requested by the actor: stored, recorded, its SLA clocks scheduled, its
/// card posted in the department's channel. The caller says what to reply.
pub(super) async fn create(
    ctx: &mut Ctx<'_>,
    dept: &Department,
    title: Title,
    priority: Priority,
    customer: Option<Title>,
    details: Option<Body>,
) -> Result<Ticket, Failure> {
    let number = ctx.work.uow.next_ticket_number(&dept.key).await?;
    let now = ctx.now();
    let id = TicketId::new(dept.key.clone(), number);
    let ticket = Ticket {
        details,
        customer,
        ..Ticket::new(id, title, priority, ctx.actor.handle.clone(), now)
    };
    let summary = sla::summary(&ticket, &dept.calendar, &ctx.work.settings.sla, now);
    ctx.work.uow.insert_ticket(&ticket, &summary).await?;
    let mut fields = Map::new();
    fields.insert("title".into(), json!(ticket.title));
    fields.insert("priority".into(), json!(priority.as_str()));
    fields.insert("status".into(), json!(ticket.status.as_str()));
    fields.insert("requester".into(), json!(ticket.requester.as_str()));
    fields.insert("customer".into(), json!(ticket.customer));
    fields.insert("details".into(), json!(ticket.details));
    ctx.record(ticket.id.clone(), "ticket.open", (Map::new(), fields));
    sla_jobs::schedule_new(&mut ctx.work, &ticket, dept).await?;
    let notice = Msg::new("ticket-new-notice").arg("requester", ctx.actor.handle.as_str());
    let locale = ctx.work.channel_locale(dept);
    let mut card = public_card(&ticket, dept, ctx.work.settings, locale, now, false);
    card.intro = Some(notice.render(locale));
    ctx.work.post_body(dept, OutBody::Card(card));
    threads::set_up(&mut ctx.work, &ticket, dept, &[&ticket.requester]);
    Ok(ticket)
}

async fn claim(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    if before.assignee.as_ref() == Some(&ctx.actor.handle) && before.status != Status::Open {
        return Err(Msg::new("error-ticket-already-yours")
            .arg("id", id.to_string())
            .into());
    }
    let mut after = before.clone();
    after.status = before.status.after(Transition::Claim, id)?;
    after.assignee = Some(ctx.actor.handle.clone());
    save(ctx, &before, &after, &dept, "ticket.claim", None).await?;
    ctx.reply(Msg::new("ticket-claimed").arg("id", id.to_string()));
    let me = ctx.actor.handle.to_string();
    notify_requester(ctx, &before, |_| {
        Msg::new("ticket-claimed-notice")
            .arg("id", id.to_string())
            .arg("agent", me)
            .arg("title", after.title.clone())
    })
    .await
}

async fn assign(ctx: &mut Ctx<'_>, id: &TicketId, user: &Handle) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    require_active(&before)?;
    let assignee = ctx.member(user).await?;
    if !policy::may_own(&assignee, &before) {
        return Err(Msg::new("error-assignee-not-staff")
            .arg("handle", user.as_str())
            .arg("dept", dept.name.clone())
            .into());
    }
    if before.assignee.as_ref() == Some(user) {
        return Err(Msg::new("error-ticket-already-assigned")
            .arg("id", id.to_string())
            .arg("handle", user.as_str())
            .into());
    }
    let mut after = before.clone();
    after.assignee = Some(user.clone());
    save(ctx, &before, &after, &dept, "ticket.assign", None).await?;
    ctx.reply(
        Msg::new("ticket-assigned")
            .arg("id", id.to_string())
            .arg("handle", user.as_str()),
    );
    let by = ctx.actor.handle.to_string();
    ctx.notify(&assignee, |_| {
        Msg::new("ticket-assigned-notice")
            .arg("id", id.to_string())
            .arg("by", by)
            .arg("priority", after.priority.label())
            .arg("title", after.title.clone())
    });
    Ok(())
}

async fn comment(ctx: &mut Ctx<'_>, id: &TicketId, text: Body, internal: bool) -> Step {
    let (before, dept) = load(ctx, id).await?;
    let action = if internal {
        Action::WorkTicket(&before)
    } else {
        Action::CommentOnTicket(&before)
    };
    policy::check(&ctx.actor, action, &dept.name)?;
    if before.status == Status::Closed {
        return Err(Msg::new("error-ticket-closed")
            .arg("id", id.to_string())
            .into());
    }
    let now = ctx.now();
    let by_staff = ctx.actor.works_in(&dept.key);
    let mut after = before.clone();
    if by_staff && !internal && after.first_response_at.is_none() {
        after.first_response_at = Some(now);
    }
    // The requester answering a ticket that waits on them puts it back in the queue.
    let resumed = !by_staff && before.status == Status::Waiting;
    if resumed {
        after.status = Status::InProgress;
        after.waiting_reason = None;
        unpause(&mut after, &dept, now);
    }
    ctx.work
        .uow
        .insert_comment(&Comment {
            ticket: id.clone(),
            author: ctx.actor.handle.clone(),
            body: text.clone(),
            internal,
            at: now,
        })
        .await?;
    let mut change = (Map::new(), Map::new());
    change.1.insert("comment".into(), json!(text.as_str()));
    change.1.insert("internal".into(), json!(internal));
    save(ctx, &before, &after, &dept, "ticket.comment", Some(change)).await?;

    let reply = if internal {
        "ticket-commented-internal"
    } else {
        "ticket-commented"
    };
    ctx.reply(Msg::new(reply).arg("id", id.to_string()));
    if internal {
        return Ok(());
    }
    let me = ctx.actor.handle.to_string();
    let notice = |_: Tz| {
        Msg::new("ticket-comment-notice")
            .arg("id", id.to_string())
            .arg("author", me.clone())
            .arg("text", text.as_str())
    };
    if by_staff {
        notify_requester(ctx, &before, notice).await
    } else {
        notify_owner(ctx, &after, &dept, TicketNotice::Comment, notice).await
    }
}

async fn wait(ctx: &mut Ctx<'_>, id: &TicketId, reason: Body) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    let mut after = before.clone();
    after.status = before.status.after(Transition::Wait, id)?;
    after.waiting_reason = Some(reason.clone());
    after.paused_since = Some(ctx.now());
    save(ctx, &before, &after, &dept, "ticket.wait", None).await?;
    ctx.reply(Msg::new("ticket-waiting").arg("id", id.to_string()));
    notify_requester(ctx, &before, |_| {
        Msg::new("ticket-waiting-notice")
            .arg("id", id.to_string())
            .arg("reason", reason.as_str())
    })
    .await
}

async fn resume(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    let mut after = before.clone();
    after.status = before.status.after(Transition::Resume, id)?;
    after.waiting_reason = None;
    unpause(&mut after, &dept, ctx.now());
    save(ctx, &before, &after, &dept, "ticket.resume", None).await?;
    let due = due_for_actor(ctx, &after, &dept, SlaClock::Resolution);
    ctx.reply(
        Msg::new("ticket-resumed")
            .arg("id", id.to_string())
            .arg("due", due),
    );
    Ok(())
}

async fn resolve(ctx: &mut Ctx<'_>, id: &TicketId, resolution: Body) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    let now = ctx.now();
    let mut after = before.clone();
    after.status = before.status.after(Transition::Resolve, id)?;
    after.resolution = Some(resolution.clone());
    after.resolved_at = Some(now);
    after.waiting_reason = None;
    // A resolution answers the requester too.
    after.first_response_at.get_or_insert(now);
    // The clocks stay stopped while resolved; a pause already running (waiting) goes on.
    after.paused_since.get_or_insert(now);
    save(ctx, &before, &after, &dept, "ticket.resolve", None).await?;
    ctx.reply(Msg::new("ticket-resolved").arg("id", id.to_string()));
    ratings::ask(ctx, &after, &resolution).await
}

async fn reopen(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (before, dept) = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ReopenTicket(&before), &dept.name)?;
    let mut after = before.clone();
    after.status = before.status.after(Transition::Reopen, id)?;
    after.resolved_at = None;
    after.resolution = None;
    unpause(&mut after, &dept, ctx.now());
    save(ctx, &before, &after, &dept, "ticket.reopen", None).await?;
    ctx.reply(Msg::new("ticket-reopened").arg("id", id.to_string()));
    // The thread has the line `save` posted; the assignee is told in person.
    if let Some(handle) = &after.assignee {
        let assignee = ctx.member(handle).await?;
        let me = ctx.actor.handle.to_string();
        ctx.notify(&assignee, |_| {
            Msg::new("ticket-reopened-notice")
                .arg("id", id.to_string())
                .arg("by", me)
                .arg("title", after.title.clone())
        });
    }
    Ok(())
}

async fn close(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    let mut after = before.clone();
    after.status = before.status.after(Transition::Close, id)?;
    save(ctx, &before, &after, &dept, "ticket.close", None).await?;
    ctx.reply(Msg::new("ticket-closed").arg("id", id.to_string()));
    transcripts::on_close(ctx, &after, &dept, before.status).await
}

async fn change_priority(ctx: &mut Ctx<'_>, id: &TicketId, priority: Priority) -> Step {
    let (before, dept) = load_for_work(ctx, id).await?;
    require_active(&before)?;
    if before.priority == priority {
        return Err(Msg::new("error-ticket-same-priority")
            .arg("id", id.to_string())
            .arg("priority", priority.label())
            .into());
    }
    let mut after = before.clone();
    after.priority = priority;
    save(ctx, &before, &after, &dept, "ticket.priority", None).await?;
    let due = due_for_actor(ctx, &after, &dept, SlaClock::Resolution);
    ctx.reply(
        Msg::new("ticket-priority-changed")
            .arg("id", id.to_string())
            .arg("priority", priority.label())
            .arg("due", due),
    );
    if let Some(handle) = after.assignee.clone() {
        let assignee = ctx.member(&handle).await?;
        let by = ctx.actor.handle.to_string();
        ctx.notify(&assignee, |_| {
            Msg::new("ticket-priority-notice")
                .arg("id", id.to_string())
                .arg("by", by)
                .arg("priority", priority.label())
        });
    }
    Ok(())
}

/// Loads a ticket and its department, or refuses with "no ticket IT-999".
pub(super) async fn load(
    ctx: &mut Ctx<'_>,
    id: &TicketId,
) -> Result<(Ticket, Department), Failure> {
    let Some(ticket) = ctx.work.uow.ticket(id).await? else {
        return Err(Msg::new("error-unknown-ticket")
            .arg("id", id.to_string())
            .into());
    };
    let dept = ctx.department(ticket.dept()).await?;
    Ok((ticket, dept))
}

/// Loads a ticket that the actor must be staff of its department to change.
async fn load_for_work(ctx: &mut Ctx<'_>, id: &TicketId) -> Result<(Ticket, Department), Failure> {
    let (ticket, dept) = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::WorkTicket(&ticket), &dept.name)?;
    Ok((ticket, dept))
}

fn require_active(ticket: &Ticket) -> Result<(), Failure> {
    if ticket.status.is_active() {
        Ok(())
    } else {
        Err(Msg::new("error-ticket-inactive")
            .arg("id", ticket.id.to_string())
            .arg("status", ticket.status.label())
            .into())
    }
}

/// Ends a pause of the SLA clocks, adding the business time it lasted.
fn unpause(ticket: &mut Ticket, dept: &Department, now: DateTime<Utc>) {
    if let Some(since) = ticket.paused_since.take() {
        ticket.paused_secs += dept.calendar.between(since, now).num_seconds();
    }
}

/// Writes the new state, its audit event (the changed fields plus `extra`), and the SLA
/// jobs that follow from it.
async fn save(
    ctx: &mut Ctx<'_>,
    before: &Ticket,
    after: &Ticket,
    dept: &Department,
    action: &'static str,
    extra: Option<(Map<String, Value>, Map<String, Value>)>,
) -> Step {
    let mut after = after.clone();
    after.updated_at = ctx.now();
    ctx.work.uow.update_ticket(&after).await?;
    let handle = |h: &Option<Handle>| json!(h.as_ref().map(|h| h.as_str()));
    let (mut old, mut new) = diff([
        (
            "status",
            json!(before.status.as_str()),
            json!(after.status.as_str()),
        ),
        (
            "priority",
            json!(before.priority.as_str()),
            json!(after.priority.as_str()),
        ),
        (
            "assignee",
            handle(&before.assignee),
            handle(&after.assignee),
        ),
        (
            "waiting_reason",
            json!(before.waiting_reason),
            json!(after.waiting_reason),
        ),
        (
            "resolution",
            json!(before.resolution),
            json!(after.resolution),
        ),
    ]);
    if let Some((extra_old, extra_new)) = extra {
        old.extend(extra_old);
        new.extend(extra_new);
    }
    ctx.record(after.id.clone(), action, (old, new));
    sync_jobs(&mut ctx.work, &after, dept).await?;
    if before.status.is_active() && !after.status.is_active() {
        let subject = Subject::Ticket(after.id.clone());
        escalations::subject_ended(&mut ctx.work, &subject, Note::SubjectFinished).await?;
    }
    if let Some(assignee) = after
        .assignee
        .as_ref()
        .filter(|_| after.assignee != before.assignee)
    {
        threads::set_up(&mut ctx.work, &after, dept, &[assignee]);
    }
    if let Some(line) = status_line(before, &after, &ctx.actor.handle) {
        let notice = TicketNotice::StatusChange;
        ctx.work
            .post_about_ticket(dept, &after.id, notice, |_| line);
    }
    refresh(&mut ctx.work, &after, dept).await?;
    Ok(())
}

/// Shows the ticket as it is now on its card, wherever it was posted.
async fn refresh(work: &mut Work<'_>, ticket: &Ticket, dept: &Department) -> anyhow::Result<()> {
    let locale = work.channel_locale(dept);
    let thread_lost = threads::is_lost(work, &ticket.id).await?;
    let card = public_card(ticket, dept, work.settings, locale, work.now, thread_lost);
    work.refresh_card(ticket.id.clone(), card);
    Ok(())
}

/// [`refresh`], for a ticket known by its id (one that no longer exists has no card).
pub(super) async fn refresh_card(work: &mut Work<'_>, id: &TicketId) -> anyhow::Result<()> {
    if let Some(ticket) = work.uow.ticket(id).await? {
        if let Some(dept) = work.uow.department(ticket.dept()).await? {
            refresh(work, &ticket, &dept).await?;
        }
    }
    Ok(())
}

/// The SLA job of the ticket as it is now, and its SLA summary (what digests read).
async fn sync_jobs(work: &mut Work<'_>, ticket: &Ticket, dept: &Department) -> anyhow::Result<()> {
    sla_jobs::schedule(work, ticket, dept).await?;
    let summary = sla::summary(ticket, &dept.calendar, &work.settings.sla, work.now);
    work.uow.set_ticket_sla(&ticket.id, &summary).await?;
    Ok(())
}

/// Moves the SLA clocks of the department's active tickets to its calendar as it is now
/// (new hours, zone or holidays), and shows the new deadlines on their cards; returns how
/// many tickets that was.
pub(super) async fn follow_calendar(
    work: &mut Work<'_>,
    dept: &Department,
) -> anyhow::Result<usize> {
    let filter = TicketFilter {
        dept: Some(dept.key.clone()),
        active_only: true,
        limit: u32::MAX,
        ..TicketFilter::default()
    };
    let tickets = work.uow.tickets(&filter).await?.items;
    for ticket in &tickets {
        sync_jobs(work, ticket, dept).await?;
        refresh(work, ticket, dept).await?;
    }
    Ok(tickets.len())
}

/// Tells the ticket's requester (no one, when the requester is the one acting).
async fn notify_requester(ctx: &mut Ctx<'_>, ticket: &Ticket, msg: impl FnOnce(Tz) -> Msg) -> Step {
    let requester = ctx.member(&ticket.requester).await?;
    ctx.notify(&requester, msg);
    Ok(())
}

/// Tells whoever owns the ticket now: the assignee, or the department (in the ticket's
/// thread or its channel, as `about` says: see `core::threads`).
async fn notify_owner(
    ctx: &mut Ctx<'_>,
    ticket: &Ticket,
    dept: &Department,
    about: TicketNotice,
    msg: impl FnOnce(Tz) -> Msg,
) -> Step {
    match &ticket.assignee {
        Some(handle) => {
            let assignee = ctx.member(handle).await?;
            ctx.notify(&assignee, msg);
        }
        None => ctx.work.post_about_ticket(dept, &ticket.id, about, msg),
    }
    Ok(())
}
