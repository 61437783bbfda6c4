//! How budgets read: `/budget show`'s record, `/budget list`'s lines, the alerts, and the
//! budget lines of approval cards and of the messages asking approvers. Amounts are shown
//! in the reader's convention (`30,000.00 EUR`, `30.000,00 EUR`).

use super::requests::Line;
use crate::core::domain::approval::Approval;
use crate::core::domain::approval_policy::Approver;
use crate::core::domain::budget::{Budget, Effect, Entry, EntryState, Figures, Overrun, Period};
use crate::core::domain::money::{self, Money};
use crate::core::domain::org::Role;
use crate::core::outbound::Card;
use crate::i18n::{Locale, Msg};

/// The biggest items `/budget show` lists.
const ITEMS_SHOWN: usize = 5;

/// `IT, 2026-Q4`: a budget as every message names it, in both languages.
pub(in crate::core::service) fn name(dept_name: &str, period: Period) -> String {
    format!("{dept_name}, {period}")
}

pub(super) fn money(amount: Money, ro: bool) -> String {
    money::format(amount, ro)
}

/// "committed 4,500.00 EUR, spent 14,250.00 EUR, 11,250.00 EUR left (62% used)".
pub(super) fn state(figures: &Figures, ro: bool) -> Msg {
    let amount = |minor| money(figures.money(minor), ro);
    let left = figures.left();
    let msg = if left < 0 {
        Msg::new("budget-state-over").arg("over", amount(-left))
    } else {
        Msg::new("budget-state").arg("left", amount(left))
    };
    msg.arg("committed", amount(figures.committed))
        .arg("spent", amount(figures.spent))
        .arg("percent", figures.percent_used())
}

/// One budget in `/budget list` (and a digest): `IT, 2026-Q4: 30,000.00 EUR · committed …`.
pub(in crate::core::service) fn list_line(name: &str, figures: &Figures, locale: Locale) -> String {
    let ro = locale == Locale::Ro;
    Msg::new("budget-list-line")
        .arg("budget", name)
        .arg("allocated", money(figures.allocated, ro))
        .arg("state", state(figures, ro))
        .render(locale)
}

/// `/budget show`: the figures, the note, the biggest items and the raises.
pub(super) fn record(budget: &Budget, entries: &[Entry], dept_name: &str, locale: Locale) -> Card {
    let ro = locale == Locale::Ro;
    let label = |id: &'static str| Msg::new(id).render(locale);
    let figures = Figures::of(budget, entries);
    let amount = |minor| money(figures.money(minor), ro);
    let left = figures.left();
    let mut fields = vec![
        (label("field-allocated"), money(budget.allocated, ro)),
        (label("field-committed"), amount(figures.committed)),
        (label("field-spent"), amount(figures.spent)),
    ];
    let (left_label, left_value) = if left < 0 {
        ("field-over-budget", amount(-left))
    } else {
        ("field-left", amount(left))
    };
    let used = Msg::new("budget-used")
        .arg("amount", left_value)
        .arg("percent", figures.percent_used());
    fields.push((label(left_label), used.render(locale)));
    if let Some(note) = &budget.note {
        fields.push((label("field-note"), note.to_string()));
    }
    let mut text = Vec::new();
    let items: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.effect == Effect::Reserve && e.state != EntryState::Released)
        .take(ITEMS_SHOWN)
        .collect();
    if !items.is_empty() {
        text.push(label("budget-items-header"));
        for e in items {
            let state = match e.state {
                EntryState::Done => "budget-item-spent",
                _ => "budget-item-committed",
            };
            let state = label(state);
            text.push(format!(
                "  {} · {} · {} · {state}",
                e.approval,
                e.title,
                money(e.amount, ro)
            ));
        }
    }
    for raise in entries
        .iter()
        .filter(|e| e.effect == Effect::Raise && e.state == EntryState::Done)
    {
        let line = Msg::new("budget-raised-by")
            .arg("id", raise.approval.to_string())
            .arg("amount", money(raise.amount, ro));
        text.push(line.render(locale));
    }
    Card {
        title: Msg::new("budget-title")
            .arg("budget", name(dept_name, budget.period))
            .render(locale),
        fields,
        text,
        ..Card::default()
    }
}

/// The message telling a department that its budget reached `threshold` percent.
pub(super) fn alert(threshold: u32, name: &str, figures: &Figures, ro: bool) -> Msg {
    let id = if threshold >= 100 {
        "budget-alert-used-up"
    } else {
        "budget-alert-running-low"
    };
    Msg::new(id)
        .arg("budget", name)
        .arg("percent", figures.percent_used())
        .arg("used", money(figures.money(figures.used()), ro))
        .arg("allocated", money(figures.allocated, ro))
        .arg("left", money(figures.money(figures.left().max(0)), ro))
}

/// A request's budget as one sentence: "IT, 2026-Q4: 30,000.00 EUR — after this 11,250.00 EUR
/// left".
pub(in crate::core::service) fn line(line: &Line, dept_name: &str, ro: bool) -> Msg {
    let (entry, budget) = match line {
        Line::Unbudgeted(period) => {
            return Msg::new("budget-line-none").arg("budget", name(dept_name, *period))
        }
        Line::Entry { entry, budget } => (entry, budget),
    };
    let budget_name = name(dept_name, entry.period);
    let Some((budget, figures)) = budget.as_deref() else {
        return match (entry.effect, entry.state) {
            (Effect::Raise, EntryState::Open) => Msg::new("budget-line-raise-new")
                .arg("budget", budget_name)
                .arg("after", money(entry.amount, ro)),
            _ => Msg::new("budget-line-none").arg("budget", budget_name),
        };
    };
    let allocated = money(budget.allocated, ro);
    let left = figures.left();
    let msg = match (entry.effect, entry.state) {
        (Effect::Reserve, EntryState::Open | EntryState::Done) if left < 0 => {
            Msg::new("budget-line-over").arg("over", money(figures.money(-left), ro))
        }
        (Effect::Reserve, EntryState::Open | EntryState::Done) => {
            Msg::new("budget-line").arg("left", money(figures.money(left), ro))
        }
        (Effect::Raise, EntryState::Open) => {
            let after = budget.allocated.minor() + entry.amount.minor();
            Msg::new("budget-line-raise").arg("after", money(figures.money(after), ro))
        }
        // Closed: what the budget has now, this request counted or not.
        _ => Msg::new("budget-line-now").arg("left", money(figures.money(left), ro)),
    };
    msg.arg("budget", budget_name).arg("allocated", allocated)
}

/// The fields an approval card adds for its budgets: each budget's line, and for a request
/// that took more than was left, what that did.
pub(in crate::core::service) fn card_fields(
    lines: &[Line],
    approval: &Approval,
    dept_name: &str,
    locale: Locale,
) -> Vec<(String, String)> {
    let ro = locale == Locale::Ro;
    let mut fields = Vec::new();
    for l in lines {
        let label = Msg::new("field-budget").render(locale);
        fields.push((label, line(l, dept_name, ro).render(locale)));
    }
    if let Some(overrun) = overrun(lines, approval) {
        fields.push((
            Msg::new("field-over-budget").render(locale),
            overrun.render(locale),
        ));
    }
    fields
}

/// What the requester is told when their request takes more than a budget had left: the
/// budgets as they stand and what that did to the request.
pub(in crate::core::service) fn over_notice(
    lines: &[Line],
    approval: &Approval,
    dept_name: &str,
    locale: Locale,
) -> Option<Msg> {
    let overrun = overrun(lines, approval)?;
    let ro = locale == Locale::Ro;
    let budgets: Vec<String> = lines
        .iter()
        .map(|l| line(l, dept_name, ro).render(locale))
        .collect();
    Some(
        Msg::new("budget-over-notice")
            .arg("budget", budgets.join("; "))
            .arg("overrun", overrun),
    )
}

/// Why the request took more than was left, and what the policy did about it.
fn overrun(lines: &[Line], approval: &Approval) -> Option<Msg> {
    let overrun = lines.iter().find_map(|l| match l {
        Line::Entry { entry, .. } => entry.overrun,
        Line::Unbudgeted(_) => None,
    })?;
    let id = match overrun {
        Overrun::DirectorAdded => "budget-overrun-director-added",
        Overrun::DirectorAlready => "budget-overrun-director-already",
        Overrun::Allowed => "budget-overrun-allowed",
    };
    Some(Msg::new(id).arg("step", director_step(approval)))
}

/// The step (from 1) a director decides: the first whose forms name directors; the last
/// step for a request whose forms were not kept.
fn director_step(approval: &Approval) -> usize {
    let director = Approver::Role(Role::Director);
    approval
        .forms
        .as_ref()
        .and_then(|forms| forms.iter().position(|f| f.contains(&director)))
        .map_or(approval.steps.len(), |n| n + 1)
}
