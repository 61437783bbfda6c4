//! Splits a command line into positional and `name:value` tokens.
//!
//! The tokenizer knows nothing about the catalogue: it only decides where
//! tokens start and end, undoes quoting, and records byte spans so that errors
//! found later can point back into the original line.

use super::Span;

/// A value as the user meant it (quotes and escapes removed), with the span of
/// the value as written (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// A bare word or a quoted string.
    Positional(Piece),
    /// `name:value`; `value` is `None` when nothing follows the colon.
    Named {
        name: &'a str,
        value: Option<Piece>,
        span: Span,
    },
}

impl Token<'_> {
    /// The whole token, including any `name:` prefix.
    pub fn span(&self) -> Span {
        match self {
            Token::Positional(piece) => piece.span.clone(),
            Token::Named { span, .. } => span.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokenError {
    /// A quote that is never closed: from the opening quote to the end of the
    /// line.
    UnbalancedQuote(Span),
    /// Text glued to a closing quote, such as the `b` in `"a"b`. Splitting it
    /// off silently could fill an option the user never meant to give.
    AfterQuote(Span),
    /// A value opened with a single quote (`title:'a b'`): only double quotes group words,
    /// so it would otherwise be split and its rest given to another option. The span runs
    /// over the single-quoted text; `text` is what stood between the quotes.
    SingleQuoted {
        name: String,
        text: String,
        span: Span,
    },
}

/// Tokenizes `line` from byte offset `from` (which must be a char boundary;
/// anything else yields no tokens rather than a panic).
pub(super) fn tokenize(line: &str, from: usize) -> Result<Vec<Token<'_>>, TokenError> {
    let mut cursor = Cursor { line, pos: from };
    let mut tokens = Vec::new();
    loop {
        cursor.skip_whitespace();
        if cursor.peek().is_none() {
            return Ok(tokens);
        }
        tokens.push(cursor.token()?);
    }
}

/// Whether `prefix` (the text before a colon) could be an option name. Names
/// are validated against `^[a-z0-9_-]{1,32}$` in the catalogue; we accept
/// upper case too because names match case-insensitively. All-digit prefixes
/// are excluded so that times like `10:30` stay values.
pub(super) fn is_plausible_name(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !prefix.chars().all(|c| c.is_ascii_digit())
}

/// Whether `c` opens a quoted string.
fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '„')
}

/// Whether `c` closes a string opened by `open`. Typographic quotes may be
/// closed by a straight quote because phone keyboards often mix the two.
fn closes(open: char, c: char) -> bool {
    match open {
        '"' => c == '"',
        _ => c == '”' || c == '"',
    }
}

struct Cursor<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.line.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_boundary(&self) -> bool {
        self.peek().is_none_or(char::is_whitespace)
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn slice(&self, span: Span) -> &'a str {
        self.line.get(span).unwrap_or_default()
    }

    fn token(&mut self) -> Result<Token<'a>, TokenError> {
        if self.peek().is_some_and(is_open_quote) {
            return Ok(Token::Positional(self.quoted()?));
        }
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == ':' {
                let name = self.slice(start..self.pos);
                if is_plausible_name(name) {
                    self.bump();
                    return self.named(start, name);
                }
            }
            self.bump();
        }
        Ok(Token::Positional(self.bare(start)))
    }

    /// The rest of a `name:value` token, after the colon.
    fn named(&mut self, start: usize, name: &'a str) -> Result<Token<'a>, TokenError> {
        let value = if self.at_boundary() {
            None
        } else if self.peek().is_some_and(is_open_quote) {
            Some(self.quoted()?)
        } else if self.peek().is_some_and(|c| matches!(c, '\'' | '‘')) {
            return Err(self.single_quoted(name));
        } else {
            let value_start = self.pos;
            while !self.at_boundary() {
                self.bump();
            }
            Some(self.bare(value_start))
        };
        Ok(Token::Named {
            name,
            value,
            span: start..self.pos,
        })
    }

    /// A bare word that started at `start` and ends at the cursor.
    fn bare(&self, start: usize) -> Piece {
        let span = start..self.pos;
        Piece {
            text: self.slice(span.clone()).to_string(),
            span,
        }
    }

    /// A quoted string; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<Piece, TokenError> {
        let start = self.pos;
        let Some(open) = self.bump() else {
            return Err(self.unbalanced(start));
        };
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.unbalanced(start)),
                Some('\\') => match self.peek() {
                    Some(c @ ('"' | '\\')) => {
                        self.bump();
                        text.push(c);
                    }
                    _ => text.push('\\'),
                },
                Some(c) if closes(open, c) => break,
                Some(c) => text.push(c),
            }
        }
        if !self.at_boundary() {
            let glued = self.pos;
            while !self.at_boundary() {
                self.bump();
            }
            return Err(TokenError::AfterQuote(glued..self.pos));
        }
        Ok(Piece {
            text,
            span: start..self.pos,
        })
    }

    /// The error for a value in single quotes; the cursor is on the opening quote. The text
    /// runs to the closing single quote, or to the end of the word when there is none.
    fn single_quoted(&mut self, name: &str) -> TokenError {
        let start = self.pos;
        self.bump();
        let rest = self.rest();
        let (text, end) = match rest.find(['\'', '’']) {
            Some(close) => {
                let quote_len = rest[close..].chars().next().map_or(1, char::len_utf8);
                (&rest[..close], self.pos + close + quote_len)
            }
            None => {
                let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..word], self.pos + word)
            }
        };
        TokenError::SingleQuoted {
            name: name.to_owned(),
            text: text.to_owned(),
            span: start..end,
        }
    }

    /// The error for a quote opened at `start`, which runs to the end of the
    /// line (trailing whitespace excluded, so the caret stays on the text).
    fn unbalanced(&self, start: usize) -> TokenError {
        let end = self.line.trim_end().len().max(start + 1);
        TokenError::UnbalancedQuote(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positional(text: &str, span: Span) -> Token<'static> {
        Token::Positional(Piece {
            text: text.to_string(),
            span,
        })
    }

    fn named<'a>(name: &'a str, value: Option<(&str, Span)>, span: Span) -> Token<'a> {
        Token::Named {
            name,
            value: value.map(|(text, span)| Piece {
                text: text.to_string(),
                span,
            }),
            span,
        }
    }

    #[test]
    fn empty_and_blank_lines_have_no_tokens() {
        assert_eq!(tokenize("", 0), Ok(vec![]));
        assert_eq!(tokenize(" \t\u{a0} ", 0), Ok(vec![]));
    }

    #[test]
    fn splits_bare_words_on_any_whitespace() {
        assert_eq!(
            tokenize("a\tbc\u{a0}d", 0),
            Ok(vec![
                positional("a", 0..1),
                positional("bc", 2..4),
                positional("d", 6..7)
            ])
        );
    }

    #[test]
    fn starts_at_the_given_offset() {
        assert_eq!(tokenize("/ticket", 1), Ok(vec![positional("ticket", 1..7)]));
    }

    #[test]
    fn out_of_range_offset_gives_no_tokens() {
        assert_eq!(tokenize("abc", 10), Ok(vec![]));
        // Inside the two-byte `ă`: not a boundary, so nothing to read.
        assert_eq!(tokenize("ă", 1), Ok(vec![]));
    }

    #[test]
    fn a_value_in_single_quotes_is_refused_with_its_text() {
        assert_eq!(
            tokenize("title:'single quotes' x", 0),
            Err(TokenError::SingleQuoted {
                name: "title".into(),
                text: "single quotes".into(),
                span: 6..21
            })
        );
        assert_eq!(
            tokenize("title:‘one’", 0),
            Err(TokenError::SingleQuoted {
                name: "title".into(),
                text: "one".into(),
                span: 6..15
            })
        );
        assert!(matches!(
            tokenize("title:'open two", 0),
            Err(TokenError::SingleQuoted { text, .. }) if text == "open"
        ));
        // An apostrophe inside a word, or in double quotes, is just a character.
        assert!(tokenize("title:Dan's \"'90s\"", 0).is_ok());
    }

    #[test]
    fn named_values() {
        assert_eq!(
            tokenize("dept:it a:b:c", 0),
            Ok(vec![
                named("dept", Some(("it", 5..7)), 0..7),
                named("a", Some(("b:c", 10..13)), 8..13),
            ])
        );
    }

    #[test]
    fn name_with_nothing_after_the_colon_has_no_value() {
        assert_eq!(
            tokenize("title: x", 0),
            Ok(vec![named("title", None, 0..6), positional("x", 7..8)])
        );
        assert_eq!(tokenize("title:", 0), Ok(vec![named("title", None, 0..6)]));
    }

    #[test]
    fn implausible_prefixes_stay_positional() {
        assert_eq!(
            tokenize("10:30 :x ro@x:y", 0),
            Ok(vec![
                positional("10:30", 0..5),
                positional(":x", 6..8),
                positional("ro@x:y", 9..15),
            ])
        );
    }

    #[test]
    fn urls_look_like_names() {
        assert_eq!(
            tokenize("http://x", 0),
            Ok(vec![named("http", Some(("//x", 5..8)), 0..8)])
        );
    }

    #[test]
    fn plausible_names() {
        assert!(is_plausible_name("due_date-2"));
        assert!(is_plausible_name("Prio"));
        assert!(!is_plausible_name(""));
        assert!(!is_plausible_name("123"));
        assert!(!is_plausible_name("prioritäte"));
        assert!(!is_plausible_name("a b"));
    }

    #[test]
    fn quoted_value_keeps_whitespace_and_unescapes() {
        let line = r#"title:"Printer \"HP\" down \\ c:\temp""#;
        assert_eq!(
            tokenize(line, 0),
            Ok(vec![named(
                "title",
                Some((r#"Printer "HP" down \ c:\temp"#, 6..line.len())),
                0..line.len()
            )])
        );
    }

    #[test]
    fn quoted_positional_is_never_named() {
        assert_eq!(
            tokenize(r#""prio:high""#, 0),
            Ok(vec![positional("prio:high", 0..11)])
        );
    }

    #[test]
    fn empty_quotes_give_an_empty_value() {
        assert_eq!(
            tokenize(r#"title:"""#, 0),
            Ok(vec![named("title", Some(("", 6..8)), 0..8)])
        );
    }

    #[test]
    fn typographic_quotes() {
        // “ and ” are three bytes each, „ too.
        assert_eq!(
            tokenize("“a b” „c d” „e f\"", 0),
            Ok(vec![
                positional("a b", 0..9),
                positional("c d", 10..19),
                positional("e f", 20..27),
            ])
        );
    }

    #[test]
    fn typographic_closer_does_not_close_a_straight_quote() {
        assert_eq!(tokenize("\"a” b\"", 0), Ok(vec![positional("a” b", 0..8)]));
    }

    #[test]
    fn escaped_quote_inside_typographic_quotes() {
        assert_eq!(
            tokenize(r#"„a \" b”"#, 0),
            Ok(vec![positional("a \" b", 0..12)])
        );
    }

    #[test]
    fn unicode_and_emoji_values() {
        let line = "titlu:„Imprimanta nu merge 🖨️” șef:Ștefan";
        let tokens = tokenize(line, 0).unwrap();
        let Token::Named {
            value: Some(piece), ..
        } = &tokens[0]
        else {
            panic!("expected a named token, got {tokens:?}");
        };
        assert_eq!(piece.text, "Imprimanta nu merge 🖨️");
        // `șef` is not a plausible name, so the whole word is a value.
        let at = line.find("șef").unwrap();
        assert_eq!(tokens[1], positional("șef:Ștefan", at..line.len()));
        assert_eq!(&line[tokens[1].span()], "șef:Ștefan");
    }

    #[test]
    fn unbalanced_quote_spans_to_the_end_of_the_line() {
        assert_eq!(
            tokenize("a title:\"abc def   ", 0),
            Err(TokenError::UnbalancedQuote(8..16))
        );
        assert_eq!(tokenize("„", 0), Err(TokenError::UnbalancedQuote(0..3)));
    }

    #[test]
    fn escaped_closing_quote_leaves_the_string_open() {
        assert_eq!(
            tokenize(r#""abc\""#, 0),
            Err(TokenError::UnbalancedQuote(0..6))
        );
    }

    #[test]
    fn text_glued_to_a_closing_quote_is_an_error() {
        assert_eq!(
            tokenize(r#"x "a"bc d"#, 0),
            Err(TokenError::AfterQuote(5..7))
        );
    }

    #[test]
    fn quote_inside_a_bare_word_is_literal() {
        assert_eq!(
            tokenize(r#"it's 5" x"#, 0),
            Ok(vec![
                positional("it's", 0..4),
                positional("5\"", 5..7),
                positional("x", 8..9)
            ])
        );
    }
}
