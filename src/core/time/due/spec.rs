//! Step one of reading a due date: tokens become a [`Spec`], what the text says before any
//! clock or calendar is consulted. The words only due dates use are listed here; the ones
//! shared with repeat rules (weekdays, times of day) are in [`crate::core::time::words`].

use chrono::Weekday;

use crate::core::time::words::{
    all_digits, match_row, parse_time_phrase, strip_optional, strip_phrase, RawTime, Row,
    WEEKDAY_WORDS,
};

// --- word tables ------------------------------------------------------------------------
//
// Lower-case and without diacritics, as the tokenizer produces them; multi-word rows are
// matched longest first, so row order does not matter.

/// Days counted from today.
const DAY_OFFSET_WORDS: &[Row<u32>] = &[
    (&["today"], 0),
    (&["azi"], 0),
    (&["astazi"], 0),
    (&["tomorrow"], 1),
    (&["maine"], 1),
    (&["day", "after", "tomorrow"], 2),
    (&["the", "day", "after", "tomorrow"], 2),
    (&["poimaine"], 2),
];

/// `next friday`: the weekday of next week (written before the weekday).
const NEXT_BEFORE_WORDS: &[&[&str]] = &[&["next"]];

/// `vinerea viitoare`: the same, written after the weekday.
const NEXT_AFTER_WORDS: &[&[&str]] = &[&["viitoare"], &["urmatoare"], &["viitor"]];

/// The end of a period: of today's working day, of the week's, of the month's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
    Day,
    Week,
    Month,
}

const PERIOD_END_WORDS: &[Row<Period>] = &[
    (&["end", "of", "day"], Period::Day),
    (&["end", "of", "the", "day"], Period::Day),
    (&["end", "of", "today"], Period::Day),
    (&["eod"], Period::Day),
    (&["sfarsitul", "zilei"], Period::Day),
    (&["finalul", "zilei"], Period::Day),
    (&["end", "of", "week"], Period::Week),
    (&["end", "of", "the", "week"], Period::Week),
    (&["end", "of", "this", "week"], Period::Week),
    (&["eow"], Period::Week),
    (&["sfarsitul", "saptamanii"], Period::Week),
    (&["finalul", "saptamanii"], Period::Week),
    (&["end", "of", "month"], Period::Month),
    (&["end", "of", "the", "month"], Period::Month),
    (&["end", "of", "this", "month"], Period::Month),
    (&["eom"], Period::Month),
    (&["sfarsitul", "lunii"], Period::Month),
    (&["finalul", "lunii"], Period::Month),
];

/// Units of `in <n> <unit>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    WorkingDay,
}

const UNIT_WORDS: &[Row<Unit>] = &[
    (&["minute"], Unit::Minute),
    (&["minutes"], Unit::Minute),
    (&["min"], Unit::Minute),
    (&["mins"], Unit::Minute),
    (&["minut"], Unit::Minute),
    (&["minutul"], Unit::Minute),
    (&["hour"], Unit::Hour),
    (&["hours"], Unit::Hour),
    (&["hr"], Unit::Hour),
    (&["hrs"], Unit::Hour),
    (&["h"], Unit::Hour),
    (&["ora"], Unit::Hour),
    (&["ore"], Unit::Hour),
    (&["day"], Unit::Day),
    (&["days"], Unit::Day),
    (&["zi"], Unit::Day),
    (&["zile"], Unit::Day),
    (&["week"], Unit::Week),
    (&["weeks"], Unit::Week),
    (&["saptamana"], Unit::Week),
    (&["saptamani"], Unit::Week),
    (&["working", "day"], Unit::WorkingDay),
    (&["working", "days"], Unit::WorkingDay),
    (&["business", "day"], Unit::WorkingDay),
    (&["business", "days"], Unit::WorkingDay),
    (&["workday"], Unit::WorkingDay),
    (&["workdays"], Unit::WorkingDay),
    (&["zi", "lucratoare"], Unit::WorkingDay),
    (&["zile", "lucratoare"], Unit::WorkingDay),
];

/// Amounts written as words (`in an hour`, `peste două ore`).
const AMOUNT_WORDS: &[Row<u32>] = &[
    (&["a"], 1),
    (&["an"], 1),
    (&["one"], 1),
    (&["two"], 2),
    (&["three"], 3),
    (&["four"], 4),
    (&["five"], 5),
    (&["o"], 1),
    (&["un"], 1),
    (&["una"], 1),
    (&["doi"], 2),
    (&["doua"], 2),
    (&["trei"], 3),
    (&["patru"], 4),
    (&["cinci"], 5),
];

/// Words that start a relative form: `in 2 hours`, `peste 2 ore` (`în` folds to `in`).
const IN_WORDS: &[&[&str]] = &[&["in"], &["peste"]];

/// Romanian puts `de` between a number from 20 up and its noun (`30 de minute`); accepted anywhere.
const AMOUNT_LINK_WORDS: &[&[&str]] = &[&["de"]];

/// Words a manager may put in front of any due date: `by friday`, `până mâine`. The flag
/// says whether the word also makes a following bare number a time (`by 5`, `la 17`); `on`
/// does not (`on 9` could be a day of the month).
const LEADING_WORDS: &[Row<bool>] = &[
    (&["by"], true),
    (&["until"], true),
    (&["till"], true),
    (&["at"], true),
    (&["pana"], true),
    (&["pana", "la"], true),
    (&["la"], true),
    (&["on"], false),
    (&["due"], false),
    (&["pana", "in"], false),
];

/// Separates an ISO date from its time: `2026-12-01T17:00` tokenizes as `2026-12-01 t 17:00`.
const ISO_TIME_SEPARATOR: &str = "t";

// --- the spec ---------------------------------------------------------------------------

/// A date as written, checked later so that `2026-02-30` gets its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawDate {
    pub(super) year: i32,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) src: String,
}

/// The day part of an absolute due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Anchor {
    /// `today`, `mâine`, `poimâine`.
    DaysFromToday(u32),
    /// `vineri`; with `next` set, `next friday` / `vinerea viitoare`.
    Weekday {
        day: Weekday,
        next: bool,
    },
    Date(RawDate),
}

/// What the text says, before any clock or calendar is consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Spec {
    At {
        anchor: Anchor,
        time: Option<RawTime>,
    },
    TimeToday(RawTime),
    In {
        amount: u32,
        unit: Unit,
        time: Option<RawTime>,
    },
    EndOf(Period),
}

/// Any of the forms described in the [`due`](super) docs, consuming every token.
pub(super) fn parse_spec(tokens: &[String]) -> Option<Spec> {
    let (time_word, tokens) = match match_row(tokens, LEADING_WORDS) {
        Some((time_word, rest)) => (time_word, rest),
        None => (false, tokens),
    };
    parse_relative(tokens)
        .or_else(|| parse_period_end(tokens))
        .or_else(|| parse_anchor_then_time(tokens))
        .or_else(|| parse_time_then_anchor(tokens))
        .or_else(|| parse_time_today(tokens, time_word))
}

/// `in|peste <amount> [de] <unit> [time]` (a time only after day-based units).
fn parse_relative(tokens: &[String]) -> Option<Spec> {
    let rest = strip_phrase(tokens, IN_WORDS)?;
    let (first, rest) = rest.split_first()?;
    let amount = parse_amount(first)?;
    let (_, rest) = strip_optional(rest, AMOUNT_LINK_WORDS);
    let (unit, rest) = match_row(rest, UNIT_WORDS)?;
    if rest.is_empty() {
        return Some(Spec::In {
            amount,
            unit,
            time: None,
        });
    }
    if matches!(unit, Unit::Minute | Unit::Hour) {
        return None;
    }
    let (time, _, rest) = parse_time_phrase(rest)?;
    rest.is_empty().then_some(Spec::In {
        amount,
        unit,
        time: Some(time),
    })
}

/// A positive amount in digits or words; digits too large for `u32` saturate (→ too far).
fn parse_amount(token: &str) -> Option<u32> {
    let amount = if all_digits(token) {
        token.parse().unwrap_or(u32::MAX)
    } else {
        let word = [token.to_owned()];
        match_row(&word, AMOUNT_WORDS)?.0
    };
    (amount > 0).then_some(amount)
}

fn parse_period_end(tokens: &[String]) -> Option<Spec> {
    match match_row(tokens, PERIOD_END_WORDS)? {
        (period, []) => Some(Spec::EndOf(period)),
        _ => None,
    }
}

/// `<anchor> [time]`.
fn parse_anchor_then_time(tokens: &[String]) -> Option<Spec> {
    let (anchor, rest) = parse_anchor(tokens)?;
    if rest.is_empty() {
        return Some(Spec::At { anchor, time: None });
    }
    let (time, _, rest) = parse_time_phrase(rest)?;
    rest.is_empty().then_some(Spec::At {
        anchor,
        time: Some(time),
    })
}

/// `<time> <anchor>`: `5pm tomorrow`, `la 10 lunea viitoare`.
fn parse_time_then_anchor(tokens: &[String]) -> Option<Spec> {
    let (time, _, rest) = parse_time_phrase(tokens)?;
    match parse_anchor(rest)? {
        (anchor, []) => Some(Spec::At {
            anchor,
            time: Some(time),
        }),
        _ => None,
    }
}

/// A time alone means today, but only when it cannot be a number meaning something else.
fn parse_time_today(tokens: &[String], time_word: bool) -> Option<Spec> {
    match parse_time_phrase(tokens)? {
        (time, connected, []) if time.explicit || connected || time_word => {
            Some(Spec::TimeToday(time))
        }
        _ => None,
    }
}

fn parse_anchor(tokens: &[String]) -> Option<(Anchor, &[String])> {
    if let Some((days, rest)) = match_row(tokens, DAY_OFFSET_WORDS) {
        return Some((Anchor::DaysFromToday(days), rest));
    }
    if let Some(rest) = strip_phrase(tokens, NEXT_BEFORE_WORDS) {
        let (day, rest) = match_row(rest, WEEKDAY_WORDS)?;
        return Some((Anchor::Weekday { day, next: true }, rest));
    }
    if let Some((day, rest)) = match_row(tokens, WEEKDAY_WORDS) {
        let (next, rest) = strip_optional(rest, NEXT_AFTER_WORDS);
        return Some((Anchor::Weekday { day, next }, rest));
    }
    let (first, rest) = tokens.split_first()?;
    if let Some(date) = parse_iso_date(first) {
        return match rest.split_first() {
            // `2026-12-01T` with nothing after the `T` is not a date-time.
            Some((t, [])) if t == ISO_TIME_SEPARATOR => None,
            Some((t, after)) if t == ISO_TIME_SEPARATOR => Some((Anchor::Date(date), after)),
            _ => Some((Anchor::Date(date), rest)),
        };
    }
    parse_dotted_date(first).map(|date| (Anchor::Date(date), rest))
}

/// `YYYY-MM-DD` (month and day may have one digit).
fn parse_iso_date(token: &str) -> Option<RawDate> {
    let [year, month, day] = split3(token, '-')?;
    raw_date(token, (year, 4..=4), (month, 1..=2), (day, 1..=2))
}

/// `DD.MM.YYYY`, the Romanian order.
fn parse_dotted_date(token: &str) -> Option<RawDate> {
    let [day, month, year] = split3(token, '.')?;
    raw_date(token, (year, 4..=4), (month, 1..=2), (day, 1..=2))
}

fn split3(token: &str, separator: char) -> Option<[&str; 3]> {
    let mut parts = token.split(separator);
    let parts3 = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(parts3)
}

type Field<'s> = (&'s str, std::ops::RangeInclusive<usize>);

fn raw_date(src: &str, year: Field, month: Field, day: Field) -> Option<RawDate> {
    let number = |(text, widths): Field| {
        (widths.contains(&text.len()) && all_digits(text)).then(|| text.parse::<u32>().ok())?
    };
    Some(RawDate {
        year: i32::try_from(number(year)?).ok()?,
        month: number(month)?,
        day: number(day)?,
        src: src.to_owned(),
    })
}

/// `1/12`, `12/1/2026`: digits and slashes only.
pub(super) fn is_slash_date(token: &str) -> bool {
    token.contains('/') && token.chars().all(|c| c.is_ascii_digit() || c == '/')
}
