//! How an approval request looks: its card in the department's channel, the fuller record
//! `/approval show` replies with, the lines of `/approval list`, and who decided it.

use chrono_tz::Tz;

use super::super::budgets::{self, Line};
use super::super::work::Work;
use crate::core::actions::{CardAction, APPROVE_EMOJI, REJECT_EMOJI};
use crate::core::domain::approval::rules::decided_with;
use crate::core::domain::approval::{Approval, ApprovalStatus, Basis, Decision, Verdict};
use crate::core::domain::money;
use crate::core::domain::org::Department;
use crate::core::outbound::{Body, Card};
use crate::core::time::local;
use crate::i18n::{Locale, Msg};

/// Posts a new request's card where the department wants approvals.
pub(super) fn post(work: &mut Work<'_>, dept: &Department, card: Card) {
    let mut target = dept.clone();
    if let Some(channel) = &dept.approvals_channel {
        target.channel = channel.clone();
    }
    work.post_body(&target, Body::Card(card));
}

/// The card of a request changed: its new face, in the department channel's language, with
/// its budgets as they stand.
pub(super) async fn refresh(
    work: &mut Work<'_>,
    approval: &Approval,
    decisions: &[Decision],
    dept: &Department,
) -> anyhow::Result<()> {
    let lines = budgets::lines(work, approval, dept).await?;
    let locale = work.channel_locale(dept);
    let card = public(approval, decisions, dept, &lines, locale);
    work.refresh_card(approval.id, card);
    Ok(())
}

/// The approval card: what, how much (and, written in another currency than the kind's, what
/// that counts as), the budgets it draws on (`budget`), where it stands; ✅/❌ and buttons
/// while pending. The amount is shown as opsdesk read it, in the reader's convention, so a
/// misreading shows at once.
pub(super) fn public(
    approval: &Approval,
    decisions: &[Decision],
    dept: &Department,
    budget: &[Line],
    locale: Locale,
) -> Card {
    let ro = locale == Locale::Ro;
    let label = |id: &'static str| Msg::new(id).render(locale);
    let mut fields = vec![
        (label("field-kind"), approval.kind.clone()),
        (
            label("field-status"),
            approval.status.label().render(locale),
        ),
        (label("field-department"), dept.name.clone()),
        (label("field-requester"), format!("@{}", approval.requester)),
    ];
    if let Some(amount) = approval.amount {
        fields.push((label("field-amount"), money::format(amount, ro)));
        if let Some(rate) = approval.rate {
            let counted = Msg::new("approval-counted-as")
                .arg("amount", money::format(rate.convert(amount), ro))
                .arg("rate", rate.describe(ro));
            fields.push((label("field-counted-as"), counted.render(locale)));
        }
    }
    fields.extend(budgets::card_fields(budget, approval, &dept.name, locale));
    for (n, step) in approval.steps.iter().enumerate() {
        let names: Vec<String> = step.approvers.iter().map(|h| format!("@{h}")).collect();
        let names = if names.is_empty() {
            label("approval-step-nobody")
        } else {
            names.join(", ")
        };
        let quorum = match (step.basis, step.all) {
            (Basis::WithPrevious, _) => Msg::new("approval-quorum-with-previous")
                .arg("step", n)
                .render(locale),
            (_, true) => label("approval-quorum-all"),
            (_, false) => label("approval-quorum-any"),
        };
        // A step that goes with the one before shows the approvals that decided both.
        let first = decided_with(approval, n);
        let state = decisions
            .iter()
            .filter(|d| {
                d.step == n || (first..n).contains(&d.step) && step.approvers.contains(&d.approver)
            })
            .map(|d| match d.verdict {
                Verdict::Approve => format!("✅ @{}", d.approver),
                Verdict::Reject => format!("❌ @{}", d.approver),
            })
            .collect::<Vec<_>>()
            .join(" ");
        let value = format!(
            "{names} ({quorum}){}",
            if state.is_empty() {
                String::new()
            } else {
                format!(" · {state}")
            }
        );
        fields.push((Msg::new("field-step").arg("n", n + 1).render(locale), value));
    }
    let mut buttons = Vec::new();
    let mut reactions = Vec::new();
    if approval.status == ApprovalStatus::Pending {
        buttons = vec![
            CardAction::Approve(approval.id).button(locale),
            CardAction::Reject(approval.id).button(locale),
        ];
        reactions = vec![APPROVE_EMOJI.to_string(), REJECT_EMOJI.to_string()];
    }
    Card {
        intro: None,
        title: format!("{} · {}", approval.id, approval.title),
        fields,
        text: approval.details.iter().map(ToString::to_string).collect(),
        buttons,
        reactions,
        ..Card::default()
    }
}

/// The card `/approval show` replies with: the public card without its buttons, then the
/// version approved and every decision, with times in the reader's zone `tz`.
pub(super) fn record(
    approval: &Approval,
    decisions: &[Decision],
    dept: &Department,
    budget: &[Line],
    locale: Locale,
    tz: Tz,
) -> Card {
    let mut card = public(approval, decisions, dept, budget, locale);
    card.buttons.clear();
    card.reactions.clear();
    card.text.push(
        Msg::new("approval-version")
            .arg("hash", short(&approval.content_hash))
            .render(locale),
    );
    for d in decisions {
        let id = match (d.verdict, d.by == d.approver) {
            (Verdict::Approve, true) => "approval-decision-approve",
            (Verdict::Approve, false) => "approval-decision-approve-for",
            (Verdict::Reject, true) => "approval-decision-reject",
            (Verdict::Reject, false) => "approval-decision-reject-for",
        };
        let line = Msg::new(id)
            .arg("step", d.step + 1)
            .arg("by", d.by.as_str())
            .arg("approver", d.approver.as_str())
            .arg("at", local(d.at, tz))
            .arg("hash", short(&d.content_hash));
        let line = match &d.comment {
            Some(c) => Msg::new("approval-decision-comment")
                .arg("decision", line)
                .arg("comment", c.as_str()),
            None => line,
        }
        .render(locale);
        card.text.push(line);
    }
    card
}

/// `/approval list`: a header, then one line per request.
pub(super) fn list(approvals: &[Approval], locale: Locale) -> String {
    let mut lines = vec![Msg::new("approval-list-header")
        .arg("count", approvals.len())
        .render(locale)];
    for a in approvals {
        let mut line = format!(
            "  {} · {} · {} · {}",
            a.id,
            a.status.label().render(locale),
            a.kind,
            a.title
        );
        if let Some(amount) = a.amount {
            line.push_str(&format!(
                " · {}",
                money::format(amount, locale == Locale::Ro)
            ));
        }
        if a.status == ApprovalStatus::Pending {
            line.push_str(&format!(" · {}", a.waiting_on().render(locale)));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// "@bob, @dora (@victor)": who decided, naming whom a delegate stood in for.
pub(super) fn deciders(decisions: &[Decision]) -> String {
    let mut names: Vec<String> = Vec::new();
    for d in decisions {
        let name = if d.by == d.approver {
            format!("@{}", d.approver)
        } else {
            format!("@{} (@{})", d.by, d.approver)
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

fn short(hash: &str) -> String {
    hash.chars().take(8).collect()
}
