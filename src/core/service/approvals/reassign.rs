//! Approvers as the organisation is now (issue #12). A request keeps the approver forms of its
//! steps (`dept_manager`, `manager:acc`), and its current and later steps are resolved from
//! them again ([`rules::reresolve`]):
//!
//! * when the organisation changes (`/member set`, a member enrolled from Discord), for every
//!   pending request, in the same transaction as the change — so that cards, reminders and
//!   escalations follow at once, and the new approvers hear of it the moment they become
//!   approvers rather than when someone happens to try to decide;
//! * when someone decides, before the decision counts — so that whatever path changed the
//!   organisation, only the organisation of that moment says who may vote.
//!
//! Whoever lost the role loses the vote, also through a delegation they gave; whoever gained
//! it is asked. Every change of approvers is in the audit trail.

use serde_json::{json, Map};

use super::super::work::Work;
use super::super::{budgets, escalations};
use super::{card, notify_step, schedule};
use crate::core::domain::approval::rules::{self, Effect};
use crate::core::domain::approval::{Approval, Decision, StepApprovers};
use crate::core::domain::escalation::{Note, Subject};
use crate::core::domain::ids::Handle;
use crate::core::domain::org::Member;
use crate::core::store::{ApprovalFilter, MemberFilter};
use crate::i18n::Msg;

/// More pending requests than anyone could decide; a bound on the work of one change.
const PENDING_LIMIT: u32 = 10_000;

/// Resolves the approvers of `approval` again over `members`; when they changed, returns the
/// steps as they were.
pub(super) fn refresh(
    approval: &mut Approval,
    decisions: &[Decision],
    members: &[Member],
    distinct_steps: bool,
) -> Option<Vec<StepApprovers>> {
    let steps = rules::reresolve(approval, decisions, members, distinct_steps)?;
    (steps != approval.steps).then(|| std::mem::replace(&mut approval.steps, steps))
}

/// Records that the approvers of `approval` changed from `before`.
pub(super) fn record(work: &mut Work<'_>, approval: &Approval, before: &[StepApprovers]) {
    let names = |steps: &[StepApprovers]| {
        let steps: Vec<Vec<&str>> = steps
            .iter()
            .map(|s| s.approvers.iter().map(Handle::as_str).collect())
            .collect();
        let mut fields = Map::new();
        fields.insert("steps".into(), json!(steps));
        fields
    };
    let change = (names(before), names(&approval.steps));
    work.record(approval.id, "approval.reassign", change);
}

/// Tells whoever the current step gained that it waits on them, and whoever it lost that it
/// no longer does. The request waits at the same step as in `before`.
pub(super) async fn tell(
    work: &mut Work<'_>,
    approval: &Approval,
    before: &[StepApprovers],
) -> anyhow::Result<()> {
    let (Some(now), Some(then)) = (approval.current(), before.get(approval.step)) else {
        return Ok(());
    };
    let gained: Vec<Handle> = now
        .approvers
        .iter()
        .filter(|h| !then.approvers.contains(h))
        .cloned()
        .collect();
    if !gained.is_empty() {
        notify_step(work, approval, Some(&gained)).await?;
    }
    for handle in then.approvers.iter().filter(|h| !now.approvers.contains(h)) {
        if let Some(member) = work.uow.member(handle).await? {
            let (id, title, waiting) = (approval.id, approval.title.clone(), approval.waiting_on());
            work.dm(&member, |_| {
                Msg::new("approval-unassigned-notice")
                    .arg("id", id.to_string())
                    .arg("title", title)
                    .arg("waiting", waiting)
            });
        }
    }
    Ok(())
}

/// After a change to the organisation: every pending request's approvers resolved again.
/// Where they changed, the change is recorded, the card refreshed and the people told; a step
/// that now has every approval it needs (the one approver it still waited on left) moves on.
pub(in crate::core::service) async fn organisation_changed(
    work: &mut Work<'_>,
) -> anyhow::Result<()> {
    let pending = work
        .uow
        .approvals(&ApprovalFilter::Pending, PENDING_LIMIT)
        .await?;
    if pending.is_empty() {
        return Ok(());
    }
    let members = work.uow.members(&MemberFilter::Everyone).await?;
    let distinct_steps = work.settings.approvals.distinct_steps;
    for mut approval in pending {
        let decisions = work.uow.decisions(approval.id).await?;
        let Some(before) = refresh(&mut approval, &decisions, &members, distinct_steps) else {
            continue;
        };
        record(work, &approval, &before);
        let effect = rules::progress(&approval, &decisions);
        approval.apply(effect, work.now);
        work.uow.save_approval(&approval).await?;
        budgets::closed(work, &approval).await?;
        if let Some(dept) = work.uow.department(&approval.dept).await? {
            schedule(work, &approval, &dept).await?;
            card::refresh(work, &approval, &decisions, &dept).await?;
        }
        match effect {
            // Pending requests have no rejection of their current step: it would have closed
            // them.
            Effect::StepOpen | Effect::Rejected => tell(work, &approval, &before).await?,
            Effect::NextStep { .. } => notify_step(work, &approval, None).await?,
            Effect::Approved => {
                if let Some(requester) = work.uow.member(&approval.requester).await? {
                    let deciders = card::deciders(&decisions);
                    let (id, title) = (approval.id, approval.title.clone());
                    work.dm(&requester, |_| {
                        Msg::new("approval-approved-notice")
                            .arg("id", id.to_string())
                            .arg("title", title)
                            .arg("deciders", deciders)
                    });
                }
                let subject = Subject::Approval(approval.id);
                escalations::subject_ended(work, &subject, Note::SubjectFinished).await?;
            }
        }
    }
    Ok(())
}
