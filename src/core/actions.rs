//! Buttons and reactions on cards. A card's button carries its meaning in its id —
//! `tk:v1:IT-4:claim`, `ap:v1:A-5:approve`, `es:v1:E-3:ack` — so a click needs no memory of the card,
//! survives restarts, and a change of meaning gets a new version tag. This module turns
//! those ids (and reactions) back into commands.
//!
//! Each [`CardAction`] names its object with the id type of its kind, so an action can only
//! exist on the kind of object it works on; what a reaction means is decided per kind of
//! [`ObjectId`], exhaustively.
//!
//! A button can also sit on a list of many objects (a digest's approvals waiting on its
//! reader): its id then ends in `:list` (`ap:v1:A-5:approve:list`). A click does the same,
//! but the message it is on is not that object's card: it is neither refreshed with the
//! object's new face nor remembered as a place of its card. The same holds for the rating
//! buttons (`tk:v1:IT-4:rate-5`, `tk:v1:IT-4:rate-note`), which come in the question sent to
//! the requester, never on the ticket's card.

use super::command::{ApprovalCommand, Command, EscalationCommand, TicketCommand};
use super::domain::approval::ApprovalId;
use super::domain::escalation::EscalationId;
use super::domain::ids::TicketId;
use super::domain::object::ObjectId;
use super::domain::rating::Score;
use super::domain::text::{Body, BODY_MAX};
use super::outbound::{Button, ButtonStyle};
use crate::i18n::{Locale, Msg};

const TICKET_PREFIX: &str = "tk:v1:";
const APPROVAL_PREFIX: &str = "ap:v1:";
const ESCALATION_PREFIX: &str = "es:v1:";
/// Ends the id of a button on a list rather than on its object's card.
const LIST_SUFFIX: &str = ":list";

/// The emoji the bot adds to a ticket card: ✋ ("I'll take it") claims it.
pub const CLAIM_EMOJI: &str = "✋";
/// An emoji without its modifiers: skin tones (U+1F3FB–U+1F3FF) and the text or emoji
/// presentation selectors (U+FE0E, U+FE0F), which clients add as they like (`✋🏽`, `✅️`).
pub fn base_emoji(emoji: &str) -> String {
    emoji
        .chars()
        .filter(|c| !matches!(c, '\u{1F3FB}'..='\u{1F3FF}' | '\u{FE0E}' | '\u{FE0F}'))
        .collect()
}

/// The emoji the bot adds to an approval card.
pub const APPROVE_EMOJI: &str = "✅";
pub const REJECT_EMOJI: &str = "❌";
/// The emoji the bot adds to an escalation card: 👀 ("I'm on it") acknowledges it.
pub const ACK_EMOJI: &str = "👀";

/// Something a card's button or reaction does, to the object the card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardAction {
    ClaimTicket(TicketId),
    ResolveTicket(TicketId),
    Approve(ApprovalId),
    Reject(ApprovalId),
    AckEscalation(EscalationId),
    ResolveEscalation(EscalationId),
    /// The requester rates the ticket's resolution with this score.
    RateTicket(TicketId, Score),
    /// The requester adds a comment to the rating they gave (a form).
    CommentRating(TicketId),
}

/// A text the person must type before the action can run (a modal on Discord).
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: &'static str,
    pub label: Msg,
    pub max_length: usize,
}

impl CardAction {
    /// The object the action works on (whose card carries it).
    pub fn object(&self) -> ObjectId {
        match self {
            CardAction::ClaimTicket(id)
            | CardAction::ResolveTicket(id)
            | CardAction::RateTicket(id, _)
            | CardAction::CommentRating(id) => id.clone().into(),
            CardAction::Approve(id) | CardAction::Reject(id) => (*id).into(),
            CardAction::AckEscalation(id) | CardAction::ResolveEscalation(id) => (*id).into(),
        }
    }

    /// The button id, at most 100 characters as Discord requires.
    pub fn custom_id(&self) -> String {
        match self {
            CardAction::ClaimTicket(id) => format!("{TICKET_PREFIX}{id}:claim"),
            CardAction::ResolveTicket(id) => format!("{TICKET_PREFIX}{id}:resolve"),
            CardAction::Approve(id) => format!("{APPROVAL_PREFIX}{id}:approve"),
            CardAction::Reject(id) => format!("{APPROVAL_PREFIX}{id}:reject"),
            CardAction::AckEscalation(id) => format!("{ESCALATION_PREFIX}{id}:ack"),
            CardAction::ResolveEscalation(id) => format!("{ESCALATION_PREFIX}{id}:resolve"),
            CardAction::RateTicket(id, score) => {
                format!("{TICKET_PREFIX}{id}:rate-{}", score.get())
            }
            CardAction::CommentRating(id) => format!("{TICKET_PREFIX}{id}:rate-note"),
        }
    }

    /// The action of a button, on a card or on a list.
    pub fn parse(custom_id: &str) -> Option<CardAction> {
        Self::parse_card(custom_id.strip_suffix(LIST_SUFFIX).unwrap_or(custom_id))
    }

    /// The object whose card carries the button `custom_id`; `None` for a button on a list
    /// (or one this version does not know).
    pub fn card_object(custom_id: &str) -> Option<ObjectId> {
        if custom_id.ends_with(LIST_SUFFIX) {
            return None;
        }
        Self::parse_card(custom_id)
            .filter(CardAction::is_on_card)
            .map(|a| a.object())
    }

    /// Whether the button sits on its object's card; the rating buttons come in a question
    /// to the requester instead.
    fn is_on_card(&self) -> bool {
        match self {
            CardAction::RateTicket(..) | CardAction::CommentRating(_) => false,
            CardAction::ClaimTicket(_)
            | CardAction::ResolveTicket(_)
            | CardAction::Approve(_)
            | CardAction::Reject(_)
            | CardAction::AckEscalation(_)
            | CardAction::ResolveEscalation(_) => true,
        }
    }

    fn parse_card(custom_id: &str) -> Option<CardAction> {
        if let Some(rest) = custom_id.strip_prefix(TICKET_PREFIX) {
            let (id, verb) = rest.rsplit_once(':')?;
            let id: TicketId = id.parse().ok()?;
            return match verb {
                "claim" => Some(CardAction::ClaimTicket(id)),
                "resolve" => Some(CardAction::ResolveTicket(id)),
                "rate-note" => Some(CardAction::CommentRating(id)),
                _ => {
                    let score = verb.strip_prefix("rate-")?.parse().ok()?;
                    Some(CardAction::RateTicket(id, Score::new(score).ok()?))
                }
            };
        }
        if let Some(rest) = custom_id.strip_prefix(ESCALATION_PREFIX) {
            let (id, verb) = rest.rsplit_once(':')?;
            let id: EscalationId = id.parse().ok()?;
            return match verb {
                "ack" => Some(CardAction::AckEscalation(id)),
                "resolve" => Some(CardAction::ResolveEscalation(id)),
                _ => None,
            };
        }
        let rest = custom_id.strip_prefix(APPROVAL_PREFIX)?;
        let (id, verb) = rest.rsplit_once(':')?;
        let id: ApprovalId = id.parse().ok()?;
        match verb {
            "approve" => Some(CardAction::Approve(id)),
            "reject" => Some(CardAction::Reject(id)),
            _ => None,
        }
    }

    /// What a reaction means on the card of `object`, if anything. A skin tone or a
    /// presentation selector does not change the meaning: ✋🏽 claims like ✋.
    pub fn from_reaction(object: &ObjectId, emoji: &str) -> Option<CardAction> {
        let emoji = base_emoji(emoji);
        let emoji = emoji.as_str();
        match object {
            ObjectId::Ticket(id) => {
                (emoji == CLAIM_EMOJI).then(|| CardAction::ClaimTicket(id.clone()))
            }
            ObjectId::Approval(id) => match emoji {
                APPROVE_EMOJI => Some(CardAction::Approve(*id)),
                REJECT_EMOJI => Some(CardAction::Reject(*id)),
                _ => None,
            },
            ObjectId::Escalation(id) => {
                (emoji == ACK_EMOJI).then_some(CardAction::AckEscalation(*id))
            }
            // These have no cards to react on.
            ObjectId::Task(_)
            | ObjectId::Digest(_)
            | ObjectId::Member(_)
            | ObjectId::Department(_)
            | ObjectId::Budget(..)
            | ObjectId::Audit => None,
        }
    }

    /// The action's name on a button, in the reader's language.
    pub fn label(&self) -> Msg {
        match self {
            CardAction::ClaimTicket(_) => Msg::new("action-claim"),
            CardAction::ResolveTicket(_) => Msg::new("action-resolve"),
            CardAction::Approve(_) => Msg::new("action-approve"),
            CardAction::Reject(_) => Msg::new("action-reject"),
            CardAction::AckEscalation(_) => Msg::new("action-ack"),
            CardAction::ResolveEscalation(_) => Msg::new("action-resolve"),
            CardAction::RateTicket(_, score) => {
                Msg::new("action-rate").arg("score", i64::from(score.get()))
            }
            CardAction::CommentRating(_) => Msg::new("action-rate-note"),
        }
    }

    /// The action as a button on a card read in `locale`.
    pub fn button(&self, locale: Locale) -> Button {
        Button {
            id: self.custom_id(),
            label: self.label().render(locale),
            style: self.style(),
        }
    }

    /// The action as a button on a list of many objects, read in `locale`: its label names
    /// the object (`Approve A-5`).
    pub fn list_button(&self, locale: Locale) -> Button {
        let label = Msg::new("action-on-object")
            .arg("action", self.label())
            .arg("id", self.object().to_string());
        Button {
            id: format!("{}{LIST_SUFFIX}", self.custom_id()),
            label: label.render(locale),
            style: self.style(),
        }
    }

    fn style(&self) -> ButtonStyle {
        match self {
            CardAction::ClaimTicket(_)
            | CardAction::Reject(_)
            | CardAction::AckEscalation(_)
            | CardAction::RateTicket(..)
            | CardAction::CommentRating(_) => ButtonStyle::Primary,
            CardAction::ResolveTicket(_)
            | CardAction::Approve(_)
            | CardAction::ResolveEscalation(_) => ButtonStyle::Success,
        }
    }

    /// What must be typed first, if anything.
    pub fn input(&self) -> Option<Input> {
        match self {
            CardAction::ClaimTicket(_)
            | CardAction::Approve(_)
            | CardAction::AckEscalation(_)
            | CardAction::RateTicket(..) => None,
            CardAction::CommentRating(_) => Some(Input {
                name: "comment",
                label: Msg::new("action-rate-note-input"),
                max_length: BODY_MAX,
            }),
            CardAction::ResolveTicket(_) => Some(Input {
                name: "resolution",
                label: Msg::new("action-resolve-input"),
                max_length: BODY_MAX,
            }),
            CardAction::Reject(_) => Some(Input {
                name: "reason",
                label: Msg::new("action-reject-input"),
                max_length: BODY_MAX,
            }),
            CardAction::ResolveEscalation(_) => Some(Input {
                name: "note",
                label: Msg::new("action-resolve-escalation-input"),
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
                    Err(Msg::new("error-action-needs-input").arg("id", self.object().to_string()))
                }
            }
        };
        Ok(match self {
            CardAction::ClaimTicket(id) => Command::Ticket(TicketCommand::Claim { id: id.clone() }),
            CardAction::ResolveTicket(id) => Command::Ticket(TicketCommand::Resolve {
                id: id.clone(),
                resolution: typed("resolution")?,
            }),
            CardAction::Approve(id) => Command::Approval(ApprovalCommand::Approve {
                id: *id,
                comment: None,
            }),
            CardAction::Reject(id) => Command::Approval(ApprovalCommand::Reject {
                id: *id,
                reason: typed("reason")?,
            }),
            CardAction::AckEscalation(id) => Command::Escalation(EscalationCommand::Ack {
                id: *id,
                note: None,
            }),
            CardAction::ResolveEscalation(id) => Command::Escalation(EscalationCommand::Resolve {
                id: *id,
                note: typed("note")?,
            }),
            CardAction::RateTicket(id, score) => Command::Ticket(TicketCommand::Rate {
                id: id.clone(),
                score: Some(*score),
                comment: None,
            }),
            CardAction::CommentRating(id) => Command::Ticket(TicketCommand::Rate {
                id: id.clone(),
                score: None,
                comment: Some(typed("comment")?),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(id: &str) -> TicketId {
        id.parse().unwrap()
    }

    #[test]
    fn button_ids_round_trip_and_stay_short() {
        for action in [
            CardAction::ClaimTicket(ticket("IT-1")),
            CardAction::ResolveTicket(ticket("PROC-12345")),
            CardAction::Approve(ApprovalId::new(5)),
            CardAction::Reject(ApprovalId::new(5)),
            CardAction::AckEscalation(EscalationId::new(3)),
            CardAction::ResolveEscalation(EscalationId::new(3)),
            CardAction::RateTicket(ticket("IT-4"), Score::new(1).unwrap()),
            CardAction::RateTicket(ticket("HR-12"), Score::new(5).unwrap()),
            CardAction::CommentRating(ticket("IT-4")),
        ] {
            let id = action.custom_id();
            assert!(id.len() <= 100);
            assert_eq!(CardAction::parse(&id), Some(action));
        }
        assert_eq!(
            CardAction::Approve(ApprovalId::new(5)).custom_id(),
            "ap:v1:A-5:approve"
        );
    }

    #[test]
    fn a_button_on_a_list_acts_but_is_not_its_objects_card() {
        let approve = CardAction::Approve(ApprovalId::new(5));
        let button = approve.list_button(Locale::En);
        assert_eq!(button.id, "ap:v1:A-5:approve:list");
        assert_eq!(button.label, "Approve A-5");
        assert_eq!(CardAction::parse(&button.id), Some(approve.clone()));
        assert_eq!(CardAction::card_object(&button.id), None);
        assert_eq!(
            CardAction::card_object(&approve.custom_id()),
            Some(ObjectId::Approval(ApprovalId::new(5)))
        );
        assert_eq!(CardAction::parse("ap:v1:A-5:approve:list:list"), None);
    }

    #[test]
    fn rating_buttons_are_not_a_place_of_the_tickets_card() {
        let rate = CardAction::RateTicket(ticket("IT-4"), Score::new(3).unwrap());
        assert_eq!(rate.custom_id(), "tk:v1:IT-4:rate-3");
        assert_eq!(CardAction::card_object("tk:v1:IT-4:rate-3"), None);
        assert_eq!(CardAction::card_object("tk:v1:IT-4:rate-note"), None);
        assert!(rate.input().is_none());
        let note = CardAction::CommentRating(ticket("IT-4"));
        assert_eq!(note.input().map(|i| i.name), Some("comment"));
        assert!(note.command(None).is_err());
        assert_eq!(
            note.command(Some("Thanks")).unwrap(),
            Command::Ticket(TicketCommand::Rate {
                id: ticket("IT-4"),
                score: None,
                comment: Some(Body::parse("comment", "Thanks").unwrap()),
            })
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
            "ap:v1:IT-1:approve",
            "tk:v1:IT-1:rate-0",
            "tk:v1:IT-1:rate-6",
            "tk:v1:IT-1:rate-",
            "tk:v1:IT-1:rate-x",
            "",
        ] {
            assert_eq!(CardAction::parse(id), None, "{id}");
        }
    }

    #[test]
    fn reactions_mean_what_the_card_offers() {
        let on = |object: &str, emoji: &str| {
            CardAction::from_reaction(&ObjectId::parse(object).unwrap(), emoji)
        };
        assert_eq!(
            on("IT-1", "✋"),
            Some(CardAction::ClaimTicket(ticket("IT-1")))
        );
        assert_eq!(
            on("A-1", "✅"),
            Some(CardAction::Approve(ApprovalId::new(1)))
        );
        assert_eq!(
            on("A-1", "❌"),
            Some(CardAction::Reject(ApprovalId::new(1)))
        );
        assert_eq!(on("IT-1", "✅"), None);
        assert_eq!(on("IT-1", "👍"), None);
        assert_eq!(on("T-1", "✋"), None);
        assert_eq!(
            on("E-2", "👀"),
            Some(CardAction::AckEscalation(EscalationId::new(2)))
        );
        assert_eq!(on("E-2", "✅"), None);
    }

    #[test]
    fn skin_tones_and_presentation_selectors_do_not_change_a_reactions_meaning() {
        let on = |object: &str, emoji: &str| {
            CardAction::from_reaction(&ObjectId::parse(object).unwrap(), emoji)
        };
        let claim = Some(CardAction::ClaimTicket(ticket("IT-1")));
        for tone in [
            "\u{1F3FB}",
            "\u{1F3FC}",
            "\u{1F3FD}",
            "\u{1F3FE}",
            "\u{1F3FF}",
        ] {
            assert_eq!(on("IT-1", &format!("✋{tone}")), claim, "{tone}");
        }
        assert_eq!(on("IT-1", "✋\u{FE0F}"), claim);
        assert_eq!(
            on("A-1", "✅\u{FE0F}"),
            Some(CardAction::Approve(ApprovalId::new(1)))
        );
        assert_eq!(
            on("E-2", "👀\u{FE0F}"),
            Some(CardAction::AckEscalation(EscalationId::new(2)))
        );
        assert_eq!(on("IT-1", "🤚🏽"), None, "another hand is another emoji");
    }

    #[test]
    fn resolving_and_rejecting_need_a_text() {
        let resolve = CardAction::ResolveTicket(ticket("IT-1"));
        assert_eq!(resolve.input().map(|i| i.name), Some("resolution"));
        assert!(resolve.command(None).is_err());
        assert!(resolve.command(Some("Fixed")).is_ok());
        let reject = CardAction::Reject(ApprovalId::new(1));
        assert_eq!(
            reject.command(None).unwrap_err().id(),
            "error-action-needs-input"
        );
    }
}
