//! `/budget …`: budgets set by the books and the top, shown to whoever runs the department;
//! and (in [`requests`]) what every request does to them. Who may set or see a budget is
//! [`policy`]'s, what fits and when to alert the domain's ([`rules`]), how budgets read
//! [`render`]'s. This module loads, asks them, saves and tells people.

mod render;
mod requests;

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{json, Map};

use super::work::{Ctx, Step, Work};
use super::Settings;
use crate::core::command::BudgetCommand;
use crate::core::domain::approval::rules::resolve;
use crate::core::domain::approval::ApprovalStatus;
use crate::core::domain::approval_policy::Approver;
use crate::core::domain::budget::policy::convert;
use crate::core::domain::budget::{rules, Budget, Effect, Entry, EntryState, Figures, Period};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::money::Money;
use crate::core::domain::object::Actor;
use crate::core::domain::org::{Department, Member};
use crate::core::domain::text::Body;
use crate::core::policy::{self, Action};
use crate::core::store::{ApprovalFilter, BudgetFilter, MemberFilter, UnitOfWork};
use crate::i18n::{Locale, Msg};

pub(super) use render::{card_fields, line as render_line, list_line, name, over_notice};
pub(super) use requests::{assess, closed, lines, record, Line};

/// More requests than a department files in a year; a bound on the work of one new budget.
const SWEEP_LIMIT: u32 = 10_000;

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: BudgetCommand) -> Step {
    match cmd {
        BudgetCommand::Set {
            dept,
            period,
            amount,
            note,
        } => set(ctx, &dept, period, &amount, note).await,
        BudgetCommand::Show { dept, period } => show(ctx, dept, period).await,
        BudgetCommand::List { period } => list(ctx, period).await,
    }
}

async fn set(
    ctx: &mut Ctx<'_>,
    key: &DeptKey,
    period: Period,
    text: &str,
    note: Option<Body>,
) -> Step {
    let dept = ctx.department(key).await?;
    let settings = ctx.work.settings;
    let accountant = settings.budgets.is_accountant(&ctx.actor);
    let action = Action::SetBudget {
        dept: &dept.key,
        accountant,
    };
    policy::check(&ctx.actor, action, &dept.name)?;
    let existing = ctx.work.uow.budget(&dept.key, period).await?;
    let currency = existing.as_ref().map_or_else(
        || settings.budgets.currency(&settings.approvals),
        Budget::currency,
    );
    let amount = Money::parse(text, Some(currency), ctx.locale()).map_err(Msg::from)?;
    let name = render::name(&dept.name, period);
    match &existing {
        // The entries already counted are in the budget's currency: it stays in it.
        Some(budget) if amount.currency() != currency => {
            return Err(Msg::new("error-budget-currency-kept")
                .arg("budget", name)
                .arg("currency", budget.currency().code())
                .into())
        }
        None => {
            let accepted = settings.budgets.currencies(&settings.approvals);
            if !accepted.contains(&amount.currency()) {
                let accepted: Vec<&str> = accepted.into_iter().map(|c| c.code()).collect();
                return Err(Msg::new("error-budget-no-rate")
                    .arg("currency", amount.currency().code())
                    .arg("accepted", accepted.join(", "))
                    .into());
            }
        }
        Some(_) => {}
    }
    let now = ctx.now();
    let mut budget = existing.clone().unwrap_or(Budget {
        dept: dept.key.clone(),
        period,
        allocated: amount,
        note: None,
        alerted: 0,
        updated_at: now,
    });
    budget.allocated = amount;
    budget.note = note.or(budget.note);
    budget.updated_at = now;
    ctx.work.uow.save_budget(&budget).await?;
    let fields = |b: &Budget| {
        let mut fields = Map::new();
        fields.insert("allocated".into(), json!(b.allocated.to_string()));
        fields.insert("note".into(), json!(b.note));
        fields
    };
    let before = existing.as_ref().map(fields).unwrap_or_default();
    ctx.record(budget.object(), "budget.set", (before, fields(&budget)));
    if existing.is_none() {
        sweep(&mut ctx.work, &budget, &dept).await?;
    }
    let figures = settle(&mut ctx.work, &mut budget, &dept).await?;
    let ro = ctx.locale() == Locale::Ro;
    let reply = match &existing {
        Some(old) => Msg::new("budget-changed").arg("was", render::money(old.allocated, ro)),
        None => Msg::new("budget-set"),
    };
    ctx.reply(
        reply
            .arg("budget", name.clone())
            .arg("amount", render::money(amount, ro))
            .arg("state", render::state(&figures, ro)),
    );
    let by = ctx.actor.handle.to_string();
    for member in keepers(&mut ctx.work, &dept).await? {
        let ro = ctx.work.locale_of(&member) == Locale::Ro;
        let (name, by) = (name.clone(), by.clone());
        ctx.work.dm(&member, |_| {
            Msg::new("budget-set-notice")
                .arg("budget", name)
                .arg("amount", render::money(amount, ro))
                .arg("by", by)
        });
    }
    Ok(())
}

/// Requests already filed for the period of a budget that did not exist: counted now, at
/// today's rates, so that a budget set in the middle of its quarter knows what was spent
/// before. Requests still waiting are committed, approved ones spent.
async fn sweep(work: &mut Work<'_>, budget: &Budget, dept: &Department) -> anyhow::Result<()> {
    // A day around the period in UTC catches every request made in it in any zone; which
    // month each was made in is then read in the department's zone.
    let midnight = |day: NaiveDate| Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN));
    let day = chrono::Duration::days(1);
    let filter = ApprovalFilter::FiledFor {
        dept: dept.key.clone(),
        from: midnight(budget.period.first_day()) - day,
        to: midnight(budget.period.last_day()) + day * 2,
    };
    let requests = work.uow.approvals(&filter, SWEEP_LIMIT).await?;
    let tz = dept.calendar.tz();
    for approval in requests {
        let state = match approval.status {
            ApprovalStatus::Pending => EntryState::Open,
            ApprovalStatus::Approved => EntryState::Done,
            _ => continue,
        };
        let month = Period::month_of(approval.created_at.with_timezone(&tz).date_naive());
        let Some(amount) = approval.amount else {
            continue;
        };
        if !work.settings.budgets.reserves(&approval.kind) || !budget.period.contains(month) {
            continue;
        }
        let Some(amount) = convert(amount, budget.currency(), &work.settings.approvals.rates)
        else {
            tracing::warn!(approval = %approval.id, budget = %budget.object(), "no rate to count the request in its budget; left out");
            continue;
        };
        let entry = Entry {
            dept: budget.dept.clone(),
            period: budget.period,
            approval: approval.id,
            title: approval.title.clone(),
            effect: Effect::Reserve,
            amount,
            state,
            overrun: None,
            created_at: work.now,
            updated_at: work.now,
        };
        work.uow.save_budget_entry(&entry).await?;
        record_movement(work, &entry, "budget.reserve");
    }
    Ok(())
}

/// Records a reservation's movement (`budget.reserve`, `.spend`, `.release`) in its budget's
/// history.
fn record_movement(work: &mut Work<'_>, entry: &Entry, action: &'static str) {
    let mut after = Map::new();
    after.insert("approval".into(), json!(entry.approval.to_string()));
    after.insert("amount".into(), json!(entry.amount.to_string()));
    let state = match entry.state {
        EntryState::Open => "committed",
        EntryState::Done => "spent",
        EntryState::Released => "released",
    };
    after.insert("state".into(), json!(state));
    work.record(entry.budget_object(), action, (Map::new(), after));
}

/// A budget's figures once its allocation or its entries changed, after telling its keepers
/// of a threshold it reached.
async fn settle(
    work: &mut Work<'_>,
    budget: &mut Budget,
    dept: &Department,
) -> anyhow::Result<Figures> {
    let entries = work.uow.budget_entries(&budget.dept, budget.period).await?;
    let figures = Figures::of(budget, &entries);
    alert(work, budget, &figures, dept).await?;
    Ok(figures)
}

/// Who hears of a department's budget: its manager and the accounting manager, each once,
/// leaving out whoever is acting (people are not told what they did).
async fn keepers(work: &mut Work<'_>, dept: &Department) -> anyhow::Result<Vec<Member>> {
    let members = work.uow.members(&MemberFilter::Everyone).await?;
    let forms = [
        Approver::DeptManager,
        work.settings.budgets.accountant.clone(),
    ];
    let told = resolve(&forms, &dept.key, &members, &[]);
    let actor = work.actor().clone();
    Ok(members
        .into_iter()
        .filter(|m| told.contains(&m.handle) && Actor::Member(m.handle.clone()) != actor)
        .collect())
}

/// Tells the department's manager and the accounting manager when the budget reaches a
/// threshold they were not told of yet (each once), and remembers it.
async fn alert(
    work: &mut Work<'_>,
    budget: &mut Budget,
    figures: &Figures,
    dept: &Department,
) -> anyhow::Result<()> {
    let Some(threshold) = rules::alert_due(figures, budget.alerted) else {
        return Ok(());
    };
    let mut before = Map::new();
    before.insert("alerted".into(), json!(budget.alerted));
    budget.alerted = threshold;
    work.uow.save_budget(budget).await?;
    let mut after = Map::new();
    after.insert("alerted".into(), json!(threshold));
    after.insert("used".into(), json!(format!("{}%", figures.percent_used())));
    work.record(budget.object(), "budget.alert", (before, after));
    let name = render::name(&dept.name, budget.period);
    for member in keepers(work, dept).await? {
        let ro = work.locale_of(&member) == Locale::Ro;
        let name = name.clone();
        work.dm(&member, |_| render::alert(threshold, &name, figures, ro));
    }
    Ok(())
}

async fn show(ctx: &mut Ctx<'_>, dept: Option<DeptKey>, period: Option<Period>) -> Step {
    let Some(key) = dept.or_else(|| ctx.actor.dept.clone()) else {
        return Err(Msg::new("error-budget-dept-required").into());
    };
    let dept = ctx.department(&key).await?;
    check_view(ctx, &dept)?;
    let budgets = match period {
        Some(period) => ctx
            .work
            .uow
            .budget(&key, period)
            .await?
            .into_iter()
            .collect(),
        None => {
            let today = ctx.now().with_timezone(&ctx.tz()).date_naive();
            let all = ctx
                .work
                .uow
                .budgets(&BudgetFilter::Dept(key.clone()))
                .await?;
            running(all, today)
        }
    };
    if budgets.is_empty() {
        let msg = match period {
            Some(period) => Msg::new("budget-none").arg("budget", render::name(&dept.name, period)),
            None => Msg::new("budget-none-running").arg("dept", dept.name.clone()),
        };
        ctx.reply_private(msg);
        return Ok(());
    }
    for budget in budgets {
        let entries = ctx.work.uow.budget_entries(&key, budget.period).await?;
        let card = render::record(&budget, &entries, &dept.name, ctx.locale());
        ctx.reply_card(card, true);
    }
    Ok(())
}

async fn list(ctx: &mut Ctx<'_>, period: Option<Period>) -> Step {
    let settings = ctx.work.settings;
    let accountant = settings.budgets.is_accountant(&ctx.actor);
    policy::check(&ctx.actor, Action::ListBudgets { accountant }, "")?;
    let today = ctx.now().with_timezone(&ctx.tz()).date_naive();
    let shown = match period {
        Some(period) => {
            let budgets = ctx.work.uow.budgets(&BudgetFilter::Period(period)).await?;
            with_figures(ctx.work.uow.as_mut(), budgets).await?
        }
        None => running_for(ctx.work.uow.as_mut(), settings, &ctx.actor, today).await?,
    };
    let locale = ctx.locale();
    let header = match period {
        Some(period) => Msg::new("budget-list-header").arg("period", period.to_string()),
        None => Msg::new("budget-list-header-today").arg("today", today.to_string()),
    };
    let mut lines = vec![header.render(locale)];
    for dept in ctx.work.uow.departments().await? {
        if !may_view(&ctx.actor, settings, &dept) {
            continue;
        }
        let mut any = false;
        for (budget, figures) in shown.iter().filter(|(b, _)| b.dept == dept.key) {
            any = true;
            let line = render::list_line(&render::name(&dept.name, budget.period), figures, locale);
            lines.push(format!("  {line}"));
        }
        if !any {
            let none = match period {
                Some(period) => {
                    Msg::new("budget-none-short").arg("budget", render::name(&dept.name, period))
                }
                None => Msg::new("budget-none-running").arg("dept", dept.name.clone()),
            };
            lines.push(format!("  {}", none.render(locale)));
        }
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// The budgets running on `today` (whose period contains it), earlier and longer ones first.
fn running(budgets: Vec<Budget>, today: NaiveDate) -> Vec<Budget> {
    let mut running: Vec<Budget> = budgets
        .into_iter()
        .filter(|b| b.period.covers(today))
        .collect();
    running.sort_by_key(|b| (b.dept.clone(), b.period.sort_key()));
    running
}

async fn with_figures(
    uow: &mut dyn UnitOfWork,
    budgets: Vec<Budget>,
) -> anyhow::Result<Vec<(Budget, Figures)>> {
    let mut out = Vec::with_capacity(budgets.len());
    for budget in budgets {
        let entries = uow.budget_entries(&budget.dept, budget.period).await?;
        let figures = Figures::of(&budget, &entries);
        out.push((budget, figures));
    }
    Ok(out)
}

/// The budgets running on `today` that `reader` may see, with their figures, by department
/// then period: `/budget list` without a period, and what a digest shows each reader (issue
/// #13: "the digest shows each reader's budgets with what is left"; render each with
/// `render::list_line`).
pub(super) async fn running_for(
    uow: &mut dyn UnitOfWork,
    settings: &Settings,
    reader: &Member,
    today: NaiveDate,
) -> anyhow::Result<Vec<(Budget, Figures)>> {
    let departments = uow.departments().await?;
    let visible: Vec<DeptKey> = departments
        .iter()
        .filter(|d| may_view(reader, settings, d))
        .map(|d| d.key.clone())
        .collect();
    let budgets = running(uow.budgets(&BudgetFilter::Every).await?, today)
        .into_iter()
        .filter(|b| visible.contains(&b.dept))
        .collect();
    with_figures(uow, budgets).await
}

fn may_view(member: &Member, settings: &Settings, dept: &Department) -> bool {
    let accountant = settings.budgets.is_accountant(member);
    let action = Action::ViewBudget {
        dept: &dept.key,
        accountant,
    };
    policy::check(member, action, &dept.name).is_ok()
}

fn check_view(ctx: &Ctx<'_>, dept: &Department) -> Step {
    let accountant = ctx.work.settings.budgets.is_accountant(&ctx.actor);
    let action = Action::ViewBudget {
        dept: &dept.key,
        accountant,
    };
    policy::check(&ctx.actor, action, &dept.name)?;
    Ok(())
}

/// Checks the actor may read the history of `dept`'s budgets (for `/audit show`).
pub(super) async fn check_history(ctx: &mut Ctx<'_>, key: &DeptKey) -> Step {
    let dept = ctx.department(key).await?;
    check_view(ctx, &dept)
}
