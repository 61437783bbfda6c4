//! Slash commands from the catalogue: every command, subcommand and option with its type,
//! choices, limits, and the Romanian name and description as localizations.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::core::grammar::{Catalogue, CommandSpec, OptionKind, OptionSpec, SubSpec};

/// Discord's language code for Romanian.
const RO: &str = "ro";

/// Options that take an object's id get Discord's autocomplete.
pub fn autocompletes(option: &OptionSpec) -> bool {
    option.object.is_some()
}

pub fn commands(catalogue: &Catalogue) -> Vec<CreateCommand> {
    catalogue.commands().iter().map(command).collect()
}

fn command(spec: &CommandSpec) -> CreateCommand {
    let mut cmd = CreateCommand::new(&spec.name)
        .description(&spec.description.en)
        .description_localized(RO, &spec.description.ro);
    if let Some(ro) = &spec.ro_name {
        cmd = cmd.name_localized(RO, ro);
    }
    let options: Vec<CreateCommandOption> = if spec.subs.is_empty() {
        spec.options.iter().map(option).collect()
    } else {
        spec.subs.iter().map(sub).collect()
    };
    options.into_iter().fold(cmd, CreateCommand::add_option)
}

fn sub(spec: &SubSpec) -> CreateCommandOption {
    let mut sub = CreateCommandOption::new(
        CommandOptionType::SubCommand,
        &spec.name,
        &spec.description.en,
    )
    .description_localized(RO, &spec.description.ro);
    if let Some(ro) = &spec.ro_name {
        sub = sub.name_localized(RO, ro);
    }
    spec.options
        .iter()
        .map(option)
        .fold(sub, CreateCommandOption::add_sub_option)
}

fn option(spec: &OptionSpec) -> CreateCommandOption {
    let kind = match spec.kind {
        OptionKind::Text | OptionKind::Choice | OptionKind::Id => CommandOptionType::String,
        OptionKind::User => CommandOptionType::User,
        OptionKind::Number => CommandOptionType::Integer,
        OptionKind::Boolean => CommandOptionType::Boolean,
    };
    let mut opt = CreateCommandOption::new(kind, &spec.name, &spec.description.en)
        .description_localized(RO, &spec.description.ro)
        .required(spec.required);
    if let Some(ro) = &spec.ro_name {
        opt = opt.name_localized(RO, ro);
    }
    // The value is the English choice whatever the reader's language; the name shown to a
    // Romanian client is the Romanian one.
    for (n, choice) in spec.choices.iter().enumerate() {
        opt = match spec.ro_choices.get(n) {
            Some(ro) => opt.add_string_choice_localized(choice, choice, [(RO, ro)]),
            None => opt.add_string_choice(choice, choice),
        };
    }
    // Discord caps lengths at 6000; the catalogue's limits are far below.
    if let Some(max) = spec.max_length {
        opt = opt.max_length(u16::try_from(max).unwrap_or(u16::MAX));
    }
    if let Some(min) = spec.min_length {
        opt = opt.min_length(u16::try_from(min).unwrap_or(u16::MAX));
    }
    if let Some(min) = spec.min {
        opt = opt.min_int_value(u64::try_from(min).unwrap_or(0));
    }
    if let Some(max) = spec.max {
        opt = opt.max_int_value(u64::try_from(max).unwrap_or(0));
    }
    opt.set_autocomplete(autocompletes(spec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::grammar;

    /// The item called `name` in a JSON array of commands or options.
    fn named<'a>(items: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
        let items = items.as_array().unwrap();
        items.iter().find(|item| item["name"] == name).unwrap()
    }

    #[test]
    fn every_catalogue_command_becomes_a_slash_command_with_romanian_names() {
        let cmds = commands(grammar::builtin());
        let json = serde_json::to_value(&cmds).unwrap();
        let ticket = named(&json, "ticket");
        assert_eq!(ticket["name_localizations"]["ro"], "tichet");
        let open = named(&ticket["options"], "open");
        assert_eq!(open["type"], 1);
        let title = named(&open["options"], "title");
        assert_eq!(title["required"], true);
        assert_eq!(title["max_length"], 200);
        assert_eq!(title["name_localizations"]["ro"], "titlu");
        let priority = named(&open["options"], "priority");
        assert_eq!(priority["choices"].as_array().unwrap().len(), 4);
        assert_eq!(cmds.len(), grammar::builtin().commands().len());
    }
}
