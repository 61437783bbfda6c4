//! Turns a tokenized line into an [`Invocation`], checking it against the
//! catalogue: which command and subcommand, which options, and whether every
//! value has the option's type.

use std::collections::BTreeMap;

use super::catalogue::{Catalogue, Localized, Named, OptionKind, OptionSpec, Spelling};
use super::error::{suggest, ParseError, ParseErrorKind};
use super::tokenizer::{tokenize, Piece, Token, TokenError};
use super::Span;

/// A typed option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A member handle, lowercased, without the `@`.
    User(String),
    Number(i64),
    Boolean(bool),
    /// The choice as the catalogue spells it.
    Choice(String),
    /// An id such as `IT-4`, uppercased.
    Id(String),
}

/// The options of an invocation, keyed by canonical (English) option name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// The span is where the option was written in a text line; `None` for
    /// values inserted by the Discord adapter, which has no line.
    values: BTreeMap<String, (Value, Option<Span>)>,
}

impl Args {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name).map(|(value, _)| value)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn user(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::User(user) => Some(user),
            _ => None,
        }
    }

    pub fn number(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Boolean(boolean) => Some(*boolean),
            _ => None,
        }
    }

    pub fn choice(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Choice(choice) => Some(choice),
            _ => None,
        }
    }

    pub fn id(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Id(id) => Some(id),
            _ => None,
        }
    }

    /// Where the option was written in the parsed line, for errors the domain
    /// finds later (an unknown department, a closed ticket).
    pub fn span(&self, name: &str) -> Option<Span> {
        self.values.get(name).and_then(|(_, span)| span.clone())
    }

    /// The names of the options given, in alphabetical order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// Sets an option that did not come from a text line (the Discord adapter
    /// builds `Args` from interaction options); it has no span.
    pub fn insert(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_string(), (value, None));
    }

    fn contains(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    fn insert_at(&mut self, name: &str, value: Value, span: Span) {
        self.values.insert(name.to_string(), (value, Some(span)));
    }
}

/// A parsed command line; names are canonical whatever language was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub command: String,
    pub sub: Option<String>,
    pub args: Args,
}

/// Parses one line of text (see the module documentation for the syntax).
// `ParseError` is deliberately flat (kind, span, input, usage) so callers can
// match on it directly; it is built at most once per rejected chat line, so
// the size of the `Err` variant costs nothing worth boxing for.
#[allow(clippy::result_large_err)]
pub fn parse(catalogue: &Catalogue, line: &str) -> Result<Invocation, ParseError> {
    Parser {
        catalogue,
        line,
        usage: None,
        command: None,
    }
    .invocation()
}

struct Parser<'a> {
    catalogue: &'a Catalogue,
    line: &'a str,
    /// Attached to errors once the command (and sub) is known.
    usage: Option<Localized>,
    command: Option<(String, Option<String>)>,
}

#[allow(clippy::result_large_err)] // See `parse`.
impl<'a> Parser<'a> {
    fn fail(&self, kind: ParseErrorKind, span: Span) -> ParseError {
        ParseError {
            kind,
            span,
            input: self.line.to_string(),
            usage: self.usage.clone(),
            command: self.command.clone(),
        }
    }

    /// The empty span just after the last non-blank character: where a missing
    /// piece would have to be typed.
    fn end(&self) -> Span {
        let end = self.line.trim_end().len();
        end..end
    }

    fn text(&self, span: Span) -> &'a str {
        self.line.get(span).unwrap_or_default()
    }

    fn invocation(mut self) -> Result<Invocation, ParseError> {
        let start = self.line.len() - self.line.trim_start().len();
        if !self.line.trim_start().starts_with('/') {
            let end = self.end().end.max(start);
            return Err(self.fail(ParseErrorKind::NotACommand, start..end));
        }
        let slash = start..start + 1;
        let tokens = tokenize(self.line, slash.end).map_err(|error| self.token_error(error))?;
        let mut tokens = tokens.into_iter();
        // The command name must touch the slash: `/ ticket` is a slash alone.
        let command_token = match tokens.next() {
            Some(token) if token.span().start == slash.end => token,
            _ => return Err(self.fail(ParseErrorKind::EmptyCommand, slash)),
        };
        let word = self.text(command_token.span());
        let Some(command) = self.catalogue.command(word) else {
            let suggestion = suggest(
                word,
                self.catalogue.commands().iter().map(|c| c.spellings()),
            );
            let kind = ParseErrorKind::UnknownCommand {
                name: word.to_string(),
                suggestion,
            };
            return Err(self.fail(kind, command_token.span()));
        };
        self.usage = self.catalogue.usages(&command.name, None);
        self.command = Some((command.name.clone(), None));

        if command.subs.is_empty() {
            let args = self.arguments(&command.options, tokens)?;
            return Ok(Invocation {
                command: command.name.clone(),
                sub: None,
                args,
            });
        }
        let available = || command.subs.iter().map(|s| s.name.clone()).collect();
        // A `name:value` where the sub should be means the sub was left out.
        let sub_token = match tokens.next() {
            Some(token @ Token::Positional(_)) => token,
            other => {
                let span = other.map_or_else(|| self.end(), |token| token.span());
                let kind = ParseErrorKind::MissingSubcommand {
                    command: command.name.clone(),
                    available: available(),
                };
                return Err(self.fail(kind, span));
            }
        };
        let word = self.text(sub_token.span());
        let Some(sub) = command.subs.iter().find(|s| s.is_called(word)) else {
            let kind = ParseErrorKind::UnknownSubcommand {
                command: command.name.clone(),
                name: word.to_string(),
                suggestion: suggest(word, command.subs.iter().map(|s| s.spellings())),
                available: available(),
            };
            return Err(self.fail(kind, sub_token.span()));
        };
        self.usage = self.catalogue.usages(&command.name, Some(&sub.name));
        self.command = Some((command.name.clone(), Some(sub.name.clone())));
        let args = self.arguments(&sub.options, tokens)?;
        Ok(Invocation {
            command: command.name.clone(),
            sub: Some(sub.name.clone()),
            args,
        })
    }

    fn token_error(&self, error: TokenError) -> ParseError {
        match error {
            TokenError::UnbalancedQuote(span) => self.fail(ParseErrorKind::UnbalancedQuote, span),
            TokenError::SingleQuoted { name, text, span } => {
                self.fail(ParseErrorKind::SingleQuote { name, text }, span)
            }
            TokenError::AfterQuote(span) => {
                let kind = ParseErrorKind::UnexpectedToken {
                    token: self.text(span.clone()).to_string(),
                };
                self.fail(kind, span)
            }
        }
    }

    /// Named options first, then positional values into the required options
    /// still missing, so that `title:x it` and `it title:x` mean the same.
    fn arguments(
        &self,
        options: &[OptionSpec],
        tokens: impl Iterator<Item = Token<'a>>,
    ) -> Result<Args, ParseError> {
        let mut args = Args::default();
        let mut positionals = Vec::new();
        for token in tokens {
            match token {
                Token::Positional(piece) => positionals.push(piece),
                Token::Named { name, value, span } => {
                    let option = self.option(options, name, span.start)?;
                    if args.contains(&option.name) {
                        let kind = ParseErrorKind::RepeatedOption {
                            name: option.name.clone(),
                        };
                        return Err(self.fail(kind, span));
                    }
                    let Some(value) = value else {
                        let kind = ParseErrorKind::MissingValue {
                            name: option.name.clone(),
                        };
                        return Err(self.fail(kind, span));
                    };
                    args.insert_at(&option.name, self.value(option, &value)?, span);
                }
            }
        }
        let mut positionals = positionals.into_iter();
        for option in options.iter().filter(|o| o.required) {
            if args.contains(&option.name) {
                continue;
            }
            let Some(piece) = positionals.next() else {
                let kind = ParseErrorKind::MissingOption {
                    name: option.name.clone(),
                };
                return Err(self.fail(kind, self.end()));
            };
            args.insert_at(&option.name, self.value(option, &piece)?, piece.span);
        }
        // Values left over fill the optional options still free, in catalogue order, so
        // that `/help ticket` and `/ticket list it` read naturally.
        for option in options.iter().filter(|o| !o.required) {
            if args.contains(&option.name) {
                continue;
            }
            let Some(piece) = positionals.next() else {
                break;
            };
            args.insert_at(&option.name, self.value(option, &piece)?, piece.span);
        }
        if let Some(extra) = positionals.next() {
            let kind = ParseErrorKind::UnexpectedToken {
                token: self.text(extra.span.clone()).to_string(),
            };
            return Err(self.fail(kind, extra.span));
        }
        Ok(args)
    }

    /// The option called `name`, which starts at byte `at`.
    fn option(
        &self,
        options: &'a [OptionSpec],
        name: &str,
        at: usize,
    ) -> Result<&'a OptionSpec, ParseError> {
        options.iter().find(|o| o.is_called(name)).ok_or_else(|| {
            let kind = ParseErrorKind::UnknownOption {
                name: name.to_string(),
                suggestion: suggest(name, options.iter().map(|o| o.spellings())),
                available: options.iter().map(|o| o.name.clone()).collect(),
            };
            self.fail(kind, at..at + name.len())
        })
    }

    /// Checks `piece` against the option's type and limits.
    fn value(&self, option: &OptionSpec, piece: &Piece) -> Result<Value, ParseError> {
        value(option, &piece.text).map_err(|kind| self.fail(kind, piece.span.clone()))
    }
}

fn value(option: &OptionSpec, text: &str) -> Result<Value, ParseErrorKind> {
    let name = || option.name.clone();
    let wrong_type = || ParseErrorKind::WrongType {
        name: name(),
        expected: option.kind,
        value: text.to_string(),
    };
    match option.kind {
        OptionKind::Text => {
            let actual = text.chars().count();
            if let Some(max) = option.max_length.filter(|&max| actual > max) {
                return Err(ParseErrorKind::TooLong {
                    name: name(),
                    max,
                    actual,
                });
            }
            if let Some(min) = option.min_length.filter(|&min| actual < min) {
                return Err(ParseErrorKind::TooShort {
                    name: name(),
                    min,
                    actual,
                });
            }
            Ok(Value::Text(text.to_string()))
        }
        OptionKind::User => {
            let handle = text.strip_prefix('@').unwrap_or(text).to_lowercase();
            if is_handle(&handle) {
                Ok(Value::User(handle))
            } else {
                Err(wrong_type())
            }
        }
        OptionKind::Number => {
            let number: i64 = text.parse().map_err(|_| wrong_type())?;
            let below = option.min.is_some_and(|min| number < min);
            let above = option.max.is_some_and(|max| number > max);
            if below || above {
                return Err(ParseErrorKind::OutOfRange {
                    name: name(),
                    min: option.min,
                    max: option.max,
                    value: number,
                });
            }
            Ok(Value::Number(number))
        }
        OptionKind::Boolean => match text.to_lowercase().as_str() {
            "true" | "yes" | "da" | "1" => Ok(Value::Boolean(true)),
            "false" | "no" | "nu" | "0" => Ok(Value::Boolean(false)),
            _ => Err(wrong_type()),
        },
        OptionKind::Choice => {
            match option.choice(text) {
                Some(choice) => Ok(Value::Choice(choice.to_string())),
                None => Err(ParseErrorKind::InvalidChoice {
                    name: name(),
                    value: text.to_string(),
                    choices: option.choices.clone(),
                    ro_choices: option.choices_in(Spelling::Romanian).to_vec(),
                    suggestion: suggest(
                        text,
                        option.choices.iter().enumerate().map(|(n, c)| {
                            (c.as_str(), option.ro_choices.get(n).map(String::as_str))
                        }),
                    ),
                }),
            }
        }
        OptionKind::Id => {
            if is_id(text) {
                Ok(Value::Id(text.to_ascii_uppercase()))
            } else {
                Err(wrong_type())
            }
        }
    }
}

/// `^[a-z0-9._-]{1,32}$`, the shape of a member handle.
fn is_handle(handle: &str) -> bool {
    (1..=32).contains(&handle.len())
        && handle.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// `^[A-Za-z][A-Za-z0-9]*-[0-9]+$`: a department prefix and a number.
fn is_id(id: &str) -> bool {
    let Some((prefix, number)) = id.split_once('-') else {
        return false;
    };
    prefix.starts_with(|c: char| c.is_ascii_alphabetic())
        && prefix.chars().all(|c| c.is_ascii_alphanumeric())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests;
