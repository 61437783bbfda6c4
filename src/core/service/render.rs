//! How a refused line reads: the reason, the line with a marker under the culprit, and the
//! usage of the command.

use crate::core::grammar::{excerpt, Localized, ParseError, ParseErrorKind, Span};
use crate::i18n::{Locale, Msg};

pub(super) fn parse_error(err: &ParseError, locale: Locale) -> String {
    let msg = Msg::from(in_readers_spelling(err.clone(), locale));
    compose(
        &msg,
        Some((&err.input, err.span.clone())),
        err.usage.as_ref(),
        locale,
    )
}

/// The error as a reader in `locale` types commands: a Romanian reader is offered the
/// Romanian choices (`scăzută, normală, …`).
fn in_readers_spelling(mut err: ParseError, locale: Locale) -> ParseError {
    if let (
        Locale::Ro,
        ParseErrorKind::InvalidChoice {
            choices,
            ro_choices,
            ..
        },
    ) = (locale, &mut err.kind)
    {
        std::mem::swap(choices, ro_choices);
    }
    err
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
