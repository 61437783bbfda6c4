//! The examples of the catalogue must parse, and as the command or subcommand they document,
//! so that help never shows a line the parser would reject.
//!
//! The check runs after [`Catalogue::from_sources`], apart from it, because parsing needs a
//! whole loaded catalogue: the parser depends on the catalogue, not the other way round.

use super::catalogue::{Catalogue, CatalogueError, CatalogueProblem, CommandSpec};
use super::parse::parse;
use crate::i18n::Msg;

/// Checks every example of `catalogue`, which was loaded from `sources`: the same pairs of
/// file name and text, so that an error names the file of the bad example.
pub(super) fn check(catalogue: &Catalogue, sources: &[(&str, &str)]) -> Result<(), CatalogueError> {
    for (command, &(file, _)) in catalogue.commands().iter().zip(sources) {
        check_command(catalogue, command).map_err(|(item, problem)| CatalogueError::Invalid {
            file: file.to_string(),
            item,
            problem,
        })?;
    }
    Ok(())
}

/// The examples of one command and of its subcommands; a failure names the item (`ticket
/// show`) whose example is wrong.
fn check_command(
    catalogue: &Catalogue,
    command: &CommandSpec,
) -> Result<(), (String, CatalogueProblem)> {
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
            Err(error) => Msg::from(error).id().to_string(),
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
        return Err((item, problem));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::grammar::catalogue::tests::{invalid, HELP, TICKET};

    /// The problem the example check reports for a single-file catalogue.
    fn problem(text: &str) -> (String, CatalogueProblem) {
        let sources = [("x.toml", text)];
        let catalogue = Catalogue::from_sources(&sources).unwrap();
        invalid(check(&catalogue, &sources))
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
