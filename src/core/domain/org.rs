//! The organisation: departments with their business calendars, and members with roles.

use std::fmt;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::ids::{DeptKey, Handle};
use crate::core::time::business_hours::BusinessCalendar;
use crate::i18n::{Locale, Msg};

/// Roles from least to most power; the derived order is that ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Requester,
    Agent,
    Manager,
    Director,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Requester,
        Role::Agent,
        Role::Manager,
        Role::Director,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Requester => "requester",
            Role::Agent => "agent",
            Role::Manager => "manager",
            Role::Director => "director",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The role's name in the reader's language.
    pub fn label(self) -> Msg {
        match self {
            Role::Requester => Msg::new("role-requester"),
            Role::Agent => Msg::new("role-agent"),
            Role::Manager => Msg::new("role-manager"),
            Role::Director => Msg::new("role-director"),
            Role::Admin => Msg::new("role-admin"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A department: its queue of tickets, its channel and its working time.
#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub key: DeptKey,
    pub name: String,
    /// Chat channel name (without `#`) where the department's notices go.
    pub channel: String,
    /// Where its approval cards go; the department's channel when unset.
    pub approvals_channel: Option<String>,
    /// Where its escalation cards go; the department's channel when unset.
    pub escalations_channel: Option<String>,
    /// Language of notices posted in the channel; the organisation's default when unset.
    pub locale: Option<Locale>,
    pub calendar: BusinessCalendar,
    /// Whether its tickets' threads are private: seen only by those added to them (HR).
    pub private: bool,
}

impl Department {
    /// The fields in which `other` differs from this department, in a fixed order: what a
    /// change did, or what `opsdesk.toml` says that the database does not.
    pub fn differences(&self, other: &Department) -> Vec<FieldChange> {
        self.fields()
            .into_iter()
            .zip(other.fields())
            .filter(|((_, before), (_, after))| before != after)
            .map(|((field, before), (_, after))| FieldChange {
                dept: self.key.clone(),
                field,
                before,
                after,
            })
            .collect()
    }

    /// The fields a change can touch, as the audit trail records them.
    fn fields(&self) -> [(&'static str, Value); 10] {
        let calendar = &self.calendar;
        let holidays: Vec<String> = calendar.holidays().map(|d| d.to_string()).collect();
        [
            ("name", json!(self.name)),
            ("channel", json!(self.channel)),
            ("approvals_channel", json!(self.approvals_channel)),
            ("escalations_channel", json!(self.escalations_channel)),
            ("locale", json!(self.locale.map(Locale::code))),
            ("tz", json!(calendar.tz().name())),
            ("hours", json!(calendar.hours().to_string())),
            (
                "public_holidays",
                json!(calendar.public_holidays().map(|p| p.code())),
            ),
            ("holidays", json!(holidays)),
            ("private", json!(self.private)),
        ]
    }
}

/// One field of a department, before and after (or in the database and in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub dept: DeptKey,
    pub field: &'static str,
    pub before: Value,
    pub after: Value,
}

impl FieldChange {
    pub fn before_text(&self) -> String {
        shown(&self.before)
    }

    pub fn after_text(&self) -> String {
        shown(&self.after)
    }
}

/// A field's value as a reader sees it: text as it is, a list joined, nothing as `—`.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A person known to opsdesk.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub handle: Handle,
    pub name: Option<String>,
    pub role: Role,
    pub dept: Option<DeptKey>,
    pub tz: Tz,
    /// The member's language; the organisation's default when unset.
    pub locale: Option<Locale>,
    /// Who the member is on the chat platform (a Discord user id).
    pub external_id: Option<String>,
}

impl Member {
    /// Agents and managers work the queue of their own department.
    pub fn works_in(&self, dept: &DeptKey) -> bool {
        matches!(self.role, Role::Agent | Role::Manager) && self.dept.as_ref() == Some(dept)
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.handle.as_str())
    }

    /// A member of department `dept` for the tests of rules that read members, in
    /// Bucharest, with the organisation's language.
    #[cfg(test)]
    pub(crate) fn sample(handle: &str, role: Role, dept: &str) -> Member {
        Member {
            handle: Handle::parse(handle).unwrap(),
            name: None,
            role,
            dept: Some(DeptKey::parse(dept).unwrap()),
            tz: chrono_tz::Europe::Bucharest,
            locale: None,
            external_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::business_hours::WeeklyHours;
    use crate::core::time::holidays::PublicHolidays;

    fn it() -> Department {
        Department {
            key: DeptKey::parse("it").unwrap(),
            name: "IT".into(),
            channel: "it".into(),
            approvals_channel: None,
            escalations_channel: None,
            locale: None,
            calendar: BusinessCalendar::new(
                chrono_tz::Europe::Bucharest,
                WeeklyHours::office(),
                [],
            )
            .with_public_holidays(Some(PublicHolidays::Romania)),
            private: false,
        }
    }

    #[test]
    fn differences_name_each_changed_field_with_both_values_in_a_fixed_order() {
        assert!(it().differences(&it()).is_empty());
        let mut other = it();
        other.calendar = other
            .calendar
            .with_hours("mon-fri 08:00-16:00".parse().unwrap());
        other.calendar.add_holiday("2026-12-24".parse().unwrap());
        other.locale = Some(Locale::Ro);
        let shown: Vec<_> = it()
            .differences(&other)
            .iter()
            .map(|d| (d.field, d.before_text(), d.after_text()))
            .collect();
        let text = |s: &str| s.to_string();
        assert_eq!(
            shown,
            [
                ("locale", text("—"), text("ro")),
                (
                    "hours",
                    text("mon-fri 09:00-17:00"),
                    text("mon-fri 08:00-16:00")
                ),
                ("holidays", text("—"), text("2026-12-24")),
            ]
        );
    }
}
