//! Outbound bodies → Discord messages: text as content, cards as embeds with buttons, and
//! never a ping — `allowed_mentions` is empty on everything the bot sends, so a title saying
//! `@everyone` stays text. A card's image (a digest's chart) is uploaded with the message
//! (multipart) and shown in the embed through `attachment://NAME`.

use serenity::all::{
    ButtonStyle as DiscordStyle, CreateActionRow, CreateAllowedMentions, CreateAttachment,
    CreateButton, CreateEmbed, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, EditMessage,
};

use crate::core::actions::CardAction;
use crate::core::outbound::{Body, Button, ButtonStyle, Card};

/// Discord's limits, in characters.
const CONTENT_MAX: usize = 2000;
const EMBED_TITLE_MAX: usize = 256;
const EMBED_DESCRIPTION_MAX: usize = 4096;
const FIELD_NAME_MAX: usize = 256;
const FIELD_VALUE_MAX: usize = 1024;
const FIELDS_MAX: usize = 25;
const BUTTONS_PER_ROW: usize = 5;
const ROWS_MAX: usize = 5;

/// What any Discord message builder needs from a body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub content: Option<String>,
    pub embed: Option<CreateEmbed>,
    pub rows: Vec<CreateActionRow>,
    /// Files uploaded with the message.
    pub files: Vec<CreateAttachment>,
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
            rows: rows(&card.buttons),
            files: card
                .attachment
                .iter()
                .map(|a| CreateAttachment::bytes(a.bytes.clone(), a.name.clone()))
                .collect(),
        },
    }
}

fn embed(card: &Card) -> CreateEmbed {
    let mut embed = CreateEmbed::new().title(clip(&card.title, EMBED_TITLE_MAX));
    // A document (a CSV export) is offered for download beside the embed, not shown in it.
    if let Some(attachment) = card.attachment.as_ref().filter(|a| a.image.is_some()) {
        embed = embed.image(format!("attachment://{}", attachment.name));
    }
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

/// Buttons in rows of five, an object's buttons kept on one row (a digest's Approve A-5 and
/// Reject A-5 side by side); what does not fit in Discord's five rows is left out.
fn rows(buttons: &[Button]) -> Vec<CreateActionRow> {
    let object = |b: &Button| CardAction::parse(&b.id).map(|a| a.object());
    let mut rows: Vec<Vec<&Button>> = Vec::new();
    let mut start = 0;
    while start < buttons.len() {
        let end = buttons[start..]
            .iter()
            .position(|b| object(b) != object(&buttons[start]))
            .map_or(buttons.len(), |n| start + n);
        let group = &buttons[start..end];
        match rows.last_mut() {
            Some(row) if row.len() + group.len() <= BUTTONS_PER_ROW => row.extend(group),
            _ => rows.extend(group.chunks(BUTTONS_PER_ROW).map(|c| c.iter().collect())),
        }
        start = end;
    }
    rows.into_iter()
        .take(ROWS_MAX)
        .map(|row| {
            CreateActionRow::Buttons(
                row.into_iter()
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
    let files = r.files.clone();
    fill!(CreateMessage::new(), r).add_files(files)
}

/// An edit keeps the files the message has (a card refresh never changes its image).
pub fn edit(r: Rendered) -> EditMessage {
    fill!(EditMessage::new(), r)
}

pub fn response(r: Rendered, ephemeral: bool) -> CreateInteractionResponseMessage {
    let files = r.files.clone();
    fill!(
        CreateInteractionResponseMessage::new().ephemeral(ephemeral),
        r
    )
    .add_files(files)
}

pub fn followup(r: Rendered, ephemeral: bool) -> CreateInteractionResponseFollowup {
    let files = r.files.clone();
    fill!(
        CreateInteractionResponseFollowup::new().ephemeral(ephemeral),
        r
    )
    .add_files(files)
}

/// The answer to a deferred interaction, with the files of the reply it stands for.
pub fn edit_response(r: Rendered) -> EditInteractionResponse {
    let files = r.files.clone();
    files.into_iter().fold(
        fill!(EditInteractionResponse::new(), r),
        EditInteractionResponse::new_attachment,
    )
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
    fn a_digest_uploads_its_chart_and_keeps_each_approvals_buttons_on_one_row() {
        use crate::core::domain::approval::ApprovalId;
        use crate::core::outbound::{Attachment, ImageSize};
        use crate::i18n::Locale;
        let buttons = (1..=12)
            .flat_map(|n| {
                let id = ApprovalId::new(n);
                [CardAction::Approve(id), CardAction::Reject(id)]
            })
            .map(|a| a.list_button(Locale::En))
            .collect();
        let card = Card {
            title: "Your digest".into(),
            buttons,
            attachment: Some(Attachment {
                name: "digest.png".into(),
                image: Some(ImageSize {
                    width: 800,
                    height: 400,
                }),
                bytes: vec![1, 2, 3],
            }),
            ..Card::default()
        };
        let rendered = render(&Body::Card(card));
        assert_eq!(rendered.files.len(), 1);
        let json = serde_json::to_value(message(rendered)).unwrap();
        assert_eq!(json["embeds"][0]["image"]["url"], "attachment://digest.png");
        assert_eq!(json["attachments"][0]["filename"], "digest.png");
        let rows = json["components"].as_array().unwrap();
        assert_eq!(rows.len(), 5, "Discord's limit");
        for row in rows {
            let ids: Vec<&str> = row["components"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["custom_id"].as_str().unwrap())
                .collect();
            assert_eq!(ids.len(), 4, "{ids:?}");
            assert!(ids[0].ends_with(":approve:list") && ids[1].ends_with(":reject:list"));
            assert_eq!(ids[0].split(':').nth(2), ids[1].split(':').nth(2));
        }
    }

    #[test]
    fn long_text_is_clipped_at_a_character_boundary() {
        let text = "ș".repeat(CONTENT_MAX + 10);
        let clipped = clip(&text, CONTENT_MAX);
        assert_eq!(clipped.chars().count(), CONTENT_MAX);
        assert!(clipped.ends_with('…'));
    }
}
