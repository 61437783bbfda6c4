//! When a digest goes out (`schedule:`), in English or Romanian: `weekdays 08:30`,
//! `daily 9:00`, `every friday 16:00`, `mon,wed,fri 8:00`, `luni-vineri 8:30`,
//! `zilnic la 9`, `în fiecare vineri la 16`.
//!
//! A schedule is a set of weekdays and a wall-clock time, read in the subscription's zone.
//! Text goes through the tokenizer and word tables shared with due dates and repeat rules
//! ([`super::words`]), so case, diacritics and extra spaces do not matter.
//!
//! Rules worth knowing (each is tested):
//!
//! * `weekdays` / `luni-vineri` is Monday to Friday, whatever the calendar says: a digest is a
//!   summary, and a holiday summary is short rather than missing.
//! * A time is required: `every friday` alone does not say when.
//! * Daylight saving: a time skipped by a spring-forward gap is sent at the first instant
//!   after the gap (a digest must not silently vanish); a time repeated by an autumn fold is
//!   sent once, at the earlier instant. [`Schedule::next_after`] never returns the same slot
//!   twice and never skips a day.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::business_hours::WEEKDAYS;
use super::local_time::{local_naive, resolve_local};
use super::recurrence::weekday_name;
use super::words::{
    match_row, parse_time_phrase, strip_optional, strip_phrase, tokenize, Row, WEEKDAY_WORDS,
};
use crate::core::domain::text::echo;
use crate::i18n::{Locale, Msg};

/// Longer input is refused outright; no real schedule needs more.
const MAX_INPUT_CHARS: usize = 80;

/// User text echoed inside an error is cut to this many characters.
const MAX_ECHO_CHARS: usize = 60;

/// Monday first, as [`Weekday::num_days_from_monday`] counts.
const WEEK: [Weekday; 7] = WEEKDAYS;

/// The days and the wall-clock time of a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Sorted Monday first, without repeats, never empty.
    days: Vec<Weekday>,
    at: NaiveTime,
}

/// Why a schedule was refused. Every variant has a Fluent message in `i18n/*/digests.ftl`,
/// which `Msg::from` picks; each shows examples in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("no schedule given")]
    Empty,
    #[error("cannot read {text:?} as a schedule")]
    Unreadable { text: String },
    #[error("{text:?} needs a time of day")]
    MissingTime { text: String },
    #[error("{time:?} is not a time of day")]
    BadTime { time: String },
}

impl From<ScheduleError> for Msg {
    fn from(error: ScheduleError) -> Self {
        match error {
            ScheduleError::Empty => Msg::new("schedule-empty"),
            ScheduleError::Unreadable { text } => Msg::new("schedule-unreadable").arg("text", text),
            ScheduleError::MissingTime { text } => {
                Msg::new("schedule-missing-time").arg("text", text)
            }
            ScheduleError::BadTime { time } => Msg::new("schedule-bad-time").arg("time", time),
        }
    }
}

// --- word tables (lower-case, without diacritics, as `tokenize` produces them) -----------

/// Words that name a set of days on their own.
const DAY_SET_WORDS: &[Row<DaySet>] = &[
    (&["weekdays"], DaySet::Weekdays),
    (&["on", "weekdays"], DaySet::Weekdays),
    (&["every", "weekday"], DaySet::Weekdays),
    (&["each", "weekday"], DaySet::Weekdays),
    (&["every", "working", "day"], DaySet::Weekdays),
    (&["in", "zilele", "lucratoare"], DaySet::Weekdays),
    (&["zilele", "lucratoare"], DaySet::Weekdays),
    (&["in", "fiecare", "zi", "lucratoare"], DaySet::Weekdays),
    (&["daily"], DaySet::Daily),
    (&["every", "day"], DaySet::Daily),
    (&["each", "day"], DaySet::Daily),
    (&["zilnic"], DaySet::Daily),
    (&["in", "fiecare", "zi"], DaySet::Daily),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DaySet {
    Weekdays,
    Daily,
}

/// Optional words before a list of weekdays: `every friday`, `în fiecare vineri`, `on mon`.
const EVERY_WORDS: &[&[&str]] = &[
    &["every"],
    &["each"],
    &["on"],
    &["in", "fiecare"],
    &["fiecare"],
    &["in"],
    &["pe"],
];

/// Between weekdays of a list: `mon, wed` (the comma is a separator), `mon and wed`,
/// `luni și miercuri`.
const LIST_WORDS: &[&[&str]] = &[&["and"], &["si"], &["&"]];

/// Between the two ends of a range: `mon to fri`, `luni până vineri` (`mon-fri` is one token,
/// split by [`split_ranges`]).
const RANGE_WORDS: &[&[&str]] = &[&["-"], &["to"], &["through"], &["pana"], &["pana", "la"]];

// --- parsing ------------------------------------------------------------------------------

/// Reads a schedule; see the module docs for the forms.
pub fn parse_schedule(text: &str) -> Result<Schedule, ScheduleError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ScheduleError::Empty);
    }
    let echo = echo(text, MAX_ECHO_CHARS);
    let unreadable = || ScheduleError::Unreadable { text: echo.clone() };
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(unreadable());
    }
    let tokens = split_ranges(tokenize(text));
    let (days, rest) = parse_days(&tokens).ok_or_else(unreadable)?;
    if rest.is_empty() {
        return Err(ScheduleError::MissingTime { text: echo });
    }
    let (time, _, after) = parse_time_phrase(rest).ok_or_else(unreadable)?;
    if !after.is_empty() {
        return Err(unreadable());
    }
    let Some(at) = time.to_time() else {
        return Err(ScheduleError::BadTime { time: time.src });
    };
    Ok(Schedule::new(days, at))
}

/// `luni-vineri` and `mon-fri` arrive as one token: split at the dash, keeping it as a token.
fn split_ranges(tokens: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        match token.split_once('-') {
            Some((from, to)) if !from.is_empty() && !to.is_empty() => {
                out.extend([from.to_owned(), "-".to_owned(), to.to_owned()]);
            }
            _ => out.push(token),
        }
    }
    out
}

/// The days, and the tokens after them.
fn parse_days(tokens: &[String]) -> Option<(Vec<Weekday>, &[String])> {
    if let Some((set, rest)) = match_row(tokens, DAY_SET_WORDS) {
        let days = match set {
            DaySet::Weekdays => WEEK[..5].to_vec(),
            DaySet::Daily => WEEK.to_vec(),
        };
        return Some((days, rest));
    }
    let (_, mut rest) = strip_optional(tokens, EVERY_WORDS);
    let mut days = Vec::new();
    loop {
        let (first, after) = match_row(rest, WEEKDAY_WORDS)?;
        rest = after;
        match strip_phrase(rest, RANGE_WORDS)
            .and_then(|after_dash| match_row(after_dash, WEEKDAY_WORDS))
        {
            Some((last, after)) => {
                days.extend(range(first, last));
                rest = after;
            }
            None => days.push(first),
        }
        let (_, after_link) = strip_optional(rest, LIST_WORDS);
        if match_row(after_link, WEEKDAY_WORDS).is_none() {
            return Some((days, rest));
        }
        rest = after_link;
    }
}

/// `first` to `last` inclusive, wrapping past Sunday (`fri-mon` is Fri, Sat, Sun, Mon).
fn range(first: Weekday, last: Weekday) -> Vec<Weekday> {
    let mut days = vec![first];
    let mut day = first;
    while day != last {
        day = day.succ();
        days.push(day);
    }
    days
}

// --- occurrences --------------------------------------------------------------------------

impl Schedule {
    /// A schedule of these days (sorted, without repeats) at `at`. An empty list means every
    /// day, so that a schedule always has a next slot.
    pub fn new(days: impl IntoIterator<Item = Weekday>, at: NaiveTime) -> Self {
        let mut days: Vec<Weekday> = days.into_iter().collect();
        days.sort_by_key(Weekday::num_days_from_monday);
        days.dedup();
        if days.is_empty() {
            days = WEEK.to_vec();
        }
        Schedule { days, at }
    }

    /// Monday to Friday at `at`: the default subscription's days.
    pub fn weekdays(at: NaiveTime) -> Self {
        Schedule::new(WEEK[..5].iter().copied(), at)
    }

    /// The first slot strictly after `after`, read in `tz`. A slot in a spring-forward gap is
    /// sent at the first instant after the gap; one in an autumn fold at its earlier instant,
    /// once.
    pub fn next_after(&self, after: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        // Start the day before: in zones west of UTC, today's slot may still be ahead.
        let start = local_naive(after, tz)
            .map(|local| local.date())
            .unwrap_or_else(|| after.date_naive())
            .pred_opt()
            .unwrap_or(after.date_naive());
        start
            .iter_days()
            // A week and two days always hold a slot of a non-empty set of days.
            .take(9)
            .filter(|date| self.days.contains(&date.weekday()))
            .filter_map(|date| resolve_local(tz, date.and_time(self.at)).first_valid())
            .find(|&at| at > after)
            // Only at the very end of chrono's range; a day later keeps callers moving.
            .unwrap_or(after + chrono::Duration::days(1))
    }

    /// The schedule in the reader's words: "Monday–Friday at 08:30", "luni–vineri la 08:30".
    pub fn describe(&self, locale: Locale) -> String {
        let at = self.at.format("%H:%M").to_string();
        let msg = if self.days.len() == 7 {
            Msg::new("schedule-describe-daily").arg("at", at)
        } else if self.days == WEEK[..5] {
            Msg::new("schedule-describe-weekdays").arg("at", at)
        } else {
            let names: Vec<String> = self
                .days
                .iter()
                .map(|&d| weekday_name(d).render(locale))
                .collect();
            Msg::new("schedule-describe-days")
                .arg("days", names.join(", "))
                .arg("at", at)
        };
        msg.render(locale)
    }
}

impl fmt::Display for Schedule {
    /// Canonical English that [`parse_schedule`] reads back: `mon,tue,wed,thu,fri 08:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CODES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let days: Vec<&str> = self
            .days
            .iter()
            .map(|d| CODES[d.num_days_from_monday() as usize])
            .collect();
        write!(f, "{} {}", days.join(","), self.at.format("%H:%M"))
    }
}

#[cfg(test)]
mod tests;
