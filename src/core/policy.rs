//! Who may do what — decided here and nowhere else. Every refusal names the role or the
//! relation that would have allowed it.

use super::domain::approval::Approval;
use super::domain::digest::Subscription;
use super::domain::escalation::Escalation;
use super::domain::ids::{DeptKey, Handle};
use super::domain::org::{Member, Role};
use super::domain::task::Task;
use super::domain::ticket::Ticket;
use crate::i18n::Msg;

/// An action that needs a permission check.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// See a ticket and its public comments.
    ViewTicket(&'a Ticket),
    /// Claim, assign, wait, resume, resolve, close, change priority, comment internally.
    WorkTicket(&'a Ticket),
    /// Add a public comment.
    CommentOnTicket(&'a Ticket),
    ReopenTicket(&'a Ticket),
    /// Rate the ticket's resolution: its requester alone.
    RateTicket(&'a Ticket),
    /// Create departments, add or change members.
    ManageOrganisation,
    /// Read the history of an object; `None` for organisation objects.
    ViewAudit(Option<&'a DeptKey>),
    VerifyAudit,
    /// Seal the audit trail's head now.
    SealAudit,
    /// Give this member a task.
    DelegateTo(&'a Member),
    /// Mark a task done.
    FinishTask(&'a Task),
    /// Reassign, re-date or cancel a task.
    ManageTask(&'a Task),
    /// See a task; the assignee's department decides which manager may look.
    ViewTask(&'a Task, Option<&'a DeptKey>),
    /// See the task lists of this member.
    ListTasksOf(&'a Member),
    /// See an approval request, its decisions and its history.
    ViewApproval(&'a Approval),
    /// Escalate a subject of `dept` in which `involved` take part (requester, assignee,
    /// delegator, approvers).
    Escalate {
        dept: &'a DeptKey,
        involved: &'a [Handle],
    },
    /// See an escalation and its history.
    ViewEscalation(&'a Escalation),
    /// Acknowledge or resolve an escalation: its holders, and once acknowledged its owner.
    HoldEscalation(&'a Escalation),
    /// Read a department's digest: its queue, breaches, what changed.
    ReadDigestOf(&'a DeptKey),
    /// Have a department's digest posted in its channel, for everyone there.
    PostDigestIn(&'a DeptKey),
    /// Stop, pause or change a digest subscription.
    ManageSubscription(&'a Subscription),
    /// Read a digest subscription's history.
    ViewSubscription(&'a Subscription),
    /// Set a department's budget; `accountant` when the actor is the accounting manager
    /// (`[budgets] accountant`).
    SetBudget {
        dept: &'a DeptKey,
        accountant: bool,
    },
    /// See a department's budget, what its requests take of it, and its history.
    ViewBudget {
        dept: &'a DeptKey,
        accountant: bool,
    },
    /// List budgets (each one then shown only to those who may see it).
    ListBudgets {
        accountant: bool,
    },
    /// Export the records of one department, or (`None`) of all of them and the whole audit
    /// trail: who may export follows who may see.
    Export(Option<&'a DeptKey>),
}

/// Checks `action` for `actor`; `Err` carries the localized reason.
pub fn check(actor: &Member, action: Action<'_>, dept_name: &str) -> Result<(), Msg> {
    let allowed = match action {
        Action::ViewTicket(t) => {
            is_requester(actor, t) || sees_everything(actor) || actor.works_in(t.dept())
        }
        Action::WorkTicket(t) => actor.works_in(t.dept()),
        Action::CommentOnTicket(t) | Action::ReopenTicket(t) => {
            is_requester(actor, t) || actor.works_in(t.dept())
        }
        Action::RateTicket(t) => is_requester(actor, t),
        Action::ManageOrganisation => actor.role == Role::Admin,
        Action::ViewAudit(Some(dept)) => sees_everything(actor) || actor.works_in(dept),
        Action::ViewAudit(None) | Action::VerifyAudit | Action::SealAudit => sees_everything(actor),
        Action::DelegateTo(assignee) => may_delegate_to(actor, assignee),
        Action::FinishTask(task) => actor.handle == task.assignee,
        Action::ManageTask(task) => actor.handle == task.delegator,
        Action::ViewTask(task, dept) => {
            actor.handle == task.assignee
                || actor.handle == task.delegator
                || sees_everything(actor)
                || dept.is_some_and(|d| manages(actor, d))
        }
        Action::ListTasksOf(member) => {
            actor.handle == member.handle
                || sees_everything(actor)
                || member.dept.as_ref().is_some_and(|d| manages(actor, d))
        }
        Action::ViewApproval(approval) => {
            actor.handle == approval.requester
                || approval
                    .steps
                    .iter()
                    .any(|s| s.approvers.contains(&actor.handle))
                || sees_everything(actor)
                || manages(actor, &approval.dept)
        }
        Action::Escalate { dept, involved } => {
            involved.contains(&actor.handle) || actor.works_in(dept) || sees_everything(actor)
        }
        Action::ViewEscalation(e) => {
            e.raised_by.member() == Some(&actor.handle)
                || e.held_by(&actor.handle)
                || actor.works_in(&e.dept)
                || sees_everything(actor)
        }
        Action::HoldEscalation(e) => e.held_by(&actor.handle),
        Action::ReadDigestOf(dept) => sees_everything(actor) || actor.works_in(dept),
        Action::PostDigestIn(dept) => sees_everything(actor) || manages(actor, dept),
        Action::ManageSubscription(subscription) => {
            actor.handle == subscription.owner || actor.role == Role::Admin
        }
        Action::ViewSubscription(subscription) => {
            actor.handle == subscription.owner || sees_everything(actor)
        }
        // Whoever runs a department does not decide how much it may spend.
        Action::SetBudget { dept, accountant } => {
            (sees_everything(actor) || accountant) && !manages(actor, dept)
        }
        Action::ViewBudget { dept, accountant } => {
            sees_everything(actor) || accountant || manages(actor, dept)
        }
        Action::ListBudgets { accountant } => {
            sees_everything(actor) || accountant || actor.role == Role::Manager
        }
        Action::Export(Some(dept)) => sees_everything(actor) || manages(actor, dept),
        Action::Export(None) => sees_everything(actor),
    };
    if allowed {
        return Ok(());
    }
    let needed = match action {
        Action::WorkTicket(_) => Msg::new("needed-dept-staff").arg("dept", dept_name),
        Action::ViewTicket(_) | Action::CommentOnTicket(_) | Action::ReopenTicket(_) => {
            Msg::new("needed-requester-or-staff").arg("dept", dept_name)
        }
        Action::ViewAudit(Some(_)) | Action::ReadDigestOf(_) => {
            Msg::new("needed-staff-or-director").arg("dept", dept_name)
        }
        Action::PostDigestIn(_) => Msg::new("needed-digest-poster").arg("dept", dept_name),
        Action::ManageSubscription(subscription) => {
            Msg::new("needed-subscription-owner").arg("handle", subscription.owner.as_str())
        }
        Action::ViewSubscription(subscription) => {
            Msg::new("needed-subscription-viewer").arg("handle", subscription.owner.as_str())
        }
        Action::RateTicket(t) => {
            Msg::new("needed-ticket-requester").arg("handle", t.requester.as_str())
        }
        Action::ManageOrganisation => Msg::new("needed-admin"),
        Action::ViewAudit(None)
        | Action::VerifyAudit
        | Action::SealAudit
        | Action::Export(None) => Msg::new("needed-director-or-admin"),
        Action::Export(Some(_)) => Msg::new("needed-exporter").arg("dept", dept_name),
        Action::ListTasksOf(member) => {
            Msg::new("needed-task-lister").arg("handle", member.handle.as_str())
        }
        Action::DelegateTo(assignee) if assignee.handle == actor.handle => {
            Msg::new("needed-agent-for-self")
        }
        // Someone in no department (a director, an admin) has no manager to name.
        Action::DelegateTo(assignee) if assignee.dept.is_none() => {
            Msg::new("needed-task-delegator-no-dept").arg("handle", assignee.handle.as_str())
        }
        Action::DelegateTo(_) => Msg::new("needed-task-delegator").arg("dept", dept_name),
        Action::FinishTask(task) => {
            Msg::new("needed-task-assignee").arg("handle", task.assignee.as_str())
        }
        Action::ManageTask(task) => {
            Msg::new("needed-task-owner").arg("handle", task.delegator.as_str())
        }
        Action::ViewTask(..) => Msg::new("needed-task-party").arg("dept", dept_name),
        Action::ViewApproval(_) => Msg::new("needed-approval-party"),
        Action::Escalate { .. } => Msg::new("needed-escalation-raiser").arg("dept", dept_name),
        Action::ViewEscalation(_) => Msg::new("needed-escalation-party").arg("dept", dept_name),
        Action::SetBudget { dept, .. } if manages(actor, dept) => {
            Msg::new("needed-budget-setter-own").arg("dept", dept_name)
        }
        Action::SetBudget { .. } => Msg::new("needed-budget-setter"),
        Action::ViewBudget { .. } => Msg::new("needed-budget-viewer").arg("dept", dept_name),
        Action::ListBudgets { .. } => Msg::new("needed-budget-lister"),
        Action::HoldEscalation(e) => {
            let mut who: Vec<String> = Vec::new();
            for handle in e.owner.iter().chain(&e.holders) {
                let name = format!("@{handle}");
                if !who.contains(&name) {
                    who.push(name);
                }
            }
            Msg::new("needed-escalation-holder")
                .arg("id", e.id.to_string())
                .arg("holders", who.join(", "))
        }
    };
    Err(Msg::new("error-denied")
        .arg("needed", needed)
        .arg("role", actor.role.label()))
}

/// Internal comments are for the department's staff and for those who oversee everything.
pub fn sees_internal_notes(actor: &Member, ticket: &Ticket) -> bool {
    actor.works_in(ticket.dept()) || sees_everything(actor)
}

/// Ratings show to the department's staff and those who oversee everything, and to the
/// requester who gave them.
pub fn sees_ratings(actor: &Member, ticket: &Ticket) -> bool {
    sees_internal_notes(actor, ticket) || is_requester(actor, ticket)
}

/// Directors and admins may look at every department.
pub fn sees_everything(actor: &Member) -> bool {
    matches!(actor.role, Role::Director | Role::Admin)
}

/// Managers delegate within the departments they run, directors to anyone, and anyone from
/// agent up may give themselves a task.
fn may_delegate_to(actor: &Member, assignee: &Member) -> bool {
    match actor.role {
        Role::Director => true,
        _ if actor.handle == assignee.handle => actor.role >= Role::Agent,
        Role::Manager => assignee.dept.as_ref().is_some_and(|d| manages(actor, d)),
        _ => false,
    }
}

/// A manager runs their own department.
fn manages(actor: &Member, dept: &DeptKey) -> bool {
    actor.role == Role::Manager && actor.dept.as_ref() == Some(dept)
}

/// Only the department's agents and managers can own its tickets.
pub fn may_own(member: &Member, ticket: &Ticket) -> bool {
    member.works_in(ticket.dept())
}

fn is_requester(actor: &Member, ticket: &Ticket) -> bool {
    actor.handle == ticket.requester
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::domain::ids::Handle;
    use crate::core::domain::ticket::Priority;

    fn member(handle: &str, role: Role, dept: &str) -> Member {
        Member::sample(handle, role, dept)
    }

    fn it_ticket() -> Ticket {
        Ticket::sample(Priority::Normal, "2026-12-07T08:00:00Z".parse().unwrap())
    }

    #[test]
    fn only_the_departments_agents_and_managers_work_its_tickets() {
        let t = it_ticket();
        assert!(check(
            &member("alice", Role::Agent, "it"),
            Action::WorkTicket(&t),
            "IT"
        )
        .is_ok());
        assert!(check(
            &member("bob", Role::Manager, "it"),
            Action::WorkTicket(&t),
            "IT"
        )
        .is_ok());
        for outsider in [
            member("dan", Role::Agent, "acc"),
            member("maria", Role::Director, "it"),
            member("admin", Role::Admin, "it"),
            member("frank", Role::Requester, "front"),
        ] {
            let err = check(&outsider, Action::WorkTicket(&t), "IT").unwrap_err();
            assert_eq!(err.id(), "error-denied");
        }
    }

    #[test]
    fn the_requester_may_comment_and_reopen_but_not_work_the_ticket() {
        let t = it_ticket();
        let frank = member("frank", Role::Requester, "front");
        assert!(check(&frank, Action::CommentOnTicket(&t), "IT").is_ok());
        assert!(check(&frank, Action::ReopenTicket(&t), "IT").is_ok());
        assert!(!sees_internal_notes(&frank, &t));
        let other = member("zoe", Role::Requester, "front");
        assert!(check(&other, Action::ViewTicket(&t), "IT").is_err());
    }

    #[test]
    fn only_the_requester_rates_a_ticket_and_staff_see_its_ratings() {
        let t = it_ticket();
        let frank = member("frank", Role::Requester, "front");
        assert!(check(&frank, Action::RateTicket(&t), "IT").is_ok());
        assert!(sees_ratings(&frank, &t));
        for other in [
            member("zoe", Role::Requester, "front"),
            member("alice", Role::Agent, "it"),
            member("bob", Role::Manager, "it"),
            member("maria", Role::Director, "hr"),
        ] {
            let text = check(&other, Action::RateTicket(&t), "IT")
                .unwrap_err()
                .render(crate::i18n::Locale::En);
            assert!(text.contains("@frank"), "{text}");
        }
        assert!(sees_ratings(&member("alice", Role::Agent, "it"), &t));
        assert!(sees_ratings(&member("maria", Role::Director, "hr"), &t));
        assert!(!sees_ratings(&member("zoe", Role::Requester, "front"), &t));
        assert!(!sees_ratings(&member("dan", Role::Agent, "acc"), &t));
    }

    #[test]
    fn managers_delegate_in_their_department_directors_anywhere_agents_to_themselves() {
        let bob = member("bob", Role::Manager, "it");
        let alice = member("alice", Role::Agent, "it");
        let dan = member("dan", Role::Agent, "acc");
        let maria = member("maria", Role::Director, "it");
        let frank = member("frank", Role::Requester, "front");
        assert!(check(&bob, Action::DelegateTo(&alice), "IT").is_ok());
        assert!(check(&bob, Action::DelegateTo(&bob), "IT").is_ok());
        assert!(check(&bob, Action::DelegateTo(&dan), "Accounting").is_err());
        assert!(check(&maria, Action::DelegateTo(&dan), "Accounting").is_ok());
        assert!(check(&alice, Action::DelegateTo(&alice), "IT").is_ok());
        assert!(check(&alice, Action::DelegateTo(&dan), "Accounting").is_err());
        let refusal = check(&frank, Action::DelegateTo(&frank), "Front office").unwrap_err();
        assert!(refusal.render(crate::i18n::Locale::En).contains("agents"));
    }

    #[test]
    fn an_approval_is_seen_by_its_parties_its_departments_manager_and_overseers() {
        use crate::core::domain::approval::{ApprovalId, ApprovalStatus, StepApprovers};
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        let approval = Approval {
            id: ApprovalId::new(1),
            kind: "purchase".into(),
            title: crate::core::domain::text::Title::parse("title", "Laptops").unwrap(),
            amount: None,
            rate: None,
            dept: DeptKey::parse("it").unwrap(),
            details: None,
            requester: Handle::parse("alice").unwrap(),
            status: ApprovalStatus::Pending,
            step: 0,
            steps: vec![StepApprovers {
                approvers: vec![Handle::parse("victor").unwrap()],
                all: false,
                basis: Default::default(),
            }],
            forms: None,
            content_hash: String::new(),
            step_started_at: at,
            created_at: at,
            updated_at: at,
        };
        for allowed in [
            member("alice", Role::Agent, "it"),
            member("victor", Role::Manager, "acc"),
            member("bob", Role::Manager, "it"),
            member("maria", Role::Director, "hr"),
            member("admin", Role::Admin, "it"),
        ] {
            let seen = check(&allowed, Action::ViewApproval(&approval), "");
            assert!(seen.is_ok(), "{}", allowed.handle);
        }
        for refused in [
            member("carol", Role::Agent, "it"),
            member("paul", Role::Manager, "proc"),
            member("frank", Role::Requester, "front"),
        ] {
            let text = check(&refused, Action::ViewApproval(&approval), "")
                .unwrap_err()
                .render(crate::i18n::Locale::En);
            assert!(text.contains("the requester, its approvers"), "{text}");
        }
    }

    #[test]
    fn digests_of_a_department_are_for_its_staff_and_overseers_and_posted_by_its_managers() {
        let it = DeptKey::parse("it").unwrap();
        let allowed = |m: &Member, action| check(m, action, "IT").is_ok();
        let alice = member("alice", Role::Agent, "it");
        let bob = member("bob", Role::Manager, "it");
        let dan = member("dan", Role::Agent, "acc");
        let frank = member("frank", Role::Requester, "front");
        let maria = member("maria", Role::Director, "hr");
        assert!(allowed(&alice, Action::ReadDigestOf(&it)));
        assert!(allowed(&bob, Action::ReadDigestOf(&it)));
        assert!(allowed(&maria, Action::ReadDigestOf(&it)));
        assert!(!allowed(&dan, Action::ReadDigestOf(&it)));
        assert!(!allowed(&frank, Action::ReadDigestOf(&it)));
        assert!(allowed(&bob, Action::PostDigestIn(&it)));
        assert!(allowed(&maria, Action::PostDigestIn(&it)));
        let refusal = check(&alice, Action::PostDigestIn(&it), "IT").unwrap_err();
        assert!(refusal
            .render(crate::i18n::Locale::En)
            .contains("managers of IT"));
    }

    #[test]
    fn a_subscription_is_managed_by_its_owner_or_an_admin() {
        use crate::core::domain::digest::{DigestId, Subscription};
        let now = "2026-12-07T08:00:00Z".parse().unwrap();
        let bob = member("bob", Role::Manager, "it");
        let sub = Subscription::default_for(DigestId::new(2), &bob, now);
        assert!(check(&bob, Action::ManageSubscription(&sub), "").is_ok());
        assert!(check(
            &member("admin", Role::Admin, "it"),
            Action::ManageSubscription(&sub),
            ""
        )
        .is_ok());
        let text = check(
            &member("maria", Role::Director, "hr"),
            Action::ManageSubscription(&sub),
            "",
        )
        .unwrap_err()
        .render(crate::i18n::Locale::En);
        assert!(text.contains("@bob"), "{text}");
    }

    #[test]
    fn budgets_are_set_by_the_books_and_the_top_never_by_the_departments_own_manager() {
        let it = DeptKey::parse("it").unwrap();
        let acc = DeptKey::parse("acc").unwrap();
        let set = |m: &Member, dept, accountant| {
            check(m, Action::SetBudget { dept, accountant }, "IT").is_ok()
        };
        let victor = member("victor", Role::Manager, "acc");
        let bob = member("bob", Role::Manager, "it");
        let maria = member("maria", Role::Director, "hr");
        let admin = member("admin", Role::Admin, "it");
        assert!(set(&victor, &it, true));
        assert!(!set(&victor, &acc, true));
        assert!(!set(&bob, &it, false));
        assert!(!set(&bob, &acc, false));
        assert!(set(&maria, &it, false));
        assert!(set(&admin, &acc, false));
        let own = check(
            &bob,
            Action::SetBudget {
                dept: &it,
                accountant: false,
            },
            "IT",
        )
        .unwrap_err()
        .render(crate::i18n::Locale::En);
        assert!(own.contains("never"), "{own}");
    }

    #[test]
    fn a_budget_is_seen_by_its_manager_the_accountant_and_overseers() {
        let it = DeptKey::parse("it").unwrap();
        let view = |m: &Member, accountant| {
            check(
                m,
                Action::ViewBudget {
                    dept: &it,
                    accountant,
                },
                "IT",
            )
            .is_ok()
        };
        assert!(view(&member("bob", Role::Manager, "it"), false));
        assert!(view(&member("victor", Role::Manager, "acc"), true));
        assert!(view(&member("maria", Role::Director, "hr"), false));
        assert!(!view(&member("alice", Role::Agent, "it"), false));
        assert!(!view(&member("paul", Role::Manager, "proc"), false));
        let list = |m: &Member| check(m, Action::ListBudgets { accountant: false }, "").is_ok();
        assert!(list(&member("paul", Role::Manager, "proc")));
        assert!(!list(&member("alice", Role::Agent, "it")));
    }

    #[test]
    fn a_refusal_names_the_role_needed_and_the_actors_role() {
        let text = check(
            &member("dan", Role::Agent, "acc"),
            Action::ManageOrganisation,
            "",
        )
        .unwrap_err()
        .render(crate::i18n::Locale::En);
        assert!(text.contains("admin") && text.contains("agent"), "{text}");
    }

    #[test]
    fn a_departments_manager_exports_it_directors_and_admins_everything() {
        let it = DeptKey::parse("it").unwrap();
        let acc = DeptKey::parse("acc").unwrap();
        let bob = member("bob", Role::Manager, "it");
        assert!(check(&bob, Action::Export(Some(&it)), "IT").is_ok());
        assert!(check(&bob, Action::Export(Some(&acc)), "Accounting").is_err());
        assert!(check(&bob, Action::Export(None), "").is_err());
        let alice = member("alice", Role::Agent, "it");
        assert!(check(&alice, Action::Export(Some(&it)), "IT").is_err());
        for overseer in [
            member("maria", Role::Director, "it"),
            member("admin", Role::Admin, "it"),
        ] {
            assert!(check(&overseer, Action::Export(Some(&acc)), "Accounting").is_ok());
            assert!(check(&overseer, Action::Export(None), "").is_ok());
        }
    }
}
