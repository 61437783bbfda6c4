//! `/audit show`, `/audit verify` ([`verify`]) and `/audit seal` ([`seal`]).

mod seal;
mod verify;

use serde_json::{Map, Value};

use super::work::{Ctx, Failure, Step};
use crate::core::audit::Event;
use crate::core::domain::object::ObjectId;
use crate::core::policy::{self, Action};
use crate::core::time::local;
use crate::i18n::Msg;

pub(super) use seal::{daily_seal, schedule_at_start, seal};
pub(super) use verify::verify;
pub use verify::{ChainOutcome, ChainReport, DeepReport, Verification};

/// Longest value shown in a history line; the full text stays in the trail.
const VALUE_PREVIEW: usize = 80;

pub(super) async fn show(ctx: &mut Ctx<'_>, object: &str) -> Step {
    let object = resolve_object(ctx, object).await?;
    let events = ctx.work.uow.audit_of(&object).await?;
    let locale = ctx.locale();
    let mut lines = vec![Msg::new("audit-history-header")
        .arg("object", object.to_string())
        .arg("count", events.len())
        .render(locale)];
    lines.extend(
        events
            .iter()
            .map(|e| format!("  {}", history_line(e, ctx.tz()))),
    );
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}

/// One event as a line of an object's history: `#12 · 2026-12-07 10:00 EET · alice ·
/// ticket.claim · status: open → in_progress`.
pub(super) fn history_line(e: &Event, tz: chrono_tz::Tz) -> String {
    format!(
        "#{} · {} · {} · {}{}",
        e.seq,
        local(e.at, tz),
        e.actor,
        e.action,
        changes(e)
    )
}

/// Reads the object's id and checks the actor may read its history.
async fn resolve_object(ctx: &mut Ctx<'_>, text: &str) -> Result<ObjectId, Failure> {
    let object = ObjectId::parse(text)?;
    match &object {
        ObjectId::Member(handle) => {
            ctx.member(handle).await?;
            policy::check(&ctx.actor, Action::ViewAudit(None), "")?;
        }
        ObjectId::Department(key) => {
            ctx.department(key).await?;
            policy::check(&ctx.actor, Action::ViewAudit(None), "")?;
        }
        ObjectId::Audit => policy::check(&ctx.actor, Action::ViewAudit(None), "")?,
        ObjectId::Budget(key, _) => super::budgets::check_history(ctx, key).await?,
        ObjectId::Approval(id) => super::approvals::check_history(ctx, *id).await?,
        ObjectId::Escalation(id) => super::escalations::check_history(ctx, *id).await?,
        ObjectId::Task(id) => super::tasks::check_history(ctx, *id).await?,
        ObjectId::Digest(id) => super::digests::check_history(ctx, *id).await?,
        ObjectId::Ticket(id) => {
            let Some(ticket) = ctx.work.uow.ticket(id).await? else {
                return Err(Msg::new("error-unknown-ticket")
                    .arg("id", id.to_string())
                    .into());
            };
            let dept = ctx.department(ticket.dept()).await?;
            policy::check(&ctx.actor, Action::ViewAudit(Some(&dept.key)), &dept.name)?;
        }
    }
    Ok(object)
}

/// ` · field: old → new, …` from the event's before/after JSON.
fn changes(e: &Event) -> String {
    let parse = |text: &str| serde_json::from_str::<Map<String, Value>>(text).unwrap_or_default();
    let (before, after) = (parse(&e.before), parse(&e.after));
    let parts: Vec<String> = after
        .iter()
        .map(|(field, new)| match before.get(field) {
            Some(old) => format!("{field}: {} → {}", preview(old), preview(new)),
            None => format!("{field}: {}", preview(new)),
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · {}", parts.join(", "))
    }
}

/// A value as a history line or a report shows it: text without quotes, `—` for none,
/// long text cut.
fn preview(value: &Value) -> String {
    let text = match value {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > VALUE_PREVIEW {
        let cut: String = text.chars().take(VALUE_PREVIEW).collect();
        format!("{cut}…")
    } else {
        text
    }
}
