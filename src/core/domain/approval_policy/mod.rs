//! Approval policies: for each kind of request (purchase, leave, access, …) the ordered steps
//! of approvers, and the amount thresholds that add steps for larger sums.
//!
//! A policy is data, read from the `[approvals]` table of the configuration:
//!
//! ```toml
//! [approvals]
//! distinct_steps = true
//! stale_after = "2d"
//! [approvals.kinds.purchase]
//! amount = "required"          # required | optional | none
//! currency = "EUR"
//! on_expiry = "escalate"       # expire | escalate
//! [[approvals.kinds.purchase.steps]]
//! approvers = "dept_manager"   # or "manager:acc", "role:director", "@victor", or a list
//! [[approvals.kinds.purchase.steps]]
//! approvers = "manager:acc"
//! above = 1000                 # whole units of the kind's currency
//! [approvals.rates]            # amounts in other currencies are converted to compare
//! RON = "0.20 EUR"             # 1 RON = 0.20 EUR (see `money::Rates`)
//! ```
//!
//! Mistakes in that table would silently change who signs off on money, so loading is strict:
//! unknown keys are refused (a misspelt `abve = 1000` must not make a step unconditional),
//! and [`ApprovalPolicies::validate`] refuses steps that can never apply, thresholds without
//! an amount or a currency to compare with, and any range of amounts that no step covers
//! (which would let such requests through with nobody approving them). Those errors are
//! [`PolicyError`]s, meant for the startup log.
//!
//! When `kinds` is absent the built-in kinds of [`ApprovalPolicies::default`] apply; when it
//! is present it lists every kind, so an organisation can drop kinds it does not use. The
//! table as written, and its conversion to and from these types, is in `config.rs`.
//!
//! A kind's thresholds are in its currency. An amount written in another currency is counted
//! in the kind's at the configured rate, exactly (see `money::Rates`); a currency without a
//! rate is refused.
//!
//! Users meet the policy through [`ApprovalPolicies::check_request`], whose refusals
//! ([`RequestError`]) have Fluent messages in `i18n/*/money.ftl`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{DeptKey, Handle};
use super::money::{Counted, Currency, Money, RateError, Rates, MAX_UNITS};
use super::org::Role;
use super::text::echo;
use crate::core::time::span::Span;

mod config;

/// Kind names echoed back in errors are cut to this many characters.
const MAX_ECHO_CHARS: usize = 40;

/// Who may approve a step. In config: "dept_manager", "manager:acc", "role:director",
/// "@victor", or a list of those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approver {
    /// The manager of the department the request is filed for.
    DeptManager,
    /// The manager of a named department, e.g. accounting for large purchases.
    ManagerOf(DeptKey),
    /// Anyone with this role (e.g. director); with [`Quorum::All`], everyone with it.
    Role(Role),
    /// One named member.
    Member(Handle),
}

impl Approver {
    /// Reads `dept_manager`, `manager:acc`, `role:director` or `@victor`, case-insensitively.
    /// Department keys, roles and handles are read as the organisation's own types, so that a
    /// typo is refused at startup instead of leaving a step nobody can ever approve.
    pub fn parse(text: &str) -> Option<Approver> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("dept_manager") {
            return Some(Approver::DeptManager);
        }
        if let Some(handle) = text.strip_prefix('@') {
            return Handle::parse(handle).ok().map(Approver::Member);
        }
        let (form, value) = text.split_once(':')?;
        match form.trim().to_ascii_lowercase().as_str() {
            "manager" => DeptKey::parse(value).ok().map(Approver::ManagerOf),
            "role" => Role::parse(value).map(Approver::Role),
            _ => None,
        }
    }
}

impl fmt::Display for Approver {
    /// The config form, which [`Approver::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Approver::DeptManager => f.write_str("dept_manager"),
            Approver::ManagerOf(dept) => write!(f, "manager:{dept}"),
            Approver::Role(role) => write!(f, "role:{role}"),
            Approver::Member(handle) => write!(f, "@{handle}"),
        }
    }
}

fn unknown_approver_hint(text: &str) -> String {
    let roles: Vec<&str> = Role::ALL.into_iter().map(Role::as_str).collect();
    format!(
        "unknown approver {text:?}; write dept_manager, manager:<dept>, role:<{}> or @<handle>",
        roles.join("|")
    )
}

/// How many of a step's approvers must approve: one of them, or every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quorum {
    #[default]
    Any,
    All,
}

/// What happens when a step stalls past twice `stale_after`: the request expires (the
/// requester asks again), or the department's managers are told and the request keeps
/// waiting on the same approvers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpiryAction {
    #[default]
    Expire,
    Escalate,
}

/// Whether a kind of request carries an amount. In config: `required`, `optional`, `none`;
/// in a [`KindPolicy`], the two flags `amount_required` and `takes_amount`.
///
/// Defaults to `none` when left out, so that a kind with thresholds must say so explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountRule {
    Required,
    Optional,
    /// Written `none`; not `None`, which would shadow `Option::None` in patterns.
    #[default]
    #[serde(rename = "none")]
    NoAmount,
}

/// One step of approval: who, how many of them, and for which amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub approvers: Vec<Approver>,
    pub quorum: Quorum,
    /// applies when amount > above (whole units)
    pub above: Option<i64>,
    /// applies when amount <= up_to
    pub up_to: Option<i64>,
}

impl Step {
    /// Whether this step is part of the chain for `amount`, counted in the kind's currency.
    ///
    /// An absent amount (a kind without amounts, or an optional amount left out) could be any
    /// amount, so every step applies: leaving the amount out must never skip an approver.
    pub fn applies(&self, amount: Option<Counted>) -> bool {
        let Some(amount) = amount else {
            return true;
        };
        let above_ok = self.above.is_none_or(|units| amount.exceeds(units));
        let up_to_ok = self.up_to.is_none_or(|units| !amount.exceeds(units));
        above_ok && up_to_ok
    }

    fn has_threshold(&self) -> bool {
        self.above.is_some() || self.up_to.is_some()
    }

    /// A step of one approver, quorum any, for every amount (used by the defaults).
    fn of(approver: Approver) -> Step {
        Step {
            approvers: vec![approver],
            quorum: Quorum::Any,
            above: None,
            up_to: None,
        }
    }

    fn when_above(mut self, units: i64) -> Step {
        self.above = Some(units);
        self
    }

    fn with_quorum(mut self, quorum: Quorum) -> Step {
        self.quorum = quorum;
        self
    }
}

/// The rules for one kind of request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindPolicy {
    /// A request of this kind must state an amount.
    pub amount_required: bool,
    /// A request of this kind may state an amount (`amount = "optional"`); implied by
    /// `amount_required`. When both are false, an amount is refused.
    pub takes_amount: bool,
    /// The currency thresholds are counted in; amounts in others are converted at the
    /// configured rates. Also the default currency when the requester writes none (pass it to
    /// [`Money::parse`]).
    pub currency: Option<Currency>,
    pub steps: Vec<Step>,
    /// What happens when a step stalls past twice `stale_after`; default Expire.
    pub on_expiry: ExpiryAction,
}

impl KindPolicy {
    /// The two amount flags as one value; `amount_required` wins over `takes_amount`.
    pub fn amount_rule(&self) -> AmountRule {
        match (self.amount_required, self.takes_amount) {
            (true, _) => AmountRule::Required,
            (false, true) => AmountRule::Optional,
            (false, false) => AmountRule::NoAmount,
        }
    }

    /// the steps that apply to this amount (None when the kind has no amount), in order,
    /// as [`ApprovalPolicies::check_request`] counted it in the kind's currency
    pub fn steps_for(&self, amount: Option<Counted>) -> Vec<&Step> {
        self.steps.iter().filter(|s| s.applies(amount)).collect()
    }

    /// Checks one kind; `kind` is its name, for the error.
    fn validate(&self, kind: &str) -> Result<(), PolicyError> {
        if self.steps.is_empty() {
            return Err(PolicyError::NoSteps { kind: kind.into() });
        }
        for (i, step) in self.steps.iter().enumerate() {
            self.validate_step(kind, i + 1, step)?;
        }
        if self.amount_rule() == AmountRule::NoAmount && self.currency.is_some() {
            return Err(PolicyError::CurrencyWithoutAmount { kind: kind.into() });
        }
        match first_gap(&self.steps) {
            Some((above, up_to)) if self.amount_rule() != AmountRule::NoAmount => {
                Err(PolicyError::Uncovered {
                    kind: kind.into(),
                    above,
                    up_to,
                })
            }
            _ => Ok(()),
        }
    }

    fn validate_step(&self, kind: &str, step: usize, s: &Step) -> Result<(), PolicyError> {
        let at = || (kind.to_owned(), step);
        if s.approvers.is_empty() {
            let (kind, step) = at();
            return Err(PolicyError::NoApprovers { kind, step });
        }
        for value in [s.above, s.up_to].into_iter().flatten() {
            if !(0..=MAX_UNITS).contains(&value) {
                let (kind, step) = at();
                return Err(PolicyError::ThresholdOutOfRange { kind, step, value });
            }
        }
        if let Some(up_to) = s.up_to {
            // Amounts are always positive, so a step without `above` starts at 0.
            let above = s.above.unwrap_or(0);
            if up_to <= above {
                let (kind, step) = at();
                return Err(PolicyError::EmptyRange {
                    kind,
                    step,
                    above,
                    up_to,
                });
            }
        }
        if s.has_threshold() && self.amount_rule() == AmountRule::NoAmount {
            let (kind, step) = at();
            return Err(PolicyError::ThresholdWithoutAmount { kind, step });
        }
        if s.has_threshold() && self.currency.is_none() {
            let (kind, step) = at();
            return Err(PolicyError::ThresholdWithoutCurrency { kind, step });
        }
        Ok(())
    }
}

/// The first range of amounts (above `.0`, up to `.1` or without bound) that no step covers.
///
/// Each step covers the amounts in `(above, up_to]`; sweeping from 0 upwards, the covered
/// prefix grows to the furthest `up_to` of any step that starts inside it.
fn first_gap(steps: &[Step]) -> Option<(i64, Option<i64>)> {
    let mut covered: i64 = 0;
    loop {
        let reach = steps
            .iter()
            .filter(|s| s.above.unwrap_or(0) <= covered)
            .map(|s| s.up_to.unwrap_or(i64::MAX))
            .max();
        match reach {
            Some(i64::MAX) => return None,
            Some(up_to) if up_to > covered => covered = up_to,
            _ => {
                let next = steps
                    .iter()
                    .filter_map(|s| s.above)
                    .filter(|above| *above > covered)
                    .min();
                return Some((covered, next));
            }
        }
    }
}

/// Every kind of approval the organisation uses, and the rules shared by all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "config::RawPolicies", into = "config::RawPolicies")]
pub struct ApprovalPolicies {
    pub kinds: BTreeMap<String, KindPolicy>,
    /// Whoever is named in or decided an earlier step (also as a delegate) is not asked for,
    /// and may not decide, a later one.
    pub distinct_steps: bool,
    /// Working time a step may wait before a reminder; twice that and `on_expiry` applies.
    /// Read from config as a span such as "2d" or "16h"; anything else is refused there.
    pub stale_after: Span,
    /// Exchange rates for amounts written in another currency than their kind's; none by
    /// default, so that every kind takes only its own currency.
    pub rates: Rates,
}

impl Default for ApprovalPolicies {
    /// The built-in kinds. Thresholds are in EUR, whole units: the accounting manager joins
    /// above 1,000 and a director above 10,000. Purchases and expenses escalate when a step
    /// stalls; the others expire.
    fn default() -> Self {
        ApprovalPolicies {
            kinds: default_kinds(),
            distinct_steps: true,
            stale_after: DEFAULT_STALE_AFTER,
            rates: Rates::default(),
        }
    }
}

const DEFAULT_STALE_AFTER: Span = Span::WorkingDays(2);

fn default_kinds() -> BTreeMap<String, KindPolicy> {
    let dept_manager = || Step::of(Approver::DeptManager);
    let manager_of = |dept: &str| {
        let key = DeptKey::parse(dept).expect("built-in department keys are valid");
        Step::of(Approver::ManagerOf(key))
    };
    let directors = || Step::of(Approver::Role(Role::Director));
    let spending = || KindPolicy {
        amount_required: true,
        takes_amount: true,
        currency: Some(Currency::Eur),
        steps: vec![
            dept_manager(),
            manager_of("acc").when_above(1_000),
            directors().when_above(10_000),
        ],
        // Money people wait for should not lapse quietly: a stalled purchase or expense
        // climbs the escalation ladder instead.
        on_expiry: ExpiryAction::Escalate,
    };
    let with_amount = |steps: Vec<Step>| KindPolicy {
        amount_required: true,
        takes_amount: true,
        currency: Some(Currency::Eur),
        steps,
        on_expiry: ExpiryAction::Expire,
    };
    let without_amount = |steps: Vec<Step>| KindPolicy {
        amount_required: false,
        takes_amount: false,
        currency: None,
        steps,
        on_expiry: ExpiryAction::Expire,
    };
    BTreeMap::from([
        ("purchase".to_owned(), spending()),
        ("expense".to_owned(), spending()),
        ("leave".to_owned(), without_amount(vec![dept_manager()])),
        (
            "access".to_owned(),
            without_amount(vec![dept_manager(), manager_of("it")]),
        ),
        (
            "budget".to_owned(),
            with_amount(vec![
                manager_of("acc"),
                directors().with_quorum(Quorum::All),
            ]),
        ),
        ("refund".to_owned(), with_amount(vec![manager_of("acc")])),
    ])
}

impl ApprovalPolicies {
    /// The kind with this name, ignoring case and surrounding space.
    pub fn kind(&self, name: &str) -> Option<&KindPolicy> {
        self.kinds.get(&name.trim().to_ascii_lowercase())
    }

    /// Kind names in alphabetical order.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// Every approver named anywhere, with its kind and step (1-based), so that the caller
    /// can check at startup that each `manager:` department and `@` member exists.
    pub fn approvers(&self) -> impl Iterator<Item = (&str, usize, &Approver)> {
        self.kinds.iter().flat_map(|(kind, policy)| {
            policy.steps.iter().enumerate().flat_map(move |(i, step)| {
                step.approvers
                    .iter()
                    .map(move |approver| (kind.as_str(), i + 1, approver))
            })
        })
    }

    /// Checks a new request before any approver is asked: the kind exists, an amount is given
    /// exactly when the kind wants one, and it is in the kind's currency or one with a rate to
    /// it. Returns the kind and the amount as its thresholds count it. Parse the amount with
    /// the kind's `currency` as the default, so that `amount:4500` alone is read in it.
    pub fn check_request(
        &self,
        kind: &str,
        amount: Option<Money>,
    ) -> Result<(&KindPolicy, Option<Counted>), RequestError> {
        let name = kind.trim().to_ascii_lowercase();
        let Some(policy) = self.kinds.get(&name) else {
            return Err(RequestError::UnknownKind {
                kind: echo(kind.trim(), MAX_ECHO_CHARS),
                kinds: self.kinds().collect::<Vec<_>>().join(", "),
            });
        };
        match (policy.amount_rule(), amount) {
            (AmountRule::Required, None) => Err(RequestError::AmountMissing {
                kind: name,
                currency: policy.currency,
            }),
            (AmountRule::NoAmount, Some(_)) => Err(RequestError::AmountNotUsed { kind: name }),
            (_, Some(m)) => match policy.currency {
                Some(expected) if m.currency() != expected => {
                    match self.rates.between(m.currency(), expected) {
                        Some(rate) => Ok((
                            policy,
                            Some(Counted {
                                amount: m,
                                rate: Some(rate),
                            }),
                        )),
                        None => Err(RequestError::NoRate {
                            kind: name,
                            currency: m.currency(),
                            expected,
                            accepted: self.rates.convertible_to(expected),
                        }),
                    }
                }
                _ => Ok((policy, Some(Counted::from(m)))),
            },
            (_, None) => Ok((policy, None)),
        }
    }

    /// Checks every kind (see the module documentation). Loading from config runs this; call
    /// it too on policies built in code.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for (name, policy) in &self.kinds {
            if !valid_kind_name(name) {
                return Err(PolicyError::InvalidKindName { kind: name.clone() });
            }
            policy.validate(name)?;
        }
        Ok(())
    }
}

/// What users type after `kind:`: 1–32 lowercase ASCII letters, digits, `-`, `_`, starting
/// with a letter.
fn valid_kind_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Why a new request does not fit its kind. Every variant has a Fluent message (see
/// [`RequestError::message`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("no approval kind {kind:?} (known: {kinds})")]
    UnknownKind { kind: String, kinds: String },
    #[error("{kind} requests need an amount")]
    AmountMissing {
        kind: String,
        currency: Option<Currency>,
    },
    #[error("{kind} requests have no amount")]
    AmountNotUsed { kind: String },
    #[error("{kind} requests count in {expected}, and {currency} has no rate to it")]
    NoRate {
        kind: String,
        currency: Currency,
        expected: Currency,
        /// The currencies the amount may be given in.
        accepted: Vec<Currency>,
    },
}

impl From<RequestError> for crate::i18n::Msg {
    /// The Fluent message (in `i18n/*/money.ftl`) that tells the requester what to change.
    fn from(error: RequestError) -> Self {
        match error {
            RequestError::UnknownKind { kind, kinds } => Self::new("policy-unknown-kind")
                .arg("kind", kind)
                .arg("kinds", kinds),
            RequestError::AmountMissing {
                kind,
                currency: Some(currency),
            } => Self::new("policy-amount-missing")
                .arg("kind", kind)
                .arg("currency", currency.to_string()),
            RequestError::AmountMissing {
                kind,
                currency: None,
            } => Self::new("policy-amount-missing-any").arg("kind", kind),
            RequestError::AmountNotUsed { kind } => {
                Self::new("policy-amount-not-used").arg("kind", kind)
            }
            RequestError::NoRate {
                kind,
                currency,
                expected,
                accepted,
            } => {
                let accepted: Vec<&str> = accepted.into_iter().map(Currency::code).collect();
                Self::new("policy-no-rate")
                    .arg("kind", kind)
                    .arg("currency", currency.to_string())
                    .arg("expected", expected.to_string())
                    .arg("accepted", accepted.join(", "))
            }
        }
    }
}

/// A mistake in the `[approvals]` configuration. Shown only in the startup log, in English;
/// each names the kind and, where it applies, the step (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "approval kind {kind:?}: the name must be 1-32 lowercase letters, digits, `-` or `_`, \
         starting with a letter"
    )]
    InvalidKindName { kind: String },
    #[error("approval kind `{kind}` has no steps: nobody could approve its requests")]
    NoSteps { kind: String },
    #[error("approval kind `{kind}`, step {step}: {}", unknown_approver_hint(.text))]
    UnknownApprover {
        kind: String,
        step: usize,
        text: String,
    },
    #[error("approval kind `{kind}`, step {step}: no approvers")]
    NoApprovers { kind: String, step: usize },
    #[error(
        "approval kind `{kind}`, step {step}: threshold {value} is not between 0 and {MAX_UNITS}"
    )]
    ThresholdOutOfRange {
        kind: String,
        step: usize,
        value: i64,
    },
    #[error(
        "approval kind `{kind}`, step {step}: no amount is above {above} and at most {up_to}, \
         so the step never applies"
    )]
    EmptyRange {
        kind: String,
        step: usize,
        above: i64,
        up_to: i64,
    },
    #[error("approval kind `{kind}`, step {step}: a threshold needs amount = \"required\" or \"optional\"")]
    ThresholdWithoutAmount { kind: String, step: usize },
    #[error("approval kind `{kind}`, step {step}: a threshold needs the kind's currency, e.g. currency = \"EUR\"")]
    ThresholdWithoutCurrency { kind: String, step: usize },
    #[error("approval kind `{kind}`: currency is set but amount is \"none\"")]
    CurrencyWithoutAmount { kind: String },
    #[error(transparent)]
    Rates(#[from] RateError),
    #[error(
        "approval kind `{kind}`: amounts above {above}{} would need no approval; add a step for them",
        .up_to.map(|u| format!(" up to {u}")).unwrap_or_default()
    )]
    Uncovered {
        kind: String,
        above: i64,
        up_to: Option<i64>,
    },
}

#[cfg(test)]
mod tests;
