//! Changing a department after it exists: `/dept set`, `/dept holiday add|remove|list`, and
//! bringing the database in line with `opsdesk.toml` at start (issue #12, part 10). A new
//! calendar (hours, zone, holidays) moves the SLA clocks of the department's tickets and the
//! reminders of its members' tasks in the same transaction as the change and its audit event.

use chrono::{Datelike, NaiveDate};
use serde_json::Map;

use super::work::{Ctx, Step, Work};
use crate::core::command::{DeptChanges, HolidayAction};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::object::ObjectId;
use crate::core::domain::org::{Department, FieldChange};
use crate::core::policy::{self, Action};
use crate::i18n::{Arg, Msg};

pub(super) async fn set(ctx: &mut Ctx<'_>, changes: DeptChanges) -> Step {
    policy::check(&ctx.actor, Action::ManageOrganisation, "")?;
    let before = ctx.department(&changes.key).await?;
    let mut after = before.clone();
    if let Some(name) = changes.name {
        after.name = name.as_str().to_string();
    }
    if let Some(channel) = changes.channel {
        after.channel = channel;
    }
    if let Some(locale) = changes.locale {
        after.locale = Some(locale);
    }
    if let Some(tz) = changes.tz {
        after.calendar = after.calendar.with_tz(tz);
    }
    if let Some(hours) = changes.hours {
        after.calendar = after.calendar.with_hours(hours);
    }
    if after == before {
        return Err(Msg::new("error-dept-unchanged")
            .arg("key", before.key.as_str())
            .into());
    }
    let locale = ctx.locale();
    let changed: Vec<String> = before
        .differences(&after)
        .into_iter()
        .map(|d| {
            Msg::new("dept-change")
                .arg("field", Msg::new(field_label(d.field)))
                .arg("from", d.before_text())
                .arg("to", d.after_text())
                .render(locale)
        })
        .collect();
    let moved = apply(&mut ctx.work, &before, &after, "dept.update").await?;
    ctx.reply(
        Msg::new("dept-updated")
            .arg("key", after.key.as_str())
            .arg("changes", changed.join("; ")),
    );
    if let Some(moved) = moved {
        ctx.reply(moved);
    }
    Ok(())
}

pub(super) async fn holiday(ctx: &mut Ctx<'_>, key: DeptKey, action: HolidayAction) -> Step {
    if !matches!(action, HolidayAction::List { .. }) {
        policy::check(&ctx.actor, Action::ManageOrganisation, "")?;
    }
    let before = ctx.department(&key).await?;
    let mut after = before.clone();
    let day = |date: NaiveDate| date.to_string();
    match action {
        HolidayAction::List { year } => {
            let year = year.unwrap_or_else(|| ctx.now().with_timezone(&ctx.tz()).year());
            list(ctx, &before, year);
            return Ok(());
        }
        HolidayAction::Add(date) => {
            if before.calendar.is_holiday(date) {
                return Err(Msg::new("error-holiday-exists")
                    .arg("date", day(date))
                    .arg("name", before.name.clone())
                    .into());
            }
            after.calendar.add_holiday(date);
            let moved = apply(&mut ctx.work, &before, &after, "dept.holiday.add").await?;
            ctx.reply(
                Msg::new("dept-holiday-added")
                    .arg("date", day(date))
                    .arg("name", after.name.clone()),
            );
            if let Some(moved) = moved {
                ctx.reply(moved);
            }
        }
        HolidayAction::Remove(date) => {
            if !after.calendar.remove_holiday(date) {
                return Err(not_removable(&before, date));
            }
            let moved = apply(&mut ctx.work, &before, &after, "dept.holiday.remove").await?;
            ctx.reply(
                Msg::new("dept-holiday-removed")
                    .arg("date", day(date))
                    .arg("name", after.name.clone()),
            );
            if let Some(moved) = moved {
                ctx.reply(moved);
            }
        }
    }
    Ok(())
}

/// Why `date` cannot be removed: a public holiday is the law's, not the department's; any
/// other date was never added, and the reader sees those that were.
fn not_removable(dept: &Department, date: NaiveDate) -> super::work::Failure {
    let key = dept.key.as_str();
    if let Some(public) = dept.calendar.public_holidays().filter(|p| p.contains(date)) {
        return Msg::new("error-holiday-public")
            .arg("date", date.to_string())
            .arg("country", public.code())
            .arg("key", key)
            .into();
    }
    let added: Vec<String> = dept.calendar.holidays().map(|d| d.to_string()).collect();
    let added: Arg = if added.is_empty() {
        Msg::new("none").into()
    } else {
        added.join(", ").into()
    };
    Msg::new("error-holiday-not-added")
        .arg("date", date.to_string())
        .arg("name", dept.name.clone())
        .arg("added", added)
        .into()
}

fn list(ctx: &mut Ctx<'_>, dept: &Department, year: i32) {
    let locale = ctx.locale();
    let public = dept
        .calendar
        .public_holidays()
        .map(|p| p.in_year(year))
        .unwrap_or_default();
    let mut days: Vec<(NaiveDate, &'static str)> = public
        .into_iter()
        .map(|d| (d, "holiday-kind-public"))
        .chain(
            dept.calendar
                .holidays()
                .filter(|d| d.year() == year)
                .map(|d| (d, "holiday-kind-added")),
        )
        .collect();
    days.sort();
    let mut lines = vec![Msg::new("dept-holiday-list-header")
        .arg("name", dept.name.clone())
        .arg("year", year.to_string())
        .arg("count", days.len())
        .render(locale)];
    for (date, kind) in days {
        lines.push(format!("  {date} · {}", Msg::new(kind).render(locale)));
    }
    ctx.reply_text(lines.join("\n"), true);
}

/// Saves `after` in place of `before`, records the change, and — when the calendar changed —
/// moves the department's SLA clocks and task reminders; says how many moved, if any did.
async fn apply(
    work: &mut Work<'_>,
    before: &Department,
    after: &Department,
    action: &'static str,
) -> anyhow::Result<Option<Msg>> {
    work.uow.update_department(after).await?;
    let (mut old, mut new) = (Map::new(), Map::new());
    for change in before.differences(after) {
        old.insert(change.field.to_string(), change.before);
        new.insert(change.field.to_string(), change.after);
    }
    work.record(ObjectId::Department(after.key.clone()), action, (old, new));
    if before.calendar == after.calendar {
        return Ok(None);
    }
    let tickets = super::tickets::follow_calendar(work, after).await?;
    let tasks = super::tasks::follow_calendar(work, after).await?;
    if tickets + tasks == 0 {
        return Ok(None);
    }
    Ok(Some(
        Msg::new("dept-calendar-moved")
            .arg("tickets", tickets)
            .arg("tasks", tasks),
    ))
}

/// At start: each department the database has is compared with the file. When the file owns
/// the organisation, what differs is applied as a change by the system (audited, clocks
/// moved); otherwise nothing changes and the differences are returned, to be warned about.
pub(super) async fn follow_config(
    work: &mut Work<'_>,
    file: &[Department],
    config_owns: bool,
) -> anyhow::Result<Vec<FieldChange>> {
    let mut kept = Vec::new();
    for wanted in file {
        let Some(current) = work.uow.department(&wanted.key).await? else {
            continue;
        };
        let differences = current.differences(wanted);
        if differences.is_empty() {
            continue;
        }
        if config_owns {
            apply(work, &current, wanted, "dept.update").await?;
        } else {
            kept.extend(differences);
        }
    }
    Ok(kept)
}

/// The message naming a department field in a reply.
fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "dept-field-name",
        "channel" => "dept-field-channel",
        "locale" => "dept-field-locale",
        "tz" => "dept-field-tz",
        "hours" => "dept-field-hours",
        _ => "dept-field-holidays",
    }
}
