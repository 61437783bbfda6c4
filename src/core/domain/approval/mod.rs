//! Approval requests: who must decide, in which order, what each decision covered. The rules
//! that decide (approvers, segregation of duties, quorum) are in [`rules`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::approval_policy::{Approver, Quorum};
use super::ids::{split_numbered, DeptKey, Handle};
use super::money::{Money, Rate};
use super::text::{Body, Title};
use crate::i18n::Msg;

pub mod rules;

/// `A-5`: approvals are numbered across the organisation. Stored (in job payloads) as the
/// bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApprovalId(u32);

impl ApprovalId {
    pub fn new(n: u32) -> Self {
        ApprovalId(n)
    }

    pub fn number(self) -> u32 {
        self.0
    }
}

impl FromStr for ApprovalId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        match split_numbered(text) {
            Some((prefix, number)) if prefix.eq_ignore_ascii_case("a") => Ok(ApprovalId(number)),
            _ => Err(Msg::new("error-approval-id-invalid").arg("id", text)),
        }
    }
}

impl fmt::Display for ApprovalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "A-{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    Expired,
}

impl ApprovalStatus {
    const ALL: [ApprovalStatus; 5] = [
        ApprovalStatus::Pending,
        ApprovalStatus::Approved,
        ApprovalStatus::Rejected,
        ApprovalStatus::Withdrawn,
        ApprovalStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
            ApprovalStatus::Withdrawn => "withdrawn",
            ApprovalStatus::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<ApprovalStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            ApprovalStatus::Pending => Msg::new("approval-status-pending"),
            ApprovalStatus::Approved => Msg::new("approval-status-approved"),
            ApprovalStatus::Rejected => Msg::new("approval-status-rejected"),
            ApprovalStatus::Withdrawn => Msg::new("approval-status-withdrawn"),
            ApprovalStatus::Expired => Msg::new("approval-status-expired"),
        }
    }
}

/// One step as planned: the people who may decide it, and why they are the ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepApprovers {
    pub approvers: Vec<Handle>,
    pub all: bool,
    /// Left out of the stored form when `Named`, so rows written before it read the same.
    #[serde(default, skip_serializing_if = "Basis::is_named")]
    pub basis: Basis,
}

impl StepApprovers {
    pub fn quorum(&self) -> Quorum {
        if self.all {
            Quorum::All
        } else {
            Quorum::Any
        }
    }
}

/// Why a step waits on its approvers (see [`rules::plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The step's approver forms name them.
    #[default]
    Named,
    /// The step's forms name only approvers of the step before it, who hold both roles
    /// (the accounting manager who manages the department too): their approval of that step
    /// decides this one as well.
    WithPrevious,
    /// The forms name nobody who may decide it (only the requester, or people kept out as
    /// earlier steps' approvers): the directors decide it.
    Directors,
}

impl Basis {
    fn is_named(&self) -> bool {
        *self == Basis::Named
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub id: ApprovalId,
    pub kind: String,
    pub title: Title,
    pub amount: Option<Money>,
    /// How `amount` converts into the kind's currency, when it was written in another: the
    /// rate its steps were chosen by.
    pub rate: Option<Rate>,
    pub dept: DeptKey,
    pub details: Option<Body>,
    pub requester: Handle,
    pub status: ApprovalStatus,
    /// Index of the step now waiting for decisions.
    pub step: usize,
    pub steps: Vec<StepApprovers>,
    /// The policy's approver forms of each step (`dept_manager`, `manager:acc`), from which
    /// the steps' approvers are resolved again as the organisation changes. `None` for
    /// requests made before the forms were kept: their approvers stay as first planned.
    pub forms: Option<Vec<Vec<Approver>>>,
    pub content_hash: String,
    pub step_started_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Approval {
    /// The SHA-256 of what is being approved; a decision records the version it saw.
    pub fn content_hash(
        kind: &str,
        title: &str,
        amount: Option<Money>,
        dept: &DeptKey,
        details: Option<&str>,
    ) -> String {
        let mut h = Sha256::new();
        let amount = amount.map(|m| m.to_string()).unwrap_or_default();
        for field in [
            kind,
            title,
            &amount,
            dept.as_str(),
            details.unwrap_or_default(),
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }

    /// Only pending requests take decisions.
    pub fn require_pending(&self) -> Result<(), Msg> {
        match self.status {
            ApprovalStatus::Pending => Ok(()),
            other => Err(Msg::new("error-approval-closed")
                .arg("id", self.id.to_string())
                .arg("status", other.label())),
        }
    }

    pub fn current(&self) -> Option<&StepApprovers> {
        self.steps.get(self.step)
    }

    /// "waits on @victor (step 2 of 3)", or the final status: where the request stands, as
    /// replies, lists and the refusal of someone not asked say it.
    pub fn waiting_on(&self) -> Msg {
        match (self.status, self.current()) {
            (ApprovalStatus::Pending, Some(step)) if step.approvers.is_empty() => {
                Msg::new("approval-waiting-on-nobody")
                    .arg("step", self.step + 1)
                    .arg("steps", self.steps.len())
            }
            (ApprovalStatus::Pending, Some(step)) => {
                let names: Vec<String> = step.approvers.iter().map(|h| format!("@{h}")).collect();
                Msg::new("approval-waiting-on")
                    .arg("approvers", names.join(", "))
                    .arg("step", self.step + 1)
                    .arg("steps", self.steps.len())
            }
            (status, _) => status.label(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Reject,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::Reject => "reject",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "approve" => Some(Verdict::Approve),
            "reject" => Some(Verdict::Reject),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub approval: ApprovalId,
    pub step: usize,
    /// Whose decision it counts as.
    pub approver: Handle,
    /// Who made it: the approver, or their delegate.
    pub by: Handle,
    pub verdict: Verdict,
    pub comment: Option<String>,
    pub content_hash: String,
    pub at: DateTime<Utc>,
}

/// Out of office: requests that would wait on `from` wait on `to` as well, through `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub from: Handle,
    pub to: Handle,
    pub until: NaiveDate,
}

impl Delegation {
    /// In force through its `until` day, inclusive.
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.until >= today
    }
}

/// Which approvals `/approval list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalView {
    /// Requests I made.
    Mine,
    /// Pending requests whose current step waits on me (or on someone I stand in for).
    Waiting,
}

#[cfg(test)]
mod tests;
