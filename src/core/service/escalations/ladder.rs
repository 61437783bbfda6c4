//! The climb: who holds each level, when a level times out, who is told and when.
//!
//! A level's holders are the members its `who` forms name (the same resolution approvals
//! use), without whoever the subject already waits on; a level with nobody left is skipped,
//! with a note in the history. A level waits its timeout — wall-clock time when the subject
//! is urgent, else the department's working time — then the escalation climbs. At the top it
//! reminds its holders each working morning, `repeat` times. A holder is told at once when
//! the escalation is urgent or they are at work; otherwise the notice waits for the start of
//! their next working period (nobody is woken on a Saturday for something that can wait).

use chrono::{DateTime, Utc};
use serde_json::{json, Map};

use super::{card, SubjectInfo};
use crate::core::domain::approval::rules;
use crate::core::domain::escalation::{Escalation, EscalationId, EscalationStatus};
use crate::core::domain::ids::Handle;
use crate::core::domain::object::Actor;
use crate::core::domain::org::{Department, Member, Role};
use crate::core::domain::text::Body;
use crate::core::jobs::{Job, JobKind};
use crate::core::service::work::Work;
use crate::core::store::MemberFilter;
use crate::i18n::Msg;

/// Puts the escalation at the first level from `from` up that has someone to hold it, and
/// tells them. Returns false, changing nothing, when no level from `from` up has anyone
/// (the escalation is at the top); a new escalation then falls to the admins, so that it is
/// never held by nobody.
pub(super) async fn enter(
    work: &mut Work<'_>,
    escalation: &mut Escalation,
    from: usize,
    info: &SubjectInfo,
) -> anyhow::Result<bool> {
    let members = work.uow.members(&MemberFilter::Everyone).await?;
    let levels = work.settings.escalations.levels.clone();
    let mut found = None;
    for (n, level) in levels.iter().enumerate().skip(from) {
        let holders = rules::resolve(&level.who, &escalation.dept, &members, &info.skipped);
        if !holders.is_empty() {
            found = Some((n, holders));
            break;
        }
        let mut after = Map::new();
        after.insert("level".into(), json!(n + 1));
        after.insert("reason".into(), json!("nobody to hold it"));
        work.record(escalation.id, "escalation.skip", (Map::new(), after));
    }
    let (level, holders) = match found {
        Some(found) => found,
        None if escalation.holders.is_empty() => {
            let admins: Vec<Handle> = members
                .iter()
                .filter(|m| m.role == Role::Admin)
                .map(|m| m.handle.clone())
                .collect();
            (levels.len().saturating_sub(1), admins)
        }
        None => return Ok(false),
    };
    let before = (escalation.level, escalation.holders.clone());
    escalation.level = level;
    escalation.holders = holders;
    escalation.status = EscalationStatus::Open;
    escalation.owner = None;
    escalation.level_started_at = work.now;
    escalation.reminders = 0;
    escalation.updated_at = work.now;
    work.uow.save_escalation(escalation).await?;
    let names = |hs: &[Handle]| json!(hs.iter().map(Handle::as_str).collect::<Vec<_>>());
    let mut change = (Map::new(), Map::new());
    if !before.1.is_empty() {
        change.0.insert("level".into(), json!(before.0 + 1));
        change.0.insert("holders".into(), names(&before.1));
    }
    change.1.insert("level".into(), json!(level + 1));
    change
        .1
        .insert("holders".into(), names(&escalation.holders));
    work.record(escalation.id, "escalation.level", change);
    let deferred = tell_holders(work, escalation, &members, info).await?;
    schedule(work, escalation, &info.dept, deferred).await?;
    tell_raiser_a_director_has_it(work, escalation, &members, &before.1).await?;
    Ok(true)
}

/// Escalated again while active: one level up (and climbing again if it had been
/// acknowledged). Returns false when there is no higher level with anyone in it; whoever has
/// it is then told it was raised again.
pub(super) async fn raise_again(
    work: &mut Work<'_>,
    escalation: &mut Escalation,
    info: &SubjectInfo,
    by: &Actor,
    reason: &Body,
) -> anyhow::Result<bool> {
    let mut after = Map::new();
    after.insert("by".into(), json!(by.to_string()));
    after.insert("reason".into(), json!(reason.as_str()));
    work.record(escalation.id, "escalation.raise_again", (Map::new(), after));
    let climbed = enter(work, escalation, escalation.level + 1, info).await?;
    if !climbed {
        let mut told: Vec<Handle> = escalation.owner.iter().cloned().collect();
        for holder in &escalation.holders {
            if !told.contains(holder) {
                told.push(holder.clone());
            }
        }
        for handle in told {
            if let Some(member) = work.uow.member(&handle).await? {
                work.dm(&member, |_| {
                    card::raised_again_notice(escalation, by, reason)
                });
            }
        }
    }
    card::refresh(work, escalation).await?;
    Ok(climbed)
}

/// No more timeouts, reminders or deferred notices: acknowledged or ended.
pub(super) async fn stop(work: &mut Work<'_>, escalation: &Escalation) -> anyhow::Result<()> {
    Ok(work.uow.replace_jobs(&escalation.id.into(), &[]).await?)
}

/// A level's timeout (or, at the top, a morning reminder) fell due.
pub(crate) async fn timed_out(
    work: &mut Work<'_>,
    id: EscalationId,
    level: usize,
    reminders: u32,
) -> anyhow::Result<()> {
    let Some(mut escalation) = work.uow.escalation(id).await? else {
        return Ok(());
    };
    let current = escalation.status == EscalationStatus::Open
        && escalation.level == level
        && escalation.reminders == reminders;
    if !current {
        return Ok(());
    }
    let Ok(info) = super::subject_info(work, &escalation.subject).await else {
        return Ok(());
    };
    let climbed = reminders == 0
        && !work.settings.escalations.is_last(level)
        && enter(work, &mut escalation, level + 1, &info).await?;
    if !climbed {
        remind(work, &mut escalation).await?;
        schedule(work, &escalation, &info.dept, Vec::new()).await?;
    }
    card::refresh(work, &escalation).await
}

/// A holder's notice, held back until they were at work.
pub(crate) async fn notice_due(
    work: &mut Work<'_>,
    id: EscalationId,
    level: usize,
    holder: &Handle,
) -> anyhow::Result<()> {
    let Some(escalation) = work.uow.escalation(id).await? else {
        return Ok(());
    };
    let current = escalation.status == EscalationStatus::Open
        && escalation.level == level
        && escalation.holders.contains(holder);
    if !current {
        return Ok(());
    }
    if let Some(member) = work.uow.member(holder).await? {
        work.dm(&member, |tz| card::holder_notice(&escalation, tz));
    }
    Ok(())
}

/// Reminds the holders once more (counted), while reminders are left.
async fn remind(work: &mut Work<'_>, escalation: &mut Escalation) -> anyhow::Result<()> {
    if escalation.reminders >= work.settings.escalations.repeat {
        return Ok(());
    }
    escalation.reminders += 1;
    escalation.updated_at = work.now;
    work.uow.save_escalation(escalation).await?;
    let mut after = Map::new();
    after.insert("reminder".into(), json!(escalation.reminders));
    work.record(escalation.id, "escalation.remind", (Map::new(), after));
    for holder in escalation.holders.clone() {
        if let Some(member) = work.uow.member(&holder).await? {
            work.dm(&member, |tz| card::reminder_notice(escalation, tz));
        }
    }
    Ok(())
}

/// Tells each holder of the level just entered: now, or (when they are off work and it can
/// wait) at the start of their next working period — those are returned, to schedule.
async fn tell_holders(
    work: &mut Work<'_>,
    escalation: &Escalation,
    members: &[Member],
    info: &SubjectInfo,
) -> anyhow::Result<Vec<(Handle, DateTime<Utc>)>> {
    let mut deferred = Vec::new();
    for member in members
        .iter()
        .filter(|m| escalation.holders.contains(&m.handle))
    {
        if !escalation.urgent {
            let calendar = if member.dept.as_ref() == Some(&info.dept.key) {
                info.dept.calendar.clone()
            } else {
                work.calendar_of(member).await?
            };
            if !calendar.is_open(work.now) {
                deferred.push((member.handle.clone(), calendar.next_open(work.now)));
                continue;
            }
        }
        work.dm(member, |tz| card::holder_notice(escalation, tz));
    }
    Ok(deferred)
}

/// When an escalation reaches a director, whoever raised it hears so (once, on arrival).
async fn tell_raiser_a_director_has_it(
    work: &mut Work<'_>,
    escalation: &Escalation,
    members: &[Member],
    held_before: &[Handle],
) -> anyhow::Result<()> {
    let is_director = |h: &Handle| {
        members
            .iter()
            .any(|m| &m.handle == h && m.role == Role::Director)
    };
    let arrived =
        escalation.holders.iter().any(is_director) && !held_before.iter().any(is_director);
    let Some(raiser) = escalation.raised_by.member() else {
        return Ok(());
    };
    if !arrived || escalation.holders.contains(raiser) {
        return Ok(());
    }
    if let Some(member) = members.iter().find(|m| &m.handle == raiser) {
        work.dm(member, |_| {
            Msg::new("escalation-director-notice")
                .arg("id", escalation.id.to_string())
                .arg("subject", escalation.subject.to_string())
                .arg("holders", super::holders_text(&escalation.holders))
        });
    }
    Ok(())
}

/// The escalation's pending jobs: its level's timeout (or, at the top, the next morning
/// reminder), and the notices held back for holders off work.
async fn schedule(
    work: &mut Work<'_>,
    escalation: &Escalation,
    dept: &Department,
    deferred: Vec<(Handle, DateTime<Utc>)>,
) -> anyhow::Result<()> {
    let policy = &work.settings.escalations;
    let id = escalation.id;
    let mut jobs = Vec::new();
    if escalation.status == EscalationStatus::Open {
        let deadline = deadline(work, escalation, dept);
        let at = if escalation.reminders == 0 && !policy.is_last(escalation.level) {
            Some(deadline)
        } else if escalation.reminders < policy.repeat {
            // At the top: the next working morning after the deadline, one a morning.
            let mut at = deadline;
            for _ in 0..=escalation.reminders {
                at = dept.calendar.morning_after(local_date(at, dept));
            }
            Some(at)
        } else {
            None
        };
        if let Some(at) = at {
            jobs.push(Job {
                key: format!(
                    "escalation:{id}:{}:{}:{}",
                    escalation.level,
                    escalation.reminders,
                    escalation.level_started_at.timestamp()
                ),
                subject: id.into(),
                due_at: at,
                kind: JobKind::EscalationTimeout {
                    escalation: id,
                    level: escalation.level,
                    reminders: escalation.reminders,
                },
            });
        }
    }
    for (holder, at) in deferred {
        jobs.push(Job {
            key: format!(
                "escalation:{id}:{}:{}:notice:{holder}",
                escalation.level,
                escalation.level_started_at.timestamp()
            ),
            subject: id.into(),
            due_at: at,
            kind: JobKind::EscalationNotice {
                escalation: id,
                level: escalation.level,
                holder,
            },
        });
    }
    Ok(work.uow.replace_jobs(&id.into(), &jobs).await?)
}

/// When the current level stops waiting: its timeout after it started, in wall-clock time
/// for urgent subjects, else in the department's working time.
fn deadline(work: &Work<'_>, escalation: &Escalation, dept: &Department) -> DateTime<Utc> {
    let policy = &work.settings.escalations;
    let Some(level) = policy.levels.get(escalation.level) else {
        return escalation.level_started_at;
    };
    if escalation.urgent {
        escalation.level_started_at + level.urgent_timeout
    } else {
        dept.calendar
            .add_span(escalation.level_started_at, level.timeout)
    }
}

fn local_date(at: DateTime<Utc>, dept: &Department) -> chrono::NaiveDate {
    at.with_timezone(&dept.calendar.tz()).date_naive()
}
