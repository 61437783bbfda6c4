//! `/help`: what you can do, straight from the catalogue, in the reader's language — the
//! Romanian reader's with the Romanian names of commands, options and choices.

use super::work::{Ctx, Step};
use crate::core::grammar::{Catalogue, Localized, Spelling};
use crate::i18n::{Locale, Msg};

fn pick(text: &Localized, locale: Locale) -> &str {
    match locale {
        Locale::En => &text.en,
        Locale::Ro => &text.ro,
    }
}

/// How a reader in `locale` types commands.
pub(super) fn spelling(locale: Locale) -> Spelling {
    match locale {
        Locale::En => Spelling::English,
        Locale::Ro => Spelling::Romanian,
    }
}

pub(super) fn help(ctx: &mut Ctx, catalogue: &Catalogue, topic: Option<&str>) -> Step {
    let locale = ctx.locale();
    let spelling = spelling(locale);
    let mut lines = Vec::new();
    match topic {
        None => {
            lines.push(Msg::new("help-intro").render(locale));
            for cmd in catalogue.commands() {
                lines.push(format!(
                    "  /{} — {}",
                    spelling.of(cmd),
                    pick(&cmd.description, locale)
                ));
            }
            lines.push(Msg::new("help-more").render(locale));
        }
        Some(name) => {
            let Some(cmd) = catalogue.command(name) else {
                let known: Vec<_> = catalogue
                    .commands()
                    .iter()
                    .map(|c| format!("/{}", spelling.of(c)))
                    .collect();
                return Err(Msg::new("error-help-unknown")
                    .arg("command", name)
                    .arg("known", known.join(", "))
                    .into());
            };
            lines.push(format!(
                "/{} — {}",
                spelling.of(cmd),
                pick(&cmd.description, locale)
            ));
            let entries: Vec<_> = if cmd.subs.is_empty() {
                vec![(None, &cmd.description, &cmd.examples)]
            } else {
                cmd.subs
                    .iter()
                    .map(|s| (Some(s.name.as_str()), &s.description, &s.examples))
                    .collect()
            };
            for (sub, description, examples) in entries {
                if let Some(usage) = catalogue.usages(&cmd.name, sub) {
                    lines.push(format!("  {}", pick(&usage, locale)));
                }
                if sub.is_some() {
                    lines.push(format!("      {}", pick(description, locale)));
                }
                // Written once in the catalogue; each reader sees them in their own names.
                let mut shown: Vec<String> = Vec::new();
                for example in examples {
                    let example = catalogue.respell(example, spelling);
                    if shown.contains(&example) {
                        continue;
                    }
                    lines.push(format!(
                        "      {}",
                        Msg::new("help-example")
                            .arg("example", example.as_str())
                            .render(locale)
                    ));
                    shown.push(example);
                }
            }
        }
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}
