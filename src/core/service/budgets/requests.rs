//! What approval requests do to budgets, called by the approvals service in the transaction
//! of the request or decision it belongs to:
//!
//! * [`assess`], before a new request's approvers are planned: the budgets it would reserve
//!   against (or the one it would raise), what each has left, and whether it takes more than
//!   that — refused, or let through with a director's step or a warning, as
//!   `[budgets] over_budget` says;
//! * [`record`], once the request is saved: its entries, their history, and the alerts its
//!   reservation sets off;
//! * [`closed`], when it is approved (spent; a raise applied) or withdrawn, rejected or
//!   expired (released);
//! * [`lines`], for its card and the approvers' messages: each budget as it stands.

use super::super::work::{Ctx, Failure, Work};
use super::{record_movement, render, settle, sweep};
use crate::core::domain::approval::{Approval, ApprovalStatus};
use crate::core::domain::budget::policy::{convert, RAISE_KIND};
use crate::core::domain::budget::{
    rules, Budget, Effect, Entry, EntryState, Figures, Overrun, Period,
};
use crate::core::domain::money::Money;
use crate::core::domain::org::Department;
use crate::core::store::BudgetFilter;
use crate::i18n::{Locale, Msg};

/// What a new request will do to its department's budgets.
pub(in crate::core::service) struct Assessment {
    reservations: Vec<Reservation>,
    raise: Option<Raise>,
    /// Set when the request takes more than one of its budgets has left.
    pub overrun: Option<Overrun>,
}

/// A spending request's part in one budget: the budget as it is, and the amount in its
/// currency.
struct Reservation {
    budget: Budget,
    before: Figures,
    amount: Money,
    over: bool,
}

/// A budget request's raise of the budget it names.
struct Raise {
    period: Period,
    /// In the budget's currency.
    amount: Money,
}

impl Assessment {
    /// Whether the request needs a director's step it would not have had.
    pub fn adds_director(&self) -> bool {
        self.overrun == Some(Overrun::DirectorAdded)
    }
}

/// Works out what a request of `kind` for `amount`, filed for `dept` now, does to budgets.
/// `period` names the budget a `budget` request raises (other kinds may not name one);
/// `director_planned` says whether its approvals already have a director's step.
pub(in crate::core::service) async fn assess(
    ctx: &mut Ctx<'_>,
    kind: &str,
    amount: Option<Money>,
    period: Option<Period>,
    dept: &Department,
    director_planned: bool,
) -> Result<Assessment, Failure> {
    let mut assessment = Assessment {
        reservations: Vec::new(),
        raise: None,
        overrun: None,
    };
    let settings = ctx.work.settings;
    let is_raise = kind.trim().eq_ignore_ascii_case(RAISE_KIND);
    match (period, amount) {
        (Some(_), _) if !is_raise => {
            return Err(Msg::new("error-budget-period-kind")
                .arg("kind", kind.trim())
                .into())
        }
        (Some(period), Some(amount)) => {
            let name = render::name(&dept.name, period);
            // A budget not set yet will be kept in the currency the spending kinds count in.
            let currency = match ctx.work.uow.budget(&dept.key, period).await? {
                Some(budget) => budget.currency(),
                None => settings.budgets.currency(&settings.approvals),
            };
            let amount = convert(amount, currency, &settings.approvals.rates)
                .ok_or_else(|| no_rate(&name, amount, currency))?;
            assessment.raise = Some(Raise { period, amount });
            return Ok(assessment);
        }
        _ => {}
    }
    let Some(amount) = amount.filter(|_| settings.budgets.reserves(kind)) else {
        return Ok(assessment);
    };
    let month = month_now(ctx.now(), dept);
    let budgets = ctx
        .work
        .uow
        .budgets(&BudgetFilter::Dept(dept.key.clone()))
        .await?;
    for budget in budgets.into_iter().filter(|b| b.period.contains(month)) {
        let name = render::name(&dept.name, budget.period);
        let converted = convert(amount, budget.currency(), &settings.approvals.rates)
            .ok_or_else(|| no_rate(&name, amount, budget.currency()))?;
        let entries = ctx
            .work
            .uow
            .budget_entries(&budget.dept, budget.period)
            .await?;
        let before = Figures::of(&budget, &entries);
        let over = rules::exceeds(&before, converted.minor());
        assessment.reservations.push(Reservation {
            budget,
            before,
            amount: converted,
            over,
        });
    }
    let Some(first_over) = assessment.reservations.iter().find(|r| r.over) else {
        return Ok(assessment);
    };
    match rules::overrun(settings.budgets.over_budget, director_planned) {
        Some(overrun) => assessment.overrun = Some(overrun),
        None => {
            let ro = ctx.locale() == Locale::Ro;
            let left = first_over.before.money(first_over.before.left().max(0));
            return Err(Msg::new("error-budget-over")
                .arg("budget", render::name(&dept.name, first_over.budget.period))
                .arg("left", render::money(left, ro))
                .arg("amount", render::money(first_over.amount, ro))
                .into());
        }
    }
    Ok(assessment)
}

fn no_rate(name: &str, amount: Money, currency: crate::core::domain::money::Currency) -> Failure {
    Msg::new("error-budget-request-no-rate")
        .arg("budget", name)
        .arg("currency", amount.currency().code())
        .arg("expected", currency.code())
        .into()
}

/// The month a request made at `now` for `dept` falls in, in the department's zone.
fn month_now(now: chrono::DateTime<chrono::Utc>, dept: &Department) -> Period {
    Period::month_of(now.with_timezone(&dept.calendar.tz()).date_naive())
}

/// Saves the entries of `approval`, just requested, as `assessment` found them: each
/// reservation committed (and in its budget's history), a raise waiting for the approval.
/// A budget its reservation takes past a threshold alerts its department.
pub(in crate::core::service) async fn record(
    work: &mut Work<'_>,
    approval: &Approval,
    assessment: Assessment,
    dept: &Department,
) -> anyhow::Result<()> {
    let entry = |period: Period, effect: Effect, amount: Money, overrun: Option<Overrun>| Entry {
        dept: approval.dept.clone(),
        period,
        approval: approval.id,
        title: approval.title.clone(),
        effect,
        amount,
        state: EntryState::Open,
        overrun,
        created_at: approval.created_at,
        updated_at: approval.created_at,
    };
    for r in assessment.reservations {
        let overrun = assessment.overrun.filter(|_| r.over);
        let entry = entry(r.budget.period, Effect::Reserve, r.amount, overrun);
        work.uow.save_budget_entry(&entry).await?;
        record_movement(work, &entry, "budget.reserve");
        let mut budget = r.budget;
        settle(work, &mut budget, dept).await?;
    }
    if let Some(raise) = assessment.raise {
        let entry = entry(raise.period, Effect::Raise, raise.amount, None);
        work.uow.save_budget_entry(&entry).await?;
    }
    Ok(())
}

/// After `approval` was decided, withdrawn or expired: its reservations spent or released,
/// its raise applied or dropped.
pub(in crate::core::service) async fn closed(
    work: &mut Work<'_>,
    approval: &Approval,
) -> anyhow::Result<()> {
    let state = match approval.status {
        ApprovalStatus::Pending => return Ok(()),
        ApprovalStatus::Approved => EntryState::Done,
        ApprovalStatus::Rejected | ApprovalStatus::Withdrawn | ApprovalStatus::Expired => {
            EntryState::Released
        }
    };
    let entries = work.uow.entries_of_request(approval.id).await?;
    for mut entry in entries.into_iter().filter(|e| e.state == EntryState::Open) {
        entry.state = state;
        entry.updated_at = work.now;
        work.uow.save_budget_entry(&entry).await?;
        match (entry.effect, state) {
            (Effect::Reserve, EntryState::Done) => record_movement(work, &entry, "budget.spend"),
            (Effect::Reserve, _) => record_movement(work, &entry, "budget.release"),
            (Effect::Raise, EntryState::Done) => raise(work, &entry).await?,
            // A raise never approved never changed the budget.
            (Effect::Raise, _) => {}
        }
    }
    Ok(())
}

/// An approved `budget` request: the budget it names grows by its amount, or is set to it
/// when the department had none for the period (and then counts what was already filed).
async fn raise(work: &mut Work<'_>, entry: &Entry) -> anyhow::Result<()> {
    let Some(dept) = work.uow.department(&entry.dept).await? else {
        return Ok(());
    };
    let existing = work.uow.budget(&entry.dept, entry.period).await?;
    let mut before = serde_json::Map::new();
    let mut budget = match existing {
        Some(mut budget) => {
            let Some(amount) = convert(
                entry.amount,
                budget.currency(),
                &work.settings.approvals.rates,
            ) else {
                tracing::warn!(approval = %entry.approval, budget = %budget.object(), "no rate to raise the budget by the request; left as it was");
                return Ok(());
            };
            before.insert("allocated".into(), budget.allocated.to_string().into());
            budget.allocated =
                Money::new(budget.allocated.minor() + amount.minor(), amount.currency());
            budget.updated_at = work.now;
            budget
        }
        None => Budget {
            dept: entry.dept.clone(),
            period: entry.period,
            allocated: entry.amount,
            note: None,
            alerted: 0,
            updated_at: work.now,
        },
    };
    work.uow.save_budget(&budget).await?;
    let mut after = serde_json::Map::new();
    after.insert("allocated".into(), budget.allocated.to_string().into());
    after.insert("approval".into(), entry.approval.to_string().into());
    after.insert("amount".into(), entry.amount.to_string().into());
    work.record(budget.object(), "budget.raise", (before.clone(), after));
    if before.is_empty() {
        sweep(work, &budget, &dept).await?;
    }
    settle(work, &mut budget, &dept).await?;
    Ok(())
}

/// A request's budgets as they stand, for its card and the messages about it.
pub(in crate::core::service) enum Line {
    /// The request's part in a budget, and the budget now (`None` for a raise of a budget
    /// not set yet, or never set). Boxed, so that a line saying there is no budget is not
    /// the size of one carrying it.
    Entry {
        entry: Box<Entry>,
        budget: Option<Box<(Budget, Figures)>>,
    },
    /// A spending request in a month no budget of its department covered.
    Unbudgeted(Period),
}

impl Line {
    /// Whether the line names a budget of the request (not the lack of one).
    pub fn is_budgeted(&self) -> bool {
        matches!(self, Line::Entry { .. })
    }
}

/// The budget lines of `approval`: one per budget it concerns; for a spending request that
/// concerns none, the month it was not budgeted in; none for other requests.
pub(in crate::core::service) async fn lines(
    work: &mut Work<'_>,
    approval: &Approval,
    dept: &Department,
) -> anyhow::Result<Vec<Line>> {
    let entries = work.uow.entries_of_request(approval.id).await?;
    if entries.is_empty() {
        let spends = approval.amount.is_some() && work.settings.budgets.reserves(&approval.kind);
        return Ok(if spends {
            vec![Line::Unbudgeted(month_now(approval.created_at, dept))]
        } else {
            Vec::new()
        });
    }
    let mut lines = Vec::with_capacity(entries.len());
    for entry in entries {
        let budget = match work.uow.budget(&entry.dept, entry.period).await? {
            Some(budget) => {
                let all = work.uow.budget_entries(&entry.dept, entry.period).await?;
                let figures = Figures::of(&budget, &all);
                Some(Box::new((budget, figures)))
            }
            None => None,
        };
        lines.push(Line::Entry {
            entry: Box::new(entry),
            budget,
        });
    }
    Ok(lines)
}
