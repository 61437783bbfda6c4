//! `/audit show` and `/audit verify`.

use serde_json::{Map, Value};

use super::work::{Ctx, Failure, Step};
use crate::core::audit::{Event, Fault, Verifier};
use crate::core::domain::object::ObjectId;
use crate::core::policy::{self, Action};
use crate::core::time::local;
use crate::i18n::Msg;

/// Events read per query while verifying: bounded memory for any length of trail.
const VERIFY_PAGE: u32 = 1000;
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
    for e in &events {
        lines.push(format!(
            "  #{} · {} · {} · {}{}",
            e.seq,
            local(e.at, ctx.tz()),
            e.actor,
            e.action,
            changes(e)
        ));
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
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
        ObjectId::Approval(id) => super::approvals::check_history(ctx, *id).await?,
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

pub(super) async fn verify(ctx: &mut Ctx<'_>) -> Step {
    policy::check(&ctx.actor, Action::VerifyAudit, "")?;
    let mut verifier = Verifier::default();
    let mut after = 0;
    loop {
        let page = ctx.work.uow.audit_page(after, VERIFY_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for event in &page {
            if let Err(fault) = verifier.feed(event) {
                let reason = match fault {
                    Fault::Altered => Msg::new("audit-fault-altered"),
                    Fault::Missing { expected } => {
                        Msg::new("audit-fault-missing").arg("expected", expected)
                    }
                    Fault::Unlinked => Msg::new("audit-fault-unlinked"),
                };
                ctx.reply(
                    Msg::new("audit-broken")
                        .arg("seq", event.seq)
                        .arg("object", event.object.clone())
                        .arg("action", event.action.clone())
                        .arg("reason", reason)
                        .arg("checked", verifier.checked() as i64),
                );
                return Ok(());
            }
        }
    }
    ctx.reply(Msg::new("audit-intact").arg("count", verifier.checked() as i64));
    Ok(())
}
