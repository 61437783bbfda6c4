//! `/task …`: delegation with due dates read in plain language, reminders that follow the
//! task (moved when it is re-dated or reassigned, dropped when it is done), overdue
//! follow-up in working hours, and repeating series.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use super::escalations;
use super::work::{Ctx, Failure, Notice, Step, Work};
use crate::core::audit::diff;
use crate::core::command::TaskCommand;
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::escalation_policy::SourceAction;
use crate::core::domain::ids::{Handle, TicketId};
use crate::core::domain::object::titled_choice;
use crate::core::domain::org::Member;
use crate::core::domain::task::{Task, TaskFilter, TaskId, TaskStatus, TaskView};
use crate::core::domain::text::{Body, Title};
use crate::core::outbound::Card;
use crate::core::outbound::NoticeKind;
use crate::core::policy::{self, Action};
use crate::core::store::{MemberFilter, UnitOfWork};
use crate::core::time::business_hours::BusinessCalendar;
use crate::core::time::due::{parse_due, DueContext};
use crate::core::time::recurrence::Recurrence;
use crate::core::time::{compact, local};
use crate::i18n::Msg;

mod reminders;

use reminders::task_jobs;

/// Longest list shown at once.
const LIST_LIMIT: u32 = 50;

/// Which reminder a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Before,
    Due,
    Overdue,
}

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: TaskCommand) -> Step {
    match cmd {
        TaskCommand::Assign {
            user,
            title,
            due,
            ticket,
            every,
            details,
        } => assign(ctx, &user, title, &due, ticket, every, details).await,
        TaskCommand::Done { id, note } => done(ctx, id, note).await,
        TaskCommand::Reassign { id, user } => reassign(ctx, id, &user).await,
        TaskCommand::Due { id, due } => redate(ctx, id, &due).await,
        TaskCommand::Cancel { id } => cancel(ctx, id).await,
        TaskCommand::Show { id } => show(ctx, id).await,
        TaskCommand::List { view, user } => list(ctx, view, user).await,
    }
}

async fn assign(
    ctx: &mut Ctx<'_>,
    user: &Handle,
    title: Title,
    due_text: &str,
    ticket: Option<TicketId>,
    every: Option<Recurrence>,
    details: Option<Body>,
) -> Step {
    let assignee = ctx.member(user).await?;
    let dept_name = dept_name(&mut ctx.work, &assignee).await?;
    policy::check(&ctx.actor, Action::DelegateTo(&assignee), &dept_name)?;
    if let Some(id) = &ticket {
        if ctx.work.uow.ticket(id).await?.is_none() {
            return Err(Msg::new("error-unknown-ticket")
                .arg("id", id.to_string())
                .into());
        }
    }
    let calendar = ctx.work.calendar_of(&assignee).await?;
    let due = read_due(ctx, due_text, &calendar)?;
    let now = ctx.now();
    let id = ctx.work.uow.next_task_id().await?;
    let task = Task {
        id,
        title,
        details,
        delegator: ctx.actor.handle.clone(),
        assignee: assignee.handle.clone(),
        due,
        ticket,
        every,
        series: None,
        next_created: false,
        status: TaskStatus::Open,
        note: None,
        created_at: now,
        updated_at: now,
    };
    ctx.work.uow.insert_task(&task).await?;
    ctx.record(id, "task.assign", (Map::new(), created_fields(&task)));
    sync_jobs(&mut ctx.work, &task, &calendar).await?;

    let mut reply = Msg::new("task-assigned")
        .arg("id", id.to_string())
        .arg("handle", assignee.handle.as_str())
        .arg("title", task.title.clone())
        .arg("due", when(&task, ctx.tz(), now));
    if let Some(rule) = &task.every {
        reply = Msg::new("task-assigned-repeating")
            .arg("assigned", reply)
            .arg("every", rule.describe(ctx.locale()));
    }
    ctx.reply(reply);
    note_outside_hours(ctx, &task, &calendar);
    let notice = due_notice("task-assigned-notice", &task, ctx.actor.handle.clone(), now);
    ctx.notify(&assignee, notice);
    Ok(())
}

async fn done(ctx: &mut Ctx<'_>, id: TaskId, note: Option<Body>) -> Step {
    let before = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::FinishTask(&before), "")?;
    before.require_open()?;
    let mut after = before.clone();
    after.status = TaskStatus::Done;
    after.note = note;
    let assignee = ctx.member(&before.assignee).await?;
    let calendar = ctx.work.calendar_of(&assignee).await?;
    let next = next_occurrence(&mut ctx.work, &mut after, &calendar).await?;
    save(ctx, &before, &after, "task.done", &calendar).await?;
    ctx.reply(Msg::new("task-done").arg("id", id.to_string()));
    if let Some(next) = &next {
        let now = ctx.now();
        ctx.reply(
            Msg::new("task-next")
                .arg("id", next.id.to_string())
                .arg("title", next.title.clone())
                .arg("due", when(next, ctx.tz(), now)),
        );
    }
    let delegator = ctx.member(&before.delegator).await?;
    let me = ctx.actor.handle.to_string();
    let note = after.note.clone();
    ctx.notify(&delegator, |_| {
        let msg = Msg::new("task-done-notice")
            .arg("id", id.to_string())
            .arg("handle", me)
            .arg("title", after.title.clone());
        match note {
            Some(n) => Msg::new("task-done-notice-note")
                .arg("done", msg)
                .arg("note", n),
            None => msg,
        }
    });
    Ok(())
}

async fn reassign(ctx: &mut Ctx<'_>, id: TaskId, user: &Handle) -> Step {
    let before = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ManageTask(&before), "")?;
    before.require_open()?;
    if &before.assignee == user {
        return Err(Msg::new("error-task-same-assignee")
            .arg("id", id.to_string())
            .arg("handle", user.as_str())
            .into());
    }
    let new_assignee = ctx.member(user).await?;
    let dept_name = dept_name(&mut ctx.work, &new_assignee).await?;
    policy::check(&ctx.actor, Action::DelegateTo(&new_assignee), &dept_name)?;
    let old_assignee = ctx.member(&before.assignee).await?;
    let mut after = before.clone();
    after.assignee = user.clone();
    let calendar = ctx.work.calendar_of(&new_assignee).await?;
    save(ctx, &before, &after, "task.reassign", &calendar).await?;
    ctx.reply(
        Msg::new("task-reassigned")
            .arg("id", id.to_string())
            .arg("handle", user.as_str()),
    );
    let (by, now) = (ctx.actor.handle.clone(), ctx.now());
    let notice = due_notice("task-assigned-notice", &after, by, now);
    ctx.notify(&new_assignee, notice);
    ctx.notify(&old_assignee, |_| {
        Msg::new("task-reassigned-away")
            .arg("id", id.to_string())
            .arg("handle", user.as_str())
            .arg("title", after.title.clone())
    });
    Ok(())
}

async fn redate(ctx: &mut Ctx<'_>, id: TaskId, due_text: &str) -> Step {
    let before = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ManageTask(&before), "")?;
    before.require_open()?;
    let assignee = ctx.member(&before.assignee).await?;
    let calendar = ctx.work.calendar_of(&assignee).await?;
    let mut after = before.clone();
    after.due = read_due(ctx, due_text, &calendar)?;
    save(ctx, &before, &after, "task.due", &calendar).await?;
    let now = ctx.now();
    ctx.reply(
        Msg::new("task-redated")
            .arg("id", id.to_string())
            .arg("due", when(&after, ctx.tz(), now)),
    );
    note_outside_hours(ctx, &after, &calendar);
    let notice = due_notice("task-redated-notice", &after, ctx.actor.handle.clone(), now);
    ctx.notify(&assignee, notice);
    Ok(())
}

/// Cancels the task and, for a repeating one, the whole series: no more occurrences.
async fn cancel(ctx: &mut Ctx<'_>, id: TaskId) -> Step {
    let task = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ManageTask(&task), "")?;
    task.require_open()?;
    let mut targets = vec![task.clone()];
    if task.every.is_some() {
        let series = task.series.unwrap_or(task.id);
        for other in ctx.work.uow.open_tasks_in_series(series).await? {
            if other.id != task.id {
                targets.push(other);
            }
        }
    }
    let assignee = ctx.member(&task.assignee).await?;
    let calendar = ctx.work.calendar_of(&assignee).await?;
    for before in &targets {
        let mut after = before.clone();
        after.status = TaskStatus::Cancelled;
        // A cancelled occurrence never makes another one.
        after.next_created = true;
        save(ctx, before, &after, "task.cancel", &calendar).await?;
    }
    let reply = if task.every.is_some() {
        "task-cancelled-series"
    } else {
        "task-cancelled"
    };
    ctx.reply(Msg::new(reply).arg("id", id.to_string()));
    let by = ctx.actor.handle.to_string();
    ctx.notify(&assignee, |_| {
        Msg::new("task-cancelled-notice")
            .arg("id", id.to_string())
            .arg("by", by)
            .arg("title", task.title.clone())
    });
    Ok(())
}

async fn show(ctx: &mut Ctx<'_>, id: TaskId) -> Step {
    let task = load_for_view(ctx, id).await?;
    let (locale, tz, now) = (ctx.locale(), ctx.tz(), ctx.now());
    let label = |id: &'static str| Msg::new(id).render(locale);
    let mut fields = vec![
        (label("field-status"), task.status.label().render(locale)),
        (label("field-assignee"), format!("@{}", task.assignee)),
        (label("field-delegator"), format!("@{}", task.delegator)),
    ];
    if let Some(rule) = &task.every {
        fields.push((label("field-repeats"), rule.describe(locale)));
    }
    if let Some(ticket) = &task.ticket {
        fields.push((label("field-ticket"), ticket.to_string()));
    }
    if let Some(note) = &task.note {
        fields.push((label("field-note"), note.to_string()));
    }
    ctx.reply_card(
        Card {
            title: format!("{} · {}", task.id, task.title),
            fields,
            // "due … (in 2d)" or "overdue 1h (was due …)" reads best as a line of its own.
            text: std::iter::once(when(&task, tz, now).render(locale))
                .chain(task.details.iter().map(ToString::to_string))
                .collect(),
            ..Card::default()
        },
        false,
    );
    Ok(())
}

async fn list(ctx: &mut Ctx<'_>, view: TaskView, user: Option<Handle>) -> Step {
    let whose = match &user {
        Some(handle) => {
            let member = ctx.member(handle).await?;
            policy::check(&ctx.actor, Action::ListTasksOf(&member), "")?;
            member.handle
        }
        None => ctx.actor.handle.clone(),
    };
    let now = ctx.now();
    let mut filter = TaskFilter {
        assignee: None,
        delegator: None,
        involving: None,
        due_before: None,
        limit: LIST_LIMIT,
    };
    match view {
        TaskView::Mine => filter.assignee = Some(whose),
        TaskView::Delegated => filter.delegator = Some(whose),
        TaskView::Overdue => {
            filter.involving = Some(whose);
            filter.due_before = Some(now);
        }
    }
    let page = ctx.work.uow.tasks(&filter).await?;
    let tasks = page.items;
    if tasks.is_empty() {
        ctx.reply_private(Msg::new("task-list-empty"));
        return Ok(());
    }
    let (locale, tz) = (ctx.locale(), ctx.tz());
    let partial = page.total > tasks.len() as u64;
    let header = if partial {
        Msg::new("task-list-header-partial")
            .arg("total", page.total)
            .arg("shown", tasks.len())
    } else {
        Msg::new("task-list-header").arg("count", tasks.len())
    };
    let mut lines = vec![header.render(locale)];
    for t in &tasks {
        lines.push(format!(
            "  {} · {} · @{} → @{} · {}",
            t.id,
            when(t, tz, now).render(locale),
            t.delegator,
            t.assignee,
            t.title
        ));
    }
    if partial {
        lines.push(
            Msg::new("task-list-more")
                .arg("rest", page.total - tasks.len() as u64)
                .render(locale),
        );
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// A scheduled reminder fires: it speaks only if the task is still open and still due when
/// the reminder was planned for; the due-time one also starts the overdue follow-up and, for
/// a repeating task, makes the next occurrence.
pub(super) async fn remind(
    work: &mut Work<'_>,
    task: TaskId,
    due: i64,
    stage: Stage,
) -> anyhow::Result<()> {
    let Some(mut task) = work.uow.task(task).await? else {
        return Ok(());
    };
    if task.status != TaskStatus::Open || task.due.timestamp() != due {
        return Ok(());
    }
    let (Some(assignee), Some(delegator)) = (
        work.uow.member(&task.assignee).await?,
        work.uow.member(&task.delegator).await?,
    ) else {
        return Ok(());
    };
    let now = work.now;
    let calendar = work.calendar_of(&assignee).await?;
    let text = |msg: &'static str, task: &Task| {
        let task = task.clone();
        move |tz: Tz| {
            Msg::new(msg)
                .arg("id", task.id.to_string())
                .arg("title", task.title.clone())
                .arg("due", when(&task, tz, now))
        }
    };
    let notice = |kind, msg, task: &Task| Notice {
        kind,
        urgency: task.due.timestamp(),
        full: text(msg, task),
        line: text("task-notice-line", task),
    };
    match stage {
        Stage::Before => work.dm_notice(
            &assignee,
            notice(NoticeKind::TaskReminder, "task-reminder", &task),
        ),
        Stage::Due => {
            // A due time outside working hours is told at the next opening, when it has
            // passed.
            let msg = if now > task.due {
                "task-due-passed"
            } else {
                "task-due-now"
            };
            work.dm_notice(&assignee, notice(NoticeKind::TaskDue, msg, &task));
            // Someone who gave themselves the task needs no second notice.
            if delegator.handle != assignee.handle {
                let assignee_handle = assignee.handle.to_string();
                let (id, title) = (task.id.to_string(), task.title.clone());
                work.dm(&delegator, move |_| {
                    Msg::new("task-overdue-delegator")
                        .arg("id", id)
                        .arg("handle", assignee_handle)
                        .arg("title", title)
                });
            }
            let before = task.clone();
            if let Some(next) = next_occurrence(work, &mut task, &calendar).await? {
                work.uow.update_task(&task).await?;
                work.record(before.id, "task.next", (Map::new(), next_fields(&next)));
                work.dm(&assignee, text("task-next-notice", &next));
            }
        }
        Stage::Overdue => work.dm_notice(
            &assignee,
            notice(NoticeKind::TaskOverdue, "task-overdue-reminder", &task),
        ),
    }
    sync_jobs(work, &task, &calendar).await?;
    Ok(())
}

/// Makes the next occurrence of a repeating task once (when it is done or its due time has
/// passed, whichever comes first), marking `task` as having made it.
async fn next_occurrence(
    work: &mut Work<'_>,
    task: &mut Task,
    calendar: &BusinessCalendar,
) -> anyhow::Result<Option<Task>> {
    let Some(rule) = task.every.clone() else {
        return Ok(None);
    };
    if task.next_created {
        return Ok(None);
    }
    task.next_created = true;
    let tz = match work.uow.member(&task.delegator).await? {
        Some(m) => m.tz,
        None => work.settings.default_tz,
    };
    // Occurrences skipped while nobody finished them are not made up for: the next one is
    // the first still ahead.
    let mut due = rule.next_after(task.due, tz, calendar);
    while due <= work.now {
        due = rule.next_after(due, tz, calendar);
    }
    let next = Task {
        id: work.uow.next_task_id().await?,
        due,
        series: Some(task.series.unwrap_or(task.id)),
        next_created: false,
        status: TaskStatus::Open,
        note: None,
        created_at: work.now,
        updated_at: work.now,
        ..task.clone()
    };
    work.uow.insert_task(&next).await?;
    let mut fields = created_fields(&next);
    fields.extend(next_fields(&next));
    work.record(next.id, "task.assign", (Map::new(), fields));
    sync_jobs(work, &next, calendar).await?;
    Ok(Some(next))
}

/// What a new task's event records: every field a deep verify compares it on (see
/// `core::audit::replay`), the next occurrence of a series included — it is made by the
/// scheduler, so its delegator is not the event's actor.
fn created_fields(task: &Task) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("title".into(), json!(task.title));
    fields.insert("delegator".into(), json!(task.delegator.as_str()));
    fields.insert("assignee".into(), json!(task.assignee.as_str()));
    fields.insert("status".into(), json!(task.status.as_str()));
    fields.insert("due".into(), json!(task.due.to_rfc3339()));
    fields.insert(
        "ticket".into(),
        json!(task.ticket.as_ref().map(|t| t.to_string())),
    );
    fields.insert(
        "every".into(),
        json!(task.every.as_ref().map(|e| e.to_string())),
    );
    fields.insert("details".into(), json!(task.details));
    fields
}

/// The link from a finished occurrence to the next one, recorded on both.
fn next_fields(next: &Task) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("next".into(), json!(next.id.to_string()));
    fields.insert("due".into(), json!(next.due.to_rfc3339()));
    fields.insert("series".into(), json!(next.series.map(|s| s.to_string())));
    fields
}

/// Writes the task, its audit event and its reminders.
async fn save(
    ctx: &mut Ctx<'_>,
    before: &Task,
    after: &Task,
    action: &'static str,
    calendar: &BusinessCalendar,
) -> Step {
    let mut after = after.clone();
    after.updated_at = ctx.now();
    ctx.work.uow.update_task(&after).await?;
    let change = diff([
        (
            "status",
            json!(before.status.as_str()),
            json!(after.status.as_str()),
        ),
        (
            "assignee",
            json!(before.assignee.as_str()),
            json!(after.assignee.as_str()),
        ),
        (
            "due",
            json!(before.due.to_rfc3339()),
            json!(after.due.to_rfc3339()),
        ),
        ("note", json!(before.note), json!(after.note)),
    ]);
    ctx.record(after.id, action, change);
    sync_jobs(&mut ctx.work, &after, calendar).await?;
    let ended = match (before.status, after.status) {
        (TaskStatus::Open, TaskStatus::Done) => Some(Note::SubjectFinished),
        (TaskStatus::Open, TaskStatus::Cancelled) => Some(Note::SubjectWithdrawn),
        _ => None,
    };
    if let Some(how) = ended {
        escalations::subject_ended(&mut ctx.work, &Subject::Task(after.id), how).await?;
    }
    Ok(())
}

/// A task still open `task_overdue_after` past its due time: it escalates (the job is only
/// scheduled when the policy says so).
pub(super) async fn overdue_past_grace(
    work: &mut Work<'_>,
    id: TaskId,
    due: i64,
) -> anyhow::Result<()> {
    let Some(task) = work.uow.task(id).await? else {
        return Ok(());
    };
    if task.status != TaskStatus::Open || task.due.timestamp() != due {
        return Ok(());
    }
    escalations::raise_by_system(work, Subject::Task(id), Note::TaskOverdue).await
}

/// Moves the reminders of the open tasks held by the department's members to its calendar
/// as it is now; returns how many tasks that was.
pub(super) async fn follow_calendar(
    work: &mut Work<'_>,
    dept: &crate::core::domain::org::Department,
) -> anyhow::Result<usize> {
    let mut moved = 0;
    let members = work
        .uow
        .members(&MemberFilter::InDept(dept.key.clone()))
        .await?;
    for member in &members {
        let filter = TaskFilter {
            assignee: Some(member.handle.clone()),
            delegator: None,
            involving: None,
            due_before: None,
            limit: u32::MAX,
        };
        for task in work.uow.tasks(&filter).await?.items {
            if task.status == TaskStatus::Open {
                sync_jobs(work, &task, &dept.calendar).await?;
                moved += 1;
            }
        }
    }
    Ok(moved)
}

async fn sync_jobs(
    work: &mut Work<'_>,
    task: &Task,
    calendar: &BusinessCalendar,
) -> anyhow::Result<()> {
    let policy = &work.settings.escalations;
    let escalate_after =
        (policy.task_overdue == SourceAction::Escalate).then_some(policy.task_overdue_after);
    let jobs = task_jobs(
        task,
        calendar,
        &work.settings.task_reminders,
        escalate_after,
        work.now,
    );
    Ok(work.uow.replace_jobs(&task.id.into(), &jobs).await?)
}

async fn dept_name(work: &mut Work<'_>, member: &Member) -> Result<String, Failure> {
    Ok(match &member.dept {
        Some(key) => work
            .uow
            .department(key)
            .await?
            .map_or_else(|| key.to_string(), |d| d.name),
        None => String::new(),
    })
}

/// Reads a due time in the actor's zone against the assignee's calendar.
fn read_due(
    ctx: &Ctx<'_>,
    text: &str,
    calendar: &BusinessCalendar,
) -> Result<DateTime<Utc>, Failure> {
    let due_ctx = DueContext {
        now: ctx.now(),
        tz: ctx.tz(),
        calendar,
    };
    parse_due(text, &due_ctx).map_err(|e| Msg::from(e).into())
}

/// The caller's open tasks (given or received) whose id or title contains `typed` (already
/// lowercased): autocomplete choices.
pub(super) async fn suggestions(
    uow: &mut dyn UnitOfWork,
    handle: &Handle,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let filter = TaskFilter {
        assignee: None,
        delegator: None,
        involving: Some(handle.clone()),
        due_before: None,
        limit: LIST_LIMIT,
    };
    Ok(uow
        .tasks(&filter)
        .await?
        .items
        .into_iter()
        .filter_map(|t| titled_choice(t.id, &t.title, typed))
        .collect())
}

/// Checks the actor may read the history of task `id` (for `/audit show`): whoever may see it.
pub(super) async fn check_history(ctx: &mut Ctx<'_>, id: TaskId) -> Step {
    load_for_view(ctx, id).await?;
    Ok(())
}

async fn load(ctx: &mut Ctx<'_>, id: TaskId) -> Result<Task, Failure> {
    ctx.work
        .uow
        .task(id)
        .await?
        .ok_or_else(|| Failure::Refused(Msg::new("error-unknown-task").arg("id", id.to_string())))
}

/// Loads a task the actor may see ([`Action::ViewTask`]), or refuses.
async fn load_for_view(ctx: &mut Ctx<'_>, id: TaskId) -> Result<Task, Failure> {
    let task = load(ctx, id).await?;
    let assignee = ctx.member(&task.assignee).await?;
    let dept_name = dept_name(&mut ctx.work, &assignee).await?;
    policy::check(
        &ctx.actor,
        Action::ViewTask(&task, assignee.dept.as_ref()),
        &dept_name,
    )?;
    Ok(task)
}

/// A due time at night, on a day off or a holiday of the assignee is kept as asked, and the
/// reply says so: its reminders come inside working hours (see [`task_jobs`]).
fn note_outside_hours(ctx: &mut Ctx<'_>, task: &Task, calendar: &BusinessCalendar) {
    if let Some(closed) = calendar.closed_because(task.due) {
        ctx.reply(
            Msg::new("task-due-outside-hours")
                .arg("why", closed.as_str())
                .arg("at", local(task.due, ctx.tz()))
                .arg("handle", task.assignee.as_str()),
        );
    }
}

/// A notice about `task` from `by`: its id, title and due time in the reader's zone.
fn due_notice<'a>(
    msg: &'static str,
    task: &'a Task,
    by: Handle,
    now: DateTime<Utc>,
) -> impl FnOnce(Tz) -> Msg + 'a {
    move |tz| {
        Msg::new(msg)
            .arg("id", task.id.to_string())
            .arg("by", by.as_str())
            .arg("title", task.title.clone())
            .arg("due", when(task, tz, now))
    }
}

/// The due time in the reader's zone, with the time left or how late it is.
fn when(task: &Task, tz: Tz, now: DateTime<Utc>) -> Msg {
    if task.due > now {
        Msg::new("task-due-in")
            .arg("at", local(task.due, tz))
            .arg("left", compact(task.due - now))
    } else {
        Msg::new("task-overdue-by")
            .arg("at", local(task.due, tz))
            .arg("late", compact(now - task.due))
    }
}
