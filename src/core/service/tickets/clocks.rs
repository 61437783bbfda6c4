//! A ticket's SLA clocks in words, in the reader's zone: due in, breached, paused or met.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::core::domain::org::Department;
use crate::core::domain::sla::{clock_state, ClockState, SlaClock, SlaPolicy};
use crate::core::domain::ticket::Ticket;
use crate::core::service::work::Ctx;
use crate::core::time::{compact, local};
use crate::i18n::Msg;

pub(super) fn is_breached(ctx: &Ctx<'_>, ticket: &Ticket, dept: &Department) -> bool {
    let now = ctx.now();
    SlaClock::ALL.into_iter().any(|clock| {
        matches!(clock_state(ticket, clock, &dept.calendar, &ctx.work.settings.sla, now),
            ClockState::Running { due, .. } if due <= now)
    })
}

/// One SLA clock in words, in the reader's zone: due in, breached, paused or met.
pub(super) fn due_text(
    ticket: &Ticket,
    dept: &Department,
    sla: &SlaPolicy,
    clock: SlaClock,
    now: DateTime<Utc>,
    tz: Tz,
) -> Msg {
    clock_text(
        clock_state(ticket, clock, &dept.calendar, sla, now),
        now,
        tz,
    )
}

/// An SLA clock's state in words, as it stands at `now`, in zone `tz`.
pub(in crate::core::service) fn clock_text(state: ClockState, now: DateTime<Utc>, tz: Tz) -> Msg {
    match state {
        ClockState::Running { due, .. } if due > now => Msg::new("sla-due")
            .arg("at", local(due, tz))
            .arg("left", compact(due - now)),
        ClockState::Running { due, .. } => Msg::new("sla-breached")
            .arg("at", local(due, tz))
            .arg("late", compact(now - due)),
        ClockState::Paused { .. } => Msg::new("sla-paused"),
        ClockState::Met { at, on_time: true } => Msg::new("sla-met").arg("at", local(at, tz)),
        ClockState::Met { at, on_time: false } => Msg::new("sla-met-late").arg("at", local(at, tz)),
    }
}

/// One SLA clock in words as the actor reads it now, in their zone.
pub(super) fn due_for_actor(
    ctx: &Ctx<'_>,
    ticket: &Ticket,
    dept: &Department,
    clock: SlaClock,
) -> Msg {
    let sla = &ctx.work.settings.sla;
    due_text(ticket, dept, sla, clock, ctx.now(), ctx.tz())
}
