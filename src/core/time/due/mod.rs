//! Due dates typed in plain English or Romanian: `vineri 15:00`, `tomorrow at 5pm`,
//! `peste 2 zile lucrătoare`, `2026-12-01 17:00`, `sfârșitul lunii`.
//!
//! Parsing happens in two steps so that every refusal is precise:
//!
//! 1. [`tokenize`] lower-cases the text, folds Romanian diacritics (`mâine` and `maine` read
//!    the same, as do the legacy cedilla letters `ş ţ`) and splits `5pm` into `5 pm`. A
//!    small recursive-descent parser ([`spec`]) then turns the tokens into a
//!    [`Spec`](spec::Spec). Every word it knows lives in a table (its own in [`spec`], those
//!    shared with repeat rules in [`words`](crate::core::time::words)), so adding a language
//!    is adding rows.
//! 2. [`evaluate`](evaluate::evaluate) turns the spec into an instant using the context's
//!    clock, the delegator's zone and the assignee's [`BusinessCalendar`]; out-of-range
//!    numbers, past instants and daylight-saving gaps are refused here with their own
//!    [`DueError`].
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

mod evaluate;
mod spec;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::business_hours::BusinessCalendar;
use super::local_time::local_naive;
use super::words::tokenize;
use crate::core::domain::text::echo;
use crate::i18n::Msg;
use evaluate::evaluate;
use spec::{is_slash_date, parse_spec};

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

/// Why a due date was refused. Every variant has a Fluent message in `i18n/*/dates.ftl`, which
/// `Msg::from` picks.
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

impl From<DueError> for Msg {
    fn from(error: DueError) -> Self {
        match error {
            DueError::Empty => Msg::new("due-empty"),
            DueError::Unreadable { text } => Msg::new("due-unreadable").arg("text", text),
            DueError::SlashDate { text } => Msg::new("due-slash-date").arg("text", text),
            DueError::BadDate { text } => Msg::new("due-bad-date").arg("text", text),
            DueError::BadTime { time } => Msg::new("due-bad-time").arg("time", time),
            DueError::InPast { text, at_local } => Msg::new("due-in-past")
                .arg("text", text)
                .arg("at_local", at_local),
            DueError::NoSuchLocalTime {
                date,
                time,
                tz,
                gap_from,
                gap_to,
            } => Msg::new("due-no-such-local-time")
                .arg("date", date)
                .arg("time", time)
                .arg("tz", tz)
                .arg("gap_from", gap_from)
                .arg("gap_to", gap_to),
            DueError::TooFar { text } => Msg::new("due-too-far").arg("text", text),
        }
    }
}

/// Reads `text` as a due date; see the module docs for the forms and rules.
pub fn parse_due(text: &str, ctx: &DueContext) -> Result<DateTime<Utc>, DueError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DueError::Empty);
    }
    let echo = echo(text, MAX_ECHO_CHARS);
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
