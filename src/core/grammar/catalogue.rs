//! The command catalogue: one TOML file per top-level command.
//!
//! The catalogue is the single description of every command, from which the
//! text parser, the Discord registration and the help text are all derived.
//! Loading it checks every rule Discord would otherwise reject at
//! registration time (names, description lengths, option order, choices), so
//! that a bad file fails at startup with its file and item named.

use std::collections::HashSet;

use serde::Deserialize;

use super::parse::parse;

/// Discord's limit on descriptions and choice names, in characters.
const MAX_DESCRIPTION: usize = 100;
/// Discord's limit on the number of choices of one option.
const MAX_CHOICES: usize = 25;
/// Discord's limit on the length of a command, subcommand or option name.
const MAX_NAME: usize = 32;

/// A text in both languages the bot speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub ro: String,
}

/// The type of an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptionKind {
    Text,
    User,
    Number,
    Boolean,
    Choice,
    Id,
}

impl OptionKind {
    /// The spelling used in the catalogue (`type = "…"`), which is also the
    /// selector key of `$expected` in the `grammar-wrong-type` message.
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Text => "text",
            OptionKind::User => "user",
            OptionKind::Number => "number",
            OptionKind::Boolean => "boolean",
            OptionKind::Choice => "choice",
            OptionKind::Id => "id",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    pub name: String,
    #[serde(default)]
    pub ro_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: OptionKind,
    #[serde(default)]
    pub required: bool,
    pub description: Localized,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    /// The kind of object whose id the option takes (`ticket`, `task`, `department`, …), so
    /// that a chat client can suggest ids of that kind as the person types.
    #[serde(default)]
    pub object: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubSpec {
    pub name: String,
    #[serde(default)]
    pub ro_name: Option<String>,
    pub description: Localized,
    #[serde(default, rename = "option")]
    pub options: Vec<OptionSpec>,
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    pub name: String,
    #[serde(default)]
    pub ro_name: Option<String>,
    pub description: Localized,
    #[serde(default, rename = "option")]
    pub options: Vec<OptionSpec>,
    #[serde(default, rename = "sub")]
    pub subs: Vec<SubSpec>,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// Something that users call by an English name or a Romanian alias.
pub(super) trait Named {
    fn name(&self) -> &str;
    fn ro_name(&self) -> Option<&str>;

    /// Whether `word` names this item. Catalogue names are ASCII (validated on
    /// load), so ASCII case folding is enough.
    fn is_called(&self, word: &str) -> bool {
        self.name().eq_ignore_ascii_case(word)
            || self
                .ro_name()
                .is_some_and(|ro| ro.eq_ignore_ascii_case(word))
    }

    /// Both spellings, for suggestions.
    fn spellings(&self) -> (&str, Option<&str>) {
        (self.name(), self.ro_name())
    }
}

macro_rules! impl_named {
    ($($ty:ty),*) => {$(
        impl Named for $ty {
            fn name(&self) -> &str {
                &self.name
            }
            fn ro_name(&self) -> Option<&str> {
                self.ro_name.as_deref()
            }
        }
    )*};
}

impl_named!(CommandSpec, SubSpec, OptionSpec);

/// Why a catalogue could not be loaded. Meant for the operator's log, not for
/// chat users, so it is English only.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: invalid TOML: {source}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: `{item}`: {problem}")]
    Invalid {
        file: String,
        /// The command path, e.g. `ticket open dept`.
        item: String,
        problem: CatalogueProblem,
    },
}

/// The rule a catalogue item breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueProblem {
    #[error("name `{0}` must match ^[a-z0-9_-]{{1,32}}$")]
    BadName(String),
    #[error("the {lang} description must have 1 to 100 characters, not {len}")]
    BadDescription { lang: &'static str, len: usize },
    #[error("the name `{0}` is used twice (names and ro_names must all differ)")]
    Duplicate(String),
    #[error("a command has either options or subcommands, not both")]
    OptionsAndSubs,
    #[error("required option `{0}` comes after an optional one")]
    RequiredAfterOptional(String),
    #[error("type = \"choice\" needs a non-empty `choices` list")]
    MissingChoices,
    #[error("`choices` is only allowed with type = \"choice\"")]
    UnexpectedChoices,
    #[error("at most 25 choices are allowed, not {0}")]
    TooManyChoices(usize),
    #[error("choice `{0}` must have 1 to 100 characters")]
    BadChoice(String),
    #[error("choice `{0}` is listed twice (choices match case-insensitively)")]
    DuplicateChoice(String),
    #[error("`min_length` and `max_length` are only allowed with type = \"text\"")]
    LengthOnNonText,
    #[error("`min` and `max` are only allowed with type = \"number\"")]
    RangeOnNonNumber,
    #[error("the minimum is greater than the maximum")]
    EmptyRange,
    #[error("example `{example}` does not parse: {reason}")]
    BadExample { example: String, reason: String },
}

/// Every command, in the order of the files it was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    commands: Vec<CommandSpec>,
}

impl Catalogue {
    /// Loads and validates one TOML text per command; `sources` pairs each
    /// text with its file name, which errors name.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, CatalogueError> {
        let mut catalogue = Catalogue {
            commands: Vec::with_capacity(sources.len()),
        };
        let mut taken = Names::default();
        for &(file, text) in sources {
            let command: CommandSpec =
                toml::from_str(text).map_err(|source| CatalogueError::Toml {
                    file: file.to_string(),
                    source,
                })?;
            let check = Check { file };
            check.command(&command)?;
            taken
                .add(&command)
                .map_err(|problem| check.fail(&command.name, problem))?;
            catalogue.commands.push(command);
        }
        // Examples are checked last because parsing needs the whole catalogue.
        for (command, &(file, _)) in catalogue.commands.iter().zip(sources) {
            Check { file }.examples(&catalogue, command)?;
        }
        Ok(catalogue)
    }

    pub fn commands(&self) -> &[CommandSpec] {
        &self.commands
    }

    /// Finds a command by name or Romanian alias, ignoring case.
    pub fn command(&self, name: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.is_called(name))
    }

    /// The one-line usage of a command, or of one of its subcommands, e.g.
    /// `/ticket open dept:<text> [priority:low|normal|high|urgent]`. A command
    /// with subcommands and no `sub` lists them: `/ticket open|show`. `None`
    /// if the command or subcommand does not exist.
    pub fn usage(&self, command: &str, sub: Option<&str>) -> Option<String> {
        let spec = self.command(command)?;
        let (path, options) = match sub {
            Some(sub) => {
                let sub = spec.subs.iter().find(|s| s.is_called(sub))?;
                (format!("/{} {}", spec.name, sub.name), &sub.options)
            }
            None if !spec.subs.is_empty() => {
                let subs: Vec<&str> = spec.subs.iter().map(|s| s.name.as_str()).collect();
                return Some(format!("/{} {}", spec.name, subs.join("|")));
            }
            None => (format!("/{}", spec.name), &spec.options),
        };
        Some(options.iter().fold(path, |mut line, option| {
            line.push(' ');
            line.push_str(&option_usage(option));
            line
        }))
    }

    /// Every example of every command and subcommand, in catalogue order.
    pub fn examples(&self) -> impl Iterator<Item = &str> {
        self.commands.iter().flat_map(|command| {
            command
                .examples
                .iter()
                .chain(command.subs.iter().flat_map(|sub| &sub.examples))
                .map(String::as_str)
        })
    }
}

/// `name:<kind>`, in brackets when optional.
fn option_usage(option: &OptionSpec) -> String {
    let value = match option.kind {
        OptionKind::Text => "<text>".to_string(),
        OptionKind::User => "@member".to_string(),
        OptionKind::Number => "<number>".to_string(),
        OptionKind::Boolean => "<yes|no>".to_string(),
        OptionKind::Choice => option.choices.join("|"),
        OptionKind::Id => "<id>".to_string(),
    };
    if option.required {
        format!("{}:{value}", option.name)
    } else {
        format!("[{}:{value}]", option.name)
    }
}

/// The spellings already used in one scope (commands, the subs of a command,
/// or the options of a command or sub).
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn add(&mut self, item: &impl Named) -> Result<(), CatalogueProblem> {
        let (name, ro_name) = item.spellings();
        // An alias equal to the name (`dept` in both languages) is no clash.
        let alias = ro_name.filter(|ro| *ro != name);
        for spelling in std::iter::once(name).chain(alias) {
            if !self.0.insert(spelling.to_string()) {
                return Err(CatalogueProblem::Duplicate(spelling.to_string()));
            }
        }
        Ok(())
    }
}

/// Validation of the items of one file.
struct Check<'a> {
    file: &'a str,
}

impl Check<'_> {
    fn fail(&self, item: &str, problem: CatalogueProblem) -> CatalogueError {
        CatalogueError::Invalid {
            file: self.file.to_string(),
            item: item.to_string(),
            problem,
        }
    }

    fn command(&self, command: &CommandSpec) -> Result<(), CatalogueError> {
        let item = &command.name;
        self.named(item, command, &command.description)?;
        if !command.options.is_empty() && !command.subs.is_empty() {
            return Err(self.fail(item, CatalogueProblem::OptionsAndSubs));
        }
        self.options(item, &command.options)?;
        let mut taken = Names::default();
        for sub in &command.subs {
            let item = format!("{} {}", command.name, sub.name);
            self.named(&item, sub, &sub.description)?;
            taken
                .add(sub)
                .map_err(|problem| self.fail(&item, problem))?;
            self.options(&item, &sub.options)?;
        }
        Ok(())
    }

    fn options(&self, parent: &str, options: &[OptionSpec]) -> Result<(), CatalogueError> {
        let mut taken = Names::default();
        let mut seen_optional = false;
        for option in options {
            let item = format!("{parent} {}", option.name);
            self.named(&item, option, &option.description)?;
            taken
                .add(option)
                .map_err(|problem| self.fail(&item, problem))?;
            // Discord rejects a command whose required options follow an
            // optional one, and positional filling relies on the order too.
            if option.required && seen_optional {
                let problem = CatalogueProblem::RequiredAfterOptional(option.name.clone());
                return Err(self.fail(&item, problem));
            }
            seen_optional |= !option.required;
            option_problem(option).map_or(Ok(()), |problem| Err(self.fail(&item, problem)))?;
        }
        Ok(())
    }

    /// The rules shared by commands, subs and options.
    fn named(
        &self,
        item: &str,
        named: &impl Named,
        description: &Localized,
    ) -> Result<(), CatalogueError> {
        let (name, ro_name) = named.spellings();
        for spelling in std::iter::once(name).chain(ro_name) {
            if !is_valid_name(spelling) {
                let problem = CatalogueProblem::BadName(spelling.to_string());
                return Err(self.fail(item, problem));
            }
        }
        for (lang, text) in [("en", &description.en), ("ro", &description.ro)] {
            let len = text.chars().count();
            if text.trim().is_empty() || len > MAX_DESCRIPTION {
                let problem = CatalogueProblem::BadDescription { lang, len };
                return Err(self.fail(item, problem));
            }
        }
        Ok(())
    }

    /// Every example must parse, and as the command or sub it documents, so
    /// that help never shows a line the parser would reject.
    fn examples(&self, catalogue: &Catalogue, command: &CommandSpec) -> Result<(), CatalogueError> {
        let top = command
            .examples
            .iter()
            .map(|e| (command.name.clone(), None, e));
        let subs = command.subs.iter().flat_map(|sub| {
            let item = format!("{} {}", command.name, sub.name);
            sub.examples
                .iter()
                .map(move |e| (item.clone(), Some(sub.name.as_str()), e))
        });
        for (item, sub, example) in top.chain(subs) {
            let reason = match parse(catalogue, example) {
                Err(error) => error.message().0.to_string(),
                Ok(call) if call.command != command.name || call.sub.as_deref() != sub => {
                    let path = std::iter::once(call.command.as_str()).chain(call.sub.as_deref());
                    format!("it calls `/{}`", path.collect::<Vec<_>>().join(" "))
                }
                Ok(_) => continue,
            };
            let problem = CatalogueProblem::BadExample {
                example: example.clone(),
                reason,
            };
            return Err(self.fail(&item, problem));
        }
        Ok(())
    }
}

/// Discord's rule for command, subcommand and option names, restricted to
/// ASCII so that the text parser can match them case-insensitively.
fn is_valid_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The first type-specific rule that `option` breaks, if any.
fn option_problem(option: &OptionSpec) -> Option<CatalogueProblem> {
    let is_choice = option.kind == OptionKind::Choice;
    if is_choice && option.choices.is_empty() {
        return Some(CatalogueProblem::MissingChoices);
    }
    if !is_choice && !option.choices.is_empty() {
        return Some(CatalogueProblem::UnexpectedChoices);
    }
    if option.choices.len() > MAX_CHOICES {
        return Some(CatalogueProblem::TooManyChoices(option.choices.len()));
    }
    let mut seen = HashSet::new();
    for choice in &option.choices {
        if !(1..=MAX_DESCRIPTION).contains(&choice.chars().count()) {
            return Some(CatalogueProblem::BadChoice(choice.clone()));
        }
        if !seen.insert(choice.to_lowercase()) {
            return Some(CatalogueProblem::DuplicateChoice(choice.clone()));
        }
    }
    let has_length = option.min_length.is_some() || option.max_length.is_some();
    if has_length && option.kind != OptionKind::Text {
        return Some(CatalogueProblem::LengthOnNonText);
    }
    let has_range = option.min.is_some() || option.max.is_some();
    if has_range && option.kind != OptionKind::Number {
        return Some(CatalogueProblem::RangeOnNonNumber);
    }
    let empty_length =
        matches!((option.min_length, option.max_length), (Some(a), Some(b)) if a > b);
    let empty_range = matches!((option.min, option.max), (Some(a), Some(b)) if a > b);
    (empty_length || empty_range).then_some(CatalogueProblem::EmptyRange)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A catalogue shaped like the real one, shared by the parser's tests.
    pub(in super::super) const TICKET: &str = r#"
name = "ticket"
ro_name = "tichet"
description = { en = "Open and work tickets", ro = "Deschide și lucrează tichete" }

[[sub]]
name = "open"
ro_name = "deschide"
description = { en = "Open a new ticket", ro = "Deschide un tichet nou" }
examples = ['/ticket open dept:it title:"Printer down" priority:high']

[[sub.option]]
name = "dept"
type = "text"
required = true
description = { en = "Department key, e.g. it", ro = "Cheia departamentului, de ex. it" }
max_length = 20

[[sub.option]]
name = "title"
ro_name = "titlu"
type = "text"
required = true
description = { en = "Short title", ro = "Titlu scurt" }
min_length = 3
max_length = 12

[[sub.option]]
name = "priority"
ro_name = "prioritate"
type = "choice"
description = { en = "How urgent", ro = "Cât de urgent" }
choices = ["low", "normal", "high", "urgent"]

[[sub.option]]
name = "assignee"
ro_name = "responsabil"
type = "user"
description = { en = "Who works on it", ro = "Cine se ocupă" }

[[sub.option]]
name = "count"
type = "number"
description = { en = "How many", ro = "Câte" }
min = 1
max = 100

[[sub.option]]
name = "notify"
ro_name = "anunta"
type = "boolean"
description = { en = "Notify the team", ro = "Anunță echipa" }

[[sub.option]]
name = "parent"
type = "id"
description = { en = "Parent ticket", ro = "Tichetul părinte" }

[[sub]]
name = "show"
ro_name = "arata"
description = { en = "Show a ticket", ro = "Arată un tichet" }
examples = ["/tichet arata IT-4"]

[[sub.option]]
name = "id"
type = "id"
required = true
description = { en = "Ticket id", ro = "Identificatorul tichetului" }
"#;

    pub(in super::super) const HELP: &str = r#"
name = "help"
ro_name = "ajutor"
description = { en = "Show help", ro = "Arată ajutorul" }
examples = ["/help", "/help command:ticket"]

[[option]]
name = "command"
ro_name = "comanda"
type = "text"
description = { en = "A command", ro = "O comandă" }
"#;

    pub(in super::super) const WHOAMI: &str = r#"
name = "whoami"
description = { en = "Who am I", ro = "Cine sunt eu" }
"#;

    pub(in super::super) fn catalogue() -> Catalogue {
        Catalogue::from_sources(&[
            ("ticket.toml", TICKET),
            ("help.toml", HELP),
            ("whoami.toml", WHOAMI),
        ])
        .unwrap()
    }

    /// The problem reported for a single-file catalogue.
    fn problem(text: &str) -> (String, CatalogueProblem) {
        match Catalogue::from_sources(&[("x.toml", text)]) {
            Err(CatalogueError::Invalid {
                file,
                item,
                problem,
            }) => {
                assert_eq!(file, "x.toml");
                (item, problem)
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    /// A one-option command with `extra` added to the option table.
    fn with_option(extra: &str) -> String {
        format!(
            "name = \"x\"\ndescription = {{ en = \"X\", ro = \"X\" }}\n[[option]]\nname = \"o\"\n\
             description = {{ en = \"O\", ro = \"O\" }}\n{extra}\n"
        )
    }

    #[test]
    fn loads_in_file_order() {
        let names: Vec<_> = catalogue()
            .commands()
            .iter()
            .map(|c| c.name.clone())
            .collect();
        assert_eq!(names, ["ticket", "help", "whoami"]);
    }

    #[test]
    fn reads_every_field() {
        let catalogue = catalogue();
        let open = &catalogue.command("ticket").unwrap().subs[0];
        assert_eq!(open.ro_name.as_deref(), Some("deschide"));
        assert_eq!(open.description.ro, "Deschide un tichet nou");
        let title = &open.options[1];
        assert_eq!(title.kind, OptionKind::Text);
        assert!(title.required);
        assert_eq!((title.min_length, title.max_length), (Some(3), Some(12)));
        let count = &open.options[4];
        assert_eq!((count.min, count.max), (Some(1), Some(100)));
        assert!(!count.required);
        assert_eq!(open.options[2].choices, ["low", "normal", "high", "urgent"]);
    }

    #[test]
    fn finds_commands_by_name_or_alias_ignoring_case() {
        let catalogue = catalogue();
        assert_eq!(catalogue.command("TICKET").unwrap().name, "ticket");
        assert_eq!(catalogue.command("Tichet").unwrap().name, "ticket");
        assert_eq!(catalogue.command("ajutor").unwrap().name, "help");
        assert!(catalogue.command("tick").is_none());
    }

    #[test]
    fn usage_of_a_sub() {
        assert_eq!(
            catalogue().usage("ticket", Some("open")).as_deref(),
            Some(
                "/ticket open dept:<text> title:<text> [priority:low|normal|high|urgent] \
                 [assignee:@member] [count:<number>] [notify:<yes|no>] [parent:<id>]"
            )
        );
    }

    #[test]
    fn usage_by_aliases_uses_canonical_names() {
        assert_eq!(
            catalogue().usage("tichet", Some("ARATA")).as_deref(),
            Some("/ticket show id:<id>")
        );
    }

    #[test]
    fn usage_lists_subs_when_none_is_given() {
        assert_eq!(
            catalogue().usage("ticket", None).as_deref(),
            Some("/ticket open|show")
        );
    }

    #[test]
    fn usage_of_commands_without_subs() {
        let catalogue = catalogue();
        assert_eq!(
            catalogue.usage("help", None).as_deref(),
            Some("/help [command:<text>]")
        );
        assert_eq!(catalogue.usage("whoami", None).as_deref(), Some("/whoami"));
    }

    #[test]
    fn usage_of_unknown_things_is_none() {
        let catalogue = catalogue();
        assert_eq!(catalogue.usage("nope", None), None);
        assert_eq!(catalogue.usage("ticket", Some("nope")), None);
        assert_eq!(catalogue.usage("help", Some("open")), None);
    }

    #[test]
    fn examples_of_commands_and_subs() {
        let catalogue = catalogue();
        let examples: Vec<_> = catalogue.examples().collect();
        assert_eq!(
            examples,
            [
                "/ticket open dept:it title:\"Printer down\" priority:high",
                "/tichet arata IT-4",
                "/help",
                "/help command:ticket",
            ]
        );
    }

    #[test]
    fn toml_syntax_error_names_the_file() {
        let error = Catalogue::from_sources(&[("bad.toml", "name = ")]).unwrap_err();
        assert!(matches!(&error, CatalogueError::Toml { file, .. } if file == "bad.toml"));
        assert!(error.to_string().starts_with("bad.toml: invalid TOML"));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let error =
            Catalogue::from_sources(&[("x.toml", &with_option("type = \"text\"\nrequird = true"))])
                .unwrap_err();
        assert!(matches!(error, CatalogueError::Toml { .. }), "{error}");
    }

    #[test]
    fn unknown_type_is_rejected() {
        let error =
            Catalogue::from_sources(&[("x.toml", &with_option("type = \"date\""))]).unwrap_err();
        assert!(matches!(error, CatalogueError::Toml { .. }), "{error}");
    }

    #[test]
    fn names_must_follow_discords_rule() {
        let text = TICKET.replace("name = \"dept\"", "name = \"Dept\"");
        assert_eq!(
            problem(&text),
            (
                "ticket open Dept".to_string(),
                CatalogueProblem::BadName("Dept".to_string())
            )
        );
        let long = "a".repeat(33);
        let text = WHOAMI.replace("whoami", &long);
        assert_eq!(problem(&text).1, CatalogueProblem::BadName(long));
    }

    #[test]
    fn ro_names_must_follow_discords_rule() {
        let text = TICKET.replace("ro_name = \"arata\"", "ro_name = \"arată\"");
        assert_eq!(
            problem(&text),
            (
                "ticket show".to_string(),
                CatalogueProblem::BadName("arată".to_string())
            )
        );
    }

    #[test]
    fn descriptions_must_have_1_to_100_chars() {
        let text = WHOAMI.replace("ro = \"Cine sunt eu\"", "ro = \"  \"");
        assert_eq!(
            problem(&text).1,
            CatalogueProblem::BadDescription { lang: "ro", len: 2 }
        );
        // 100 characters but 200 bytes is fine; 101 is not.
        let ok = WHOAMI.replace("Who am I", &"ă".repeat(100));
        assert!(Catalogue::from_sources(&[("x.toml", &ok)]).is_ok());
        let text = WHOAMI.replace("Who am I", &"a".repeat(101));
        assert_eq!(
            problem(&text).1,
            CatalogueProblem::BadDescription {
                lang: "en",
                len: 101
            }
        );
    }

    #[test]
    fn duplicate_command_names_across_files() {
        let alias = HELP.replace("ajutor", "tichet");
        let error =
            Catalogue::from_sources(&[("ticket.toml", TICKET), ("help.toml", &alias)]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "help.toml: `help`: the name `tichet` is used twice (names and ro_names must all differ)"
        );
    }

    #[test]
    fn duplicate_sub_names() {
        let text = TICKET.replace("ro_name = \"arata\"", "ro_name = \"deschide\"");
        assert_eq!(
            problem(&text),
            (
                "ticket show".to_string(),
                CatalogueProblem::Duplicate("deschide".to_string())
            )
        );
    }

    #[test]
    fn duplicate_option_names() {
        let text = TICKET.replace("ro_name = \"responsabil\"", "ro_name = \"titlu\"");
        assert_eq!(
            problem(&text),
            (
                "ticket open assignee".to_string(),
                CatalogueProblem::Duplicate("titlu".to_string())
            )
        );
    }

    #[test]
    fn alias_equal_to_its_own_name_is_allowed() {
        let text = HELP.replace("ro_name = \"comanda\"", "ro_name = \"command\"");
        assert!(Catalogue::from_sources(&[("x.toml", &text)]).is_ok());
    }

    #[test]
    fn options_and_subs_are_exclusive() {
        let text = with_option("type = \"text\"")
            + "[[sub]]\nname = \"s\"\ndescription = { en = \"S\", ro = \"S\" }\n";
        assert_eq!(
            problem(&text),
            ("x".to_string(), CatalogueProblem::OptionsAndSubs)
        );
    }

    #[test]
    fn required_options_come_first() {
        let text = with_option("type = \"text\"")
            + "[[option]]\nname = \"p\"\ntype = \"text\"\nrequired = true\n\
               description = { en = \"P\", ro = \"P\" }\n";
        assert_eq!(
            problem(&text),
            (
                "x p".to_string(),
                CatalogueProblem::RequiredAfterOptional("p".to_string())
            )
        );
    }

    #[test]
    fn choice_needs_choices() {
        assert_eq!(
            problem(&with_option("type = \"choice\"")),
            ("x o".to_string(), CatalogueProblem::MissingChoices)
        );
    }

    #[test]
    fn choices_only_on_choice() {
        assert_eq!(
            problem(&with_option("type = \"text\"\nchoices = [\"a\"]")).1,
            CatalogueProblem::UnexpectedChoices
        );
    }

    #[test]
    fn at_most_25_choices() {
        let choices: Vec<String> = (0..26).map(|i| format!("\"c{i}\"")).collect();
        let option = format!("type = \"choice\"\nchoices = [{}]", choices.join(", "));
        assert_eq!(
            problem(&with_option(&option)).1,
            CatalogueProblem::TooManyChoices(26)
        );
    }

    #[test]
    fn choices_have_1_to_100_chars() {
        let long = "ș".repeat(101);
        let option = format!("type = \"choice\"\nchoices = [\"a\", \"{long}\"]");
        assert_eq!(
            problem(&with_option(&option)).1,
            CatalogueProblem::BadChoice(long)
        );
        let option = "type = \"choice\"\nchoices = [\"\"]";
        assert_eq!(
            problem(&with_option(option)).1,
            CatalogueProblem::BadChoice(String::new())
        );
    }

    #[test]
    fn choices_differ_ignoring_case() {
        let option = "type = \"choice\"\nchoices = [\"High\", \"high\"]";
        assert_eq!(
            problem(&with_option(option)).1,
            CatalogueProblem::DuplicateChoice("high".to_string())
        );
    }

    #[test]
    fn lengths_only_on_text() {
        assert_eq!(
            problem(&with_option("type = \"number\"\nmax_length = 3")).1,
            CatalogueProblem::LengthOnNonText
        );
    }

    #[test]
    fn range_only_on_number() {
        assert_eq!(
            problem(&with_option("type = \"text\"\nmin = 3")).1,
            CatalogueProblem::RangeOnNonNumber
        );
    }

    #[test]
    fn minimum_not_above_maximum() {
        assert_eq!(
            problem(&with_option("type = \"number\"\nmin = 3\nmax = 2")).1,
            CatalogueProblem::EmptyRange
        );
        assert_eq!(
            problem(&with_option(
                "type = \"text\"\nmin_length = 3\nmax_length = 2"
            ))
            .1,
            CatalogueProblem::EmptyRange
        );
    }

    #[test]
    fn examples_must_parse() {
        let text = HELP.replace("/help command:ticket", "/help comand:ticket");
        assert_eq!(
            problem(&text),
            (
                "help".to_string(),
                CatalogueProblem::BadExample {
                    example: "/help comand:ticket".to_string(),
                    reason: "grammar-unknown-option-suggestion".to_string()
                }
            )
        );
    }

    #[test]
    fn examples_must_call_their_own_sub() {
        let text = TICKET.replace("/tichet arata IT-4", "/ticket open dept:it title:abc");
        assert_eq!(
            problem(&text),
            (
                "ticket show".to_string(),
                CatalogueProblem::BadExample {
                    example: "/ticket open dept:it title:abc".to_string(),
                    reason: "it calls `/ticket open`".to_string()
                }
            )
        );
    }
}
