//! The approval rules, as pure functions over a request, its decisions, the delegations in
//! force and the organisation's members: who decides each step, whose vote a decision counts
//! as (segregation of duties), and what a decision does to the request. The service loads
//! and saves; these decide.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Approval, ApprovalStatus, Basis, Decision, Delegation, StepApprovers, Verdict};
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

/// The approvers of each step of a new request by `requester` for `dept`: each policy step's
/// forms resolved over `members` (see [`Planner::next`]). Refused when a step is left without
/// anyone.
pub fn plan(
    steps: &[&Step],
    dept: &DeptKey,
    members: &[Member],
    requester: &Handle,
    distinct_steps: bool,
) -> Result<Vec<StepApprovers>, Msg> {
    let planner = Planner {
        dept,
        members,
        requester,
        distinct_steps,
        deciders: Vec::new(),
    };
    let mut planned: Vec<StepApprovers> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let next = planner.next(&planned, &step.approvers, step.quorum);
        if next.approvers.is_empty() {
            return Err(Msg::new("error-approval-no-approver").arg("step", n + 1));
        }
        planned.push(next);
    }
    Ok(planned)
}

/// The approvers of a pending request's steps as the organisation is now (issue #12: someone
/// who lost the role loses the vote, and whoever gained it gets it). The steps already
/// decided stay as they were; the current and later ones are resolved again from their
/// forms, keeping out, with `distinct_steps`, whoever decided an earlier step. A step may
/// come out with nobody, until an admin names someone. `None` when the request keeps its
/// approvers: it is closed, or it was made before forms were kept.
pub fn reresolve(
    approval: &Approval,
    decisions: &[Decision],
    members: &[Member],
    distinct_steps: bool,
) -> Option<Vec<StepApprovers>> {
    approval.require_pending().ok()?;
    let forms = approval.forms.as_ref()?;
    let deciders = decisions
        .iter()
        .filter(|d| d.step < approval.step)
        .flat_map(|d| [d.approver.clone(), d.by.clone()])
        .collect();
    let planner = Planner {
        dept: &approval.dept,
        members,
        requester: &approval.requester,
        distinct_steps,
        deciders,
    };
    let mut planned: Vec<StepApprovers> =
        approval.steps.iter().take(approval.step).cloned().collect();
    for (n, step_forms) in forms.iter().enumerate().skip(approval.step) {
        let quorum = approval
            .steps
            .get(n)
            .map_or(Quorum::Any, StepApprovers::quorum);
        planned.push(planner.next(&planned, step_forms, quorum));
    }
    Some(planned)
}

/// What planning a step needs to know besides the steps before it.
struct Planner<'a> {
    dept: &'a DeptKey,
    members: &'a [Member],
    requester: &'a Handle,
    distinct_steps: bool,
    /// Who decided earlier steps (also as delegates): kept out with `distinct_steps`.
    deciders: Vec<Handle>,
}

impl Planner<'_> {
    /// The next step after `planned`, whose forms are `forms`. Nobody approves their own
    /// request. When the forms name only approvers of the step before (who hold both roles:
    /// the accounting manager managing the department too), the step goes with that one:
    /// [`Basis::WithPrevious`], one decision for both. Otherwise, with `distinct_steps`,
    /// whoever an earlier step named or was decided by is kept out, so that others decide
    /// this step; when that leaves nobody, the directors decide it ([`Basis::Directors`],
    /// possibly nobody).
    fn next(&self, planned: &[StepApprovers], forms: &[Approver], quorum: Quorum) -> StepApprovers {
        let all = quorum == Quorum::All;
        let requester = std::slice::from_ref(self.requester);
        let named = resolve(forms, self.dept, self.members, requester);
        // A step the directors took over names nobody by its forms: nothing to join.
        let previous = planned.last().filter(|p| p.basis != Basis::Directors);
        if !named.is_empty()
            && previous.is_some_and(|p| named.iter().all(|h| p.approvers.contains(h)))
        {
            return StepApprovers {
                approvers: named,
                all,
                basis: Basis::WithPrevious,
            };
        }
        let mut excluded = vec![self.requester.clone()];
        if self.distinct_steps {
            excluded.extend(planned.iter().flat_map(|s| s.approvers.iter().cloned()));
            excluded.extend(self.deciders.iter().cloned());
        }
        let approvers: Vec<Handle> = named
            .into_iter()
            .filter(|h| !excluded.contains(h))
            .collect();
        if !approvers.is_empty() {
            return StepApprovers {
                approvers,
                all,
                basis: Basis::Named,
            };
        }
        let directors = [Approver::Role(Role::Director)];
        StepApprovers {
            approvers: resolve(&directors, self.dept, self.members, &excluded),
            all,
            basis: Basis::Directors,
        }
    }
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
    if step.approvers.is_empty() {
        return Err(Msg::new("error-approval-nobody")
            .arg("id", id)
            .arg("waiting", approval.waiting_on()));
    }
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
    // One person, one vote: whoever a decision counted for or was made by may not take part
    // again, neither as themselves nor standing in for someone else (found by the property
    // test: @paul's vote cast by his delegate, then @paul deciding the next step for @victor).
    let already = |d: &&Decision| {
        [&d.approver, &d.by]
            .into_iter()
            .any(|person| person == &counted || person == actor)
    };
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

/// The first step whose approvals count for step `n`: `n` itself, or, for a step that goes
/// with the one before ([`Basis::WithPrevious`]), the first of that run.
pub fn decided_with(approval: &Approval, n: usize) -> usize {
    let mut first = n;
    while first > 0
        && approval
            .steps
            .get(first)
            .is_some_and(|s| s.basis == Basis::WithPrevious)
    {
        first -= 1;
    }
    first
}

/// Whether step `n` has the approvals its quorum needs from its approvers as they are now:
/// one of them with [`Quorum::Any`], every one with [`Quorum::All`]. Approvals of the steps it
/// goes with count ([`decided_with`]); those of people no longer its approvers do not.
pub fn step_satisfied(approval: &Approval, n: usize, decisions: &[Decision]) -> bool {
    let Some(step) = approval.steps.get(n) else {
        return false;
    };
    let counted = decided_with(approval, n)..=n;
    let approved = |a: &Handle| {
        decisions
            .iter()
            .any(|d| d.verdict == Verdict::Approve && counted.contains(&d.step) && &d.approver == a)
    };
    match step.quorum() {
        Quorum::Any => step.approvers.iter().any(approved),
        Quorum::All => !step.approvers.is_empty() && step.approvers.iter().all(approved),
    }
}

/// What a pending request's `decisions` (the newest included) do to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The step still waits on others of its approvers.
    StepOpen,
    /// The step is complete, and so are the steps that go with it; step `to` waits now.
    NextStep { to: usize },
    /// The last step is complete.
    Approved,
    /// One rejection ends the request.
    Rejected,
}

/// Where the request stands after `decisions`: rejected by any rejection of its current
/// step, else past every step from the current one that has its approvals.
pub fn progress(approval: &Approval, decisions: &[Decision]) -> Effect {
    let rejected = decisions
        .iter()
        .any(|d| d.step == approval.step && d.verdict == Verdict::Reject);
    if rejected {
        return Effect::Rejected;
    }
    let mut next = approval.step;
    while step_satisfied(approval, next, decisions) {
        next += 1;
    }
    if next == approval.step {
        Effect::StepOpen
    } else if next >= approval.steps.len() {
        Effect::Approved
    } else {
        Effect::NextStep { to: next }
    }
}

impl Approval {
    /// Takes the `effect` of its decisions, at `now`: a new step starts its stale clock then.
    pub fn apply(&mut self, effect: Effect, now: DateTime<Utc>) {
        match effect {
            Effect::StepOpen => {}
            Effect::NextStep { to } => {
                self.step = to;
                self.step_started_at = now;
            }
            Effect::Approved => self.status = ApprovalStatus::Approved,
            Effect::Rejected => self.status = ApprovalStatus::Rejected,
        }
        self.updated_at = now;
    }
}
