//! A thread per ticket (issue #15): which notices about a ticket go to its thread and which
//! stay in its department's channel. The rule is here; the adapters only carry it out (and
//! post in the channel instead while a ticket has no thread, or when it is gone).
//!
//! The channel keeps what everyone in the department should see: the ticket's card (which
//! starts the thread and is edited as the ticket moves) and its SLA breaches. Everything
//! else about the ticket — comments, status changes, SLA warnings, escalation steps — is the
//! conversation of those working it, and goes to the thread.

use super::command::TicketCommand;
use super::domain::ids::{Handle, TicketId};
use super::domain::org::Member;
use super::domain::text::Body;
use super::domain::ticket::{Status, Ticket};
use super::policy::{self, Action};
use crate::i18n::Msg;

/// Discord's longest thread name, in characters.
const THREAD_NAME_MAX: usize = 100;
/// What starts a staff member's message in a ticket's thread that is an internal note.
const NOTE_PREFIX: &str = "!note";

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

/// The one line a ticket's thread gets when a command by `by` changed the ticket from
/// `before` to `after` (a [`TicketNotice::StatusChange`]), whatever else the command says
/// and to whom: its status (with the reason or resolution), else its assignee, else its
/// priority. `None` when none of these changed (a comment, which is a post of its own).
pub fn status_line(before: &Ticket, after: &Ticket, by: &Handle) -> Option<Msg> {
    let line = |id: &'static str| {
        Msg::new(id)
            .arg("id", after.id.to_string())
            .arg("by", by.as_str())
    };
    if before.status != after.status {
        return Some(match after.status {
            Status::Open => line("ticket-line-reopened"),
            // A claim of an open ticket; or the requester answering one that waited.
            Status::InProgress if before.status == Status::Open => line("ticket-line-claimed"),
            Status::InProgress => line("ticket-line-resumed"),
            Status::Waiting => line("ticket-line-waiting").arg(
                "reason",
                after.waiting_reason.as_ref().map_or("", |r| r.as_str()),
            ),
            Status::Resolved => line("ticket-line-resolved").arg(
                "resolution",
                after.resolution.as_ref().map_or("", |r| r.as_str()),
            ),
            Status::Closed => line("ticket-line-closed"),
        });
    }
    if let Some(assignee) = after
        .assignee
        .as_ref()
        .filter(|_| before.assignee != after.assignee)
    {
        return Some(if assignee == by {
            line("ticket-line-taken-over")
        } else {
            line("ticket-line-assigned").arg("handle", assignee.as_str())
        });
    }
    (before.priority != after.priority)
        .then(|| line("ticket-line-priority").arg("priority", after.priority.label()))
}

/// What a message `author` wrote in the ticket's thread is, where the platform lets the bot
/// read them (`[discord] read_threads`): a comment when the author may comment on the
/// ticket (its requester, its department's staff) — internal, prefix dropped, when staff
/// start it with `!note` — and nothing for anyone else's words, or an empty message (a
/// picture alone). The comment command then checks everything a typed one would.
pub fn comment_from_thread(ticket: &Ticket, author: &Member, text: &str) -> Option<TicketCommand> {
    policy::check(author, Action::CommentOnTicket(ticket), "").ok()?;
    let note = text
        .strip_prefix(NOTE_PREFIX)
        .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        .filter(|_| author.works_in(ticket.dept()));
    let (text, internal) = match note {
        Some(rest) => (rest.trim(), true),
        None => (text.trim(), false),
    };
    if text.is_empty() {
        return None;
    }
    Some(TicketCommand::Comment {
        id: ticket.id.clone(),
        text: Body::parse("text", text).ok()?,
        internal,
    })
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

    /// Each status change of the ticket machine, and an assignment or priority change, reads
    /// as one line in the thread; a comment that changes none of them makes none.
    #[test]
    fn every_change_of_status_owner_or_priority_makes_one_line_for_the_thread() {
        use crate::core::domain::text::Body;
        use crate::core::domain::ticket::Priority;
        use crate::i18n::Locale;

        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        let open = Ticket::sample(Priority::Normal, at);
        let (alice, bob) = (
            Handle::parse("alice").unwrap(),
            Handle::parse("bob").unwrap(),
        );
        let with = |change: &dyn Fn(&mut Ticket)| {
            let mut t = open.clone();
            change(&mut t);
            t
        };
        let claimed = with(&|t| {
            t.status = Status::InProgress;
            t.assignee = Some(alice.clone());
        });
        let waiting = with(&|t| {
            t.status = Status::Waiting;
            t.waiting_reason = Some(Body::parse("reason", "the serial number").unwrap());
        });
        let resolved = with(&|t| {
            t.status = Status::Resolved;
            t.resolution = Some(Body::parse("resolution", "new fuser").unwrap());
        });
        let closed = with(&|t| t.status = Status::Closed);
        let bobs = with(&|t| t.assignee = Some(bob.clone()));
        let urgent = with(&|t| t.priority = Priority::Urgent);
        let id = open.id.to_string();
        let cases = [
            (
                &open,
                &claimed,
                format!("@alice claimed {id}: it is in progress."),
            ),
            (
                &claimed,
                &waiting,
                format!("@alice put {id} on hold: the serial number"),
            ),
            (
                &waiting,
                &claimed,
                format!("{id} is in progress again (@alice)."),
            ),
            (
                &claimed,
                &resolved,
                format!("@alice resolved {id}: new fuser"),
            ),
            (&resolved, &open, format!("@alice reopened {id}.")),
            (&resolved, &closed, format!("@alice closed {id}.")),
            (&open, &bobs, format!("@alice assigned {id} to @bob.")),
            (
                &bobs,
                &claimed,
                format!("@alice claimed {id}: it is in progress."),
            ),
            (
                &open,
                &urgent,
                format!("@alice changed the priority of {id} to urgent."),
            ),
        ];
        for (before, after, expected) in cases {
            let line = status_line(before, after, &alice).expect(&expected);
            assert_eq!(line.render(Locale::En), expected);
            assert!(!line.render(Locale::Ro).is_empty());
        }
        let taken = with(&|t| t.assignee = Some(alice.clone()));
        let line = status_line(&bobs, &taken, &alice).unwrap();
        assert_eq!(line.render(Locale::En), format!("@alice took over {id}."));
        assert_eq!(status_line(&open, &open, &alice), None);
    }

    /// Its requester and its department's staff talk in the thread; `!note` is staff's
    /// internal note; anyone else (or nothing said) makes no comment.
    #[test]
    fn messages_in_a_thread_are_comments_of_its_requester_and_staff_only() {
        use crate::core::domain::org::Role;
        use crate::core::domain::ticket::Priority;

        let ticket = Ticket::sample(Priority::Normal, "2026-12-07T08:00:00Z".parse().unwrap());
        let frank = Member::sample("frank", Role::Requester, "front");
        let alice = Member::sample("alice", Role::Agent, "it");
        let stranger = Member::sample("ana", Role::Agent, "hr");
        let comment = |author: &Member, text: &str| match comment_from_thread(&ticket, author, text)
        {
            Some(TicketCommand::Comment { text, internal, .. }) => {
                Some((text.as_str().to_string(), internal))
            }
            _ => None,
        };
        assert_eq!(
            comment(&frank, "Still down"),
            Some(("Still down".into(), false))
        );
        assert_eq!(
            comment(&alice, "On my way"),
            Some(("On my way".into(), false))
        );
        assert_eq!(
            comment(&alice, "!note  fuser worn "),
            Some(("fuser worn".into(), true))
        );
        // Only staff write notes; `!notes` is a word, not the prefix.
        assert_eq!(
            comment(&frank, "!note hi"),
            Some(("!note hi".into(), false))
        );
        assert_eq!(
            comment(&alice, "!notes attached"),
            Some(("!notes attached".into(), false))
        );
        assert_eq!(comment(&stranger, "Me too"), None);
        assert_eq!(comment(&frank, "  "), None);
        assert_eq!(comment(&alice, "!note"), None);
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
