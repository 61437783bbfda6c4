//! Wall-clock times read in a zone, and the daylight-saving changes in between.
//!
//! `TimeZone::from_local_datetime` answers a gap (a spring-forward hour that never appears on
//! the clock) with no instant and a fold (an autumn hour that appears twice) with two. The due
//! dates of [`super::due`] and the repeat rules of [`super::recurrence`] both go through
//! [`resolve_local`], which takes the earlier instant of a fold and describes a gap, so that
//! each decides what a gap means for it: a due time typed into one is refused, a repeat rule
//! moves past it.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A local wall-clock time seen through a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolved {
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
pub(super) struct Gap {
    pub(super) from: NaiveTime,
    pub(super) to: NaiveTime,
    pub(super) after: DateTime<Utc>,
}

impl Resolved {
    /// The instant, with a gap resolved to the first valid instant after it.
    pub(super) fn first_valid(self) -> Option<DateTime<Utc>> {
        match self {
            Resolved::At(at) => Some(at),
            Resolved::Gap(gap) => Some(gap.after),
            Resolved::OutOfRange => None,
        }
    }
}

/// The wall-clock time of `at` in `tz`; `None` at the edges of chrono's range, where
/// `DateTime::naive_local` would panic.
pub(super) fn local_naive(at: DateTime<Utc>, tz: Tz) -> Option<NaiveDateTime> {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc()
        .checked_add_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
}

/// The first instant of `date` in `tz` (midnight, or the end of a gap that skips it).
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    resolve_local(tz, date.and_time(NaiveTime::MIN))
        .first_valid()
        .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc())
}

/// Resolves `local` in `tz`: folds take the earlier instant, gaps are described.
pub(super) fn resolve_local(tz: Tz, local: NaiveDateTime) -> Resolved {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Resolved::At(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Resolved::At(earlier.with_timezone(&Utc)),
        LocalResult::None => find_gap(tz, local).map_or(Resolved::OutOfRange, Resolved::Gap),
    }
}

/// The first instant after `after` that reads `time` in `tz`: a daily appointment. On a
/// spring-forward night that skips `time`, the moment the clocks jump; in an autumn fold,
/// the earlier of the two.
pub fn next_daily(after: DateTime<Utc>, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let mut day = after.with_timezone(&tz).date_naive();
    // Today or tomorrow reads `time` after `after` (the third turn is for a gap's edge).
    for _ in 0..3 {
        if let Some(at) = resolve_local(tz, day.and_time(time)).first_valid() {
            if at > after {
                return at;
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    // Only at the end of the calendar chrono can count.
    after + Duration::days(1)
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
mod tests {
    use chrono_tz::Europe::Bucharest;

    use super::*;
    use crate::core::time::test_support::{date, utc};

    #[test]
    fn next_daily_is_today_or_tomorrow_and_moves_past_a_gap() {
        let six = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
        let morning = utc(2026, 12, 7, 8, 0);
        assert_eq!(next_daily(morning, six, Bucharest), utc(2026, 12, 7, 16, 0));
        assert_eq!(
            next_daily(utc(2026, 12, 7, 16, 0), six, Bucharest),
            utc(2026, 12, 8, 16, 0)
        );
        let three = NaiveTime::from_hms_opt(3, 30, 0).unwrap();
        let gap_eve = utc(2026, 3, 28, 12, 0);
        assert_eq!(
            next_daily(gap_eve, three, Bucharest),
            utc(2026, 3, 29, 1, 0)
        );
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
}
