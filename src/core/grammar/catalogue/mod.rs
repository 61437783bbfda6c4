//! The command catalogue: one TOML file per top-level command.
//!
//! The catalogue is the single description of every command, from which the
//! text parser, the Discord registration and the help text are all derived.
//! Loading it checks every rule Discord would otherwise reject at
//! registration time (names, description lengths, option order, choices), so
//! that a bad file fails at startup with its file and item named.

use std::collections::HashSet;

use serde::Deserialize;

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
    /// The same choices in Romanian, in the same order (`urgentă` for `urgent`): accepted
    /// from anyone, shown to Romanian readers, and stored as the English choice.
    #[serde(default)]
    pub ro_choices: Vec<String>,
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
pub trait Named {
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
    #[error("choice `{0}` is listed twice (choices match case-insensitively, diacritics aside)")]
    DuplicateChoice(String),
    #[error("`ro_choices` must give one Romanian spelling per choice, {expected}, not {actual}")]
    RoChoicesMismatch { expected: usize, actual: usize },
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
    /// text with its file name, which errors name. Whether the examples parse
    /// is checked afterwards, by the grammar's `examples` module, since that
    /// needs the parser.
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
        Ok(catalogue)
    }

    pub fn commands(&self) -> &[CommandSpec] {
        &self.commands
    }

    /// Finds a command by name or Romanian alias, ignoring case.
    pub fn command(&self, name: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.is_called(name))
    }

    /// An option's name in `spelling` (`titlu` for `/ticket open`'s `title`), or `option`
    /// itself when the catalogue has no such command, sub or option.
    pub fn option_name<'a>(
        &'a self,
        command: &str,
        sub: Option<&str>,
        option: &'a str,
        spelling: Spelling,
    ) -> &'a str {
        let Some(command) = self.command(command) else {
            return option;
        };
        let options = match sub.and_then(|sub| command.subs.iter().find(|s| s.is_called(sub))) {
            Some(sub) => &sub.options,
            None => &command.options,
        };
        options
            .iter()
            .find(|o| o.is_called(option))
            .map_or(option, |o| spelling.of(o))
    }

    /// The one-line usage of a command, or of one of its subcommands, e.g.
    /// `/ticket open dept:<text> [priority:low|normal|high|urgent]`. A command
    /// with subcommands and no `sub` lists them: `/ticket open|show`. `None`
    /// if the command or subcommand does not exist.
    pub fn usage(&self, command: &str, sub: Option<&str>) -> Option<String> {
        self.usage_in(command, sub, Spelling::English)
    }

    /// [`Catalogue::usage`] in both languages: the Romanian one with the Romanian names
    /// of the command, sub, options and choices (`/tichet deschide … [prioritate:…]`).
    pub fn usages(&self, command: &str, sub: Option<&str>) -> Option<Localized> {
        Some(Localized {
            en: self.usage_in(command, sub, Spelling::English)?,
            ro: self.usage_in(command, sub, Spelling::Romanian)?,
        })
    }

    fn usage_in(&self, command: &str, sub: Option<&str>, spelling: Spelling) -> Option<String> {
        let spec = self.command(command)?;
        let (path, options) = match sub {
            Some(sub) => {
                let sub = spec.subs.iter().find(|s| s.is_called(sub))?;
                (
                    format!("/{} {}", spelling.of(spec), spelling.of(sub)),
                    &sub.options,
                )
            }
            None if !spec.subs.is_empty() => {
                let subs: Vec<&str> = spec.subs.iter().map(|s| spelling.of(s)).collect();
                return Some(format!("/{} {}", spelling.of(spec), subs.join("|")));
            }
            None => (format!("/{}", spelling.of(spec)), &spec.options),
        };
        Some(options.iter().fold(path, |mut line, option| {
            line.push(' ');
            line.push_str(&option_usage(option, spelling));
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

/// The language a catalogue item is named in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    English,
    /// The Romanian name where there is one, else the English.
    Romanian,
}

impl Spelling {
    /// The name of a command, sub or option in this spelling.
    pub fn of(self, item: &(impl Named + ?Sized)) -> &str {
        match (self, item.ro_name()) {
            (Spelling::Romanian, Some(ro)) => ro,
            _ => item.name(),
        }
    }
}

impl OptionSpec {
    /// The choices in this spelling.
    pub fn choices_in(&self, spelling: Spelling) -> &[String] {
        match spelling {
            Spelling::Romanian if !self.ro_choices.is_empty() => &self.ro_choices,
            _ => &self.choices,
        }
    }

    /// The choice `typed` names, in either language, as the catalogue spells it in
    /// English; case and Romanian diacritics aside (`URGENTA` is `urgentă`, so `urgent`).
    pub fn choice(&self, typed: &str) -> Option<&str> {
        let wanted = fold(typed);
        let ro = self
            .ro_choices
            .iter()
            .map(Some)
            .chain(std::iter::repeat(None));
        self.choices
            .iter()
            .zip(ro)
            .find(|(en, ro)| fold(en) == wanted || ro.is_some_and(|ro| fold(ro) == wanted))
            .map(|(en, _)| en.as_str())
    }
}

/// Lowercase without Romanian diacritics, for matching what people type.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ă' | 'â' => 'a',
            'î' => 'i',
            'ș' | 'ş' => 's',
            'ț' | 'ţ' => 't',
            other => other,
        })
        .collect()
}

/// `name:<kind>`, in brackets when optional.
fn option_usage(option: &OptionSpec, spelling: Spelling) -> String {
    let romanian = spelling == Spelling::Romanian;
    let value = match option.kind {
        OptionKind::Text => "<text>".to_string(),
        OptionKind::User if romanian => "@membru".to_string(),
        OptionKind::User => "@member".to_string(),
        OptionKind::Number if romanian => "<număr>".to_string(),
        OptionKind::Number => "<number>".to_string(),
        OptionKind::Boolean if romanian => "<da|nu>".to_string(),
        OptionKind::Boolean => "<yes|no>".to_string(),
        OptionKind::Choice => option.choices_in(spelling).join("|"),
        OptionKind::Id => "<id>".to_string(),
    };
    let name = spelling.of(option);
    if option.required {
        format!("{name}:{value}")
    } else {
        format!("[{name}:{value}]")
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
    if !option.ro_choices.is_empty() && option.ro_choices.len() != option.choices.len() {
        return Some(CatalogueProblem::RoChoicesMismatch {
            expected: option.choices.len(),
            actual: option.ro_choices.len(),
        });
    }
    // Every spelling names one choice: a Romanian one may equal its own English one only.
    let mut seen = HashSet::new();
    for (n, choice) in option.choices.iter().enumerate() {
        if !(1..=MAX_DESCRIPTION).contains(&choice.chars().count()) {
            return Some(CatalogueProblem::BadChoice(choice.clone()));
        }
        if !seen.insert(fold(choice)) {
            return Some(CatalogueProblem::DuplicateChoice(choice.clone()));
        }
        let Some(ro) = option.ro_choices.get(n) else {
            continue;
        };
        if !(1..=MAX_DESCRIPTION).contains(&ro.chars().count()) {
            return Some(CatalogueProblem::BadChoice(ro.clone()));
        }
        if fold(ro) != fold(choice) && !seen.insert(fold(ro)) {
            return Some(CatalogueProblem::DuplicateChoice(ro.clone()));
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
pub(super) mod tests;
