//! Who may do what — decided here and nowhere else. Every refusal names the role or the
//! relation that would have allowed it.

use super::domain::ids::DeptKey;
use super::domain::org::{Member, Role};
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
    /// Create departments, add or change members.
    ManageOrganisation,
    /// Read the history of an object; `None` for organisation objects.
    ViewAudit(Option<&'a DeptKey>),
    VerifyAudit,
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
        Action::ManageOrganisation => actor.role == Role::Admin,
        Action::ViewAudit(Some(dept)) => sees_everything(actor) || actor.works_in(dept),
        Action::ViewAudit(None) | Action::VerifyAudit => sees_everything(actor),
    };
    if allowed {
        return Ok(());
    }
    let needed = match action {
        Action::WorkTicket(_) => Msg::new("needed-dept-staff").arg("dept", dept_name),
        Action::ViewTicket(_) | Action::CommentOnTicket(_) | Action::ReopenTicket(_) => {
            Msg::new("needed-requester-or-staff").arg("dept", dept_name)
        }
        Action::ViewAudit(Some(_)) => Msg::new("needed-staff-or-director").arg("dept", dept_name),
        Action::ManageOrganisation => Msg::new("needed-admin"),
        Action::ViewAudit(None) | Action::VerifyAudit => Msg::new("needed-director-or-admin"),
    };
    Err(Msg::new("error-denied")
        .arg("needed", needed)
        .arg("role", actor.role.label()))
}

/// Internal comments are for the department's staff and for those who oversee everything.
pub fn sees_internal_notes(actor: &Member, ticket: &Ticket) -> bool {
    actor.works_in(ticket.dept()) || sees_everything(actor)
}

/// Directors and admins may look at every department.
pub fn sees_everything(actor: &Member) -> bool {
    matches!(actor.role, Role::Director | Role::Admin)
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
    use crate::core::domain::ticket::{Priority, Status};

    fn member(handle: &str, role: Role, dept: &str) -> Member {
        Member {
            handle: Handle::parse(handle).unwrap(),
            name: None,
            role,
            dept: Some(DeptKey::parse(dept).unwrap()),
            tz: chrono_tz::Europe::Bucharest,
            locale: None,
            discord_id: None,
        }
    }

    fn it_ticket() -> Ticket {
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        Ticket {
            id: "IT-1".parse().unwrap(),
            title: "Printer down".into(),
            details: None,
            priority: Priority::Normal,
            status: Status::Open,
            requester: Handle::parse("frank").unwrap(),
            assignee: None,
            customer: None,
            created_at: at,
            updated_at: at,
            first_response_at: None,
            resolved_at: None,
            paused_since: None,
            paused_secs: 0,
            waiting_reason: None,
            resolution: None,
        }
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
}
