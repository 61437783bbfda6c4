//! Organisation commands: `/whoami`, `/dept add|list`, `/member set|list`, and seeding
//! from the configuration. A change of role or department carries over to the member's
//! digest subscriptions (see `digests::member_changed`).

use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use super::work::{Ctx, Step, Work};
use super::{Enrolment, ExternalUser};
use crate::core::audit::diff;
use crate::core::command::MemberChanges;
use crate::core::domain::ids::DeptKey;
use crate::core::domain::ids::Handle;
use crate::core::domain::object::ObjectId;
use crate::core::domain::org::{Department, Member, Role};
use crate::core::domain::text::Title;
use crate::core::outbound::Card;
use crate::core::policy::{self, Action};
use crate::core::store::{MemberFilter, UnitOfWork};
use crate::core::time::business_hours::WeeklyHours;
use crate::i18n::Msg;

pub(super) async fn whoami(ctx: &mut Ctx<'_>) -> Step {
    let me = ctx.actor.clone();
    let locale = ctx.locale();
    let dept = match &me.dept {
        Some(key) => ctx
            .work
            .uow
            .department(key)
            .await?
            .map_or_else(|| key.to_string(), |d| d.name),
        None => Msg::new("none").render(locale),
    };
    let can = match me.role {
        Role::Requester => Msg::new("whoami-can-requester"),
        Role::Agent => Msg::new("whoami-can-agent").arg("dept", dept.clone()),
        Role::Manager => Msg::new("whoami-can-manager").arg("dept", dept.clone()),
        Role::Director => Msg::new("whoami-can-director"),
        Role::Admin => Msg::new("whoami-can-admin"),
    };
    let field = |id: &'static str| Msg::new(id).render(locale);
    let mut fields = vec![
        (field("field-role"), me.role.label().render(locale)),
        (field("field-department"), dept),
        (field("field-timezone"), me.tz.name().to_string()),
        (field("field-language"), ctx.locale().code().to_string()),
    ];
    // Those who run opsdesk see what the chat platform refused to deliver.
    if policy::check(&me, Action::ManageOrganisation, "").is_ok() {
        let undelivered = ctx.work.uow.undeliverable_count().await?;
        if undelivered > 0 {
            let count = Msg::new("undelivered-count").arg("count", undelivered);
            fields.push((field("field-undelivered"), count.render(locale)));
        }
    }
    let card = Card {
        title: format!("@{} · {}", me.handle, me.display_name()),
        fields,
        text: vec![can.render(locale)],
        ..Card::default()
    };
    ctx.reply_card(card, true);
    Ok(())
}

pub(super) async fn dept_add(
    ctx: &mut Ctx<'_>,
    key: DeptKey,
    name: Title,
    channel: Option<String>,
    tz: Option<Tz>,
    hours: Option<WeeklyHours>,
) -> Step {
    policy::check(&ctx.actor, Action::ManageOrganisation, "")?;
    if ctx.work.uow.department(&key).await?.is_some() {
        return Err(Msg::new("error-dept-exists")
            .arg("key", key.as_str())
            .into());
    }
    let settings = ctx.work.settings;
    let dept = Department {
        channel: channel.unwrap_or_else(|| key.to_string()),
        approvals_channel: None,
        escalations_channel: None,
        private: false,
        key,
        name: name.as_str().to_string(),
        locale: None,
        calendar: settings
            .office_calendar(tz.unwrap_or(settings.default_tz))
            .with_hours(hours.unwrap_or_else(WeeklyHours::office)),
    };
    ctx.work.uow.insert_department(&dept).await?;
    ctx.record(
        dept_object(&dept.key),
        "dept.add",
        (Map::new(), dept_fields(&dept)),
    );
    ctx.reply(
        Msg::new("dept-added")
            .arg("key", dept.key.as_str())
            .arg("name", dept.name.clone())
            .arg("channel", dept.channel.clone())
            .arg("hours", dept.calendar.hours().to_string())
            .arg("tz", dept.calendar.tz().name()),
    );
    Ok(())
}

pub(super) async fn dept_list(ctx: &mut Ctx<'_>) -> Step {
    let depts = ctx.work.uow.departments().await?;
    let mut lines = vec![Msg::new("dept-list-header")
        .arg("count", depts.len())
        .render(ctx.locale())];
    for d in &depts {
        lines.push(format!(
            "  {} — {} · #{} · {} · {}",
            d.key,
            d.name,
            d.channel,
            d.calendar.hours(),
            d.calendar.tz().name()
        ));
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

pub(super) async fn member_set(ctx: &mut Ctx<'_>, changes: MemberChanges) -> Step {
    policy::check(&ctx.actor, Action::ManageOrganisation, "")?;
    if let Some(key) = &changes.dept {
        ctx.department(key).await?;
    }
    if let Some(id) = &changes.external_id {
        let taken = ctx
            .work
            .uow
            .member_by_external_id(id)
            .await?
            .filter(|m| m.handle != changes.handle);
        if let Some(other) = taken {
            return Err(Msg::new("error-discord-id-taken")
                .arg("id", id.as_str())
                .arg("handle", other.handle.as_str())
                .into());
        }
    }
    let existing = ctx.work.uow.member(&changes.handle).await?;
    let settings = ctx.work.settings;
    let before = existing.clone().unwrap_or_else(|| Member {
        handle: changes.handle.clone(),
        name: None,
        role: Role::Requester,
        dept: None,
        tz: settings.default_tz,
        locale: None,
        external_id: None,
    });
    let after = Member {
        handle: before.handle.clone(),
        name: changes
            .name
            .map(|n| n.as_str().to_string())
            .or(before.name.clone()),
        role: changes.role.unwrap_or(before.role),
        dept: changes.dept.or(before.dept.clone()),
        tz: changes.tz.unwrap_or(before.tz),
        locale: changes.locale.or(before.locale),
        external_id: changes.external_id.or(before.external_id.clone()),
    };
    if after.handle == ctx.actor.handle && after.role != Role::Admin {
        return Err(Msg::new("error-member-self-demote").into());
    }
    let handle = after.handle.to_string();
    // Who decides a pending request follows the organisation: a new role or department
    // resolves its approvers again, in this transaction (issue #12).
    let moved = (after.role, &after.dept) != (before.role, &before.dept) || existing.is_none();
    match &existing {
        Some(_) if after == before => {
            return Err(Msg::new("error-member-unchanged")
                .arg("handle", handle)
                .into());
        }
        Some(_) => {
            ctx.work.uow.update_member(&after).await?;
            ctx.record(
                member_object(&after),
                "member.update",
                member_diff(Some(&before), &after),
            );
            ctx.reply(Msg::new("member-updated").arg("handle", handle));
        }
        None => {
            ctx.work.uow.insert_member(&after).await?;
            ctx.record(
                member_object(&after),
                "member.add",
                member_diff(None, &after),
            );
            ctx.reply(
                Msg::new("member-added")
                    .arg("handle", handle)
                    .arg("role", after.role.label()),
            );
        }
    }
    if moved {
        super::approvals::organisation_changed(&mut ctx.work).await?;
    }
    super::digests::member_changed(&mut ctx.work, existing.as_ref(), &after).await?;
    Ok(())
}

pub(super) async fn member_list(ctx: &mut Ctx<'_>, dept: Option<DeptKey>) -> Step {
    if let Some(key) = &dept {
        ctx.department(key).await?;
    }
    let filter = match dept {
        Some(key) => MemberFilter::InDept(key),
        None => MemberFilter::Everyone,
    };
    let members = ctx.work.uow.members(&filter).await?;
    let locale = ctx.locale();
    let mut lines = vec![Msg::new("member-list-header")
        .arg("count", members.len())
        .render(locale)];
    for m in &members {
        lines.push(format!(
            "  @{} — {} · {} · {} · {}",
            m.handle,
            m.display_name(),
            m.role.label().render(locale),
            m.dept.as_ref().map_or("—", |d| d.as_str()),
            m.locale.map_or("—", |l| l.code()),
        ));
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// Finds the member with this platform id, or enrols them (see
/// `Service::member_for_external`).
pub(super) async fn member_for_external(
    work: &mut Work<'_>,
    user: &ExternalUser,
) -> anyhow::Result<Enrolment> {
    if let Some(member) = work.uow.member_by_external_id(&user.id).await? {
        return Ok(Enrolment {
            member,
            new_member: None,
        });
    }
    // The most powerful mapped role wins; its department comes with it.
    let mapped = work
        .settings
        .role_mappings
        .iter()
        .filter(|m| user.roles.contains(&m.external_role))
        .max_by_key(|m| m.role);
    let member = Member {
        handle: free_handle(work, &user.name).await?,
        name: Some(user.name.clone()),
        role: mapped.map_or(Role::Requester, |m| m.role),
        dept: mapped.and_then(|m| m.dept.clone()),
        tz: work.settings.default_tz,
        locale: None,
        external_id: Some(user.id.clone()),
    };
    work.uow.insert_member(&member).await?;
    work.record(
        member_object(&member),
        "member.add",
        member_diff(None, &member),
    );
    // A newcomer (mapped to a manager's role, say) may be an approver at once.
    super::approvals::organisation_changed(work).await?;
    super::digests::member_changed(work, None, &member).await?;
    let note = Msg::new("discord-enrolled")
        .arg("handle", member.handle.as_str())
        .arg("role", member.role.label());
    Ok(Enrolment {
        member,
        new_member: Some(note),
    })
}

/// A handle made from a chat name (`Ana Pop` → `ana.pop`), with a number added if taken.
async fn free_handle(work: &mut Work<'_>, name: &str) -> anyhow::Result<Handle> {
    let base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '.' } else { c })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c))
        .take(24)
        .collect();
    let base = if base.trim_matches('.').is_empty() {
        "user".to_string()
    } else {
        base
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}{n}")
        };
        // A name the system keeps for itself (`config`) is skipped like a taken one.
        let Ok(handle) = Handle::parse(&candidate) else {
            continue;
        };
        if work.uow.member(&handle).await?.is_none() {
            return Ok(handle);
        }
    }
    anyhow::bail!("no free handle for {name}")
}

/// Inserts what the database lacks; records each insertion in the audit trail.
pub(super) async fn seed(
    work: &mut Work<'_>,
    departments: &[Department],
    members: &[Member],
) -> Result<(), anyhow::Error> {
    for dept in departments {
        if work.uow.insert_department(dept).await? {
            work.record(
                dept_object(&dept.key),
                "dept.add",
                (Map::new(), dept_fields(dept)),
            );
        }
    }
    let mut added = false;
    for member in members {
        if work.uow.insert_member(member).await? {
            work.record(
                member_object(member),
                "member.add",
                member_diff(None, member),
            );
            added = true;
        }
    }
    // A member added to the configuration since the last start may be an approver now.
    if added {
        super::approvals::organisation_changed(work).await?;
    }
    super::digests::ensure_defaults(work).await
}

fn dept_object(key: &DeptKey) -> ObjectId {
    ObjectId::Department(key.clone())
}

fn member_object(member: &Member) -> ObjectId {
    ObjectId::Member(member.handle.clone())
}

/// Members whose handle or name contains `typed` (already lowercased), for autocomplete.
pub(super) async fn member_suggestions(
    uow: &mut dyn UnitOfWork,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    Ok(uow
        .members(&MemberFilter::Everyone)
        .await?
        .into_iter()
        .filter(|m| {
            m.handle.as_str().contains(typed) || m.display_name().to_lowercase().contains(typed)
        })
        .map(|m| {
            (
                format!("@{}", m.handle),
                format!("@{} — {}", m.handle, m.display_name()),
            )
        })
        .collect())
}

/// Departments whose key starts with `typed` (already lowercased) or whose name contains it.
pub(super) async fn department_suggestions(
    uow: &mut dyn UnitOfWork,
    typed: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    Ok(uow
        .departments()
        .await?
        .into_iter()
        .filter(|d| d.key.as_str().starts_with(typed) || d.name.to_lowercase().contains(typed))
        .map(|d| (d.key.to_string(), format!("{} — {}", d.key, d.name)))
        .collect())
}

fn dept_fields(d: &Department) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(d.name));
    m.insert("channel".into(), json!(d.channel));
    m.insert("tz".into(), json!(d.calendar.tz().name()));
    m.insert("hours".into(), json!(d.calendar.hours().to_string()));
    m
}

fn member_diff(
    before: Option<&Member>,
    after: &Member,
) -> (Map<String, Value>, Map<String, Value>) {
    let fields = |m: Option<&Member>| {
        [
            m.map(|m| json!(m.role.as_str())),
            m.map(|m| json!(m.dept.as_ref().map(|d| d.as_str()))),
            m.map(|m| json!(m.tz.name())),
            m.map(|m| json!(m.locale.map(|l| l.code()))),
            m.map(|m| json!(m.name)),
            m.map(|m| json!(m.external_id)),
        ]
        .map(|v| v.unwrap_or(Value::Null))
    };
    let [r0, d0, t0, l0, n0, i0] = fields(before);
    let [r1, d1, t1, l1, n1, i1] = fields(Some(after));
    diff([
        ("role", r0, r1),
        ("dept", d0, d1),
        ("tz", t0, t1),
        ("locale", l0, l1),
        ("name", n0, n1),
        ("discord_id", i0, i1),
    ])
}
