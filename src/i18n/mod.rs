//! Message catalogues (Fluent) for English and Romanian.
//!
//! Every user-visible sentence lives in `en/*.ftl` and `ro/*.ftl`, compiled into the binary.
//! Code never formats user text itself: it builds a [`Msg`] (an id plus arguments) and renders
//! it in the reader's [`Locale`] as late as possible, so one notification can go out in
//! Romanian to one person and in English to another.

use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The languages opsdesk speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Ro,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Ro];

    /// Reads `en`, `ro`, and regional forms such as `en-US` or `ro_RO` (Discord sends `en-US`).
    pub fn parse(text: &str) -> Option<Locale> {
        let lang = text.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match lang.as_str() {
            "en" => Some(Locale::En),
            "ro" => Some(Locale::Ro),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ro => "ro",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One catalogue file per area; the same file names exist under `en/` and `ro/`.
macro_rules! catalogue_files {
    ($lang:literal) => {
        [
            include_str!(concat!($lang, "/common.ftl")),
            include_str!(concat!($lang, "/grammar.ftl")),
            include_str!(concat!($lang, "/org.ftl")),
            include_str!(concat!($lang, "/tickets.ftl")),
            include_str!(concat!($lang, "/tasks.ftl")),
            include_str!(concat!($lang, "/approvals.ftl")),
            include_str!(concat!($lang, "/money.ftl")),
            include_str!(concat!($lang, "/audit.ftl")),
            include_str!(concat!($lang, "/dates.ftl")),
            include_str!(concat!($lang, "/outbox.ftl")),
            include_str!(concat!($lang, "/escalations.ftl")),
            include_str!(concat!($lang, "/budgets.ftl")),
            include_str!(concat!($lang, "/storage.ftl")),
            include_str!(concat!($lang, "/startup.ftl")),
            include_str!(concat!($lang, "/digests.ftl")),
            include_str!(concat!($lang, "/records.ftl")),
            include_str!(concat!($lang, "/ratings.ftl")),
        ]
    };
}

pub(crate) const EN_SOURCES: [&str; 17] = catalogue_files!("en");
pub(crate) const RO_SOURCES: [&str; 17] = catalogue_files!("ro");

struct Bundles {
    en: FluentBundle<FluentResource>,
    ro: FluentBundle<FluentResource>,
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    en: bundle("en", &EN_SOURCES),
    ro: bundle("ro", &RO_SOURCES),
});

/// The catalogues are part of the binary and checked by tests, so a syntax error here is a
/// build defect: it is logged and the broken entries are skipped rather than taking the bot down.
fn bundle(lang: &str, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id = lang.parse().expect("static language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would show up as stray bytes in terminals and transcripts.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, errs)| {
            tracing::error!(lang, ?errs, "message catalogue has syntax errors");
            res
        });
        if let Err(errs) = bundle.add_resource(resource) {
            tracing::error!(lang, ?errs, "message catalogue has duplicate entries");
        }
    }
    bundle
}

/// An argument of a message: plain text, a number, or another message rendered in the same
/// language (e.g. a status name inside a sentence).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Msg(Box<Msg>),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_string())
    }
}
impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}
impl From<&String> for Arg {
    fn from(value: &String) -> Self {
        Arg::Text(value.clone())
    }
}
impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}
impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}
impl From<u64> for Arg {
    fn from(value: u64) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Arg::Number(value.into())
    }
}
impl From<Msg> for Arg {
    fn from(value: Msg) -> Self {
        Arg::Msg(Box::new(value))
    }
}

/// A sentence to be rendered later in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(id: &'static str) -> Self {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The same message with every text argument equal to `from` reading `to`: an option's
    /// name as its reader types it (`titlu` for `title`), put in after the message was made.
    pub fn respell_text(mut self, from: &str, to: &str) -> Self {
        for (_, value) in &mut self.args {
            if matches!(value, Arg::Text(text) if text == from) {
                *value = Arg::Text(to.to_string());
            }
        }
        self
    }

    /// The arguments in the order they were added, for tests that render a message with a
    /// catalogue of their own. Every argument must be text.
    #[cfg(test)]
    pub(crate) fn text_args(&self) -> Vec<(&'static str, String)> {
        let text = |(name, value): &(&'static str, Arg)| match value {
            Arg::Text(text) => (*name, text.clone()),
            other => panic!("argument {name} of {} is not text: {other:?}", self.id),
        };
        self.args.iter().map(text).collect()
    }

    pub fn render(&self, locale: Locale) -> String {
        let bundles = &*BUNDLES;
        let bundle = match locale {
            Locale::En => &bundles.en,
            Locale::Ro => &bundles.ro,
        };
        let Some(pattern) = bundle.get_message(self.id).and_then(|m| m.value()) else {
            tracing::error!(id = self.id, %locale, "message missing from catalogue");
            return self.id.to_string();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Msg(msg) => FluentValue::from(msg.render(locale)),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(id = self.id, %locale, ?errors, "message formatting failed");
        }
        text.into_owned()
    }
}

#[cfg(test)]
pub(crate) mod test_bundle;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Message id → names of the variables it uses, for one language.
    fn inventory(sources: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
        let var = regex::Regex::new(r"\$([a-z_][a-z0-9_-]*)").unwrap();
        let mut out = BTreeMap::new();
        for source in sources {
            let resource = FluentResource::try_new(source.to_string())
                .unwrap_or_else(|(_, errs)| panic!("catalogue syntax: {errs:?}"));
            let mut current: Option<String> = None;
            for line in source.lines() {
                if let Some((id, _)) = line.split_once(" =") {
                    if !line.starts_with([' ', '#', '.', '-']) && !id.contains(' ') {
                        current = Some(id.to_string());
                        let fresh = out.insert(id.to_string(), BTreeSet::new()).is_none();
                        assert!(fresh, "message {id} is defined twice");
                    }
                }
                if let Some(id) = &current {
                    for cap in var.captures_iter(line) {
                        out.get_mut(id).unwrap().insert(cap[1].to_string());
                    }
                }
            }
            drop(resource);
        }
        out
    }

    #[test]
    fn english_and_romanian_define_the_same_messages_with_the_same_arguments() {
        let en = inventory(&EN_SOURCES);
        let ro = inventory(&RO_SOURCES);
        let en_ids: BTreeSet<_> = en.keys().collect();
        let ro_ids: BTreeSet<_> = ro.keys().collect();
        assert_eq!(
            en_ids.difference(&ro_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "missing in ro"
        );
        assert_eq!(
            ro_ids.difference(&en_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "missing in en"
        );
        for (id, vars) in &en {
            assert_eq!(vars, &ro[id], "arguments of {id} differ between en and ro");
        }
    }

    /// Every string literal in the code that looks like a message id (its first segment is
    /// one the catalogue uses, e.g. `"ticket-…"`) must exist — including ids chosen at run
    /// time, such as `if internal { "ticket-commented-internal" } else { … }`.
    #[test]
    fn every_message_id_used_in_the_code_exists() {
        let en = inventory(&EN_SOURCES);
        let prefixes: BTreeSet<&str> = en.keys().filter_map(|id| id.split('-').next()).collect();
        let literal = regex::Regex::new(r#""([a-z]+(?:-[a-z0-9_]+)+)""#).unwrap();
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for cap in literal.captures_iter(&text) {
                        let id = &cap[1];
                        let prefix = id.split('-').next().unwrap();
                        if prefixes.contains(prefix) && !en.contains_key(id) {
                            missing.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "unknown message ids: {missing:#?}");
    }

    #[test]
    fn romanian_uses_comma_below_diacritics_not_cedillas() {
        for source in RO_SOURCES {
            assert!(
                !source.contains(['ş', 'ţ', 'Ş', 'Ţ']),
                "use ș/ț (comma below), not ş/ţ (cedilla)"
            );
        }
    }

    #[test]
    fn nested_messages_render_in_the_same_language() {
        let msg = Msg::new("error-ticket-inactive")
            .arg("id", "IT-1")
            .arg("status", Msg::new("status-waiting"));
        assert!(msg.render(Locale::En).contains("waiting"));
        assert!(msg.render(Locale::Ro).contains("așteptare"));
    }

    #[test]
    fn locale_reads_discord_and_posix_forms() {
        assert_eq!(Locale::parse("ro"), Some(Locale::Ro));
        assert_eq!(Locale::parse("en-US"), Some(Locale::En));
        assert_eq!(Locale::parse("ro_RO"), Some(Locale::Ro));
        assert_eq!(Locale::parse("fr"), None);
    }
}
