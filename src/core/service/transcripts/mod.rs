//! Transcripts (issue #15): a ticket's whole history as a Markdown file and an HTML page —
//! on demand (`/ticket transcript`, a private reply), and when the ticket closes (in its
//! thread, and to its requester by direct message, in the same unit of work as the close).
//!
//! Who may read one is who may see the ticket (`core::policy`); staff of its department,
//! directors and admins get every line, anyone else the requester's copy (see
//! [`history::Copy`]). The copy posted in the thread is the requester's too: the requester
//! is in the thread.

mod history;
mod render;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::tickets::load;
use super::work::{Ctx, Step, Work};
use crate::core::domain::escalation::Subject;
use crate::core::domain::ids::TicketId;
use crate::core::domain::org::Department;
use crate::core::domain::sla::{clock_state, SlaClock};
use crate::core::domain::ticket::{Status, Ticket};
use crate::core::outbound::{Attachment, Body, Card};
use crate::core::policy::{self, Action};
use crate::core::store::EscalationFilter;
use crate::core::threads::TicketNotice;
use crate::i18n::{Locale, Msg};
use history::{Copy, Entry, Happening, History};

/// `/ticket transcript id:`: the files, in a reply only the reader sees.
pub(super) async fn command(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (ticket, dept) = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ViewTicket(&ticket), &dept.name)?;
    let copy = if policy::sees_internal_notes(&ctx.actor, &ticket) {
        Copy::Staff
    } else {
        Copy::Requester
    };
    let history = gather(&mut ctx.work, ticket, &dept).await?;
    let card = card(&history, copy, "transcript-reply", ctx.locale(), ctx.tz());
    ctx.reply_card(card, true);
    Ok(())
}

/// The closing of `ticket` (already saved as closed by the actor, from `was`): its
/// transcript goes to its thread — in the channel's language and the department's zone —
/// and to its requester, in theirs. The close's own audit event is not written until the
/// unit of work commits, so it is added here.
pub(super) async fn on_close(
    ctx: &mut Ctx<'_>,
    ticket: &Ticket,
    dept: &Department,
    was: Status,
) -> Step {
    let closing = Entry {
        at: ctx.now(),
        by: ctx.actor.handle.to_string(),
        what: Happening::Status {
            from: was,
            to: Status::Closed,
            note: None,
        },
    };
    let mut history = gather(&mut ctx.work, ticket.clone(), dept).await?;
    history.entries.push(closing);
    let (locale, tz) = (ctx.work.channel_locale(dept), dept.calendar.tz());
    let posted = card(&history, Copy::Requester, "transcript-closed", locale, tz);
    ctx.work.post_body_about_ticket(
        dept,
        &ticket.id,
        TicketNotice::StatusChange,
        Body::Card(posted),
    );
    let requester = ctx.member(&ticket.requester).await?;
    if requester.handle != ctx.actor.handle {
        ctx.work.dm_card(&requester, |tz, locale| {
            card(&history, Copy::Requester, "transcript-closed", locale, tz)
        });
    }
    Ok(())
}

/// Everything a transcript tells about `ticket`, read in this unit of work: the ticket's
/// audit trail (its comments and changes, in the order they happened), its ratings as
/// `/ticket show` reads them, its escalations and the tasks made for it.
async fn gather(work: &mut Work<'_>, ticket: Ticket, dept: &Department) -> anyhow::Result<History> {
    let id = ticket.id.clone();
    let events = work.uow.audit_of(&id.clone().into()).await?;
    let mut escalations = work
        .uow
        .escalations(
            EscalationFilter::About(Subject::Ticket(id.clone())),
            u32::MAX,
        )
        .await?;
    escalations.reverse();
    let tasks = work.uow.tasks_of_ticket(&id).await?;
    let ratings = work.uow.ratings_of(&id).await?;
    let now = work.now;
    let sla = SlaClock::ALL
        .into_iter()
        .map(|clock| {
            let state = clock_state(&ticket, clock, &dept.calendar, &work.settings.sla, now);
            (clock, state)
        })
        .collect();
    Ok(History {
        entries: history::timeline(&events),
        ticket,
        dept_name: dept.name.clone(),
        sla,
        escalations,
        tasks,
        ratings,
        made_at: now,
    })
}

/// A message carrying the transcript's two files: `intro` says why it came.
fn card(history: &History, copy: Copy, intro: &'static str, locale: Locale, tz: Tz) -> Card {
    let files = render::files(history, copy, locale, tz);
    let ticket = &history.ticket;
    let name = file_stem(&ticket.id, copy, history.made_at, tz);
    Card {
        intro: Some(
            Msg::new(intro)
                .arg("id", ticket.id.to_string())
                .render(locale),
        ),
        title: format!("{} · {}", ticket.id, ticket.title),
        text: vec![Msg::new("transcript-files")
            // The opening is an entry of the timeline too.
            .arg("entries", history.entries_for(copy).count() + 1)
            .render(locale)],
        attachments: vec![
            document(format!("{name}.md"), files.markdown),
            document(format!("{name}.html"), files.html),
        ],
        ..Card::default()
    }
}

fn document(name: String, text: String) -> Attachment {
    Attachment {
        name,
        image: None,
        bytes: text.into_bytes(),
    }
}

/// `transcript-IT-4-20261208-1030`: whose, and when, in the reader's zone; the requester's
/// copy ends in `-requester`, so that the two copies never pass for each other.
fn file_stem(id: &TicketId, copy: Copy, at: DateTime<Utc>, tz: Tz) -> String {
    let when = at.with_timezone(&tz).format("%Y%m%d-%H%M");
    match copy {
        Copy::Staff => format!("transcript-{id}-{when}"),
        Copy::Requester => format!("transcript-{id}-{when}-requester"),
    }
}
