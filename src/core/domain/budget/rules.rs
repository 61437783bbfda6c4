//! The budget rules, as pure functions: whether a request fits what is left and what the
//! policy does when it does not, and when a department hears that its budget is running
//! out. Who may set and see budgets is decided with every other permission, in
//! `core::policy`. The service loads and saves; these decide.

use super::{Figures, OverBudget, Overrun};

/// The shares of a budget (in percent of it, committed and spent together) at which the
/// department's manager and the accounting manager are told, each once per budget.
pub const THRESHOLDS: [u32; 2] = [80, 100];

/// Whether reserving `amount` more (minor units of the budget's currency) takes more than
/// the budget has left. Taking exactly what is left fits.
pub fn exceeds(figures: &Figures, amount: i64) -> bool {
    i128::from(amount) > i128::from(figures.left())
}

/// What a request over budget becomes under `policy`: refused (`None`), or let through
/// with a director deciding it too (added unless the plan already has a director's step,
/// `director_planned`), or with a warning only.
pub fn overrun(policy: OverBudget, director_planned: bool) -> Option<Overrun> {
    match policy {
        OverBudget::Refuse => None,
        OverBudget::Allow => Some(Overrun::Allowed),
        OverBudget::AddDirector if director_planned => Some(Overrun::DirectorAlready),
        OverBudget::AddDirector => Some(Overrun::DirectorAdded),
    }
}

/// The highest threshold the budget has reached that its department was not told of yet
/// (`alerted` is the highest one told, 0 for none); `None` when there is nothing new to say.
/// A request that takes a budget from 50 % to 120 % is told as one alert, at 100 %.
pub fn alert_due(figures: &Figures, alerted: u32) -> Option<u32> {
    let allocated = i128::from(figures.allocated.minor());
    let used = i128::from(figures.used());
    THRESHOLDS
        .into_iter()
        .filter(|t| *t > alerted && used * 100 >= i128::from(*t) * allocated)
        .max()
}
