//! SLA clocks of a ticket: first response and resolution, counted in the department's
//! business time and stopped while the ticket waits on someone else or is resolved.
//!
//! Nothing here is stored: the due times are derived from the ticket's timestamps, its
//! priority and the calendar, so a priority change or a pause moves them consistently.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::ticket::{Priority, Status, Ticket};
use crate::core::time::business_hours::BusinessCalendar;
use crate::core::time::span::Span;
use crate::i18n::Msg;

/// The two clocks every ticket runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaClock {
    FirstResponse,
    Resolution,
}

impl SlaClock {
    pub const ALL: [SlaClock; 2] = [SlaClock::FirstResponse, SlaClock::Resolution];

    pub fn as_str(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "first_response",
            SlaClock::Resolution => "resolution",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            SlaClock::FirstResponse => Msg::new("sla-first-response"),
            SlaClock::Resolution => Msg::new("sla-resolution"),
        }
    }
}

/// Where on a running clock its ticket's people are told: at 80% of the target, or when it
/// has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStage {
    Warning,
    Breach,
}

impl SlaStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaStage::Warning => "warning",
            SlaStage::Breach => "breach",
        }
    }
}

/// One stage of one clock: what an SLA job is due for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SlaEvent {
    pub clock: SlaClock,
    pub stage: SlaStage,
}

/// Targets for one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTargets {
    pub first_response: Span,
    pub resolution: Span,
}

/// Targets per priority. Defaults: urgent 30m/4h, high 2h/1d, normal 8h/3d, low 1d/10d,
/// where `d` is a working day of the department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    #[serde(default = "SlaPolicy::default_urgent")]
    pub urgent: SlaTargets,
    #[serde(default = "SlaPolicy::default_high")]
    pub high: SlaTargets,
    #[serde(default = "SlaPolicy::default_normal")]
    pub normal: SlaTargets,
    #[serde(default = "SlaPolicy::default_low")]
    pub low: SlaTargets,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            urgent: Self::default_urgent(),
            high: Self::default_high(),
            normal: Self::default_normal(),
            low: Self::default_low(),
        }
    }
}

impl SlaPolicy {
    fn default_urgent() -> SlaTargets {
        SlaTargets::new(Span::Minutes(30), Span::Minutes(4 * 60))
    }
    fn default_high() -> SlaTargets {
        SlaTargets::new(Span::Minutes(2 * 60), Span::WorkingDays(1))
    }
    fn default_normal() -> SlaTargets {
        SlaTargets::new(Span::Minutes(8 * 60), Span::WorkingDays(3))
    }
    fn default_low() -> SlaTargets {
        SlaTargets::new(Span::WorkingDays(1), Span::WorkingDays(10))
    }
}

impl SlaTargets {
    const fn new(first_response: Span, resolution: Span) -> Self {
        SlaTargets {
            first_response,
            resolution,
        }
    }
}

impl SlaPolicy {
    pub fn target(&self, priority: Priority, clock: SlaClock) -> Span {
        let targets = match priority {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
            Priority::Low => self.low,
        };
        match clock {
            SlaClock::FirstResponse => targets.first_response,
            SlaClock::Resolution => targets.resolution,
        }
    }
}

/// Where one clock stands at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Counting: warn at 80% of the target, breach at `due`.
    Running {
        warn_at: DateTime<Utc>,
        due: DateTime<Utc>,
    },
    /// Stopped while the ticket waits or is resolved; `due` is where it would stand if it
    /// resumed now.
    Paused { due: DateTime<Utc> },
    /// Done: met at `at`, which was on time or late.
    Met { at: DateTime<Utc>, on_time: bool },
}

/// The state of `clock` for `ticket` at `now`.
pub fn clock_state(
    ticket: &Ticket,
    clock: SlaClock,
    calendar: &BusinessCalendar,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> ClockState {
    let start = ticket.created_at;
    let plain_due = calendar.add_span(start, policy.target(ticket.priority, clock));
    // 80% of the business time the target allows, so a warning comes with a fifth left.
    let plain_warn = calendar.add(start, calendar.between(start, plain_due) * 4 / 5);
    let shift = |paused: Duration, at| calendar.add(at, paused);
    let settled_pause = Duration::seconds(ticket.paused_secs);

    let met_at = match clock {
        SlaClock::FirstResponse => ticket.first_response_at,
        SlaClock::Resolution => ticket
            .resolved_at
            .filter(|_| matches!(ticket.status, Status::Resolved | Status::Closed)),
    };
    if let Some(at) = met_at {
        return ClockState::Met {
            at,
            on_time: at <= shift(settled_pause, plain_due),
        };
    }
    match ticket.paused_since {
        Some(since) => {
            let paused = settled_pause + calendar.between(since, now);
            ClockState::Paused {
                due: shift(paused, plain_due),
            }
        }
        None => ClockState::Running {
            warn_at: shift(settled_pause, plain_warn),
            due: shift(settled_pause, plain_due),
        },
    }
}

/// The warning and breach of every running clock of `ticket`, with their times, earliest
/// first. Events at the same instant keep a fixed order (first response before resolution,
/// warning before breach), so that the jobs running them keep it too.
pub fn events(
    ticket: &Ticket,
    calendar: &BusinessCalendar,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, SlaEvent)> {
    let mut events = Vec::new();
    for clock in SlaClock::ALL {
        if let ClockState::Running { warn_at, due } =
            clock_state(ticket, clock, calendar, policy, now)
        {
            let event = |stage| SlaEvent { clock, stage };
            events.push((warn_at, event(SlaStage::Warning)));
            events.push((due, event(SlaStage::Breach)));
        }
    }
    events.sort();
    events
}

/// A ticket's SLA at a glance, kept beside it so that digests find breaches through an index
/// instead of working every clock out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaSummary {
    /// The earliest due time of a running clock; `None` while none runs (paused, met).
    pub next_due: Option<DateTime<Utc>>,
    /// A clock was met late, or is running past its target.
    pub missed: bool,
}

/// The [`SlaSummary`] of `ticket` at `now`.
pub fn summary(
    ticket: &Ticket,
    calendar: &BusinessCalendar,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> SlaSummary {
    let mut out = SlaSummary::default();
    for clock in SlaClock::ALL {
        match clock_state(ticket, clock, calendar, policy, now) {
            ClockState::Running { due, .. } => {
                out.next_due = Some(out.next_due.map_or(due, |d| d.min(due)));
                out.missed |= due <= now;
            }
            ClockState::Met { on_time, .. } => out.missed |= !on_time,
            ClockState::Paused { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::test_support::office;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn ticket(priority: Priority, created: &str) -> Ticket {
        Ticket::sample(priority, at(created))
    }

    /// `clock` of `t` at `now`, with the default targets in office hours.
    fn state(t: &Ticket, clock: SlaClock, now: DateTime<Utc>) -> ClockState {
        clock_state(t, clock, &office(), &SlaPolicy::default(), now)
    }

    /// The due time of `clock`, running since `t` was opened.
    fn running_due(t: &Ticket, clock: SlaClock) -> DateTime<Utc> {
        match state(t, clock, t.created_at) {
            ClockState::Running { due, .. } => due,
            other => panic!("running expected, not {other:?}"),
        }
    }

    #[test]
    fn urgent_first_response_is_due_thirty_business_minutes_later() {
        // Monday 2026-12-07 10:00 local (08:00Z).
        let t = ticket(Priority::Urgent, "2026-12-07T08:00:00Z");
        assert_eq!(
            state(&t, SlaClock::FirstResponse, t.created_at),
            ClockState::Running {
                warn_at: at("2026-12-07T08:24:00Z"),
                due: at("2026-12-07T08:30:00Z")
            }
        );
    }

    #[test]
    fn a_ticket_opened_at_night_starts_counting_next_morning() {
        // Monday 2026-12-07 22:00 local; high: 2h first response -> Tuesday 11:00 local.
        let t = ticket(Priority::High, "2026-12-07T20:00:00Z");
        assert_eq!(
            running_due(&t, SlaClock::FirstResponse),
            at("2026-12-08T09:00:00Z")
        );
    }

    #[test]
    fn waiting_time_moves_the_due_time_by_the_business_time_paused() {
        let mut t = ticket(Priority::Urgent, "2026-12-07T08:00:00Z");
        t.paused_since = Some(at("2026-12-07T08:10:00Z"));
        let now = at("2026-12-07T09:10:00Z");
        // 4h target from 10:00 local = 14:00 local; paused one hour so far -> 15:00 local.
        assert_eq!(
            state(&t, SlaClock::Resolution, now),
            ClockState::Paused {
                due: at("2026-12-07T13:00:00Z")
            }
        );
    }

    #[test]
    fn resolution_in_working_days_skips_the_holiday() {
        // Friday 2026-11-27 11:00 local, normal: 3 working days; Mon 30 Nov, (1 Dec holiday), Wed 2 Dec.
        let mut cal_ticket = ticket(Priority::Normal, "2026-11-27T09:00:00Z");
        cal_ticket.priority = Priority::Normal;
        assert_eq!(
            running_due(&cal_ticket, SlaClock::Resolution),
            at("2026-12-03T09:00:00Z")
        );
    }

    #[test]
    fn the_summary_names_the_next_deadline_and_remembers_a_late_one() {
        let mut t = ticket(Priority::Urgent, "2026-12-07T08:00:00Z");
        let sum = |t: &Ticket, now: &str| summary(t, &office(), &SlaPolicy::default(), at(now));
        assert_eq!(
            sum(&t, "2026-12-07T08:10:00Z"),
            SlaSummary {
                next_due: Some(at("2026-12-07T08:30:00Z")),
                missed: false
            }
        );
        t.first_response_at = Some(at("2026-12-07T08:45:00Z"));
        assert_eq!(
            sum(&t, "2026-12-07T08:45:00Z"),
            SlaSummary {
                next_due: Some(at("2026-12-07T12:00:00Z")),
                missed: true
            }
        );
        t.status = Status::Resolved;
        t.resolved_at = Some(at("2026-12-07T09:00:00Z"));
        t.paused_since = t.resolved_at;
        assert_eq!(sum(&t, "2026-12-07T09:00:00Z").next_due, None);
    }

    #[test]
    fn events_come_in_time_order_without_the_met_clock() {
        let mut t = ticket(Priority::Urgent, "2026-12-07T08:00:00Z");
        let event = |clock, stage| SlaEvent { clock, stage };
        let (fr, res) = (SlaClock::FirstResponse, SlaClock::Resolution);
        let (warning, breach) = (SlaStage::Warning, SlaStage::Breach);
        let now = t.created_at;
        assert_eq!(
            events(&t, &office(), &SlaPolicy::default(), now),
            vec![
                (at("2026-12-07T08:24:00Z"), event(fr, warning)),
                (at("2026-12-07T08:30:00Z"), event(fr, breach)),
                (at("2026-12-07T11:12:00Z"), event(res, warning)),
                (at("2026-12-07T12:00:00Z"), event(res, breach)),
            ]
        );
        t.first_response_at = Some(at("2026-12-07T08:10:00Z"));
        let left = events(&t, &office(), &SlaPolicy::default(), now);
        assert_eq!(left.len(), 2);
        assert!(left.iter().all(|(_, e)| e.clock == res), "{left:?}");
    }

    #[test]
    fn a_response_after_the_due_time_is_met_late() {
        let mut t = ticket(Priority::Urgent, "2026-12-07T08:00:00Z");
        t.first_response_at = Some(at("2026-12-07T08:45:00Z"));
        assert_eq!(
            state(&t, SlaClock::FirstResponse, t.created_at),
            ClockState::Met {
                at: at("2026-12-07T08:45:00Z"),
                on_time: false
            }
        );
    }
}
