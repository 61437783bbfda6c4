//! The read side of tickets: `/ticket show`, `/ticket list` and the autocomplete's choices,
//! each narrowed to what the reader may see.

use super::clocks::{due_for_actor, is_breached};
use super::load;
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::object::titled_choice;
use crate::core::domain::org::Member;
use crate::core::domain::sla::SlaClock;
use crate::core::domain::ticket::{Status, TicketFilter};
use crate::core::outbound::Card;
use crate::core::policy::{self, Action};
use crate::core::service::ratings;
use crate::core::service::work::{Ctx, Step};
use crate::core::store::UnitOfWork;
use crate::core::time::local;
use crate::i18n::Msg;

/// Longest list shown at once; the reply says how many match in all and how to narrow them.
const LIST_LIMIT: u32 = 50;

pub(super) async fn show(ctx: &mut Ctx<'_>, id: &TicketId) -> Step {
    let (ticket, dept) = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ViewTicket(&ticket), &dept.name)?;
    let internal_visible = policy::sees_internal_notes(&ctx.actor, &ticket);
    let comments = ctx.work.uow.comments(id).await?;
    let locale = ctx.locale();
    let tz = ctx.tz();
    let label = |id: &'static str| Msg::new(id).render(locale);
    let none = label("none");
    let mut fields = vec![
        (label("field-status"), ticket.status.label().render(locale)),
        (
            label("field-priority"),
            ticket.priority.label().render(locale),
        ),
        (label("field-department"), dept.name.clone()),
        (label("field-requester"), format!("@{}", ticket.requester)),
        (
            label("field-assignee"),
            ticket
                .assignee
                .as_ref()
                .map_or(none.clone(), |a| format!("@{a}")),
        ),
    ];
    if let Some(customer) = &ticket.customer {
        fields.push((label("field-customer"), customer.to_string()));
    }
    fields.push((label("field-opened"), local(ticket.created_at, tz)));
    for clock in SlaClock::ALL {
        fields.push((
            clock.label().render(locale),
            due_for_actor(ctx, &ticket, &dept, clock).render(locale),
        ));
    }
    if let Some(reason) = &ticket.waiting_reason {
        fields.push((label("field-waiting-for"), reason.to_string()));
    }
    if let Some(resolution) = &ticket.resolution {
        fields.push((label("field-resolution"), resolution.to_string()));
    }
    if policy::sees_ratings(&ctx.actor, &ticket) {
        let ratings = ctx.work.uow.ratings_of(id).await?;
        for line in ratings::lines(&ratings, locale, tz) {
            fields.push((label("field-rating"), line));
        }
    }
    let mut text = Vec::new();
    if let Some(details) = &ticket.details {
        text.push(details.to_string());
    }
    let visible: Vec<_> = comments
        .iter()
        .filter(|c| internal_visible || !c.internal)
        .collect();
    if !visible.is_empty() {
        text.push(
            Msg::new("ticket-comments-header")
                .arg("count", visible.len())
                .render(locale),
        );
        for c in visible {
            let id = if c.internal {
                "ticket-comment-line-internal"
            } else {
                "ticket-comment-line"
            };
            text.push(
                Msg::new(id)
                    .arg("author", c.author.as_str())
                    .arg("at", local(c.at, tz))
                    .arg("text", c.body.clone())
                    .render(locale),
            );
        }
    }
    ctx.reply_card(
        Card {
            title: format!("{} · {}", ticket.id, ticket.title),
            fields,
            text,
            ..Card::default()
        },
        false,
    );
    Ok(())
}

pub(super) async fn list(
    ctx: &mut Ctx<'_>,
    dept: Option<DeptKey>,
    status: Option<Status>,
    assignee: Option<Handle>,
    mine: bool,
) -> Step {
    if let Some(key) = &dept {
        ctx.department(key).await?;
    }
    if let Some(handle) = &assignee {
        ctx.member(handle).await?;
    }
    let filter = visible_filter(&ctx.actor, dept, status, assignee, mine);
    let page = ctx.work.uow.tickets(&filter).await?;
    let tickets = page.items;
    let locale = ctx.locale();
    if tickets.is_empty() {
        ctx.reply_private(Msg::new("ticket-list-empty"));
        return Ok(());
    }
    let departments = ctx.work.uow.departments().await?;
    let header = if page.total > tickets.len() as u64 {
        Msg::new("ticket-list-header-partial")
            .arg("total", page.total)
            .arg("shown", tickets.len())
    } else {
        Msg::new("ticket-list-header").arg("count", tickets.len())
    };
    let mut lines = vec![header.render(locale)];
    for t in &tickets {
        let breached = departments
            .iter()
            .find(|d| &d.key == t.dept())
            .is_some_and(|d| is_breached(ctx, t, d));
        let mut line = format!(
            "  {} · {} · {} · {} · {}",
            t.id,
            t.priority.label().render(locale),
            t.status.label().render(locale),
            t.assignee
                .as_ref()
                .map_or("—".to_string(), |a| format!("@{a}")),
            t.title
        );
        if breached {
            line.push_str(" · ");
            line.push_str(&Msg::new("ticket-list-breached").render(locale));
        }
        lines.push(line);
    }
    if page.total > tickets.len() as u64 {
        lines.push(
            Msg::new("ticket-list-more")
                .arg("rest", page.total - tickets.len() as u64)
                .render(locale),
        );
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// The filter of `/ticket list`, narrowed to what `me` may see: their own requests, their
/// department's queue, or everything for directors and admins.
fn visible_filter(
    me: &Member,
    dept: Option<DeptKey>,
    status: Option<Status>,
    assignee: Option<Handle>,
    mine: bool,
) -> TicketFilter {
    let mut filter = TicketFilter {
        dept: dept.clone(),
        status,
        active_only: status.is_none(),
        assignee,
        limit: LIST_LIMIT,
        ..TicketFilter::default()
    };
    if mine {
        filter.involving = Some(me.handle.clone());
    } else if !policy::sees_everything(me) {
        let staff_dept = me.dept.clone().filter(|d| me.works_in(d));
        match (&dept, staff_dept) {
            (None, Some(own)) => filter.dept = Some(own),
            (Some(asked), Some(own)) if *asked == own => {}
            _ => filter.requester = Some(me.handle.clone()),
        }
    }
    filter
}

/// What `/ticket list` would show this member by default, narrowed to ids or titles
/// containing `typed` (already lowercased): the choices of Discord's autocomplete.
pub(in crate::core::service) async fn suggestions(
    uow: &mut dyn UnitOfWork,
    member: &Member,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let filter = visible_filter(member, None, None, None, false);
    Ok(uow
        .tickets(&filter)
        .await?
        .items
        .into_iter()
        .filter_map(|t| titled_choice(&t.id, &t.title, typed))
        .collect())
}
