//! Budget periods: a month (`2026-12`), a quarter (`2026-Q4`) or a year (`2027`), typed in
//! English or Romanian.
//!
//! Forms read (case and diacritics do not matter; `-`, `.` and `/` separate like spaces):
//!
//! * a year: `2027`, `year 2027`, `anul 2027`;
//! * a month: `2026-12`, `12.2026`, `12/2026`, `December 2026`, `dec 2026`, `decembrie 2026`,
//!   `luna decembrie 2026` (month names are the shared ones of `time::words`);
//! * a quarter: `2026-Q4`, `Q4 2026`, `quarter 4 2026`, `T4 2026`, `trimestrul 4 2026`,
//!   `trimestrul IV 2026`.
//!
//! Exactly one number of four digits is the year (2000–2100); what else is written says
//! which month or quarter of it. A month outside 1–12 or a quarter outside 1–4 is refused
//! with its own [`PeriodError`], anything else as unreadable — each with examples in the
//! reader's language (`i18n/*/budgets.ftl`).
//!
//! The canonical form (`2026-12`, `2026-Q4`, `2027`) is what is stored, shown, and used in
//! the budget's id `budget:it:2026-Q4`; it reads back as itself.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::core::domain::text::echo;
use crate::core::time::words::{all_digits, match_row, strip_optional, tokenize, Row, MONTH_WORDS};
use crate::i18n::Msg;

/// Years a budget may be for: wide enough for any plan, narrow enough to catch a typo.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Longer input is refused outright; no period needs more.
const MAX_INPUT_CHARS: usize = 40;

/// User text echoed inside an error is cut to this many characters.
const MAX_ECHO_CHARS: usize = 40;

/// Words that may stand before a year alone: `year 2027`, `anul 2027`.
const YEAR_WORDS: &[&[&str]] = &[&["year"], &["the", "year"], &["anul"], &["an"]];

/// Words that may stand before a month name: `luna decembrie 2026`.
const MONTH_LEAD_WORDS: &[&[&str]] = &[&["luna"], &["month"]];

/// Words that name a quarter before its number: `Q4`, `quarter 4`, `T4`, `trimestrul IV`.
const QUARTER_WORDS: &[&[&str]] = &[
    &["q"],
    &["quarter"],
    &["t"],
    &["trim"],
    &["trimestru"],
    &["trimestrul"],
];

/// Quarter numbers in Roman numerals, as Romanian writes them (`trimestrul IV`).
const ROMAN_WORDS: &[Row<u32>] = &[
    (&["i"], 1),
    (&["ii"], 2),
    (&["iii"], 3),
    (&["iv"], 4),
    (&["v"], 5),
];

/// A month, a quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Quarter { year: i32, quarter: u32 },
    Month { year: i32, month: u32 },
}

/// Why a period was refused. Every variant has a Fluent message in `i18n/*/budgets.ftl`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("no period given")]
    Empty,
    #[error("cannot read {text:?} as a period")]
    Unreadable { text: String },
    #[error("{text:?}: a year has months 1 to 12, not {month}")]
    BadMonth { text: String, month: u32 },
    #[error("{text:?}: a year has quarters 1 to 4, not {quarter}")]
    BadQuarter { text: String, quarter: u32 },
    #[error("{text:?}: budgets are for the years 2000 to 2100")]
    BadYear { text: String },
}

impl From<PeriodError> for Msg {
    fn from(error: PeriodError) -> Self {
        match error {
            PeriodError::Empty => Msg::new("period-empty"),
            PeriodError::Unreadable { text } => Msg::new("period-unreadable").arg("text", text),
            PeriodError::BadMonth { text, month } => Msg::new("period-bad-month")
                .arg("text", text)
                .arg("month", month),
            PeriodError::BadQuarter { text, quarter } => Msg::new("period-bad-quarter")
                .arg("text", text)
                .arg("quarter", quarter),
            PeriodError::BadYear { text } => Msg::new("period-bad-year").arg("text", text),
        }
    }
}

impl Period {
    /// Reads a period in either language; see the module documentation for the forms.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PeriodError::Empty);
        }
        let echoed = echo(text, MAX_ECHO_CHARS);
        let unreadable = || PeriodError::Unreadable {
            text: echoed.clone(),
        };
        if text.chars().count() > MAX_INPUT_CHARS {
            return Err(unreadable());
        }
        let spaced: String = text
            .chars()
            .map(|c| if matches!(c, '-' | '.' | '/') { ' ' } else { c })
            .collect();
        let tokens = tokenize(&spaced);
        let mut years = tokens.iter().filter(|t| t.len() == 4 && all_digits(t));
        let (Some(year), None) = (years.next(), years.next()) else {
            return Err(unreadable());
        };
        let year: i32 = year.parse().map_err(|_| unreadable())?;
        if !YEARS.contains(&year) {
            return Err(PeriodError::BadYear { text: echoed });
        }
        let rest: Vec<String> = tokens
            .iter()
            .filter(|t| !(t.len() == 4 && all_digits(t)))
            .cloned()
            .collect();
        match read_part(&rest).ok_or_else(unreadable)? {
            Part::Year => Ok(Period::Year(year)),
            Part::Month(month) if (1..=12).contains(&month) => Ok(Period::Month { year, month }),
            Part::Month(month) => Err(PeriodError::BadMonth {
                text: echoed,
                month,
            }),
            Part::Quarter(quarter) if (1..=4).contains(&quarter) => {
                Ok(Period::Quarter { year, quarter })
            }
            Part::Quarter(quarter) => Err(PeriodError::BadQuarter {
                text: echoed,
                quarter,
            }),
        }
    }

    /// The month `date` falls in.
    pub fn month_of(date: NaiveDate) -> Period {
        Period::Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Year(year) => (year, 1),
            Period::Quarter { year, quarter } => (year, quarter * 3 - 2),
            Period::Month { year, month } => (year, month),
        };
        date(year, month, 1)
    }

    /// The last day of the period.
    pub fn last_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Year(year) => (year, 12),
            Period::Quarter { year, quarter } => (year, quarter * 3),
            Period::Month { year, month } => (year, month),
        };
        let next = if month == 12 {
            date(year + 1, 1, 1)
        } else {
            date(year, month + 1, 1)
        };
        next.pred_opt().unwrap_or(next)
    }

    /// Whether `other` lies wholly within this period (a period contains itself).
    pub fn contains(self, other: Period) -> bool {
        self.first_day() <= other.first_day() && other.last_day() <= self.last_day()
    }

    /// Whether `date` falls in this period.
    pub fn covers(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// For lists: earlier periods first, and of one start the longer first (the year, its
    /// first quarter, its first month).
    pub fn sort_key(self) -> (NaiveDate, std::cmp::Reverse<NaiveDate>) {
        (self.first_day(), std::cmp::Reverse(self.last_day()))
    }
}

/// Years are checked against [`YEARS`] and months and quarters against their ranges before a
/// date is built, so every date here exists.
fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// What the words besides the year say.
enum Part {
    Year,
    Month(u32),
    Quarter(u32),
}

fn read_part(tokens: &[String]) -> Option<Part> {
    if tokens.is_empty() {
        return Some(Part::Year);
    }
    if let (true, []) = strip_optional(tokens, YEAR_WORDS) {
        return Some(Part::Year);
    }
    if let [number] = tokens {
        if number.len() <= 2 && all_digits(number) {
            return number.parse().ok().map(Part::Month);
        }
    }
    let (_, after_lead) = strip_optional(tokens, MONTH_LEAD_WORDS);
    if let Some((month, [])) = match_row(after_lead, MONTH_WORDS) {
        return Some(Part::Month(month));
    }
    let (true, number) = strip_optional(tokens, QUARTER_WORDS) else {
        return None;
    };
    match number {
        [n] if n.len() <= 2 && all_digits(n) => n.parse().ok().map(Part::Quarter),
        _ => match match_row(number, ROMAN_WORDS) {
            Some((quarter, [])) => Some(Part::Quarter(quarter)),
            _ => None,
        },
    }
}

impl fmt::Display for Period {
    /// The canonical form: `2026-12`, `2026-Q4`, `2027`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(year) => write!(f, "{year}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    fn quarter(year: i32, quarter: u32) -> Period {
        Period::Quarter { year, quarter }
    }

    #[test]
    fn periods_read_in_english_and_romanian() {
        let cases: &[(&str, Period)] = &[
            ("2027", Period::Year(2027)),
            ("year 2027", Period::Year(2027)),
            ("anul 2027", Period::Year(2027)),
            ("2026-12", month(2026, 12)),
            ("2026-1", month(2026, 1)),
            ("12.2026", month(2026, 12)),
            ("12/2026", month(2026, 12)),
            ("December 2026", month(2026, 12)),
            ("dec. 2026", month(2026, 12)),
            ("decembrie 2026", month(2026, 12)),
            ("luna decembrie 2026", month(2026, 12)),
            ("2026 martie", month(2026, 3)),
            ("2026-Q4", quarter(2026, 4)),
            ("2026q4", quarter(2026, 4)),
            ("Q1 2027", quarter(2027, 1)),
            ("quarter 2 2027", quarter(2027, 2)),
            ("T4 2026", quarter(2026, 4)),
            ("trimestrul 3 2026", quarter(2026, 3)),
            ("trimestrul IV 2026", quarter(2026, 4)),
            ("Trimestrul  ii  2027", quarter(2027, 2)),
        ];
        for (text, expected) in cases {
            assert_eq!(Period::parse(text), Ok(*expected), "{text}");
        }
    }

    #[test]
    fn the_canonical_form_reads_back_as_itself() {
        for period in [Period::Year(2027), quarter(2026, 4), month(2026, 3)] {
            assert_eq!(Period::parse(&period.to_string()), Ok(period));
        }
        assert_eq!(month(2026, 3).to_string(), "2026-03");
        assert_eq!(quarter(2026, 4).to_string(), "2026-Q4");
    }

    #[test]
    fn months_and_quarters_out_of_range_get_their_own_refusal() {
        assert_eq!(
            Period::parse("2026-Q5"),
            Err(PeriodError::BadQuarter {
                text: "2026-Q5".into(),
                quarter: 5
            })
        );
        assert_eq!(
            Period::parse("trimestrul V 2026"),
            Err(PeriodError::BadQuarter {
                text: "trimestrul V 2026".into(),
                quarter: 5
            })
        );
        assert_eq!(
            Period::parse("13.2026"),
            Err(PeriodError::BadMonth {
                text: "13.2026".into(),
                month: 13
            })
        );
        assert_eq!(
            Period::parse("2026-00"),
            Err(PeriodError::BadMonth {
                text: "2026-00".into(),
                month: 0
            })
        );
        assert_eq!(
            Period::parse("1999"),
            Err(PeriodError::BadYear {
                text: "1999".into()
            })
        );
    }

    #[test]
    fn anything_else_is_unreadable() {
        for text in [
            "2026-12-01",
            "Q4",
            "december",
            "2026 2027",
            "next quarter",
            "26-Q4",
            "2026-Q",
            "decembrie 2026 martie",
            "2026-123",
            "2026 year 4",
        ] {
            assert!(
                matches!(Period::parse(text), Err(PeriodError::Unreadable { .. })),
                "{text}: {:?}",
                Period::parse(text)
            );
        }
        assert_eq!(Period::parse("  "), Err(PeriodError::Empty));
        let long = "2026 ".repeat(20);
        assert!(matches!(
            Period::parse(&long),
            Err(PeriodError::Unreadable { .. })
        ));
    }

    #[test]
    fn days_and_containment() {
        let q4 = quarter(2026, 4);
        assert_eq!(
            q4.first_day(),
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert_eq!(
            q4.last_day(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert_eq!(
            month(2028, 2).last_day(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        assert!(q4.contains(month(2026, 12)));
        assert!(q4.contains(q4));
        assert!(Period::Year(2026).contains(q4));
        assert!(!q4.contains(Period::Year(2026)));
        assert!(!q4.contains(month(2027, 1)));
        let dec_7 = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Period::month_of(dec_7), month(2026, 12));
        assert!(q4.covers(dec_7));
        let mut periods = vec![month(2026, 10), q4, Period::Year(2026), month(2026, 1)];
        periods.sort_by_key(|p| p.sort_key());
        assert_eq!(
            periods,
            vec![Period::Year(2026), month(2026, 1), q4, month(2026, 10)]
        );
    }
}
