//! The escalation ladder, as configured in `[escalations]`: who each level names, how long
//! each level waits for an acknowledgement, and which problems escalate on their own.
//!
//! ```toml
//! [escalations]
//! repeat = 3                   # reminders at the last level, one each working morning
//! task_overdue_after = "1d"    # a task overdue this long (working time) escalates
//! sla_breach = "escalate"      # or "notify": only the channel line, as for a warning
//! task_overdue = "escalate"    # or "notify"
//! [[escalations.level]]
//! who = "dept_manager"         # dept_manager | director | manager:<dept> | role:<role> | @handle, or a list
//! timeout = "2h"               # working time of the subject's department
//! urgent_timeout = "30m"       # wall-clock time, for urgent subjects
//! [[escalations.level]]
//! who = "director"
//! timeout = "4h"
//! urgent_timeout = "1h"
//! ```

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::approval_policy::Approver;
use super::org::Role;
use crate::core::time::span::Span;

/// One rung of the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// Who holds an escalation at this level (the same forms as approvers).
    pub who: Vec<Approver>,
    /// How long it waits for an acknowledgement, in the department's working time.
    pub timeout: Span,
    /// The same for urgent subjects, in wall-clock time.
    pub urgent_timeout: Duration,
}

/// What a problem that nobody acts on does by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceAction {
    /// Raise an escalation, which climbs the ladder.
    #[default]
    Escalate,
    /// Only post the notice, as before escalations existed.
    Notify,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPolicy {
    pub levels: Vec<Level>,
    /// Reminders at the last level, one each working morning, after its timeout.
    pub repeat: u32,
    /// How long (working time) a task may be overdue before it escalates.
    pub task_overdue_after: Span,
    /// A ticket's resolution SLA breached (and an urgent ticket's first response).
    pub sla_breach: SourceAction,
    pub task_overdue: SourceAction,
}

impl Default for EscalationPolicy {
    /// The department's manager for two working hours (30 minutes when urgent), then the
    /// directors for four (an hour), then three morning reminders.
    fn default() -> Self {
        EscalationPolicy {
            levels: vec![
                Level {
                    who: vec![Approver::DeptManager],
                    timeout: Span::Minutes(120),
                    urgent_timeout: Duration::minutes(30),
                },
                Level {
                    who: vec![Approver::Role(Role::Director)],
                    timeout: Span::Minutes(240),
                    urgent_timeout: Duration::minutes(60),
                },
            ],
            repeat: 3,
            task_overdue_after: Span::WorkingDays(1),
            sla_breach: SourceAction::Escalate,
            task_overdue: SourceAction::Escalate,
        }
    }
}

impl EscalationPolicy {
    /// The level after `level`, if the ladder goes higher.
    pub fn above(&self, level: usize) -> Option<&Level> {
        self.levels.get(level + 1)
    }

    pub fn is_last(&self, level: usize) -> bool {
        level + 1 >= self.levels.len()
    }
}

/// Reads one `who` form: everything [`Approver::parse`] reads, and `director` for the
/// directors (the most common top of a ladder).
pub fn parse_who(text: &str) -> Option<Approver> {
    if text.trim().eq_ignore_ascii_case("director") {
        return Some(Approver::Role(Role::Director));
    }
    Approver::parse(text)
}

/// The forms `who` accepts, for error messages.
pub const WHO_FORMS: &str = "dept_manager, director, manager:<dept>, role:<role> or @<handle>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_reads_approver_forms_and_director() {
        assert_eq!(parse_who("director"), Some(Approver::Role(Role::Director)));
        assert_eq!(parse_who("dept_manager"), Some(Approver::DeptManager));
        assert!(matches!(parse_who("@victor"), Some(Approver::Member(_))));
        assert_eq!(parse_who("boss"), None);
    }

    #[test]
    fn the_default_ladder_is_manager_then_director() {
        let policy = EscalationPolicy::default();
        assert_eq!(policy.levels.len(), 2);
        assert!(policy.above(0).is_some());
        assert!(policy.is_last(1));
        assert_eq!(policy.levels[0].urgent_timeout, Duration::minutes(30));
    }
}
