//! A thread per ticket (issue #15): which notices about a ticket go to its thread and which
//! stay in its department's channel. The rule is here; the adapters only carry it out (and
//! post in the channel instead while a ticket has no thread, or when it is gone).
//!
//! The channel keeps what everyone in the department should see: the ticket's card (which
//! starts the thread and is edited as the ticket moves) and its SLA breaches. Everything
//! else about the ticket — comments, status changes, SLA warnings, escalation steps — is the
//! conversation of those working it, and goes to the thread.

use super::domain::ids::TicketId;

/// Discord's longest thread name, in characters.
const THREAD_NAME_MAX: usize = 100;

/// What a notice about a ticket reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketNotice {
    /// The ticket's card, posted when it opens.
    Card,
    Comment,
    StatusChange,
    SlaWarning,
    SlaBreach,
    /// A requester's low rating, when the department has no manager to tell by message.
    LowRating,
    /// An escalation of the ticket: its card and steps. `own_channel`: the department sends
    /// escalations to a channel of their own (`escalations_channel`).
    Escalation {
        own_channel: bool,
    },
}

/// Where a notice about a ticket is posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Venue {
    /// The department's channel.
    Channel,
    /// The ticket's thread.
    Thread,
}

/// Where `notice` goes.
pub fn venue(notice: TicketNotice) -> Venue {
    match notice {
        // The card starts the thread, so it cannot be in it; a breach is the whole
        // department's business, and so is an unhappy requester nobody else hears of; a
        // channel kept for escalations is where they are watched.
        TicketNotice::Card
        | TicketNotice::SlaBreach
        | TicketNotice::LowRating
        | TicketNotice::Escalation { own_channel: true } => Venue::Channel,
        TicketNotice::Comment
        | TicketNotice::StatusChange
        | TicketNotice::SlaWarning
        | TicketNotice::Escalation { own_channel: false } => Venue::Thread,
    }
}

/// The thread's name: the ticket's id and title, cut to what Discord accepts.
pub fn thread_name(id: &TicketId, title: &str) -> String {
    let name = format!("{id} · {title}");
    if name.chars().count() <= THREAD_NAME_MAX {
        return name;
    }
    let cut: String = name.chars().take(THREAD_NAME_MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channel_keeps_the_card_and_breaches_and_the_thread_gets_the_rest() {
        let table = [
            (TicketNotice::Card, Venue::Channel),
            (TicketNotice::SlaBreach, Venue::Channel),
            (TicketNotice::LowRating, Venue::Channel),
            (
                TicketNotice::Escalation { own_channel: true },
                Venue::Channel,
            ),
            (TicketNotice::Comment, Venue::Thread),
            (TicketNotice::StatusChange, Venue::Thread),
            (TicketNotice::SlaWarning, Venue::Thread),
            (
                TicketNotice::Escalation { own_channel: false },
                Venue::Thread,
            ),
        ];
        for (notice, expected) in table {
            assert_eq!(venue(notice), expected, "{notice:?}");
        }
    }

    #[test]
    fn a_thread_is_named_for_its_ticket_within_discords_limit() {
        let id: TicketId = "IT-4".parse().unwrap();
        assert_eq!(thread_name(&id, "Printer down"), "IT-4 · Printer down");
        let long = thread_name(&id, &"ă".repeat(300));
        assert_eq!(long.chars().count(), THREAD_NAME_MAX);
        assert!(
            long.starts_with("IT-4 · ăă") && long.ends_with('…'),
            "{long}"
        );
    }
}
