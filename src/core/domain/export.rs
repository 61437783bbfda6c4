//! What an export asks for: which records, which days, which department, and how the file
//! starts. Days are calendar dates; the service reads them in the reader's zone.

use chrono::NaiveDate;

use super::ids::DeptKey;
use crate::core::domain::text::echo;
use crate::i18n::Msg;

/// The records an export can hold, one row per object (per event for the audit trail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    Tickets,
    Tasks,
    Approvals,
    Escalations,
    Audit,
    Budgets,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        ExportKind::Tickets,
        ExportKind::Tasks,
        ExportKind::Approvals,
        ExportKind::Escalations,
        ExportKind::Audit,
        ExportKind::Budgets,
    ];

    /// The English word, the Romanian one (diacritics optional), or the singular of either.
    pub fn parse(text: &str) -> Result<ExportKind, Msg> {
        let word = text.trim().to_lowercase();
        let kind = match word.as_str() {
            "tickets" | "ticket" | "tichete" | "tichet" => ExportKind::Tickets,
            "tasks" | "task" | "sarcini" | "sarcina" | "sarcină" => ExportKind::Tasks,
            "approvals" | "approval" | "requests" | "aprobari" | "aprobări" | "cereri" => {
                ExportKind::Approvals
            }
            "escalations" | "escalation" | "escaladari" | "escaladări" => ExportKind::Escalations,
            "audit" | "jurnal" => ExportKind::Audit,
            "budgets" | "budget" | "bugete" | "buget" => ExportKind::Budgets,
            _ => {
                return Err(Msg::new("error-export-what").arg("value", echo(text, 40)));
            }
        };
        Ok(kind)
    }

    /// The English word, used in file names and the audit of who exported what.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Tickets => "tickets",
            ExportKind::Tasks => "tasks",
            ExportKind::Approvals => "approvals",
            ExportKind::Escalations => "escalations",
            ExportKind::Audit => "audit",
            ExportKind::Budgets => "budgets",
        }
    }

    /// Its name for the reader.
    pub fn label(self) -> Msg {
        Msg::new("export-kind").arg("kind", self.as_str())
    }
}

/// `/export what: [from:] [to:] [dept:] [bom:]`, checked: `from` is not after `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub what: ExportKind,
    /// The first day, included.
    pub from: Option<NaiveDate>,
    /// The last day, included.
    pub to: Option<NaiveDate>,
    pub dept: Option<DeptKey>,
    /// Start the file with a UTF-8 byte-order mark (some spreadsheet programs need it to
    /// read diacritics).
    pub bom: bool,
}

/// A day as `2026-12-01` or, as Romanians write it, `1.12.2026`.
pub fn parse_day(text: &str) -> Result<NaiveDate, Msg> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .map_err(|_| Msg::new("error-export-day").arg("value", echo(text, 40)))
}

/// Refuses a range that ends before it starts.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), Msg> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(Msg::new("error-export-range")
            .arg("from", from.to_string())
            .arg("to", to.to_string())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_in_english_and_romanian() {
        for kind in ExportKind::ALL {
            assert_eq!(ExportKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(ExportKind::parse("Tichete"), Ok(ExportKind::Tickets));
        assert_eq!(ExportKind::parse("escaladări"), Ok(ExportKind::Escalations));
        assert_eq!(
            ExportKind::parse("invoices").unwrap_err().id(),
            "error-export-what"
        );
    }

    #[test]
    fn days_read_in_both_ways_of_writing_them() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_day("2026-12-01"), Ok(day));
        assert_eq!(parse_day("1.12.2026"), Ok(day));
        assert_eq!(parse_day("01.12.2026"), Ok(day));
        for bad in ["1/12/2026", "2026-13-01", "mâine", "31.11.2026"] {
            assert_eq!(
                parse_day(bad).unwrap_err().id(),
                "error-export-day",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_range_may_be_one_day_but_not_end_before_it_starts() {
        let d = |s| parse_day(s).unwrap();
        assert!(check_range(Some(d("2026-12-01")), Some(d("2026-12-01"))).is_ok());
        assert!(check_range(Some(d("2026-12-02")), None).is_ok());
        assert_eq!(
            check_range(Some(d("2026-12-02")), Some(d("2026-12-01")))
                .unwrap_err()
                .id(),
            "error-export-range"
        );
    }
}
