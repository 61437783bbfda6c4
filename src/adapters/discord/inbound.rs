//! Interaction payloads → the core's `Invocation`: the same thing a console line parses to.

use serenity::all::{CommandData, CommandDataOption, CommandDataOptionValue, UserId};

use crate::core::domain::object::ObjectKind;
use crate::core::grammar::{Args, Catalogue, Invocation, OptionKind, OptionSpec, Value};

/// Builds the invocation of a slash command. `handle_of` names the member behind a Discord
/// user picked in a `user` option (the user's own name when they are no member, so that the
/// core's "no member @x" error names someone recognisable).
pub fn invocation(
    catalogue: &Catalogue,
    data: &CommandData,
    handle_of: impl Fn(UserId) -> String,
) -> Invocation {
    let spec = catalogue.command(&data.name);
    // A subcommand arrives as the single top-level option, holding the real options.
    let (sub, options): (Option<String>, &[CommandDataOption]) = match data.options.first() {
        Some(CommandDataOption {
            name,
            value: CommandDataOptionValue::SubCommand(inner),
            ..
        }) => (Some(name.clone()), inner),
        _ => (None, &data.options),
    };
    let specs: &[OptionSpec] = match (spec, &sub) {
        (Some(cmd), Some(sub)) => cmd
            .subs
            .iter()
            .find(|s| &s.name == sub)
            .map_or(&[], |s| &s.options),
        (Some(cmd), None) => &cmd.options,
        (None, _) => &[],
    };
    let mut args = Args::default();
    for option in options {
        let kind = specs.iter().find(|s| s.name == option.name).map(|s| s.kind);
        if let Some(value) = value(kind, &option.value, &handle_of) {
            args.insert(&option.name, value);
        }
    }
    Invocation {
        command: data.name.clone(),
        sub,
        args,
    }
}

fn value(
    kind: Option<OptionKind>,
    raw: &CommandDataOptionValue,
    handle_of: &impl Fn(UserId) -> String,
) -> Option<Value> {
    Some(match (kind, raw) {
        (Some(OptionKind::Choice), CommandDataOptionValue::String(s)) => Value::Choice(s.clone()),
        (Some(OptionKind::Id), CommandDataOptionValue::String(s)) => {
            Value::Id(s.trim().to_ascii_uppercase())
        }
        (_, CommandDataOptionValue::String(s)) => Value::Text(s.clone()),
        (_, CommandDataOptionValue::User(id)) => Value::User(handle_of(*id)),
        (_, CommandDataOptionValue::Integer(n)) => Value::Number(*n),
        (_, CommandDataOptionValue::Boolean(b)) => Value::Boolean(*b),
        // Autocomplete partial values and types the catalogue never declares.
        _ => return None,
    })
}

/// Every Discord user picked in the command's options (to look up their handles first).
pub fn picked_users(data: &CommandData) -> Vec<UserId> {
    fn walk(options: &[CommandDataOption], out: &mut Vec<UserId>) {
        for option in options {
            match &option.value {
                CommandDataOptionValue::User(id) => out.push(*id),
                CommandDataOptionValue::SubCommand(inner)
                | CommandDataOptionValue::SubCommandGroup(inner) => walk(inner, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&data.options, &mut out);
    out
}

/// The option being typed in an autocomplete request: the kind of object it takes and what
/// was typed so far.
pub fn focused(catalogue: &Catalogue, data: &CommandData) -> Option<(ObjectKind, String)> {
    let typing = data.autocomplete()?;
    let spec = catalogue.command(&data.name)?;
    let options = match data.options.first() {
        Some(CommandDataOption {
            name,
            value: CommandDataOptionValue::SubCommand(_),
            ..
        }) => &spec.subs.iter().find(|s| &s.name == name)?.options,
        _ => &spec.options,
    };
    let option = options.iter().find(|o| o.name == typing.name)?;
    let kind = ObjectKind::parse(option.object.as_deref()?)?;
    Some((kind, typing.value.to_string()))
}
