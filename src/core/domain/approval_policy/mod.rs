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
//! on_expiry = "expire"         # expire | escalate
//! [[approvals.kinds.purchase.steps]]
//! approvers = "dept_manager"   # or "manager:acc", "role:director", "@victor", or a list
//! [[approvals.kinds.purchase.steps]]
//! approvers = "manager:acc"
//! above = 1000                 # whole units of the kind's currency
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
//! is present it lists every kind, so an organisation can drop kinds it does not use.
//!
//! Users meet the policy through [`ApprovalPolicies::check_request`], whose refusals
//! ([`RequestError`]) have Fluent messages in `i18n/*/money.ftl`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::money::{Currency, Money, MAX_UNITS};

/// Role names a `role:` approver may name. They mirror `org::Role`; this module keeps no
/// dependency on the organisation so that policies can be loaded and checked on their own.
const KNOWN_ROLES: [&str; 5] = ["requester", "agent", "manager", "director", "admin"];

/// Kind names echoed back in errors are cut to this many characters.
const MAX_ECHO_CHARS: usize = 40;

/// Who may approve a step. In config: "dept_manager", "role:director", "@victor", or a list of
/// those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approver {
    /// The manager of the department the request is filed for.
    DeptManager,
    /// The manager of a named department (dept key), e.g. accounting for large purchases.
    ManagerOf(String),
    /// Anyone with this role (e.g. "director"); with [`Quorum::All`], everyone with it.
    Role(String),
    /// One named member (handle without @).
    Member(String),
}

impl Approver {
    /// Reads `dept_manager`, `manager:acc`, `role:director` or `@victor`, case-insensitively.
    /// Department keys, roles and handles follow the organisation's own rules, so that a typo
    /// is refused at startup instead of leaving a step nobody can ever approve.
    pub fn parse(text: &str) -> Option<Approver> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("dept_manager") {
            return Some(Approver::DeptManager);
        }
        if let Some(handle) = text.strip_prefix('@') {
            return valid_handle(handle).map(Approver::Member);
        }
        let (form, value) = text.split_once(':')?;
        match form.trim().to_ascii_lowercase().as_str() {
            "manager" => valid_dept(value).map(Approver::ManagerOf),
            "role" => known_role(value).map(Approver::Role),
            _ => None,
        }
    }
}

/// Same rule as `ids::DeptKey`: 2–10 lowercase ASCII letters or digits, starting with a letter.
fn valid_dept(text: &str) -> Option<String> {
    let key = text.trim().to_ascii_lowercase();
    let valid = (2..=10).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    valid.then_some(key)
}

/// Same rule as `ids::Handle`: 1–32 lowercase letters, digits, `.`, `_`, `-`.
fn valid_handle(text: &str) -> Option<String> {
    let handle = text.trim().to_ascii_lowercase();
    let valid = (1..=32).contains(&handle.len())
        && handle
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    valid.then_some(handle)
}

fn known_role(text: &str) -> Option<String> {
    let role = text.trim().to_ascii_lowercase();
    KNOWN_ROLES.contains(&role.as_str()).then_some(role)
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

impl Serialize for Approver {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Approver {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Approver::parse(&text).ok_or_else(|| de::Error::custom(unknown_approver_hint(&text)))
    }
}

fn unknown_approver_hint(text: &str) -> String {
    format!(
        "unknown approver {text:?}; write dept_manager, manager:<dept>, role:<{}> or @<handle>",
        KNOWN_ROLES.join("|")
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
/// requester asks again), or it moves up to the next approver.
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

impl AmountRule {
    /// `(amount_required, takes_amount)`.
    fn flags(self) -> (bool, bool) {
        match self {
            AmountRule::Required => (true, true),
            AmountRule::Optional => (false, true),
            AmountRule::NoAmount => (false, false),
        }
    }
}

impl Step {
    /// Whether this step is part of the chain for `amount`.
    ///
    /// An absent amount (a kind without amounts, or an optional amount left out) could be any
    /// amount, so every step applies: leaving the amount out must never skip an approver.
    pub fn applies(&self, amount: Option<Money>) -> bool {
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
    /// The currency amounts must be in, and thresholds are counted in. Also the default
    /// currency when the requester writes none (pass it to [`Money::parse`]).
    pub currency: Option<Currency>,
    pub steps: Vec<Step>,
    /// what happens when a step stalls (later: escalate); default Expire
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

    /// the steps that apply to this amount (None when the kind has no amount), in order
    ///
    /// The amount's currency is not looked at: [`ApprovalPolicies::check_request`] has already
    /// refused amounts in another currency than the kind's.
    pub fn steps_for(&self, amount: Option<Money>) -> Vec<&Step> {
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
#[serde(try_from = "RawPolicies", into = "RawPolicies")]
pub struct ApprovalPolicies {
    pub kinds: BTreeMap<String, KindPolicy>,
    /// a person who approved an earlier step cannot satisfy a later one
    pub distinct_steps: bool,
    /// Working time a step may wait before a reminder; twice that and `on_expiry` applies.
    /// Kept as written (default "2d"): the caller parses it with its own span type.
    pub stale_after: String,
}

impl Default for ApprovalPolicies {
    /// The built-in kinds. Thresholds are in EUR, whole units: the accounting manager joins
    /// above 1,000 and a director above 10,000.
    fn default() -> Self {
        ApprovalPolicies {
            kinds: default_kinds(),
            distinct_steps: true,
            stale_after: DEFAULT_STALE_AFTER.to_owned(),
        }
    }
}

const DEFAULT_STALE_AFTER: &str = "2d";

fn default_kinds() -> BTreeMap<String, KindPolicy> {
    let dept_manager = || Step::of(Approver::DeptManager);
    let manager_of = |dept: &str| Step::of(Approver::ManagerOf(dept.into()));
    let directors = || Step::of(Approver::Role("director".into()));
    let spending = || KindPolicy {
        amount_required: true,
        takes_amount: true,
        currency: Some(Currency::Eur),
        steps: vec![
            dept_manager(),
            manager_of("acc").when_above(1_000),
            directors().when_above(10_000),
        ],
        on_expiry: ExpiryAction::Expire,
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
    /// exactly when the kind wants one, and it is in the kind's currency (thresholds are
    /// counted in that currency; opsdesk does not convert). Parse the amount with the kind's
    /// `currency` as the default, so that `amount:4500` alone is read in it.
    pub fn check_request(
        &self,
        kind: &str,
        amount: Option<Money>,
    ) -> Result<&KindPolicy, RequestError> {
        let name = kind.trim().to_ascii_lowercase();
        let Some(policy) = self.kinds.get(&name) else {
            return Err(RequestError::UnknownKind {
                kind: echo(kind.trim()),
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
                Some(expected) if m.currency() != expected => Err(RequestError::WrongCurrency {
                    kind: name,
                    currency: m.currency(),
                    expected,
                }),
                _ => Ok(policy),
            },
            (_, None) => Ok(policy),
        }
    }

    /// Checks every kind (see the module documentation). Loading from config runs this; call
    /// it too on policies built in code.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.stale_after.trim().is_empty() {
            return Err(PolicyError::EmptyStaleAfter);
        }
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

fn echo(text: &str) -> String {
    if text.chars().count() <= MAX_ECHO_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_ECHO_CHARS - 1).collect();
    cut.push('…');
    cut
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
    #[error("{kind} requests are approved in {expected}, not {currency}")]
    WrongCurrency {
        kind: String,
        currency: Currency,
        expected: Currency,
    },
}

impl RequestError {
    /// The Fluent message id (in `i18n/*/money.ftl`) and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            RequestError::UnknownKind { kind, kinds } => (
                "policy-unknown-kind",
                vec![("kind", kind.clone()), ("kinds", kinds.clone())],
            ),
            RequestError::AmountMissing {
                kind,
                currency: Some(currency),
            } => (
                "policy-amount-missing",
                vec![("kind", kind.clone()), ("currency", currency.to_string())],
            ),
            RequestError::AmountMissing {
                kind,
                currency: None,
            } => ("policy-amount-missing-any", vec![("kind", kind.clone())]),
            RequestError::AmountNotUsed { kind } => {
                ("policy-amount-not-used", vec![("kind", kind.clone())])
            }
            RequestError::WrongCurrency {
                kind,
                currency,
                expected,
            } => (
                "policy-wrong-currency",
                vec![
                    ("kind", kind.clone()),
                    ("currency", currency.to_string()),
                    ("expected", expected.to_string()),
                ],
            ),
        }
    }
}

/// A mistake in the `[approvals]` configuration. Shown only in the startup log, in English;
/// each names the kind and, where it applies, the step (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("approvals: stale_after is empty; write a span such as \"2d\"")]
    EmptyStaleAfter,
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

// --- config form --------------------------------------------------------------------------
//
// The config is read into these plain structs first, then converted and validated, so that
// every mistake is reported with its kind and step rather than as a bare serde error.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicies {
    #[serde(default = "default_true")]
    distinct_steps: bool,
    #[serde(default = "default_stale_after")]
    stale_after: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kinds: Option<BTreeMap<String, RawKind>>,
}

fn default_true() -> bool {
    true
}

fn default_stale_after() -> String {
    DEFAULT_STALE_AFTER.to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    #[serde(default)]
    amount: AmountRule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<Currency>,
    #[serde(default)]
    on_expiry: ExpiryAction,
    #[serde(default)]
    steps: Vec<RawStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    approvers: ApproverList,
    #[serde(default)]
    quorum: Quorum,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    above: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    up_to: Option<i64>,
}

/// `approvers = "dept_manager"` or `approvers = ["@ana", "@victor"]`, kept as text until the
/// kind and step are known for the error.
#[derive(Debug, Clone, PartialEq)]
struct ApproverList(Vec<String>);

impl<'de> Deserialize<'de> for ApproverList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrMany;
        impl<'de> Visitor<'de> for OneOrMany {
            type Value = ApproverList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an approver such as \"dept_manager\", or a list of approvers")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<ApproverList, E> {
                Ok(ApproverList(vec![value.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ApproverList, A::Error> {
                let mut list = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    list.push(text);
                }
                Ok(ApproverList(list))
            }
        }
        deserializer.deserialize_any(OneOrMany)
    }
}

impl Serialize for ApproverList {
    /// One approver is written as a plain string, as people write it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => serializer.serialize_str(one),
            many => serializer.collect_seq(many),
        }
    }
}

impl TryFrom<RawPolicies> for ApprovalPolicies {
    type Error = PolicyError;

    fn try_from(raw: RawPolicies) -> Result<Self, PolicyError> {
        let kinds = match raw.kinds {
            None => default_kinds(),
            Some(kinds) => kinds
                .into_iter()
                .map(|(name, kind)| kind.into_policy(&name).map(|policy| (name, policy)))
                .collect::<Result<_, _>>()?,
        };
        let policies = ApprovalPolicies {
            kinds,
            distinct_steps: raw.distinct_steps,
            stale_after: raw.stale_after,
        };
        policies.validate()?;
        Ok(policies)
    }
}

impl RawKind {
    fn into_policy(self, kind: &str) -> Result<KindPolicy, PolicyError> {
        let steps = self
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, step)| step.into_step(kind, i + 1))
            .collect::<Result<_, _>>()?;
        let (amount_required, takes_amount) = self.amount.flags();
        Ok(KindPolicy {
            amount_required,
            takes_amount,
            currency: self.currency,
            steps,
            on_expiry: self.on_expiry,
        })
    }
}

impl RawStep {
    fn into_step(self, kind: &str, step: usize) -> Result<Step, PolicyError> {
        let approvers = self
            .approvers
            .0
            .iter()
            .map(|text| {
                Approver::parse(text).ok_or_else(|| PolicyError::UnknownApprover {
                    kind: kind.to_owned(),
                    step,
                    text: text.clone(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Step {
            approvers,
            quorum: self.quorum,
            above: self.above,
            up_to: self.up_to,
        })
    }
}

impl From<ApprovalPolicies> for RawPolicies {
    fn from(policies: ApprovalPolicies) -> Self {
        let kinds = policies
            .kinds
            .into_iter()
            .map(|(name, kind)| (name, RawKind::from(kind)))
            .collect();
        RawPolicies {
            distinct_steps: policies.distinct_steps,
            stale_after: policies.stale_after,
            kinds: Some(kinds),
        }
    }
}

impl From<KindPolicy> for RawKind {
    fn from(kind: KindPolicy) -> Self {
        RawKind {
            amount: kind.amount_rule(),
            currency: kind.currency,
            on_expiry: kind.on_expiry,
            steps: kind.steps.into_iter().map(RawStep::from).collect(),
        }
    }
}

impl From<Step> for RawStep {
    fn from(step: Step) -> Self {
        RawStep {
            approvers: ApproverList(step.approvers.iter().map(ToString::to_string).collect()),
            quorum: step.quorum,
            above: step.above,
            up_to: step.up_to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN_FTL: &str = include_str!("../../../i18n/en/money.ftl");
    const RO_FTL: &str = include_str!("../../../i18n/ro/money.ftl");

    /// The `[approvals]` table inside a whole config file.
    #[derive(Debug, Deserialize, Serialize)]
    struct Config {
        approvals: ApprovalPolicies,
    }

    fn load(toml_text: &str) -> Result<ApprovalPolicies, toml::de::Error> {
        toml::from_str::<Config>(toml_text).map(|c| c.approvals)
    }

    /// Conversion errors as values, bypassing serde's stringly errors.
    fn load_raw(toml_text: &str) -> Result<ApprovalPolicies, PolicyError> {
        let raw: RawPolicies = toml::from_str(toml_text).expect("raw config parses");
        ApprovalPolicies::try_from(raw)
    }

    fn eur(text: &str) -> Option<Money> {
        Some(Money::parse(text, Some(Currency::Eur)).expect("test amount parses"))
    }

    /// A step as `approver+approver`, with `/all` when every approver must approve.
    fn describe(steps: &[&Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| {
                let names: Vec<String> = s.approvers.iter().map(ToString::to_string).collect();
                let quorum = if s.quorum == Quorum::All { "/all" } else { "" };
                format!("{}{quorum}", names.join("+"))
            })
            .collect()
    }

    const DM: &str = "dept_manager";
    const ACC: &str = "manager:acc";
    const DIR: &str = "role:director";

    #[test]
    fn default_kinds_give_the_expected_chains() {
        let policies = ApprovalPolicies::default();
        let spending: &[(&str, &[&str])] = &[
            ("500", &[DM]),
            ("1,000", &[DM]),
            ("1,000.01", &[DM, ACC]),
            ("10,000", &[DM, ACC]),
            ("10.000,01", &[DM, ACC, DIR]),
            ("50,000", &[DM, ACC, DIR]),
        ];
        for kind in ["purchase", "expense"] {
            for (amount, expected) in spending {
                let policy = policies.kind(kind).unwrap();
                assert_eq!(
                    describe(&policy.steps_for(eur(amount))),
                    *expected,
                    "{kind} {amount}"
                );
            }
        }
        let constant: &[(&str, &[&str])] =
            &[("budget", &[ACC, "role:director/all"]), ("refund", &[ACC])];
        for (kind, expected) in constant {
            for amount in ["500", "1,000", "1,000.01", "10,000", "50,000"] {
                let policy = policies.kind(kind).unwrap();
                assert_eq!(
                    describe(&policy.steps_for(eur(amount))),
                    *expected,
                    "{kind} {amount}"
                );
            }
        }
        let no_amount: &[(&str, &[&str])] = &[("leave", &[DM]), ("access", &[DM, "manager:it"])];
        for (kind, expected) in no_amount {
            let policy = policies.kind(kind).unwrap();
            assert_eq!(describe(&policy.steps_for(None)), *expected, "{kind}");
        }
    }

    #[test]
    fn default_settings() {
        let policies = ApprovalPolicies::default();
        assert_eq!(
            policies.kinds().collect::<Vec<_>>(),
            ["access", "budget", "expense", "leave", "purchase", "refund"]
        );
        assert!(policies.distinct_steps);
        assert_eq!(policies.stale_after, "2d");
        let cases: &[(&str, AmountRule, Option<Currency>)] = &[
            ("purchase", AmountRule::Required, Some(Currency::Eur)),
            ("expense", AmountRule::Required, Some(Currency::Eur)),
            ("budget", AmountRule::Required, Some(Currency::Eur)),
            ("refund", AmountRule::Required, Some(Currency::Eur)),
            ("leave", AmountRule::NoAmount, None),
            ("access", AmountRule::NoAmount, None),
        ];
        for (kind, amount, currency) in cases {
            let policy = policies.kind(kind).unwrap();
            assert_eq!(policy.amount_rule(), *amount, "{kind}");
            assert_eq!(policy.amount_required, *amount == AmountRule::Required);
            assert_eq!(policy.takes_amount, *amount == AmountRule::Required);
            assert_eq!(policy.currency, *currency, "{kind}");
            assert_eq!(policy.on_expiry, ExpiryAction::Expire, "{kind}");
        }
        assert_eq!(policies.validate(), Ok(()));
    }

    #[test]
    fn amount_required_wins_over_takes_amount() {
        let cases: &[(bool, bool, AmountRule)] = &[
            (true, true, AmountRule::Required),
            (true, false, AmountRule::Required),
            (false, true, AmountRule::Optional),
            (false, false, AmountRule::NoAmount),
        ];
        for (required, takes, rule) in cases {
            let policy = KindPolicy {
                amount_required: *required,
                takes_amount: *takes,
                currency: Some(Currency::Eur),
                steps: vec![Step::of(Approver::DeptManager)],
                on_expiry: ExpiryAction::Expire,
            };
            assert_eq!(policy.amount_rule(), *rule, "{required} {takes}");
        }
    }

    #[test]
    fn kind_lookup_ignores_case_and_space() {
        let policies = ApprovalPolicies::default();
        assert!(policies.kind(" Purchase ").is_some());
        assert!(policies.kind("PURCHASE").is_some());
        assert!(policies.kind("purchases").is_none());
        assert!(policies.kind("").is_none());
    }

    #[test]
    fn approver_forms() {
        let cases: &[(&str, Option<Approver>)] = &[
            ("dept_manager", Some(Approver::DeptManager)),
            (" DEPT_MANAGER ", Some(Approver::DeptManager)),
            ("manager:acc", Some(Approver::ManagerOf("acc".into()))),
            ("Manager: IT", Some(Approver::ManagerOf("it".into()))),
            ("role:director", Some(Approver::Role("director".into()))),
            ("role:Admin", Some(Approver::Role("admin".into()))),
            ("@victor", Some(Approver::Member("victor".into()))),
            ("@Ana.Pop", Some(Approver::Member("ana.pop".into()))),
            ("@a_b-c", Some(Approver::Member("a_b-c".into()))),
            ("", None),
            ("victor", None),
            ("boss", None),
            ("@", None),
            ("@ana pop", None),
            ("@ana@x", None),
            ("@abcdefghijklmnopqrstuvwxyz0123456", None), // 33 characters
            (
                "@abcdefghijklmnopqrstuvwxyz012345",
                Some(Approver::Member("abcdefghijklmnopqrstuvwxyz012345".into())),
            ),
            ("manager:", None),
            ("manager:a", None),
            ("manager:1t", None),
            ("manager:front_office", None),
            ("manager:toolongakey1", None),
            ("role:", None),
            ("role:directr", None),
            ("role:ceo", None),
            ("dept:it", None),
            ("dept_manager:it", None),
            ("manager", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Approver::parse(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn approvers_print_in_their_config_form() {
        for text in ["dept_manager", "manager:acc", "role:director", "@victor"] {
            let approver = Approver::parse(text).unwrap();
            assert_eq!(approver.to_string(), text);
        }
    }

    const PURCHASE_EXAMPLE: &str = r#"
[approvals]
distinct_steps = true
stale_after = "2d"
[approvals.kinds.purchase]
amount = "required"          # required | optional | none
currency = "EUR"
on_expiry = "expire"
[[approvals.kinds.purchase.steps]]
approvers = "dept_manager"
[[approvals.kinds.purchase.steps]]
approvers = "manager:acc"
above = 1000
[[approvals.kinds.purchase.steps]]
approvers = "role:director"
above = 10000
"#;

    #[test]
    fn the_documented_example_reads_as_the_default_purchase() {
        let policies = load(PURCHASE_EXAMPLE).unwrap();
        assert_eq!(policies.kinds().collect::<Vec<_>>(), ["purchase"]);
        assert_eq!(
            policies.kind("purchase"),
            ApprovalPolicies::default().kind("purchase")
        );
    }

    const CUSTOM: &str = r#"
[approvals]
distinct_steps = false
stale_after = "4h"

[approvals.kinds.travel]
amount = "optional"
currency = "RON"
on_expiry = "escalate"

[[approvals.kinds.travel.steps]]
approvers = ["@ana", "@victor"]
up_to = 2000

[[approvals.kinds.travel.steps]]
approvers = ["dept_manager", "manager:hr"]
quorum = "all"
above = 2000
up_to = 20000

[[approvals.kinds.travel.steps]]
approvers = "role:director"
above = 20000

[approvals.kinds.badge]
[[approvals.kinds.badge.steps]]
approvers = "manager:sec"
"#;

    fn custom_expected() -> ApprovalPolicies {
        let member = |h: &str| Approver::Member(h.into());
        let travel = KindPolicy {
            amount_required: false,
            takes_amount: true,
            currency: Some(Currency::Ron),
            steps: vec![
                Step {
                    approvers: vec![member("ana"), member("victor")],
                    quorum: Quorum::Any,
                    above: None,
                    up_to: Some(2000),
                },
                Step {
                    approvers: vec![Approver::DeptManager, Approver::ManagerOf("hr".into())],
                    quorum: Quorum::All,
                    above: Some(2000),
                    up_to: Some(20_000),
                },
                Step::of(Approver::Role("director".into())).when_above(20_000),
            ],
            on_expiry: ExpiryAction::Escalate,
        };
        let badge = KindPolicy {
            amount_required: false,
            takes_amount: false,
            currency: None,
            steps: vec![Step::of(Approver::ManagerOf("sec".into()))],
            on_expiry: ExpiryAction::Expire,
        };
        ApprovalPolicies {
            kinds: BTreeMap::from([("travel".into(), travel), ("badge".into(), badge)]),
            distinct_steps: false,
            stale_after: "4h".into(),
        }
    }

    #[test]
    fn a_custom_policy_reads_and_round_trips() {
        let policies = load(CUSTOM).unwrap();
        assert_eq!(policies, custom_expected());
        let written = toml::to_string(&Config {
            approvals: policies.clone(),
        })
        .unwrap();
        assert_eq!(load(&written).unwrap(), policies, "{written}");
    }

    #[test]
    fn the_defaults_round_trip_through_toml() {
        let written = toml::to_string(&Config {
            approvals: ApprovalPolicies::default(),
        })
        .unwrap();
        assert_eq!(load(&written).unwrap(), ApprovalPolicies::default());
        // A single approver is written the way people write it.
        assert!(
            written.contains("approvers = \"dept_manager\""),
            "{written}"
        );
    }

    #[test]
    fn missing_settings_take_the_defaults() {
        assert_eq!(load("[approvals]").unwrap(), ApprovalPolicies::default());
        let policies = load("[approvals]\nstale_after = \"1d\"").unwrap();
        assert_eq!(policies.kinds, ApprovalPolicies::default().kinds);
        assert_eq!(policies.stale_after, "1d");
        assert!(load("[approvals]\nkinds = {}").unwrap().kinds.is_empty());
    }

    #[test]
    fn custom_windows_select_steps() {
        let policies = load(CUSTOM).unwrap();
        let travel = policies.kind("travel").unwrap();
        let ron = |t: &str| Some(Money::parse(t, Some(Currency::Ron)).unwrap());
        let all = "dept_manager+manager:hr/all";
        let cases: Vec<(Option<Money>, Vec<&str>)> = vec![
            (ron("0.01"), vec!["@ana+@victor"]),
            (ron("2000"), vec!["@ana+@victor"]),
            (ron("2000.01"), vec![all]),
            (ron("20000"), vec![all]),
            (ron("20000.01"), vec![DIR]),
            // Left out, an optional amount could be anything: every step applies.
            (None, vec!["@ana+@victor", all, DIR]),
        ];
        for (amount, expected) in cases {
            assert_eq!(describe(&travel.steps_for(amount)), expected, "{amount:?}");
        }
    }

    #[test]
    fn validation_errors_name_the_kind_and_step() {
        let kind = |body: &str| format!("[kinds.k]\n{body}");
        let required = "amount = \"required\"\ncurrency = \"EUR\"\n";
        let cases: Vec<(String, PolicyError)> = vec![
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     [[kinds.k.steps]]\napprovers = [\"manager:acc\", \"boss\"]\nabove = 10"
                )),
                PolicyError::UnknownApprover {
                    kind: "k".into(),
                    step: 2,
                    text: "boss".into(),
                },
            ),
            (
                kind("[[kinds.k.steps]]\napprovers = \"role:directr\""),
                PolicyError::UnknownApprover {
                    kind: "k".into(),
                    step: 1,
                    text: "role:directr".into(),
                },
            ),
            (
                kind("[[kinds.k.steps]]\napprovers = []"),
                PolicyError::NoApprovers {
                    kind: "k".into(),
                    step: 1,
                },
            ),
            (
                kind("amount = \"required\""),
                PolicyError::NoSteps { kind: "k".into() },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     [[kinds.k.steps]]\napprovers = \"manager:acc\"\nabove = 5000\nup_to = 1000"
                )),
                PolicyError::EmptyRange {
                    kind: "k".into(),
                    step: 2,
                    above: 5000,
                    up_to: 1000,
                },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     above = 1000\nup_to = 1000"
                )),
                PolicyError::EmptyRange {
                    kind: "k".into(),
                    step: 1,
                    above: 1000,
                    up_to: 1000,
                },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 0"
                )),
                PolicyError::EmptyRange {
                    kind: "k".into(),
                    step: 1,
                    above: 0,
                    up_to: 0,
                },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nabove = -1"
                )),
                PolicyError::ThresholdOutOfRange {
                    kind: "k".into(),
                    step: 1,
                    value: -1,
                },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     up_to = 1000000000001"
                )),
                PolicyError::ThresholdOutOfRange {
                    kind: "k".into(),
                    step: 1,
                    value: 1_000_000_000_001,
                },
            ),
            (
                kind(
                    "amount = \"none\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
                ),
                PolicyError::ThresholdWithoutAmount {
                    kind: "k".into(),
                    step: 2,
                },
            ),
            (
                kind(
                    "[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 100\n\
                     [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
                ),
                PolicyError::ThresholdWithoutAmount {
                    kind: "k".into(),
                    step: 1,
                },
            ),
            (
                kind(
                    "amount = \"required\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                     [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
                ),
                PolicyError::ThresholdWithoutCurrency {
                    kind: "k".into(),
                    step: 2,
                },
            ),
            (
                kind("currency = \"EUR\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\""),
                PolicyError::CurrencyWithoutAmount { kind: "k".into() },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nabove = 1000"
                )),
                PolicyError::Uncovered {
                    kind: "k".into(),
                    above: 0,
                    up_to: Some(1000),
                },
            ),
            (
                kind(&format!(
                    "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 1000\n\
                     [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 5000"
                )),
                PolicyError::Uncovered {
                    kind: "k".into(),
                    above: 1000,
                    up_to: Some(5000),
                },
            ),
            (
                kind(&format!(
                    "{}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 1000",
                    "amount = \"optional\"\ncurrency = \"RON\"\n"
                )),
                PolicyError::Uncovered {
                    kind: "k".into(),
                    above: 1000,
                    up_to: None,
                },
            ),
            (
                "[kinds.Purchase]\n[[kinds.Purchase.steps]]\napprovers = \"dept_manager\"".into(),
                PolicyError::InvalidKindName {
                    kind: "Purchase".into(),
                },
            ),
            (
                "[kinds.\"big buy\"]\n[[kinds.\"big buy\".steps]]\napprovers = \"dept_manager\""
                    .into(),
                PolicyError::InvalidKindName {
                    kind: "big buy".into(),
                },
            ),
            ("stale_after = \" \"".into(), PolicyError::EmptyStaleAfter),
        ];
        for (text, expected) in cases {
            assert_eq!(load_raw(&text), Err(expected), "{text}");
        }
    }

    #[test]
    fn overlapping_and_adjacent_windows_are_accepted() {
        let text = "[kinds.k]\namount = \"required\"\ncurrency = \"EUR\"\n\
            [[kinds.k.steps]]\napprovers = \"@a\"\nup_to = 1000\n\
            [[kinds.k.steps]]\napprovers = \"@b\"\nabove = 500\nup_to = 5000\n\
            [[kinds.k.steps]]\napprovers = \"@c\"\nabove = 5000\n";
        assert!(load_raw(text).is_ok());
    }

    #[test]
    fn config_errors_reach_the_log_with_kind_and_step() {
        let text = "[approvals.kinds.purchase]\n[[approvals.kinds.purchase.steps]]\n\
                    approvers = \"boss\"";
        let message = load(text).unwrap_err().to_string();
        assert!(message.contains("`purchase`, step 1"), "{message}");
        assert!(message.contains("\"boss\""), "{message}");
    }

    #[test]
    fn malformed_config_is_refused_by_serde() {
        let cases: &[(&str, &str)] = &[
            ("[approvals]\ndistinct = true", "distinct"),
            ("[approvals.kinds.k]\nammount = \"none\"", "ammount"),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nabve = 1",
                "abve",
            ),
            ("[approvals.kinds.k]\namount = \"maybe\"", "maybe"),
            ("[approvals.kinds.k]\ncurrency = \"GBP\"", "GBP"),
            ("[approvals.kinds.k]\non_expiry = \"notify\"", "notify"),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nquorum = \"most\"",
                "most",
            ),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = 5",
                "approver",
            ),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = [5]",
                "string",
            ),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\nquorum = \"any\"",
                "approvers",
            ),
            (
                "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nabove = 1.5",
                "above",
            ),
        ];
        for (text, needle) in cases {
            let message = load(text).unwrap_err().to_string();
            assert!(message.contains(needle), "{text}\n→ {message}");
        }
    }

    #[test]
    fn approvers_are_listed_with_kind_and_step() {
        let policies = ApprovalPolicies::default();
        let listed: Vec<String> = policies
            .approvers()
            .filter(|(kind, _, _)| *kind == "purchase" || *kind == "access")
            .map(|(kind, step, a)| format!("{kind}/{step}/{a}"))
            .collect();
        assert_eq!(
            listed,
            [
                "access/1/dept_manager",
                "access/2/manager:it",
                "purchase/1/dept_manager",
                "purchase/2/manager:acc",
                "purchase/3/role:director",
            ]
        );
    }

    #[test]
    fn requests_are_checked_against_their_kind() {
        let policies = ApprovalPolicies::default();
        let custom = load(CUSTOM).unwrap();
        let ron = |t: &str| Some(Money::parse(t, Some(Currency::Ron)).unwrap());
        let kinds = "access, budget, expense, leave, purchase, refund";
        type Case<'a> = (
            &'a ApprovalPolicies,
            &'a str,
            Option<Money>,
            Result<(), RequestError>,
        );
        let cases: Vec<Case> = vec![
            (&policies, "purchase", eur("500"), Ok(())),
            (&policies, "Purchase", eur("500"), Ok(())),
            (&policies, "leave", None, Ok(())),
            (&custom, "travel", None, Ok(())),
            (&custom, "travel", ron("10"), Ok(())),
            (
                &policies,
                "purchase",
                None,
                Err(RequestError::AmountMissing {
                    kind: "purchase".into(),
                    currency: Some(Currency::Eur),
                }),
            ),
            (
                &policies,
                "LEAVE",
                eur("5"),
                Err(RequestError::AmountNotUsed {
                    kind: "leave".into(),
                }),
            ),
            (
                &policies,
                "refund",
                ron("5"),
                Err(RequestError::WrongCurrency {
                    kind: "refund".into(),
                    currency: Currency::Ron,
                    expected: Currency::Eur,
                }),
            ),
            (
                &policies,
                " vacation ",
                None,
                Err(RequestError::UnknownKind {
                    kind: "vacation".into(),
                    kinds: kinds.into(),
                }),
            ),
        ];
        for (policies, kind, amount, expected) in cases {
            let got = policies.check_request(kind, amount).map(|_| ());
            assert_eq!(got, expected, "{kind} {amount:?}");
        }
        let long = "x".repeat(500);
        let Err(RequestError::UnknownKind { kind, .. }) = policies.check_request(&long, None)
        else {
            panic!("unknown kind expected");
        };
        assert_eq!(kind.chars().count(), MAX_ECHO_CHARS);
    }

    #[test]
    fn a_kind_without_currency_accepts_any_currency() {
        let text = "[kinds.k]\namount = \"optional\"\n[[kinds.k.steps]]\napprovers = \"@a\"";
        let policies = load_raw(text).unwrap();
        let usd = Money::parse("5 USD", None).unwrap();
        assert!(policies.check_request("k", Some(usd)).is_ok());
        let required = "[kinds.k]\namount = \"required\"\n[[kinds.k.steps]]\napprovers = \"@a\"";
        assert_eq!(
            load_raw(required)
                .unwrap()
                .check_request("k", None)
                .map(|_| ()),
            Err(RequestError::AmountMissing {
                kind: "k".into(),
                currency: None
            })
        );
    }

    // --- messages -----------------------------------------------------------------------

    type Bundle = fluent_bundle::FluentBundle<fluent_bundle::FluentResource>;

    fn bundle(lang: &str, source: &str) -> Bundle {
        let resource = fluent_bundle::FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errs)| panic!("{lang} syntax: {errs:?}"));
        let id: unic_langid::LanguageIdentifier = lang.parse().unwrap();
        let mut bundle = fluent_bundle::FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        bundle
    }

    fn render(bundle: &Bundle, id: &str, args: &[(&'static str, String)]) -> String {
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .unwrap_or_else(|| panic!("{id} missing"));
        let mut fargs = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        assert!(errors.is_empty(), "{id}: {errors:?}");
        text.into_owned()
    }

    #[test]
    fn every_request_error_renders_in_both_languages() {
        let errors = [
            RequestError::UnknownKind {
                kind: "vacation".into(),
                kinds: "leave, purchase".into(),
            },
            RequestError::AmountMissing {
                kind: "purchase".into(),
                currency: Some(Currency::Eur),
            },
            RequestError::AmountMissing {
                kind: "gift".into(),
                currency: None,
            },
            RequestError::AmountNotUsed {
                kind: "leave".into(),
            },
            RequestError::WrongCurrency {
                kind: "refund".into(),
                currency: Currency::Ron,
                expected: Currency::Eur,
            },
        ];
        for (lang, source) in [("en", EN_FTL), ("ro", RO_FTL)] {
            let bundle = bundle(lang, source);
            for error in &errors {
                let (id, args) = error.message();
                let text = render(&bundle, id, &args);
                for (_, value) in &args {
                    assert!(text.contains(value.as_str()), "{lang} {id}: {text}");
                }
            }
        }
    }

    /// The examples a message suggests (`4500 EUR`) are accepted as they are.
    #[test]
    fn suggested_amounts_parse() {
        for (lang, source) in [("en", EN_FTL), ("ro", RO_FTL)] {
            let bundle = bundle(lang, source);
            for currency in Currency::ALL {
                let error = RequestError::WrongCurrency {
                    kind: "k".into(),
                    currency,
                    expected: currency,
                };
                let (id, args) = error.message();
                let text = render(&bundle, id, &args);
                let example = text.split('`').nth(1).expect("an example in backticks");
                let parsed = Money::parse(example, None).unwrap();
                assert_eq!(parsed.currency(), currency, "{lang}: {text}");
            }
        }
    }

    /// Message ids and their variables, per language, from this area's catalogue files.
    fn inventory(source: &str) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for line in source.lines() {
            let Some((id, value)) = line.split_once(" = ") else {
                continue;
            };
            if id.starts_with('#') {
                continue;
            }
            let mut vars: Vec<String> = value
                .split("{ $")
                .skip(1)
                .filter_map(|rest| rest.split_once(' ').map(|(v, _)| v.to_owned()))
                .collect();
            vars.sort();
            vars.dedup();
            out.insert(id.to_owned(), vars);
        }
        out
    }

    #[test]
    fn catalogues_match_and_use_comma_below_diacritics() {
        assert_eq!(inventory(EN_FTL), inventory(RO_FTL));
        for id in inventory(EN_FTL).keys() {
            assert!(
                id.starts_with("money-") || id.starts_with("policy-"),
                "{id}"
            );
        }
        assert!(!RO_FTL.contains(['ş', 'ţ', 'Ş', 'Ţ']));
        assert!(RO_FTL.contains(['ș', 'ț']));
    }
}
