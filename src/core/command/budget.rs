//! `/budget set|show|list`: typed from the catalogue's `commands/budget.toml`.

use super::{body, Invalid, Reader};
use crate::core::domain::budget::Period;
use crate::core::domain::ids::DeptKey;
use crate::core::domain::text::Body;
use crate::i18n::Msg;

/// `/budget …`. The amount stays text: its default currency is the budget's, which only the
/// service knows.
#[derive(Debug, Clone, PartialEq)]
pub enum BudgetCommand {
    /// `/budget set dept: period: amount: [note:]`
    Set {
        dept: DeptKey,
        period: Period,
        amount: String,
        note: Option<Body>,
    },
    /// `/budget show [dept:] [period:]`
    Show {
        dept: Option<DeptKey>,
        period: Option<Period>,
    },
    /// `/budget list [period:]`
    List { period: Option<Period> },
}

impl BudgetCommand {
    pub fn is_read_only(&self) -> bool {
        !matches!(self, BudgetCommand::Set { .. })
    }
}

/// A period in any form [`Period::parse`] reads, refused in the reader's language.
pub(super) fn period(s: &str) -> Result<Period, Msg> {
    Period::parse(s).map_err(Msg::from)
}

pub(super) fn budget_command(sub: &str, r: &Reader<'_>) -> Option<Result<BudgetCommand, Invalid>> {
    let build = || -> Result<Option<BudgetCommand>, Invalid> {
        Ok(Some(match sub {
            "set" => BudgetCommand::Set {
                dept: r.req("dept", DeptKey::parse)?,
                period: r.req("period", period)?,
                amount: r.req("amount", |s| Ok(s.trim().to_string()))?,
                note: r.opt("note", body("note"))?,
            },
            "show" => BudgetCommand::Show {
                dept: r.opt("dept", DeptKey::parse)?,
                period: r.opt("period", period)?,
            },
            "list" => BudgetCommand::List {
                period: r.opt("period", period)?,
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}
