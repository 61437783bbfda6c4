//! Parse errors, their Fluent messages, the caret excerpt and suggestions.
//!
//! Errors carry data, not sentences: `Msg::from` turns a [`ParseError`] into a
//! Fluent message (in `src/i18n/{en,ro}/grammar.ftl`) with its arguments, so that
//! the caller renders it in the user's language.

use strsim::damerau_levenshtein;

use super::{Localized, OptionKind, Span};
use crate::core::domain::text::{echo, ECHO_CHARS};
use crate::i18n::Msg;

/// Why a line could not be parsed, where (a byte span into `input`), and the
/// usage line of the command, once the command is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub span: Span,
    pub input: String,
    /// The usage line in English and in Romanian (Romanian names), for the reader's.
    pub usage: Option<Localized>,
    /// The command and subcommand the error is in (canonical names), once known: whose
    /// options the error's names are.
    pub command: Option<(String, Option<String>)>,
}

/// Option names are canonical (English) unless the option is unknown, in
/// which case `name` is as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    NotACommand,
    EmptyCommand,
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
    },
    MissingSubcommand {
        command: String,
        available: Vec<String>,
    },
    UnknownSubcommand {
        command: String,
        name: String,
        suggestion: Option<String>,
        available: Vec<String>,
    },
    UnknownOption {
        name: String,
        suggestion: Option<String>,
        available: Vec<String>,
    },
    RepeatedOption {
        name: String,
    },
    MissingOption {
        name: String,
    },
    MissingValue {
        name: String,
    },
    WrongType {
        name: String,
        expected: OptionKind,
        value: String,
    },
    InvalidChoice {
        name: String,
        value: String,
        choices: Vec<String>,
        /// The same choices as Romanian readers are shown them.
        ro_choices: Vec<String>,
        suggestion: Option<String>,
    },
    TooLong {
        name: String,
        max: usize,
        actual: usize,
    },
    TooShort {
        name: String,
        min: usize,
        actual: usize,
    },
    OutOfRange {
        name: String,
        min: Option<i64>,
        max: Option<i64>,
        value: i64,
    },
    UnbalancedQuote,
    /// `name:'text'`: single quotes do not group words.
    SingleQuote {
        name: String,
        text: String,
    },
    UnexpectedToken {
        token: String,
    },
}

/// The main sentence, in Fluent (see the module docs). Variants with and without a
/// suggestion use separate ids, so translations never have to test for an empty argument.
impl From<ParseError> for Msg {
    fn from(error: ParseError) -> Self {
        use ParseErrorKind::*;
        let list = |items: Vec<String>| items.join(", ");
        // Typed words are quoted back cut short: a pasted megabyte is not repeated.
        let typed = |text: String| echo(&text, ECHO_CHARS);
        match error.kind {
            NotACommand => Msg::new("grammar-not-a-command"),
            EmptyCommand => Msg::new("grammar-empty-command"),
            UnknownCommand {
                name,
                suggestion: None,
            } => Msg::new("grammar-unknown-command").arg("name", typed(name)),
            UnknownCommand {
                name,
                suggestion: Some(suggestion),
            } => Msg::new("grammar-unknown-command-suggestion")
                .arg("name", typed(name))
                .arg("suggestion", suggestion),
            MissingSubcommand { command, available } => Msg::new("grammar-missing-subcommand")
                .arg("command", typed(command))
                .arg("available", list(available)),
            UnknownSubcommand {
                command,
                name,
                suggestion: None,
                available,
            } => Msg::new("grammar-unknown-subcommand")
                .arg("command", typed(command))
                .arg("name", typed(name))
                .arg("available", list(available)),
            UnknownSubcommand {
                command,
                name,
                suggestion: Some(suggestion),
                ..
            } => Msg::new("grammar-unknown-subcommand-suggestion")
                .arg("command", typed(command))
                .arg("name", typed(name))
                .arg("suggestion", suggestion),
            UnknownOption {
                name,
                suggestion: Some(suggestion),
                ..
            } => Msg::new("grammar-unknown-option-suggestion")
                .arg("name", typed(name))
                .arg("suggestion", suggestion),
            // A command without options gets its own sentence rather than an
            // empty list of available options.
            UnknownOption {
                name, available, ..
            } if available.is_empty() => Msg::new("grammar-no-options").arg("name", typed(name)),
            UnknownOption {
                name, available, ..
            } => Msg::new("grammar-unknown-option")
                .arg("name", typed(name))
                .arg("available", list(available)),
            RepeatedOption { name } => Msg::new("grammar-repeated-option").arg("name", typed(name)),
            MissingOption { name } => Msg::new("grammar-missing-option").arg("name", typed(name)),
            MissingValue { name } => Msg::new("grammar-missing-value").arg("name", typed(name)),
            WrongType {
                name,
                expected,
                value,
            } => Msg::new("grammar-wrong-type")
                .arg("name", typed(name))
                .arg("expected", expected.as_str())
                .arg("value", typed(value)),
            InvalidChoice {
                name,
                value,
                choices,
                suggestion: None,
                ..
            } => Msg::new("grammar-invalid-choice")
                .arg("name", typed(name))
                .arg("value", typed(value))
                .arg("choices", list(choices)),
            InvalidChoice {
                name,
                value,
                choices,
                suggestion: Some(suggestion),
                ..
            } => Msg::new("grammar-invalid-choice-suggestion")
                .arg("name", typed(name))
                .arg("value", typed(value))
                .arg("choices", list(choices))
                .arg("suggestion", suggestion),
            TooLong { name, max, actual } => Msg::new("grammar-too-long")
                .arg("name", typed(name))
                .arg("max", max.to_string())
                .arg("actual", actual.to_string()),
            TooShort { name, min, actual } => Msg::new("grammar-too-short")
                .arg("name", typed(name))
                .arg("min", min.to_string())
                .arg("actual", actual.to_string()),
            OutOfRange {
                name,
                min,
                max,
                value,
            } => out_of_range(name, min, max, value),
            UnbalancedQuote => Msg::new("grammar-unbalanced-quote"),
            SingleQuote { name, text } => Msg::new("grammar-single-quote")
                .arg("name", typed(name))
                .arg("text", typed(text)),
            UnexpectedToken { token } => {
                Msg::new("grammar-unexpected-token").arg("token", typed(token))
            }
        }
    }
}

impl ParseError {
    /// The input with a caret marker under the span; see [`excerpt`].
    pub fn excerpt(&self) -> (String, String) {
        excerpt(&self.input, &self.span)
    }
}

/// Longest excerpt, in characters: a longer line is cut around the span, `…` marking each
/// cut, so that a pasted megabyte cannot flood the reply.
const EXCERPT_CHARS: usize = 80;
/// How much of the line before the span a cut excerpt keeps.
const EXCERPT_LEAD: usize = 20;

/// The input (at most [`EXCERPT_CHARS`] of it, around the span) and, under it, `^` over
/// every shown character of the span (at least one, so that an empty span at the end of the
/// line still shows). Columns are counted in characters, and tabs are copied so that the
/// marker lines up in a terminal too. Never panics, even on a span that is out of range or
/// not on a character boundary.
pub fn excerpt(input: &str, span: &Span) -> (String, String) {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let span_start = chars.partition_point(|&(at, _)| at < span.start);
    let from = span_start
        .saturating_sub(EXCERPT_LEAD)
        .min(chars.len().saturating_sub(EXCERPT_CHARS));
    let to = (from + EXCERPT_CHARS).min(chars.len());
    let (mut line, mut marker) = (String::new(), String::new());
    if from > 0 {
        line.push('…');
        marker.push(' ');
    }
    let mut carets = 0;
    for &(at, c) in &chars[from..to] {
        line.push(c);
        if at < span.start {
            marker.push(if c == '\t' { '\t' } else { ' ' });
        } else if at < span.end {
            carets += 1;
        }
    }
    if to < chars.len() {
        line.push('…');
    }
    marker.push_str(&"^".repeat(carets.max(1)));
    (line, marker)
}

/// The out-of-range sentence that matches the bounds the option has.
fn out_of_range(name: String, min: Option<i64>, max: Option<i64>, value: i64) -> Msg {
    let msg = match (min, max) {
        (Some(min), Some(max)) => Msg::new("grammar-out-of-range-between")
            .arg("name", name)
            .arg("min", min.to_string())
            .arg("max", max.to_string()),
        (Some(min), None) => Msg::new("grammar-out-of-range-min")
            .arg("name", name)
            .arg("min", min.to_string()),
        (None, Some(max)) => Msg::new("grammar-out-of-range-max")
            .arg("name", name)
            .arg("max", max.to_string()),
        (None, None) => Msg::new("grammar-out-of-range").arg("name", name),
    };
    msg.arg("value", value.to_string())
}

/// The candidate closest to `input`, for "did you mean" hints.
///
/// Each candidate is a name with an optional alias; the suggestion is the
/// spelling that matched, so a Romanian typo gets the Romanian name. A
/// candidate is close when it is within a Damerau–Levenshtein distance of 2
/// (1 for inputs of up to 3 characters, where 2 edits would match almost
/// anything), ignoring case, or else when exactly one candidate and `input`
/// extend one another (`prio` → `priority`, `highest` → `high`).
pub(super) fn suggest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<String> {
    let input = input.to_lowercase();
    if input.is_empty() {
        return None;
    }
    let limit = if input.chars().count() <= 3 { 1 } else { 2 };
    let mut closest: Option<(usize, &str)> = None;
    let mut prefixed = Vec::new();
    for (name, alias) in candidates {
        let spellings = std::iter::once(name).chain(alias);
        for spelling in spellings.clone() {
            let distance = damerau_levenshtein(&input, &spelling.to_lowercase());
            if distance <= limit && closest.is_none_or(|(best, _)| distance < best) {
                closest = Some((distance, spelling));
            }
        }
        let is_prefix = |s: &&str| {
            let s = s.to_lowercase();
            s.starts_with(&input) || input.starts_with(&s)
        };
        if let Some(spelling) = spellings.into_iter().find(is_prefix) {
            prefixed.push(spelling);
        }
    }
    let unique_prefix = match prefixed.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    closest
        .map(|(_, spelling)| spelling)
        .or(unique_prefix)
        .map(str::to_string)
}

#[cfg(test)]
mod tests;
