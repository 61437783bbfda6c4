//! A command line written in one language's names, in another's: the examples of `/help`
//! as a Romanian reader should type them (`/tichet deschide … prioritate:ridicată`).

use super::catalogue::{Catalogue, Named, OptionKind, OptionSpec, Spelling};
use super::error::{ParseError, ParseErrorKind};
use super::tokenizer::{tokenize, Token};
use super::Span;

impl ParseError {
    /// The error as a reader who types in `spelling` should read it: the names of the
    /// command, its subcommands and options, and the choices offered, in that language
    /// (`` `/tichet` are nevoie de o subcomandă: deschide, arata, … ``). Names the catalogue
    /// does not know (what the person typed) stay as they are.
    pub fn respelled(mut self, catalogue: &Catalogue, spelling: Spelling) -> ParseError {
        let command = self
            .command
            .as_ref()
            .and_then(|(name, _)| catalogue.command(name));
        let sub = self.command.as_ref().and_then(|(_, sub)| {
            let sub = sub.as_deref()?;
            command?.subs.iter().find(|s| s.is_called(sub))
        });
        let options: &[OptionSpec] = match (sub, command) {
            (Some(sub), _) => &sub.options,
            (None, Some(command)) => &command.options,
            (None, None) => &[],
        };
        let option = |name: &mut String| {
            if let Some(option) = options.iter().find(|o| o.is_called(name)) {
                *name = spelling.of(option).to_string();
            }
        };
        let sub_name = |name: &mut String| {
            if let Some(sub) = command.and_then(|c| c.subs.iter().find(|s| s.is_called(name))) {
                *name = spelling.of(sub).to_string();
            }
        };
        let command_name = |name: &mut String| {
            if let Some(command) = catalogue.command(name) {
                *name = spelling.of(command).to_string();
            }
        };
        use ParseErrorKind::*;
        match &mut self.kind {
            UnknownCommand { suggestion, .. } => suggestion.iter_mut().for_each(command_name),
            MissingSubcommand { command, available } => {
                command_name(command);
                available.iter_mut().for_each(sub_name);
            }
            UnknownSubcommand {
                command,
                suggestion,
                available,
                ..
            } => {
                command_name(command);
                suggestion.iter_mut().for_each(sub_name);
                available.iter_mut().for_each(sub_name);
            }
            UnknownOption {
                suggestion,
                available,
                ..
            } => {
                suggestion.iter_mut().for_each(option);
                available.iter_mut().for_each(option);
            }
            InvalidChoice {
                name,
                choices,
                ro_choices,
                suggestion,
                ..
            } => {
                if spelling == Spelling::Romanian {
                    std::mem::swap(choices, ro_choices);
                }
                if let Some(spec) = options.iter().find(|o| o.is_called(name)) {
                    if let Some(typed) = suggestion.as_mut() {
                        if let Some(choice) = choice_in(spec, typed, spelling) {
                            *typed = choice.to_string();
                        }
                    }
                }
                option(name);
            }
            RepeatedOption { name }
            | MissingOption { name }
            | MissingValue { name }
            | WrongType { name, .. }
            | TooLong { name, .. }
            | TooShort { name, .. }
            | OutOfRange { name, .. }
            | SingleQuote { name, .. } => option(name),
            NotACommand | EmptyCommand | UnbalancedQuote | UnexpectedToken { .. } => {}
        }
        self
    }
}

impl Catalogue {
    /// `line` with its command, subcommand, option names and choice values in `spelling`.
    /// Values, quoting and spacing stay as written; a line that does not parse as far as
    /// its command comes back unchanged.
    pub fn respell(&self, line: &str, spelling: Spelling) -> String {
        let Some(slash) = line.find('/') else {
            return line.to_string();
        };
        let Ok(tokens) = tokenize(line, slash + 1) else {
            return line.to_string();
        };
        let mut tokens = tokens.into_iter();
        let Some(Token::Positional(word)) = tokens.next() else {
            return line.to_string();
        };
        let Some(command) = self.command(&word.text) else {
            return line.to_string();
        };
        let mut edits: Vec<(Span, String)> = vec![(word.span, spelling.of(command).into())];
        let mut options = &command.options;
        if !command.subs.is_empty() {
            let sub = match tokens.next() {
                Some(Token::Positional(word)) => command
                    .subs
                    .iter()
                    .find(|s| s.is_called(&word.text))
                    .map(|sub| (word.span, sub)),
                _ => None,
            };
            let Some((span, sub)) = sub else {
                return line.to_string();
            };
            edits.push((span, spelling.of(sub).into()));
            options = &sub.options;
        }
        for token in tokens {
            let Token::Named { name, value, span } = token else {
                continue;
            };
            let Some(option) = options.iter().find(|o| o.is_called(name)) else {
                continue;
            };
            edits.push((
                span.start..span.start + name.len(),
                spelling.of(option).into(),
            ));
            if let Some(value) = value {
                if let Some(choice) = choice_in(option, &value.text, spelling) {
                    edits.push((value.span, choice.to_string()));
                }
            }
        }
        let mut out = line.to_string();
        for (span, text) in edits.into_iter().rev() {
            out.replace_range(span, &text);
        }
        out
    }
}

/// The choice (or yes/no) `typed` names, spelled in `spelling`.
fn choice_in<'a>(option: &'a OptionSpec, typed: &str, spelling: Spelling) -> Option<&'a str> {
    if option.kind == OptionKind::Boolean {
        let yes = ["true", "yes", "da"].contains(&typed.to_lowercase().as_str());
        return Some(match (spelling, yes) {
            (Spelling::English, true) => "true",
            (Spelling::English, false) => "false",
            (Spelling::Romanian, true) => "da",
            (Spelling::Romanian, false) => "nu",
        });
    }
    if option.kind != OptionKind::Choice {
        return None;
    }
    let english = option.choice(typed)?;
    let at = option.choices.iter().position(|c| c == english)?;
    option.choices_in(spelling).get(at).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use crate::core::grammar::{builtin, Spelling};

    #[test]
    fn an_example_reads_in_romanian_names_and_keeps_its_values() {
        let ro = |line: &str| builtin().respell(line, Spelling::Romanian);
        assert_eq!(
            ro(r#"/ticket open dept:it title:"Printer down" priority:high"#),
            r#"/tichet deschide dept:it titlu:"Printer down" prioritate:ridicată"#
        );
        assert_eq!(ro("/ticket show IT-1"), "/tichet arata IT-1");
        assert_eq!(
            ro("/ticket list dept:it status:waiting"),
            "/tichet lista dept:it stare:în-așteptare"
        );
        assert_eq!(ro("/approval approve id:A-1"), "/aprobare aproba id:A-1");
        assert_eq!(ro("/ticket list mine:true"), "/tichet lista ale-mele:da");
        // Already Romanian, or not a command: unchanged.
        assert_eq!(
            ro("/tichet deschide dept:hr titlu:\"Adeverință\" prioritate:low"),
            "/tichet deschide dept:hr titlu:\"Adeverință\" prioritate:scăzută"
        );
        assert_eq!(ro("/nosuch thing"), "/nosuch thing");
        assert_eq!(
            builtin().respell("/tichet arata IT-1", Spelling::English),
            "/ticket show IT-1"
        );
    }

    #[test]
    fn a_parse_error_names_what_its_reader_types() {
        use crate::core::grammar::{parse, ParseErrorKind};
        let catalogue = builtin();
        let error = |line: &str, spelling| {
            parse(catalogue, line)
                .unwrap_err()
                .respelled(catalogue, spelling)
                .kind
        };
        assert_eq!(
            error("/tichet deschide dept:acc", Spelling::Romanian),
            ParseErrorKind::MissingOption {
                name: "titlu".into()
            }
        );
        assert_eq!(
            error("/tichet deschide dept:acc", Spelling::English),
            ParseErrorKind::MissingOption {
                name: "title".into()
            }
        );
        let ParseErrorKind::MissingSubcommand { command, available } =
            error("/ticket", Spelling::Romanian)
        else {
            panic!("a missing subcommand");
        };
        assert_eq!(command, "tichet");
        assert_eq!(available[..2], ["deschide", "arata"]);
        let ParseErrorKind::InvalidChoice {
            name,
            choices,
            suggestion,
            ..
        } = error("/ticket open it x priority:urgnt", Spelling::Romanian)
        else {
            panic!("an invalid choice");
        };
        assert_eq!(name, "prioritate");
        assert_eq!(choices, ["scăzută", "normală", "ridicată", "urgentă"]);
        assert_eq!(suggestion.as_deref(), Some("urgentă"));
    }

    /// Every command a Romanian message names between backticks (`/tichet arata`, the
    /// hints of errors and DMs) is written as a Romanian reader types it; likewise English.
    #[test]
    fn messages_name_commands_as_their_readers_type_them() {
        let catalogue = builtin();
        let sources = [
            (Spelling::Romanian, &crate::i18n::RO_SOURCES),
            (Spelling::English, &crate::i18n::EN_SOURCES),
        ];
        for (spelling, files) in sources {
            for line in files.iter().flat_map(|f| f.lines()) {
                if line.starts_with('#') {
                    continue;
                }
                for (n, quoted) in line.split('`').enumerate() {
                    let names_a_command = n % 2 == 1
                        && quoted.starts_with('/')
                        && catalogue
                            .command(quoted[1..].split(' ').next().unwrap_or(""))
                            .is_some();
                    if names_a_command {
                        assert_eq!(catalogue.respell(quoted, spelling), quoted, "{line}");
                    }
                }
            }
        }
    }
}
