//! `/ticket rate`: the requester's rating of a resolution, the question that asks for it when
//! a ticket is resolved, and how ratings read on `/ticket show`. The rules are in
//! `core::domain::rating` and `core::policy` (`Action::RateTicket`).

use chrono_tz::Tz;
use serde_json::json;

use super::tickets::load;
use super::work::{Ctx, Step};
use crate::core::actions::CardAction;
use crate::core::audit::diff;
use crate::core::domain::ids::TicketId;
use crate::core::domain::org::{Member, Role};
use crate::core::domain::rating::{self, Rating, Score};
use crate::core::domain::text::Body;
use crate::core::domain::ticket::Ticket;
use crate::core::outbound::Card;
use crate::core::policy::{self, Action};
use crate::core::store::MemberFilter;
use crate::core::threads::TicketNotice;
use crate::core::time::local;
use crate::i18n::{Locale, Msg};

/// Rates the resolution of `id` (or adds a comment to its rating when `score` is `None`).
pub(super) async fn rate(
    ctx: &mut Ctx<'_>,
    id: &TicketId,
    score: Option<Score>,
    comment: Option<Body>,
) -> Step {
    let (ticket, dept) = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::RateTicket(&ticket), &dept.name)?;
    let now = ctx.now();
    let resolved_at = rating::rateable_resolution(&ticket, now, ctx.tz())?;
    let before = ctx.work.uow.rating(id, resolved_at).await?;
    let after = match (&before, score) {
        (Some(old), score) => old.changed(score.unwrap_or(old.score), comment, now),
        (None, Some(score)) => Rating {
            ticket: id.clone(),
            resolved_at,
            requester: ctx.actor.handle.clone(),
            score,
            comment,
            rated_at: now,
            changed_at: None,
        },
        (None, None) => {
            return Err(Msg::new("error-rating-score-first")
                .arg("id", id.to_string())
                .into())
        }
    };
    ctx.work.uow.save_rating(&after).await?;
    let score = |r: Option<&Rating>| json!(r.map(|r| r.score.get()));
    let comment = |r: Option<&Rating>| json!(r.and_then(|r| r.comment.clone()));
    let (old, mut new) = diff([
        ("rating", score(before.as_ref()), score(Some(&after))),
        (
            "rating_comment",
            comment(before.as_ref()),
            comment(Some(&after)),
        ),
    ]);
    // Which resolution is rated: a ticket reopened and resolved again is rated anew.
    new.insert("resolved_at".into(), json!(resolved_at.to_rfc3339()));
    ctx.record(id.clone(), "ticket.rate", (old, new));

    let reply = if before.is_some() {
        "rating-changed"
    } else {
        "rating-saved"
    };
    ctx.reply(
        Msg::new(reply)
            .arg("id", id.to_string())
            .arg("stars", after.score.stars())
            .arg("until", local(rating::window_end(resolved_at), ctx.tz())),
    );
    let newly_low = after.score.is_low() && before.is_none_or(|b| !b.score.is_low());
    if newly_low {
        tell_managers(ctx, &ticket, &after).await?;
    }
    Ok(())
}

/// A low rating goes to the department's managers (its channel, when it has none).
async fn tell_managers(ctx: &mut Ctx<'_>, ticket: &Ticket, rating: &Rating) -> Step {
    let dept = ctx.department(ticket.dept()).await?;
    let managers: Vec<Member> = ctx
        .work
        .uow
        .members(&MemberFilter::InDept(dept.key.clone()))
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Manager)
        .collect();
    let notice = |_: Tz| {
        Msg::new("rating-low-notice")
            .arg("id", ticket.id.to_string())
            .arg("title", ticket.title.clone())
            .arg("requester", rating.requester.as_str())
            .arg("stars", rating.score.stars())
            .arg("comment", comment_or_none(rating))
    };
    if managers.is_empty() {
        ctx.work
            .post_about_ticket(&dept, &ticket.id, TicketNotice::LowRating, notice);
    }
    for manager in &managers {
        ctx.notify(manager, notice);
    }
    Ok(())
}

fn comment_or_none(rating: &Rating) -> Msg {
    match &rating.comment {
        Some(text) => Msg::new("rating-comment-quoted").arg("text", text.clone()),
        None => Msg::new("rating-no-comment"),
    }
}

/// Tells the requester their ticket was resolved and asks them to rate it: buttons 1–5 and
/// a comment form on Discord, the command to type in the console. No one is asked to rate
/// what they resolved themselves.
pub(super) async fn ask(ctx: &mut Ctx<'_>, ticket: &Ticket, resolution: &Body) -> Step {
    let requester = ctx.member(&ticket.requester).await?;
    if requester.handle == ctx.actor.handle {
        return Ok(());
    }
    let Some(resolved_at) = ticket.resolved_at else {
        return Ok(());
    };
    let until = rating::window_end(resolved_at);
    ctx.work.dm_card(&requester, |tz, locale| {
        let text = |msg: Msg| msg.render(locale);
        let id = ticket.id.to_string();
        let mut buttons: Vec<_> = Score::ALL
            .into_iter()
            .map(|s| CardAction::RateTicket(ticket.id.clone(), s).button(locale))
            .collect();
        buttons.push(CardAction::CommentRating(ticket.id.clone()).button(locale));
        Card {
            intro: Some(text(
                Msg::new("ticket-resolved-notice")
                    .arg("id", id.clone())
                    .arg("resolution", resolution.as_str()),
            )),
            title: text(
                Msg::new("rating-question")
                    .arg("id", id.clone())
                    .arg("title", ticket.title.clone()),
            ),
            text: vec![text(
                Msg::new("rating-question-how")
                    .arg("id", id)
                    .arg("until", local(until, tz)),
            )],
            buttons,
            ..Card::default()
        }
    });
    Ok(())
}

/// The ratings of a ticket as lines for `/ticket show` and transcripts, oldest first, in the
/// reader's language and zone.
pub(super) fn lines(ratings: &[Rating], locale: Locale, tz: Tz) -> Vec<String> {
    ratings
        .iter()
        .map(|r| {
            Msg::new("rating-line")
                .arg("stars", r.score.stars())
                .arg("score", i64::from(r.score.get()))
                .arg("requester", r.requester.as_str())
                .arg("at", local(r.changed_at.unwrap_or(r.rated_at), tz))
                .arg("comment", comment_or_none(r))
                .render(locale)
        })
        .collect()
}
