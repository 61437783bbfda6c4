//! Digest subscriptions: who gets a summary (a member by direct message, or a department's
//! channel), when ([`Schedule`]), in which zone, about which departments.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ids::{split_numbered, DeptKey, Handle};
use super::org::{Member, Role};
use crate::core::time::schedule::Schedule;
use crate::i18n::Msg;

/// `D-5`: subscriptions are numbered across the organisation. Stored (in job payloads) as
/// the bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DigestId(u32);

impl DigestId {
    pub fn new(n: u32) -> Self {
        DigestId(n)
    }

    pub fn number(self) -> u32 {
        self.0
    }
}

impl FromStr for DigestId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        match split_numbered(text) {
            Some((prefix, number)) if prefix.eq_ignore_ascii_case("d") => Ok(DigestId(number)),
            _ => Err(Msg::new("error-digest-id-invalid").arg("id", text)),
        }
    }
}

impl fmt::Display for DigestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D-{}", self.0)
    }
}

/// Where a digest goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestTarget {
    /// A direct message to the subscriber, with what needs them personally.
    Dm,
    /// A department's channel (`channel` is its name there), with the departments' sections
    /// only: a channel has many readers, and nothing in it is addressed to one of them.
    Channel { dept: DeptKey, channel: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionStatus {
    Active,
    /// Unsubscribed, or ended because its owner may no longer read it; kept for its history.
    Ended,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Ended => "ended",
        }
    }

    pub fn parse(text: &str) -> Option<SubscriptionStatus> {
        [SubscriptionStatus::Active, SubscriptionStatus::Ended]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub id: DigestId,
    /// Who made it (or, for a default one, whose it is); whose view of the organisation the
    /// digest shows.
    pub owner: Handle,
    pub target: DigestTarget,
    pub schedule: Schedule,
    /// The zone the schedule is read in, and times are shown in.
    pub tz: Tz,
    /// One department; `None` means the owner's own: their department (a manager), all of
    /// them (a director), or what is theirs (anyone else).
    pub dept: Option<DeptKey>,
    /// Send nothing (rather than one "all quiet" line) when there is nothing to say.
    pub skip_when_quiet: bool,
    /// The subscription every manager and director gets.
    pub is_default: bool,
    pub status: SubscriptionStatus,
    /// No digest goes out before this instant.
    pub paused_until: Option<DateTime<Utc>>,
    /// When the last digest was made: "since the last digest" starts here.
    pub last_run_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The default subscription's time: 08:30, Monday to Friday, in the member's own zone.
pub fn default_schedule() -> Schedule {
    Schedule::weekdays(NaiveTime::from_hms_opt(8, 30, 0).expect("a valid time"))
}

/// Managers and directors read digests by default.
pub fn gets_default(member: &Member) -> bool {
    matches!(member.role, Role::Manager | Role::Director)
}

impl Subscription {
    /// The default subscription of `member`, made at `now`.
    pub fn default_for(id: DigestId, member: &Member, now: DateTime<Utc>) -> Subscription {
        Subscription {
            id,
            owner: member.handle.clone(),
            target: DigestTarget::Dm,
            schedule: default_schedule(),
            tz: member.tz,
            dept: None,
            skip_when_quiet: false,
            is_default: true,
            status: SubscriptionStatus::Active,
            paused_until: None,
            last_run_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == SubscriptionStatus::Active
    }

    /// The next slot strictly after `after`.
    pub fn next_slot(&self, after: DateTime<Utc>) -> DateTime<Utc> {
        self.schedule.next_after(after, self.tz)
    }

    /// Whether the digest due at `at` is held back by a pause.
    pub fn paused_at(&self, at: DateTime<Utc>) -> bool {
        self.paused_until.is_some_and(|until| at < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_ids_read_in_any_case() {
        assert_eq!("d-5".parse::<DigestId>().unwrap().to_string(), "D-5");
        for bad in ["D-", "D-0", "IT-3", "5", "D-x", "T-5"] {
            assert!(bad.parse::<DigestId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn managers_and_directors_get_a_default_digest_on_weekday_mornings() {
        let member = |role| Member {
            handle: Handle::parse("bob").unwrap(),
            name: None,
            role,
            dept: None,
            tz: chrono_tz::America::New_York,
            locale: None,
            external_id: None,
        };
        for (role, expected) in [
            (Role::Requester, false),
            (Role::Agent, false),
            (Role::Manager, true),
            (Role::Director, true),
            (Role::Admin, false),
        ] {
            assert_eq!(gets_default(&member(role)), expected, "{role}");
        }
        let now = "2026-12-07T08:00:00Z".parse().unwrap();
        let default = Subscription::default_for(DigestId::new(1), &member(Role::Manager), now);
        assert_eq!(default.target, DigestTarget::Dm);
        assert_eq!(default.schedule.to_string(), "mon,tue,wed,thu,fri 08:30");
        // 08:30 in New York is 13:30 UTC.
        assert_eq!(
            default.next_slot(now),
            "2026-12-07T13:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
