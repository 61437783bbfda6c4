//! Records as CSV tables: a header of stable English column names (what scripts and the
//! README's recipes read), one row per object or audit event, instants twice — in UTC
//! (RFC 3339) and in the organisation's zone — and amounts as plain decimals.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::core::audit::Event;
use crate::core::domain::approval::Approval;
use crate::core::domain::budget::{Budget, Figures};
use crate::core::domain::escalation::Escalation;
use crate::core::domain::task::Task;
use crate::core::domain::ticket::Ticket;
use crate::core::time::local;

/// A table being written: its rows, counted, into memory.
pub(super) struct Table {
    writer: csv::Writer<Vec<u8>>,
    rows: usize,
    tz: Tz,
}

/// A finished table.
pub(super) struct Csv {
    pub bytes: Vec<u8>,
    pub rows: usize,
}

/// The UTF-8 byte-order mark some spreadsheet programs need to read diacritics.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Table {
    pub fn new(header: &[&str], tz: Tz) -> anyhow::Result<Table> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(header)?;
        Ok(Table {
            writer,
            rows: 0,
            tz,
        })
    }

    fn row(&mut self, cells: Vec<String>) -> anyhow::Result<()> {
        self.writer.write_record(&cells)?;
        self.rows += 1;
        Ok(())
    }

    pub fn finish(self, bom: bool) -> anyhow::Result<Csv> {
        let written = self.writer.into_inner().map_err(|e| e.into_error())?;
        let bytes = if bom {
            [BOM, &written].concat()
        } else {
            written
        };
        Ok(Csv {
            bytes,
            rows: self.rows,
        })
    }

    /// An instant as two cells: UTC, then the organisation's wall clock.
    fn at(&self, at: Option<DateTime<Utc>>) -> [String; 2] {
        match at {
            Some(at) => [
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                local(at, self.tz),
            ],
            None => [String::new(), String::new()],
        }
    }
}

pub(super) const TICKETS: &[&str] = &[
    "id",
    "dept",
    "title",
    "priority",
    "status",
    "requester",
    "assignee",
    "customer",
    "opened_utc",
    "opened_local",
    "first_response_utc",
    "first_response_local",
    "resolved_utc",
    "resolved_local",
    "resolution",
];

pub(super) fn ticket(t: &mut Table, ticket: &Ticket) -> anyhow::Result<()> {
    let mut cells = vec![
        ticket.id.to_string(),
        ticket.dept().to_string(),
        text(ticket.title.as_str()),
        ticket.priority.as_str().into(),
        ticket.status.as_str().into(),
        ticket.requester.to_string(),
        opt(ticket.assignee.as_ref()),
        ticket
            .customer
            .as_ref()
            .map_or_else(String::new, |c| text(c.as_str())),
    ];
    cells.extend(t.at(Some(ticket.created_at)));
    cells.extend(t.at(ticket.first_response_at));
    cells.extend(t.at(ticket.resolved_at));
    cells.push(
        ticket
            .resolution
            .as_ref()
            .map_or_else(String::new, |r| text(r.as_str())),
    );
    t.row(cells)
}

pub(super) const TASKS: &[&str] = &[
    "id",
    "title",
    "delegator",
    "assignee",
    "status",
    "ticket",
    "due_utc",
    "due_local",
    "created_utc",
    "created_local",
    "note",
];

pub(super) fn task(t: &mut Table, task: &Task) -> anyhow::Result<()> {
    let mut cells = vec![
        task.id.to_string(),
        text(task.title.as_str()),
        task.delegator.to_string(),
        task.assignee.to_string(),
        task.status.as_str().into(),
        opt(task.ticket.as_ref()),
    ];
    cells.extend(t.at(Some(task.due)));
    cells.extend(t.at(Some(task.created_at)));
    cells.push(
        task.note
            .as_ref()
            .map_or_else(String::new, |n| text(n.as_str())),
    );
    t.row(cells)
}

pub(super) const APPROVALS: &[&str] = &[
    "id",
    "kind",
    "dept",
    "title",
    "amount",
    "currency",
    "requester",
    "status",
    "step",
    "created_utc",
    "created_local",
    "updated_utc",
    "updated_local",
];

pub(super) fn approval(t: &mut Table, a: &Approval) -> anyhow::Result<()> {
    let mut cells = vec![
        a.id.to_string(),
        a.kind.clone(),
        a.dept.to_string(),
        text(a.title.as_str()),
        a.amount.map_or_else(String::new, |m| decimal(m.minor())),
        a.amount
            .map_or_else(String::new, |m| m.currency().code().into()),
        a.requester.to_string(),
        a.status.as_str().into(),
        (a.step + 1).to_string(),
    ];
    cells.extend(t.at(Some(a.created_at)));
    cells.extend(t.at(Some(a.updated_at)));
    t.row(cells)
}

pub(super) const ESCALATIONS: &[&str] = &[
    "id",
    "subject",
    "dept",
    "raised_by",
    "reason",
    "customer",
    "urgent",
    "level",
    "status",
    "owner",
    "resolution",
    "created_utc",
    "created_local",
    "updated_utc",
    "updated_local",
];

pub(super) fn escalation(t: &mut Table, e: &Escalation) -> anyhow::Result<()> {
    let mut cells = vec![
        e.id.to_string(),
        e.subject.to_string(),
        e.dept.to_string(),
        e.raised_by.to_string(),
        text(&e.reason.audit_value()),
        e.customer
            .as_ref()
            .map_or_else(String::new, |c| text(c.as_str())),
        e.urgent.to_string(),
        (e.level + 1).to_string(),
        e.status.as_str().into(),
        opt(e.owner.as_ref()),
        e.resolution
            .as_ref()
            .map_or_else(String::new, |r| text(&r.audit_value())),
    ];
    cells.extend(t.at(Some(e.created_at)));
    cells.extend(t.at(Some(e.updated_at)));
    t.row(cells)
}

/// Every field the chain's hash covers, exactly as hashed (`at_epoch` is the instant that
/// is), then the hash: enough to recompute the chain offline.
pub(super) const AUDIT: &[&str] = &[
    "seq",
    "at_epoch",
    "at_utc",
    "at_local",
    "actor",
    "object",
    "action",
    "before",
    "after",
    "prev_hash",
    "hash",
];

pub(super) fn event(t: &mut Table, e: &Event) -> anyhow::Result<()> {
    let [utc, local] = t.at(Some(e.at));
    // No cell is touched: a changed byte would break the recomputed hash.
    let cells = vec![
        e.seq.to_string(),
        e.at.timestamp().to_string(),
        utc,
        local,
        e.actor.clone(),
        e.object.clone(),
        e.action.clone(),
        e.before.clone(),
        e.after.clone(),
        e.prev_hash.clone(),
        e.hash.clone(),
    ];
    t.row(cells)
}

pub(super) const BUDGETS: &[&str] = &[
    "dept",
    "period",
    "first_day",
    "last_day",
    "allocated",
    "committed",
    "spent",
    "left",
    "currency",
    "note",
    "updated_utc",
    "updated_local",
];

pub(super) fn budget(t: &mut Table, b: &Budget, f: &Figures) -> anyhow::Result<()> {
    let allocated = f.allocated.minor();
    let mut cells = vec![
        b.dept.to_string(),
        b.period.to_string(),
        b.period.first_day().to_string(),
        b.period.last_day().to_string(),
        decimal(allocated),
        decimal(f.committed),
        decimal(f.spent),
        decimal(allocated - f.committed - f.spent),
        f.allocated.currency().code().into(),
        b.note
            .as_ref()
            .map_or_else(String::new, |n| text(n.as_str())),
    ];
    cells.extend(t.at(Some(b.updated_at)));
    t.row(cells)
}

fn opt(value: Option<&impl ToString>) -> String {
    value.map_or_else(String::new, ToString::to_string)
}

/// Minor units as a plain decimal, `4500.00`, that any spreadsheet reads as a number.
fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    format!("{sign}{}.{:02}", minor / 100, minor % 100)
}

/// People's text, kept from being read as a formula by a spreadsheet: a cell that starts
/// with `=`, `+`, `-`, `@` or a control character gets a leading `'` (OWASP's advice on
/// CSV injection).
fn text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(decimal(450_000), "4500.00");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(-1_250), "-12.50");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_quoted() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("Imprimanta nu merge"), "Imprimanta nu merge");
    }

    #[test]
    fn a_bom_starts_the_file_only_when_asked_and_diacritics_stay_utf8() {
        let tz = chrono_tz::Europe::Bucharest;
        let mut t = Table::new(&["a"], tz).unwrap();
        t.row(vec!["țară și școală".into()]).unwrap();
        let plain = t.finish(false).unwrap();
        assert_eq!(plain.bytes, "a\nțară și școală\n".as_bytes());
        assert_eq!(plain.rows, 1);
        let t = Table::new(&["a"], tz).unwrap();
        assert!(t.finish(true).unwrap().bytes.starts_with(BOM));
    }
}
