//! What the core asks the adapters to say, already in the reader's language. The adapters
//! decide how it looks (a console line, a Discord embed), never what it says.

use super::domain::ids::{DeptKey, Handle};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The answer to the person who acted. `private` answers (personal lists) are shown only
    /// to them where the platform can (Discord's ephemeral replies).
    Reply { private: bool },
    /// A refused or failed command, shown only to the person who acted.
    Error,
    /// A notice in a department's channel.
    Channel { dept: DeptKey, channel: String },
    /// A direct message to a member.
    Dm { handle: Handle },
}

/// A record shown as a block: a title line, then labelled fields, then free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub text: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    Card(Card),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbound {
    pub target: Target,
    pub body: Body,
}

impl Outbound {
    pub fn is_error(&self) -> bool {
        self.target == Target::Error
    }
}
