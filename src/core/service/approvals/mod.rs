//! `/approval …`: requests decided step by step by the people the policy names, with
//! out-of-office delegation and expiry of stalled steps. Who decides, whose vote counts and
//! what a decision does are the domain's rules ([`rules`]); who may look is [`policy`]'s; how
//! a request looks is [`card`]'s. This module loads, asks them, saves and tells people.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{json, Map};

use super::work::{Ctx, Failure, Notice, Step, Work};
use super::{budgets, escalations};
use crate::core::audit::replay;
use crate::core::command::ApprovalCommand;
use crate::core::domain::approval::rules::{self, Effect};
use crate::core::domain::approval::{
    Approval, ApprovalId, ApprovalStatus, ApprovalView, Decision, Delegation, Verdict,
};
use crate::core::domain::approval_policy::{self as approval_policy, Approver, ExpiryAction};
use crate::core::domain::budget::Period;
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::money::{self, Money};
use crate::core::domain::object::titled_choice;
use crate::core::domain::org::{Department, Member, Role};
use crate::core::domain::text::{Body, Title};
use crate::core::jobs::{Job, JobKind};
use crate::core::outbound::NoticeKind;
use crate::core::policy::{self, Action};
use crate::core::store::{ApprovalFilter, MemberFilter, UnitOfWork};
use crate::core::time::due::{parse_due, DueContext};
use crate::i18n::{Locale, Msg};

mod card;
mod reassign;

pub(super) use reassign::organisation_changed;

/// Longest list shown at once.
const LIST_LIMIT: u32 = 50;

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: ApprovalCommand) -> Step {
    match cmd {
        ApprovalCommand::Request {
            kind,
            title,
            amount,
            dept,
            details,
            period,
        } => {
            let what = Requested {
                kind: &kind,
                title,
                amount: amount.as_deref(),
                details,
                period,
            };
            request(ctx, what, dept).await
        }
        ApprovalCommand::Approve { id, comment } => {
            decide(ctx, id, Verdict::Approve, comment).await
        }
        ApprovalCommand::Reject { id, reason } => {
            decide(ctx, id, Verdict::Reject, Some(reason)).await
        }
        ApprovalCommand::Withdraw { id } => withdraw(ctx, id).await,
        ApprovalCommand::Show { id } => show(ctx, id).await,
        ApprovalCommand::List { view } => list(ctx, view).await,
        ApprovalCommand::Delegate { to, until } => delegate(ctx, &to, &until).await,
        ApprovalCommand::DelegateOff => delegate_off(ctx).await,
    }
}

/// What `/approval request` asks for.
struct Requested<'a> {
    kind: &'a str,
    title: Title,
    amount: Option<&'a str>,
    details: Option<Body>,
    /// The budget a `budget` request raises.
    period: Option<Period>,
}

async fn request(ctx: &mut Ctx<'_>, what: Requested<'_>, dept: Option<DeptKey>) -> Step {
    let Requested {
        kind,
        title,
        amount,
        details,
        period,
    } = what;
    let policies = &ctx.work.settings.approvals;
    // The kind decides the amount's default currency; the policy then checks the amount
    // (required, not used, or in the wrong currency for its thresholds).
    let currency = policies.kind(kind).and_then(|k| k.currency);
    let amount = amount
        .map(|text| Money::parse(text, currency, ctx.locale()).map_err(Msg::from))
        .transpose()?;
    let (policy, counted) = policies.check_request(kind, amount).map_err(Msg::from)?;
    let mut policy_steps = policy.steps_for(counted);
    let dept_key = match dept.or_else(|| ctx.actor.dept.clone()) {
        Some(key) => key,
        None => return Err(Msg::new("error-approval-dept-required").into()),
    };
    let dept = ctx.department(&dept_key).await?;
    let director = Approver::Role(Role::Director);
    let director_planned = policy_steps.iter().any(|s| s.approvers.contains(&director));
    let budget = budgets::assess(ctx, kind, amount, period, &dept, director_planned).await?;
    // Over budget, a director decides too (issue #13): a step of its own, at the end.
    let director_step = approval_policy::Step {
        approvers: vec![director],
        quorum: approval_policy::Quorum::Any,
        above: None,
        up_to: None,
    };
    if budget.adds_director() {
        policy_steps.push(&director_step);
    }
    let members = ctx.work.uow.members(&MemberFilter::Everyone).await?;
    let steps = rules::plan(
        &policy_steps,
        &dept.key,
        &members,
        &ctx.actor.handle,
        ctx.work.settings.approvals.distinct_steps,
    )?;
    let now = ctx.now();
    let approval = Approval {
        id: ctx.work.uow.next_approval_id().await?,
        content_hash: Approval::content_hash(
            kind,
            title.as_str(),
            amount,
            &dept.key,
            details.as_ref().map(Body::as_str),
        ),
        kind: kind.to_string(),
        title,
        amount,
        rate: counted.and_then(|c| c.rate),
        dept: dept.key.clone(),
        details,
        requester: ctx.actor.handle.clone(),
        status: ApprovalStatus::Pending,
        step: 0,
        steps,
        forms: Some(policy_steps.iter().map(|s| s.approvers.clone()).collect()),
        step_started_at: now,
        created_at: now,
        updated_at: now,
    };
    ctx.work.uow.save_approval(&approval).await?;
    let mut fields = Map::new();
    fields.insert("kind".into(), json!(approval.kind));
    fields.insert("title".into(), json!(approval.title));
    fields.insert(
        "amount".into(),
        json!(approval.amount.map(|m| m.to_string())),
    );
    fields.insert("dept".into(), json!(approval.dept.as_str()));
    fields.insert("details".into(), json!(approval.details));
    fields.insert("requester".into(), json!(approval.requester.as_str()));
    fields.insert("status".into(), json!(approval.status.as_str()));
    fields.insert("current_step".into(), json!(approval.step + 1));
    fields.insert("content_hash".into(), json!(approval.content_hash));
    fields.insert("steps".into(), json!(replay::approvers(&approval)));
    ctx.record(approval.id, "approval.request", (Map::new(), fields));
    schedule(&mut ctx.work, &approval, &dept).await?;
    budgets::record(&mut ctx.work, &approval, budget, &dept).await?;

    ctx.reply(
        Msg::new("approval-requested")
            .arg("id", approval.id.to_string())
            .arg("title", approval.title.clone())
            .arg("waiting", approval.waiting_on()),
    );
    let lines = budgets::lines(&mut ctx.work, &approval, &dept).await?;
    if let Some(notice) = budgets::over_notice(&lines, &approval, &dept.name, ctx.locale()) {
        ctx.reply(notice);
    }
    let locale = ctx.work.channel_locale(&dept);
    let mut card = card::public(&approval, &[], &dept, &lines, locale);
    card.intro = Some(
        Msg::new("approval-card-intro")
            .arg("requester", ctx.actor.handle.as_str())
            .render(locale),
    );
    card::post(&mut ctx.work, &dept, card);
    notify_step(&mut ctx.work, &approval, None).await?;
    Ok(())
}

async fn decide(
    ctx: &mut Ctx<'_>,
    id: ApprovalId,
    verdict: Verdict,
    comment: Option<Body>,
) -> Step {
    let mut approval = load(ctx, id).await?;
    let decisions = ctx.work.uow.decisions(id).await?;
    let delegations = ctx.work.uow.delegations().await?;
    // Whoever decides is checked against the organisation as it is now, not as it was when
    // the request was made (issue #12).
    let members = ctx.work.uow.members(&MemberFilter::Everyone).await?;
    let distinct_steps = ctx.work.settings.approvals.distinct_steps;
    let reassigned = reassign::refresh(&mut approval, &decisions, &members, distinct_steps);
    let today = ctx.now().with_timezone(&ctx.tz()).date_naive();
    let counted = rules::counted_as(
        &ctx.actor.handle,
        &approval,
        &decisions,
        &delegations,
        distinct_steps,
        today,
    )?;
    let now = ctx.now();
    let decision = Decision {
        approval: id,
        step: approval.step,
        approver: counted.clone(),
        by: ctx.actor.handle.clone(),
        verdict,
        comment: comment.map(|c| c.as_str().to_string()),
        content_hash: approval.content_hash.clone(),
        at: now,
    };
    if !ctx.work.uow.insert_decision(&decision).await? {
        return Err(Msg::new("error-approval-already-decided")
            .arg("id", id.to_string())
            .into());
    }
    if let Some(before) = &reassigned {
        reassign::record(&mut ctx.work, &approval, before);
    }
    let before_status = approval.status;
    let before_step = approval.step;
    let all_decisions: Vec<Decision> = decisions
        .iter()
        .cloned()
        .chain(std::iter::once(decision.clone()))
        .collect();
    let effect = rules::progress(&approval, &all_decisions);
    approval.apply(effect, now);
    ctx.work.uow.save_approval(&approval).await?;
    // The last step this decision completed: later than its own when the steps after it go
    // with it (one person holding both roles).
    let last_step = match effect {
        Effect::NextStep { to } => to - 1,
        Effect::Approved => approval.steps.len() - 1,
        Effect::StepOpen | Effect::Rejected => before_step,
    };
    let mut after = Map::new();
    after.insert("step".into(), json!(before_step + 1));
    if last_step > before_step {
        after.insert("also_steps".into(), json!(last_step + 1));
    }
    after.insert("approver".into(), json!(counted.as_str()));
    if counted != ctx.actor.handle {
        after.insert("on_behalf_of".into(), json!(counted.as_str()));
    }
    after.insert("comment".into(), json!(decision.comment));
    after.insert("content_hash".into(), json!(decision.content_hash));
    if approval.status != before_status {
        after.insert("status".into(), json!(approval.status.as_str()));
    }
    // Where the request stands now, so a deep verify can tell a step skipped by hand.
    after.insert("current_step".into(), json!(approval.step + 1));
    let action = match verdict {
        Verdict::Approve => "approval.approve",
        Verdict::Reject => "approval.reject",
    };
    ctx.record(id, action, (Map::new(), after));
    budgets::closed(&mut ctx.work, &approval).await?;
    let dept = ctx.department(&approval.dept).await?;
    schedule(&mut ctx.work, &approval, &dept).await?;
    card::refresh(&mut ctx.work, &approval, &all_decisions, &dept).await?;

    let on_behalf = (counted != ctx.actor.handle).then(|| counted.to_string());
    let mut reply = match verdict {
        Verdict::Approve if last_step > before_step => Msg::new("approval-you-approved-steps")
            .arg("from", before_step + 1)
            .arg("to", last_step + 1),
        Verdict::Approve => Msg::new("approval-you-approved").arg("step", before_step + 1),
        Verdict::Reject => Msg::new("approval-you-rejected").arg("step", before_step + 1),
    }
    .arg("id", id.to_string())
    .arg("steps", approval.steps.len());
    if let Some(principal) = &on_behalf {
        reply = Msg::new("approval-on-behalf")
            .arg("decided", reply)
            .arg("handle", principal.as_str());
    }
    ctx.reply(reply);
    let requester = ctx.member(&approval.requester).await?;
    match effect {
        Effect::NextStep { .. } => notify_step(&mut ctx.work, &approval, None).await?,
        Effect::Approved => {
            let deciders = card::deciders(&all_decisions);
            ctx.notify(&requester, |_| {
                Msg::new("approval-approved-notice")
                    .arg("id", id.to_string())
                    .arg("title", approval.title.clone())
                    .arg("deciders", deciders)
            });
        }
        Effect::Rejected => {
            let reason = decision.comment.clone().unwrap_or_default();
            let by = ctx.actor.handle.to_string();
            ctx.notify(&requester, |_| {
                Msg::new("approval-rejected-notice")
                    .arg("id", id.to_string())
                    .arg("title", approval.title.clone())
                    .arg("by", by)
                    .arg("reason", reason)
            });
        }
        Effect::StepOpen => {
            if let Some(before) = &reassigned {
                reassign::tell(&mut ctx.work, &approval, before).await?;
            }
        }
    }
    if matches!(effect, Effect::Approved | Effect::Rejected) {
        let subject = Subject::Approval(id);
        escalations::subject_ended(&mut ctx.work, &subject, Note::SubjectFinished).await?;
    }
    Ok(())
}

async fn withdraw(ctx: &mut Ctx<'_>, id: ApprovalId) -> Step {
    let mut approval = load(ctx, id).await?;
    if approval.requester != ctx.actor.handle {
        return Err(Msg::new("error-approval-withdraw-not-yours")
            .arg("id", id.to_string())
            .arg("handle", approval.requester.as_str())
            .into());
    }
    approval.require_pending()?;
    approval.status = ApprovalStatus::Withdrawn;
    approval.updated_at = ctx.now();
    ctx.work.uow.save_approval(&approval).await?;
    let mut after = Map::new();
    after.insert("status".into(), json!("withdrawn"));
    let mut before = Map::new();
    before.insert("status".into(), json!("pending"));
    ctx.record(id, "approval.withdraw", (before, after));
    budgets::closed(&mut ctx.work, &approval).await?;
    let dept = ctx.department(&approval.dept).await?;
    schedule(&mut ctx.work, &approval, &dept).await?;
    let decisions = ctx.work.uow.decisions(id).await?;
    card::refresh(&mut ctx.work, &approval, &decisions, &dept).await?;
    ctx.reply(Msg::new("approval-withdrawn").arg("id", id.to_string()));
    let subject = Subject::Approval(id);
    escalations::subject_ended(&mut ctx.work, &subject, Note::SubjectWithdrawn).await?;
    if let Some(step) = approval.current().cloned() {
        for handle in &step.approvers {
            if let Some(m) = ctx.work.uow.member(handle).await? {
                ctx.notify(&m, |_| {
                    Msg::new("approval-withdrawn-notice")
                        .arg("id", id.to_string())
                        .arg("title", approval.title.clone())
                });
            }
        }
    }
    Ok(())
}

/// Checks the actor may read request `id` and its history (for `/audit show`).
pub(super) async fn check_history(ctx: &mut Ctx<'_>, id: ApprovalId) -> Step {
    let approval = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ViewApproval(&approval), "")?;
    Ok(())
}

async fn show(ctx: &mut Ctx<'_>, id: ApprovalId) -> Step {
    let mut approval = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ViewApproval(&approval), "")?;
    let decisions = ctx.work.uow.decisions(id).await?;
    // Shown as the organisation is now. Every change to it already resolved the stored
    // approvers again, so this only differs for an organisation changed behind opsdesk's
    // back; nothing is saved by a look.
    let members = ctx.work.uow.members(&MemberFilter::Everyone).await?;
    let distinct_steps = ctx.work.settings.approvals.distinct_steps;
    reassign::refresh(&mut approval, &decisions, &members, distinct_steps);
    let dept = ctx.department(&approval.dept).await?;
    let lines = budgets::lines(&mut ctx.work, &approval, &dept).await?;
    let card = card::record(&approval, &decisions, &dept, &lines, ctx.locale(), ctx.tz());
    ctx.reply_card(card, false);
    Ok(())
}

async fn list(ctx: &mut Ctx<'_>, view: ApprovalView) -> Step {
    let me = ctx.actor.handle.clone();
    let approvals = match view {
        ApprovalView::Mine => {
            ctx.work
                .uow
                .approvals(&ApprovalFilter::RequestedBy(me.clone()), LIST_LIMIT)
                .await?
        }
        ApprovalView::Waiting => {
            let delegations = ctx.work.uow.delegations().await?;
            let today = ctx.now().with_timezone(&ctx.tz()).date_naive();
            let principals: Vec<Handle> = std::iter::once(me.clone())
                .chain(
                    delegations
                        .iter()
                        .filter(|d| d.to == me && d.in_force(today))
                        .map(|d| d.from.clone()),
                )
                .collect();
            ctx.work
                .uow
                .approvals(&ApprovalFilter::Pending, 500)
                .await?
                .into_iter()
                .filter(|a| a.requester != me)
                .filter(|a| {
                    a.current()
                        .is_some_and(|s| s.approvers.iter().any(|h| principals.contains(h)))
                })
                .take(LIST_LIMIT as usize)
                .collect()
        }
    };
    if approvals.is_empty() {
        ctx.reply_private(Msg::new("approval-list-empty"));
        return Ok(());
    }
    ctx.reply_text(card::list(&approvals, ctx.locale()), true);
    Ok(())
}

async fn delegate(ctx: &mut Ctx<'_>, to: &Handle, until: &str) -> Step {
    if to == &ctx.actor.handle {
        return Err(Msg::new("error-delegate-self").into());
    }
    ctx.member(to).await?;
    let tz = ctx.tz();
    let today = ctx.now().with_timezone(&tz).date_naive();
    let until = read_until(ctx, until, tz)?;
    if until < today {
        return Err(Msg::new("error-delegate-past")
            .arg("until", until.to_string())
            .into());
    }
    let delegation = Delegation {
        from: ctx.actor.handle.clone(),
        to: to.clone(),
        until,
    };
    ctx.work.uow.set_delegation(&delegation).await?;
    let mut after = Map::new();
    after.insert("to".into(), json!(to.as_str()));
    after.insert("until".into(), json!(until.to_string()));
    ctx.record(
        ctx.actor.handle.clone(),
        "approval.delegate",
        (Map::new(), after),
    );
    ctx.reply(
        Msg::new("approval-delegated")
            .arg("handle", to.as_str())
            .arg("until", until.to_string()),
    );
    let me = ctx.actor.handle.to_string();
    let delegate = ctx.member(to).await?;
    ctx.notify(&delegate, |_| {
        Msg::new("approval-delegated-notice")
            .arg("handle", me)
            .arg("until", until.to_string())
    });
    Ok(())
}

async fn delegate_off(ctx: &mut Ctx<'_>) -> Step {
    let me = ctx.actor.handle.clone();
    if !ctx.work.uow.remove_delegation(&me).await? {
        return Err(Msg::new("error-delegate-none").into());
    }
    let mut before = Map::new();
    before.insert("delegation".into(), json!("on"));
    ctx.record(me.clone(), "approval.delegate_off", (before, Map::new()));
    ctx.reply(Msg::new("approval-delegation-off"));
    Ok(())
}

/// `until:` as a date: ISO, or any due-date form, read in the actor's zone.
fn read_until(ctx: &Ctx<'_>, text: &str, tz: Tz) -> Result<NaiveDate, Failure> {
    if let Ok(date) = text.trim().parse::<NaiveDate>() {
        return Ok(date);
    }
    let calendar = ctx.work.settings.office_calendar(tz);
    let due_ctx = DueContext {
        now: ctx.now(),
        tz,
        calendar: &calendar,
    };
    match parse_due(text, &due_ctx) {
        Ok(at) => Ok(at.with_timezone(&tz).date_naive()),
        Err(e) => Err(Msg::from(e).into()),
    }
}

/// Stalled-step jobs: a reminder after `stale_after` working time, the kind's `on_expiry`
/// after twice that; none once the request is closed.
async fn schedule(
    work: &mut Work<'_>,
    approval: &Approval,
    dept: &Department,
) -> anyhow::Result<()> {
    let mut jobs = Vec::new();
    if approval.status == ApprovalStatus::Pending {
        let span = work.settings.approvals.stale_after;
        let remind_at = dept.calendar.add_span(approval.step_started_at, span);
        let expire_at = dept.calendar.add_span(remind_at, span);
        let (id, step) = (approval.id, approval.step);
        let key = |stage: &str| format!("approval:{}:{step}:{stage}", approval.id);
        jobs.push(Job {
            key: key("remind"),
            subject: approval.id.into(),
            due_at: remind_at,
            kind: JobKind::ApprovalStale {
                approval: id,
                step,
                expire: false,
            },
        });
        jobs.push(Job {
            key: key("expire"),
            subject: approval.id.into(),
            due_at: expire_at,
            kind: JobKind::ApprovalStale {
                approval: id,
                step,
                expire: true,
            },
        });
    }
    Ok(work.uow.replace_jobs(&approval.id.into(), &jobs).await?)
}

/// A stalled step: remind its approvers, or (the second time) expire the request — or, when
/// the kind's policy says to escalate, raise an escalation about it instead.
pub(super) async fn stale(
    work: &mut Work<'_>,
    id: ApprovalId,
    step: usize,
    expire: bool,
) -> anyhow::Result<()> {
    let Some(mut approval) = work.uow.approval(id).await? else {
        return Ok(());
    };
    if approval.status != ApprovalStatus::Pending || approval.step != step {
        return Ok(());
    }
    let Some(current) = approval.current().cloned() else {
        return Ok(());
    };
    if !expire {
        for handle in &current.approvers {
            if let Some(m) = work.uow.member(handle).await? {
                let text = |msg: &'static str| {
                    let title = approval.title.clone();
                    move |_| Msg::new(msg).arg("id", id.to_string()).arg("title", title)
                };
                let notice = Notice {
                    kind: NoticeKind::ApprovalReminder,
                    urgency: approval.step_started_at.timestamp(),
                    full: text("approval-stale-reminder"),
                    line: text("approval-reminder-line"),
                };
                work.dm_notice(&m, notice);
            }
        }
        return Ok(());
    }
    let escalate = work
        .settings
        .approvals
        .kind(&approval.kind)
        .is_some_and(|k| k.on_expiry == ExpiryAction::Escalate);
    if escalate {
        let mut after = Map::new();
        after.insert("step".into(), json!(step + 1));
        work.record(id, "approval.stalled", (Map::new(), after));
        let stalled = Note::ApprovalStalled { step: step + 1 };
        return escalations::raise_by_system(work, Subject::Approval(id), stalled).await;
    }
    approval.status = ApprovalStatus::Expired;
    approval.updated_at = work.now;
    work.uow.save_approval(&approval).await?;
    let mut after = Map::new();
    after.insert("status".into(), json!("expired"));
    work.record(id, "approval.expire", (Map::new(), after));
    budgets::closed(work, &approval).await?;
    if let Some(requester) = work.uow.member(&approval.requester).await? {
        let title = approval.title.clone();
        work.dm(&requester, |_| {
            Msg::new("approval-expired-notice")
                .arg("id", id.to_string())
                .arg("title", title)
                .arg("step", step + 1)
        });
    }
    if let Some(dept) = work.uow.department(&approval.dept).await? {
        schedule(work, &approval, &dept).await?;
        let decisions = work.uow.decisions(id).await?;
        card::refresh(work, &approval, &decisions, &dept).await?;
    }
    escalations::subject_ended(work, &Subject::Approval(id), Note::SubjectFinished).await
}

/// DMs the people the current step waits on (or, given `only`, those of them), and whoever
/// stands in for them.
async fn notify_step(
    work: &mut Work<'_>,
    approval: &Approval,
    only: Option<&[Handle]>,
) -> anyhow::Result<()> {
    let Some(step) = approval.current() else {
        return Ok(());
    };
    let asked: Vec<&Handle> = step
        .approvers
        .iter()
        .filter(|h| only.is_none_or(|only| only.contains(h)))
        .collect();
    let today = work
        .now
        .with_timezone(&work.settings.default_tz)
        .date_naive();
    let delegations = work.uow.delegations().await?;
    let mut recipients: Vec<Handle> = asked.iter().map(|h| (*h).clone()).collect();
    for d in delegations
        .iter()
        .filter(|d| d.in_force(today) && asked.contains(&&d.from))
    {
        if !recipients.contains(&d.to) && d.to != approval.requester {
            recipients.push(d.to.clone());
        }
    }
    // Approvers see the budget before they decide (issue #13); the card alone says when
    // there is none.
    let (mut lines, dept_name) = match work.uow.department(&approval.dept).await? {
        Some(dept) => (budgets::lines(work, approval, &dept).await?, dept.name),
        None => (Vec::new(), String::new()),
    };
    lines.retain(budgets::Line::is_budgeted);
    for handle in recipients {
        if let Some(m) = work.uow.member(&handle).await? {
            let (id, title, requester) = (
                approval.id.to_string(),
                approval.title.clone(),
                approval.requester.to_string(),
            );
            let amount = approval.amount;
            let locale = work.locale_of(&m);
            let ro = locale == Locale::Ro;
            let budget: Vec<String> = lines
                .iter()
                .map(|l| budgets::render_line(l, &dept_name, ro).render(locale))
                .collect();
            work.dm(&m, move |_| {
                let msg = match amount {
                    Some(a) if !budget.is_empty() => Msg::new("approval-asked-notice-budget")
                        .arg("amount", money::format(a, ro))
                        .arg("budget", budget.join("; ")),
                    Some(a) => {
                        Msg::new("approval-asked-notice-amount").arg("amount", money::format(a, ro))
                    }
                    None => Msg::new("approval-asked-notice"),
                };
                msg.arg("id", id.clone())
                    .arg("title", title)
                    .arg("requester", requester)
                    .arg("step", approval.step + 1)
                    .arg("steps", approval.steps.len())
            });
        }
    }
    Ok(())
}

async fn load(ctx: &mut Ctx<'_>, id: ApprovalId) -> Result<Approval, Failure> {
    ctx.work.uow.approval(id).await?.ok_or_else(|| {
        Failure::Refused(Msg::new("error-unknown-approval").arg("id", id.to_string()))
    })
}

/// Pending requests the member made or is asked to decide whose id or title contains `typed`
/// (already lowercased), newest first: the choices of Discord's autocomplete.
pub(super) async fn suggestions(
    uow: &mut dyn UnitOfWork,
    member: &Member,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    Ok(uow
        .approvals(&ApprovalFilter::Pending, 500)
        .await?
        .into_iter()
        .filter(|a| {
            a.requester == member.handle
                || a.current()
                    .is_some_and(|s| s.approvers.contains(&member.handle))
        })
        .filter_map(|a| titled_choice(a.id, &a.title, typed))
        .collect())
}
