//! How a refused line reads: the reason, the line with a marker under the culprit, and the
//! usage of the command.

use crate::core::grammar::{excerpt, ParseError, Span};
use crate::i18n::{Locale, Msg};

pub(super) fn parse_error(err: &ParseError, locale: Locale) -> String {
    let msg = Msg::from(err.clone());
    compose(
        &msg,
        Some((&err.input, err.span.clone())),
        err.usage.as_deref(),
        locale,
    )
}

pub(super) fn invalid_value(
    msg: &Msg,
    at: Option<(&str, Span)>,
    usage: Option<String>,
    locale: Locale,
) -> String {
    compose(msg, at, usage.as_deref(), locale)
}

fn compose(msg: &Msg, at: Option<(&str, Span)>, usage: Option<&str>, locale: Locale) -> String {
    let mut lines = vec![msg.render(locale)];
    if let Some((line, span)) = at {
        let (input, marker) = excerpt(line.trim_end(), &span);
        lines.push(format!("  {input}"));
        lines.push(format!("  {marker}"));
    }
    if let Some(usage) = usage {
        lines.push(Msg::new("grammar-usage").arg("usage", usage).render(locale));
    }
    lines.join("\n")
}
