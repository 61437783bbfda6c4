//! Free text typed by people: titles and longer bodies, trimmed and bounded.
//!
//! Text is stored exactly as written (minus surrounding whitespace): `@everyone`, SQL or
//! control characters are data, not instructions. Making them harmless is the renderer's job:
//! every outgoing message passes through [`neutralize_bidi`] (see `outbound::Outbound::new`),
//! the console escapes control characters and the Discord adapter sends no pings
//! (`allowed_mentions`).
//!
//! Text must show something: a title or reason made only of invisible characters (zero-width
//! spaces, direction marks, byte-order marks) would be a blank line nobody can tell apart.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{Arg, Msg};

/// Longest title, in characters. The catalogue's `max_length` for title options matches it.
pub const TITLE_MAX: usize = 200;
/// Longest details, comment, reason or resolution, in characters.
pub const BODY_MAX: usize = 4000;

/// A one-line summary: 1–200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Title(String);

/// A longer text: 1–4,000 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Body(String);

impl From<Title> for String {
    fn from(value: Title) -> Self {
        value.0
    }
}

impl TryFrom<String> for Title {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Title::parse("title", &value).map_err(|_| format!("invalid title `{value}`"))
    }
}

impl From<Body> for String {
    fn from(value: Body) -> Self {
        value.0
    }
}

impl TryFrom<String> for Body {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Body::parse("text", &value).map_err(|_| "invalid text".to_string())
    }
}

impl Title {
    /// A title is one line: line breaks (which chat clients can send) become spaces.
    pub fn parse(field: &str, text: &str) -> Result<Self, Msg> {
        let one_line = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
        bounded(field, &one_line, TITLE_MAX).map(Title)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Body {
    pub fn parse(field: &str, text: &str) -> Result<Self, Msg> {
        bounded(field, text, BODY_MAX).map(Body)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Title> for Arg {
    fn from(value: &Title) -> Self {
        Arg::Text(value.0.clone())
    }
}

impl From<Title> for Arg {
    fn from(value: Title) -> Self {
        Arg::Text(value.0)
    }
}

impl From<&Body> for Arg {
    fn from(value: &Body) -> Self {
        Arg::Text(value.0.clone())
    }
}

impl From<Body> for Arg {
    fn from(value: Body) -> Self {
        Arg::Text(value.0)
    }
}

fn bounded(field: &str, text: &str, max: usize) -> Result<String, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::new("error-text-empty").arg("field", field));
    }
    if !text.chars().any(is_visible) {
        return Err(Msg::new("error-text-invisible").arg("field", field));
    }
    let len = text.chars().count();
    if len > max {
        return Err(Msg::new("error-text-too-long")
            .arg("field", field)
            .arg("max", max)
            .arg("actual", len));
    }
    Ok(text.to_string())
}

/// How much of a typed value an error quotes back, in characters.
pub const ECHO_CHARS: usize = 60;

/// User text as quoted back in an error: at most `max_chars` characters, the last one `…`
/// when it had to be cut, so a long paste cannot flood the reply.
pub fn echo(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars - 1).collect();
    cut.push('…');
    cut
}

/// Whether a character draws anything. Format characters (zero-width spaces and joiners,
/// direction marks, the byte-order mark), controls, separators, variation selectors and the
/// few letters and symbols that are blank by design (Hangul fillers, the empty braille cell)
/// do not.
fn is_visible(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    let blank_by_design = matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
    );
    let invisible_category = matches!(
        c.general_category(),
        G::Control | G::Format | G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator
    );
    !(c.is_whitespace() || blank_by_design || invisible_category)
}

/// The controls that reorder text on screen: embeddings and overrides (U+202A–U+202E),
/// isolates (U+2066–U+2069) and the direction marks (U+200E, U+200F, U+061C). Shown raw,
/// `invoice\u{202E}fdp.exe` reads as `invoiceexe.pdf`.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Text as it may be shown: every bidi control written out as its code (`\u{202e}`), so the
/// reader sees the characters in the order they were typed and that something was hidden.
pub fn neutralize_bidi(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_bidi_control(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_must_not_be_blank() {
        assert_eq!(
            Title::parse("title", "  Printer down ").unwrap().as_str(),
            "Printer down"
        );
        assert_eq!(
            Title::parse("title", " \t ").unwrap_err().id(),
            "error-text-empty"
        );
    }

    #[test]
    fn titles_are_one_line() {
        assert_eq!(
            Title::parse("title", "two\r\nlines\nhere")
                .unwrap()
                .as_str(),
            "two lines here"
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let romanian = "ș".repeat(TITLE_MAX);
        assert!(Title::parse("title", &romanian).is_ok());
        let over = "a".repeat(TITLE_MAX + 1);
        assert_eq!(
            Title::parse("title", &over).unwrap_err().id(),
            "error-text-too-long"
        );
        assert!(Body::parse("details", &"x".repeat(BODY_MAX)).is_ok());
        assert!(Body::parse("details", &"x".repeat(BODY_MAX + 1)).is_err());
    }

    #[test]
    fn echoes_are_cut_to_their_limit_in_characters() {
        assert_eq!(echo("ședință", 7), "ședință");
        assert_eq!(echo("ședința", 6), "ședin…");
    }

    #[test]
    fn text_with_nothing_visible_is_refused_naming_the_field() {
        for blank in [
            "\u{200B}",
            "\u{200B}\u{202E}",
            "\u{FEFF} \u{2060}",
            "\u{3164}\u{FE0F}",
        ] {
            assert_eq!(
                Title::parse("title", blank).unwrap_err().id(),
                "error-text-invisible",
                "{blank:?}"
            );
            let refused = Body::parse("reason", blank).unwrap_err();
            assert_eq!(refused.id(), "error-text-invisible");
            assert!(refused.render(crate::i18n::Locale::En).contains("`reason`"));
        }
        assert!(Title::parse("title", "\u{200B}a\u{202E}").is_ok());
        assert!(Title::parse("title", "ș").is_ok());
        assert!(Title::parse("title", "✋\u{1F3FD}").is_ok());
    }

    #[test]
    fn bidi_controls_are_written_out_and_other_text_is_untouched() {
        assert_eq!(
            neutralize_bidi("invoice\u{202E}fdp.exe"),
            "invoice\\u{202e}fdp.exe"
        );
        for c in [
            '\u{202A}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(!neutralize_bidi(&format!("a{c}b")).contains(c), "{c:?}");
        }
        assert!(matches!(neutralize_bidi("Ședință 10:00"), Cow::Borrowed(_)));
    }

    #[test]
    fn pings_and_sql_are_kept_literally() {
        let text = "@everyone'); DROP TABLE tickets;--";
        assert_eq!(Title::parse("title", text).unwrap().as_str(), text);
    }
}
