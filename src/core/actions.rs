//! Buttons and reactions on cards. A card's button carries its meaning in its id —
//! `tk:v1:IT-4:claim` — so a click needs no memory of the card, survives restarts, and a
//! change of meaning gets a new version tag. This module turns those ids (and reactions)
//! back into commands.

use super::command::{Command, TicketCommand};
use super::domain::ids::TicketId;
use super::domain::text::{Body, BODY_MAX};
use crate::i18n::Msg;

const TICKET_PREFIX: &str = "tk:v1:";

/// What a button or reaction on a ticket card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Claim,
    Resolve,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Claim => "claim",
            Verb::Resolve => "resolve",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Verb::Claim => Msg::new("action-claim"),
            Verb::Resolve => Msg::new("action-resolve"),
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

/// A parsed button id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    pub ticket: TicketId,
    pub verb: Verb,
}

impl ActionRef {
    pub fn new(ticket: TicketId, verb: Verb) -> Self {
        ActionRef { ticket, verb }
    }

    /// The button id, at most 100 characters as Discord requires.
    pub fn custom_id(&self) -> String {
        format!("{TICKET_PREFIX}{}:{}", self.ticket, self.verb.as_str())
    }

    pub fn parse(custom_id: &str) -> Option<ActionRef> {
        let rest = custom_id.strip_prefix(TICKET_PREFIX)?;
        let (id, verb) = rest.rsplit_once(':')?;
        let verb = match verb {
            "claim" => Verb::Claim,
            "resolve" => Verb::Resolve,
            _ => return None,
        };
        Some(ActionRef {
            ticket: id.parse().ok()?,
            verb,
        })
    }

    /// The reaction a ticket card understands: ✋ ("I'll take it") claims it.
    pub fn from_reaction(object: &str, emoji: &str) -> Option<ActionRef> {
        let ticket = object.parse().ok()?;
        (emoji == CLAIM_EMOJI).then_some(ActionRef {
            ticket,
            verb: Verb::Claim,
        })
    }

    /// What must be typed first, if anything.
    pub fn input(&self) -> Option<Input> {
        match self.verb {
            Verb::Claim => None,
            Verb::Resolve => Some(Input {
                name: "resolution",
                label: Msg::new("action-resolve-input"),
                max_length: BODY_MAX,
            }),
        }
    }

    /// The command the action stands for; `input` is what was typed for [`Self::input`].
    pub fn command(&self, input: Option<&str>) -> Result<Command, Msg> {
        let id = self.ticket.clone();
        Ok(Command::Ticket(match self.verb {
            Verb::Claim => TicketCommand::Claim { id },
            Verb::Resolve => TicketCommand::Resolve {
                id,
                resolution: Body::parse("resolution", input.unwrap_or_default())?,
            },
        }))
    }
}

/// The emoji the bot adds to a ticket card.
pub const CLAIM_EMOJI: &str = "✋";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_ids_round_trip_and_stay_short() {
        let action = ActionRef::new("PROC-12345".parse().unwrap(), Verb::Resolve);
        let id = action.custom_id();
        assert_eq!(id, "tk:v1:PROC-12345:resolve");
        assert!(id.len() <= 100);
        assert_eq!(ActionRef::parse(&id), Some(action));
    }

    #[test]
    fn stale_or_foreign_ids_are_not_actions() {
        for id in [
            "tk:v0:IT-1:claim",
            "tk:v1:IT-1:explode",
            "tk:v1:nope:claim",
            "appr:v1:A-5:yes",
            "",
        ] {
            assert_eq!(ActionRef::parse(id), None, "{id}");
        }
    }

    #[test]
    fn only_the_raised_hand_claims_by_reaction() {
        assert_eq!(
            ActionRef::from_reaction("IT-1", "✋").map(|a| a.verb),
            Some(Verb::Claim)
        );
        assert_eq!(ActionRef::from_reaction("IT-1", "👍"), None);
        assert_eq!(ActionRef::from_reaction("T-1", "✋"), None);
    }

    #[test]
    fn resolving_needs_a_resolution() {
        let action = ActionRef::new("IT-1".parse().unwrap(), Verb::Resolve);
        assert_eq!(action.input().map(|i| i.name), Some("resolution"));
        assert!(action.command(None).is_err());
        assert!(action.command(Some("Fixed")).is_ok());
    }
}
