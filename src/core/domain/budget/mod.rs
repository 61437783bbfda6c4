//! Budgets: what a department may spend in a period, and what its requests take of it.
//!
//! A [`Budget`] is an amount allocated to a department for a [`Period`], in one currency. The
//! requests that concern it are its [`Entry`]s, one per request and budget:
//!
//! * a spending request (purchase, expense: `[budgets] kinds`) **reserves** its amount,
//!   converted into the budget's currency when it is made, against every budget of its
//!   department whose period contains the month it is made in (a month's, its quarter's,
//!   its year's). While the request waits the amount is *committed*; approved, it is *spent*;
//!   withdrawn, rejected or expired, it is *released*;
//! * a `budget` request naming a period **raises** that budget by its amount once approved
//!   (or sets it, when the department had none).
//!
//! What a budget has left is computed from its entries ([`Figures`]), in minor units, never
//! with floating point. Converted amounts are kept as they were converted, so a later change
//! of `[approvals.rates]` does not move money already counted.
//!
//! The rules for requests that would take more than is left, and for alerts, are in
//! [`rules`]; the configuration (`[budgets]`) in [`policy`].

use chrono::{DateTime, Utc};

use super::approval::ApprovalId;
use super::ids::DeptKey;
use super::money::{Currency, Money};
use super::object::ObjectId;
use super::text::{Body, Title};

pub mod period;
pub mod policy;
pub mod rules;

pub use period::{Period, PeriodError};
pub use policy::{BudgetPolicy, OverBudget};

/// A department's budget for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub dept: DeptKey,
    pub period: Period,
    pub allocated: Money,
    pub note: Option<Body>,
    /// The highest alert threshold (a percentage) its department was already told of, 0 for
    /// none: each threshold is told once per budget.
    pub alerted: u32,
    pub updated_at: DateTime<Utc>,
}

impl Budget {
    pub fn object(&self) -> ObjectId {
        ObjectId::Budget(self.dept.clone(), self.period)
    }

    pub fn currency(&self) -> Currency {
        self.allocated.currency()
    }
}

/// What a request does to a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A spending request: counts against the budget.
    Reserve,
    /// A `budget` request: adds to the budget once approved.
    Raise,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Reserve => "reserve",
            Effect::Raise => "raise",
        }
    }

    pub fn parse(text: &str) -> Option<Effect> {
        [Effect::Reserve, Effect::Raise]
            .into_iter()
            .find(|e| e.as_str() == text)
    }
}

/// Where an entry stands, following its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// The request waits: a reservation is committed, a raise not yet applied.
    Open,
    /// The request was approved: a reservation is spent, a raise applied.
    Done,
    /// The request was withdrawn, rejected or expired: it no longer counts.
    Released,
}

impl EntryState {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryState::Open => "open",
            EntryState::Done => "done",
            EntryState::Released => "released",
        }
    }

    pub fn parse(text: &str) -> Option<EntryState> {
        [EntryState::Open, EntryState::Done, EntryState::Released]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// What happened to a request that asked for more than its budget had left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// A director's step was added to its approvals (`over_budget = "add_director"`).
    DirectorAdded,
    /// Its approvals already had a director's step (`add_director`, a large amount).
    DirectorAlready,
    /// It goes on as usual, with a warning (`over_budget = "allow"`).
    Allowed,
}

impl Overrun {
    pub fn as_str(self) -> &'static str {
        match self {
            Overrun::DirectorAdded => "director_added",
            Overrun::DirectorAlready => "director_already",
            Overrun::Allowed => "allowed",
        }
    }

    pub fn parse(text: &str) -> Option<Overrun> {
        [
            Overrun::DirectorAdded,
            Overrun::DirectorAlready,
            Overrun::Allowed,
        ]
        .into_iter()
        .find(|o| o.as_str() == text)
    }
}

/// One request's part in one budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub dept: DeptKey,
    pub period: Period,
    pub approval: ApprovalId,
    /// The request's title, for the biggest items of `/budget show`.
    pub title: Title,
    pub effect: Effect,
    /// In the budget's currency (for a raise of a budget not set yet, the currency it will be
    /// set in).
    pub amount: Money,
    pub state: EntryState,
    /// Set when the request asked for more than was left.
    pub overrun: Option<Overrun>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Entry {
    pub fn budget_object(&self) -> ObjectId {
        ObjectId::Budget(self.dept.clone(), self.period)
    }
}

/// A budget's sums, in minor units of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub allocated: Money,
    /// Reserved by requests still waiting.
    pub committed: i64,
    /// Reserved by approved requests.
    pub spent: i64,
}

impl Figures {
    /// The sums of `budget` over `entries` (those of other budgets, raises and entries in
    /// another currency are not counted: raises are in the allocation once applied, and an
    /// entry is always converted into its budget's currency when made).
    pub fn of(budget: &Budget, entries: &[Entry]) -> Figures {
        let mut figures = Figures {
            allocated: budget.allocated,
            committed: 0,
            spent: 0,
        };
        let counted = entries.iter().filter(|e| {
            e.dept == budget.dept
                && e.period == budget.period
                && e.effect == Effect::Reserve
                && e.amount.currency() == budget.currency()
        });
        for entry in counted {
            match entry.state {
                EntryState::Open => figures.committed += entry.amount.minor(),
                EntryState::Done => figures.spent += entry.amount.minor(),
                EntryState::Released => {}
            }
        }
        figures
    }

    /// Committed and spent together.
    pub fn used(&self) -> i64 {
        self.committed + self.spent
    }

    /// What is left; negative when more is used than allocated.
    pub fn left(&self) -> i64 {
        self.allocated.minor() - self.used()
    }

    /// The share used, in whole percent, rounded down (`0` for an empty allocation).
    /// Used up to the first alert threshold or beyond: worth a line even on a quiet day.
    pub fn needs_attention(&self) -> bool {
        self.percent_used() >= i64::from(rules::THRESHOLDS[0])
    }

    pub fn percent_used(&self) -> i64 {
        let allocated = i128::from(self.allocated.minor());
        if allocated <= 0 {
            return 0;
        }
        let percent = i128::from(self.used()) * 100 / allocated;
        i64::try_from(percent).unwrap_or(i64::MAX)
    }

    /// `amount` in the budget's currency, for showing a sum of these figures.
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.allocated.currency())
    }
}

#[cfg(test)]
mod tests;
