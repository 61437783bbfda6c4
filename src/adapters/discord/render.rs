//! Outbound bodies → Discord messages: text as content, cards as embeds with buttons, and
//! never a ping — `allowed_mentions` is empty on everything the bot sends, so a title saying
//! `@everyone` stays text.

use serenity::all::{
    ButtonStyle as DiscordStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EditMessage,
};

use crate::core::outbound::{Body, ButtonStyle, Card};

/// Discord's limits, in characters.
const CONTENT_MAX: usize = 2000;
const EMBED_TITLE_MAX: usize = 256;
const EMBED_DESCRIPTION_MAX: usize = 4096;
const FIELD_NAME_MAX: usize = 256;
const FIELD_VALUE_MAX: usize = 1024;
const FIELDS_MAX: usize = 25;
const BUTTONS_PER_ROW: usize = 5;

/// What any Discord message builder needs from a body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub content: Option<String>,
    pub embed: Option<CreateEmbed>,
    pub rows: Vec<CreateActionRow>,
}

pub fn render(body: &Body) -> Rendered {
    match body {
        Body::Text(text) => Rendered {
            content: Some(clip(text, CONTENT_MAX)),
            ..Rendered::default()
        },
        Body::Card(card) => Rendered {
            content: card.intro.as_ref().map(|t| clip(t, CONTENT_MAX)),
            embed: Some(embed(card)),
            rows: rows(card),
        },
    }
}

fn embed(card: &Card) -> CreateEmbed {
    let mut embed = CreateEmbed::new().title(clip(&card.title, EMBED_TITLE_MAX));
    if !card.text.is_empty() {
        embed = embed.description(clip(&card.text.join("\n"), EMBED_DESCRIPTION_MAX));
    }
    for (name, value) in card.fields.iter().take(FIELDS_MAX) {
        embed = embed.field(
            clip(name, FIELD_NAME_MAX),
            clip(value, FIELD_VALUE_MAX),
            true,
        );
    }
    embed
}

fn rows(card: &Card) -> Vec<CreateActionRow> {
    card.buttons
        .chunks(BUTTONS_PER_ROW)
        .map(|chunk| {
            CreateActionRow::Buttons(
                chunk
                    .iter()
                    .map(|b| {
                        let style = match b.style {
                            ButtonStyle::Primary => DiscordStyle::Primary,
                            ButtonStyle::Success => DiscordStyle::Success,
                        };
                        CreateButton::new(&b.id).label(&b.label).style(style)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Cuts at a character boundary, marking the cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// Every Discord message builder takes the same three parts; serenity gives them no common
/// trait, so one macro fills them all.
macro_rules! fill {
    ($builder:expr, $rendered:expr) => {{
        let rendered = $rendered;
        let mut builder = $builder
            .allowed_mentions(no_pings())
            .components(rendered.rows);
        if let Some(content) = rendered.content {
            builder = builder.content(content);
        }
        if let Some(embed) = rendered.embed {
            builder = builder.embed(embed);
        }
        builder
    }};
}

pub fn message(r: Rendered) -> CreateMessage {
    fill!(CreateMessage::new(), r)
}

pub fn edit(r: Rendered) -> EditMessage {
    fill!(EditMessage::new(), r)
}

pub fn response(r: Rendered, ephemeral: bool) -> CreateInteractionResponseMessage {
    fill!(
        CreateInteractionResponseMessage::new().ephemeral(ephemeral),
        r
    )
}

pub fn followup(r: Rendered, ephemeral: bool) -> CreateInteractionResponseFollowup {
    fill!(
        CreateInteractionResponseFollowup::new().ephemeral(ephemeral),
        r
    )
}

pub fn edit_response(r: Rendered) -> EditInteractionResponse {
    fill!(EditInteractionResponse::new(), r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::outbound::Button;

    #[test]
    fn a_card_becomes_an_embed_with_buttons_and_no_pings() {
        let card = Card {
            intro: Some("New ticket from @frank:".into()),
            title: "IT-1 · @everyone look".into(),
            fields: vec![("Status".into(), "open".into())],
            buttons: vec![Button {
                id: "tk:v1:IT-1:claim".into(),
                label: "Claim".into(),
                style: ButtonStyle::Primary,
            }],
            ..Card::default()
        };
        let json = serde_json::to_value(message(render(&Body::Card(card)))).unwrap();
        assert_eq!(json["content"], "New ticket from @frank:");
        assert_eq!(json["embeds"][0]["title"], "IT-1 · @everyone look");
        assert_eq!(
            json["components"][0]["components"][0]["custom_id"],
            "tk:v1:IT-1:claim"
        );
        assert_eq!(json["allowed_mentions"]["parse"], serde_json::json!([]));
    }

    #[test]
    fn long_text_is_clipped_at_a_character_boundary() {
        let text = "ș".repeat(CONTENT_MAX + 10);
        let clipped = clip(&text, CONTENT_MAX);
        assert_eq!(clipped.chars().count(), CONTENT_MAX);
        assert!(clipped.ends_with('…'));
    }
}
