//! How a refused line reads: the reason, the line with a marker under the culprit, and the
//! usage of the command.

use super::help;
use crate::core::grammar::{excerpt, Catalogue, Localized, ParseError, Span};
use crate::i18n::{Locale, Msg};

/// A refused line as its reader reads it: in a Romanian reader's, the Romanian names of the
/// command, options and choices.
pub(super) fn parse_error(err: &ParseError, catalogue: &Catalogue, locale: Locale) -> String {
    let msg = Msg::from(err.clone().respelled(catalogue, help::spelling(locale)));
    compose(
        &msg,
        Some((&err.input, err.span.clone())),
        err.usage.as_ref(),
        locale,
    )
}

pub(super) fn invalid_value(
    msg: &Msg,
    at: Option<(&str, Span)>,
    usage: Option<Localized>,
    locale: Locale,
) -> String {
    compose(msg, at, usage.as_ref(), locale)
}

fn compose(
    msg: &Msg,
    at: Option<(&str, Span)>,
    usage: Option<&Localized>,
    locale: Locale,
) -> String {
    let mut lines = vec![msg.render(locale)];
    if let Some((line, span)) = at {
        let (input, marker) = excerpt(line.trim_end(), &span);
        lines.push(format!("  {input}"));
        lines.push(format!("  {marker}"));
    }
    if let Some(usage) = usage {
        let usage = match locale {
            Locale::En => &usage.en,
            Locale::Ro => &usage.ro,
        };
        lines.push(
            Msg::new("grammar-usage")
                .arg("usage", usage.as_str())
                .render(locale),
        );
    }
    lines.join("\n")
}
