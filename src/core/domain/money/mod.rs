//! Amounts of money typed in chat: `4 500 EUR`, `€4500`, `4.500,50 lei`, `$ 12.50`.
//!
//! Money is kept in minor units (cents, bani) as an `i64`, never as a float: approval
//! thresholds are compared exactly, and `1000.01` must be above `1000` however it was typed.
//!
//! People in Romania and elsewhere write numbers differently (`4.500,50` and `4,500.50` are the
//! same amount), so [`Money::parse`] reads both conventions, and where only the convention
//! can tell (`5.001`, `1,500`) it reads the number the way the writer's language writes it:
//! English has a decimal point and thousands commas, Romanian a decimal comma and thousands
//! dots. The rules (each has a test):
//!
//! * A single `,` or `.` followed by one or two digits at the end is the decimal separator:
//!   `4,5` and `4.5` are both 4.50 (no convention groups two digits).
//! * Groups of exactly three digits separated by `.`, `,`, a space or a no-break space are
//!   thousands: `4 500` is 4500 for everyone, `4,500` for an English writer and `4.500` for
//!   a Romanian one. The first group has one to three digits and does not start with `0`.
//! * A single mark before a last group of three digits that is the writer's *decimal* mark
//!   (`5.001` from an English writer, `1,500` from a Romanian one) would give three decimals:
//!   it is refused as [`MoneyError::Ambiguous`], naming the other convention's reading and the
//!   forms that read one way only (`5001`, `5,001.00`, `5.001,00`). Guessing either way would
//!   move money by a factor of a thousand.
//! * The thousands separator and the decimal separator must differ: `1.234,56` and
//!   `1,234.56` are 1234.56 whoever writes them, while `1,234,56` and `1.23.4` are refused as
//!   unreadable. A mark used twice is a thousands mark (`1.234.567`) whoever writes it.
//! * A last group of three digits is read as decimals (and refused as too many) when the
//!   number already used the other mark for thousands (`1.234,567`) or starts with `0`
//!   (`0.125`); four or more digits after the last mark are always decimals (`12.3456`).
//! * One currency, as a code, a word or a symbol, may stand before or after the number, with
//!   or without a space: `€4500`, `4500€`, `RON 100`, `4 500 lei`. When none is written the
//!   caller's default applies (usually the currency of the approval kind).
//!
//! Every refusal is a [`MoneyError`] with a Fluent message in `i18n/*/money.ftl`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::text::echo;
use crate::i18n::{Locale, Msg};

mod rates;
pub use rates::{Counted, Rate, RateError, Rates};

/// The largest amount accepted, in whole units. Nobody asks approval for a trillion; a larger
/// number is a typo (or a paste of an account number), and the bound keeps arithmetic exact.
pub const MAX_UNITS: i64 = 1_000_000_000_000;

/// [`MAX_UNITS`] in minor units.
const MAX_MINOR: i64 = MAX_UNITS * 100;

/// Minor units in one unit, for every supported currency.
const MINOR_PER_UNIT: i64 = 100;

/// Longer input is refused outright; no real amount needs more, and it bounds the work.
const MAX_INPUT_CHARS: usize = 64;

/// User text echoed inside an error is cut to this many characters.
const MAX_ECHO_CHARS: usize = 60;

/// The currencies opsdesk handles. All of them have two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "RON")]
    Ron,
    #[serde(rename = "USD")]
    Usd,
}

/// Words and symbols for each currency, compared case-insensitively.
const CURRENCY_WORDS: &[(&str, Currency)] = &[
    ("eur", Currency::Eur),
    ("€", Currency::Eur),
    ("euro", Currency::Eur),
    ("ron", Currency::Ron),
    ("lei", Currency::Ron),
    ("leu", Currency::Ron),
    ("usd", Currency::Usd),
    ("$", Currency::Usd),
];

impl Currency {
    pub const ALL: [Currency; 3] = [Currency::Eur, Currency::Ron, Currency::Usd];

    /// The ISO 4217 code, as stored and as shown after amounts.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Ron => "RON",
            Currency::Usd => "USD",
        }
    }

    /// Reads a code, word or symbol: `EUR`, `€`, `euro`, `RON`, `lei`, `leu`, `USD`, `$`.
    pub fn parse(text: &str) -> Option<Currency> {
        let word = text.trim().to_lowercase();
        CURRENCY_WORDS
            .iter()
            .find(|(known, _)| *known == word)
            .map(|(_, currency)| *currency)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in minor units (cents/bani), always > 0 once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// Builds an amount from stored minor units. It does not validate: values read back from
    /// storage were validated when they were parsed.
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Reads `4500`, `4 500`, `4.500,50` (Romanian), `4,500.50` (English), with a currency
    /// code or symbol before or after (`EUR`, `€`, `RON`, `lei`, `USD`, `$`); `default`
    /// applies when none is written, and `writer` is the language of the person who wrote
    /// it, which decides `5.001` and `1,500` (see the module documentation). Refuses zero,
    /// negative, more than two decimals, ambiguous or malformed grouping, unknown currency,
    /// absurdly large (> 10^12 units).
    ///
    /// Checks run in a fixed order, so one input always gets the same refusal: the shape of
    /// the text, then the number, then its sign and size, then the currency.
    pub fn parse(
        text: &str,
        default: Option<Currency>,
        writer: Locale,
    ) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let echoed = echo(trimmed, MAX_ECHO_CHARS);
        if trimmed.chars().count() > MAX_INPUT_CHARS {
            return Err(MoneyError::Unreadable { text: echoed });
        }
        let parts = split(trimmed).ok_or_else(|| MoneyError::Unreadable {
            text: echoed.clone(),
        })?;
        let minor = match read_number(parts.number, writer) {
            Ok(minor) => minor,
            Err(Fault::TooManyDecimals) => {
                return Err(ambiguity(&parts, default, writer, &echoed)
                    .unwrap_or(MoneyError::TooManyDecimals { text: echoed }))
            }
            Err(fault) => return Err(fault.into_error(&echoed)),
        };
        if parts.negative || minor == 0 {
            return Err(MoneyError::NotPositive { text: echoed });
        }
        if minor > MAX_MINOR {
            return Err(MoneyError::TooLarge { text: echoed });
        }
        let currency = resolve_currency(parts.currency, default, &echoed)?;
        Ok(Money { minor, currency })
    }

    /// Whole units compared with a policy threshold: true if self > threshold units.
    ///
    /// Computed in `i128` so that no threshold, however large or negative, can overflow.
    pub fn exceeds(self, units: i64) -> bool {
        i128::from(self.minor) > i128::from(units) * i128::from(MINOR_PER_UNIT)
    }
}

impl fmt::Display for Money {
    /// The canonical form, `4,500.00 EUR`, used in logs and the audit trail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format(*self, false))
    }
}

/// `4,500.00 EUR` in English, `4.500,00 EUR` in Romanian. The code always follows the number,
/// so amounts line up in lists whatever currency they are in.
pub fn format(m: Money, ro: bool) -> String {
    format!("{} {}", format_number(m.minor, ro), m.currency.code())
}

/// `4,500.00` in English, `4.500,00` in Romanian: minor units as a number, without currency.
pub fn format_number(minor: i64, ro: bool) -> String {
    let (group, decimal) = if ro { ('.', ',') } else { (',', '.') };
    let sign = if minor < 0 { "-" } else { "" };
    // `unsigned_abs` cannot overflow, even for values built by `Money::new(i64::MIN, …)`.
    let minor = minor.unsigned_abs();
    let units = group_thousands(minor / 100, group);
    let cents = minor % 100;
    format!("{sign}{units}{decimal}{cents:02}")
}

/// `4500` → `4,500` with the given separator.
fn group_thousands(units: u64, separator: char) -> String {
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Why an amount was refused. Every variant has a Fluent message in `i18n/*/money.ftl`, which
/// `Msg::from` picks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    #[error("cannot read {text:?} as an amount")]
    Unreadable { text: String },
    #[error("{text:?} is not a positive amount")]
    NotPositive { text: String },
    #[error("{text:?} has more than two decimals")]
    TooManyDecimals { text: String },
    /// Read the writer's way the number has `decimals` (more than two) decimals; read the
    /// other way it is `other` minor units, in `currency` when one is known.
    #[error("{text:?} has {decimals} decimals as {writer:?} writes numbers")]
    Ambiguous {
        text: String,
        writer: Locale,
        decimals: usize,
        other: i64,
        currency: Option<Currency>,
    },
    #[error("{text:?} is in an unknown currency {currency:?}")]
    UnknownCurrency { text: String, currency: String },
    #[error("{text:?} has no currency")]
    MissingCurrency { text: String },
    #[error("{text:?} is larger than {MAX_UNITS} units")]
    TooLarge { text: String },
}

impl From<MoneyError> for Msg {
    fn from(error: MoneyError) -> Self {
        match error {
            MoneyError::Empty => Msg::new("money-empty"),
            MoneyError::Unreadable { text } => Msg::new("money-unreadable").arg("text", text),
            MoneyError::NotPositive { text } => Msg::new("money-not-positive").arg("text", text),
            MoneyError::TooManyDecimals { text } => {
                Msg::new("money-too-many-decimals").arg("text", text)
            }
            MoneyError::Ambiguous {
                text,
                writer,
                decimals,
                other,
                currency,
            } => ambiguous_message(text, writer, decimals, other, currency),
            MoneyError::UnknownCurrency { text, currency } => Msg::new("money-unknown-currency")
                .arg("text", text)
                .arg("currency", currency),
            MoneyError::MissingCurrency { text } => {
                Msg::new("money-missing-currency").arg("text", text)
            }
            MoneyError::TooLarge { text } => Msg::new("money-too-large").arg("text", text),
        }
    }
}

/// "Written the English way, `5.001` has 3 decimals …; the Romanian way it is 5,001.00 EUR.
/// Write `5001`, `5,001.00` or `5.001,00`." Refusals are read by the person who wrote the
/// amount, so the other reading is formatted in the writer's language.
fn ambiguous_message(
    text: String,
    writer: Locale,
    decimals: usize,
    other: i64,
    currency: Option<Currency>,
) -> Msg {
    let ro = writer == Locale::Ro;
    let reading = match currency {
        Some(c) => format(Money::new(other, c), ro),
        None => format_number(other, ro),
    };
    let mut forms = Vec::new();
    if other % MINOR_PER_UNIT == 0 {
        forms.push((other / MINOR_PER_UNIT).to_string());
    }
    forms.push(format_number(other, false));
    forms.push(format_number(other, true));
    let forms: Vec<String> = forms.iter().map(|f| format!("`{f}`")).collect();
    let id = match writer {
        Locale::En => "money-ambiguous-written-en",
        Locale::Ro => "money-ambiguous-written-ro",
    };
    Msg::new(id)
        .arg("text", text)
        .arg("decimals", decimals.to_string())
        .arg("other", reading)
        .arg("forms", forms.join(", "))
}

/// The refusal for a number with three decimals the writer's way, when the other language's
/// way reads it as a valid amount; `None` when it reads as nothing better (then the number
/// simply has too many decimals).
fn ambiguity(
    parts: &Parts<'_>,
    default: Option<Currency>,
    writer: Locale,
    echoed: &str,
) -> Option<MoneyError> {
    let other_writer = match writer {
        Locale::En => Locale::Ro,
        Locale::Ro => Locale::En,
    };
    let other = read_number(parts.number, other_writer).ok()?;
    if parts.negative || other == 0 || other > MAX_MINOR {
        return None;
    }
    let decimals = parts.number.rsplit(['.', ',']).next().map_or(0, str::len);
    let currency = parts.currency.map_or(default, Currency::parse);
    Some(MoneyError::Ambiguous {
        text: echoed.to_owned(),
        writer,
        decimals,
        other,
        currency,
    })
}

// --- splitting the text -------------------------------------------------------------------

/// The text cut into the number (first digit to last digit) and what surrounds it.
#[derive(Debug, PartialEq, Eq)]
struct Parts<'a> {
    number: &'a str,
    /// The currency as written, if any, trimmed.
    currency: Option<&'a str>,
    negative: bool,
}

/// Minus signs: ASCII hyphen-minus and the typographic minus that phones and word processors
/// insert.
const MINUS_SIGNS: [char; 2] = ['-', '\u{2212}'];

/// Splits `€ -4 500,50` into sign, currency and number. `None` when there is no digit, when
/// text stands on both sides of the number, or when a minus sign is anywhere but next to the
/// number's outside edge.
fn split(text: &str) -> Option<Parts<'_>> {
    let first = text.find(|c: char| c.is_ascii_digit())?;
    let last = text.rfind(|c: char| c.is_ascii_digit())?;
    // Both indices point at ASCII digits, so both slices fall on character boundaries.
    let (before, rest) = text.split_at(first);
    let (number, after) = rest.split_at(last - first + 1);
    let (before, negative) = strip_minus(before.trim());
    let after = after.trim();
    let currency = match (before.is_empty(), after.is_empty()) {
        (true, true) => None,
        (false, true) => Some(before),
        (true, false) => Some(after),
        (false, false) => return None,
    };
    Some(Parts {
        number,
        currency,
        negative,
    })
}

/// Removes a minus sign at either end of the text before the number (`-€5`, `€-5`).
fn strip_minus(before: &str) -> (&str, bool) {
    if let Some(rest) = before.strip_prefix(MINUS_SIGNS) {
        (rest.trim(), true)
    } else if let Some(rest) = before.strip_suffix(MINUS_SIGNS) {
        (rest.trim(), true)
    } else {
        (before, false)
    }
}

/// The currency written, else the default. Text that could be a currency name (letters, or a
/// single symbol such as `£`) is an unknown currency; anything else (`4500.`, `US$`) is
/// unreadable, since telling the user "`.` is not a currency" would only confuse.
fn resolve_currency(
    written: Option<&str>,
    default: Option<Currency>,
    echoed: &str,
) -> Result<Currency, MoneyError> {
    let Some(word) = written else {
        return default.ok_or_else(|| MoneyError::MissingCurrency {
            text: echoed.to_owned(),
        });
    };
    if let Some(currency) = Currency::parse(word) {
        return Ok(currency);
    }
    if looks_like_currency(word) {
        Err(MoneyError::UnknownCurrency {
            text: echoed.to_owned(),
            currency: echo(word, MAX_ECHO_CHARS),
        })
    } else {
        Err(MoneyError::Unreadable {
            text: echoed.to_owned(),
        })
    }
}

/// A word (`GBP`, `lire`) or one non-ASCII symbol (`£`, `¥`).
fn looks_like_currency(word: &str) -> bool {
    let mut chars = word.chars();
    let single_symbol = match (chars.next(), chars.next()) {
        (Some(c), None) => !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace(),
        _ => false,
    };
    single_symbol || word.chars().all(char::is_alphabetic)
}

// --- reading the number -------------------------------------------------------------------

/// A mark between two runs of digits. Any run of white space (space, no-break space, narrow
/// no-break space) counts as one `Space`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Dot,
    Comma,
    Space,
}

/// Why the number could not be read; turned into a [`MoneyError`] once the echo is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Unreadable,
    TooManyDecimals,
    TooLarge,
}

impl Fault {
    fn into_error(self, echoed: &str) -> MoneyError {
        let text = echoed.to_owned();
        match self {
            Fault::Unreadable => MoneyError::Unreadable { text },
            Fault::TooManyDecimals => MoneyError::TooManyDecimals { text },
            Fault::TooLarge => MoneyError::TooLarge { text },
        }
    }
}

/// `4 500,50` → runs `["4", "500", "50"]` and marks `[Space, Comma]`.
#[derive(Debug, PartialEq, Eq)]
struct Tokens<'a> {
    runs: Vec<&'a str>,
    marks: Vec<Mark>,
}

/// The number in minor units as `writer`'s language reads it, not yet checked for sign or
/// size limits.
fn read_number(number: &str, writer: Locale) -> Result<i64, Fault> {
    let Tokens { runs, marks } = tokenize(number).ok_or(Fault::Unreadable)?;
    let decimal_mark = match writer {
        Locale::En => Mark::Dot,
        Locale::Ro => Mark::Comma,
    };
    let (int_runs, int_marks, fraction) = split_fraction(&runs, &marks, decimal_mark);
    check_grouping(int_runs, int_marks, fraction.map(|(mark, _)| mark))?;
    let fraction = fraction.map_or("", |(_, digits)| digits);
    if fraction.len() > 2 {
        return Err(Fault::TooManyDecimals);
    }
    to_minor(int_runs, fraction)
}

/// Cuts the number into digit runs and the marks between them. `None` for any other
/// character or for two marks in a row (`4.,5`, `4 .500`). The number starts and ends with a
/// digit (see [`split`]), so there is always one more run than marks.
fn tokenize(number: &str) -> Option<Tokens<'_>> {
    let mut runs = Vec::new();
    let mut marks = Vec::new();
    let mut start: Option<usize> = None;
    let mut pending: Option<Mark> = None;
    for (i, c) in number.char_indices() {
        if c.is_ascii_digit() {
            if let Some(mark) = pending.take() {
                marks.push(mark);
            }
            start.get_or_insert(i);
            continue;
        }
        let mark = match c {
            '.' => Mark::Dot,
            ',' => Mark::Comma,
            c if c.is_whitespace() => Mark::Space,
            _ => return None,
        };
        if let Some(from) = start.take() {
            runs.push(number.get(from..i)?);
        }
        pending = match pending {
            None => Some(mark),
            Some(Mark::Space) if mark == Mark::Space => Some(Mark::Space),
            Some(_) => return None,
        };
    }
    runs.push(number.get(start?..)?);
    (runs.len() == marks.len() + 1).then_some(Tokens { runs, marks })
}

/// Decides whether the last mark is a decimal separator, `decimal_mark` being the writer's.
/// Returns the integer runs, their marks, and the decimal mark with its digits when there is
/// one.
fn split_fraction<'r, 'a>(
    runs: &'r [&'a str],
    marks: &'r [Mark],
    decimal_mark: Mark,
) -> (&'r [&'a str], &'r [Mark], Option<(Mark, &'a str)>) {
    let (Some((&last_mark, int_marks)), Some((&last_run, int_runs))) =
        (marks.split_last(), runs.split_last())
    else {
        return (runs, marks, None);
    };
    if last_mark == Mark::Space
        || !is_decimal(last_mark, last_run, int_runs, int_marks, decimal_mark)
    {
        return (runs, marks, None);
    }
    (int_runs, int_marks, Some((last_mark, last_run)))
}

/// Whether `last_run`, after the `.` or `,` `last_mark`, is decimals rather than a group.
/// Three digits after a mark used once are decimals when that mark is the writer's decimal
/// mark (`decimal_mark`).
fn is_decimal(
    last_mark: Mark,
    last_run: &str,
    int_runs: &[&str],
    int_marks: &[Mark],
    decimal_mark: Mark,
) -> bool {
    match last_run.len() {
        3 => {
            let other_mark_before = int_marks
                .iter()
                .any(|m| *m != last_mark && *m != Mark::Space);
            let leading_zero = int_runs.first().is_some_and(|r| r.starts_with('0'));
            let used_once = !int_marks.contains(&last_mark);
            other_mark_before || leading_zero || (used_once && last_mark == decimal_mark)
        }
        _ => true,
    }
}

/// Thousands groups: one mark throughout, different from the decimal mark; a first group of
/// one to three digits not starting with `0`; then groups of exactly three.
fn check_grouping(runs: &[&str], marks: &[Mark], decimal: Option<Mark>) -> Result<(), Fault> {
    let Some(&group_mark) = marks.first() else {
        return Ok(());
    };
    let one_mark = marks.iter().all(|m| *m == group_mark) && Some(group_mark) != decimal;
    let first_ok = runs
        .first()
        .is_some_and(|r| (1..=3).contains(&r.len()) && !r.starts_with('0'));
    let rest_ok = runs.iter().skip(1).all(|r| r.len() == 3);
    if one_mark && first_ok && rest_ok {
        Ok(())
    } else {
        Err(Fault::Unreadable)
    }
}

/// Joins the integer runs and the (at most two) decimal digits into minor units.
fn to_minor(int_runs: &[&str], fraction: &str) -> Result<i64, Fault> {
    let digits: String = int_runs.concat();
    let significant = digits.trim_start_matches('0');
    // 13 digits is already ten times MAX_UNITS; refusing longer strings up front keeps the
    // arithmetic below far from i64 overflow.
    if significant.len() > 13 {
        return Err(Fault::TooLarge);
    }
    let units: i64 = if significant.is_empty() {
        0
    } else {
        significant.parse().map_err(|_| Fault::Unreadable)?
    };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| Fault::Unreadable)? * 10,
        _ => fraction.parse().map_err(|_| Fault::Unreadable)?,
    };
    units
        .checked_mul(MINOR_PER_UNIT)
        .and_then(|m| m.checked_add(cents))
        .ok_or(Fault::TooLarge)
}

#[cfg(test)]
mod tests;
