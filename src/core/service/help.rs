//! `/help`: what you can do, straight from the catalogue.

use super::work::{Ctx, Step};
use crate::core::grammar::{Catalogue, Localized};
use crate::i18n::{Locale, Msg};

fn pick(text: &Localized, locale: Locale) -> &str {
    match locale {
        Locale::En => &text.en,
        Locale::Ro => &text.ro,
    }
}

pub(super) fn help(ctx: &mut Ctx, catalogue: &Catalogue, topic: Option<&str>) -> Step {
    let locale = ctx.locale();
    let mut lines = Vec::new();
    match topic {
        None => {
            lines.push(Msg::new("help-intro").render(locale));
            for cmd in catalogue.commands() {
                lines.push(format!(
                    "  /{} — {}",
                    cmd.name,
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
                    .map(|c| format!("/{}", c.name))
                    .collect();
                return Err(Msg::new("error-help-unknown")
                    .arg("command", name)
                    .arg("known", known.join(", "))
                    .into());
            };
            lines.push(format!(
                "/{} — {}",
                cmd.name,
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
                let usage = catalogue.usage(&cmd.name, sub).unwrap_or_default();
                lines.push(format!("  {usage}"));
                if sub.is_some() {
                    lines.push(format!("      {}", pick(description, locale)));
                }
                for example in examples {
                    lines.push(format!(
                        "      {}",
                        Msg::new("help-example")
                            .arg("example", example.as_str())
                            .render(locale)
                    ));
                }
            }
        }
    }
    ctx.reply_text(lines.join("\n"), true);
    Ok(())
}
