//! Buttons and reactions on cards. A card's button carries its meaning in its id —
//! `tk:v1:IT-4:claim`, `ap:v1:A-5:approve` — so a click needs no memory of the card,
//! survives restarts, and a change of meaning gets a new version tag. This module turns
//! those ids (and reactions) back into commands.

use super::command::{ApprovalCommand, Command, TicketCommand};
use super::domain::approval::ApprovalId;
use super::domain::ids::TicketId;
use super::domain::text::{Body, BODY_MAX};
use crate::i18n::Msg;

const TICKET_PREFIX: &str = "tk:v1:";
const APPROVAL_PREFIX: &str = "ap:v1:";

/// The emoji the bot adds to a ticket card: ✋ ("I'll take it") claims it.
pub const CLAIM_EMOJI: &str = "✋";
/// The emoji the bot adds to an approval card.
pub const APPROVE_EMOJI: &str = "✅";
pub const REJECT_EMOJI: &str = "❌";

/// What a button or reaction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Claim,
    Resolve,
    Approve,
    Reject,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Claim => "claim",
            Verb::Resolve => "resolve",
            Verb::Approve => "approve",
            Verb::Reject => "reject",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Verb::Claim => Msg::new("action-claim"),
            Verb::Resolve => Msg::new("action-resolve"),
            Verb::Approve => Msg::new("action-approve"),
            Verb::Reject => Msg::new("action-reject"),
        }
    }
}

/// The object a card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Ticket(TicketId),
    Approval(ApprovalId),
}

impl Object {
    pub fn parse(text: &str) -> Option<Object> {
        if let Ok(id) = text.parse() {
            return Some(Object::Approval(id));
        }
        text.parse().ok().map(Object::Ticket)
    }
}

impl std::fmt::Display for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Object::Ticket(id) => id.fmt(f),
            Object::Approval(id) => id.fmt(f),
        }
    }
}

/// A text the person must type before the action can run (a modal on Discord).
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: &'static str,
    pub label: Msg,
    pub max_length: usize,
}

/// A parsed button id: an object and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    pub object: Object,
    pub verb: Verb,
}

impl ActionRef {
    pub fn new(object: Object, verb: Verb) -> Self {
        ActionRef { object, verb }
    }

    /// The button id, at most 100 characters as Discord requires.
    pub fn custom_id(&self) -> String {
        let prefix = match self.object {
            Object::Ticket(_) => TICKET_PREFIX,
            Object::Approval(_) => APPROVAL_PREFIX,
        };
        format!("{prefix}{}:{}", self.object, self.verb.as_str())
    }

    pub fn parse(custom_id: &str) -> Option<ActionRef> {
        let (object, verb) = if let Some(rest) = custom_id.strip_prefix(TICKET_PREFIX) {
            let (id, verb) = rest.rsplit_once(':')?;
            let verb = match verb {
                "claim" => Verb::Claim,
                "resolve" => Verb::Resolve,
                _ => return None,
            };
            (Object::Ticket(id.parse().ok()?), verb)
        } else {
            let rest = custom_id.strip_prefix(APPROVAL_PREFIX)?;
            let (id, verb) = rest.rsplit_once(':')?;
            let verb = match verb {
                "approve" => Verb::Approve,
                "reject" => Verb::Reject,
                _ => return None,
            };
            (Object::Approval(id.parse().ok()?), verb)
        };
        Some(ActionRef { object, verb })
    }

    /// What a reaction means on the card of `object`, if anything.
    pub fn from_reaction(object: &str, emoji: &str) -> Option<ActionRef> {
        let object = Object::parse(object)?;
        let verb = match (&object, emoji) {
            (Object::Ticket(_), CLAIM_EMOJI) => Verb::Claim,
            (Object::Approval(_), APPROVE_EMOJI) => Verb::Approve,
            (Object::Approval(_), REJECT_EMOJI) => Verb::Reject,
            _ => return None,
        };
        Some(ActionRef { object, verb })
    }

    /// What must be typed first, if anything.
    pub fn input(&self) -> Option<Input> {
        match self.verb {
            Verb::Claim | Verb::Approve => None,
            Verb::Resolve => Some(Input {
                name: "resolution",
                label: Msg::new("action-resolve-input"),
                max_length: BODY_MAX,
            }),
            Verb::Reject => Some(Input {
                name: "reason",
                label: Msg::new("action-reject-input"),
                max_length: BODY_MAX,
            }),
        }
    }

    /// The command the action stands for; `input` is what was typed for [`Self::input`].
    /// A missing input is refused with a message saying how to give it.
    pub fn command(&self, input: Option<&str>) -> Result<Command, Msg> {
        let typed = |field: &'static str| -> Result<Body, Msg> {
            match input {
                Some(text) => Body::parse(field, text),
                None => {
                    Err(Msg::new("error-action-needs-input").arg("id", self.object.to_string()))
                }
            }
        };
        Ok(match (&self.object, self.verb) {
            (Object::Ticket(id), Verb::Claim) => {
                Command::Ticket(TicketCommand::Claim { id: id.clone() })
            }
            (Object::Ticket(id), Verb::Resolve) => Command::Ticket(TicketCommand::Resolve {
                id: id.clone(),
                resolution: typed("resolution")?,
            }),
            (Object::Approval(id), Verb::Approve) => Command::Approval(ApprovalCommand::Approve {
                id: *id,
                comment: None,
            }),
            (Object::Approval(id), Verb::Reject) => Command::Approval(ApprovalCommand::Reject {
                id: *id,
                reason: typed("reason")?,
            }),
            (object, verb) => {
                return Err(Msg::new("error-action-invalid")
                    .arg("id", object.to_string())
                    .arg("action", verb.label()))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_ids_round_trip_and_stay_short() {
        for action in [
            ActionRef::new(Object::Ticket("PROC-12345".parse().unwrap()), Verb::Resolve),
            ActionRef::new(Object::Approval(ApprovalId::new(5)), Verb::Reject),
        ] {
            let id = action.custom_id();
            assert!(id.len() <= 100);
            assert_eq!(ActionRef::parse(&id), Some(action));
        }
        assert_eq!(
            ActionRef::new(Object::Approval(ApprovalId::new(5)), Verb::Approve).custom_id(),
            "ap:v1:A-5:approve"
        );
    }

    #[test]
    fn stale_or_foreign_ids_are_not_actions() {
        for id in [
            "tk:v0:IT-1:claim",
            "tk:v1:IT-1:explode",
            "tk:v1:nope:claim",
            "ap:v1:A-5:yes",
            "tk:v1:A-5:claim",
            "",
        ] {
            assert_eq!(ActionRef::parse(id), None, "{id}");
        }
    }

    #[test]
    fn reactions_mean_what_the_card_offers() {
        assert_eq!(
            ActionRef::from_reaction("IT-1", "✋").map(|a| a.verb),
            Some(Verb::Claim)
        );
        assert_eq!(
            ActionRef::from_reaction("A-1", "✅").map(|a| a.verb),
            Some(Verb::Approve)
        );
        assert_eq!(
            ActionRef::from_reaction("A-1", "❌").map(|a| a.verb),
            Some(Verb::Reject)
        );
        assert_eq!(ActionRef::from_reaction("IT-1", "✅"), None);
        assert_eq!(ActionRef::from_reaction("IT-1", "👍"), None);
        assert_eq!(ActionRef::from_reaction("T-1", "✋"), None);
    }

    #[test]
    fn resolving_and_rejecting_need_a_text() {
        let resolve = ActionRef::new(Object::Ticket("IT-1".parse().unwrap()), Verb::Resolve);
        assert_eq!(resolve.input().map(|i| i.name), Some("resolution"));
        assert!(resolve.command(None).is_err());
        assert!(resolve.command(Some("Fixed")).is_ok());
        let reject = ActionRef::new(Object::Approval(ApprovalId::new(1)), Verb::Reject);
        assert_eq!(
            reject.command(None).unwrap_err().id(),
            "error-action-needs-input"
        );
    }
}
