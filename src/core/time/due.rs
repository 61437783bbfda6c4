//! Due dates typed in plain English or Romanian: `vineri 15:00`, `tomorrow at 5pm`,
//! `peste 2 zile lucrătoare`, `2026-12-01 17:00`, `sfârșitul lunii`.
//!
//! Parsing happens in two steps so that every refusal is precise:
//!
//! 1. [`tokenize`] lower-cases the text, folds Romanian diacritics (`mâine` and `maine`
//!    read the same, as do the legacy cedilla letters `ş ţ`) and splits `5pm` into `5 pm`.
//!    A small recursive-descent parser then turns the tokens into a [`Spec`]. Every word it
//!    knows lives in one of the tables below, so adding a language is adding rows.
//! 2. [`evaluate`] turns the spec into an instant using the context's clock, the delegator's
//!    zone and the assignee's [`BusinessCalendar`]; out-of-range numbers, past instants and
//!    daylight-saving gaps are refused here with their own [`DueError`].
//!
//! Rules worth knowing (each is tested):
//!
//! * Minutes and hours (`in 2 hours`) are exact elapsed time from `now`. Days and weeks
//!   (`in 3 days`) keep the wall-clock time of `now`, because "in a week" at 10:00 means
//!   10:00 next week even when the clocks change in between.
//! * Every other form is a wall-clock time in the delegator's zone (`ctx.tz`).
//! * A date without a time means the end of that working day in the assignee's calendar.
//!   When the date is not a working day (a weekend or holiday) we still keep the date the
//!   manager named, at the calendar's *usual* closing time: the closing time of its first
//!   open weekday (Monday first). Silently moving the deadline to another day would surprise.
//! * A bare weekday (`vineri`) is today when the resulting instant is still in the future,
//!   otherwise the same weekday next week. `next friday` / `vinerea viitoare` is always the
//!   Friday of next week (weeks run Monday to Sunday), so on a Sunday `next monday` is
//!   tomorrow.
//! * A local time skipped by a spring-forward gap is refused with [`DueError::NoSuchLocalTime`]
//!   (the manager typed a time that will never appear on a clock); a time repeated by an
//!   autumn fold takes its *first* occurrence, so a deadline never moves later than it reads.
//! * A bare number is not a time (`9` alone could be a day of the month); `9:00`, `9am`,
//!   `la 9` and `at 9` are, and mean today at that time. We never roll a past time over to
//!   tomorrow: a manager who types `15:00` at 16:00 has most likely made a mistake.
//! * Dates with slashes (`1/12`) are refused: English and Romanian readers disagree on them.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use super::business_hours::BusinessCalendar;

/// How far ahead a due date may lie: five years (with the leap days).
const MAX_AHEAD_DAYS: i64 = 5 * 365 + 2;

/// Longer input is refused outright; no real due date needs more, and it bounds the work.
const MAX_INPUT_CHARS: usize = 120;

/// User text echoed inside an error is cut to this many characters.
const MAX_ECHO_CHARS: usize = 60;

/// What the parser needs to know besides the text.
#[derive(Debug, Clone, Copy)]
pub struct DueContext<'a> {
    pub now: DateTime<Utc>,
    /// The delegator's zone: the text is read in it ("tomorrow 9" is 9:00 there).
    pub tz: Tz,
    /// The assignee's department calendar: working days, holidays, end of the working day.
    pub calendar: &'a BusinessCalendar,
}

/// Why a due date was refused. Every variant has a Fluent message (see [`DueError::message`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueError {
    #[error("no due date given")]
    Empty,
    #[error("cannot read {text:?} as a due date")]
    Unreadable { text: String },
    #[error("{text:?} uses slashes, which English and Romanian read differently")]
    SlashDate { text: String },
    #[error("{text:?} is not a date on the calendar")]
    BadDate { text: String },
    #[error("{time:?} is not a time of day")]
    BadTime { time: String },
    #[error("{text:?} means {at_local}, which has already passed")]
    InPast { text: String, at_local: String },
    #[error("{date} {time} does not exist in {tz}: clocks jump from {gap_from} to {gap_to}")]
    NoSuchLocalTime {
        date: String,
        time: String,
        tz: String,
        gap_from: String,
        gap_to: String,
    },
    #[error("{text:?} is more than five years away")]
    TooFar { text: String },
}

impl DueError {
    /// The Fluent message id (in `i18n/*/dates.ftl`) and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            DueError::Empty => ("due-empty", vec![]),
            DueError::Unreadable { text } => ("due-unreadable", vec![("text", text.clone())]),
            DueError::SlashDate { text } => ("due-slash-date", vec![("text", text.clone())]),
            DueError::BadDate { text } => ("due-bad-date", vec![("text", text.clone())]),
            DueError::BadTime { time } => ("due-bad-time", vec![("time", time.clone())]),
            DueError::InPast { text, at_local } => (
                "due-in-past",
                vec![("text", text.clone()), ("at_local", at_local.clone())],
            ),
            DueError::NoSuchLocalTime {
                date,
                time,
                tz,
                gap_from,
                gap_to,
            } => (
                "due-no-such-local-time",
                vec![
                    ("date", date.clone()),
                    ("time", time.clone()),
                    ("tz", tz.clone()),
                    ("gap_from", gap_from.clone()),
                    ("gap_to", gap_to.clone()),
                ],
            ),
            DueError::TooFar { text } => ("due-too-far", vec![("text", text.clone())]),
        }
    }
}

// --- word tables ------------------------------------------------------------------------
//
// All words are written lower-case and without diacritics, as [`tokenize`] produces them.
// Multi-word rows are matched longest first, so row order does not matter.

/// A row: a phrase (one or more tokens) and what it means.
pub(crate) type Row<T> = (&'static [&'static str], T);

/// Weekday names, full, short and (Romanian) articulated: `vinerea viitoare`.
pub(crate) const WEEKDAY_WORDS: &[Row<Weekday>] = &[
    (&["monday"], Weekday::Mon),
    (&["mon"], Weekday::Mon),
    (&["tuesday"], Weekday::Tue),
    (&["tue"], Weekday::Tue),
    (&["tues"], Weekday::Tue),
    (&["wednesday"], Weekday::Wed),
    (&["wed"], Weekday::Wed),
    (&["thursday"], Weekday::Thu),
    (&["thu"], Weekday::Thu),
    (&["thurs"], Weekday::Thu),
    (&["friday"], Weekday::Fri),
    (&["fri"], Weekday::Fri),
    (&["saturday"], Weekday::Sat),
    (&["sat"], Weekday::Sat),
    (&["sunday"], Weekday::Sun),
    (&["sun"], Weekday::Sun),
    (&["luni"], Weekday::Mon),
    (&["lunea"], Weekday::Mon),
    (&["lun"], Weekday::Mon),
    (&["marti"], Weekday::Tue),
    (&["martea"], Weekday::Tue),
    (&["mar"], Weekday::Tue),
    (&["miercuri"], Weekday::Wed),
    (&["miercurea"], Weekday::Wed),
    (&["mie"], Weekday::Wed),
    (&["joi"], Weekday::Thu),
    (&["joia"], Weekday::Thu),
    (&["vineri"], Weekday::Fri),
    (&["vinerea"], Weekday::Fri),
    (&["vin"], Weekday::Fri),
    // `sâmbătă` and the articulated `sâmbăta` fold to the same token; so do `duminică`/`duminica`.
    (&["sambata"], Weekday::Sat),
    (&["sam"], Weekday::Sat),
    (&["duminica"], Weekday::Sun),
    (&["dum"], Weekday::Sun),
];

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
enum Period {
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
enum Unit {
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

/// Words that may introduce a time: `at 5pm`, `la 17:30`, `la ora 9`.
pub(crate) const TIME_CONNECTOR_WORDS: &[&[&str]] = &[&["at"], &["la"], &["la", "ora"], &["ora"]];

/// Words for 12:00.
const NOON_WORDS: &[&[&str]] = &[&["noon"], &["midday"], &["pranz"], &["amiaza"]];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// `5pm`, `5 p.m.` (the trailing dot is dropped by the tokenizer).
const MERIDIEM_WORDS: &[Row<Meridiem>] = &[
    (&["am"], Meridiem::Am),
    (&["a.m"], Meridiem::Am),
    (&["pm"], Meridiem::Pm),
    (&["p.m"], Meridiem::Pm),
];

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

/// Characters that separate words besides white space (quotes, including Romanian „”).
const SEPARATOR_CHARS: &[char] = &[',', ';', '"', '\'', '„', '”', '“', '«', '»', '!', '?'];

// --- tokens and phrase matching ---------------------------------------------------------

/// Lower-cases, folds diacritics and splits into tokens; a digit next to a letter starts a
/// new token (`5pm` → `5`, `pm`), and a trailing `.` is dropped (`mâine.`).
pub(crate) fn tokenize(text: &str) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_diacritic)
        .collect();
    let mut tokens = Vec::new();
    for word in folded.split(|c: char| c.is_whitespace() || SEPARATOR_CHARS.contains(&c)) {
        split_digits_from_letters(word, &mut tokens);
    }
    tokens
}

/// Romanian letters (comma-below and the legacy cedilla forms) to their base letter.
fn fold_diacritic(c: char) -> char {
    match c {
        'ă' | 'â' => 'a',
        'î' => 'i',
        'ș' | 'ş' => 's',
        'ț' | 'ţ' => 't',
        other => other,
    }
}

/// Pushes the pieces of `word`, split wherever a digit meets a letter.
fn split_digits_from_letters(word: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut previous_is_digit: Option<bool> = None;
    for c in word.chars() {
        let is_digit = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        if let (Some(now), Some(before)) = (is_digit, previous_is_digit) {
            if now != before {
                push_token(std::mem::take(&mut current), out);
            }
        }
        if is_digit.is_some() {
            previous_is_digit = is_digit;
        }
        current.push(c);
    }
    push_token(current, out);
}

fn push_token(token: String, out: &mut Vec<String>) {
    let token = token.trim_end_matches('.');
    if !token.is_empty() {
        out.push(token.to_owned());
    }
}

/// Does `tokens` start with `phrase`?
fn starts_with(tokens: &[String], phrase: &[&str]) -> bool {
    tokens.len() >= phrase.len() && tokens.iter().zip(phrase).all(|(t, p)| t == p)
}

/// The longest row of `table` that starts `tokens`, with the tokens after it.
pub(crate) fn match_row<'t, T: Copy>(
    tokens: &'t [String],
    table: &[Row<T>],
) -> Option<(T, &'t [String])> {
    table
        .iter()
        .filter(|(phrase, _)| starts_with(tokens, phrase))
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(phrase, value)| (*value, &tokens[phrase.len()..]))
}

/// The tokens after the longest of `phrases` that starts `tokens`, if any does.
pub(crate) fn strip_phrase<'t>(tokens: &'t [String], phrases: &[&[&str]]) -> Option<&'t [String]> {
    phrases
        .iter()
        .filter(|phrase| starts_with(tokens, phrase))
        .max_by_key(|phrase| phrase.len())
        .map(|phrase| &tokens[phrase.len()..])
}

/// Like [`strip_phrase`] for optional words: whether one was there, and what follows.
pub(crate) fn strip_optional<'t>(
    tokens: &'t [String],
    phrases: &[&[&str]],
) -> (bool, &'t [String]) {
    match strip_phrase(tokens, phrases) {
        Some(rest) => (true, rest),
        None => (false, tokens),
    }
}

// --- times ------------------------------------------------------------------------------

/// A time as written, checked later so that `25:00` gets its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTime {
    hour: u32,
    minute: u32,
    meridiem: Option<Meridiem>,
    /// Written so that it cannot be anything but a time (`9:00`, `9am`, `noon`).
    explicit: bool,
    /// The tokens it was read from, for error messages.
    pub(crate) src: String,
}

impl RawTime {
    /// The time of day, or `None` for `24:00`, `9:75`, `13pm`, `0am`.
    pub(crate) fn to_time(&self) -> Option<NaiveTime> {
        let hour = match self.meridiem {
            None => self.hour,
            Some(_) if !(1..=12).contains(&self.hour) => return None,
            Some(Meridiem::Am) => self.hour % 12,
            Some(Meridiem::Pm) => self.hour % 12 + 12,
        };
        NaiveTime::from_hms_opt(hour, self.minute, 0)
    }
}

/// `[at|la|la ora] (H | H:MM | noon) [am|pm]`: the time, whether a connector introduced it,
/// and the tokens after it.
pub(crate) fn parse_time_phrase(tokens: &[String]) -> Option<(RawTime, bool, &[String])> {
    let (connected, tokens) = strip_optional(tokens, TIME_CONNECTOR_WORDS);
    if let Some(rest) = strip_phrase(tokens, NOON_WORDS) {
        let noon = RawTime {
            hour: 12,
            minute: 0,
            meridiem: None,
            explicit: true,
            src: tokens[0].clone(),
        };
        return Some((noon, connected, rest));
    }
    let (first, rest) = tokens.split_first()?;
    let (hour, minute, colon) = parse_clock(first)?;
    let (meridiem, rest) = match match_row(rest, MERIDIEM_WORDS) {
        Some((meridiem, after)) => (Some(meridiem), after),
        None => (None, rest),
    };
    let used = tokens.len() - rest.len();
    let time = RawTime {
        hour,
        minute,
        meridiem,
        explicit: colon || meridiem.is_some(),
        src: tokens[..used].join(""),
    };
    Some((time, connected, rest))
}

/// `H`, `HH`, `H:MM` or `HH:MM` (not range-checked): hour, minute, and whether a colon was used.
fn parse_clock(token: &str) -> Option<(u32, u32, bool)> {
    let (hour, minute) = match token.split_once(':') {
        Some((hour, minute)) if minute.len() == 2 && all_digits(minute) => (hour, Some(minute)),
        Some(_) => return None,
        None => (token, None),
    };
    if !(1..=2).contains(&hour.len()) || !all_digits(hour) {
        return None;
    }
    let minutes = minute.map_or(Some(0), |m| m.parse().ok())?;
    Some((hour.parse().ok()?, minutes, minute.is_some()))
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

// --- the spec ---------------------------------------------------------------------------

/// A date as written, checked later so that `2026-02-30` gets its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawDate {
    year: i32,
    month: u32,
    day: u32,
    src: String,
}

/// The day part of an absolute due date.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Anchor {
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
enum Spec {
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

/// Any of the forms in the module docs, consuming every token.
fn parse_spec(tokens: &[String]) -> Option<Spec> {
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
fn is_slash_date(token: &str) -> bool {
    token.contains('/') && token.chars().all(|c| c.is_ascii_digit() || c == '/')
}

// --- evaluation -------------------------------------------------------------------------

/// Reads `text` as a due date; see the module docs for the forms and rules.
pub fn parse_due(text: &str, ctx: &DueContext) -> Result<DateTime<Utc>, DueError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DueError::Empty);
    }
    let echo = echo(text);
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(DueError::Unreadable { text: echo });
    }
    let tokens = tokenize(text);
    if tokens.iter().any(|t| is_slash_date(t)) {
        return Err(DueError::SlashDate { text: echo });
    }
    let spec = parse_spec(&tokens).ok_or_else(|| DueError::Unreadable { text: echo.clone() })?;
    let at = evaluate(&spec, ctx, &echo)?;
    check_window(at, ctx, echo)
}

/// User text as quoted back in errors: at most [`MAX_ECHO_CHARS`] characters.
fn echo(text: &str) -> String {
    if text.chars().count() <= MAX_ECHO_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_ECHO_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Refuses instants at or before `now` and beyond [`MAX_AHEAD_DAYS`].
fn check_window(
    at: DateTime<Utc>,
    ctx: &DueContext,
    text: String,
) -> Result<DateTime<Utc>, DueError> {
    if at <= ctx.now {
        let at_local = local_naive(at, ctx.tz)
            .unwrap_or_else(|| at.naive_utc())
            .format("%Y-%m-%d %H:%M")
            .to_string();
        return Err(DueError::InPast { text, at_local });
    }
    let limit = ctx
        .now
        .checked_add_signed(Duration::days(MAX_AHEAD_DAYS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    if at > limit {
        return Err(DueError::TooFar { text });
    }
    Ok(at)
}

fn evaluate(spec: &Spec, ctx: &DueContext, text: &str) -> Result<DateTime<Utc>, DueError> {
    let now_local = local_naive(ctx.now, ctx.tz).ok_or_else(|| DueError::TooFar {
        text: text.to_owned(),
    })?;
    let today = now_local.date();
    let too_far = || DueError::TooFar {
        text: text.to_owned(),
    };
    match spec {
        Spec::At { anchor, time } => {
            let time = time.as_ref().map(checked_time).transpose()?;
            at_anchor(anchor, time, today, ctx).map_err(|e| e.or_too_far(text))
        }
        Spec::TimeToday(time) => wall_clock(today, checked_time(time)?, ctx.tz),
        Spec::In { amount, unit, time } => {
            let time = time.as_ref().map(checked_time).transpose()?;
            relative(*amount, *unit, time, now_local, ctx).ok_or_else(too_far)?
        }
        Spec::EndOf(period) => end_of(*period, today, ctx).ok_or_else(too_far),
    }
}

/// An evaluation failure: a proper error, or a date beyond what chrono can hold (too far).
enum Failure {
    Due(DueError),
    OutOfRange,
}

impl Failure {
    fn or_too_far(self, text: &str) -> DueError {
        match self {
            Failure::Due(error) => error,
            Failure::OutOfRange => DueError::TooFar {
                text: text.to_owned(),
            },
        }
    }
}

impl From<DueError> for Failure {
    fn from(error: DueError) -> Self {
        Failure::Due(error)
    }
}

fn checked_time(time: &RawTime) -> Result<NaiveTime, DueError> {
    time.to_time().ok_or_else(|| DueError::BadTime {
        time: time.src.clone(),
    })
}

fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate, Failure> {
    date.checked_add_days(chrono::Days::new(days))
        .ok_or(Failure::OutOfRange)
}

fn at_anchor(
    anchor: &Anchor,
    time: Option<NaiveTime>,
    today: NaiveDate,
    ctx: &DueContext,
) -> Result<DateTime<Utc>, Failure> {
    match anchor {
        Anchor::DaysFromToday(days) => on_date(add_days(today, u64::from(*days))?, time, ctx),
        Anchor::Weekday { day, next: false } => {
            let this_week = add_days(today, days_until(today.weekday(), *day))?;
            let at = on_date(this_week, time, ctx)?;
            if at > ctx.now {
                return Ok(at);
            }
            on_date(add_days(this_week, 7)?, time, ctx)
        }
        Anchor::Weekday { day, next: true } => {
            let monday = add_days(today, 7 - u64::from(today.weekday().num_days_from_monday()))?;
            let date = add_days(monday, u64::from(day.num_days_from_monday()))?;
            on_date(date, time, ctx)
        }
        Anchor::Date(raw) => {
            let date = NaiveDate::from_ymd_opt(raw.year, raw.month, raw.day).ok_or_else(|| {
                DueError::BadDate {
                    text: raw.src.clone(),
                }
            })?;
            on_date(date, time, ctx)
        }
    }
}

/// Days from `from` forward to the next `to` (0 when they are the same weekday).
fn days_until(from: Weekday, to: Weekday) -> u64 {
    u64::from((7 + to.num_days_from_monday() - from.num_days_from_monday()) % 7)
}

/// `date` at `time` in the delegator's zone, or at the end of the working day without one.
fn on_date(
    date: NaiveDate,
    time: Option<NaiveTime>,
    ctx: &DueContext,
) -> Result<DateTime<Utc>, Failure> {
    match time {
        Some(time) => Ok(wall_clock(date, time, ctx.tz)?),
        None => default_close(date, ctx.calendar).ok_or(Failure::OutOfRange),
    }
}

/// The end of `date`'s working day; on a non-working day, the calendar's usual closing time
/// on that same date (see the module docs). Read in the calendar's zone, since closing
/// times belong to the calendar.
fn default_close(date: NaiveDate, calendar: &BusinessCalendar) -> Option<DateTime<Utc>> {
    if calendar.is_working_day(date) {
        return Some(calendar.end_of_working_day(date));
    }
    let minutes = usual_closing_minutes(calendar)?;
    let local = date
        .and_time(NaiveTime::MIN)
        .checked_add_signed(Duration::minutes(i64::from(minutes)))?;
    resolve_local(calendar.tz(), local).first_valid()
}

/// The closing time of the calendar's first open weekday, Monday first.
fn usual_closing_minutes(calendar: &BusinessCalendar) -> Option<u16> {
    const WEEK: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    WEEK.iter()
        .find_map(|&day| calendar.hours().on(day))
        .map(|(_, close)| close)
}

/// `date time` in `tz`; a time in a spring-forward gap is refused, one in a fold is the earlier.
fn wall_clock(date: NaiveDate, time: NaiveTime, tz: Tz) -> Result<DateTime<Utc>, DueError> {
    match resolve_local(tz, date.and_time(time)) {
        Resolved::At(at) => Ok(at),
        Resolved::Gap(gap) => Err(DueError::NoSuchLocalTime {
            date: date.format("%Y-%m-%d").to_string(),
            time: time.format("%H:%M").to_string(),
            tz: tz.name().to_owned(),
            gap_from: gap.from.format("%H:%M").to_string(),
            gap_to: gap.to.format("%H:%M").to_string(),
        }),
        // Only at the very edge of chrono's range; nothing there is a sensible due date.
        Resolved::OutOfRange => Err(DueError::Unreadable {
            text: format!("{date} {}", time.format("%H:%M")),
        }),
    }
}

/// `in <amount> <unit> [time]`; `None` when the result cannot be represented (too far).
fn relative(
    amount: u32,
    unit: Unit,
    time: Option<NaiveTime>,
    now_local: NaiveDateTime,
    ctx: &DueContext,
) -> Option<Result<DateTime<Utc>, DueError>> {
    let amount = i64::from(amount);
    let today = now_local.date();
    match unit {
        Unit::Minute => ctx
            .now
            .checked_add_signed(Duration::try_minutes(amount)?)
            .map(Ok),
        Unit::Hour => ctx
            .now
            .checked_add_signed(Duration::try_hours(amount)?)
            .map(Ok),
        Unit::Day => days_later(amount, time, now_local, ctx.tz),
        Unit::Week => days_later(amount.checked_mul(7)?, time, now_local, ctx.tz),
        Unit::WorkingDay => {
            let date = nth_working_day_after(today, amount, ctx.calendar)?;
            Some(match time {
                Some(time) => wall_clock(date, time, ctx.tz),
                None => Ok(ctx.calendar.end_of_working_day(date)),
            })
        }
    }
}

/// `days` calendar days from today, at `time` or at the current wall-clock time. The current
/// time may fall in a gap on the target day: then the first instant after it (the manager
/// did not type that time, so refusing would be unfair).
fn days_later(
    days: i64,
    time: Option<NaiveTime>,
    now_local: NaiveDateTime,
    tz: Tz,
) -> Option<Result<DateTime<Utc>, DueError>> {
    if days > MAX_AHEAD_DAYS + 1 {
        return None;
    }
    let date = now_local
        .date()
        .checked_add_days(chrono::Days::new(u64::try_from(days).ok()?))?;
    Some(match time {
        Some(time) => wall_clock(date, time, tz),
        None => Ok(resolve_local(tz, date.and_time(now_local.time())).first_valid()?),
    })
}

/// The `n`-th working day after `today` (today itself does not count); `None` past the limit.
fn nth_working_day_after(
    today: NaiveDate,
    n: i64,
    calendar: &BusinessCalendar,
) -> Option<NaiveDate> {
    if n > MAX_AHEAD_DAYS {
        return None;
    }
    let index = usize::try_from(n - 1).ok()?;
    today
        .iter_days()
        .skip(1)
        .take(usize::try_from(MAX_AHEAD_DAYS).ok()? + 1)
        .filter(|&date| calendar.is_working_day(date))
        .nth(index)
}

/// The end of today's working day, of this week's last working day, or of this month's,
/// moving on to the next day/week/month when that has passed. `None` when the calendar has
/// no working day within a year.
fn end_of(period: Period, today: NaiveDate, ctx: &DueContext) -> Option<DateTime<Utc>> {
    let calendar = ctx.calendar;
    match period {
        Period::Day => {
            let end = calendar.end_of_working_day(today);
            if end > ctx.now {
                return Some(end);
            }
            Some(calendar.end_of_working_day(today.succ_opt()?))
        }
        Period::Week => {
            let monday = today.checked_sub_days(chrono::Days::new(u64::from(
                today.weekday().num_days_from_monday(),
            )))?;
            (0..53).find_map(|week| {
                let first = monday.checked_add_days(chrono::Days::new(week * 7))?;
                let last = first.checked_add_days(chrono::Days::new(6))?;
                last_working_end(first.max(today), last, ctx)
            })
        }
        Period::Month => (0..13).find_map(|months| {
            let first = today
                .with_day(1)?
                .checked_add_months(chrono::Months::new(months))?;
            let last = first
                .checked_add_months(chrono::Months::new(1))?
                .pred_opt()?;
            last_working_end(first.max(today), last, ctx)
        }),
    }
}

/// The end of the last working day in `from..=last`, if it is still ahead of `now`.
fn last_working_end(from: NaiveDate, last: NaiveDate, ctx: &DueContext) -> Option<DateTime<Utc>> {
    let date = last
        .iter_days()
        .rev()
        .take_while(|&date| date >= from)
        .find(|&date| ctx.calendar.is_working_day(date))?;
    let end = ctx.calendar.end_of_working_day(date);
    (end > ctx.now).then_some(end)
}

// --- local time resolution (shared with recurrence.rs) -----------------------------------

/// A local wall-clock time seen through a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The instant; in an autumn fold, the earlier of the two.
    At(DateTime<Utc>),
    /// The time was skipped by a spring-forward gap.
    Gap(Gap),
    /// Outside what chrono can represent.
    OutOfRange,
}

/// A spring-forward gap: local times in `from..to` do not exist; `after` is the instant the
/// clocks jump (read locally as `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gap {
    pub(crate) from: NaiveTime,
    pub(crate) to: NaiveTime,
    pub(crate) after: DateTime<Utc>,
}

impl Resolved {
    /// The instant, with a gap resolved to the first valid instant after it.
    pub(crate) fn first_valid(self) -> Option<DateTime<Utc>> {
        match self {
            Resolved::At(at) => Some(at),
            Resolved::Gap(gap) => Some(gap.after),
            Resolved::OutOfRange => None,
        }
    }
}

/// The wall-clock time of `at` in `tz`; `None` at the edges of chrono's range, where
/// `DateTime::naive_local` would panic.
pub(crate) fn local_naive(at: DateTime<Utc>, tz: Tz) -> Option<NaiveDateTime> {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc()
        .checked_add_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
}

/// Resolves `local` in `tz`: folds take the earlier instant, gaps are described.
pub(crate) fn resolve_local(tz: Tz, local: NaiveDateTime) -> Resolved {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Resolved::At(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Resolved::At(earlier.with_timezone(&Utc)),
        LocalResult::None => find_gap(tz, local).map_or(Resolved::OutOfRange, Resolved::Gap),
    }
}

/// Locates the transition that skips `local`. With `before`/`after` the offsets a day either
/// side, the jump instant lies in `(local - after, local - before]`; bisect over seconds.
fn find_gap(tz: Tz, local: NaiveDateTime) -> Option<Gap> {
    let offset_at = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc).fix().local_minus_utc();
    let day = Duration::days(1);
    let before = i64::from(offset_at(local.checked_sub_signed(day)?));
    let after = i64::from(offset_at(local.checked_add_signed(day)?));
    let stamp = local.and_utc().timestamp();
    let (mut low, mut high) = (stamp - after, stamp - before);
    let offset_of =
        |t: i64| DateTime::from_timestamp(t, 0).map(|at| i64::from(offset_at(at.naive_utc())));
    if low >= high || offset_of(high)? != after {
        return None;
    }
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if offset_of(middle)? == after {
            high = middle;
        } else {
            low = middle;
        }
    }
    let jump = DateTime::from_timestamp(high, 0)?;
    let local_at = |offset: i64| {
        jump.naive_utc()
            .checked_add_signed(Duration::seconds(offset))
            .map(|t| t.time())
    };
    Some(Gap {
        from: local_at(before)?,
        to: local_at(after)?,
        after: jump,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::Europe::Bucharest;
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

    use crate::core::time::business_hours::WeeklyHours;

    pub(crate) const EN_FTL: &str = include_str!("../../i18n/en/dates.ftl");
    pub(crate) const RO_FTL: &str = include_str!("../../i18n/ro/dates.ftl");

    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A Bucharest wall-clock time as an instant (test times are unambiguous).
    pub(crate) fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Bucharest
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("unambiguous test time")
            .with_timezone(&Utc)
    }

    pub(crate) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// Mon–Fri 09:00–17:00 in Bucharest, with 1 Dec, Christmas and New Year off.
    pub(crate) fn office() -> BusinessCalendar {
        BusinessCalendar::new(
            Bucharest,
            WeeklyHours::office(),
            [
                date(2026, 12, 1),
                date(2026, 12, 25),
                date(2026, 12, 26),
                date(2027, 1, 1),
                date(2027, 1, 2),
            ],
        )
    }

    /// Wednesday 2026-12-02 10:00 in Bucharest.
    fn now() -> DateTime<Utc> {
        local(2026, 12, 2, 10, 0)
    }

    fn parse_at(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DueError> {
        let calendar = office();
        let ctx = DueContext {
            now,
            tz: Bucharest,
            calendar: &calendar,
        };
        parse_due(text, &ctx)
    }

    fn parse(text: &str) -> Result<DateTime<Utc>, DueError> {
        parse_at(text, now())
    }

    type Local = (i32, u32, u32, u32, u32);

    /// Asserts each text parses (at `now`) to the Bucharest wall-clock time given.
    fn assert_table(now: DateTime<Utc>, table: &[(&str, Local)]) {
        for &(text, (y, mo, d, h, mi)) in table {
            assert_eq!(
                parse_at(text, now),
                Ok(local(y, mo, d, h, mi)),
                "{text:?} at {now}"
            );
        }
    }

    fn offset_hours(at: DateTime<Utc>) -> i32 {
        at.with_timezone(&Bucharest)
            .offset()
            .fix()
            .local_minus_utc()
            / 3600
    }

    // --- absolute dates -----------------------------------------------------------------

    #[test]
    fn iso_and_romanian_dates_with_and_without_time() {
        assert_table(
            now(),
            &[
                ("2026-12-03", (2026, 12, 3, 17, 0)),
                ("2026-12-03 12:30", (2026, 12, 3, 12, 30)),
                ("2026-12-03T12:30", (2026, 12, 3, 12, 30)),
                ("2026-12-03t12:30", (2026, 12, 3, 12, 30)),
                ("2026-12-3 9", (2026, 12, 3, 9, 0)),
                ("03.12.2026", (2026, 12, 3, 17, 0)),
                ("3.12.2026", (2026, 12, 3, 17, 0)),
                ("03.12.2026 12:30", (2026, 12, 3, 12, 30)),
                ("03.12.2026 la 12:30", (2026, 12, 3, 12, 30)),
                ("2026-12-03 at 5pm", (2026, 12, 3, 17, 0)),
                ("2027-06-30", (2027, 6, 30, 17, 0)),
            ],
        );
    }

    #[test]
    fn a_date_on_a_weekend_or_holiday_keeps_the_date_at_the_usual_closing_time() {
        assert_table(
            now(),
            &[
                ("2026-12-05", (2026, 12, 5, 17, 0)),
                ("2026-12-25", (2026, 12, 25, 17, 0)),
                ("01.01.2027", (2027, 1, 1, 17, 0)),
                ("2026-12-05 10:00", (2026, 12, 5, 10, 0)),
            ],
        );
    }

    #[test]
    fn usual_closing_time_is_the_first_open_weekdays() {
        let calendar = BusinessCalendar::new(
            Bucharest,
            "tue-thu 08:00-16:30, fri 08:00-13:00".parse().unwrap(),
            [],
        );
        let ctx = DueContext {
            now: now(),
            tz: Bucharest,
            calendar: &calendar,
        };
        // Monday is closed: Tuesday's 16:30 is the usual closing time.
        assert_eq!(
            parse_due("2026-12-07", &ctx),
            Ok(local(2026, 12, 7, 16, 30))
        );
        // Friday is open: its own closing time.
        assert_eq!(parse_due("2026-12-04", &ctx), Ok(local(2026, 12, 4, 13, 0)));
    }

    #[test]
    fn slash_dates_are_refused_as_ambiguous() {
        for text in ["1/12", "12/1/2026", "1/12 17:00", "due 01/12/2026"] {
            assert_eq!(
                parse(text),
                Err(DueError::SlashDate { text: text.into() }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_bad_dates() {
        for (text, token) in [
            ("2026-02-30", "2026-02-30"),
            ("31.04.2027", "31.04.2027"),
            ("2026-13-01 10:00", "2026-13-01"),
            ("00.12.2026", "00.12.2026"),
        ] {
            assert_eq!(
                parse(text),
                Err(DueError::BadDate { text: token.into() }),
                "{text:?}"
            );
        }
    }

    // --- today / tomorrow / day after -----------------------------------------------------

    #[test]
    fn day_words_in_both_languages() {
        assert_table(
            now(),
            &[
                ("today", (2026, 12, 2, 17, 0)),
                ("azi", (2026, 12, 2, 17, 0)),
                ("astăzi", (2026, 12, 2, 17, 0)),
                ("astazi 15", (2026, 12, 2, 15, 0)),
                ("today 15:45", (2026, 12, 2, 15, 45)),
                ("tomorrow", (2026, 12, 3, 17, 0)),
                ("mâine", (2026, 12, 3, 17, 0)),
                ("maine", (2026, 12, 3, 17, 0)),
                ("tomorrow 9", (2026, 12, 3, 9, 0)),
                ("mâine la 17:30", (2026, 12, 3, 17, 30)),
                ("maine la ora 9", (2026, 12, 3, 9, 0)),
                ("tomorrow at 5pm", (2026, 12, 3, 17, 0)),
                ("day after tomorrow", (2026, 12, 4, 17, 0)),
                ("the day after tomorrow 8:15", (2026, 12, 4, 8, 15)),
                ("poimâine", (2026, 12, 4, 17, 0)),
                ("poimaine la 10", (2026, 12, 4, 10, 0)),
            ],
        );
    }

    #[test]
    fn case_spaces_quotes_and_leading_words_are_tolerated() {
        assert_table(
            now(),
            &[
                ("  MÂINE   LA  17:30 ", (2026, 12, 3, 17, 30)),
                ("Tomorrow AT 5PM", (2026, 12, 3, 17, 0)),
                ("\"vineri, 15:00\"", (2026, 12, 4, 15, 0)),
                ("„mâine”", (2026, 12, 3, 17, 0)),
                ("by friday", (2026, 12, 4, 17, 0)),
                ("până mâine la 12", (2026, 12, 3, 12, 0)),
                ("MAINE.", (2026, 12, 3, 17, 0)),
            ],
        );
    }

    #[test]
    fn legacy_cedilla_letters_fold_like_comma_below() {
        assert_table(
            now(),
            &[
                ("marţi", (2026, 12, 8, 17, 0)),
                ("sfârşitul săptămânii", (2026, 12, 4, 17, 0)),
                ("MARȚI", (2026, 12, 8, 17, 0)),
            ],
        );
    }

    #[test]
    fn today_without_time_after_closing_is_past() {
        assert_eq!(
            parse_at("today", local(2026, 12, 2, 17, 30)),
            Err(DueError::InPast {
                text: "today".into(),
                at_local: "2026-12-02 17:00".into()
            })
        );
        assert_eq!(
            parse_at("azi", local(2026, 12, 2, 17, 0)),
            Err(DueError::InPast {
                text: "azi".into(),
                at_local: "2026-12-02 17:00".into()
            })
        );
    }

    // --- times ------------------------------------------------------------------------

    #[test]
    fn time_forms() {
        assert_table(
            now(),
            &[
                ("tomorrow 17:00", (2026, 12, 3, 17, 0)),
                ("tomorrow 9:30", (2026, 12, 3, 9, 30)),
                ("tomorrow 09:05", (2026, 12, 3, 9, 5)),
                ("tomorrow 5pm", (2026, 12, 3, 17, 0)),
                ("tomorrow 5 pm", (2026, 12, 3, 17, 0)),
                ("tomorrow 5:30pm", (2026, 12, 3, 17, 30)),
                ("tomorrow 5:30 p.m.", (2026, 12, 3, 17, 30)),
                ("tomorrow 11am", (2026, 12, 3, 11, 0)),
                ("tomorrow 12am", (2026, 12, 3, 0, 0)),
                ("tomorrow 12pm", (2026, 12, 3, 12, 0)),
                ("tomorrow 0:00", (2026, 12, 3, 0, 0)),
                ("tomorrow 23:59", (2026, 12, 3, 23, 59)),
                ("tomorrow at noon", (2026, 12, 3, 12, 0)),
                ("mâine la prânz", (2026, 12, 3, 12, 0)),
                ("maine la pranz", (2026, 12, 3, 12, 0)),
                ("mâine la amiază", (2026, 12, 3, 12, 0)),
                ("5pm tomorrow", (2026, 12, 3, 17, 0)),
                ("la 10 lunea viitoare", (2026, 12, 7, 10, 0)),
            ],
        );
    }

    #[test]
    fn a_time_alone_is_today_when_it_cannot_be_anything_else() {
        assert_table(
            now(),
            &[
                ("15:00", (2026, 12, 2, 15, 0)),
                ("5pm", (2026, 12, 2, 17, 0)),
                ("at 11", (2026, 12, 2, 11, 0)),
                ("la 16", (2026, 12, 2, 16, 0)),
                ("la ora 16", (2026, 12, 2, 16, 0)),
                ("noon", (2026, 12, 2, 12, 0)),
                ("până la 16:30", (2026, 12, 2, 16, 30)),
            ],
        );
        assert_eq!(parse("9"), Err(DueError::Unreadable { text: "9".into() }));
        assert_eq!(
            parse("09:00"),
            Err(DueError::InPast {
                text: "09:00".into(),
                at_local: "2026-12-02 09:00".into()
            })
        );
    }

    #[test]
    fn impossible_times_are_bad_times() {
        for (text, time) in [
            ("tomorrow 24:00", "24:00"),
            ("tomorrow 25", "25"),
            ("mâine la 9:75", "9:75"),
            ("tomorrow 13pm", "13pm"),
            ("tomorrow 0am", "0am"),
            ("2026-12-03 24:00", "24:00"),
            ("in 2 days at 24:00", "24:00"),
        ] {
            assert_eq!(
                parse(text),
                Err(DueError::BadTime { time: time.into() }),
                "{text:?}"
            );
        }
    }

    // --- weekdays -----------------------------------------------------------------------

    #[test]
    fn weekday_names_in_both_languages_and_short_forms() {
        // Now is Wednesday 2026-12-02 10:00.
        assert_table(
            now(),
            &[
                ("thursday", (2026, 12, 3, 17, 0)),
                ("thu", (2026, 12, 3, 17, 0)),
                ("fri", (2026, 12, 4, 17, 0)),
                ("friday", (2026, 12, 4, 17, 0)),
                ("monday", (2026, 12, 7, 17, 0)),
                ("mon", (2026, 12, 7, 17, 0)),
                ("tue", (2026, 12, 8, 17, 0)),
                ("luni", (2026, 12, 7, 17, 0)),
                ("lun", (2026, 12, 7, 17, 0)),
                ("marți", (2026, 12, 8, 17, 0)),
                ("marti", (2026, 12, 8, 17, 0)),
                ("mar", (2026, 12, 8, 17, 0)),
                ("mie 16:00", (2026, 12, 2, 16, 0)),
                ("joi", (2026, 12, 3, 17, 0)),
                ("vineri", (2026, 12, 4, 17, 0)),
                ("vin", (2026, 12, 4, 17, 0)),
                ("vineri 15:00", (2026, 12, 4, 15, 0)),
                ("fri 3pm", (2026, 12, 4, 15, 0)),
                ("vineri la 15", (2026, 12, 4, 15, 0)),
                ("sâmbătă", (2026, 12, 5, 17, 0)),
                ("sambata", (2026, 12, 5, 17, 0)),
                ("sâm", (2026, 12, 5, 17, 0)),
                ("sat 10:00", (2026, 12, 5, 10, 0)),
                ("duminică", (2026, 12, 6, 17, 0)),
                ("duminica", (2026, 12, 6, 17, 0)),
                ("dum", (2026, 12, 6, 17, 0)),
                ("sunday", (2026, 12, 6, 17, 0)),
            ],
        );
    }

    #[test]
    fn todays_weekday_is_today_while_still_ahead_else_next_week() {
        assert_table(
            now(),
            &[
                ("wednesday", (2026, 12, 2, 17, 0)),
                ("miercuri", (2026, 12, 2, 17, 0)),
                ("wed 15:00", (2026, 12, 2, 15, 0)),
                ("miercuri 9", (2026, 12, 9, 9, 0)),
                ("wed 10:00", (2026, 12, 9, 10, 0)),
            ],
        );
        assert_table(
            local(2026, 12, 2, 17, 0),
            &[("wednesday", (2026, 12, 9, 17, 0))],
        );
    }

    #[test]
    fn a_weekday_on_a_holiday_keeps_the_date() {
        // Friday 25 December is a holiday: still that Friday, at the usual 17:00.
        assert_table(
            local(2026, 12, 22, 10, 0),
            &[("vineri", (2026, 12, 25, 17, 0))],
        );
    }

    #[test]
    fn next_weekday_is_in_next_week() {
        assert_table(
            now(),
            &[
                ("next monday", (2026, 12, 7, 17, 0)),
                ("next wednesday", (2026, 12, 9, 17, 0)),
                ("next friday", (2026, 12, 11, 17, 0)),
                ("next fri 3pm", (2026, 12, 11, 15, 0)),
                ("next sunday", (2026, 12, 13, 17, 0)),
                ("lunea viitoare", (2026, 12, 7, 17, 0)),
                ("lunea viitoare la 10", (2026, 12, 7, 10, 0)),
                ("luni viitoare", (2026, 12, 7, 17, 0)),
                ("vinerea viitoare", (2026, 12, 11, 17, 0)),
                ("miercurea viitoare la 9", (2026, 12, 9, 9, 0)),
                ("joia următoare", (2026, 12, 10, 17, 0)),
            ],
        );
        // On a Sunday, next week starts tomorrow.
        assert_table(
            local(2026, 12, 6, 10, 0),
            &[
                ("next monday", (2026, 12, 7, 17, 0)),
                ("monday", (2026, 12, 7, 17, 0)),
            ],
        );
    }

    // --- relative -----------------------------------------------------------------------

    #[test]
    fn relative_minutes_hours_days_weeks_in_both_languages() {
        assert_table(
            now(),
            &[
                ("in 2 hours", (2026, 12, 2, 12, 0)),
                ("in 1 hour", (2026, 12, 2, 11, 0)),
                ("in an hour", (2026, 12, 2, 11, 0)),
                ("in 2h", (2026, 12, 2, 12, 0)),
                ("peste 2 ore", (2026, 12, 2, 12, 0)),
                ("peste o oră", (2026, 12, 2, 11, 0)),
                ("peste două ore", (2026, 12, 2, 12, 0)),
                ("în 3 ore", (2026, 12, 2, 13, 0)),
                ("in 30 minutes", (2026, 12, 2, 10, 30)),
                ("in 1 minute", (2026, 12, 2, 10, 1)),
                ("in 45 min", (2026, 12, 2, 10, 45)),
                ("peste 30 de minute", (2026, 12, 2, 10, 30)),
                ("peste 30 minute", (2026, 12, 2, 10, 30)),
                ("peste un minut", (2026, 12, 2, 10, 1)),
                ("in a day", (2026, 12, 3, 10, 0)),
                ("in 1 day", (2026, 12, 3, 10, 0)),
                ("in 3 days", (2026, 12, 5, 10, 0)),
                ("peste o zi", (2026, 12, 3, 10, 0)),
                ("peste 3 zile", (2026, 12, 5, 10, 0)),
                ("peste 20 de zile", (2026, 12, 22, 10, 0)),
                ("in 1 week", (2026, 12, 9, 10, 0)),
                ("in 2 weeks", (2026, 12, 16, 10, 0)),
                ("peste o săptămână", (2026, 12, 9, 10, 0)),
                ("peste o saptamana", (2026, 12, 9, 10, 0)),
                ("peste 2 săptămâni", (2026, 12, 16, 10, 0)),
                ("in 3 days at 9", (2026, 12, 5, 9, 0)),
                ("peste 2 zile la 16:30", (2026, 12, 4, 16, 30)),
            ],
        );
    }

    #[test]
    fn relative_hours_take_no_time_and_zero_is_unreadable() {
        for text in [
            "in 2 hours at 5pm",
            "in 0 days",
            "peste 0 ore",
            "in days",
            "in 2",
        ] {
            assert_eq!(
                parse(text),
                Err(DueError::Unreadable { text: text.into() }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_and_end_at_closing() {
        assert_table(
            now(),
            &[
                ("in 1 working day", (2026, 12, 3, 17, 0)),
                ("in a working day", (2026, 12, 3, 17, 0)),
                ("in 2 working days", (2026, 12, 4, 17, 0)),
                ("in 3 business days", (2026, 12, 7, 17, 0)),
                ("peste o zi lucrătoare", (2026, 12, 3, 17, 0)),
                ("peste o zi lucratoare", (2026, 12, 3, 17, 0)),
                ("peste 2 zile lucrătoare", (2026, 12, 4, 17, 0)),
                ("peste 3 zile lucratoare", (2026, 12, 7, 17, 0)),
                ("peste 2 zile lucrătoare la 12", (2026, 12, 4, 12, 0)),
            ],
        );
        // From Wednesday 23 December: Thu 24 is the first; 25–27 are off; Monday 28 the second.
        assert_table(
            local(2026, 12, 23, 10, 0),
            &[
                ("in 1 working day", (2026, 12, 24, 17, 0)),
                ("in 2 working days", (2026, 12, 28, 17, 0)),
                ("peste 5 zile lucrătoare", (2026, 12, 31, 17, 0)),
                ("peste 6 zile lucrătoare", (2027, 1, 4, 17, 0)),
            ],
        );
        // From Monday 30 November the 1 December holiday is skipped.
        assert_table(
            local(2026, 11, 30, 10, 0),
            &[("in 1 working day", (2026, 12, 2, 17, 0))],
        );
    }

    // --- ends of periods ------------------------------------------------------------------

    #[test]
    fn end_of_day() {
        for text in [
            "end of day",
            "end of the day",
            "eod",
            "sfârșitul zilei",
            "sfarsitul zilei",
        ] {
            assert_eq!(parse(text), Ok(local(2026, 12, 2, 17, 0)), "{text:?}");
            // After closing: tomorrow's.
            assert_eq!(
                parse_at(text, local(2026, 12, 2, 18, 0)),
                Ok(local(2026, 12, 3, 17, 0)),
                "{text:?}"
            );
            // On a Saturday: Monday's.
            assert_eq!(
                parse_at(text, local(2026, 12, 5, 11, 0)),
                Ok(local(2026, 12, 7, 17, 0)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn end_of_week() {
        for text in [
            "end of week",
            "end of the week",
            "sfârșitul săptămânii",
            "sfarsitul saptamanii",
            "la sfârșitul săptămânii",
        ] {
            assert_eq!(parse(text), Ok(local(2026, 12, 4, 17, 0)), "{text:?}");
            // Friday after closing, and Saturday: next week's Friday.
            for now in [local(2026, 12, 4, 17, 0), local(2026, 12, 5, 9, 0)] {
                assert_eq!(
                    parse_at(text, now),
                    Ok(local(2026, 12, 11, 17, 0)),
                    "{text:?}"
                );
            }
            // Christmas week: Friday 25 is a holiday, so Thursday 24.
            assert_eq!(
                parse_at(text, local(2026, 12, 23, 9, 0)),
                Ok(local(2026, 12, 24, 17, 0)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn end_of_month() {
        for text in [
            "end of month",
            "end of the month",
            "sfârșitul lunii",
            "sfarsitul lunii",
        ] {
            // 31 December 2026 is a Thursday.
            assert_eq!(parse(text), Ok(local(2026, 12, 31, 17, 0)), "{text:?}");
            // After it: January 2027 ends on a Sunday, so Friday 29.
            assert_eq!(
                parse_at(text, local(2026, 12, 31, 17, 30)),
                Ok(local(2027, 1, 29, 17, 0)),
                "{text:?}"
            );
            assert_eq!(
                parse_at(text, local(2027, 1, 10, 12, 0)),
                Ok(local(2027, 1, 29, 17, 0)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn period_ends_take_no_time() {
        assert_eq!(
            parse("end of week 10:00"),
            Err(DueError::Unreadable {
                text: "end of week 10:00".into()
            })
        );
    }

    // --- past, unreadable, too far --------------------------------------------------------

    #[test]
    fn past_instants_are_refused_with_the_local_time_they_meant() {
        for (text, at_local) in [
            ("today 9", "2026-12-02 09:00"),
            ("azi la 8:00", "2026-12-02 08:00"),
            ("2026-11-30", "2026-11-30 17:00"),
            ("01.12.2026 12:00", "2026-12-01 12:00"),
            ("2020-01-01 10:00", "2020-01-01 10:00"),
            ("today 10:00", "2026-12-02 10:00"),
        ] {
            assert_eq!(
                parse(text),
                Err(DueError::InPast {
                    text: text.into(),
                    at_local: at_local.into()
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unreadable_text_is_refused() {
        for text in [
            "soon",
            "asap",
            "tomorrow tomorrow",
            "tomorrow 9 10",
            "next",
            "next tomorrow",
            "luni marți",
            "in",
            "2026-12-01T",
            "2026-12",
            "26-12-01",
            "1.12.26",
            "12:3",
            "123:00",
            "15.12",
            "x".repeat(200).as_str(),
        ] {
            assert!(
                matches!(parse(text), Err(DueError::Unreadable { .. })),
                "{text:?}: {:?}",
                parse(text)
            );
        }
        assert_eq!(parse(""), Err(DueError::Empty));
        assert_eq!(parse("   "), Err(DueError::Empty));
    }

    #[test]
    fn long_text_is_cut_in_the_error() {
        let text = "w".repeat(200);
        let Err(DueError::Unreadable { text: echoed }) = parse(&text) else {
            panic!("expected unreadable");
        };
        assert_eq!(echoed.chars().count(), MAX_ECHO_CHARS);
        assert!(echoed.ends_with('…'));
    }

    #[test]
    fn more_than_five_years_ahead_is_too_far() {
        for text in [
            "2032-01-01",
            "9999-12-31 10:00",
            "in 300 weeks",
            "peste 2000 de zile",
            "in 99999999999 days",
            "in 4294967295 minutes",
            "peste 4000000000 de ore",
            "in 2000 working days",
            "in 99999999999999 weeks",
        ] {
            assert_eq!(
                parse(text),
                Err(DueError::TooFar { text: text.into() }),
                "{text:?}"
            );
        }
        assert_eq!(parse("2031-12-01"), Ok(local(2031, 12, 1, 17, 0)));
    }

    #[test]
    fn no_input_panics() {
        let calendar = office();
        let samples = [
            "",
            "in 1 week",
            "tomorrow 9",
            "next monday",
            "end of month",
            "end of week",
            "2026-12-01",
            "9999-12-31",
            "0000-01-01 00:00",
            "99.99.9999",
            "in 9 working days",
            "peste 4294967295 de zile lucrătoare",
            "ț",
            "🙂 mâine",
            "la",
            "at",
            "T",
            "t 9",
            "2026-03-29 03:30",
            "::",
            "1:",
            ":30",
            "99:99pm",
            "\u{0}",
            "pana la",
            "în",
        ];
        for now in [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            now(),
            utc(2026, 3, 29, 0, 30),
        ] {
            let ctx = DueContext {
                now,
                tz: Bucharest,
                calendar: &calendar,
            };
            for text in samples {
                let _ = parse_due(text, &ctx);
            }
        }
    }

    // --- daylight saving (Europe/Bucharest) ------------------------------------------------

    #[test]
    fn a_time_in_the_spring_gap_is_refused_naming_the_gap() {
        for (text, now, day) in [
            ("2027-03-28 03:30", now(), "2027-03-28"),
            ("28.03.2027 03:00", now(), "2027-03-28"),
            ("2026-03-29 03:59", local(2026, 3, 1, 10, 0), "2026-03-29"),
            ("tomorrow 3:30", local(2026, 3, 28, 10, 0), "2026-03-29"),
        ] {
            let Err(DueError::NoSuchLocalTime {
                date,
                tz,
                gap_from,
                gap_to,
                ..
            }) = parse_at(text, now)
            else {
                panic!("{text:?} should be in the gap: {:?}", parse_at(text, now));
            };
            assert_eq!(
                (
                    date.as_str(),
                    tz.as_str(),
                    gap_from.as_str(),
                    gap_to.as_str()
                ),
                (day, "Europe/Bucharest", "03:00", "04:00"),
                "{text:?}"
            );
        }
        assert_eq!(
            parse("2027-03-28 03:30").unwrap_err().message().1[1],
            ("time", "03:30".to_owned())
        );
    }

    #[test]
    fn times_around_the_gap_exist() {
        assert_eq!(parse("2027-03-28 02:59"), Ok(utc(2027, 3, 28, 0, 59)));
        assert_eq!(parse("2027-03-28 04:00"), Ok(utc(2027, 3, 28, 1, 0)));
    }

    #[test]
    fn a_time_in_the_autumn_fold_takes_the_first_occurrence() {
        // 03:30 happens at 00:30 UTC (EEST) and again at 01:30 UTC (EET).
        assert_eq!(
            parse_at("2026-10-25 03:30", local(2026, 10, 1, 10, 0)),
            Ok(utc(2026, 10, 25, 0, 30))
        );
        assert_eq!(parse("2027-10-31 03:30"), Ok(utc(2027, 10, 31, 0, 30)));
        assert_eq!(parse("31.10.2027 03:00"), Ok(utc(2027, 10, 31, 0, 0)));
    }

    #[test]
    fn tomorrow_across_each_change_uses_the_new_offset() {
        for (today, next, before, after) in [
            ((2026, 3, 28), (2026, 3, 29), 2, 3),
            ((2026, 10, 24), (2026, 10, 25), 3, 2),
            ((2027, 3, 27), (2027, 3, 28), 2, 3),
            ((2027, 10, 30), (2027, 10, 31), 3, 2),
        ] {
            let now = local(today.0, today.1, today.2, 10, 0);
            assert_eq!(offset_hours(now), before);
            let at = parse_at("tomorrow 9", now).unwrap();
            assert_eq!(offset_hours(at), after, "{today:?}");
            assert_eq!(at, utc(next.0, next.1, next.2, 9 - after as u32, 0));
            assert_eq!(at.with_timezone(&Bucharest).hour(), 9);
        }
    }

    #[test]
    fn hours_across_a_change_are_real_hours() {
        // 2026-03-29 02:30 EET (00:30 UTC) + 2h = 02:30 UTC = 05:30 EEST.
        let now = utc(2026, 3, 29, 0, 30);
        let at = parse_at("in 2 hours", now).unwrap();
        assert_eq!(at - now, Duration::hours(2));
        assert_eq!(at.with_timezone(&Bucharest).hour(), 5);
        // 2027-10-31 02:30 EEST (23:30 UTC the day before) + 2h = 03:30 EET (01:30 UTC).
        let now = utc(2027, 10, 30, 23, 30);
        let at = parse_at("peste 2 ore", now).unwrap();
        assert_eq!(at - now, Duration::hours(2));
        assert_eq!(at, utc(2027, 10, 31, 1, 30));
    }

    #[test]
    fn days_across_a_change_keep_the_wall_clock_time() {
        // 23 real hours, but 10:00 both days.
        let now = local(2026, 3, 28, 10, 0);
        let at = parse_at("in 1 day", now).unwrap();
        assert_eq!(at, local(2026, 3, 29, 10, 0));
        assert_eq!(at - now, Duration::hours(23));
        let at = parse_at("peste o săptămână", local(2026, 10, 20, 10, 0)).unwrap();
        assert_eq!(at, local(2026, 10, 27, 10, 0));
    }

    #[test]
    fn days_landing_in_the_gap_move_past_it() {
        // Now 03:30 on Saturday; the same wall time on Sunday does not exist.
        let now = local(2027, 3, 27, 3, 30);
        assert_eq!(parse_at("in 1 day", now), Ok(utc(2027, 3, 28, 1, 0)));
    }

    #[test]
    fn resolve_local_reports_gap_bounds() {
        let gap = resolve_local(Bucharest, date(2026, 3, 29).and_hms_opt(3, 15, 0).unwrap());
        let Resolved::Gap(gap) = gap else {
            panic!("{gap:?}")
        };
        assert_eq!(gap.from, NaiveTime::from_hms_opt(3, 0, 0).unwrap());
        assert_eq!(gap.to, NaiveTime::from_hms_opt(4, 0, 0).unwrap());
        assert_eq!(gap.after, utc(2026, 3, 29, 1, 0));
    }

    #[test]
    fn another_zone_reads_the_text_in_that_zone() {
        let calendar = office();
        let ctx = DueContext {
            now: now(),
            tz: chrono_tz::Europe::London,
            calendar: &calendar,
        };
        assert_eq!(parse_due("tomorrow 9", &ctx), Ok(utc(2026, 12, 3, 9, 0)));
    }

    // --- messages ---------------------------------------------------------------------------

    pub(crate) fn bundle(lang: &str, source: &str) -> FluentBundle<FluentResource> {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{lang} dates.ftl: {errors:?}"));
        let mut bundle = FluentBundle::new(vec![lang.parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        bundle
    }

    /// Renders `id` with `args` in both languages; fails on a missing message, a missing
    /// argument, or an argument the message does not show.
    pub(crate) fn assert_renders(id: &str, args: &[(&'static str, String)]) -> [String; 2] {
        [("en", EN_FTL), ("ro", RO_FTL)].map(|(lang, source)| {
            let bundle = bundle(lang, source);
            let message = bundle
                .get_message(id)
                .unwrap_or_else(|| panic!("{lang}: no message {id}"));
            let pattern = message.value().expect("message has a value");
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                fluent_args.set(*name, format!("<{name}:{value}>"));
            }
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
            for (name, value) in args {
                assert!(
                    text.contains(&format!("<{name}:{value}>")),
                    "{lang} {id} does not show ${name}: {text}"
                );
            }
            text.into_owned()
        })
    }

    /// Message ids defined in a catalogue.
    pub(crate) fn ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    fn every_error() -> Vec<DueError> {
        let text = || "x".to_owned();
        vec![
            DueError::Empty,
            DueError::Unreadable { text: text() },
            DueError::SlashDate { text: text() },
            DueError::BadDate { text: text() },
            DueError::BadTime { time: text() },
            DueError::InPast {
                text: text(),
                at_local: "2026-12-02 09:00".into(),
            },
            DueError::NoSuchLocalTime {
                date: "2027-03-28".into(),
                time: "03:30".into(),
                tz: "Europe/Bucharest".into(),
                gap_from: "03:00".into(),
                gap_to: "04:00".into(),
            },
            DueError::TooFar { text: text() },
        ]
    }

    #[test]
    fn every_error_message_exists_in_both_languages_with_its_arguments() {
        for error in every_error() {
            let (id, args) = error.message();
            assert!(id.starts_with("due-"), "{id}");
            assert_renders(id, &args);
        }
    }

    #[test]
    fn both_catalogues_define_the_same_ids() {
        assert_eq!(ids(EN_FTL), ids(RO_FTL));
        assert!(ids(EN_FTL)
            .iter()
            .all(|id| id.starts_with("due-") || id.starts_with("every-")));
    }

    #[test]
    fn romanian_catalogue_uses_comma_below_letters() {
        assert!(!RO_FTL.contains(['ş', 'ţ', 'Ş', 'Ţ']));
        assert!(RO_FTL.contains('ș') && RO_FTL.contains('ț') && RO_FTL.contains('ă'));
    }

    /// The backticked forms inside a rendered message.
    pub(crate) fn backticked(text: &str) -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_examples_we_show_are_accepted() {
        for rendered in assert_renders("due-examples", &[]) {
            let examples = backticked(&rendered);
            assert_eq!(examples.len(), 3, "{rendered}");
            for example in examples {
                assert!(
                    parse(&example).is_ok(),
                    "{example:?}: {:?}",
                    parse(&example)
                );
            }
        }
    }

    #[test]
    fn errors_display_in_english_for_logs() {
        assert_eq!(
            parse("2027-03-28 03:30").unwrap_err().to_string(),
            "2027-03-28 03:30 does not exist in Europe/Bucharest: clocks jump from 03:00 to 04:00"
        );
    }
}
