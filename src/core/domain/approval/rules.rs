//! The approval rules, as pure functions over a request, its decisions, the delegations in
//! force and the organisation's members: who decides each step, whose vote a decision counts
//! as (segregation of duties), and what a decision does to the request. The service loads
//! and saves; these decide.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Approval, ApprovalStatus, Decision, Delegation, StepApprovers, Verdict};
use crate::core::domain::approval_policy::{Approver, Quorum, Step};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::org::{Member, Role};
use crate::i18n::Msg;

/// The members that `forms` name for something filed with `dept` (whose manager
/// [`Approver::DeptManager`] is), leaving out `excluded`: in the order of the forms, then of
/// `members`, each once. Nobody is added when nobody fits; callers decide what then.
pub fn resolve(
    forms: &[Approver],
    dept: &DeptKey,
    members: &[Member],
    excluded: &[Handle],
) -> Vec<Handle> {
    let mut out: Vec<Handle> = Vec::new();
    for form in forms {
        for m in members.iter().filter(|m| names(form, dept, m)) {
            if !excluded.contains(&m.handle) && !out.contains(&m.handle) {
                out.push(m.handle.clone());
            }
        }
    }
    out
}

/// Whether `form` names `member`, for something filed with `dept`.
fn names(form: &Approver, dept: &DeptKey, member: &Member) -> bool {
    let manages = |key: &DeptKey| member.role == Role::Manager && member.dept.as_ref() == Some(key);
    match form {
        Approver::DeptManager => manages(dept),
        Approver::ManagerOf(key) => manages(key),
        Approver::Role(role) => member.role == *role,
        Approver::Member(handle) => member.handle == *handle,
    }
}

/// The approvers of each step of a new request by `requester` for `dept`, fixed when it is
/// made. A step's approvers are the members its forms name, never the requester (nobody
/// approves their own request) and, with `distinct_steps`, nobody named in an earlier step; a
/// step nobody else can decide falls to the directors. Refused when even that leaves a step
/// without anyone.
pub fn plan(
    steps: &[&Step],
    dept: &DeptKey,
    members: &[Member],
    requester: &Handle,
    distinct_steps: bool,
) -> Result<Vec<StepApprovers>, Msg> {
    let mut planned: Vec<StepApprovers> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let mut excluded = vec![requester.clone()];
        if distinct_steps {
            excluded.extend(planned.iter().flat_map(|s| s.approvers.iter().cloned()));
        }
        let mut approvers = resolve(&step.approvers, dept, members, &excluded);
        if approvers.is_empty() {
            approvers = resolve(&[Approver::Role(Role::Director)], dept, members, &excluded);
        }
        if approvers.is_empty() {
            return Err(Msg::new("error-approval-no-approver").arg("step", n + 1));
        }
        planned.push(StepApprovers {
            approvers,
            all: step.quorum == Quorum::All,
        });
    }
    Ok(planned)
}

/// Whose vote `actor`'s decision on the current step counts as — their own when the step
/// names them, else that of an approver of the step whose delegation to them is in force
/// `today` — or why they may not decide now: the request is closed, it is their own (also
/// when they would stand in for the requester), they are not asked, they (or the person
/// their vote counts as) already decided this step, or, with `distinct_steps`, an earlier one.
pub fn counted_as(
    actor: &Handle,
    approval: &Approval,
    decisions: &[Decision],
    delegations: &[Delegation],
    distinct_steps: bool,
    today: NaiveDate,
) -> Result<Handle, Msg> {
    approval.require_pending()?;
    let id = approval.id.to_string();
    if actor == &approval.requester {
        return Err(Msg::new("error-approval-own").arg("id", id));
    }
    let Some(step) = approval.current() else {
        return Err(Msg::new("error-approval-closed")
            .arg("id", id)
            .arg("status", approval.status.label()));
    };
    let counted = if step.approvers.contains(actor) {
        actor.clone()
    } else {
        let standing_in = delegations
            .iter()
            .find(|d| &d.to == actor && d.in_force(today) && step.approvers.contains(&d.from));
        match standing_in {
            Some(d) => d.from.clone(),
            None => {
                return Err(Msg::new("error-approval-not-yours")
                    .arg("id", id)
                    .arg("waiting", approval.waiting_on()))
            }
        }
    };
    if counted == approval.requester {
        return Err(Msg::new("error-approval-own").arg("id", id));
    }
    let already = |d: &&Decision| d.approver == counted || d.by == *actor;
    if decisions
        .iter()
        .filter(|d| d.step == approval.step)
        .any(|d| already(&d))
    {
        return Err(Msg::new("error-approval-already-decided").arg("id", id));
    }
    if distinct_steps {
        if let Some(earlier) = decisions
            .iter()
            .filter(|d| d.step < approval.step)
            .find(already)
        {
            return Err(Msg::new("error-approval-earlier-step")
                .arg("id", id)
                .arg("step", earlier.step + 1));
        }
    }
    Ok(counted)
}

/// Whether the current step is complete once `counted` has approved it, given the earlier
/// `decisions`: at once with [`Quorum::Any`], with [`Quorum::All`] when every approver of the
/// step has approved.
pub fn step_complete(approval: &Approval, decisions: &[Decision], counted: &Handle) -> bool {
    let Some(step) = approval.current() else {
        return false;
    };
    match step.quorum() {
        Quorum::Any => true,
        Quorum::All => step.approvers.iter().all(|a| {
            a == counted
                || decisions.iter().any(|d| {
                    d.step == approval.step && &d.approver == a && d.verdict == Verdict::Approve
                })
        }),
    }
}

/// What a decision does to its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The step still waits on others of its approvers.
    StepOpen,
    /// The step is complete and the next one starts.
    NextStep,
    /// The last step is complete.
    Approved,
    /// One rejection ends the request.
    Rejected,
}

/// The effect of `counted`'s `verdict` on the current step, given the earlier `decisions`.
pub fn effect(
    approval: &Approval,
    decisions: &[Decision],
    counted: &Handle,
    verdict: Verdict,
) -> Effect {
    match verdict {
        Verdict::Reject => Effect::Rejected,
        Verdict::Approve if !step_complete(approval, decisions, counted) => Effect::StepOpen,
        Verdict::Approve if approval.step + 1 < approval.steps.len() => Effect::NextStep,
        Verdict::Approve => Effect::Approved,
    }
}

impl Approval {
    /// Takes a decision's `effect`, made at `now`: a new step starts its stale clock then.
    pub fn apply(&mut self, effect: Effect, now: DateTime<Utc>) {
        match effect {
            Effect::StepOpen => {}
            Effect::NextStep => {
                self.step += 1;
                self.step_started_at = now;
            }
            Effect::Approved => self.status = ApprovalStatus::Approved,
            Effect::Rejected => self.status = ApprovalStatus::Rejected,
        }
        self.updated_at = now;
    }
}
