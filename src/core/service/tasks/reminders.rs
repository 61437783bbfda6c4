//! When an open task's reminders go out: the rule that plans its jobs from its due time, the
//! assignee's calendar and the configured lead times.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::core::domain::task::{Task, TaskStatus};
use crate::core::jobs::{Job, JobKind};
use crate::core::time::business_hours::BusinessCalendar;
use crate::core::time::span::Span;

/// How long before the close of a working day a reminder moved into it goes out, so that
/// there is still time to act on it that day.
const REMINDER_LEAD: Duration = Duration::minutes(30);

/// The reminders an open task should have from now on, every one inside the assignee's
/// working hours: before due (only those still ahead; one that would fall outside hours goes
/// [`REMINDER_LEAD`] before the previous working day's close — the one before a 09:00
/// deadline goes out the afternoon before), at due (or the next opening, for a due time at
/// night, on a day off or a holiday), and once overdue the next working day's opening; and,
/// when overdue tasks escalate, the moment `escalate_after` (working time) past due.
pub(super) fn task_jobs(
    task: &Task,
    calendar: &BusinessCalendar,
    before: &[Span],
    escalate_after: Option<Span>,
    now: DateTime<Utc>,
) -> Vec<Job> {
    if task.status != TaskStatus::Open {
        return Vec::new();
    }
    let (id, due) = (task.id, task.due.timestamp());
    let job = |key: String, at, kind| Job {
        key,
        subject: id.into(),
        due_at: at,
        kind,
    };
    let mut jobs = Vec::new();
    for span in before {
        let planned = earlier_by(task.due, *span, calendar);
        let Some(at) = calendar.last_open_before(planned, REMINDER_LEAD) else {
            continue;
        };
        if at > now {
            let key = format!("task:{id}:{due}:before:{span}");
            jobs.push(job(key, at, JobKind::TaskReminder { task: id, due }));
        }
    }
    if task.due > now {
        let at = if calendar.is_within_hours(task.due) {
            task.due
        } else {
            calendar.next_open(task.due)
        };
        jobs.push(job(
            format!("task:{id}:{due}:due"),
            at,
            JobKind::TaskDue { task: id, due },
        ));
    } else {
        let today = now.with_timezone(&calendar.tz()).date_naive();
        let at = calendar.morning_after(today);
        let key = format!("task:{id}:{due}:overdue:{}", at.timestamp());
        jobs.push(job(key, at, JobKind::TaskOverdue { task: id, due }));
    }
    if let Some(span) = escalate_after {
        let at = calendar.add_span(task.due, span);
        if at > now {
            let key = format!("task:{id}:{due}:escalate");
            jobs.push(job(key, at, JobKind::TaskEscalation { task: id, due }));
        }
    }
    jobs
}

/// `due` moved back by a span: minutes of wall-clock time, or whole working days (the same
/// local time on the n-th working day before).
fn earlier_by(due: DateTime<Utc>, span: Span, calendar: &BusinessCalendar) -> DateTime<Utc> {
    match span {
        Span::Minutes(m) => due - Duration::minutes(m.into()),
        Span::WorkingDays(n) => {
            let tz = calendar.tz();
            let local = due.with_timezone(&tz).naive_local();
            let mut date = local.date();
            let mut counted = 0;
            // Bounded: a calendar with no working day in a year sends no such reminder.
            for _ in 0..366 {
                if counted == n {
                    break;
                }
                date = date.pred_opt().unwrap_or(date);
                if calendar.is_working_day(date) {
                    counted += 1;
                }
            }
            if counted < n {
                return due;
            }
            tz.from_local_datetime(&date.and_time(local.time()))
                .earliest()
                .map_or(due, |t| t.with_timezone(&Utc))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::domain::ids::Handle;
    use crate::core::domain::task::TaskId;
    use crate::core::domain::text::Title;
    use crate::core::time::test_support::office;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn task_due(due: DateTime<Utc>) -> Task {
        let now = at("2026-12-01T08:00:00Z");
        Task {
            id: TaskId::new(1),
            title: Title::parse("title", "Night migration").unwrap(),
            details: None,
            delegator: Handle::parse("bob").unwrap(),
            assignee: Handle::parse("alice").unwrap(),
            due,
            ticket: None,
            every: None,
            series: None,
            next_created: false,
            status: TaskStatus::Open,
            note: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// When each of the task's jobs fires, by kind.
    fn job_times(due: &str, now: &str) -> Vec<(&'static str, DateTime<Utc>)> {
        let reminders = [Span::WorkingDays(1), Span::Minutes(60)];
        let jobs = task_jobs(
            &task_due(at(due)),
            &office(),
            &reminders,
            Some(Span::WorkingDays(1)),
            at(now),
        );
        jobs.into_iter()
            .map(|j| {
                let kind = match j.kind {
                    JobKind::TaskReminder { .. } => "before",
                    JobKind::TaskDue { .. } => "due",
                    JobKind::TaskOverdue { .. } => "overdue",
                    _ => "escalate",
                };
                (kind, j.due_at)
            })
            .collect()
    }

    #[test]
    fn every_reminder_of_a_due_time_outside_hours_lands_inside_them() {
        // Due Monday 09:00 (07:00Z): the hour before goes out on Friday at 16:30.
        assert_eq!(
            job_times("2026-12-07T07:00:00Z", "2026-12-02T08:00:00Z"),
            [
                ("before", at("2026-12-04T07:00:00Z")),
                ("before", at("2026-12-04T14:30:00Z")),
                ("due", at("2026-12-07T07:00:00Z")),
                ("escalate", at("2026-12-08T07:00:00Z")),
            ]
        );
        // Due Sunday 02:30, Christmas Day and a Wednesday at 02:30: every job inside hours,
        // the at-due one at the next opening.
        for due in [
            "2026-12-06T00:30:00Z",
            "2026-12-25T08:00:00Z",
            "2026-12-16T00:30:00Z",
        ] {
            let times = job_times(due, "2026-12-02T08:00:00Z");
            assert_eq!(times.len(), 4, "{due}: {times:?}");
            for (kind, time) in &times {
                assert!(office().is_open(*time), "{due}: {kind} at {time}");
            }
            let (_, at_due) = times.iter().find(|(k, _)| *k == "due").unwrap();
            assert_eq!(*at_due, office().next_open(at(due)), "{due}");
        }
    }

    #[test]
    fn a_working_day_before_skips_the_weekend_and_holidays() {
        // Due Monday 2026-12-07 10:00 local -> Friday 10:00 local.
        assert_eq!(
            earlier_by(at("2026-12-07T08:00:00Z"), Span::WorkingDays(1), &office()),
            at("2026-12-04T08:00:00Z")
        );
        // Due Wednesday 2026-12-02 -> Monday 30 Nov (1 Dec is a holiday).
        assert_eq!(
            earlier_by(at("2026-12-02T08:00:00Z"), Span::WorkingDays(1), &office()),
            at("2026-11-30T08:00:00Z")
        );
        assert_eq!(
            earlier_by(at("2026-12-07T08:00:00Z"), Span::Minutes(60), &office()),
            at("2026-12-07T07:00:00Z")
        );
    }
}
