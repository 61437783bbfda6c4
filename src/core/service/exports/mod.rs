//! `/export`: records as a CSV file attached to a private reply — the console saves it, Discord
//! uploads it with an ephemeral answer. It only reads: who may export what is who may see it
//! (`core::policy`, `Action::Export`).

mod table;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::work::{Ctx, Failure, Step};
use crate::core::domain::budget::Figures;
use crate::core::domain::export::{ExportKind, ExportRequest};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::org::Role;
use crate::core::outbound::{Attachment, Card};
use crate::core::policy::{self, Action};
use crate::core::store::{BudgetFilter, ExportRange, UnitOfWork};
use crate::core::time::start_of_day;
use crate::i18n::Msg;
use table::{Csv, Table};

pub(super) async fn export(ctx: &mut Ctx<'_>, req: ExportRequest) -> Step {
    let dept = scope(ctx, &req).await?;
    let tz = ctx.tz();
    let range = ExportRange {
        from: req.from.map(|day| start_of_day(day, tz)),
        to: req.to.map(|day| start_of_day(next_day(day), tz)),
        dept: dept.clone(),
    };
    let org_tz = ctx.work.settings.default_tz;
    let csv = write(ctx.work.uow.as_mut(), &req, &range, org_tz).await?;
    let name = file_name(req.what, dept.as_ref(), ctx.now(), tz);
    let card = reply(ctx, &req, dept.as_ref(), &csv, org_tz);
    ctx.reply_card(
        Card {
            attachments: vec![Attachment {
                name,
                image: None,
                bytes: csv.bytes,
            }],
            ..card
        },
        true,
    );
    Ok(())
}

/// The one department exported, or `None` for all of them (and for the audit trail, which
/// is exported whole). A manager who names none gets theirs.
async fn scope(ctx: &mut Ctx<'_>, req: &ExportRequest) -> Result<Option<DeptKey>, Failure> {
    if req.what == ExportKind::Audit {
        if req.dept.is_some() {
            return Err(Msg::new("error-export-audit-dept").into());
        }
        policy::check(&ctx.actor, Action::Export(None), "")?;
        return Ok(None);
    }
    let dept = match &req.dept {
        Some(key) => Some(key.clone()),
        None if ctx.actor.role == Role::Manager => ctx.actor.dept.clone(),
        None => None,
    };
    match &dept {
        Some(key) => {
            let dept = ctx.department(key).await?;
            policy::check(&ctx.actor, Action::Export(Some(&dept.key)), &dept.name)?;
        }
        None => policy::check(&ctx.actor, Action::Export(None), "")?,
    }
    Ok(dept)
}

async fn write(
    uow: &mut dyn UnitOfWork,
    req: &ExportRequest,
    range: &ExportRange,
    tz: Tz,
) -> anyhow::Result<Csv> {
    let mut t;
    match req.what {
        ExportKind::Tickets => {
            t = Table::new(table::TICKETS, tz)?;
            for ticket in uow.tickets_made(range).await? {
                table::ticket(&mut t, &ticket)?;
            }
        }
        ExportKind::Tasks => {
            t = Table::new(table::TASKS, tz)?;
            for task in uow.tasks_made(range).await? {
                table::task(&mut t, &task)?;
            }
        }
        ExportKind::Approvals => {
            t = Table::new(table::APPROVALS, tz)?;
            for approval in uow.approvals_made(range).await? {
                table::approval(&mut t, &approval)?;
            }
        }
        ExportKind::Escalations => {
            t = Table::new(table::ESCALATIONS, tz)?;
            for escalation in uow.escalations_made(range).await? {
                table::escalation(&mut t, &escalation)?;
            }
        }
        ExportKind::Audit => {
            t = Table::new(table::AUDIT, tz)?;
            for event in uow.audit_between(range).await? {
                table::event(&mut t, &event)?;
            }
        }
        ExportKind::Budgets => {
            t = Table::new(table::BUDGETS, tz)?;
            let filter = match &range.dept {
                Some(dept) => BudgetFilter::Dept(dept.clone()),
                None => BudgetFilter::Every,
            };
            // Budgets are a few per department and year: those whose period meets the range.
            let mut budgets = uow.budgets(&filter).await?;
            budgets.retain(|b| {
                req.from.is_none_or(|from| b.period.last_day() >= from)
                    && req.to.is_none_or(|to| b.period.first_day() <= to)
            });
            budgets.sort_by_key(|b| (b.dept.to_string(), b.period.sort_key()));
            for budget in budgets {
                let entries = uow.budget_entries(&budget.dept, budget.period).await?;
                let figures = Figures::of(&budget, &entries);
                table::budget(&mut t, &budget, &figures)?;
            }
        }
    }
    t.finish(req.bom)
}

/// The private answer: what the file holds.
fn reply(
    ctx: &Ctx<'_>,
    req: &ExportRequest,
    dept: Option<&DeptKey>,
    csv: &Csv,
    org_tz: Tz,
) -> Card {
    let locale = ctx.locale();
    let field =
        |label: &'static str, value: Msg| (Msg::new(label).render(locale), value.render(locale));
    let day = |d: Option<NaiveDate>, none: &'static str| match d {
        Some(d) => Msg::new("export-day").arg("day", d.to_string()),
        None => Msg::new(none),
    };
    let depts = match dept {
        Some(key) => Msg::new("export-dept-one").arg("dept", key.to_string()),
        None => Msg::new("export-dept-all"),
    };
    Card {
        title: Msg::new("export-title")
            .arg("what", req.what.label())
            .arg("rows", csv.rows)
            .render(locale),
        fields: vec![
            field("export-field-depts", depts),
            field("export-field-from", day(req.from, "export-from-start")),
            field("export-field-to", day(req.to, "export-to-now")),
            field(
                "export-field-times",
                Msg::new("export-times").arg("tz", org_tz.name()),
            ),
        ],
        ..Card::default()
    }
}

/// `export-tickets-it-20261208-1030.csv`: what, whose, and when, in the reader's zone.
fn file_name(what: ExportKind, dept: Option<&DeptKey>, now: DateTime<Utc>, tz: Tz) -> String {
    let when = now.with_timezone(&tz).format("%Y%m%d-%H%M");
    match dept {
        Some(dept) => format!("export-{}-{dept}-{when}.csv", what.as_str()),
        None => format!("export-{}-{when}.csv", what.as_str()),
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day + Duration::days(1)
}
