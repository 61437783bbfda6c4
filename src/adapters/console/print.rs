//! Outbound messages as console lines: every line starts with the message's target.
//! Each file attached to a card is saved in a folder and named on a line of its own:
//! `[dm @bob] [attachment] digest-D-2-20261208-0830.png 800×400 saved to /tmp/opsdesk/…`.

use std::path::{Path, PathBuf};

use crate::core::outbound::{Attachment, Body, Card, ImageSize, Outbound, Target};

/// Prints messages, saving their attachments in `folder`.
#[derive(Debug, Clone)]
pub struct Printer {
    folder: PathBuf,
}

impl Printer {
    pub fn new(folder: PathBuf) -> Self {
        Printer { folder }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The message's lines, then a line for each of its attachments (saved on the way).
    pub fn lines(&self, out: &Outbound) -> Vec<String> {
        let mut lines = format_outbound(out);
        let attachments = match &out.body {
            Body::Card(card) => card.attachments.as_slice(),
            Body::Text(_) => &[],
        };
        if let Some(prefix) = prefix(&out.target) {
            for attachment in attachments {
                lines.push(format!("{prefix} {}", self.save(attachment)));
            }
        }
        lines
    }

    /// Writes the image and says where; a failure is said instead, the message still counts
    /// as shown (the text was printed).
    fn save(&self, attachment: &Attachment) -> String {
        let path = self.folder.join(safe_file_name(&attachment.name));
        let name = &attachment.name;
        let size = match attachment.image {
            Some(ImageSize { width, height }) => format!("{width}×{height}"),
            None => format!("{} B", attachment.bytes.len()),
        };
        let written = std::fs::create_dir_all(&self.folder)
            .and_then(|()| std::fs::write(&path, &attachment.bytes));
        match written {
            Ok(()) => format!("[attachment] {name} {size} saved to {}", path.display()),
            Err(e) => format!("[attachment] {name} {size} not saved: {e}"),
        }
    }
}

/// The file name with anything but letters, digits, `-`, `_` and `.` replaced, so that a
/// name can never leave the folder.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim_start_matches('.').to_string()
}

/// Where a message goes, as the console marks it; `None` for what a terminal does not show.
fn prefix(target: &Target) -> Option<String> {
    Some(match target {
        // A terminal has no earlier message to change; the news itself was already printed.
        Target::CardUpdate { .. } => return None,
        // A terminal has no threads to start; its posts are marked with their ticket.
        Target::ThreadSetup { .. } => return None,
        Target::Thread {
            channel, ticket, ..
        } => format!("[#{channel} › {ticket}]"),
        Target::Reply { .. } => "[reply]".to_string(),
        Target::Error => "[error]".to_string(),
        Target::Channel { channel, .. } => format!("[#{channel}]"),
        Target::Dm { handle } => format!("[dm @{handle}]"),
    })
}

pub fn format_outbound(out: &Outbound) -> Vec<String> {
    let Some(prefix) = prefix(&out.target) else {
        return Vec::new();
    };
    let lines: Vec<String> = match &out.body {
        Body::Text(text) => text.lines().map(str::to_string).collect(),
        Body::Card(card) => card
            .intro
            .iter()
            .flat_map(|t| t.lines().map(str::to_string))
            .chain(std::iter::once(card.title.clone()))
            .chain(card.fields.iter().map(|(k, v)| format!("  {k}: {v}")))
            .chain(
                card.text
                    .iter()
                    .flat_map(|t| t.lines().map(|l| format!("  {l}"))),
            )
            .chain(actions_line(card))
            .collect(),
    };
    lines
        .iter()
        .map(|line| format!("{prefix} {}", safe(line)))
        .collect()
}

/// Buttons and the bot's reactions, as one line: `  [Claim] [Resolve] ✋`.
fn actions_line(card: &Card) -> Option<String> {
    if card.buttons.is_empty() && card.reactions.is_empty() {
        return None;
    }
    let buttons = card.buttons.iter().map(|b| format!("[{}]", b.label));
    let parts: Vec<String> = buttons.chain(card.reactions.iter().cloned()).collect();
    Some(format!("  {}", parts.join(" ")))
}

/// Control characters typed into titles or comments are shown escaped (`\u{1b}`), so they
/// can neither move the cursor nor fake a line of output.
pub fn safe(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_a_card_carries_the_target() {
        let out = Outbound::new(
            Target::Dm {
                handle: crate::core::domain::ids::Handle::parse("alice").unwrap(),
            },
            Body::Card(Card {
                title: "IT-1 · Printer".into(),
                fields: vec![("Status".into(), "open".into())],
                text: vec!["line one\nline two".into()],
                ..Card::default()
            }),
        );
        assert_eq!(
            format_outbound(&out),
            [
                "[dm @alice] IT-1 · Printer",
                "[dm @alice]   Status: open",
                "[dm @alice]   line one",
                "[dm @alice]   line two"
            ]
        );
    }

    #[test]
    fn an_attachment_is_saved_and_named_under_its_messages_target() {
        let dir = tempfile::tempdir().unwrap();
        let printer = Printer::new(dir.path().join("out"));
        let out = Outbound::new(
            Target::Dm {
                handle: crate::core::domain::ids::Handle::parse("bob").unwrap(),
            },
            Body::Card(Card {
                title: "Digest".into(),
                attachments: vec![Attachment {
                    name: "../chart.png".into(),
                    image: Some(ImageSize {
                        width: 800,
                        height: 400,
                    }),
                    bytes: vec![1, 2, 3],
                }],
                ..Card::default()
            }),
        );
        let lines = printer.lines(&out);
        let saved = dir.path().join("out").join("_chart.png");
        assert_eq!(
            lines,
            [
                "[dm @bob] Digest".to_string(),
                format!(
                    "[dm @bob] [attachment] ../chart.png 800×400 saved to {}",
                    saved.display()
                )
            ]
        );
        assert_eq!(std::fs::read(saved).unwrap(), [1, 2, 3]);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(safe("a\u{1b}[2Jb\rc"), "a\\u{1b}[2Jb\\u{d}c");
    }
}
