//! Business-hours arithmetic: weekly opening hours, holidays and a time zone.
//!
//! SLA clocks only run while the desk is open, so every deadline and every
//! "time spent" figure goes through a [`BusinessCalendar`]. All arithmetic is
//! done on UTC instants; local wall-clock times are resolved through one
//! helper ([`BusinessCalendar::resolve_local`]) so that daylight-saving gaps
//! and folds are handled the same way everywhere.
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

/// How many local days any search looks ahead (a little over ten years).
pub const HORIZON_DAYS: u32 = 3_700;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Monday first, matching the index order of [`WeeklyHours`].
const WEEKDAYS: [Weekday; 7] = [
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

/// Opening hours in a time zone, minus holidays.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    tz: Tz,
    hours: WeeklyHours,
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    pub fn new(tz: Tz, hours: WeeklyHours, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            tz,
            hours,
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// True when `date` has opening hours and is not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.hours.on(date.weekday()).is_some() && !self.holidays.contains(&date)
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

    /// The end of the working day that `date` is, or of the next working day if `date` is not one
    /// (used for "a date with no time takes the end of the working day").
    pub fn end_of_working_day(&self, date: NaiveDate) -> DateTime<Utc> {
        self.working_intervals_from(date)
            .next()
            .map_or_else(|| horizon(self.at_minute(date, 0)), |(_, close)| close)
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
mod tests {
    use super::*;
    use chrono_tz::Europe::Bucharest;

    /// A local Bucharest time as a UTC instant; the tests only use unambiguous times.
    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Bucharest
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("test times are unambiguous")
            .with_timezone(&Utc)
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    /// Office hours in Bucharest with 1 Dec and Christmas 2026 as holidays.
    fn office() -> BusinessCalendar {
        BusinessCalendar::new(
            Bucharest,
            WeeklyHours::office(),
            [date(2026, 12, 1), date(2026, 12, 25), date(2026, 12, 26)],
        )
    }

    fn calendar(hours: &str) -> BusinessCalendar {
        BusinessCalendar::new(Bucharest, hours.parse().unwrap(), [])
    }

    fn hours(h: i64) -> Duration {
        Duration::hours(h)
    }

    fn minutes(m: i64) -> Duration {
        Duration::minutes(m)
    }

    // --- WeeklyHours -------------------------------------------------------

    #[test]
    fn office_hours_are_weekdays_nine_to_five() {
        let office = WeeklyHours::office();
        assert_eq!(office.on(Weekday::Mon), Some((540, 1020)));
        assert_eq!(office.on(Weekday::Fri), Some((540, 1020)));
        assert_eq!(office.on(Weekday::Sat), None);
        assert_eq!(office.on(Weekday::Sun), None);
        assert_eq!("mon-fri 09:00-17:00".parse::<WeeklyHours>(), Ok(office));
    }

    #[test]
    fn new_rejects_open_not_before_close() {
        let mut days = [None; 7];
        days[2] = Some((600, 600));
        assert_eq!(
            WeeklyHours::new(days),
            Err(CalendarError::OpenNotBeforeClose {
                day: Weekday::Wed,
                open: 600,
                close: 600
            })
        );
    }

    #[test]
    fn new_rejects_closing_after_midnight() {
        let mut days = [None; 7];
        days[6] = Some((600, 1441));
        assert_eq!(
            WeeklyHours::new(days),
            Err(CalendarError::CloseAfterMidnight {
                day: Weekday::Sun,
                close: 1441
            })
        );
    }

    #[test]
    fn new_rejects_a_week_without_open_days() {
        assert_eq!(WeeklyHours::new([None; 7]), Err(CalendarError::NoOpenDay));
    }

    #[test]
    fn new_accepts_a_full_day() {
        let mut days = [None; 7];
        days[0] = Some((0, 1440));
        assert_eq!(
            WeeklyHours::new(days).unwrap().on(Weekday::Mon),
            Some((0, 1440))
        );
    }

    #[test]
    fn parses_several_groups_with_commas_and_semicolons() {
        let hours: WeeklyHours = "mon-thu 09:00-17:00; fri 09:00-14:00, sat 10:00-13:00"
            .parse()
            .unwrap();
        assert_eq!(hours.on(Weekday::Thu), Some((540, 1020)));
        assert_eq!(hours.on(Weekday::Fri), Some((540, 840)));
        assert_eq!(hours.on(Weekday::Sat), Some((600, 780)));
        assert_eq!(hours.on(Weekday::Sun), None);
    }

    #[test]
    fn parses_day_names_case_insensitively_and_single_digit_hours() {
        let hours: WeeklyHours = "MON-Fri 9:00-17:30".parse().unwrap();
        assert_eq!(hours.on(Weekday::Wed), Some((540, 1050)));
    }

    #[test]
    fn parses_24_00_as_closing_time() {
        let hours: WeeklyHours = "mon-sun 00:00-24:00".parse().unwrap();
        assert_eq!(hours.on(Weekday::Sun), Some((0, 1440)));
        assert_eq!(hours.to_string(), "mon-sun 00:00-24:00");
    }

    #[test]
    fn display_groups_consecutive_days_with_equal_hours() {
        let hours: WeeklyHours = "mon 09:00-17:00, tue 09:00-17:00, wed 09:00-17:00, \
                                  thu 09:00-12:00, sat 10:00-13:00, sun 10:00-13:00"
            .parse()
            .unwrap();
        assert_eq!(
            hours.to_string(),
            "mon-wed 09:00-17:00, thu 09:00-12:00, sat-sun 10:00-13:00"
        );
    }

    #[test]
    fn display_round_trips_through_parse() {
        for text in [
            "mon-fri 09:00-17:00",
            "mon-thu 09:00-17:00, fri 09:00-14:00",
            "sat 10:00-13:00",
            "mon 08:15-12:45, wed 00:00-24:00, fri-sun 10:00-11:00",
        ] {
            let hours: WeeklyHours = text.parse().unwrap();
            assert_eq!(hours.to_string(), text);
            assert_eq!(hours.to_string().parse::<WeeklyHours>(), Ok(hours));
        }
    }

    #[test]
    fn rejects_backwards_day_range() {
        assert_eq!(
            "fri-mon 09:00-17:00".parse::<WeeklyHours>(),
            Err(CalendarError::BackwardsDayRange("fri-mon".into()))
        );
    }

    #[test]
    fn rejects_closing_before_opening() {
        assert_eq!(
            "mon 09:00-08:00".parse::<WeeklyHours>(),
            Err(CalendarError::OpenNotBeforeClose {
                day: Weekday::Mon,
                open: 540,
                close: 480
            })
        );
    }

    #[test]
    fn rejects_times_without_minutes() {
        assert_eq!(
            "mon 9-17x".parse::<WeeklyHours>(),
            Err(CalendarError::BadTime("9".into()))
        );
    }

    #[test]
    fn rejects_out_of_range_times() {
        for (text, bad) in [
            ("mon 09:00-25:00", "25:00"),
            ("mon 09:00-24:30", "24:30"),
            ("mon 09:60-10:00", "09:60"),
            ("mon 09:0-10:00", "09:0"),
            ("mon 123:00-10:00", "123:00"),
            ("mon +9:00-10:00", "+9:00"),
        ] {
            assert_eq!(
                text.parse::<WeeklyHours>(),
                Err(CalendarError::BadTime(bad.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_a_bare_time_range_and_missing_time() {
        for text in [
            "09:00-08:00",
            "mon",
            "",
            "mon 09:00-17:00,",
            "mon 09:00 17:00",
        ] {
            assert!(
                matches!(text.parse::<WeeklyHours>(), Err(CalendarError::Syntax(_))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn rejects_unknown_day_names() {
        assert_eq!(
            "monday 09:00-17:00".parse::<WeeklyHours>(),
            Err(CalendarError::BadDay("monday".into()))
        );
    }

    #[test]
    fn rejects_a_day_given_twice() {
        assert_eq!(
            "mon-fri 09:00-17:00, fri 10:00-12:00".parse::<WeeklyHours>(),
            Err(CalendarError::DuplicateDay(Weekday::Fri))
        );
    }

    #[test]
    fn error_messages_name_the_problem() {
        let err = "tue 10:00-09:30".parse::<WeeklyHours>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "tue: opening 10:00 is not before closing 09:30"
        );
    }

    #[test]
    fn deserializes_from_the_text_form_and_reports_errors() {
        use serde::de::value::{Error, StrDeserializer};
        use serde::de::IntoDeserializer;
        let ok: StrDeserializer<Error> = "mon-fri 09:00-17:00".into_deserializer();
        assert_eq!(WeeklyHours::deserialize(ok), Ok(WeeklyHours::office()));
        let bad: StrDeserializer<Error> = "fri-mon 09:00-17:00".into_deserializer();
        assert!(WeeklyHours::deserialize(bad).is_err());
    }

    // --- is_open / next_open ------------------------------------------------

    #[test]
    fn is_open_during_hours_only() {
        let cal = office();
        assert!(cal.is_open(local(2026, 11, 30, 9, 0)));
        assert!(cal.is_open(local(2026, 11, 30, 16, 59)));
        assert!(!cal.is_open(local(2026, 11, 30, 17, 0)));
        assert!(!cal.is_open(local(2026, 11, 30, 8, 59)));
        assert!(!cal.is_open(local(2026, 11, 28, 12, 0)), "saturday");
        assert!(!cal.is_open(local(2026, 12, 1, 12, 0)), "holiday");
    }

    #[test]
    fn is_working_day_excludes_weekends_and_holidays() {
        let cal = office();
        assert!(cal.is_working_day(date(2026, 11, 30)));
        assert!(!cal.is_working_day(date(2026, 11, 29)));
        assert!(!cal.is_working_day(date(2026, 12, 1)));
    }

    #[test]
    fn next_open_is_the_instant_itself_when_open() {
        let at = local(2026, 11, 30, 11, 17);
        assert_eq!(office().next_open(at), at);
    }

    #[test]
    fn next_open_at_night_is_the_next_morning_skipping_holidays() {
        let cal = office();
        assert_eq!(
            cal.next_open(local(2026, 11, 30, 17, 0)),
            local(2026, 12, 2, 9, 0)
        );
        assert_eq!(
            cal.next_open(local(2026, 11, 27, 20, 0)),
            local(2026, 11, 30, 9, 0)
        );
        assert_eq!(
            cal.next_open(local(2026, 11, 24, 6, 0)),
            local(2026, 11, 24, 9, 0)
        );
    }

    #[test]
    fn tz_returns_the_calendar_zone() {
        assert_eq!(office().tz(), Bucharest);
    }

    // --- add ------------------------------------------------------------------

    #[test]
    fn add_within_a_day() {
        assert_eq!(
            office().add(local(2026, 11, 23, 10, 0), hours(3)),
            local(2026, 11, 23, 13, 0)
        );
    }

    #[test]
    fn add_crosses_the_evening_into_the_next_morning() {
        assert_eq!(
            office().add(local(2026, 11, 23, 16, 0), hours(2)),
            local(2026, 11, 24, 10, 0)
        );
    }

    #[test]
    fn add_ending_exactly_at_closing_stays_at_closing() {
        assert_eq!(
            office().add(local(2026, 11, 23, 16, 0), hours(1)),
            local(2026, 11, 23, 17, 0)
        );
    }

    #[test]
    fn add_from_friday_afternoon_lands_on_monday() {
        assert_eq!(
            office().add(local(2026, 11, 27, 16, 0), hours(2)),
            local(2026, 11, 30, 10, 0)
        );
    }

    #[test]
    fn add_from_saturday_starts_counting_at_monday_opening() {
        assert_eq!(
            office().add(local(2026, 11, 28, 12, 0), hours(1)),
            local(2026, 11, 30, 10, 0)
        );
    }

    #[test]
    fn add_at_night_starts_counting_at_next_opening() {
        let cal = office();
        assert_eq!(
            cal.add(local(2026, 11, 24, 22, 0), minutes(30)),
            local(2026, 11, 25, 9, 30)
        );
        assert_eq!(
            cal.add(local(2026, 11, 24, 6, 0), minutes(30)),
            local(2026, 11, 24, 9, 30)
        );
    }

    #[test]
    fn add_skips_a_holiday_in_the_middle() {
        assert_eq!(
            office().add(local(2026, 11, 30, 16, 0), hours(2)),
            local(2026, 12, 2, 10, 0)
        );
    }

    #[test]
    fn add_skips_christmas_and_the_weekend() {
        assert_eq!(
            office().add(local(2026, 12, 24, 16, 0), hours(2)),
            local(2026, 12, 28, 10, 0)
        );
    }

    #[test]
    fn add_zero_or_negative_returns_start_unchanged() {
        let cal = office();
        let saturday = local(2026, 11, 28, 12, 0);
        assert_eq!(cal.add(saturday, Duration::zero()), saturday);
        assert_eq!(cal.add(saturday, -hours(5)), saturday);
    }

    #[test]
    fn add_ten_working_days_of_hours() {
        // 80 business hours from Monday 09:00 = two full working weeks, with no holiday.
        assert_eq!(
            office().add(local(2026, 11, 2, 9, 0), hours(80)),
            local(2026, 11, 13, 17, 0)
        );
    }

    #[test]
    fn add_then_between_round_trips_over_many_starts() {
        let cal = office();
        let first = local(2026, 11, 26, 0, 0);
        for step in 0..(24 * 14 * 60 / 37) {
            let start = first + minutes(37 * step);
            for dur in [minutes(1), minutes(45), hours(8), hours(13), hours(41)] {
                let end = cal.add(start, dur);
                assert_eq!(cal.between(start, end), dur, "start {start}, dur {dur}");
                assert!(end > start);
            }
        }
    }

    // --- between ------------------------------------------------------------

    #[test]
    fn between_over_a_weekend_counts_only_working_time() {
        assert_eq!(
            office().between(local(2026, 11, 27, 16, 0), local(2026, 11, 30, 10, 0)),
            hours(2)
        );
    }

    #[test]
    fn between_over_a_holiday_skips_it() {
        let cal = office();
        assert_eq!(
            cal.between(local(2026, 11, 30, 16, 0), local(2026, 12, 2, 10, 0)),
            hours(2)
        );
        assert_eq!(
            cal.between(local(2026, 12, 24, 16, 0), local(2026, 12, 28, 10, 0)),
            hours(2)
        );
    }

    #[test]
    fn between_with_ends_outside_hours() {
        let cal = office();
        assert_eq!(
            cal.between(local(2026, 11, 28, 12, 0), local(2026, 11, 30, 10, 0)),
            hours(1)
        );
        assert_eq!(
            cal.between(local(2026, 11, 30, 7, 0), local(2026, 11, 30, 20, 0)),
            hours(8)
        );
        assert_eq!(
            cal.between(local(2026, 11, 30, 18, 0), local(2026, 11, 30, 23, 0)),
            Duration::zero()
        );
    }

    #[test]
    fn between_is_zero_when_b_is_not_after_a() {
        let cal = office();
        let a = local(2026, 11, 30, 12, 0);
        assert_eq!(cal.between(a, a), Duration::zero());
        assert_eq!(cal.between(a, a - hours(2)), Duration::zero());
    }

    // --- add_working_days / end_of_working_day --------------------------------

    #[test]
    fn add_working_days_keeps_time_of_day_across_the_weekend() {
        assert_eq!(
            office().add_working_days(local(2026, 11, 27, 11, 0), 1),
            local(2026, 11, 30, 11, 0)
        );
    }

    #[test]
    fn add_working_days_skips_a_holiday() {
        let cal = office();
        assert_eq!(
            cal.add_working_days(local(2026, 11, 30, 11, 0), 1),
            local(2026, 12, 2, 11, 0)
        );
        assert_eq!(
            cal.add_working_days(local(2026, 12, 23, 15, 30), 2),
            local(2026, 12, 28, 15, 30)
        );
    }

    #[test]
    fn add_working_days_snaps_to_the_next_opening_first() {
        let cal = office();
        // Saturday snaps to Monday 09:00; the next working day is Wednesday (Tuesday is a holiday).
        assert_eq!(
            cal.add_working_days(local(2026, 11, 28, 12, 0), 1),
            local(2026, 12, 2, 9, 0)
        );
        assert_eq!(
            cal.add_working_days(local(2026, 11, 24, 19, 0), 1),
            local(2026, 11, 26, 9, 0)
        );
    }

    #[test]
    fn add_zero_working_days_is_next_open() {
        let cal = office();
        let saturday = local(2026, 11, 28, 12, 0);
        assert_eq!(cal.add_working_days(saturday, 0), cal.next_open(saturday));
        let open = local(2026, 11, 30, 12, 0);
        assert_eq!(cal.add_working_days(open, 0), open);
    }

    #[test]
    fn add_working_days_clamps_into_shorter_or_later_hours() {
        let cal =
            calendar("mon 09:00-17:00, tue 10:00-17:00, wed-thu 09:00-17:00, fri 09:00-14:00");
        // Thursday 16:00 -> Friday closes at 14:00.
        assert_eq!(
            cal.add_working_days(local(2026, 11, 26, 16, 0), 1),
            local(2026, 11, 27, 14, 0)
        );
        // Monday 09:30 -> Tuesday opens at 10:00.
        assert_eq!(
            cal.add_working_days(local(2026, 11, 23, 9, 30), 1),
            local(2026, 11, 24, 10, 0)
        );
    }

    #[test]
    fn end_of_working_day_for_a_working_day() {
        assert_eq!(
            office().end_of_working_day(date(2026, 11, 30)),
            utc(2026, 11, 30, 15, 0)
        );
    }

    #[test]
    fn end_of_working_day_for_a_saturday_or_holiday_is_the_next_working_day() {
        let cal = office();
        assert_eq!(
            cal.end_of_working_day(date(2026, 11, 28)),
            local(2026, 11, 30, 17, 0)
        );
        assert_eq!(
            cal.end_of_working_day(date(2026, 12, 1)),
            local(2026, 12, 2, 17, 0)
        );
    }

    #[test]
    fn calendar_with_every_day_a_holiday_returns_the_horizon() {
        let start = date(2026, 1, 1);
        let cal = BusinessCalendar::new(
            Bucharest,
            WeeklyHours::office(),
            start.iter_days().take(2 * HORIZON_DAYS as usize),
        );
        let at = local(2026, 1, 5, 10, 0);
        let far = at + Duration::days(i64::from(HORIZON_DAYS));
        assert!(!cal.is_open(at));
        assert_eq!(cal.next_open(at), far);
        assert_eq!(cal.add(at, hours(1)), far);
        assert_eq!(cal.add_working_days(at, 3), far);
        assert_eq!(cal.between(at, far), Duration::zero());
        assert_eq!(
            cal.end_of_working_day(start),
            local(2026, 1, 1, 0, 0) + Duration::days(i64::from(HORIZON_DAYS))
        );
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let cal = office();
        for at in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            cal.is_open(at);
            cal.next_open(at);
            cal.add(at, Duration::MAX);
            cal.add_working_days(at, u32::MAX);
            cal.between(DateTime::<Utc>::MIN_UTC, at);
        }
        cal.end_of_working_day(NaiveDate::MAX);
        cal.end_of_working_day(NaiveDate::MIN);
    }

    // --- daylight saving ----------------------------------------------------

    /// Asserts `add(2h)` from Friday 16:00 lands on Monday 10:00 with the right offsets.
    fn assert_weekend_change(friday: NaiveDate, before_hours: i64, after_hours: i64) {
        let cal = office();
        let start = cal.at_minute(friday, 16 * 60);
        let monday = friday + Duration::days(3);
        let end = cal.add(start, hours(2));
        let start_local = start.with_timezone(&Bucharest);
        let end_local = end.with_timezone(&Bucharest);
        assert_eq!(
            start_local.offset().fix().local_minus_utc(),
            before_hours as i32 * 3600
        );
        assert_eq!(
            end_local.offset().fix().local_minus_utc(),
            after_hours as i32 * 3600
        );
        assert_eq!(
            end_local.naive_local(),
            monday.and_hms_opt(10, 0, 0).unwrap()
        );
        assert_eq!(
            end,
            utc(
                monday.year(),
                monday.month(),
                monday.day(),
                10 - after_hours as u32,
                0
            )
        );
        assert_eq!(cal.between(start, end), hours(2));
    }

    #[test]
    fn add_across_spring_forward_2026() {
        assert_weekend_change(date(2026, 3, 27), 2, 3);
    }

    #[test]
    fn add_across_fall_back_2026() {
        assert_weekend_change(date(2026, 10, 23), 3, 2);
    }

    #[test]
    fn add_across_spring_forward_2027() {
        assert_weekend_change(date(2027, 3, 26), 2, 3);
    }

    #[test]
    fn add_across_fall_back_2027() {
        assert_weekend_change(date(2027, 10, 29), 3, 2);
    }

    #[test]
    fn round_the_clock_calendar_counts_23_and_25_hour_days() {
        let cal = calendar("mon-sun 00:00-24:00");
        let midnight = |d: NaiveDate| cal.at_minute(d, 0);
        for (day, expected) in [
            (date(2026, 3, 29), 23),
            (date(2026, 10, 25), 25),
            (date(2027, 3, 28), 23),
            (date(2027, 10, 31), 25),
            (date(2026, 6, 1), 24),
        ] {
            let next = day + Duration::days(1);
            assert_eq!(
                cal.between(midnight(day), midnight(next)),
                hours(expected),
                "{day}"
            );
            assert_eq!(
                cal.add(midnight(day), hours(expected)),
                midnight(next),
                "{day}"
            );
        }
    }

    #[test]
    fn opening_inside_the_spring_gap_maps_to_the_end_of_the_gap() {
        let cal = calendar("sun 03:30-05:00");
        // 2026-03-29: 03:00 jumps to 04:00, so 03:30 does not exist; 04:00 EEST is 01:00 UTC.
        let saturday = local(2026, 3, 28, 12, 0);
        assert_eq!(cal.next_open(saturday), utc(2026, 3, 29, 1, 0));
        assert_eq!(cal.between(saturday, utc(2026, 3, 30, 0, 0)), hours(1));
        assert!(cal.is_open(utc(2026, 3, 29, 1, 30)));
        assert!(!cal.is_open(utc(2026, 3, 29, 0, 59)));
    }

    #[test]
    fn opening_inside_the_autumn_fold_takes_the_earlier_instant() {
        let cal = calendar("sun 03:30-05:00");
        // 2026-10-25: 04:00 falls back to 03:00, so 03:30 happens at 00:30 and 01:30 UTC.
        assert_eq!(
            cal.next_open(local(2026, 10, 24, 12, 0)),
            utc(2026, 10, 25, 0, 30)
        );
        assert_eq!(
            cal.between(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)),
            hours(2) + minutes(30)
        );
    }

    #[test]
    fn hours_entirely_inside_the_gap_make_the_day_closed() {
        let cal = calendar("sun 03:10-03:50, mon 09:00-10:00");
        assert_eq!(
            cal.next_open(local(2026, 3, 28, 12, 0)),
            local(2026, 3, 30, 9, 0)
        );
    }
}
