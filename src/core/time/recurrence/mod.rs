//! Repeat rules for recurring tasks (`every:`), in English or Romanian:
//! `every mon, thu 10:00`, `în fiecare zi lucrătoare`, `lunar pe 15 la 10`,
//! `în ultima zi lucrătoare a lunii`.
//!
//! Text goes through the same tokenizer and shared word tables as due dates
//! ([`super::words`]), so case, diacritics and extra spaces do not matter and weekday names
//! and times of day read the same.
//!
//! Rules worth knowing (each is tested):
//!
//! * An explicit time is a wall-clock time in the zone given to [`Recurrence::next_after`],
//!   on the day the rule names, holiday or not: `every fri 10:00` still fires on a holiday
//!   Friday (the calendar only decides *which* days for the working-day rules).
//! * Without a time, an occurrence is due at the end of that working day in the calendar; a
//!   monthly day that is not a working day (the 15th on a Saturday) moves to the end of the
//!   next working day, as [`BusinessCalendar::end_of_working_day`] defines.
//! * Weekly and daily rules need a time: they may fall on days without working hours, so
//!   "the end of the working day" would not mean anything there.
//! * Daylight saving: a time skipped by a spring-forward gap moves to the first instant after
//!   the gap (a recurring task must not silently vanish for a week); a time repeated by an
//!   autumn fold happens once, at the earlier instant.
//! * `daily` / `zilnic` is every calendar day, weekends included ([`Recurrence::Daily`]);
//!   `every weekday` / `în fiecare zi lucrătoare` is the calendar's working days.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::business_hours::{BusinessCalendar, HORIZON_DAYS};
use super::local_time::{local_naive, resolve_local};
use super::words::{
    match_row, parse_time_phrase, strip_optional, strip_phrase, tokenize, RawTime, Row,
    WEEKDAY_WORDS,
};
use crate::core::domain::text::echo;
use crate::i18n::{Locale, Msg};

/// Longer input is refused outright; no real rule needs more.
const MAX_INPUT_CHARS: usize = 120;

/// User text echoed inside an error is cut to this many characters.
const MAX_ECHO_CHARS: usize = 60;

/// How a task repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    /// every monday 09:00 | în fiecare luni la 9 | every mon, thu 10:00
    Weekly {
        /// Sorted Monday first, without repeats; serialized as `"mon"` … `"sun"`.
        #[serde(with = "weekday_list")]
        days: Vec<Weekday>,
        at: NaiveTime,
    },
    /// every day 09:00 | zilnic la 9 — every calendar day, weekends and holidays included.
    Daily { at: NaiveTime },
    /// every weekday [09:00] | în fiecare zi lucrătoare — the calendar's working days.
    Weekdays { at: Option<NaiveTime> },
    /// every month on 1 [09:00] | lunar pe 1 | în fiecare lună pe 15 la 10 — day 29–31 clamps
    /// to the month's last day.
    MonthlyOnDay { day: u32, at: Option<NaiveTime> },
    /// every last working day [of the month] | în ultima zi lucrătoare [a lunii]
    LastWorkingDay { at: Option<NaiveTime> },
}

/// Why a repeat rule was refused. Every variant has a Fluent message in `i18n/*/dates.ftl`,
/// which `Msg::from` picks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("no repeat rule given")]
    Empty,
    #[error("cannot read {text:?} as a repeat rule")]
    Unreadable { text: String },
    #[error("{text:?} needs a time of day")]
    MissingTime { text: String },
    #[error("a month has no day {day}")]
    BadDay { day: String },
    #[error("{time:?} is not a time of day")]
    BadTime { time: String },
}

impl From<RecurrenceError> for Msg {
    fn from(error: RecurrenceError) -> Self {
        match error {
            RecurrenceError::Empty => Msg::new("every-empty"),
            RecurrenceError::Unreadable { text } => Msg::new("every-unreadable").arg("text", text),
            RecurrenceError::MissingTime { text } => {
                Msg::new("every-missing-time").arg("text", text)
            }
            RecurrenceError::BadDay { day } => Msg::new("every-bad-day").arg("day", day),
            RecurrenceError::BadTime { time } => Msg::new("every-bad-time").arg("time", time),
        }
    }
}

// --- word tables (lower-case, without diacritics, as `tokenize` produces them) -----------

/// `every`, `each`, `în fiecare`.
const EVERY_WORDS: &[&[&str]] = &[&["every"], &["each"], &["in", "fiecare"], &["fiecare"]];

/// `weekly on monday`, `săptămânal lunea`.
const WEEKLY_WORDS: &[&[&str]] = &[&["weekly"], &["saptamanal"]];

/// Optional words between a weekly word and the weekday.
const WEEKLY_LINK_WORDS: &[&[&str]] = &[&["on"], &["every"], &["pe"], &["in"], &["in", "fiecare"]];

/// Between weekdays of a list: `mon, thu` (the comma is a separator), `mon and thu`, `luni și joi`.
const LIST_WORDS: &[&[&str]] = &[&["and"], &["si"], &["&"]];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Weekdays,
    Daily,
    Monthly,
}

/// What follows `every` / `în fiecare`.
const EVERY_KIND_WORDS: &[Row<Kind>] = &[
    (&["weekday"], Kind::Weekdays),
    (&["working", "day"], Kind::Weekdays),
    (&["business", "day"], Kind::Weekdays),
    (&["workday"], Kind::Weekdays),
    (&["zi", "lucratoare"], Kind::Weekdays),
    (&["day"], Kind::Daily),
    (&["zi"], Kind::Daily),
    (&["month"], Kind::Monthly),
    (&["luna"], Kind::Monthly),
];

/// Words that say how often on their own.
const STANDALONE_KIND_WORDS: &[Row<Kind>] = &[
    (&["weekdays"], Kind::Weekdays),
    (&["on", "weekdays"], Kind::Weekdays),
    (&["in", "zilele", "lucratoare"], Kind::Weekdays),
    (&["daily"], Kind::Daily),
    (&["zilnic"], Kind::Daily),
    (&["monthly"], Kind::Monthly),
    (&["lunar"], Kind::Monthly),
];

/// Between a monthly word and the day number: `on the 1st`, `pe 15`, `pe data de 15`.
const MONTH_DAY_LINK_WORDS: &[&[&str]] = &[
    &["on"],
    &["on", "the"],
    &["on", "day"],
    &["the"],
    &["day"],
    &["pe"],
    &["pe", "data", "de"],
    &["in"],
    &["in", "ziua"],
    &["ziua"],
];

/// `1st`, `2nd`, `3rd`, `15th` (the tokenizer splits the suffix off).
const ORDINAL_WORDS: &[&[&str]] = &[&["st"], &["nd"], &["rd"], &["th"]];

const LAST_WORKING_DAY_WORDS: &[&[&str]] = &[
    &["last", "working", "day"],
    &["last", "business", "day"],
    &["last", "workday"],
    &["ultima", "zi", "lucratoare"],
];

/// Optional words before the last working day: `every`, `on the`, `în`, `lunar, în`.
const LAST_WORKING_DAY_LEAD_WORDS: &[&[&str]] = &[
    &["every"],
    &["each"],
    &["on", "the"],
    &["the"],
    &["monthly", "on", "the"],
    &["in"],
    &["in", "fiecare"],
    &["fiecare"],
    &["lunar"],
    &["lunar", "in"],
];

/// Optional words after it: `of the month`, `a lunii`.
const OF_MONTH_WORDS: &[&[&str]] = &[
    &["of", "the", "month"],
    &["of", "month"],
    &["of", "each", "month"],
    &["of", "every", "month"],
    &["a", "lunii"],
    &["din", "luna"],
    &["din", "fiecare", "luna"],
];

/// Canonical short names, Monday first; also the serialized form.
const DAY_CODES: [(Weekday, &str); 7] = [
    (Weekday::Mon, "mon"),
    (Weekday::Tue, "tue"),
    (Weekday::Wed, "wed"),
    (Weekday::Thu, "thu"),
    (Weekday::Fri, "fri"),
    (Weekday::Sat, "sat"),
    (Weekday::Sun, "sun"),
];

fn day_code(day: Weekday) -> &'static str {
    DAY_CODES[day.num_days_from_monday() as usize].1
}

// --- parsing ------------------------------------------------------------------------------

/// A rule as written, checked by [`build`].
enum Rule {
    Weekly(Vec<Weekday>),
    Daily,
    Weekdays,
    /// The day number as typed, so an absurd one can be quoted back.
    Monthly(String),
    LastWorkingDay,
}

/// Reads a repeat rule; see the module docs for the forms.
pub fn parse_recurrence(text: &str) -> Result<Recurrence, RecurrenceError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(RecurrenceError::Empty);
    }
    let echo = echo(text, MAX_ECHO_CHARS);
    let unreadable = || RecurrenceError::Unreadable { text: echo.clone() };
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(unreadable());
    }
    let tokens = tokenize(text);
    let (rule, time) = parse_rule(&tokens).ok_or_else(unreadable)?;
    build(rule, time, &echo)
}

/// The rule and its optional time, consuming every token.
fn parse_rule(tokens: &[String]) -> Option<(Rule, Option<RawTime>)> {
    let (rule, rest) = parse_last_working_day(tokens)
        .or_else(|| parse_weekly(tokens))
        .or_else(|| parse_kind(tokens))?;
    if rest.is_empty() {
        return Some((rule, None));
    }
    match parse_time_phrase(rest)? {
        (time, _, []) => Some((rule, Some(time))),
        _ => None,
    }
}

fn parse_last_working_day(tokens: &[String]) -> Option<(Rule, &[String])> {
    let (_, rest) = strip_optional(tokens, LAST_WORKING_DAY_LEAD_WORDS);
    let rest = strip_phrase(rest, LAST_WORKING_DAY_WORDS)?;
    let (_, rest) = strip_optional(rest, OF_MONTH_WORDS);
    Some((Rule::LastWorkingDay, rest))
}

fn parse_weekly(tokens: &[String]) -> Option<(Rule, &[String])> {
    let rest = strip_phrase(tokens, EVERY_WORDS).or_else(|| {
        let rest = strip_phrase(tokens, WEEKLY_WORDS)?;
        Some(strip_optional(rest, WEEKLY_LINK_WORDS).1)
    })?;
    let (days, rest) = parse_weekday_list(rest)?;
    Some((Rule::Weekly(days), rest))
}

/// One or more weekdays, sorted Monday first and without repeats.
fn parse_weekday_list(tokens: &[String]) -> Option<(Vec<Weekday>, &[String])> {
    let (first, mut rest) = match_row(tokens, WEEKDAY_WORDS)?;
    let mut days = vec![first];
    loop {
        let (_, after_link) = strip_optional(rest, LIST_WORDS);
        let Some((day, after)) = match_row(after_link, WEEKDAY_WORDS) else {
            break;
        };
        days.push(day);
        rest = after;
    }
    Some((normalize_days(days), rest))
}

fn normalize_days(mut days: Vec<Weekday>) -> Vec<Weekday> {
    days.sort_by_key(Weekday::num_days_from_monday);
    days.dedup();
    days
}

/// `every weekday|day|month …`, `daily`, `lunar pe 15`.
fn parse_kind(tokens: &[String]) -> Option<(Rule, &[String])> {
    let (kind, rest) = strip_phrase(tokens, EVERY_WORDS)
        .and_then(|rest| match_row(rest, EVERY_KIND_WORDS))
        .or_else(|| match_row(tokens, STANDALONE_KIND_WORDS))?;
    match kind {
        Kind::Weekdays => Some((Rule::Weekdays, rest)),
        Kind::Daily => Some((Rule::Daily, rest)),
        Kind::Monthly => {
            let (_, rest) = strip_optional(rest, MONTH_DAY_LINK_WORDS);
            let (day, rest) = rest.split_first()?;
            if !day.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (_, rest) = strip_optional(rest, ORDINAL_WORDS);
            Some((Rule::Monthly(day.clone()), rest))
        }
    }
}

/// Checks the day and time and assembles the rule.
fn build(rule: Rule, time: Option<RawTime>, text: &str) -> Result<Recurrence, RecurrenceError> {
    let at = time
        .map(|time| {
            time.to_time().ok_or(RecurrenceError::BadTime {
                time: time.src.clone(),
            })
        })
        .transpose()?;
    let missing_time = || RecurrenceError::MissingTime {
        text: text.to_owned(),
    };
    Ok(match rule {
        Rule::Weekly(days) => Recurrence::Weekly {
            days,
            at: at.ok_or_else(missing_time)?,
        },
        Rule::Daily => Recurrence::Daily {
            at: at.ok_or_else(missing_time)?,
        },
        Rule::Weekdays => Recurrence::Weekdays { at },
        Rule::Monthly(day) => match day.parse::<u32>() {
            Ok(number @ 1..=31) => Recurrence::MonthlyOnDay { day: number, at },
            _ => return Err(RecurrenceError::BadDay { day }),
        },
        Rule::LastWorkingDay => Recurrence::LastWorkingDay { at },
    })
}

// --- occurrences --------------------------------------------------------------------------

impl Recurrence {
    /// A weekly rule with its days sorted Monday first and without repeats.
    pub fn weekly(days: impl IntoIterator<Item = Weekday>, at: NaiveTime) -> Self {
        Recurrence::Weekly {
            days: normalize_days(days.into_iter().collect()),
            at,
        }
    }

    /// The first occurrence strictly after `after`, in `tz` wall-clock, using `calendar` for
    /// working days; a missing time = end of that working day. Daylight saving: a time in a
    /// spring-forward gap moves to the first instant after the gap (recurring things must not
    /// vanish); a time in an autumn fold is the earlier instant (and happens once).
    ///
    /// When nothing occurs within [`HORIZON_DAYS`] (a weekly rule without days, a calendar
    /// with no working day) the answer is `after` plus that many days, as the calendar does.
    pub fn next_after(
        &self,
        after: DateTime<Utc>,
        tz: Tz,
        calendar: &BusinessCalendar,
    ) -> DateTime<Utc> {
        // Start a step early: a non-working monthly day can move into the next month.
        let Some(local_date) = local_naive(after, tz).map(|local| local.date()) else {
            return horizon(after);
        };
        let found = match self {
            Recurrence::Weekly { .. } | Recurrence::Daily { .. } | Recurrence::Weekdays { .. } => {
                let start = local_date.pred_opt().unwrap_or(local_date);
                start
                    .iter_days()
                    .take(HORIZON_DAYS as usize + 2)
                    .filter_map(|date| self.on_date(date, tz, calendar))
                    .find(|&at| at > after)
            }
            Recurrence::MonthlyOnDay { .. } | Recurrence::LastWorkingDay { .. } => {
                let first = local_date.with_day(1).unwrap_or(local_date);
                let start = first.checked_sub_months(Months::new(1)).unwrap_or(first);
                (0..HORIZON_DAYS / 28 + 2)
                    .map_while(|months| start.checked_add_months(Months::new(months)))
                    .filter_map(|month| self.in_month(month, tz, calendar))
                    .find(|&at| at > after)
            }
        };
        found.unwrap_or_else(|| horizon(after))
    }

    /// The occurrence on `date` of a day-based rule, if it has one.
    fn on_date(
        &self,
        date: NaiveDate,
        tz: Tz,
        calendar: &BusinessCalendar,
    ) -> Option<DateTime<Utc>> {
        match self {
            Recurrence::Weekly { days, at } => days
                .contains(&date.weekday())
                .then(|| wall_clock(date, *at, tz))?,
            Recurrence::Daily { at } => wall_clock(date, *at, tz),
            Recurrence::Weekdays { at } => calendar
                .is_working_day(date)
                .then(|| due_on(date, *at, tz, calendar))?,
            Recurrence::MonthlyOnDay { .. } | Recurrence::LastWorkingDay { .. } => None,
        }
    }

    /// The occurrence in the month starting at `first` of a month-based rule.
    fn in_month(
        &self,
        first: NaiveDate,
        tz: Tz,
        calendar: &BusinessCalendar,
    ) -> Option<DateTime<Utc>> {
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        match self {
            Recurrence::MonthlyOnDay { day, at } => {
                let date = first.with_day((*day).clamp(1, last.day()))?;
                due_on(date, *at, tz, calendar)
            }
            Recurrence::LastWorkingDay { at } => {
                let date = last
                    .iter_days()
                    .rev()
                    .take_while(|date| date.month() == first.month())
                    .find(|&date| calendar.is_working_day(date))?;
                due_on(date, *at, tz, calendar)
            }
            _ => None,
        }
    }
}

/// The calendar's answer when nothing is found: `HORIZON_DAYS` later.
fn horizon(after: DateTime<Utc>) -> DateTime<Utc> {
    after
        .checked_add_signed(Duration::days(i64::from(HORIZON_DAYS)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `date` at `at` in `tz`, or the end of that working day without a time.
fn due_on(
    date: NaiveDate,
    at: Option<NaiveTime>,
    tz: Tz,
    calendar: &BusinessCalendar,
) -> Option<DateTime<Utc>> {
    match at {
        Some(at) => wall_clock(date, at, tz),
        None => Some(calendar.end_of_working_day(date)),
    }
}

/// A gap moves to the first instant after it; a fold takes the earlier instant.
fn wall_clock(date: NaiveDate, at: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    resolve_local(tz, date.and_time(at)).first_valid()
}

// --- text form ----------------------------------------------------------------------------

impl Recurrence {
    /// The rule in the reader's words: "every Monday at 09:00", "în fiecare luni la 09:00".
    pub fn describe(&self, locale: Locale) -> String {
        let hhmm = |at: &NaiveTime| at.format("%H:%M").to_string();
        let msg = match self {
            Recurrence::Weekly { days, at } => {
                let names: Vec<String> = days
                    .iter()
                    .map(|&d| weekday_name(d).render(locale))
                    .collect();
                Msg::new("every-describe-weekly")
                    .arg("days", names.join(", "))
                    .arg("at", hhmm(at))
            }
            Recurrence::Daily { at } => Msg::new("every-describe-daily").arg("at", hhmm(at)),
            Recurrence::Weekdays { at: None } => Msg::new("every-describe-weekdays"),
            Recurrence::Weekdays { at: Some(at) } => {
                Msg::new("every-describe-weekdays-at").arg("at", hhmm(at))
            }
            Recurrence::MonthlyOnDay { day, at: None } => {
                Msg::new("every-describe-monthly").arg("day", *day)
            }
            Recurrence::MonthlyOnDay { day, at: Some(at) } => Msg::new("every-describe-monthly-at")
                .arg("day", *day)
                .arg("at", hhmm(at)),
            Recurrence::LastWorkingDay { at: None } => Msg::new("every-describe-last"),
            Recurrence::LastWorkingDay { at: Some(at) } => {
                Msg::new("every-describe-last-at").arg("at", hhmm(at))
            }
        };
        msg.render(locale)
    }
}

/// A weekday's name in the reader's language (`dates.ftl`); schedules use it too.
pub(super) fn weekday_name(day: Weekday) -> Msg {
    match day {
        Weekday::Mon => Msg::new("every-day-mon"),
        Weekday::Tue => Msg::new("every-day-tue"),
        Weekday::Wed => Msg::new("every-day-wed"),
        Weekday::Thu => Msg::new("every-day-thu"),
        Weekday::Fri => Msg::new("every-day-fri"),
        Weekday::Sat => Msg::new("every-day-sat"),
        Weekday::Sun => Msg::new("every-day-sun"),
    }
}

impl fmt::Display for Recurrence {
    /// Canonical English that [`parse_recurrence`] reads back: `every mon, thu 09:00`,
    /// `every weekday`, `every month on 1 at 10:00`, `every last working day`.
    /// Seconds are not shown (rules typed by people never have them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hhmm = |at: &NaiveTime| at.format("%H:%M").to_string();
        match self {
            Recurrence::Weekly { days, at } => {
                let days: Vec<&str> = days.iter().map(|&day| day_code(day)).collect();
                write!(f, "every {} {}", days.join(", "), hhmm(at))
            }
            Recurrence::Daily { at } => write!(f, "every day {}", hhmm(at)),
            Recurrence::Weekdays { at: None } => f.write_str("every weekday"),
            Recurrence::Weekdays { at: Some(at) } => write!(f, "every weekday {}", hhmm(at)),
            Recurrence::MonthlyOnDay { day, at: None } => write!(f, "every month on {day}"),
            Recurrence::MonthlyOnDay { day, at: Some(at) } => {
                write!(f, "every month on {day} at {}", hhmm(at))
            }
            Recurrence::LastWorkingDay { at: None } => f.write_str("every last working day"),
            Recurrence::LastWorkingDay { at: Some(at) } => {
                write!(f, "every last working day at {}", hhmm(at))
            }
        }
    }
}

/// Weekday lists as `["mon", "thu"]`; reading sorts, removes repeats and refuses an empty list.
mod weekday_list {
    use chrono::Weekday;
    use serde::{de, Deserialize, Deserializer, Serializer};

    use super::{day_code, normalize_days, DAY_CODES};

    pub fn serialize<S: Serializer>(days: &[Weekday], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(days.iter().map(|&day| day_code(day)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Weekday>, D::Error> {
        let names = Vec::<String>::deserialize(deserializer)?;
        let days = names
            .iter()
            .map(|name| {
                DAY_CODES
                    .iter()
                    .find(|(_, code)| code.eq_ignore_ascii_case(name))
                    .map(|&(day, _)| day)
                    .ok_or_else(|| de::Error::custom(format!("unknown weekday {name:?}")))
            })
            .collect::<Result<Vec<_>, D::Error>>()?;
        if days.is_empty() {
            return Err(de::Error::custom("a weekly rule needs at least one day"));
        }
        Ok(normalize_days(days))
    }
}

#[cfg(test)]
mod tests;
