//! Identifiers that are always valid once constructed: department keys, member handles and
//! ticket ids (`IT-42`: the department key in capitals and a per-department number).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// A department key: 2–10 lowercase ASCII letters or digits, starting with a letter. At least
/// two characters so that ticket ids never collide with `T-17`, `A-5` or `E-3`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeptKey(String);

impl DeptKey {
    pub fn parse(text: &str) -> Result<Self, Msg> {
        let key = text.trim().to_ascii_lowercase();
        let valid = (2..=10).contains(&key.len())
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if valid {
            Ok(DeptKey(key))
        } else {
            Err(Msg::new("error-dept-key-invalid").arg("key", text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeptKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DeptKey {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DeptKey::parse(&value).map_err(|_| format!("invalid department key `{value}`"))
    }
}

impl From<DeptKey> for String {
    fn from(value: DeptKey) -> Self {
        value.0
    }
}

/// A member handle as typed after `@`: lowercase letters, digits, `.`, `_`, `-`; 1–32 chars,
/// and none of the names the system acts under (see `object::System`), so that a member
/// called `@config` can never pass for opsdesk itself in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Handle(String);

/// Names kept for the system: `system:…` actors, and the bare words older trails used.
const RESERVED_HANDLES: [&str; 5] = ["system", "scheduler", "config", "discord", "opsdesk"];

impl Handle {
    pub fn parse(text: &str) -> Result<Self, Msg> {
        let handle = text.trim().trim_start_matches('@').to_lowercase();
        if RESERVED_HANDLES.contains(&handle.as_str()) {
            return Err(Msg::new("error-handle-reserved").arg("handle", handle));
        }
        let valid = (1..=32).contains(&handle.len())
            && handle
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if valid {
            Ok(Handle(handle))
        } else {
            Err(Msg::new("error-handle-invalid").arg("handle", text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Handle {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Handle::parse(&value).map_err(|_| format!("invalid member handle `{value}`"))
    }
}

impl From<Handle> for String {
    fn from(value: Handle) -> Self {
        value.0
    }
}

/// `IT-42`: department `it`, ticket number 42 of that department.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketId {
    dept: DeptKey,
    number: u32,
}

impl TicketId {
    pub fn new(dept: DeptKey, number: u32) -> Self {
        TicketId { dept, number }
    }

    pub fn dept(&self) -> &DeptKey {
        &self.dept
    }

    pub fn number(&self) -> u32 {
        self.number
    }
}

impl FromStr for TicketId {
    type Err = Msg;
    fn from_str(text: &str) -> Result<Self, Msg> {
        let invalid = || Msg::new("error-ticket-id-invalid").arg("id", text);
        let (dept, number) = split_numbered(text).ok_or_else(invalid)?;
        let dept = DeptKey::parse(dept).map_err(|_| invalid())?;
        Ok(TicketId { dept, number })
    }
}

/// The prefix and number of a numbered id (`IT-42`, `T-17`, `A-5`), surrounding whitespace
/// ignored; `None` unless the number is a positive `u32`. Each id checks its own prefix.
pub(crate) fn split_numbered(text: &str) -> Option<(&str, u32)> {
    let (prefix, number) = text.trim().split_once('-')?;
    let number = number.parse::<u32>().ok().filter(|n| *n > 0)?;
    Some((prefix, number))
}

impl TryFrom<String> for TicketId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value
            .parse()
            .map_err(|_| format!("invalid ticket id `{value}`"))
    }
}

impl From<TicketId> for String {
    fn from(value: TicketId) -> Self {
        value.to_string()
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.dept.as_str().to_ascii_uppercase(),
            self.number
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids_read_in_any_case_and_print_in_capitals() {
        let id: TicketId = "it-42".parse().unwrap();
        assert_eq!(id.to_string(), "IT-42");
        assert_eq!(id.dept().as_str(), "it");
        assert_eq!("PROC-7".parse::<TicketId>().unwrap().number(), 7);
    }

    #[test]
    fn malformed_ticket_ids_are_refused() {
        for bad in [
            "IT",
            "IT-",
            "IT-0",
            "IT-x",
            "-4",
            "T-4",
            "IT-99999999999",
            "I T-4",
        ] {
            assert!(bad.parse::<TicketId>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn handles_drop_the_at_sign_and_lowercase() {
        assert_eq!(Handle::parse("@Alice").unwrap().as_str(), "alice");
        assert!(Handle::parse("al ice").is_err());
        assert_eq!(
            Handle::parse("@Config").unwrap_err().id(),
            "error-handle-reserved"
        );
        assert!(Handle::parse("").is_err());
    }

    #[test]
    fn department_keys_are_short_lowercase_words() {
        assert_eq!(DeptKey::parse("IT").unwrap().as_str(), "it");
        for bad in ["i", "1t", "front-office", "toolongakey1"] {
            assert!(DeptKey::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
