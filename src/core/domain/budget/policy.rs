//! `[budgets]`: what a request over budget does, who keeps the books, which kinds of request
//! spend money.
//!
//! ```toml
//! [budgets]                       # these are the defaults
//! over_budget = "add_director"    # add_director | refuse | allow
//! accountant = "manager:acc"      # the accounting manager: manager:<dept> | role:<role> | @handle
//! kinds = ["purchase", "expense"] # requests of these kinds reserve their amount
//! ```
//!
//! Budgets are kept in the currency the spending kinds count in (EUR by default) or in one
//! with a rate to it in `[approvals.rates]`, so that every request can be converted.

use serde::Deserialize;

use crate::core::domain::approval_policy::{AmountRule, ApprovalPolicies, Approver};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::money::{Currency, Money, Rates};
use crate::core::domain::org::{Member, Role};

/// What happens to a request that asks for more than its budget has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverBudget {
    /// A director's step is added to its approvals, and the card says why.
    #[default]
    AddDirector,
    /// It is refused, saying how much is left.
    Refuse,
    /// It goes on as usual; the card warns.
    Allow,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetPolicy {
    pub over_budget: OverBudget,
    /// The accounting manager: sets budgets (never their own department's) and hears every
    /// department's alerts.
    pub accountant: Approver,
    /// The approval kinds whose requests reserve their amount.
    pub kinds: Vec<String>,
}

/// The approval kind whose requests, given a period, raise a budget.
pub const RAISE_KIND: &str = "budget";

impl Default for BudgetPolicy {
    fn default() -> Self {
        BudgetPolicy {
            over_budget: OverBudget::AddDirector,
            accountant: Approver::ManagerOf(
                DeptKey::parse("acc").expect("built-in department keys are valid"),
            ),
            kinds: vec!["purchase".to_owned(), "expense".to_owned()],
        }
    }
}

/// A mistake in `[budgets]`, for the startup log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetPolicyError {
    #[error("[budgets] accountant = \"dept_manager\": name one person for every department, e.g. \"manager:acc\" or \"@victor\"")]
    AccountantPerDepartment,
    #[error("[budgets] kinds: there is no approval kind `{0}` in [approvals]")]
    UnknownKind(String),
    #[error("[budgets] kinds: `{0}` requests have no amount to reserve")]
    KindWithoutAmount(String),
    #[error("[budgets] kinds: `{0}` counts in {1} and `{2}` in {3}; spending kinds must count in one currency")]
    MixedCurrencies(String, Currency, String, Currency),
}

impl BudgetPolicy {
    /// Whether requests of `kind` reserve their amount.
    pub fn reserves(&self, kind: &str) -> bool {
        self.kinds
            .iter()
            .any(|k| k.eq_ignore_ascii_case(kind.trim()))
    }

    /// Whether `member` is the accounting manager. `dept_manager` never is (the form is
    /// refused when the configuration is read): it names a different person per department.
    pub fn is_accountant(&self, member: &Member) -> bool {
        match &self.accountant {
            Approver::ManagerOf(dept) => {
                member.role == Role::Manager && member.dept.as_ref() == Some(dept)
            }
            Approver::Role(role) => member.role == *role,
            Approver::Member(handle) => member.handle == *handle,
            Approver::DeptManager => false,
        }
    }

    /// The currency the spending kinds count in: a budget's default currency, and the one
    /// every budget currency needs a rate to.
    pub fn currency(&self, approvals: &ApprovalPolicies) -> Currency {
        self.kinds
            .iter()
            .find_map(|k| approvals.kind(k).and_then(|p| p.currency))
            .unwrap_or(Currency::Eur)
    }

    /// The currencies a budget may be kept in: the spending kinds' and those with a rate to
    /// it, in [`Currency::ALL`] order.
    pub fn currencies(&self, approvals: &ApprovalPolicies) -> Vec<Currency> {
        approvals.rates.convertible_to(self.currency(approvals))
    }

    /// Checks the table against the approval kinds it names (called at start).
    pub fn validate(&self, approvals: &ApprovalPolicies) -> Result<(), BudgetPolicyError> {
        if self.accountant == Approver::DeptManager {
            return Err(BudgetPolicyError::AccountantPerDepartment);
        }
        let mut first: Option<(&str, Currency)> = None;
        for kind in &self.kinds {
            let policy = approvals
                .kind(kind)
                .ok_or_else(|| BudgetPolicyError::UnknownKind(kind.clone()))?;
            if policy.amount_rule() == AmountRule::NoAmount {
                return Err(BudgetPolicyError::KindWithoutAmount(kind.clone()));
            }
            match (first, policy.currency) {
                (Some((name, seen)), Some(currency)) if seen != currency => {
                    return Err(BudgetPolicyError::MixedCurrencies(
                        name.to_owned(),
                        seen,
                        kind.clone(),
                        currency,
                    ))
                }
                (None, Some(currency)) => first = Some((kind, currency)),
                _ => {}
            }
        }
        Ok(())
    }
}

/// `amount` in `currency`, at the configured rates: itself when it is in that currency
/// already, `None` when either currency has no rate. Rounded to the minor unit, once, when a
/// request is counted; the rounded amount is what the budget keeps.
pub fn convert(amount: Money, currency: Currency, rates: &Rates) -> Option<Money> {
    if amount.currency() == currency {
        return Some(amount);
    }
    rates
        .between(amount.currency(), currency)
        .map(|rate| rate.convert(amount))
}
