//! `/digest …` and the scheduled digests themselves: subscriptions (`D-n`), the job that
//! sends each one on its schedule, and the default subscription every manager and director
//! has. What a digest says is [`content`]'s; how it reads is [`render`]'s; its chart is
//! [`chart`]'s; who may read or post what is [`policy`]'s.
//!
//! The schedule is durable: each active subscription has one pending job, for its next slot
//! (`digest:D-2:<epoch>`). Running it sends the digest and schedules the next slot after the
//! present, in the same transaction; so a restart neither loses nor repeats a digest, a
//! digest missed while opsdesk was down goes out once when it starts (marked as late), and
//! the slots missed in between are not sent one by one.

mod chart;
mod content;
mod render;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Map, Value};

use super::work::{Ctx, Failure, Step, Work};
use crate::core::command::DigestCommand;
use crate::core::domain::digest::{
    gets_default, DigestId, DigestTarget, Subscription, SubscriptionStatus,
};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::org::{Department, Member, Role};
use crate::core::jobs::{Job, JobKind};
use crate::core::outbound::{Body, Outbound, Target};
use crate::core::policy::{self, Action};
use crate::core::store::{MemberFilter, SubscriptionFilter, UnitOfWork};
use crate::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use crate::core::time::due::{parse_due, DueContext};
use crate::core::time::schedule::Schedule;
use crate::core::time::{local, start_of_day};
use crate::i18n::{Locale, Msg};
use content::{View, Window};
use render::Heading;

/// A digest that runs this much after its slot is a catch-up, and says so.
const LATE_AFTER: Duration = Duration::minutes(10);
/// "Since the last digest", for a subscription that has not sent one yet.
const FIRST_LOOKBACK: Duration = Duration::days(1);
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
    let depts = match dept {
        Some(key) => {
            let dept = ctx.department(&key).await?;
            policy::check(&ctx.actor, Action::ReadDigestOf(&dept.key), &dept.name)?;
            vec![dept]
        }
        None => own_departments(ctx.work.uow.as_mut(), &ctx.actor).await?,
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
    let delegators = delegators(&mut ctx.work, &ctx.actor).await?;
    let digest = content::gather(
        ctx.work.uow.as_mut(),
        &view,
        window,
        &delegators,
        &ctx.work.settings.sla,
    )
    .await?;
    match render::body(&digest, &heading, now, ctx.tz(), ctx.locale())? {
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
            let calendar = BusinessCalendar::new(
                tz,
                WeeklyHours::office(),
                ctx.work.settings.holidays.iter().copied(),
            );
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

// --- the scheduled digest -----------------------------------------------------------------

/// The digest of subscription `id` for the slot at `slot` (epoch seconds): sent unless the
/// subscription is paused, or quiet and told to skip; then the next slot is scheduled. A
/// subscription whose owner is gone or may no longer read it ends instead.
pub(super) async fn run(work: &mut Work<'_>, id: DigestId, slot: i64) -> anyhow::Result<()> {
    let Some(mut sub) = work.uow.subscription(id).await? else {
        return Ok(());
    };
    if !sub.is_active() {
        return Ok(());
    }
    let Some(owner) = work.uow.member(&sub.owner).await? else {
        return end(work, &sub, "owner-gone").await;
    };
    let view = match view_of(work, &owner, &sub).await? {
        Ok(view) => view,
        Err(_) => return end(work, &sub, "no-longer-allowed").await,
    };
    let now = work.now;
    if !sub.paused_at(now) {
        let slot_at = DateTime::from_timestamp(slot, 0).unwrap_or(now);
        let late_from = (now - slot_at > LATE_AFTER).then_some(slot_at);
        let sent = send(work, &sub, &owner, &view, late_from).await?;
        sub.last_run_at = Some(now);
        sub.updated_at = now;
        work.uow.save_subscription(&sub).await?;
        let mut after = Map::new();
        after.insert("slot".into(), json!(slot_at.to_rfc3339()));
        after.insert("sent".into(), json!(sent));
        if let Some(late) = late_from {
            after.insert("late_from".into(), json!(late.to_rfc3339()));
        }
        work.record(sub.id, "digest.run", (Map::new(), after));
    }
    schedule(work, &sub).await
}

/// Builds and queues the digest; false when it was quiet and told to skip.
async fn send(
    work: &mut Work<'_>,
    sub: &Subscription,
    owner: &Member,
    view: &View,
    late_from: Option<DateTime<Utc>>,
) -> anyhow::Result<bool> {
    let now = work.now;
    let window = Window {
        now,
        since: sub.last_run_at.unwrap_or(now - FIRST_LOOKBACK),
        until: next_slot(sub, now),
    };
    let (target, channel, locale) = match &sub.target {
        DigestTarget::Dm => (
            Target::Dm {
                handle: owner.handle.clone(),
            },
            None,
            work.locale_of(owner),
        ),
        DigestTarget::Channel { dept, channel } => {
            let locale = match view.depts.first() {
                Some(d) => work.channel_locale(d),
                None => work.settings.default_locale,
            };
            let target = Target::Channel {
                dept: dept.clone(),
                channel: channel.clone(),
            };
            (target, Some(channel.clone()), locale)
        }
    };
    let delegators = if view.personal {
        delegators(work, owner).await?
    } else {
        Vec::new()
    };
    let digest = content::gather(
        work.uow.as_mut(),
        view,
        window,
        &delegators,
        &work.settings.sla,
    )
    .await?;
    if digest.is_quiet() && sub.skip_when_quiet {
        return Ok(false);
    }
    let heading = Heading {
        channel,
        late_from,
        next: Some(window.until),
        chart_name: chart_name(&sub.id.to_string(), now, sub.tz),
    };
    let body = render::body(&digest, &heading, now, sub.tz, locale)?;
    work.push(Outbound::new(target, body));
    Ok(true)
}

/// What `owner`'s subscription shows, or why they may no longer read it.
async fn view_of(
    work: &mut Work<'_>,
    owner: &Member,
    sub: &Subscription,
) -> anyhow::Result<Result<View, Msg>> {
    let dept = match &sub.dept {
        Some(key) => match work.uow.department(key).await? {
            Some(dept) => Some(dept),
            None => return Ok(Err(Msg::new("error-unknown-dept").arg("key", key.as_str()))),
        },
        None => None,
    };
    if let DigestTarget::Channel { dept: key, .. } = &sub.target {
        if let Err(refusal) = policy::check(owner, Action::PostDigestIn(key), key.as_str()) {
            return Ok(Err(refusal));
        }
    }
    let depts = match dept {
        Some(dept) => {
            if let Err(refusal) = policy::check(owner, Action::ReadDigestOf(&dept.key), &dept.name)
            {
                return Ok(Err(refusal));
            }
            vec![dept]
        }
        None => own_departments(work.uow.as_mut(), owner).await?,
    };
    Ok(Ok(View {
        reader: owner.clone(),
        personal: sub.target == DigestTarget::Dm,
        depts,
        tz: sub.tz,
    }))
}

/// The departments a member's own digest covers: all of them for a director or an admin,
/// their own for a manager, none for anyone else (their digest is about what is theirs).
async fn own_departments(
    uow: &mut dyn UnitOfWork,
    member: &Member,
) -> anyhow::Result<Vec<Department>> {
    if policy::sees_everything(member) {
        return Ok(uow.departments().await?);
    }
    match (&member.dept, member.role) {
        (Some(key), Role::Manager) => Ok(uow.department(key).await?.into_iter().collect()),
        _ => Ok(Vec::new()),
    }
}

/// Members whose approvals `member` decides for today (their out-of-office delegations).
async fn delegators(work: &mut Work<'_>, member: &Member) -> anyhow::Result<Vec<Handle>> {
    let today = work.now.with_timezone(&member.tz).date_naive();
    Ok(work
        .uow
        .delegations()
        .await?
        .into_iter()
        .filter(|d| d.to == member.handle && d.in_force(today))
        .map(|d| d.from)
        .collect())
}

/// The next slot from now on; after a pause, the first one after it ends.
fn next_slot(sub: &Subscription, now: DateTime<Utc>) -> DateTime<Utc> {
    match sub.paused_until.filter(|until| *until > now) {
        Some(until) => sub.next_slot(until - Duration::seconds(1)),
        None => sub.next_slot(now),
    }
}

/// The subscription's one pending job: its next slot, or none once it has ended.
async fn schedule(work: &mut Work<'_>, sub: &Subscription) -> anyhow::Result<()> {
    let mut jobs = Vec::new();
    if sub.is_active() {
        let slot = next_slot(sub, work.now);
        jobs.push(Job {
            key: format!("digest:{}:{}", sub.id, slot.timestamp()),
            subject: sub.id.into(),
            due_at: slot,
            kind: JobKind::Digest {
                subscription: sub.id,
                slot: slot.timestamp(),
            },
        });
    }
    Ok(work.uow.replace_jobs(&sub.id.into(), &jobs).await?)
}

/// Ends a subscription its owner may no longer have (`reason` goes to the audit trail).
async fn end(work: &mut Work<'_>, sub: &Subscription, reason: &str) -> anyhow::Result<()> {
    let mut ended = sub.clone();
    ended.status = SubscriptionStatus::Ended;
    ended.updated_at = work.now;
    work.uow.save_subscription(&ended).await?;
    let (mut before, mut after) = (Map::new(), Map::new());
    before.insert("status".into(), json!("active"));
    after.insert("status".into(), json!("ended"));
    after.insert("reason".into(), json!(reason));
    work.record(ended.id, "digest.end", (before, after));
    schedule(work, &ended).await
}

/// Writes a subscription, its audit event and its job.
async fn save(
    work: &mut Work<'_>,
    before: Option<&Subscription>,
    after: &Subscription,
    action: &'static str,
) -> anyhow::Result<()> {
    work.uow.save_subscription(after).await?;
    let old = before.map(fields).unwrap_or_default();
    let new = fields(after);
    let (old, new) = if before.is_some() {
        changed(old, new)
    } else {
        (Map::new(), new)
    };
    work.record(after.id, action, (old, new));
    schedule(work, after).await
}

/// A subscription's fields as its history shows them.
fn fields(sub: &Subscription) -> Map<String, Value> {
    let target = match &sub.target {
        DigestTarget::Dm => format!("dm @{}", sub.owner),
        DigestTarget::Channel { channel, .. } => format!("#{channel}"),
    };
    let mut m = Map::new();
    m.insert("owner".into(), json!(sub.owner.as_str()));
    m.insert("target".into(), json!(target));
    m.insert("dept".into(), json!(sub.dept.as_ref().map(DeptKey::as_str)));
    m.insert("schedule".into(), json!(sub.schedule.to_string()));
    m.insert("tz".into(), json!(sub.tz.name()));
    m.insert("skip_when_quiet".into(), json!(sub.skip_when_quiet));
    m.insert("default".into(), json!(sub.is_default));
    m.insert("status".into(), json!(sub.status.as_str()));
    m.insert(
        "paused_until".into(),
        json!(sub.paused_until.map(|t| t.to_rfc3339())),
    );
    m
}

/// Only the fields that differ.
fn changed(
    before: Map<String, Value>,
    after: Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut old = Map::new();
    let mut new = Map::new();
    for (key, value) in after {
        if before.get(&key) != Some(&value) {
            old.insert(
                key.clone(),
                before.get(&key).cloned().unwrap_or(Value::Null),
            );
            new.insert(key, value);
        }
    }
    (old, new)
}

/// `D-2 · IT · Monday to Friday at 08:30 (Europe/Bucharest) · by direct message`.
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

// --- the default subscription ---------------------------------------------------------------

/// Gives every manager and director without one ever a default subscription (a member who
/// removed theirs keeps it removed): at start, for the configuration's members and for
/// databases made before digests existed.
pub(super) async fn ensure_defaults(work: &mut Work<'_>) -> anyhow::Result<()> {
    let members = work.uow.members(&MemberFilter::Everyone).await?;
    for member in members.iter().filter(|m| gets_default(m)) {
        let subs = work
            .uow
            .subscriptions(&SubscriptionFilter::OwnedBy(member.handle.clone()))
            .await?;
        if !subs.iter().any(|s| s.is_default) {
            add_default(work, member).await?;
        }
    }
    Ok(())
}

async fn add_default(work: &mut Work<'_>, member: &Member) -> anyhow::Result<Subscription> {
    let id = work.uow.next_digest_id().await?;
    let sub = Subscription::default_for(id, member, work.now);
    save(work, None, &sub, "digest.subscribe").await?;
    Ok(sub)
}

/// Keeps a member's subscriptions in step with a change of their role or department: who
/// becomes a manager or director gets the default subscription (and is told); who stops
/// being one stops receiving digests; a subscription its owner may no longer read ends.
pub(super) async fn member_changed(
    work: &mut Work<'_>,
    before: Option<&Member>,
    after: &Member,
) -> anyhow::Result<()> {
    let subs: Vec<Subscription> = work
        .uow
        .subscriptions(&SubscriptionFilter::OwnedBy(after.handle.clone()))
        .await?
        .into_iter()
        .filter(Subscription::is_active)
        .collect();
    let was = before.is_some_and(gets_default);
    if was && !gets_default(after) {
        for sub in &subs {
            end(work, sub, "demoted").await?;
        }
        if !subs.is_empty() {
            let ids: Vec<String> = subs.iter().map(|s| s.id.to_string()).collect();
            work.dm(after, |_| {
                Msg::new("digest-ended-notice").arg("ids", ids.join(", "))
            });
        }
        return Ok(());
    }
    if !was && gets_default(after) && !subs.iter().any(|s| s.is_default) {
        let sub = add_default(work, after).await?;
        let (locale, next) = (work.locale_of(after), next_slot(&sub, work.now));
        let line = describe(&sub, None, locale);
        work.dm(after, |tz| {
            Msg::new("digest-default-notice")
                .arg("line", line)
                .arg("next", local(next, tz))
                .arg("id", sub.id.to_string())
        });
    }
    let mut ended = Vec::new();
    for sub in subs
        .iter()
        .filter(|s| s.dept.is_some() || s.target != DigestTarget::Dm)
    {
        if view_of(work, after, sub).await?.is_err() {
            end(work, sub, "no-longer-allowed").await?;
            ended.push(sub.id.to_string());
        }
    }
    if !ended.is_empty() {
        work.dm(after, |_| {
            Msg::new("digest-ended-notice").arg("ids", ended.join(", "))
        });
    }
    Ok(())
}

/// The member's active subscriptions whose id contains `typed` (already lowercased): the
/// choices of Discord's autocomplete.
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
