//! Outbound bodies → Discord messages: text as content, cards as embeds with buttons, and
//! never a ping — `allowed_mentions` is empty on everything the bot sends, so a title saying
//! `@everyone` stays text. A card's image (a digest's chart) is uploaded with the message
//! (multipart) and shown in the embed through `attachment://NAME`.

use serenity::all::{
    ButtonStyle as DiscordStyle, CreateActionRow, CreateAllowedMentions, CreateAttachment,
    CreateButton, CreateEmbed, CreateEmbedFooter, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, EditMessage,
};

use crate::core::actions::CardAction;
use crate::core::outbound::{Body, Button, ButtonStyle, Card};

/// Discord's limits, in characters.
const CONTENT_MAX: usize = 2000;
const EMBED_TITLE_MAX: usize = 256;
const EMBED_DESCRIPTION_MAX: usize = 4096;
/// Title, description, fields and footer of one message's embeds together.
const EMBED_TOTAL_MAX: usize = 6000;
const FIELD_NAME_MAX: usize = 256;
const FIELD_VALUE_MAX: usize = 1024;
const FIELDS_MAX: usize = 25;
const BUTTONS_PER_ROW: usize = 5;
const ROWS_MAX: usize = 5;
/// Room kept for a page's footer (`12/34`).
const FOOTER_MAX: usize = 16;

/// What any Discord message builder needs from a body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub content: Option<String>,
    pub embed: Option<CreateEmbed>,
    pub rows: Vec<CreateActionRow>,
    /// Files uploaded with the message.
    pub files: Vec<CreateAttachment>,
}

/// A body as the Discord messages that carry all of it: one message when it fits, else an
/// embed per page, split at line boundaries and numbered `2/3` in the footer — never cut.
///
/// Pages are sent at once, one message after another (follow-ups of an interaction, posts
/// in a row), rather than as one message with Previous/Next buttons that re-run the read:
/// a re-run shows the data as it is at the click, so a ticket opened or closed between two
/// clicks would shift the pages and a row could be skipped or shown twice; sending the
/// snapshot whole keeps every line, needs no state in a `custom_id`, and reads the same in a
/// DM, a channel post and an ephemeral reply. Lists stay short enough for this: the core
/// shows a bounded number of rows and says how many match in all and how to narrow them.
///
/// The first page carries the card's line of news, buttons, reactions and image, so the
/// message that stands for the object is the first.
pub fn pages(body: &Body) -> Vec<Rendered> {
    let embeds = match body {
        Body::Text(text) if text.chars().count() <= CONTENT_MAX => {
            return vec![Rendered {
                content: Some(text.clone()),
                ..Rendered::default()
            }]
        }
        Body::Text(text) => split_lines(text, EMBED_DESCRIPTION_MAX, EMBED_DESCRIPTION_MAX)
            .into_iter()
            .map(|description| CreateEmbed::new().description(description))
            .collect(),
        Body::Card(card) => card_embeds(card),
    };
    let mut pages: Vec<Rendered> = numbered(embeds)
        .into_iter()
        .map(|embed| Rendered {
            embed: Some(embed),
            ..Rendered::default()
        })
        .collect();
    if let Body::Card(card) = body {
        let first = &mut pages[0];
        first.content = card
            .intro
            .clone()
            .filter(|intro| intro.chars().count() <= CONTENT_MAX);
        first.rows = rows(&card.buttons);
        first.files = card
            .attachments
            .iter()
            .map(|a| CreateAttachment::bytes(a.bytes.clone(), a.name.clone()))
            .collect();
    }
    pages
}

/// The one message an edit replaces a card with: its first page. The core keeps cards short
/// (a ticket card shows the start of long details), so a card that needs more is logged.
pub fn render(body: &Body) -> Rendered {
    let mut pages = pages(body);
    if pages.len() > 1 {
        tracing::warn!(pages = pages.len(), "a card edit shows only its first page");
    }
    pages.swap_remove(0)
}

/// A card's embeds: the first with its title, image and fields, the rest continuing its
/// text under the same title. What does not fit where Discord puts it goes into the text,
/// whole: a long line of news, a long title, a field too long or one field too many.
fn card_embeds(card: &Card) -> Vec<CreateEmbed> {
    let mut text = Vec::new();
    if let Some(intro) = card
        .intro
        .as_ref()
        .filter(|i| i.chars().count() > CONTENT_MAX)
    {
        text.push(intro.clone());
    }
    let title = if card.title.chars().count() > EMBED_TITLE_MAX {
        text.push(card.title.clone());
        clip(&card.title, EMBED_TITLE_MAX)
    } else {
        card.title.clone()
    };
    let mut fields = Vec::new();
    for (name, value) in &card.fields {
        let fits = name.chars().count() <= FIELD_NAME_MAX
            && (1..=FIELD_VALUE_MAX).contains(&value.chars().count())
            && fields.len() < FIELDS_MAX;
        if fits {
            fields.push((name.clone(), value.clone()));
        } else {
            text.push(format!("**{name}**\n{value}"));
        }
    }
    text.extend(card.text.iter().cloned());
    let title_len = title.chars().count();
    let fields_len: usize = fields
        .iter()
        .map(|(n, v)| n.chars().count() + v.chars().count())
        .sum();
    let room =
        |used: usize| EMBED_DESCRIPTION_MAX.min(EMBED_TOTAL_MAX.saturating_sub(used + FOOTER_MAX));
    let mut descriptions = split_lines(
        &text.join("\n"),
        room(title_len + fields_len),
        room(title_len),
    )
    .into_iter();
    let mut first = CreateEmbed::new().title(&title);
    // A document (a CSV export) is offered for download beside the embed, not shown in it.
    if let Some(attachment) = card.attachments.iter().find(|a| a.image.is_some()) {
        first = first.image(format!("attachment://{}", attachment.name));
    }
    for (name, value) in fields {
        first = first.field(name, value, true);
    }
    if let Some(description) = descriptions.next() {
        first = first.description(description);
    }
    std::iter::once(first)
        .chain(descriptions.map(|d| CreateEmbed::new().title(&title).description(d)))
        .collect()
}

/// Numbers the pages in their footers, when there is more than one.
fn numbered(embeds: Vec<CreateEmbed>) -> Vec<CreateEmbed> {
    let count = embeds.len();
    if count < 2 {
        return embeds;
    }
    embeds
        .into_iter()
        .enumerate()
        .map(|(n, embed)| embed.footer(CreateEmbedFooter::new(format!("{}/{count}", n + 1))))
        .collect()
}

/// Splits text into pages of at most `first` characters, then `rest`, at line boundaries.
/// A single line longer than a page is split at its last space that fits, or mid-word if it
/// has none. Empty text gives no page.
fn split_lines(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let mut page = String::new();
    let mut page_len = 0;
    for whole_line in text.split('\n') {
        let mut line = whole_line;
        loop {
            let room = if pages.is_empty() { first } else { rest }.max(1);
            let needed = line.chars().count() + usize::from(!page.is_empty());
            if page_len + needed <= room {
                if !page.is_empty() {
                    page.push('\n');
                }
                page.push_str(line);
                page_len += needed;
                break;
            }
            if !page.is_empty() {
                pages.push(std::mem::take(&mut page));
                page_len = 0;
                continue;
            }
            // A line longer than a whole page.
            let (head, tail) = split_long_line(line, room);
            pages.push(head.to_string());
            line = tail;
        }
    }
    if !page.trim().is_empty() {
        pages.push(page);
    }
    pages
}

/// The longest start of `line` of at most `max` characters ending before a space (the space
/// dropped), or exactly `max` characters when there is none.
fn split_long_line(line: &str, max: usize) -> (&str, &str) {
    let cut = line
        .char_indices()
        .nth(max)
        .map_or(line.len(), |(at, _)| at);
    match line[..cut].rfind(' ').filter(|&at| at > 0) {
        Some(space) => (&line[..space], &line[space + 1..]),
        None => (&line[..cut], &line[cut..]),
    }
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
            attachments: vec![Attachment {
                name: "digest.png".into(),
                image: Some(ImageSize {
                    width: 800,
                    height: 400,
                }),
                bytes: vec![1, 2, 3],
            }],
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

    /// Every page within Discord's limits; the pages' text, joined, is the text.
    fn check_pages(pages: &[Rendered]) -> String {
        let mut all = Vec::new();
        for page in pages {
            let json = serde_json::to_value(message(page.clone())).unwrap();
            let len = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.chars().count());
            assert!(len(&json["content"]) <= CONTENT_MAX);
            let embed = &json["embeds"][0];
            assert!(len(&embed["description"]) <= EMBED_DESCRIPTION_MAX);
            let fields: usize = embed["fields"].as_array().map_or(0, |f| {
                f.iter().map(|f| len(&f["name"]) + len(&f["value"])).sum()
            });
            let total =
                len(&embed["title"]) + len(&embed["description"]) + len(&embed["footer"]["text"]);
            assert!(total + fields <= EMBED_TOTAL_MAX, "{total} + {fields}");
            for text in [&json["content"], &embed["description"]] {
                if let Some(text) = text.as_str() {
                    all.push(text.to_string());
                }
            }
        }
        all.join("\n")
    }

    #[test]
    fn a_short_text_is_one_message_of_content() {
        let pages = pages(&Body::Text("Hello".into()));
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].content.as_deref(), Some("Hello"));
    }

    #[test]
    fn long_text_is_paged_at_line_boundaries_and_nothing_is_lost() {
        let lines: Vec<String> = (1..=200)
            .map(|n| format!("  IT-{n} · urgent · open · @alice · {}", "ș".repeat(40)))
            .collect();
        let text = lines.join("\n");
        let pages = pages(&Body::Text(text.clone()));
        assert!(pages.len() > 1);
        assert_eq!(check_pages(&pages), text);
        let footer = serde_json::to_value(message(pages[1].clone())).unwrap()["embeds"][0]
            ["footer"]["text"]
            .clone();
        assert_eq!(footer, format!("2/{}", pages.len()));
    }

    #[test]
    fn a_line_longer_than_a_page_is_split_at_a_space_or_mid_word() {
        let words = "word ".repeat(2000);
        let pages = split_lines(words.trim_end(), 100, 100);
        assert!(pages
            .iter()
            .all(|p| p.chars().count() <= 100 && !p.ends_with(' ')));
        assert_eq!(pages.join(" "), words.trim_end());
        let one = "ș".repeat(250);
        assert_eq!(split_lines(&one, 100, 100).concat(), one);
    }

    #[test]
    fn a_long_card_keeps_its_buttons_on_the_first_page_and_its_long_fields_in_the_text() {
        let card = Card {
            intro: Some("News".into()),
            title: "IT-1 · Printer".into(),
            fields: vec![
                ("Status".into(), "open".into()),
                ("Resolution".into(), "r".repeat(1500)),
            ],
            text: (0..300)
                .map(|n| format!("line {n} {}", "x".repeat(30)))
                .collect(),
            buttons: vec![Button {
                id: "tk:v1:IT-1:claim".into(),
                label: "Claim".into(),
                style: ButtonStyle::Primary,
            }],
            ..Card::default()
        };
        let pages = pages(&Body::Card(card.clone()));
        assert!(pages.len() > 2);
        assert!(!pages[0].rows.is_empty() && pages[1..].iter().all(|p| p.rows.is_empty()));
        let all = check_pages(&pages);
        assert!(all.starts_with("News\n**Resolution**\nrrr"));
        assert!(all.ends_with(&card.text.join("\n")));
    }
}
