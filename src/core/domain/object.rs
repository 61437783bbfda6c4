//! What things are, where they cross features: the typed id of any object with a history
//! ([`ObjectId`]) and who acted ([`Actor`]).
//!
//! The audit trail, scheduled jobs, cards and their buttons, and autocomplete all name
//! objects. They do it through these types, so that "which kind of id is this?" is answered
//! once — by [`ObjectId::parse`] — and adding a kind of object is a change the compiler walks
//! through: every `match` on [`ObjectId`] or [`ObjectKind`] is exhaustive.
//!
//! Text forms, which are also what the audit trail stores: `IT-42` (ticket), `T-17` (task),
//! `A-5` (approval), `E-3` (escalation), `D-2` (digest subscription), `@alice` (member),
//! `dept:it` (department), `budget:it:2026-Q4` (a department's budget for a period), `audit`
//! (the trail itself, whose history is its seals). Tickets are the only ids whose prefix is a
//! department key; keys have at least two characters, so a one-letter prefix (`T`, `A`, `E`,
//! `D`) always names another kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::approval::ApprovalId;
use super::budget::Period;
use super::digest::DigestId;
use super::escalation::EscalationId;
use super::ids::{DeptKey, Handle, TicketId};
use super::task::TaskId;
use super::text::Title;
use crate::i18n::Msg;

/// The kinds of object, for code that routes on a kind before it has an id (autocomplete).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Ticket,
    Task,
    Approval,
    Escalation,
    Digest,
    Member,
    Department,
    Budget,
    Audit,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 9] = [
        ObjectKind::Ticket,
        ObjectKind::Task,
        ObjectKind::Approval,
        ObjectKind::Escalation,
        ObjectKind::Digest,
        ObjectKind::Member,
        ObjectKind::Department,
        ObjectKind::Budget,
        ObjectKind::Audit,
    ];

    /// The name the command catalogue uses for an `id` option's kind (`object = "task"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Ticket => "ticket",
            ObjectKind::Task => "task",
            ObjectKind::Approval => "approval",
            ObjectKind::Escalation => "escalation",
            ObjectKind::Digest => "digest",
            ObjectKind::Member => "member",
            ObjectKind::Department => "department",
            ObjectKind::Budget => "budget",
            ObjectKind::Audit => "audit",
        }
    }

    pub fn parse(text: &str) -> Option<ObjectKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The autocomplete choice for an object with a title (a ticket, task or approval) whose id or
/// title contains `typed` (already lowercased): the id as the value, `IT-4 · Printer down` as
/// the label.
pub fn titled_choice(
    id: impl fmt::Display,
    title: &Title,
    typed: &str,
) -> Option<(String, String)> {
    let id = id.to_string();
    let matches =
        id.to_lowercase().contains(typed) || title.as_str().to_lowercase().contains(typed);
    matches.then(|| {
        let label = format!("{id} · {title}");
        (id, label)
    })
}

/// Any object that has a history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ObjectId {
    Ticket(TicketId),
    Task(TaskId),
    Approval(ApprovalId),
    Escalation(EscalationId),
    Digest(DigestId),
    Member(Handle),
    Department(DeptKey),
    /// A department's budget for a period.
    Budget(DeptKey, Period),
    /// The audit trail itself: its seals are recorded on it.
    Audit,
}

/// The text form of [`ObjectId::Audit`].
const AUDIT: &str = "audit";

/// What the text form of [`ObjectId::Budget`] starts with: `budget:it:2026-Q4`.
const BUDGET_PREFIX: &str = "budget:";

impl ObjectId {
    pub fn kind(&self) -> ObjectKind {
        match self {
            ObjectId::Ticket(_) => ObjectKind::Ticket,
            ObjectId::Task(_) => ObjectKind::Task,
            ObjectId::Approval(_) => ObjectKind::Approval,
            ObjectId::Escalation(_) => ObjectKind::Escalation,
            ObjectId::Digest(_) => ObjectKind::Digest,
            ObjectId::Member(_) => ObjectKind::Member,
            ObjectId::Department(_) => ObjectKind::Department,
            ObjectId::Budget(..) => ObjectKind::Budget,
            ObjectId::Audit => ObjectKind::Audit,
        }
    }

    /// Reads any object id in its text form; the refusal lists the forms that work.
    pub fn parse(text: &str) -> Result<ObjectId, Msg> {
        let trimmed = text.trim();
        let invalid = || Msg::new("error-object-id-invalid").arg("value", trimmed);
        if trimmed.starts_with('@') {
            return Handle::parse(trimmed).map(ObjectId::Member);
        }
        if trimmed.eq_ignore_ascii_case(AUDIT) {
            return Ok(ObjectId::Audit);
        }
        if let Some(key) = trimmed.strip_prefix("dept:") {
            return DeptKey::parse(key).map(ObjectId::Department);
        }
        if let Some(rest) = trimmed.strip_prefix(BUDGET_PREFIX) {
            let (key, period) = rest.split_once(':').ok_or_else(invalid)?;
            let period = Period::parse(period).map_err(Msg::from)?;
            return DeptKey::parse(key).map(|key| ObjectId::Budget(key, period));
        }
        let (prefix, _) = trimmed.split_once('-').ok_or_else(invalid)?;
        let parsed = match prefix.to_ascii_uppercase().as_str() {
            "T" => trimmed.parse().map(ObjectId::Task),
            "A" => trimmed.parse().map(ObjectId::Approval),
            "E" => trimmed.parse().map(ObjectId::Escalation),
            "D" => trimmed.parse().map(ObjectId::Digest),
            _ => trimmed.parse().map(ObjectId::Ticket),
        };
        parsed.map_err(|_| invalid())
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectId::Ticket(id) => id.fmt(f),
            ObjectId::Task(id) => id.fmt(f),
            ObjectId::Approval(id) => id.fmt(f),
            ObjectId::Escalation(id) => id.fmt(f),
            ObjectId::Digest(id) => id.fmt(f),
            ObjectId::Member(handle) => write!(f, "@{handle}"),
            ObjectId::Department(key) => write!(f, "dept:{key}"),
            ObjectId::Budget(key, period) => write!(f, "{BUDGET_PREFIX}{key}:{period}"),
            ObjectId::Audit => f.write_str(AUDIT),
        }
    }
}

impl FromStr for ObjectId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        ObjectId::parse(text)
    }
}

impl TryFrom<String> for ObjectId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ObjectId::parse(&value).map_err(|_| format!("invalid object id `{value}`"))
    }
}

impl From<ObjectId> for String {
    fn from(value: ObjectId) -> Self {
        value.to_string()
    }
}

impl From<TicketId> for ObjectId {
    fn from(id: TicketId) -> Self {
        ObjectId::Ticket(id)
    }
}

impl From<TaskId> for ObjectId {
    fn from(id: TaskId) -> Self {
        ObjectId::Task(id)
    }
}

impl From<ApprovalId> for ObjectId {
    fn from(id: ApprovalId) -> Self {
        ObjectId::Approval(id)
    }
}

impl From<EscalationId> for ObjectId {
    fn from(id: EscalationId) -> Self {
        ObjectId::Escalation(id)
    }
}

impl From<DigestId> for ObjectId {
    fn from(id: DigestId) -> Self {
        ObjectId::Digest(id)
    }
}

impl From<Handle> for ObjectId {
    fn from(handle: Handle) -> Self {
        ObjectId::Member(handle)
    }
}

impl From<DeptKey> for ObjectId {
    fn from(key: DeptKey) -> Self {
        ObjectId::Department(key)
    }
}

/// What opsdesk itself does, as opposed to a member: each part that acts on its own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    /// Scheduled work: SLA warnings, reminders, expiries.
    Scheduler,
    /// The configuration file, applied at start.
    Config,
    /// The Discord adapter, enrolling people it has not seen before.
    Discord,
}

impl System {
    const ALL: [System; 3] = [System::Scheduler, System::Config, System::Discord];

    pub fn as_str(self) -> &'static str {
        match self {
            System::Scheduler => "scheduler",
            System::Config => "config",
            System::Discord => "discord",
        }
    }
}

/// Who did something: a member, or opsdesk itself. System actors are written `system:…`, a
/// form no handle can take (handles have no `:`), so the tamper-evident trail can never
/// confuse the two.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    Member(Handle),
    System(System),
}

/// The prefix of a system actor's text form.
const SYSTEM_PREFIX: &str = "system:";

impl Actor {
    /// Reads the text form written by `Display` (`alice`, `system:scheduler`).
    pub fn parse(text: &str) -> Option<Actor> {
        match text.strip_prefix(SYSTEM_PREFIX) {
            Some(name) => System::ALL
                .into_iter()
                .find(|s| s.as_str() == name)
                .map(Actor::System),
            None => Handle::parse(text).ok().map(Actor::Member),
        }
    }

    pub fn member(&self) -> Option<&Handle> {
        match self {
            Actor::Member(handle) => Some(handle),
            Actor::System(_) => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Member(handle) => handle.fmt(f),
            Actor::System(system) => write!(f, "{SYSTEM_PREFIX}{}", system.as_str()),
        }
    }
}

impl From<Handle> for Actor {
    fn from(handle: Handle) -> Self {
        Actor::Member(handle)
    }
}

impl From<System> for Actor {
    fn from(system: System) -> Self {
        Actor::System(system)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_id_reads_back_what_it_writes() {
        for text in [
            "IT-42",
            "PROC-7",
            "T-17",
            "A-5",
            "E-3",
            "D-2",
            "@alice",
            "dept:it",
            "budget:it:2026-Q4",
            "budget:acc:2027",
            "budget:hr:2026-12",
        ] {
            let id = ObjectId::parse(text).unwrap();
            assert_eq!(id.to_string(), text);
            assert_eq!(ObjectKind::parse(id.kind().as_str()), Some(id.kind()));
        }
        assert_eq!(
            ObjectId::parse(" t-3 ").unwrap(),
            ObjectId::Task(TaskId::new(3))
        );
        assert_eq!(ObjectId::parse("it-1").unwrap().kind(), ObjectKind::Ticket);
        // A budget's period may be typed in any form a period is read in.
        assert_eq!(
            ObjectId::parse("budget:it:T4 2026").unwrap().to_string(),
            "budget:it:2026-Q4"
        );
    }

    #[test]
    fn malformed_ids_are_refused_naming_the_forms_that_work() {
        for bad in [
            "",
            "IT",
            "T-0",
            "A-x",
            "D-0",
            "X-1",
            "dept:",
            "@",
            "IT-1-2",
            "hello",
            "budget:it",
            "budget:x:2026-Q4",
            "budget:it:2026-Q5",
        ] {
            let err = ObjectId::parse(bad).unwrap_err();
            assert!(
                matches!(
                    err.id(),
                    "error-object-id-invalid"
                        | "error-handle-invalid"
                        | "error-dept-key-invalid"
                        | "period-bad-quarter"
                ),
                "{bad}: {}",
                err.id()
            );
        }
    }

    #[test]
    fn ids_travel_as_their_text_in_json() {
        let id = ObjectId::Ticket("IT-4".parse().unwrap());
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"IT-4\"");
        assert_eq!(serde_json::from_str::<ObjectId>("\"IT-4\"").unwrap(), id);
        assert!(serde_json::from_str::<ObjectId>("\"nonsense\"").is_err());
    }

    #[test]
    fn system_actors_cannot_be_mistaken_for_members() {
        assert_eq!(
            Actor::System(System::Scheduler).to_string(),
            "system:scheduler"
        );
        assert_eq!(
            Actor::Member(Handle::parse("configurator").unwrap()).to_string(),
            "configurator"
        );
        for system in System::ALL {
            assert!(Handle::parse(system.as_str()).is_err(), "{system:?}");
            let actor = Actor::System(system);
            assert_eq!(Actor::parse(&actor.to_string()), Some(actor));
        }
        assert_eq!(Actor::parse("system:nobody"), None);
        assert!(Handle::parse("system:config").is_err());
    }
}
