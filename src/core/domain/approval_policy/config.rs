//! The `[approvals]` table as written: plain structs that serde reads and writes, converted to
//! and from [`ApprovalPolicies`] so that every mistake is reported with its kind and step
//! rather than as a bare serde error.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    default_kinds, unknown_approver_hint, AmountRule, ApprovalPolicies, Approver, ExpiryAction,
    KindPolicy, PolicyError, Quorum, Step, DEFAULT_STALE_AFTER,
};
use crate::core::domain::money::{Currency, Rates};
use crate::core::time::span::Span;

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPolicies {
    #[serde(default = "default_true")]
    distinct_steps: bool,
    /// Read as a span here, so a mistake is refused with the line it is on.
    #[serde(default = "default_stale_after")]
    stale_after: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kinds: Option<BTreeMap<String, RawKind>>,
    /// Currency code → what one unit is worth in the base, e.g. `RON = "0.20 EUR"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    rates: BTreeMap<String, String>,
}

fn default_true() -> bool {
    true
}

fn default_stale_after() -> Span {
    DEFAULT_STALE_AFTER
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
            rates: Rates::from_config(&raw.rates)?,
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
            rates: policies.rates.to_config(),
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
