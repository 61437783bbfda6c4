//! The ticket's card in its department's channel: posted when it opens, edited as it moves.

use chrono::{DateTime, Utc};

use super::clocks::due_text;
use crate::core::actions::{CardAction, CLAIM_EMOJI};
use crate::core::domain::org::Department;
use crate::core::domain::sla::SlaClock;
use crate::core::domain::ticket::Ticket;
use crate::core::outbound::Card;
use crate::core::service::Settings;
use crate::i18n::{Locale, Msg};

/// The most of a ticket's details its posted card shows; `/ticket show` shows them all.
const CARD_DETAILS_MAX: usize = 300;

/// The ticket as its department's channel sees it: no internal notes, the department's
/// zone, and the buttons that work in its status.
pub(super) fn public_card(
    ticket: &Ticket,
    dept: &Department,
    settings: &Settings,
    locale: Locale,
    now: DateTime<Utc>,
    thread_lost: bool,
) -> Card {
    let tz = dept.calendar.tz();
    let label = |id: &'static str| Msg::new(id).render(locale);
    let mut fields = vec![
        (label("field-status"), ticket.status.label().render(locale)),
        (
            label("field-priority"),
            ticket.priority.label().render(locale),
        ),
        (label("field-requester"), format!("@{}", ticket.requester)),
        (
            label("field-assignee"),
            ticket
                .assignee
                .as_ref()
                .map_or_else(|| label("none"), |a| format!("@{a}")),
        ),
    ];
    if let Some(customer) = &ticket.customer {
        fields.push((label("field-customer"), customer.to_string()));
    }
    for clock in SlaClock::ALL {
        let text = due_text(ticket, dept, &settings.sla, clock, now, tz).render(locale);
        fields.push((clock.label().render(locale), text));
    }
    let mut buttons = Vec::new();
    let mut reactions = Vec::new();
    if ticket.status.is_active() {
        buttons = vec![
            CardAction::ClaimTicket(ticket.id.clone()).button(locale),
            CardAction::ResolveTicket(ticket.id.clone()).button(locale),
        ];
        reactions.push(CLAIM_EMOJI.to_string());
    }
    let mut text = ticket.details.as_ref().map_or_else(Vec::new, |details| {
        let (start, cut) = start_of(details.as_str(), CARD_DETAILS_MAX);
        let mut text = vec![start.to_string()];
        if cut {
            text.push(
                Msg::new("ticket-details-more")
                    .arg("id", ticket.id.to_string())
                    .render(locale),
            );
        }
        text
    });
    if thread_lost {
        text.push(Msg::new("ticket-thread-lost").render(locale));
    }
    Card {
        intro: None,
        title: format!("{} · {}", ticket.id, ticket.title),
        fields,
        text,
        buttons,
        reactions,
        ..Card::default()
    }
}

/// The start of `text` in at most `max` characters, ending at a line or word boundary when
/// there is one, and whether anything was left out.
fn start_of(text: &str, max: usize) -> (&str, bool) {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return (text, false);
    };
    let head = &text[..cut];
    let end = head
        .rfind('\n')
        .or_else(|| head.rfind(char::is_whitespace))
        .filter(|&at| at > 0)
        .unwrap_or(cut);
    (head[..end].trim_end(), true)
}

#[cfg(test)]
mod tests {
    use super::start_of;

    #[test]
    fn the_start_of_long_details_ends_at_a_line_or_word_boundary() {
        assert_eq!(start_of("short", 10), ("short", false));
        assert_eq!(start_of("one two three", 9), ("one two", true));
        assert_eq!(start_of("line one\nline two", 12), ("line one", true));
        assert_eq!(start_of("ștersăîntreg", 4), ("șter", true));
    }
}
