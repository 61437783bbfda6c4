//! Time: the injected clock, business calendars, SLA spans, due dates, repeat rules and digest
//! schedules typed in chat, and how instants are shown.

pub mod business_hours;
pub mod due;
pub mod holidays;
mod local_time;
pub mod recurrence;
pub mod schedule;
pub mod span;
#[cfg(test)]
pub(crate) mod test_support;
pub(crate) mod words;

use std::sync::Mutex;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use chrono_tz::Tz;

use crate::i18n::Msg;

pub use local_time::next_daily;
pub use local_time::start_of_day;

/// Where "now" comes from. The core never reads the wall clock itself, so tests and the
/// console's simulator can move time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that follows the system time, shifted by whatever `:advance` added, or that stands
/// still at a fixed instant (the console's `--now`) and moves only when advanced.
#[derive(Debug)]
pub struct AdjustableClock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Clone, Copy)]
enum ClockState {
    System { offset: Duration },
    Frozen { at: DateTime<Utc> },
}

impl AdjustableClock {
    pub fn system() -> Self {
        AdjustableClock {
            state: Mutex::new(ClockState::System {
                offset: Duration::zero(),
            }),
        }
    }

    pub fn frozen(at: DateTime<Utc>) -> Self {
        AdjustableClock {
            state: Mutex::new(ClockState::Frozen { at }),
        }
    }

    /// Moves the clock forward to `at` (never backwards).
    pub fn advance_to(&self, at: DateTime<Utc>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Self::read(*state);
        if at <= now {
            return;
        }
        *state = match *state {
            ClockState::System { offset } => ClockState::System {
                offset: offset + (at - now),
            },
            ClockState::Frozen { .. } => ClockState::Frozen { at },
        };
    }

    fn read(state: ClockState) -> DateTime<Utc> {
        match state {
            // Whole seconds, as storage keeps instants: what the core records in the audit
            // trail is then exactly what it stores, and compares equal when read back.
            ClockState::System { offset } => (Utc::now() + offset).trunc_subsecs(0),
            ClockState::Frozen { at } => at,
        }
    }
}

impl Clock for AdjustableClock {
    fn now(&self) -> DateTime<Utc> {
        Self::read(*self.state.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// An instant as a reader sees it: their local date and time and the zone's abbreviation,
/// e.g. `2026-12-07 10:00 EET`. The same form in both languages: it is unambiguous.
pub fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// A compact length of time in the reader's words: `45m`, `2h 30m`, `3d 4h` (`3 z 4 h`).
/// Minutes are dropped once it is a matter of days.
pub fn compact(d: Duration) -> Msg {
    let minutes = d.num_minutes().abs();
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => Msg::new("duration-m").arg("m", m),
        (0, h, 0) => Msg::new("duration-h").arg("h", h),
        (0, h, m) => Msg::new("duration-hm").arg("h", h).arg("m", m),
        (d, 0, _) => Msg::new("duration-d").arg("d", d),
        (d, h, _) => Msg::new("duration-dh").arg("d", d).arg("h", h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn local_time_shows_the_readers_zone() {
        let at = "2026-12-07T08:00:00Z".parse().unwrap();
        assert_eq!(
            local(at, chrono_tz::Europe::Bucharest),
            "2026-12-07 10:00 EET"
        );
        assert_eq!(local(at, chrono_tz::UTC), "2026-12-07 08:00 UTC");
    }

    #[test]
    fn compact_durations_drop_zero_parts() {
        let en = |d| compact(d).render(Locale::En);
        assert_eq!(en(Duration::minutes(45)), "45m");
        assert_eq!(en(Duration::minutes(150)), "2h 30m");
        assert_eq!(en(Duration::hours(2)), "2h");
        assert_eq!(en(Duration::hours(76)), "3d 4h");
        assert_eq!(en(Duration::days(2)), "2d");
        assert_eq!(compact(Duration::hours(76)).render(Locale::Ro), "3 z 4 h");
    }

    #[test]
    fn a_frozen_clock_moves_only_forward_when_advanced() {
        let start = "2026-12-07T08:00:00Z".parse().unwrap();
        let clock = AdjustableClock::frozen(start);
        clock.advance_to(start + Duration::hours(2));
        clock.advance_to(start);
        assert_eq!(clock.now(), start + Duration::hours(2));
    }
}
