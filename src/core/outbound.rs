//! What the core asks the adapters to say, already in the reader's language. The adapters
//! decide how it looks (a console line, a Discord embed), never what it says.

use super::domain::ids::{DeptKey, Handle};
use super::domain::object::ObjectId;

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
    /// The object's card changed: wherever it was posted, show this body instead. Adapters
    /// without lasting messages (the console) ignore it.
    CardUpdate { object: ObjectId },
}

/// A record shown as a block: an optional line of news, a title line, labelled fields, free
/// text, and the buttons and reactions people can act with (see `core::actions`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    pub intro: Option<String>,
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub text: Vec<String>,
    pub buttons: Vec<Button>,
    /// Emoji the bot adds under the card, as shortcuts.
    pub reactions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// The action's id, e.g. `tk:v1:IT-4:claim`.
    pub id: String,
    pub label: String,
    pub style: ButtonStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Success,
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
