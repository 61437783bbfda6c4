//! The scheduled digest: the job that sends a subscription's digest at its slot and
//! schedules the next one, and what a subscription shows its owner.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map};

use super::super::work::Work;
use super::chart_name;
use super::content::{self, View, Window};
use super::render::{self, Heading};
use super::shared::Shared;
use crate::core::domain::digest::{DigestId, DigestTarget, Subscription, SubscriptionStatus};
use crate::core::domain::ids::Handle;
use crate::core::domain::org::{Department, Member, Role};
use crate::core::jobs::{Job, JobKind};
use crate::core::outbound::{Outbound, Target};
use crate::core::policy::{self, Action};
use crate::core::store::UnitOfWork;
use crate::i18n::Msg;

/// A digest that runs this much after its slot is a catch-up, and says so.
const LATE_AFTER: Duration = Duration::minutes(10);
/// "Since the last digest", for a subscription that has not sent one yet.
pub(super) const FIRST_LOOKBACK: Duration = Duration::days(1);

/// The digest of subscription `id` for the slot at `slot` (epoch seconds): sent unless the
/// subscription is paused, or quiet and told to skip; then the next slot is scheduled. A
/// subscription whose owner is gone or may no longer read it ends instead. Reads other
/// digests of the same instant make too come from `shared`.
pub(super) async fn run(
    work: &mut Work<'_>,
    shared: &mut Shared,
    id: DigestId,
    slot: i64,
) -> anyhow::Result<()> {
    let Some(mut sub) = work.uow.subscription(id).await? else {
        return Ok(());
    };
    if !sub.is_active() {
        return Ok(());
    }
    let Some(owner) = work.uow.member(&sub.owner).await? else {
        return end(work, &sub, "owner-gone").await;
    };
    let view = match view_of(work, shared, &owner, &sub).await? {
        Ok(view) => view,
        Err(_) => return end(work, &sub, "no-longer-allowed").await,
    };
    let now = work.now;
    if !sub.paused_at(now) {
        let slot_at = DateTime::from_timestamp(slot, 0).unwrap_or(now);
        let late_from = (now - slot_at > LATE_AFTER).then_some(slot_at);
        let sent = send(work, shared, &sub, &owner, &view, late_from).await?;
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
    shared: &mut Shared,
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
                dept: Some(dept.clone()),
                channel: channel.clone(),
            };
            (target, Some(channel.clone()), locale)
        }
    };
    let delegators = if view.personal {
        delegators(work, shared, owner).await?
    } else {
        Vec::new()
    };
    let uow = work.uow.as_mut();
    let digest = content::gather(uow, shared, view, window, &delegators, work.settings).await?;
    if digest.is_quiet() && sub.skip_when_quiet {
        return Ok(false);
    }
    let heading = Heading {
        channel,
        late_from,
        next: Some(window.until),
        chart_name: chart_name(&sub.id.to_string(), now, sub.tz),
    };
    let body = render::body(&digest, &heading, now, sub.tz, locale, shared).await?;
    work.push(Outbound::new(target, body));
    Ok(true)
}

/// What `owner`'s subscription shows, or why they may no longer read it.
pub(super) async fn view_of(
    work: &mut Work<'_>,
    shared: &mut Shared,
    owner: &Member,
    sub: &Subscription,
) -> anyhow::Result<Result<View, Msg>> {
    let dept = match &sub.dept {
        Some(key) => match shared.department(work.uow.as_mut(), key).await? {
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
        None => own_departments(work.uow.as_mut(), shared, owner).await?,
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
pub(super) async fn own_departments(
    uow: &mut dyn UnitOfWork,
    shared: &mut Shared,
    member: &Member,
) -> anyhow::Result<Vec<Department>> {
    if policy::sees_everything(member) {
        return Ok(shared.departments(uow).await?);
    }
    match (&member.dept, member.role) {
        (Some(key), Role::Manager) => Ok(shared.department(uow, key).await?.into_iter().collect()),
        _ => Ok(Vec::new()),
    }
}

/// Members whose approvals `member` decides for today (their out-of-office delegations).
pub(super) async fn delegators(
    work: &mut Work<'_>,
    shared: &mut Shared,
    member: &Member,
) -> anyhow::Result<Vec<Handle>> {
    let today = work.now.with_timezone(&member.tz).date_naive();
    Ok(shared
        .delegations(work.uow.as_mut())
        .await?
        .into_iter()
        .filter(|d| d.to == member.handle && d.in_force(today))
        .map(|d| d.from)
        .collect())
}

/// The next slot from now on; after a pause, the first one after it ends.
pub(super) fn next_slot(sub: &Subscription, now: DateTime<Utc>) -> DateTime<Utc> {
    match sub.paused_until.filter(|until| *until > now) {
        Some(until) => sub.next_slot(until - Duration::seconds(1)),
        None => sub.next_slot(now),
    }
}

/// The subscription's one pending job: its next slot, or none once it has ended.
pub(super) async fn schedule(work: &mut Work<'_>, sub: &Subscription) -> anyhow::Result<()> {
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
pub(super) async fn end(
    work: &mut Work<'_>,
    sub: &Subscription,
    reason: &str,
) -> anyhow::Result<()> {
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
