//! Repeat rules for recurring tasks (`every:`), in English or Romanian:
//! `every mon, thu 10:00`, `în fiecare zi lucrătoare`, `lunar pe 15 la 10`,
//! `în ultima zi lucrătoare a lunii`.
//!
//! Text goes through the same tokenizer and word tables as due dates ([`super::due`]), so
//! case, diacritics and extra spaces do not matter and weekday names are shared.
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
use super::due::{
    local_naive, match_row, parse_time_phrase, resolve_local, strip_optional, strip_phrase,
    tokenize, RawTime, Row, WEEKDAY_WORDS,
};
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

/// Why a repeat rule was refused. Every variant has a Fluent message (see
/// [`RecurrenceError::message`]).
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

impl RecurrenceError {
    /// The Fluent message id (in `i18n/*/dates.ftl`) and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            RecurrenceError::Empty => ("every-empty", vec![]),
            RecurrenceError::Unreadable { text } => {
                ("every-unreadable", vec![("text", text.clone())])
            }
            RecurrenceError::MissingTime { text } => {
                ("every-missing-time", vec![("text", text.clone())])
            }
            RecurrenceError::BadDay { day } => ("every-bad-day", vec![("day", day.clone())]),
            RecurrenceError::BadTime { time } => ("every-bad-time", vec![("time", time.clone())]),
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
    let echo = echo(text);
    let unreadable = || RecurrenceError::Unreadable { text: echo.clone() };
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(unreadable());
    }
    let tokens = tokenize(text);
    let (rule, time) = parse_rule(&tokens).ok_or_else(unreadable)?;
    build(rule, time, &echo)
}

fn echo(text: &str) -> String {
    if text.chars().count() <= MAX_ECHO_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_ECHO_CHARS - 1).collect();
    cut.push('…');
    cut
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

fn weekday_name(day: Weekday) -> Msg {
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
mod tests {
    use super::*;
    use chrono::{Offset, Timelike};
    use chrono_tz::Europe::Bucharest;

    use crate::core::time::business_hours::WeeklyHours;
    use crate::core::time::due::tests::{assert_renders, backticked, date, local, office, utc};

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn next(rule: &Recurrence, after: DateTime<Utc>) -> DateTime<Utc> {
        rule.next_after(after, Bucharest, &office())
    }

    fn parsed(text: &str) -> Recurrence {
        parse_recurrence(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    /// Wednesday 2026-12-02 10:00 in Bucharest.
    fn now() -> DateTime<Utc> {
        local(2026, 12, 2, 10, 0)
    }

    // --- parsing --------------------------------------------------------------------------

    #[test]
    fn weekly_in_both_languages() {
        let monday_nine = Recurrence::weekly([Weekday::Mon], time(9, 0));
        for text in [
            "every monday 09:00",
            "every mon 9",
            "Each Monday at 9am",
            "every monday at 9",
            "în fiecare luni la 9",
            "in fiecare luni la 9",
            "fiecare luni la ora 9",
            "săptămânal lunea la 9",
            "saptamanal luni la 9:00",
            "weekly on monday at 9",
            "ÎN FIECARE LUNI LA 9",
        ] {
            assert_eq!(parsed(text), monday_nine, "{text:?}");
        }
    }

    #[test]
    fn weekly_lists_are_sorted_and_unique() {
        let mon_thu = Recurrence::weekly([Weekday::Mon, Weekday::Thu], time(10, 0));
        for text in [
            "every mon, thu 10:00",
            "every thu, mon 10:00",
            "every monday and thursday at 10",
            "every mon thu 10",
            "în fiecare luni și joi la 10",
            "in fiecare joi si luni la 10",
            "every mon, thu, mon 10:00",
        ] {
            assert_eq!(parsed(text), mon_thu, "{text:?}");
        }
        assert_eq!(
            parsed("every sun, sat, fri 18:30"),
            Recurrence::Weekly {
                days: vec![Weekday::Fri, Weekday::Sat, Weekday::Sun],
                at: time(18, 30)
            }
        );
    }

    #[test]
    fn weekdays_in_both_languages() {
        for (text, at) in [
            ("every weekday", None),
            ("every working day", None),
            ("every business day", None),
            ("weekdays at 9", Some(time(9, 0))),
            ("every weekday 09:00", Some(time(9, 0))),
            ("în fiecare zi lucrătoare", None),
            ("in fiecare zi lucratoare", None),
            ("în fiecare zi lucrătoare la 9", Some(time(9, 0))),
            ("în zilele lucrătoare la 16:30", Some(time(16, 30))),
        ] {
            assert_eq!(parsed(text), Recurrence::Weekdays { at }, "{text:?}");
        }
    }

    #[test]
    fn daily_in_both_languages() {
        for text in [
            "every day 09:00",
            "daily at 9",
            "daily 9am",
            "zilnic la 9",
            "în fiecare zi la 9",
            "in fiecare zi la ora 9",
        ] {
            assert_eq!(
                parsed(text),
                Recurrence::Daily { at: time(9, 0) },
                "{text:?}"
            );
        }
    }

    #[test]
    fn monthly_on_a_day_in_both_languages() {
        for (text, day, at) in [
            ("every month on 1", 1, None),
            ("every month on the 1st at 10:00", 1, Some(time(10, 0))),
            ("monthly on 15", 15, None),
            ("monthly on the 22nd 9am", 22, Some(time(9, 0))),
            ("each month on 31", 31, None),
            ("lunar pe 1", 1, None),
            ("lunar pe 15 la 10", 15, Some(time(10, 0))),
            ("în fiecare lună pe 15 la 10", 15, Some(time(10, 0))),
            ("in fiecare luna pe 15 la 10", 15, Some(time(10, 0))),
            ("lunar pe data de 31", 31, None),
            ("lunar în ziua 3", 3, None),
        ] {
            assert_eq!(
                parsed(text),
                Recurrence::MonthlyOnDay { day, at },
                "{text:?}"
            );
        }
    }

    #[test]
    fn last_working_day_in_both_languages() {
        for (text, at) in [
            ("every last working day", None),
            ("every last working day of the month", None),
            ("last business day of each month", None),
            ("on the last working day at 16:00", Some(time(16, 0))),
            ("în ultima zi lucrătoare", None),
            ("în ultima zi lucrătoare a lunii", None),
            ("in ultima zi lucratoare a lunii la 16", Some(time(16, 0))),
            ("ultima zi lucrătoare din lună", None),
            ("lunar, în ultima zi lucrătoare", None),
        ] {
            assert_eq!(parsed(text), Recurrence::LastWorkingDay { at }, "{text:?}");
        }
    }

    #[test]
    fn refusals() {
        let unreadable = |text: &str| RecurrenceError::Unreadable { text: text.into() };
        for text in [
            "every",
            "every blah",
            "every month",
            "every month on first",
            "every 2 weeks",
            "every mon and",
            "every mon 9 10",
            "fortnightly",
            "every monday tomorrow",
        ] {
            assert_eq!(parse_recurrence(text), Err(unreadable(text)), "{text:?}");
        }
        assert_eq!(parse_recurrence(" "), Err(RecurrenceError::Empty));
        for text in [
            "every monday",
            "în fiecare luni",
            "daily",
            "zilnic",
            "every day",
        ] {
            assert_eq!(
                parse_recurrence(text),
                Err(RecurrenceError::MissingTime { text: text.into() }),
                "{text:?}"
            );
        }
        for (text, day) in [
            ("every month on 0", "0"),
            ("lunar pe 32", "32"),
            ("every month on 99999999999", "99999999999"),
        ] {
            assert_eq!(
                parse_recurrence(text),
                Err(RecurrenceError::BadDay { day: day.into() }),
                "{text:?}"
            );
        }
        for (text, bad) in [("every mon 25:00", "25:00"), ("lunar pe 1 la 13pm", "13pm")] {
            assert_eq!(
                parse_recurrence(text),
                Err(RecurrenceError::BadTime { time: bad.into() }),
                "{text:?}"
            );
        }
        assert!(matches!(
            parse_recurrence(&"every ".repeat(40)),
            Err(RecurrenceError::Unreadable { .. })
        ));
    }

    #[test]
    fn display_is_canonical_and_reads_back() {
        for (rule, text) in [
            (
                Recurrence::weekly([Weekday::Mon], time(9, 0)),
                "every mon 09:00",
            ),
            (
                Recurrence::weekly([Weekday::Thu, Weekday::Mon], time(10, 0)),
                "every mon, thu 10:00",
            ),
            (Recurrence::Daily { at: time(7, 5) }, "every day 07:05"),
            (Recurrence::Weekdays { at: None }, "every weekday"),
            (
                Recurrence::Weekdays {
                    at: Some(time(9, 0)),
                },
                "every weekday 09:00",
            ),
            (
                Recurrence::MonthlyOnDay { day: 1, at: None },
                "every month on 1",
            ),
            (
                Recurrence::MonthlyOnDay {
                    day: 1,
                    at: Some(time(10, 0)),
                },
                "every month on 1 at 10:00",
            ),
            (
                Recurrence::LastWorkingDay { at: None },
                "every last working day",
            ),
            (
                Recurrence::LastWorkingDay {
                    at: Some(time(16, 0)),
                },
                "every last working day at 16:00",
            ),
        ] {
            assert_eq!(rule.to_string(), text);
            assert_eq!(parse_recurrence(text), Ok(rule), "{text:?}");
        }
    }

    #[test]
    fn weekday_lists_deserialize_from_codes_sorted_and_unique() {
        use serde::de::value::{Error, SeqDeserializer};
        let read = |names: Vec<&'static str>| {
            weekday_list::deserialize(SeqDeserializer::<_, Error>::new(names.into_iter()))
        };
        assert_eq!(
            read(vec!["thu", "MON", "mon"]),
            Ok(vec![Weekday::Mon, Weekday::Thu])
        );
        assert!(read(vec![]).is_err());
        assert!(read(vec!["monday"]).is_err());
    }

    // --- next_after ------------------------------------------------------------------------

    #[test]
    fn weekly_next_is_strictly_after() {
        let monday_nine = parsed("every mon 09:00");
        assert_eq!(next(&monday_nine, now()), local(2026, 12, 7, 9, 0));
        assert_eq!(
            next(&monday_nine, local(2026, 12, 7, 9, 0)),
            local(2026, 12, 14, 9, 0)
        );
        assert_eq!(
            next(&monday_nine, local(2026, 12, 7, 8, 59)),
            local(2026, 12, 7, 9, 0)
        );
        let mon_thu = parsed("every mon, thu 10:00");
        assert_eq!(next(&mon_thu, now()), local(2026, 12, 3, 10, 0));
        assert_eq!(
            next(&mon_thu, local(2026, 12, 3, 10, 0)),
            local(2026, 12, 7, 10, 0)
        );
        let wednesday = parsed("în fiecare miercuri la 11");
        assert_eq!(next(&wednesday, now()), local(2026, 12, 2, 11, 0));
    }

    #[test]
    fn weekly_and_daily_keep_their_day_on_holidays() {
        // Friday 25 December is a holiday; a weekly rule with a time still fires.
        assert_eq!(
            next(&parsed("every fri 10:00"), local(2026, 12, 23, 10, 0)),
            local(2026, 12, 25, 10, 0)
        );
        assert_eq!(
            next(&parsed("daily 9:00"), local(2026, 12, 4, 10, 0)),
            local(2026, 12, 5, 9, 0)
        );
    }

    #[test]
    fn weekdays_skip_weekends_and_holidays() {
        let end_of_day = Recurrence::Weekdays { at: None };
        assert_eq!(next(&end_of_day, now()), local(2026, 12, 2, 17, 0));
        assert_eq!(
            next(&end_of_day, local(2026, 12, 2, 17, 0)),
            local(2026, 12, 3, 17, 0)
        );
        // Monday evening: Tuesday 1 December is a holiday.
        assert_eq!(
            next(&end_of_day, local(2026, 11, 30, 18, 0)),
            local(2026, 12, 2, 17, 0)
        );
        let nine = parsed("în fiecare zi lucrătoare la 9");
        assert_eq!(
            next(&nine, local(2026, 12, 24, 10, 0)),
            local(2026, 12, 28, 9, 0)
        );
        // 1 and 2 January are holidays, the 3rd a Sunday.
        assert_eq!(
            next(&nine, local(2026, 12, 31, 10, 0)),
            local(2027, 1, 4, 9, 0)
        );
    }

    #[test]
    fn monthly_day_clamps_to_short_months() {
        let last = parsed("every month on 31 at 10:00");
        assert_eq!(
            next(&last, local(2027, 1, 31, 10, 0)),
            local(2027, 2, 28, 10, 0)
        );
        assert_eq!(
            next(&last, local(2028, 1, 31, 10, 0)),
            local(2028, 2, 29, 10, 0)
        );
        assert_eq!(
            next(&last, local(2028, 2, 29, 10, 0)),
            local(2028, 3, 31, 10, 0)
        );
        assert_eq!(
            next(&last, local(2028, 3, 31, 10, 0)),
            local(2028, 4, 30, 10, 0)
        );
        let thirtieth = parsed("lunar pe 30 la 9");
        assert_eq!(
            next(&thirtieth, local(2027, 1, 30, 9, 0)),
            local(2027, 2, 28, 9, 0)
        );
        assert_eq!(
            next(&thirtieth, local(2027, 2, 28, 9, 0)),
            local(2027, 3, 30, 9, 0)
        );
    }

    #[test]
    fn monthly_day_without_time_ends_on_the_working_day() {
        let fifteenth = parsed("lunar pe 15");
        assert_eq!(next(&fifteenth, now()), local(2026, 12, 15, 17, 0));
        // 15 May 2027 is a Saturday: the end of Monday the 17th, even when asked on the 16th.
        assert_eq!(
            next(&fifteenth, local(2027, 5, 1, 10, 0)),
            local(2027, 5, 17, 17, 0)
        );
        assert_eq!(
            next(&fifteenth, local(2027, 5, 16, 10, 0)),
            local(2027, 5, 17, 17, 0)
        );
        assert_eq!(
            next(&fifteenth, local(2027, 5, 17, 17, 0)),
            local(2027, 6, 15, 17, 0)
        );
        // 1 December is a holiday: Wednesday the 2nd. 1 and 2 January 2027 are holidays and
        // the 3rd a Sunday: Monday the 4th.
        let first = parsed("every month on 1");
        assert_eq!(next(&first, now()), local(2026, 12, 2, 17, 0));
        assert_eq!(
            next(&first, local(2026, 12, 2, 17, 0)),
            local(2027, 1, 4, 17, 0)
        );
    }

    #[test]
    fn last_working_day_of_the_month() {
        let rule = parsed("în ultima zi lucrătoare a lunii");
        // December 2026 ends on a Thursday.
        assert_eq!(next(&rule, now()), local(2026, 12, 31, 17, 0));
        // January 2027 ends on a Sunday: Friday the 29th.
        assert_eq!(
            next(&rule, local(2026, 12, 31, 17, 0)),
            local(2027, 1, 29, 17, 0)
        );
        // February 2027 ends on a Sunday too: Friday the 26th.
        assert_eq!(
            next(&rule, local(2027, 1, 29, 17, 0)),
            local(2027, 2, 26, 17, 0)
        );
        let at_four = parsed("every last working day at 16:00");
        assert_eq!(
            next(&at_four, local(2026, 12, 31, 16, 30)),
            local(2027, 1, 29, 16, 0)
        );
    }

    #[test]
    fn last_working_day_skips_a_holiday_at_month_end() {
        let calendar = BusinessCalendar::new(
            Bucharest,
            WeeklyHours::office(),
            [date(2026, 12, 31), date(2026, 12, 30)],
        );
        let rule = Recurrence::LastWorkingDay { at: None };
        assert_eq!(
            rule.next_after(now(), Bucharest, &calendar),
            local(2026, 12, 29, 17, 0)
        );
    }

    // --- daylight saving ---------------------------------------------------------------------

    #[test]
    fn a_time_in_the_spring_gap_moves_past_the_gap() {
        let rule = parsed("every sun 03:30");
        for (saturday, sunday) in [
            (local(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 0)),
            (local(2027, 3, 27, 12, 0), utc(2027, 3, 28, 1, 0)),
        ] {
            // 04:00 EEST, the first instant after the gap, is 01:00 UTC.
            assert_eq!(next(&rule, saturday), sunday);
        }
    }

    #[test]
    fn a_time_in_the_autumn_fold_happens_once_at_the_earlier_instant() {
        let rule = parsed("every sun 03:30");
        let first = next(&rule, local(2026, 10, 24, 12, 0));
        assert_eq!(first, utc(2026, 10, 25, 0, 30));
        assert_eq!(next(&rule, first), local(2026, 11, 1, 3, 30));
        assert_eq!(
            next(&rule, local(2027, 10, 30, 12, 0)),
            utc(2027, 10, 31, 0, 30)
        );
    }

    #[test]
    fn occurrences_across_a_change_keep_the_wall_clock_time() {
        let daily = parsed("zilnic la 9");
        let at = next(&daily, local(2026, 3, 28, 10, 0));
        assert_eq!(at, utc(2026, 3, 29, 6, 0));
        assert_eq!(
            at.with_timezone(&Bucharest)
                .offset()
                .fix()
                .local_minus_utc(),
            3 * 3600
        );
        let at = next(&daily, local(2027, 10, 30, 10, 0));
        assert_eq!(at, utc(2027, 10, 31, 7, 0));
        assert_eq!(at.with_timezone(&Bucharest).hour(), 9);
        // End of the working day after the spring change: Monday 17:00 EEST.
        let weekdays = Recurrence::Weekdays { at: None };
        assert_eq!(
            next(&weekdays, local(2026, 3, 27, 18, 0)),
            utc(2026, 3, 30, 14, 0)
        );
    }

    #[test]
    fn nothing_to_find_returns_the_horizon() {
        let empty = Recurrence::Weekly {
            days: vec![],
            at: time(9, 0),
        };
        assert_eq!(
            next(&empty, now()),
            now() + Duration::days(i64::from(HORIZON_DAYS))
        );
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let calendar = office();
        for rule in [
            parsed("every mon 9:00"),
            parsed("every weekday"),
            parsed("every month on 31"),
            parsed("every last working day"),
            parsed("daily 00:00"),
        ] {
            for after in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                let _ = rule.next_after(after, Bucharest, &calendar);
            }
        }
    }

    // --- messages --------------------------------------------------------------------------

    #[test]
    fn every_error_message_exists_in_both_languages_with_its_arguments() {
        let text = || "x".to_owned();
        for error in [
            RecurrenceError::Empty,
            RecurrenceError::Unreadable { text: text() },
            RecurrenceError::MissingTime { text: text() },
            RecurrenceError::BadDay { day: "32".into() },
            RecurrenceError::BadTime {
                time: "25:00".into(),
            },
        ] {
            let (id, args) = error.message();
            assert!(id.starts_with("every-"), "{id}");
            assert_renders(id, &args);
        }
    }

    #[test]
    fn the_examples_we_show_are_accepted() {
        for rendered in assert_renders("every-examples", &[]) {
            let examples = backticked(&rendered);
            assert_eq!(examples.len(), 3, "{rendered}");
            for example in examples {
                assert!(parse_recurrence(&example).is_ok(), "{example:?}");
            }
        }
        for rendered in assert_renders("every-missing-time", &[("text", "x".into())]) {
            for example in backticked(&rendered) {
                assert!(parse_recurrence(&example).is_ok(), "{example:?}");
            }
        }
    }
}
