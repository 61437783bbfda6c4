//! `/digest …` and the scheduled digests themselves: subscriptions (`D-n`), the job that
//! sends each one on its schedule, and the default subscription every manager and director
//! has. This module holds the commands; the scheduled run is [`job`]'s, the records and the
//! default subscription [`lifecycle`]'s. What a digest says is [`content`]'s; how it reads
//! is [`render`]'s; its chart is [`chart`]'s; who may read or post what is [`policy`]'s.
//!
//! The schedule is durable: each active subscription has one pending job, for its next slot
//! (`digest:D-2:<epoch>`). Running it sends the digest and schedules the next slot after the
//! present, in the same transaction; so a restart neither loses nor repeats a digest, a
//! digest missed while opsdesk was down goes out once when it starts (marked as late), and
//! the slots missed in between are not sent one by one.

mod batch;
mod chart;
mod content;
mod job;
mod lifecycle;
mod render;
mod shared;

pub(super) use batch::{digest_of, run_together};
use job::{delegators, next_slot, own_departments, FIRST_LOOKBACK};
use lifecycle::save;
pub(super) use lifecycle::{ensure_defaults, member_changed};

use chrono::{DateTime, NaiveDate, Utc};

use super::work::{Ctx, Failure, Step, Work};
use crate::core::command::DigestCommand;
use crate::core::domain::digest::{DigestId, DigestTarget, Subscription, SubscriptionStatus};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::org::{Department, Member};
use crate::core::outbound::Body;
use crate::core::policy::{self, Action};
use crate::core::store::{SubscriptionFilter, UnitOfWork};
use crate::core::time::due::{parse_due, DueContext};
use crate::core::time::schedule::Schedule;
use crate::core::time::{local, start_of_day};
use crate::i18n::{Locale, Msg};
use content::{View, Window};
use render::Heading;
use shared::Shared;

/// The digest job of subscription `id` for its slot (epoch seconds), on its own.
pub(super) async fn run(work: &mut Work<'_>, id: DigestId, slot: i64) -> anyhow::Result<()> {
    job::run(work, &mut Shared::default(), id, slot).await
}

/// What `/digest pause until:` takes to resume.
const RESUME_WORDS: [&str; 3] = ["off", "oprit", "gata"];

pub(super) async fn execute(ctx: &mut Ctx<'_>, cmd: DigestCommand) -> Step {
    match cmd {
        DigestCommand::Subscribe {
            schedule,
            channel,
            dept,
            tz,
            skip_when_quiet,
        } => subscribe(ctx, schedule, channel, dept, tz, skip_when_quiet).await,
        DigestCommand::Unsubscribe { id } => unsubscribe(ctx, id).await,
        DigestCommand::List => list(ctx).await,
        DigestCommand::Now { dept } => now(ctx, dept).await,
        DigestCommand::Pause { until, id } => pause(ctx, &until, id).await,
    }
}

async fn subscribe(
    ctx: &mut Ctx<'_>,
    schedule: Schedule,
    channel: Option<String>,
    dept: Option<DeptKey>,
    tz: Option<chrono_tz::Tz>,
    skip_when_quiet: bool,
) -> Step {
    let target = match channel {
        Some(name) => channel_target(ctx, &name, dept.as_ref()).await?,
        None => DigestTarget::Dm,
    };
    let scope = match (dept, &target) {
        (Some(key), _) => {
            let dept = ctx.department(&key).await?;
            policy::check(&ctx.actor, Action::ReadDigestOf(&dept.key), &dept.name)?;
            Some(dept)
        }
        (None, DigestTarget::Channel { dept, .. }) => Some(ctx.department(dept).await?),
        (None, DigestTarget::Dm) => None,
    };
    let tz = match (tz, &target, &scope) {
        (Some(tz), _, _) => tz,
        (None, DigestTarget::Channel { .. }, Some(dept)) => dept.calendar.tz(),
        _ => ctx.tz(),
    };
    let now = ctx.now();
    let me = ctx.actor.handle.clone();
    let mine = ctx
        .work
        .uow
        .subscriptions(&SubscriptionFilter::OwnedBy(me.clone()))
        .await?;
    let dept = scope.as_ref().map(|d| d.key.clone());
    let same = |s: &Subscription| {
        s.target == target
            && s.dept == dept
            && s.schedule == schedule
            && s.tz == tz
            && s.skip_when_quiet == skip_when_quiet
    };
    // A direct digest of one's own view is what the default is: it changes the default.
    let default = mine
        .iter()
        .find(|s| s.is_active() && s.is_default)
        .filter(|_| target == DigestTarget::Dm && dept.is_none());
    if let Some(existing) = mine.iter().filter(|s| s.is_active()).find(|s| same(s)) {
        return Err(Msg::new("error-digest-duplicate")
            .arg("id", existing.id.to_string())
            .into());
    }
    let (before, mut sub, action) = match default {
        Some(default) => (Some(default.clone()), default.clone(), "digest.change"),
        None => {
            let id = ctx.work.uow.next_digest_id().await?;
            let sub = Subscription {
                is_default: false,
                target: target.clone(),
                dept: dept.clone(),
                created_at: now,
                ..Subscription::default_for(id, &ctx.actor, now)
            };
            (None, sub, "digest.subscribe")
        }
    };
    sub.schedule = schedule;
    sub.tz = tz;
    sub.skip_when_quiet = skip_when_quiet;
    sub.updated_at = now;
    save(&mut ctx.work, before.as_ref(), &sub, action).await?;
    let next = local(next_slot(&sub, now), tz);
    let line = describe(&sub, scope.as_ref(), ctx.locale());
    let reply = match before {
        Some(_) => Msg::new("digest-default-changed"),
        None => Msg::new("digest-subscribed"),
    };
    ctx.reply(reply.arg("line", line).arg("next", next));
    Ok(())
}

/// The channel target for `#name`: a department's channel, which the actor may post
/// digests in, about that department only.
async fn channel_target(
    ctx: &mut Ctx<'_>,
    name: &str,
    dept: Option<&DeptKey>,
) -> Result<DigestTarget, Failure> {
    let departments = ctx.work.uow.departments().await?;
    let Some(owner) = departments.iter().find(|d| d.channel == name) else {
        let known: Vec<String> = departments
            .iter()
            .map(|d| format!("#{}", d.channel))
            .collect();
        return Err(Msg::new("error-digest-channel-unknown")
            .arg("channel", name)
            .arg("known", known.join(", "))
            .into());
    };
    policy::check(&ctx.actor, Action::PostDigestIn(&owner.key), &owner.name)?;
    if let Some(dept) = dept.filter(|d| **d != owner.key) {
        return Err(Msg::new("error-digest-channel-dept")
            .arg("channel", name)
            .arg("dept", dept.as_str())
            .arg("own", owner.key.as_str())
            .into());
    }
    Ok(DigestTarget::Channel {
        dept: owner.key.clone(),
        channel: owner.channel.clone(),
    })
}

async fn unsubscribe(ctx: &mut Ctx<'_>, id: DigestId) -> Step {
    let before = load_managed(ctx, id).await?;
    let mut sub = before.clone();
    sub.status = SubscriptionStatus::Ended;
    sub.updated_at = ctx.now();
    save(&mut ctx.work, Some(&before), &sub, "digest.unsubscribe").await?;
    ctx.reply(Msg::new("digest-unsubscribed").arg("id", id.to_string()));
    if sub.owner != ctx.actor.handle {
        let owner = ctx.member(&sub.owner).await?;
        let by = ctx.actor.handle.to_string();
        ctx.notify(&owner, |_| {
            Msg::new("digest-unsubscribed-notice")
                .arg("id", id.to_string())
                .arg("by", by)
        });
    }
    Ok(())
}

async fn list(ctx: &mut Ctx<'_>) -> Step {
    let me = ctx.actor.handle.clone();
    let subs: Vec<Subscription> = ctx
        .work
        .uow
        .subscriptions(&SubscriptionFilter::OwnedBy(me))
        .await?
        .into_iter()
        .filter(Subscription::is_active)
        .collect();
    if subs.is_empty() {
        ctx.reply_private(Msg::new("digest-list-empty"));
        return Ok(());
    }
    let (locale, now) = (ctx.locale(), ctx.now());
    let mut lines = vec![Msg::new("digest-list-header")
        .arg("count", subs.len())
        .render(locale)];
    for sub in &subs {
        let dept = match &sub.dept {
            Some(key) => ctx.work.uow.department(key).await?,
            None => None,
        };
        let mut line = format!("  {}", describe(sub, dept.as_ref(), locale));
        let next = Msg::new("digest-list-next").arg("at", local(next_slot(sub, now), sub.tz));
        line.push_str(&format!(" · {}", next.render(locale)));
        if sub.is_default {
            let flag = Msg::new("digest-flag-default");
            line.push_str(&format!(" · {}", flag.render(locale)));
        }
        if let Some(until) = sub.paused_until.filter(|u| *u > now) {
            let paused = Msg::new("digest-flag-paused").arg("until", day(until, sub.tz));
            line.push_str(&format!(" · {}", paused.render(locale)));
        }
        lines.push(line);
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// `/digest now`: the caller's digest at once, only to them, over the window of their own
/// direct digest (since its last run, until its next), or the last and next day.
async fn now(ctx: &mut Ctx<'_>, dept: Option<DeptKey>) -> Step {
    let now = ctx.now();
    // A digest of its own: nothing to share with others.
    let mut shared = Shared::default();
    let depts = match dept {
        Some(key) => {
            let dept = ctx.department(&key).await?;
            policy::check(&ctx.actor, Action::ReadDigestOf(&dept.key), &dept.name)?;
            vec![dept]
        }
        None => own_departments(ctx.work.uow.as_mut(), &mut shared, &ctx.actor).await?,
    };
    let me = ctx.actor.handle.clone();
    let mine = ctx
        .work
        .uow
        .subscriptions(&SubscriptionFilter::OwnedBy(me))
        .await?;
    let direct = mine
        .iter()
        .filter(|s| s.is_active() && s.target == DigestTarget::Dm && s.dept.is_none())
        .min_by_key(|s| !s.is_default);
    let window = Window {
        now,
        since: direct
            .and_then(|s| s.last_run_at)
            .unwrap_or(now - FIRST_LOOKBACK),
        until: direct.map_or(now + FIRST_LOOKBACK, |s| next_slot(s, now)),
    };
    let view = View {
        reader: ctx.actor.clone(),
        personal: true,
        depts,
        tz: ctx.tz(),
    };
    let heading = Heading {
        channel: None,
        late_from: None,
        next: direct.map(|_| window.until),
        chart_name: chart_name(&ctx.actor.handle.to_string(), now, ctx.tz()),
    };
    let delegators = delegators(&mut ctx.work, &mut shared, &ctx.actor).await?;
    let digest = content::gather(
        ctx.work.uow.as_mut(),
        &mut shared,
        &view,
        window,
        &delegators,
        ctx.work.settings,
    )
    .await?;
    match render::body(&digest, &heading, now, ctx.tz(), ctx.locale(), &mut shared).await? {
        Body::Card(card) => ctx.reply_card(card, true),
        Body::Text(text) => ctx.reply_text(text, true),
    }
    Ok(())
}

async fn pause(ctx: &mut Ctx<'_>, until: &str, id: Option<DigestId>) -> Step {
    let targets: Vec<Subscription> = match id {
        Some(id) => vec![load_managed(ctx, id).await?],
        None => {
            let me = ctx.actor.handle.clone();
            ctx.work
                .uow
                .subscriptions(&SubscriptionFilter::OwnedBy(me))
                .await?
                .into_iter()
                .filter(Subscription::is_active)
                .collect()
        }
    };
    if targets.is_empty() {
        return Err(Msg::new("error-digest-none").into());
    }
    let resume = !RESUME_WORDS.contains(&until.trim().to_lowercase().as_str());
    let paused_until = if resume {
        Some(resume_at(ctx, until)?)
    } else {
        None
    };
    let now = ctx.now();
    let ids: Vec<String> = targets.iter().map(|s| s.id.to_string()).collect();
    for before in &targets {
        let mut sub = before.clone();
        sub.paused_until = paused_until;
        sub.updated_at = now;
        save(&mut ctx.work, Some(before), &sub, "digest.pause").await?;
    }
    let reply = match paused_until {
        Some(at) => Msg::new("digest-paused").arg("until", day(at, ctx.tz())),
        None => Msg::new("digest-resumed"),
    };
    ctx.reply(reply.arg("ids", ids.join(", ")));
    Ok(())
}

/// When paused digests resume: the start of the day `text` names, in the actor's zone.
fn resume_at(ctx: &Ctx<'_>, text: &str) -> Result<DateTime<Utc>, Failure> {
    let (tz, now) = (ctx.tz(), ctx.now());
    let date = match text.trim().parse::<NaiveDate>() {
        Ok(date) => date,
        Err(_) => {
            let calendar = ctx.work.settings.office_calendar(tz);
            let due_ctx = DueContext {
                now,
                tz,
                calendar: &calendar,
            };
            let at = parse_due(text, &due_ctx).map_err(Msg::from)?;
            at.with_timezone(&tz).date_naive()
        }
    };
    let at = start_of_day(date, tz);
    if at <= now {
        return Err(Msg::new("error-digest-pause-past")
            .arg("date", date.to_string())
            .into());
    }
    Ok(at)
}

/// Loads a subscription the actor may change: theirs (or anyone's, for an admin), active.
async fn load_managed(ctx: &mut Ctx<'_>, id: DigestId) -> Result<Subscription, Failure> {
    let sub = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ManageSubscription(&sub), "")?;
    if !sub.is_active() {
        return Err(Msg::new("error-digest-ended")
            .arg("id", id.to_string())
            .into());
    }
    Ok(sub)
}

async fn load(ctx: &mut Ctx<'_>, id: DigestId) -> Result<Subscription, Failure> {
    ctx.work
        .uow
        .subscription(id)
        .await?
        .ok_or_else(|| Failure::Refused(Msg::new("error-unknown-digest").arg("id", id.to_string())))
}

/// Checks the actor may read the history of subscription `id` (for `/audit show`).
pub(super) async fn check_history(ctx: &mut Ctx<'_>, id: DigestId) -> Step {
    let sub = load(ctx, id).await?;
    policy::check(&ctx.actor, Action::ViewSubscription(&sub), "")?;
    Ok(())
}

fn describe(sub: &Subscription, dept: Option<&Department>, locale: Locale) -> String {
    let scope = match dept {
        Some(dept) => Msg::new("digest-scope-dept").arg("dept", dept.name.as_str()),
        None => Msg::new("digest-scope-own"),
    };
    let target = match &sub.target {
        DigestTarget::Dm => Msg::new("digest-target-dm"),
        DigestTarget::Channel { channel, .. } => {
            Msg::new("digest-target-channel").arg("channel", channel.as_str())
        }
    };
    let mut line = Msg::new("digest-line")
        .arg("id", sub.id.to_string())
        .arg("scope", scope)
        .arg("schedule", sub.schedule.describe(locale))
        .arg("tz", sub.tz.name())
        .arg("target", target)
        .render(locale);
    if sub.skip_when_quiet {
        let flag = Msg::new("digest-flag-skip-quiet");
        line.push_str(&format!(" · {}", flag.render(locale)));
    }
    line
}

/// The day an instant falls on, in `tz`: when a pause ends.
fn day(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).date_naive().to_string()
}

/// `digest-D-2-20261208-0830.png`: whose digest and when, in its zone.
fn chart_name(whose: &str, now: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let when = now.with_timezone(&tz).format("%Y%m%d-%H%M");
    format!("digest-{whose}-{when}.png")
}

pub(super) async fn suggestions(
    uow: &mut dyn UnitOfWork,
    member: &Member,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    Ok(uow
        .subscriptions(&SubscriptionFilter::OwnedBy(member.handle.clone()))
        .await?
        .into_iter()
        .filter(|s| s.is_active() && s.id.to_string().to_lowercase().contains(typed))
        .map(|s| {
            let label = format!("{} · {} · {}", s.id, s.schedule, s.tz.name());
            (s.id.to_string(), label)
        })
        .collect())
}
