//! What the core asks the adapters to say, already in the reader's language. The adapters
//! decide how it looks (a console line, a Discord embed), never what it says.
//!
//! Replies go straight back to whoever acted; everything else (channel posts, direct
//! messages, card refreshes) is written to the outbox with the change it reports and sent
//! from there (see `core::outbox`), so these types are serializable.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::domain::ids::{DeptKey, Handle, TicketId};
use super::domain::object::ObjectId;
use super::domain::text::neutralize_bidi;
use crate::i18n::{Locale, Msg};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Target {
    /// The answer to the person who acted. `private` answers (personal lists) are shown only
    /// to them where the platform can (Discord's ephemeral replies).
    Reply { private: bool },
    /// A refused or failed command, shown only to the person who acted.
    Error,
    /// A notice in a channel: a department's, or (no `dept`) the audit channel.
    Channel {
        #[serde(default)]
        dept: Option<DeptKey>,
        channel: String,
    },
    /// A direct message to a member.
    Dm { handle: Handle },
    /// The object's card changed: wherever it was posted, show this body instead. Adapters
    /// without lasting messages (the console) ignore it.
    CardUpdate { object: ObjectId },
    /// A notice in a ticket's thread (see `core::threads`); in the department's channel
    /// while the ticket has no thread, or once its thread is gone.
    Thread {
        ticket: TicketId,
        dept: DeptKey,
        channel: String,
    },
    /// The ticket's thread is to exist — started from its card in `channel` — with
    /// `members` in it. The body is the thread's name. Adapters without threads ignore it.
    ThreadSetup {
        ticket: TicketId,
        channel: String,
        private: bool,
        members: Vec<Handle>,
    },
}

impl Target {
    /// Replies and refusals answer the person who acted, at once; the rest goes through the
    /// outbox.
    pub fn is_reply(&self) -> bool {
        match self {
            Target::Reply { .. } | Target::Error => true,
            Target::Channel { .. }
            | Target::Dm { .. }
            | Target::CardUpdate { .. }
            | Target::Thread { .. }
            | Target::ThreadSetup { .. } => false,
        }
    }
}

/// A record shown as a block: an optional line of news, a title line, labelled fields, free
/// text, and the buttons and reactions people can act with (see `core::actions`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Card {
    pub intro: Option<String>,
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub text: Vec<String>,
    pub buttons: Vec<Button>,
    /// Emoji the bot adds under the card, as shortcuts.
    pub reactions: Vec<String>,
    /// Files sent with the card: an image shown in it (a digest's chart), or documents to
    /// download (a CSV export, a ticket's transcript as Markdown and HTML). Cards written to
    /// the outbox when a card carried at most one file (`attachment`) still read.
    #[serde(
        default,
        alias = "attachment",
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attachments: Vec<Attachment>,
}

/// Reads `attachments` as a list, or as the single file (or `null`) older cards carried.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Attachment>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Attachment>),
        One(Option<Attachment>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::Many(files) => files,
        OneOrMany::One(file) => file.into_iter().collect(),
    })
}

/// A file that travels with a card: uploaded with the message on Discord, saved to a folder
/// by the console. Its bytes go into the outbox as base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file name, e.g. `digest-D-2-20261208-0830.png`: letters, digits, `-`, `.` only.
    pub name: String,
    /// A PNG image's size, shown in the card; `None` for a document (a CSV export).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSize>,
    /// Attachments written before documents existed called their bytes `png`.
    #[serde(with = "base64_bytes", alias = "png")]
    pub bytes: Vec<u8>,
}

/// An image's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// Bytes as standard base64 text in JSON.
mod base64_bytes {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    /// The action's id, e.g. `tk:v1:IT-4:claim`.
    pub id: String,
    pub label: String,
    pub style: ButtonStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonStyle {
    Primary,
    Success,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attachment_travels_through_the_outbox_json_as_base64() {
        let card = Card {
            title: "Digest".into(),
            attachments: vec![Attachment {
                name: "chart.png".into(),
                image: Some(ImageSize {
                    width: 800,
                    height: 400,
                }),
                bytes: vec![0x89, b'P', b'N', b'G', 0, 255],
            }],
            ..Card::default()
        };
        let out = Outbound::new(Target::Reply { private: true }, Body::Card(card));
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(json["body"]["card"]["attachments"][0]["bytes"], "iVBORwD/");
        assert_eq!(json["body"]["card"]["attachments"][0]["width"], 800);
        assert_eq!(serde_json::from_value::<Outbound>(json).unwrap(), out);
        // A card written to the outbox when cards carried one file still reads.
        let one = r#"{"title":"x","fields":[],"text":[],"buttons":[],"reactions":[],"attachment":{"name":"c.png","width":8,"height":4,"bytes":"iVBORwD/"}}"#;
        let one: Card = serde_json::from_str(one).unwrap();
        assert_eq!(one.attachments.len(), 1);
        assert_eq!(one.attachments[0].name, "c.png");
        // A chart written to the outbox before documents existed still reads as an image.
        let chart = r#"{"name":"c.png","width":800,"height":400,"png":"iVBORwD/"}"#;
        let chart: Attachment = serde_json::from_str(chart).unwrap();
        assert_eq!(chart.image.map(|i| i.width), Some(800));
        assert_eq!(chart.bytes.len(), 6);
        // A document has no size.
        let csv = Attachment {
            name: "export.csv".into(),
            image: None,
            bytes: b"a,b\n".to_vec(),
        };
        let json = serde_json::to_string(&csv).unwrap();
        assert!(!json.contains("width"), "{json}");
        assert_eq!(serde_json::from_str::<Attachment>(&json).unwrap(), csv);
        // A card written before attachments existed still reads.
        let old = r#"{"target":{"to":"error"},"body":{"card":{"intro":null,"title":"x","fields":[],"text":[],"buttons":[],"reactions":[]}}}"#;
        assert!(serde_json::from_str::<Outbound>(old).is_ok());
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    Text(String),
    Card(Card),
}

impl Body {
    fn neutralized(self) -> Body {
        match self {
            Body::Text(text) => Body::Text(shown(text)),
            Body::Card(card) => Body::Card(Card {
                intro: card.intro.map(shown),
                title: shown(card.title),
                fields: card
                    .fields
                    .into_iter()
                    .map(|(label, value)| (shown(label), shown(value)))
                    .collect(),
                text: card.text.into_iter().map(shown).collect(),
                ..card
            }),
        }
    }
}

fn shown(text: String) -> String {
    match neutralize_bidi(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(neutral) => neutral,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbound {
    pub target: Target,
    pub body: Body,
    /// Set on notices that may be merged with others of their kind when many wait for the
    /// same reader at once (after a long weekend: dozens of SLA warnings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<Batch>,
}

impl Outbound {
    /// Every message is made here, so this is where text that could deceive its reader is
    /// neutralized (see `text::neutralize_bidi`), whichever user text went into it.
    pub fn new(target: Target, body: Body) -> Self {
        Outbound {
            target,
            body: body.neutralized(),
            batch: None,
        }
    }

    /// A notice that may be merged with others of its kind (see [`Batch`]).
    pub fn batched(target: Target, body: Body, batch: Batch) -> Self {
        let line = shown(batch.line);
        Outbound {
            batch: Some(Batch { line, ..batch }),
            ..Outbound::new(target, body)
        }
    }

    pub fn is_error(&self) -> bool {
        self.target == Target::Error
    }
}

/// How a notice reads as one line of a merged message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub kind: NoticeKind,
    /// The notice as one list line, in the reader's language and zone.
    pub line: String,
    /// Lower is more urgent (e.g. the deadline, in epoch seconds): merged lines are sorted by
    /// it.
    pub urgency: i64,
    /// The reader's language, for the merged message's header.
    pub locale: Locale,
}

/// The kinds of notice that are merged when many wait for one reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    SlaWarning,
    SlaBreach,
    TaskReminder,
    TaskDue,
    TaskOverdue,
    ApprovalReminder,
}

impl NoticeKind {
    /// The header of a merged message: how many, of what, most urgent first.
    pub fn header(self, count: usize) -> Msg {
        let id = match self {
            NoticeKind::SlaWarning => "batch-sla-warning",
            NoticeKind::SlaBreach => "batch-sla-breach",
            NoticeKind::TaskReminder => "batch-task-reminder",
            NoticeKind::TaskDue => "batch-task-due",
            NoticeKind::TaskOverdue => "batch-task-overdue",
            NoticeKind::ApprovalReminder => "batch-approval-reminder",
        };
        Msg::new(id).arg("count", count)
    }
}
