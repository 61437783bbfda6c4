//! Turns a tokenized line into an [`Invocation`], checking it against the
//! catalogue: which command and subcommand, which options, and whether every
//! value has the option's type.

use std::collections::BTreeMap;

use super::catalogue::{Catalogue, Named, OptionKind, OptionSpec};
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
    }
    .invocation()
}

struct Parser<'a> {
    catalogue: &'a Catalogue,
    line: &'a str,
    /// Attached to errors once the command (and sub) is known.
    usage: Option<String>,
}

#[allow(clippy::result_large_err)] // See `parse`.
impl<'a> Parser<'a> {
    fn fail(&self, kind: ParseErrorKind, span: Span) -> ParseError {
        ParseError {
            kind,
            span,
            input: self.line.to_string(),
            usage: self.usage.clone(),
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
        self.usage = self.catalogue.usage(&command.name, None);

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
        self.usage = self.catalogue.usage(&command.name, Some(&sub.name));
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
            let wanted = text.to_lowercase();
            match option.choices.iter().find(|c| c.to_lowercase() == wanted) {
                Some(choice) => Ok(Value::Choice(choice.clone())),
                None => Err(ParseErrorKind::InvalidChoice {
                    name: name(),
                    value: text.to_string(),
                    choices: option.choices.clone(),
                    suggestion: suggest(text, option.choices.iter().map(|c| (c.as_str(), None))),
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
mod tests {
    use super::super::catalogue::tests::catalogue;
    use super::*;
    use ParseErrorKind::*;

    fn ok(line: &str) -> Invocation {
        parse(&catalogue(), line).unwrap_or_else(|error| panic!("{line}: {error:?}"))
    }

    /// The error's kind and the text its span covers.
    fn fails(line: &str) -> (ParseErrorKind, &str) {
        let error = parse(&catalogue(), line).expect_err(line);
        assert_eq!(error.input, line);
        let covered = line
            .get(error.span.clone())
            .expect("span on char boundaries");
        (error.kind, covered)
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn full_ticket_line() {
        let call = ok(r#"/ticket open dept:it title:"Printer \"HP\"" priority:high"#);
        assert_eq!(call.command, "ticket");
        assert_eq!(call.sub.as_deref(), Some("open"));
        assert_eq!(call.args.text("dept"), Some("it"));
        assert_eq!(call.args.text("title"), Some("Printer \"HP\""));
        assert_eq!(call.args.choice("priority"), Some("high"));
        assert_eq!(
            call.args.names().collect::<Vec<_>>(),
            ["dept", "priority", "title"]
        );
    }

    #[test]
    fn spans_of_arguments() {
        let line = "/ticket open dept:it  title:abc";
        let call = ok(line);
        assert_eq!(&line[call.args.span("dept").unwrap()], "dept:it");
        assert_eq!(&line[call.args.span("title").unwrap()], "title:abc");
        assert_eq!(call.args.span("priority"), None);
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        let call = ok("  \t/whoami  \n");
        assert_eq!(call.command, "whoami");
        assert_eq!(call.args, Args::default());
    }

    #[test]
    fn romanian_aliases_for_command_sub_and_option() {
        let call = ok("/tichet deschide dept:it titlu:„Imprimanta” prioritate:urgent");
        assert_eq!(call.command, "ticket");
        assert_eq!(call.sub.as_deref(), Some("open"));
        assert_eq!(call.args.text("title"), Some("Imprimanta"));
        assert_eq!(call.args.choice("priority"), Some("urgent"));
    }

    #[test]
    fn names_and_choices_ignore_case() {
        let call = ok("/TICKET Open DEPT:it Title:abc PRIORITY:High");
        assert_eq!(call.sub.as_deref(), Some("open"));
        assert_eq!(call.args.text("dept"), Some("it"));
        assert_eq!(call.args.choice("priority"), Some("high"));
    }

    #[test]
    fn positionals_fill_required_options_in_order() {
        let call = ok(r#"/ticket open it "Printer down" priority:low"#);
        assert_eq!(call.args.text("dept"), Some("it"));
        assert_eq!(call.args.text("title"), Some("Printer down"));
    }

    #[test]
    fn positionals_skip_options_given_by_name() {
        let call = ok("/ticket open title:abc it");
        assert_eq!(call.args.text("dept"), Some("it"));
        assert_eq!(call.args.text("title"), Some("abc"));
    }

    #[test]
    fn positional_values_are_type_checked() {
        assert_eq!(ok("/ticket show it-4").args.id("id"), Some("IT-4"));
        assert_eq!(
            fails("/ticket show 4"),
            (
                WrongType {
                    name: "id".into(),
                    expected: OptionKind::Id,
                    value: "4".into()
                },
                "4"
            )
        );
    }

    #[test]
    fn quoted_token_may_start_a_positional() {
        let call = ok(r#"/ticket open "sales" “Ghișeu 🖨️”"#);
        assert_eq!(call.args.text("dept"), Some("sales"));
        assert_eq!(call.args.text("title"), Some("Ghișeu 🖨️"));
    }

    #[test]
    fn times_and_implausible_prefixes_are_values() {
        let call = ok("/ticket open 10:30 x@y:z");
        assert_eq!(call.args.text("dept"), Some("10:30"));
        assert_eq!(call.args.text("title"), Some("x@y:z"));
    }

    #[test]
    fn urls_must_be_quoted() {
        assert_eq!(
            fails("/ticket open it http://x"),
            (
                UnknownOption {
                    name: "http".into(),
                    suggestion: None,
                    available: strings(&[
                        "dept", "title", "priority", "assignee", "count", "notify", "parent"
                    ]),
                },
                "http"
            )
        );
        assert_eq!(
            ok(r#"/ticket open it "http://x""#).args.text("title"),
            Some("http://x")
        );
    }

    #[test]
    fn empty_quoted_text_is_kept() {
        let catalogue =
            Catalogue::from_sources(&[("help.toml", super::super::catalogue::tests::HELP)])
                .unwrap();
        let call = parse(&catalogue, r#"/help command:"""#).unwrap();
        assert_eq!(call.args.text("command"), Some(""));
    }

    #[test]
    fn mentions_are_lowercased_without_the_at() {
        let call = ok("/ticket open it abc assignee:@Alice.B");
        assert_eq!(call.args.user("assignee"), Some("alice.b"));
        let call = ok("/ticket open it abc responsabil:bob_2");
        assert_eq!(call.args.user("assignee"), Some("bob_2"));
    }

    #[test]
    fn bad_mentions() {
        for bad in ["@", "@@bob", "ana maria", "ștefan", &"a".repeat(33)] {
            let line = format!("/ticket open it abc assignee:\"{bad}\"");
            let error = parse(&catalogue(), &line).unwrap_err();
            assert_eq!(
                error.kind,
                WrongType {
                    name: "assignee".into(),
                    expected: OptionKind::User,
                    value: bad.into()
                },
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(
            ok("/ticket open it abc count:42").args.number("count"),
            Some(42)
        );
        let catalogue = Catalogue::from_sources(&[(
            "n.toml",
            "name = \"n\"\ndescription = { en = \"N\", ro = \"N\" }\n[[option]]\nname = \"v\"\n\
             type = \"number\"\nrequired = true\ndescription = { en = \"V\", ro = \"V\" }\n",
        )])
        .unwrap();
        assert_eq!(
            parse(&catalogue, "/n -3").unwrap().args.number("v"),
            Some(-3)
        );
        for bad in ["3.5", "1e3", "ten", "99999999999999999999"] {
            let error = parse(&catalogue, &format!("/n {bad}")).unwrap_err();
            assert_eq!(
                error.kind,
                WrongType {
                    name: "v".into(),
                    expected: OptionKind::Number,
                    value: bad.into()
                }
            );
            assert_eq!(error.span, 3..3 + bad.len());
        }
    }

    #[test]
    fn number_out_of_range() {
        assert_eq!(
            fails("/ticket open it abc count:101"),
            (
                OutOfRange {
                    name: "count".into(),
                    min: Some(1),
                    max: Some(100),
                    value: 101
                },
                "101"
            )
        );
        assert_eq!(
            fails("/ticket open it abc count:0").0,
            OutOfRange {
                name: "count".into(),
                min: Some(1),
                max: Some(100),
                value: 0
            }
        );
        assert_eq!(
            ok("/ticket open it abc count:100").args.number("count"),
            Some(100)
        );
    }

    #[test]
    fn booleans_in_english_and_romanian() {
        for (word, expected) in [
            ("true", true),
            ("YES", true),
            ("Da", true),
            ("1", true),
            ("false", false),
            ("no", false),
            ("NU", false),
            ("0", false),
        ] {
            let call = ok(&format!("/ticket open it abc notify:{word}"));
            assert_eq!(call.args.boolean("notify"), Some(expected), "{word}");
        }
        assert_eq!(
            fails("/ticket open it abc anunta:poate"),
            (
                WrongType {
                    name: "notify".into(),
                    expected: OptionKind::Boolean,
                    value: "poate".into()
                },
                "poate"
            )
        );
    }

    #[test]
    fn ids_are_uppercased() {
        assert_eq!(ok("/ticket show it-4").args.id("id"), Some("IT-4"));
        assert_eq!(ok("/ticket show Hr2-0042").args.id("id"), Some("HR2-0042"));
        for bad in ["IT4", "4-IT", "IT-", "-4", "IT-4a", "I_T-4", "IT-4-5"] {
            let line = format!("/ticket show {bad}");
            let error = parse(&catalogue(), &line).unwrap_err();
            assert_eq!(
                error.kind,
                WrongType {
                    name: "id".into(),
                    expected: OptionKind::Id,
                    value: bad.into()
                },
                "{bad}"
            );
        }
    }

    #[test]
    fn invalid_choice_with_suggestion() {
        assert_eq!(
            fails("/ticket open it abc priority:highest"),
            (
                InvalidChoice {
                    name: "priority".into(),
                    value: "highest".into(),
                    choices: strings(&["low", "normal", "high", "urgent"]),
                    suggestion: Some("high".into()),
                },
                "highest"
            )
        );
    }

    #[test]
    fn invalid_choice_without_suggestion() {
        let (kind, covered) = fails("/ticket open it abc priority:\"maybe later\"");
        assert_eq!(covered, "\"maybe later\"");
        assert!(
            matches!(
                kind,
                InvalidChoice {
                    suggestion: None,
                    ..
                }
            ),
            "{kind:?}"
        );
    }

    #[test]
    fn text_length_counts_characters() {
        // Twelve two-byte characters fit a twelve-character limit.
        assert_eq!(
            ok("/ticket open it ășțîâĂȘȚÎÂăș").args.text("title"),
            Some("ășțîâĂȘȚÎÂăș")
        );
        assert_eq!(
            fails("/ticket open it \"🙂🙂🙂🙂🙂🙂 🙂🙂🙂🙂🙂🙂\""),
            (
                TooLong {
                    name: "title".into(),
                    max: 12,
                    actual: 13
                },
                "\"🙂🙂🙂🙂🙂🙂 🙂🙂🙂🙂🙂🙂\""
            )
        );
        assert_eq!(
            fails("/ticket open it ab"),
            (
                TooShort {
                    name: "title".into(),
                    min: 3,
                    actual: 2
                },
                "ab"
            )
        );
    }

    #[test]
    fn not_a_command() {
        assert_eq!(fails("  ticket open"), (NotACommand, "ticket open"));
        assert_eq!(fails(""), (NotACommand, ""));
        assert_eq!(fails("   "), (NotACommand, ""));
        assert_eq!(fails("\"/ticket\""), (NotACommand, "\"/ticket\""));
    }

    #[test]
    fn empty_command() {
        assert_eq!(fails("/"), (EmptyCommand, "/"));
        assert_eq!(fails(" / ticket"), (EmptyCommand, "/"));
    }

    #[test]
    fn unknown_command_with_and_without_suggestion() {
        assert_eq!(
            fails("/tikcet open"),
            (
                UnknownCommand {
                    name: "tikcet".into(),
                    suggestion: Some("ticket".into())
                },
                "tikcet"
            )
        );
        assert_eq!(
            fails("/tichte"),
            (
                UnknownCommand {
                    name: "tichte".into(),
                    suggestion: Some("tichet".into())
                },
                "tichte"
            )
        );
        assert_eq!(
            fails("/deploy now"),
            (
                UnknownCommand {
                    name: "deploy".into(),
                    suggestion: None
                },
                "deploy"
            )
        );
    }

    #[test]
    fn unknown_command_has_no_usage() {
        assert_eq!(parse(&catalogue(), "/deploy").unwrap_err().usage, None);
    }

    #[test]
    fn missing_subcommand_points_at_the_end() {
        let error = parse(&catalogue(), "/ticket  ").unwrap_err();
        assert_eq!(
            error.kind,
            MissingSubcommand {
                command: "ticket".into(),
                available: strings(&["open", "show"])
            }
        );
        assert_eq!(error.span, 7..7);
        assert_eq!(error.usage.as_deref(), Some("/ticket open|show"));
    }

    #[test]
    fn named_option_in_place_of_the_subcommand() {
        let (kind, covered) = fails("/ticket dept:it");
        assert!(matches!(kind, MissingSubcommand { .. }), "{kind:?}");
        assert_eq!(covered, "dept:it");
    }

    #[test]
    fn unknown_subcommand() {
        assert_eq!(
            fails("/ticket opne dept:it"),
            (
                UnknownSubcommand {
                    command: "ticket".into(),
                    name: "opne".into(),
                    suggestion: Some("open".into()),
                    available: strings(&["open", "show"]),
                },
                "opne"
            )
        );
        let (kind, _) = fails("/ticket close");
        assert!(
            matches!(
                kind,
                UnknownSubcommand {
                    suggestion: None,
                    ..
                }
            ),
            "{kind:?}"
        );
    }

    #[test]
    fn unknown_option_suggests_the_closest_name() {
        let error = parse(&catalogue(), "/ticket open it abc prio:high").unwrap_err();
        assert!(
            matches!(&error.kind, UnknownOption { name, suggestion: Some(s), .. } if name == "prio" && s == "priority"),
            "{:?}",
            error.kind
        );
        assert_eq!(error.span, 20..24);
        assert_eq!(
            error.usage.as_deref(),
            catalogue().usage("ticket", Some("open")).as_deref()
        );
    }

    #[test]
    fn unknown_option_on_a_command_without_options() {
        assert_eq!(
            fails("/whoami verbose:yes"),
            (
                UnknownOption {
                    name: "verbose".into(),
                    suggestion: None,
                    available: vec![]
                },
                "verbose"
            )
        );
    }

    #[test]
    fn repeated_option_points_at_the_second_occurrence() {
        assert_eq!(
            fails("/ticket open dept:it titlu:abc title:def"),
            (
                RepeatedOption {
                    name: "title".into()
                },
                "title:def"
            )
        );
    }

    #[test]
    fn repeated_option_even_when_the_value_is_missing() {
        assert_eq!(
            fails("/ticket open dept:it dept:"),
            (
                RepeatedOption {
                    name: "dept".into()
                },
                "dept:"
            )
        );
    }

    #[test]
    fn missing_value() {
        assert_eq!(
            fails("/ticket open it title: abc"),
            (
                MissingValue {
                    name: "title".into()
                },
                "title:"
            )
        );
    }

    #[test]
    fn missing_option_points_at_the_end_of_the_line() {
        let line = "/ticket open it   ";
        let error = parse(&catalogue(), line).unwrap_err();
        assert_eq!(
            error.kind,
            MissingOption {
                name: "title".into()
            }
        );
        assert_eq!(error.span, 15..15);
        assert_eq!(error.excerpt().1, "               ^");
    }

    #[test]
    fn leftover_positionals_fill_free_optional_options_in_order() {
        let inv = ok("/help ticket");
        assert_eq!(inv.args.text("command"), Some("ticket"));
        assert_eq!(
            fails("/ticket open it abc priority:low @alice 3 yes IT-1 extra"),
            (
                UnexpectedToken {
                    token: "extra".into(),
                },
                "extra"
            )
        );
    }

    #[test]
    fn leftover_positional_without_options() {
        assert_eq!(
            fails("/whoami „me”"),
            (
                UnexpectedToken {
                    token: "„me”".into(),
                },
                "„me”"
            )
        );
    }

    #[test]
    fn unbalanced_quote_spans_to_the_end() {
        assert_eq!(
            fails("/ticket open it title:“Printer down  "),
            (UnbalancedQuote, "“Printer down")
        );
    }

    #[test]
    fn text_glued_to_a_closing_quote() {
        assert_eq!(
            fails(r#"/ticket open it title:"abc"def"#),
            (
                UnexpectedToken {
                    token: "def".into(),
                },
                "def"
            )
        );
    }

    #[test]
    fn errors_after_the_command_carry_its_usage() {
        let error = parse(&catalogue(), "/help x:y").unwrap_err();
        assert_eq!(error.usage.as_deref(), Some("/help [command:<text>]"));
    }

    #[test]
    fn args_for_the_discord_adapter() {
        let mut args = Args::default();
        args.insert("count", Value::Number(3));
        args.insert("notify", Value::Boolean(true));
        assert_eq!(args.number("count"), Some(3));
        assert_eq!(args.boolean("notify"), Some(true));
        assert_eq!(args.get("count"), Some(&Value::Number(3)));
        assert_eq!(args.span("count"), None);
        // Typed getters only answer for their own type.
        assert_eq!(args.text("count"), None);
        assert_eq!(args.user("count"), None);
        assert_eq!(args.choice("count"), None);
        assert_eq!(args.id("count"), None);
        assert_eq!(args.boolean("count"), None);
        assert_eq!(args.number("missing"), None);
    }

    #[test]
    fn catalogue_examples_parse() {
        let catalogue = catalogue();
        for example in catalogue.examples() {
            assert!(parse(&catalogue, example).is_ok(), "{example}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let catalogue = catalogue();
        let odd = [
            "/",
            "//",
            "/:",
            "/ticket :",
            "/ticket open :::",
            "/ticket open \\",
            "/ticket open \"\\",
            "/ticket open „",
            "/ticket open ”",
            "/ticket open \u{0}",
            "/🙂",
            "/ticket 🙂:🙂",
            "/ticket open a:b:c",
            "/ticket open -:-",
            "/ticket open it abc count:-",
            "/\u{a0}",
            "/ticket open it \"\" ",
            "/ticket\topen\tit\tabc",
        ];
        for line in odd {
            if let Err(error) = parse(&catalogue, line) {
                assert!(line.get(error.span.clone()).is_some(), "{line}: {error:?}");
                let _ = error.excerpt();
                let _ = error.message();
            }
        }
    }
}
