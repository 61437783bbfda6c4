//! A subscription's records (itself, its history, its job), and the default subscription
//! every manager and director has, kept in step with their role and department.

use serde_json::{json, Map, Value};

use super::super::work::Work;
use super::describe;
use super::job::{end, next_slot, schedule, view_of};
use super::shared::Shared;
use crate::core::domain::digest::{gets_default, DigestTarget, Subscription};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::org::Member;
use crate::core::store::{MemberFilter, SubscriptionFilter};
use crate::core::time::local;
use crate::i18n::Msg;

/// Writes a subscription, its audit event and its job.
pub(super) async fn save(
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
/// Gives every manager and director without one ever a default subscription (a member who
/// removed theirs keeps it removed): at start, for the configuration's members and for
/// databases made before digests existed.
pub(in crate::core::service) async fn ensure_defaults(work: &mut Work<'_>) -> anyhow::Result<()> {
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
pub(in crate::core::service) async fn member_changed(
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
                Msg::new("digest-ended-notice")
                    .arg("count", ids.len())
                    .arg("ids", ids.join(", "))
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
        if view_of(work, &mut Shared::default(), after, sub)
            .await?
            .is_err()
        {
            end(work, sub, "no-longer-allowed").await?;
            ended.push(sub.id.to_string());
        }
    }
    if !ended.is_empty() {
        work.dm(after, |_| {
            Msg::new("digest-ended-notice")
                .arg("count", ended.len())
                .arg("ids", ended.join(", "))
        });
    }
    Ok(())
}
