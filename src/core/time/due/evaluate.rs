//! Step two of reading a due date: a [`Spec`] becomes an instant, using the context's clock,
//! the delegator's zone and the assignee's calendar. Impossible dates and times, daylight-saving
//! gaps and dates beyond what chrono can hold are refused here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::spec::{Anchor, Period, Spec, Unit};
use super::{DueContext, DueError, MAX_AHEAD_DAYS};
use crate::core::time::business_hours::{BusinessCalendar, WEEKDAYS};
use crate::core::time::local_time::{local_naive, resolve_local, Resolved};
use crate::core::time::words::RawTime;

/// The instant `spec` means; `text` is the user's text as quoted back in errors.
pub(super) fn evaluate(
    spec: &Spec,
    ctx: &DueContext,
    text: &str,
) -> Result<DateTime<Utc>, DueError> {
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
/// on that same date (see the [`due`](super) docs). Read in the calendar's zone, since closing
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
    WEEKDAYS
        .iter()
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
