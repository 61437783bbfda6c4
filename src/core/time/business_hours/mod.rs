//! Business-hours arithmetic: weekly opening hours, holidays and a time zone.
//!
//! SLA clocks only run while the desk is open, so every deadline and every
//! "time spent" figure goes through a [`BusinessCalendar`]. All arithmetic is
//! done on UTC instants; local wall-clock times are resolved through one
//! helper ([`BusinessCalendar::resolve_local`]) so that daylight-saving gaps
//! and folds are handled the same way in every calculation of the calendar.
//!
//! Every search is bounded by [`HORIZON_DAYS`]. When nothing is found inside
//! that window (a calendar whose every day is a holiday, or a duration longer
//! than the window holds) the result is the *horizon*: the starting instant
//! plus `HORIZON_DAYS` days, i.e. a deadline that effectively never arrives.
//! We prefer that to returning the input, which would make an SLA look due
//! immediately.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::holidays::PublicHolidays;

/// How many local days any search looks ahead (a little over ten years).
pub const HORIZON_DAYS: u32 = 3_700;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Monday first, matching the index order of [`WeeklyHours`].
pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// What was wrong with a set of opening hours.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    #[error("unknown day {0:?} (expected mon, tue, wed, thu, fri, sat or sun)")]
    BadDay(String),
    #[error("day range {0:?} runs backwards (ranges cannot wrap past sunday)")]
    BackwardsDayRange(String),
    #[error("bad time {0:?} (expected HH:MM between 00:00 and 24:00)")]
    BadTime(String),
    #[error("{}: opening {} is not before closing {}", day_name(*.day), hhmm(*.open), hhmm(*.close))]
    OpenNotBeforeClose { day: Weekday, open: u16, close: u16 },
    #[error("{}: closing time {close} minutes is past midnight", day_name(*.day))]
    CloseAfterMidnight { day: Weekday, close: u16 },
    #[error("{} is given more than one opening range", day_name(*.0))]
    DuplicateDay(Weekday),
    #[error("no day of the week has opening hours")]
    NoOpenDay,
    #[error("{0}")]
    Syntax(String),
}

fn day_name(day: Weekday) -> &'static str {
    DAY_NAMES[day.num_days_from_monday() as usize]
}

/// Formats minutes from midnight as `HH:MM` (1440 prints as `24:00`).
fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Opening hours for each weekday, minutes from local midnight, open < close <= 1440.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyHours {
    /// Monday first; `None` means closed all day.
    days: [Option<(u16, u16)>; 7],
}

impl WeeklyHours {
    /// Validates every range (`open < close <= 1440`) and that at least one day opens.
    pub fn new(days: [Option<(u16, u16)>; 7]) -> Result<Self, CalendarError> {
        for (day, hours) in WEEKDAYS.iter().zip(days) {
            let Some((open, close)) = hours else { continue };
            if close > MINUTES_PER_DAY {
                return Err(CalendarError::CloseAfterMidnight { day: *day, close });
            }
            if open >= close {
                return Err(CalendarError::OpenNotBeforeClose {
                    day: *day,
                    open,
                    close,
                });
            }
        }
        if days.iter().all(Option::is_none) {
            return Err(CalendarError::NoOpenDay);
        }
        Ok(Self { days })
    }

    /// Monday to Friday, 09:00–17:00.
    pub fn office() -> Self {
        let day = Some((9 * 60, 17 * 60));
        Self {
            days: [day, day, day, day, day, None, None],
        }
    }

    /// The opening range of `day`, if it opens at all.
    pub fn on(&self, day: Weekday) -> Option<(u16, u16)> {
        self.days[day.num_days_from_monday() as usize]
    }
}

impl FromStr for WeeklyHours {
    type Err = CalendarError;

    /// Parses groups like `mon-thu 09:00-17:00, fri 09:00-14:00` (`,` or `;` between groups).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut days = [None; 7];
        for group in text.split([',', ';']) {
            let (first, last, hours) = parse_group(group.trim())?;
            for (index, slot) in days.iter_mut().enumerate().take(last + 1).skip(first) {
                if slot.is_some() {
                    return Err(CalendarError::DuplicateDay(WEEKDAYS[index]));
                }
                *slot = Some(hours);
            }
        }
        Self::new(days)
    }
}

/// One `<days> <open>-<close>` group: returns the day index range and the hours.
fn parse_group(group: &str) -> Result<(usize, usize, (u16, u16)), CalendarError> {
    let mut parts = group.split_whitespace();
    let (Some(days), Some(times), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CalendarError::Syntax(format!(
            "expected `<days> <open>-<close>` such as `mon-fri 09:00-17:00`, got {group:?}"
        )));
    };
    let (first, last) = parse_day_range(days)?;
    Ok((first, last, parse_time_range(times)?))
}

fn parse_day_range(text: &str) -> Result<(usize, usize), CalendarError> {
    let Some((from, to)) = text.split_once('-') else {
        let day = parse_day(text)?;
        return Ok((day, day));
    };
    let (first, last) = (parse_day(from)?, parse_day(to)?);
    if first > last {
        return Err(CalendarError::BackwardsDayRange(text.to_owned()));
    }
    Ok((first, last))
}

fn parse_day(text: &str) -> Result<usize, CalendarError> {
    DAY_NAMES
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
        .ok_or_else(|| CalendarError::BadDay(text.to_owned()))
}

fn parse_time_range(text: &str) -> Result<(u16, u16), CalendarError> {
    let (open, close) = text
        .split_once('-')
        .ok_or_else(|| CalendarError::BadTime(text.to_owned()))?;
    Ok((parse_clock(open)?, parse_clock(close)?))
}

/// `H:MM` or `HH:MM`, up to and including `24:00`, as minutes from midnight.
fn parse_clock(text: &str) -> Result<u16, CalendarError> {
    let bad = || CalendarError::BadTime(text.to_owned());
    let (hours, minutes) = text.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, widths: std::ops::RangeInclusive<usize>| {
        widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 1..=2) || !digits(minutes, 2..=2) {
        return Err(bad());
    }
    let hours: u16 = hours.parse().map_err(|_| bad())?;
    let minutes: u16 = minutes.parse().map_err(|_| bad())?;
    if minutes > 59 || hours > 24 || (hours == 24 && minutes != 0) {
        return Err(bad());
    }
    Ok(hours * 60 + minutes)
}

impl fmt::Display for WeeklyHours {
    /// Canonical text form: consecutive days with equal hours are grouped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut separator = "";
        let mut first = 0;
        while first < self.days.len() {
            let Some((open, close)) = self.days[first] else {
                first += 1;
                continue;
            };
            let mut last = first;
            while last + 1 < self.days.len() && self.days[last + 1] == self.days[first] {
                last += 1;
            }
            f.write_str(separator)?;
            f.write_str(DAY_NAMES[first])?;
            if last > first {
                write!(f, "-{}", DAY_NAMES[last])?;
            }
            write!(f, " {}-{}", hhmm(open), hhmm(close))?;
            separator = ", ";
            first = last + 1;
        }
        Ok(())
    }
}

impl Serialize for WeeklyHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WeeklyHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a moment is outside working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Holiday,
    /// A day with no hours (a weekend).
    DayOff,
    /// A working day, before opening or after closing.
    OutsideHours,
}

impl Closed {
    /// The selector of the messages that say so.
    pub fn as_str(self) -> &'static str {
        match self {
            Closed::Holiday => "holiday",
            Closed::DayOff => "day-off",
            Closed::OutsideHours => "night",
        }
    }
}

/// Opening hours in a time zone, minus holidays: a country's public ones, computed for any
/// year, and the dates added on top.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    tz: Tz,
    hours: WeeklyHours,
    public: Option<PublicHolidays>,
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    pub fn new(tz: Tz, hours: WeeklyHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            tz,
            hours,
            public: None,
            holidays: holidays.into_iter().collect(),
        }
    }

    /// The same calendar, also closed on `public` holidays.
    pub fn with_public_holidays(self, public: Option<PublicHolidays>) -> Self {
        Self { public, ..self }
    }

    /// The same calendar with other opening hours.
    pub fn with_hours(self, hours: WeeklyHours) -> Self {
        Self { hours, ..self }
    }

    /// The same calendar in another time zone (opening hours read in that zone).
    pub fn with_tz(self, tz: Tz) -> Self {
        Self { tz, ..self }
    }

    /// Closes one more date; false if it was already added.
    pub fn add_holiday(&mut self, date: NaiveDate) -> bool {
        self.holidays.insert(date)
    }

    /// Opens a date added before; false if it was not one.
    pub fn remove_holiday(&mut self, date: NaiveDate) -> bool {
        self.holidays.remove(&date)
    }

    pub fn public_holidays(&self) -> Option<PublicHolidays> {
        self.public
    }

    /// Whether the desk is closed on `date` for a holiday, public or added.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date) || self.public.is_some_and(|p| p.contains(date))
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    /// The dates added on top of the public holidays.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// True when `date` has opening hours and is not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.hours.on(date.weekday()).is_some() && !self.is_holiday(date)
    }

    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        // Asking for the next opening rather than testing `at`'s local date alone also
        // covers zones that fall back across midnight, where an instant can read as the
        // previous date while lying inside the next day's hours.
        self.first_open_from(at) == Some(at)
    }

    /// The first open instant at or after `at`; `at` itself when open.
    /// Returns the horizon when nothing opens within [`HORIZON_DAYS`].
    pub fn next_open(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.first_open_from(at).unwrap_or_else(|| horizon(at))
    }

    /// Adds `dur` of business time: counting starts at `start` if open, else at the next opening.
    /// A zero duration returns `start` unchanged. Negative durations are treated as zero.
    /// A deadline that lands exactly on a closing time stays there rather than moving
    /// to the next morning. Saturates at the horizon (see the module docs).
    pub fn add(&self, start: DateTime<Utc>, dur: Duration) -> DateTime<Utc> {
        if dur <= Duration::zero() {
            return start;
        }
        let mut remaining = dur;
        for (open, close) in self.working_intervals_from(self.local_date(start)) {
            let from = open.max(start);
            if from >= close {
                continue;
            }
            let available = close - from;
            if remaining <= available {
                // Cannot overflow: the result is at most `close`.
                return from.checked_add_signed(remaining).unwrap_or(close);
            }
            remaining -= available;
        }
        horizon(start)
    }

    /// Business time inside [a, b); zero if b <= a.
    /// Only the first [`HORIZON_DAYS`] local days from `a` are counted, which keeps the
    /// walk bounded for absurd ranges.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        if b <= a {
            return total;
        }
        for (open, close) in self.working_intervals_from(self.local_date(a)) {
            if open >= b {
                break;
            }
            let (from, to) = (open.max(a), close.min(b));
            if from < to {
                total += to - from;
            }
        }
        total
    }

    /// The same local time of day on the n-th following working day, after first snapping `start`
    /// to the next opening if it is outside hours. If that time of day is outside the target day's
    /// hours (different hours per day), clamp into that day's hours. n = 0 returns next_open(start).
    pub fn add_working_days(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let Some(snapped) = self.first_open_from(start) else {
            return horizon(start);
        };
        if n == 0 {
            return snapped;
        }
        let local = self.to_local(snapped);
        let target = self
            .dates_from(local.date())
            .skip(1)
            .filter(|&date| self.open_interval(date).is_some())
            .nth(n as usize - 1);
        match target {
            Some(date) => self.clamped_time_on(date, local.time()),
            None => horizon(start),
        }
    }

    /// The opening of the first working day after `date`: the next working morning.
    pub fn morning_after(&self, date: NaiveDate) -> DateTime<Utc> {
        let next = date.succ_opt().unwrap_or(date);
        self.next_open(self.at_minute(next, 0))
    }

    /// The end of the working day that `date` is, or of the next working day if `date` is not one
    /// (used for "a date with no time takes the end of the working day").
    pub fn end_of_working_day(&self, date: NaiveDate) -> DateTime<Utc> {
        self.working_intervals_from(date)
            .next()
            .map_or_else(|| horizon(self.at_minute(date, 0)), |(_, close)| close)
    }

    /// The latest moment at or before `at` that is inside working hours: `at` itself when
    /// open (or exactly at a closing time), else `lead` before the close of the last working
    /// day that ended before it (not before that day's opening). A reminder planned for 08:00
    /// before a 09:00 deadline goes out the previous working afternoon instead. `None` when
    /// no working day comes within a year before.
    pub fn last_open_before(&self, at: DateTime<Utc>, lead: Duration) -> Option<DateTime<Utc>> {
        if self.is_within_hours(at) {
            return Some(at);
        }
        let (open, close) = self
            .local_date(at)
            .iter_days()
            .rev()
            .take(HORIZON_DAYS as usize + 1)
            .filter_map(|day| self.open_interval(day))
            .find(|&(_, close)| close <= at)?;
        Some((close - lead).max(open))
    }

    /// Whether `at` is inside working hours, a closing time included (a deadline "by the end
    /// of the day" is at the close).
    pub fn is_within_hours(&self, at: DateTime<Utc>) -> bool {
        self.is_open(at) || self.is_open(at - Duration::seconds(1))
    }

    /// Why `at` is outside working hours, or `None` if it is inside them.
    pub fn closed_because(&self, at: DateTime<Utc>) -> Option<Closed> {
        if self.is_within_hours(at) {
            return None;
        }
        let date = self.local_date(at);
        Some(if self.is_holiday(date) {
            Closed::Holiday
        } else if self.hours.on(date.weekday()).is_none() {
            Closed::DayOff
        } else {
            Closed::OutsideHours
        })
    }

    /// The first open instant at or after `at`, if any within the horizon.
    fn first_open_from(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.working_intervals_from(self.local_date(at))
            .find(|&(_, close)| at < close)
            .map(|(open, _)| open.max(at))
    }

    /// `time` on `date`, pulled into that day's opening hours.
    fn clamped_time_on(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let Some((open, close)) = self.hours.on(date.weekday()) else {
            return self.resolve_local(date.and_time(time));
        };
        let seconds = time.num_seconds_from_midnight();
        if seconds < u32::from(open) * 60 {
            self.at_minute(date, open)
        } else if seconds > u32::from(close) * 60 {
            self.at_minute(date, close)
        } else {
            self.resolve_local(date.and_time(time))
        }
    }

    /// The opening interval of a local date in UTC, if the desk opens that day.
    /// A day whose whole range falls in a daylight-saving gap yields `None`.
    fn open_interval(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(date) {
            return None;
        }
        let (open, close) = self.hours.on(date.weekday())?;
        let (open, close) = (self.at_minute(date, open), self.at_minute(date, close));
        (open < close).then_some((open, close))
    }

    /// Opening intervals of working days from `date` on, bounded by the horizon.
    fn working_intervals_from(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        self.dates_from(date)
            .filter_map(move |day| self.open_interval(day))
    }

    /// `date` and the following days, at most `HORIZON_DAYS + 1` of them.
    fn dates_from(&self, date: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        date.iter_days().take(HORIZON_DAYS as usize + 1)
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.to_local(at).date()
    }

    /// The local wall-clock reading of `at`. chrono's `naive_local` panics when the
    /// offset pushes an extreme instant out of range; we clamp to the UTC reading instead.
    fn to_local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        let utc = at.naive_utc();
        let offset = self.tz.offset_from_utc_datetime(&utc).fix();
        utc.checked_add_offset(offset).unwrap_or(utc)
    }

    /// `minute` minutes after local midnight of `date`; 1440 is the next midnight.
    fn at_minute(&self, date: NaiveDate, minute: u16) -> DateTime<Utc> {
        let (date, minute) = if minute >= MINUTES_PER_DAY {
            match date.succ_opt() {
                Some(next) => (next, minute - MINUTES_PER_DAY),
                None => return DateTime::<Utc>::MAX_UTC,
            }
        } else {
            (date, minute)
        };
        let time = NaiveTime::from_num_seconds_from_midnight_opt(u32::from(minute) * 60, 0)
            .unwrap_or(NaiveTime::MIN);
        self.resolve_local(date.and_time(time))
    }

    /// Turns a local wall-clock time into an instant. A time skipped by a spring-forward
    /// gap becomes the first instant after the gap; a time repeated by an autumn fold
    /// becomes its earlier occurrence, so deadlines never move later than they read.
    fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(at) => at.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
            LocalResult::None => self.end_of_gap(local),
        }
    }

    /// The first instant whose local time is at or after `local`, found by bisection over
    /// whole seconds (zone transitions fall on whole seconds). UTC offsets lie within
    /// -12h..+14h, so the answer lies within 15 hours of `local` read as UTC.
    fn end_of_gap(&self, local: NaiveDateTime) -> DateTime<Utc> {
        const WINDOW: i64 = 15 * 3600;
        let reaches = |timestamp: i64| {
            DateTime::from_timestamp(timestamp, 0).is_none_or(|at| self.to_local(at) >= local)
        };
        let guess = local.and_utc().timestamp();
        let (mut before, mut after) = (guess - WINDOW, guess + WINDOW);
        while after - before > 1 {
            let middle = before + (after - before) / 2;
            if reaches(middle) {
                after = middle;
            } else {
                before = middle;
            }
        }
        DateTime::from_timestamp(after, 0).unwrap_or_else(|| local.and_utc())
    }
}

/// The far-future answer for searches that found nothing (see the module docs).
fn horizon(from: DateTime<Utc>) -> DateTime<Utc> {
    from.checked_add_signed(Duration::days(i64::from(HORIZON_DAYS)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests;
