//! Outbound messages as console lines: every line starts with the message's target.

use crate::core::outbound::{Body, Card, Outbound, Target};

pub fn format_outbound(out: &Outbound) -> Vec<String> {
    let prefix = match &out.target {
        // A terminal has no earlier message to change; the news itself was already printed.
        Target::CardUpdate { .. } => return Vec::new(),
        Target::Reply { .. } => "[reply]".to_string(),
        Target::Error => "[error]".to_string(),
        Target::Channel { channel, .. } => format!("[#{channel}]"),
        Target::Dm { handle } => format!("[dm @{handle}]"),
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
    fn control_characters_are_escaped() {
        assert_eq!(safe("a\u{1b}[2Jb\rc"), "a\\u{1b}[2Jb\\u{d}c");
    }
}
