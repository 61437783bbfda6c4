//! Free text typed by people: titles and longer bodies, trimmed and bounded.
//!
//! Text is stored exactly as written (minus surrounding whitespace): `@everyone`, SQL or
//! control characters are data, not instructions. Making them harmless is the renderer's job
//! (see `outbound::display_safe`) and the Discord adapter's (`allowed_mentions`).

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
    let len = text.chars().count();
    if len > max {
        return Err(Msg::new("error-text-too-long")
            .arg("field", field)
            .arg("max", max)
            .arg("actual", len));
    }
    Ok(text.to_string())
}

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
    fn pings_and_sql_are_kept_literally() {
        let text = "@everyone'); DROP TABLE tickets;--";
        assert_eq!(Title::parse("title", text).unwrap().as_str(), text);
    }
}
