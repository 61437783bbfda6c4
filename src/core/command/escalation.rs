//! `/escalate` and `/escalation …`: typed from the catalogue's `commands/escalate.toml` and
//! `commands/escalation.toml`.

use super::{approval_id, body, priority, task_id, ticket_id, title, Invalid, Reader};
use crate::core::domain::escalation::{EscalationId, EscalationView, Subject};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::text::{Body, Title};
use crate::core::domain::ticket::Priority;
use crate::i18n::Msg;

/// `/escalate …`: what to raise.
#[derive(Debug, Clone, PartialEq)]
pub enum EscalateCommand {
    /// A ticket, task or request that needs someone higher up.
    Subject { subject: Subject, reason: Body },
    /// A customer the front office could not help: opens a ticket and escalates it.
    Customer {
        customer: Title,
        dept: DeptKey,
        summary: Body,
        urgent: bool,
        contact: Option<Title>,
    },
}

/// `/escalation …`: the holder's side.
#[derive(Debug, Clone, PartialEq)]
pub enum EscalationCommand {
    Ack {
        id: EscalationId,
        note: Option<Body>,
    },
    Resolve {
        id: EscalationId,
        note: Body,
    },
    Show {
        id: EscalationId,
    },
    List {
        view: EscalationView,
        dept: Option<DeptKey>,
    },
}

/// `/escalate` takes exactly one of a ticket, a task, a request or a customer; a subject
/// needs a reason, a customer a department and a summary.
pub(super) fn escalate_command(r: &Reader<'_>) -> Result<EscalateCommand, Invalid> {
    let ticket = r.opt("ticket", ticket_id)?.map(Subject::Ticket);
    let task = r.opt("task", task_id)?.map(Subject::Task);
    let approval = r.opt("approval", approval_id)?.map(Subject::Approval);
    let customer = r.opt("customer", title("customer"))?;
    let given: Vec<&str> = [
        ("ticket", ticket.is_some()),
        ("task", task.is_some()),
        ("approval", approval.is_some()),
        ("customer", customer.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, present)| present.then_some(name))
    .collect();
    // The second subject given is the one too many: it is named (in the reader's spelling)
    // and shown in the line.
    if let Some(&extra) = given.get(1) {
        return Err(Invalid {
            msg: Msg::new("error-escalate-one-subject").arg("option", extra),
            option: Some(extra),
        });
    }
    if let Some(customer) = customer {
        return Ok(EscalateCommand::Customer {
            customer,
            dept: r
                .opt("dept", DeptKey::parse)?
                .ok_or_else(|| missing_for("dept", "error-escalate-customer-dept"))?,
            summary: r
                .opt("summary", body("summary"))?
                .ok_or_else(|| missing_for("summary", "error-escalate-customer-summary"))?,
            urgent: r.opt("priority", priority)? == Some(Priority::Urgent),
            contact: r.opt("contact", title("contact"))?,
        });
    }
    let subject = ticket.or(task).or(approval).ok_or(Invalid {
        msg: Msg::new("error-escalate-what"),
        option: None,
    })?;
    let reason = r
        .opt("reason", body("reason"))?
        .ok_or_else(|| missing_for("reason", "error-escalate-reason"))?;
    Ok(EscalateCommand::Subject { subject, reason })
}

fn missing_for(option: &'static str, msg: &'static str) -> Invalid {
    Invalid {
        msg: Msg::new(msg),
        option: Some(option),
    }
}

fn escalation_id(s: &str) -> Result<EscalationId, Msg> {
    s.parse()
}

fn escalation_view(s: &str) -> Result<EscalationView, Msg> {
    EscalationView::parse(s)
        .ok_or_else(|| Msg::new("error-escalation-view-invalid").arg("value", s))
}

pub(super) fn escalation_command(
    sub: &str,
    r: &Reader<'_>,
) -> Option<Result<EscalationCommand, Invalid>> {
    let id = || r.req("id", escalation_id);
    let build = || -> Result<Option<EscalationCommand>, Invalid> {
        Ok(Some(match sub {
            "ack" => EscalationCommand::Ack {
                id: id()?,
                note: r.opt("note", body("note"))?,
            },
            "resolve" => EscalationCommand::Resolve {
                id: id()?,
                note: r.req("note", body("note"))?,
            },
            "show" => EscalationCommand::Show { id: id()? },
            "list" => EscalationCommand::List {
                view: r
                    .opt("view", escalation_view)?
                    .unwrap_or(EscalationView::Open),
                dept: r.opt("dept", DeptKey::parse)?,
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}
