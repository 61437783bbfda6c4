//! How an escalation reads: its card (posted in the department's escalations channel and
//! edited as it moves), its record for `/escalation show`, list lines, and the notices its
//! holders and raiser get — each in the reader's language and zone.

use chrono_tz::Tz;

use super::SubjectInfo;
use crate::core::actions::{CardAction, ACK_EMOJI};
use crate::core::audit::Event;
use crate::core::domain::escalation::{Escalation, EscalationStatus, Note, Subject};
use crate::core::domain::object::Actor;
use crate::core::domain::org::Department;
use crate::core::domain::text;
use crate::core::outbound::{Body, Card};
use crate::core::service::audit_cmds::history_line;
use crate::core::service::work::Work;
use crate::core::threads::TicketNotice;
use crate::core::time::local;
use crate::i18n::{Arg, Locale, Msg};

/// Posts the card of a new escalation in the department's escalations channel.
pub(super) async fn post(
    work: &mut Work<'_>,
    escalation: &Escalation,
    info: &SubjectInfo,
) -> anyhow::Result<()> {
    let dept = &info.dept;
    let locale = work.channel_locale(dept);
    let levels = work.settings.escalations.levels.len();
    let mut card = public(escalation, dept, locale, levels);
    card.intro = Some(
        Msg::new("escalation-card-intro")
            .arg("by", raised_by(&escalation.raised_by))
            .arg("subject", escalation.subject.to_string())
            .arg("title", info.title.as_str())
            .render(locale),
    );
    let mut target = dept.clone();
    if let Some(channel) = &dept.escalations_channel {
        target.channel = channel.clone();
    }
    // A ticket's escalation is part of its conversation, in its thread (see
    // `core::threads`), unless the department watches escalations in a channel of their own.
    if let Subject::Ticket(ticket) = &escalation.subject {
        let about = TicketNotice::Escalation {
            own_channel: dept.escalations_channel.is_some(),
        };
        work.post_body_about_ticket(&target, ticket, about, Body::Card(card));
    } else {
        work.post_body(&target, Body::Card(card));
    }
    Ok(())
}

/// The card changed: its new face, in the department channel's language.
pub(super) async fn refresh(work: &mut Work<'_>, escalation: &Escalation) -> anyhow::Result<()> {
    if let Some(dept) = work.uow.department(&escalation.dept).await? {
        let locale = work.channel_locale(&dept);
        let levels = work.settings.escalations.levels.len();
        work.refresh_card(escalation.id, public(escalation, &dept, locale, levels));
    }
    Ok(())
}

/// The card: where the escalation stands, and what its holders can do about it.
fn public(escalation: &Escalation, dept: &Department, locale: Locale, levels: usize) -> Card {
    let tz = dept.calendar.tz();
    let mut card = Card {
        title: format!("🔺 {} · {}", escalation.id, escalation.subject),
        fields: fields(escalation, dept, locale, tz, levels),
        ..Card::default()
    };
    match escalation.status {
        EscalationStatus::Open => {
            card.buttons = vec![
                CardAction::AckEscalation(escalation.id).button(locale),
                CardAction::ResolveEscalation(escalation.id).button(locale),
            ];
            card.reactions = vec![ACK_EMOJI.to_string()];
        }
        EscalationStatus::Acknowledged => {
            card.buttons = vec![CardAction::ResolveEscalation(escalation.id).button(locale)];
        }
        EscalationStatus::Resolved | EscalationStatus::Cancelled => {}
    }
    card
}

fn fields(
    escalation: &Escalation,
    dept: &Department,
    locale: Locale,
    tz: Tz,
    levels: usize,
) -> Vec<(String, String)> {
    let label = |id: &'static str| Msg::new(id).render(locale);
    let mut fields = vec![
        (
            label("field-status"),
            escalation.status.label().render(locale),
        ),
        (label("field-department"), dept.name.clone()),
        (
            label("field-level"),
            level_of(escalation, levels).render(locale),
        ),
        (
            label("field-held-by"),
            super::holders_text(&escalation.holders),
        ),
    ];
    if let Some(owner) = &escalation.owner {
        fields.push((label("field-owner"), format!("@{owner}")));
    }
    fields.push((
        label("field-raised-by"),
        raised_by(&escalation.raised_by).render(locale),
    ));
    fields.push((label("field-since"), local(escalation.created_at, tz)));
    fields.push((
        label("field-reason"),
        note(&escalation.reason, escalation).render(locale),
    ));
    if let Some(customer) = &escalation.customer {
        fields.push((label("field-customer"), customer.to_string()));
    }
    if let Some(contact) = &escalation.contact {
        fields.push((label("field-contact"), contact.to_string()));
    }
    if let Some(resolution) = &escalation.resolution {
        fields.push((
            label("field-resolution"),
            note(resolution, escalation).render(locale),
        ));
    }
    fields
}

/// `/escalation show`: the card's fields and every step of its history.
pub(super) fn record(
    escalation: &Escalation,
    dept: &Department,
    history: &[Event],
    (locale, tz): (Locale, Tz),
    levels: usize,
) -> Card {
    let mut text = vec![Msg::new("escalation-history-header")
        .arg("count", history.len())
        .render(locale)];
    text.extend(history.iter().map(|e| format!("  {}", history_line(e, tz))));
    Card {
        title: format!("🔺 {} · {}", escalation.id, escalation.subject),
        fields: fields(escalation, dept, locale, tz, levels),
        text,
        ..Card::default()
    }
}

/// `/escalation list`: one line each.
pub(super) fn list(
    escalations: &[Escalation],
    (locale, tz): (Locale, Tz),
    levels: usize,
) -> String {
    let mut lines = vec![Msg::new("escalation-list-header")
        .arg("count", escalations.len())
        .render(locale)];
    for e in escalations {
        let who = match &e.owner {
            Some(owner) => format!("@{owner}"),
            None => super::holders_text(&e.holders),
        };
        lines.push(format!(
            "  {} · {} · {} · {} · {} · {}",
            e.id,
            e.subject,
            e.status.label().render(locale),
            level_of(e, levels).render(locale),
            who,
            local(e.created_at, tz)
        ));
    }
    lines.join("\n")
}

/// What a new holder reads: what, why, since when, how to acknowledge.
pub(super) fn holder_notice(escalation: &Escalation, tz: Tz) -> Msg {
    Msg::new("escalation-holder-notice")
        .arg("id", escalation.id.to_string())
        .arg("subject", escalation.subject.to_string())
        .arg("reason", note(&escalation.reason, escalation))
        .arg("by", raised_by(&escalation.raised_by))
        .arg("since", local(escalation.created_at, tz))
        .arg("level", escalation.level + 1)
        .arg("customer", customer_line(escalation))
}

/// A morning reminder at the top of the ladder.
pub(super) fn reminder_notice(escalation: &Escalation, tz: Tz) -> Msg {
    Msg::new("escalation-reminder-notice")
        .arg("id", escalation.id.to_string())
        .arg("subject", escalation.subject.to_string())
        .arg("since", local(escalation.created_at, tz))
        .arg("reminder", escalation.reminders)
}

/// Raised again when it is already as high as it goes: whoever has it hears so.
pub(super) fn raised_again_notice(escalation: &Escalation, by: &Actor, reason: &text::Body) -> Msg {
    Msg::new("escalation-raised-again-notice")
        .arg("id", escalation.id.to_string())
        .arg("subject", escalation.subject.to_string())
        .arg("by", raised_by(by))
        .arg("reason", reason)
}

/// What whoever raised it reads when it ends: how, and for a customer complaint, who to
/// call back.
pub(super) fn ended_notice(escalation: &Escalation, _tz: Tz) -> Msg {
    let how = escalation
        .resolution
        .as_ref()
        .map_or(Arg::Text(String::new()), |n| note(n, escalation).into());
    Msg::new("escalation-ended-notice")
        .arg("id", escalation.id.to_string())
        .arg("subject", escalation.subject.to_string())
        .arg("status", escalation.status.label())
        .arg("note", how)
        .arg("customer", customer_line(escalation))
}

/// ` Customer: ACME SRL (+40 …).` or nothing.
fn customer_line(escalation: &Escalation) -> Arg {
    match (&escalation.customer, &escalation.contact) {
        (Some(customer), Some(contact)) => Msg::new("escalation-customer-contact")
            .arg("customer", customer)
            .arg("contact", contact)
            .into(),
        (Some(customer), None) => Msg::new("escalation-customer")
            .arg("customer", customer)
            .into(),
        (None, _) => Arg::Text(String::new()),
    }
}

/// A reason or an ending, in words.
pub(in crate::core::service) fn note(note: &Note, escalation: &Escalation) -> Msg {
    let subject = escalation.subject.to_string();
    match note {
        Note::Said { text } => Msg::new("escalation-note-said").arg("text", text),
        Note::SlaBreached { clock } => Msg::new("escalation-note-sla").arg("clock", clock.label()),
        Note::TaskOverdue => Msg::new("escalation-note-task-overdue").arg("subject", subject),
        Note::ApprovalStalled { step } => Msg::new("escalation-note-approval-stalled")
            .arg("subject", subject)
            .arg("step", *step),
        Note::SubjectFinished => Msg::new("escalation-note-finished").arg("subject", subject),
        Note::SubjectWithdrawn => Msg::new("escalation-note-withdrawn").arg("subject", subject),
    }
}

/// `2 of 3`: the level on the ladder.
pub(in crate::core::service) fn level_of(escalation: &Escalation, levels: usize) -> Msg {
    Msg::new("escalation-level-of")
        .arg("level", escalation.level + 1)
        .arg("levels", levels.max(escalation.level + 1))
}

/// `@frank`, or opsdesk itself in words.
fn raised_by(actor: &Actor) -> Msg {
    match actor.member() {
        Some(handle) => Msg::new("escalation-by-member").arg("handle", handle.as_str()),
        None => Msg::new("escalation-by-system"),
    }
}
