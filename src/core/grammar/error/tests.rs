use std::collections::{BTreeSet, HashMap};

use super::*;
use crate::i18n::test_bundle::{bundle, render};
use ParseErrorKind::*;

const EN: &str = include_str!("../../../i18n/en/grammar.ftl");
const RO: &str = include_str!("../../../i18n/ro/grammar.ftl");

fn sample(kind: ParseErrorKind, input: &str, span: Span) -> ParseError {
    ParseError {
        kind,
        span,
        input: input.to_string(),
        usage: None,
        command: None,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// One error of every kind, and of every message variant of a kind.
fn every_error() -> Vec<ParseError> {
    let some = |s: &str| Some(s.to_string());
    let name = || "prio".to_string();
    let kinds = vec![
        NotACommand,
        EmptyCommand,
        UnknownCommand {
            name: name(),
            suggestion: None,
        },
        UnknownCommand {
            name: name(),
            suggestion: some("ticket"),
        },
        MissingSubcommand {
            command: "ticket".into(),
            available: strings(&["open", "show"]),
        },
        UnknownSubcommand {
            command: "ticket".into(),
            name: name(),
            suggestion: None,
            available: strings(&["open", "show"]),
        },
        UnknownSubcommand {
            command: "ticket".into(),
            name: name(),
            suggestion: some("open"),
            available: strings(&["open", "show"]),
        },
        UnknownOption {
            name: name(),
            suggestion: None,
            available: strings(&["dept", "title"]),
        },
        UnknownOption {
            name: name(),
            suggestion: some("priority"),
            available: strings(&["priority"]),
        },
        UnknownOption {
            name: name(),
            suggestion: None,
            available: vec![],
        },
        RepeatedOption { name: name() },
        MissingOption { name: name() },
        MissingValue { name: name() },
        InvalidChoice {
            name: name(),
            value: "highest".into(),
            choices: strings(&["low", "high"]),
            ro_choices: strings(&["scăzută", "ridicată"]),
            suggestion: None,
        },
        InvalidChoice {
            name: name(),
            value: "highest".into(),
            choices: strings(&["low", "high"]),
            ro_choices: strings(&["scăzută", "ridicată"]),
            suggestion: some("high"),
        },
        TooLong {
            name: name(),
            max: 10,
            actual: 12,
        },
        TooShort {
            name: name(),
            min: 3,
            actual: 1,
        },
        OutOfRange {
            name: name(),
            min: Some(1),
            max: Some(100),
            value: 101,
        },
        OutOfRange {
            name: name(),
            min: Some(1),
            max: None,
            value: -5,
        },
        OutOfRange {
            name: name(),
            min: None,
            max: Some(100),
            value: 101,
        },
        OutOfRange {
            name: name(),
            min: None,
            max: None,
            value: 7,
        },
        UnbalancedQuote,
        SingleQuote {
            name: name(),
            text: "a b".into(),
        },
        UnexpectedToken { token: "x".into() },
    ];
    let kinds = kinds.into_iter().chain(
        [
            OptionKind::Text,
            OptionKind::User,
            OptionKind::Number,
            OptionKind::Boolean,
            OptionKind::Choice,
            OptionKind::Id,
        ]
        .into_iter()
        .map(|expected| WrongType {
            name: name(),
            expected,
            value: "3.5".into(),
        }),
    );
    kinds.map(|kind| sample(kind, "/x", 0..1)).collect()
}

/// The message ids defined in an .ftl file: lines of the form `id = …`.
fn ids(ftl: &str) -> BTreeSet<String> {
    ftl.lines()
        .filter_map(|line| line.split_once(" ="))
        .map(|(id, _)| id.to_string())
        .filter(|id| id.starts_with("grammar-"))
        .collect()
}

#[test]
fn every_message_formats_in_both_languages_using_all_its_arguments() {
    for (lang, ftl) in [("en", EN), ("ro", RO)] {
        let bundle = bundle(lang, ftl);
        for error in every_error() {
            let msg = Msg::from(error);
            let (id, args) = (msg.id(), msg.text_args());
            let text = render(&bundle, id, &args);
            for (key, value) in &args {
                // `$expected` selects a kind message rather than showing.
                let shown = if *key == "expected" {
                    render(&bundle, &format!("grammar-kind-{value}"), &[])
                } else {
                    value.clone()
                };
                assert!(
                    text.contains(&shown),
                    "{lang} {id} does not show ${key}: {text}"
                );
            }
        }
    }
}

#[test]
fn both_languages_define_exactly_the_messages_in_use() {
    let mut used: BTreeSet<String> = every_error()
        .into_iter()
        .map(|e| Msg::from(e).id().to_string())
        .collect();
    used.insert("grammar-usage".to_string());
    for kind in ["text", "user", "number", "boolean", "choice", "id"] {
        used.insert(format!("grammar-kind-{kind}"));
    }
    assert_eq!(ids(EN), used);
    assert_eq!(ids(RO), used);
}

#[test]
fn both_languages_use_the_same_arguments() {
    // Count `{ $arg }` placeables (and selectors) per message in both files.
    fn placeables(ftl: &str) -> HashMap<String, BTreeSet<String>> {
        let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut current = String::new();
        for line in ftl.lines() {
            if let Some((id, _)) = line
                .split_once(" =")
                .filter(|(id, _)| id.starts_with("grammar-"))
            {
                current = id.to_string();
            }
            for part in line.split('$').skip(1) {
                let arg: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                map.entry(current.clone()).or_default().insert(arg);
            }
        }
        map
    }
    assert_eq!(placeables(EN), placeables(RO));
}

#[test]
fn usage_message() {
    let args = [("usage", "/help [command:<text>]".to_string())];
    assert_eq!(
        render(&bundle("en", EN), "grammar-usage", &args),
        "Usage: /help [command:<text>]"
    );
    assert_eq!(
        render(&bundle("ro", RO), "grammar-usage", &args),
        "Utilizare: /help [command:<text>]"
    );
}

#[test]
fn invalid_choice_reads_naturally() {
    let error = sample(
        InvalidChoice {
            name: "priority".into(),
            value: "highest".into(),
            choices: strings(&["low", "normal", "high", "urgent"]),
            ro_choices: strings(&["scăzută", "normală", "ridicată", "urgentă"]),
            suggestion: Some("high".into()),
        },
        "/ticket open priority:highest",
        13..29,
    );
    let msg = Msg::from(error);
    let (id, args) = (msg.id(), msg.text_args());
    assert_eq!(
        render(&bundle("en", EN), id, &args),
        "Option `priority` expects one of low, normal, high, urgent — `highest` is not one of them. \
         Did you mean `high`?"
    );
    assert_eq!(
        render(&bundle("ro", RO), id, &args),
        "Opțiunea `priority` acceptă una dintre valorile low, normal, high, urgent — `highest` nu \
         este printre ele. Ai vrut să scrii `high`?"
    );
}

#[test]
fn wrong_type_names_the_expected_kind() {
    let error = sample(
        WrongType {
            name: "count".into(),
            expected: OptionKind::Number,
            value: "3.5".into(),
        },
        "/x count:3.5",
        9..12,
    );
    let msg = Msg::from(error);
    let (id, args) = (msg.id(), msg.text_args());
    assert_eq!(
        render(&bundle("en", EN), id, &args),
        "Option `count` expects a whole number — `3.5` is not valid."
    );
    assert_eq!(
        render(&bundle("ro", RO), id, &args),
        "Opțiunea `count` așteaptă un număr întreg — `3.5` nu este o valoare potrivită."
    );
}

#[test]
fn romanian_uses_comma_below_diacritics() {
    for cedilla in ['ş', 'Ş', 'ţ', 'Ţ'] {
        assert!(!RO.contains(cedilla), "cedilla {cedilla} in ro/grammar.ftl");
    }
    assert!(RO.contains('ș') && RO.contains('ț'));
}

#[test]
fn message_arguments_follow_the_kind() {
    let error = sample(
        UnknownSubcommand {
            command: "ticket".into(),
            name: "opne".into(),
            suggestion: None,
            available: strings(&["open", "show"]),
        },
        "/ticket opne",
        8..12,
    );
    let msg = Msg::from(error);
    assert_eq!(
        (msg.id(), msg.text_args()),
        (
            "grammar-unknown-subcommand",
            vec![
                ("command", "ticket".to_string()),
                ("name", "opne".to_string()),
                ("available", "open, show".to_string())
            ]
        )
    );
}

#[test]
fn excerpt_marks_the_span() {
    let error = sample(UnbalancedQuote, "/x a:\"bc", 5..8);
    assert_eq!(
        error.excerpt(),
        ("/x a:\"bc".to_string(), "     ^^^".to_string())
    );
}

#[test]
fn excerpt_counts_characters_not_bytes() {
    // `ș`, `ț` are two bytes each, the emoji four.
    let input = "/x șoț:🙂 ăbc";
    let start = input.find("ăbc").unwrap();
    let error = sample(
        UnexpectedToken {
            token: "ăbc".into(),
        },
        input,
        start..input.len(),
    );
    assert_eq!(error.excerpt().1, "         ^^^");
}

#[test]
fn excerpt_of_an_empty_span_shows_one_caret() {
    let error = sample(
        MissingOption {
            name: "dept".into(),
        },
        "/ticket open",
        12..12,
    );
    assert_eq!(error.excerpt().1, "            ^");
}

#[test]
fn excerpt_keeps_tabs_for_alignment() {
    let error = sample(NotACommand, "\tx", 1..2);
    assert_eq!(error.excerpt().1, "\t^");
}

#[test]
fn excerpt_survives_bad_spans() {
    let error = sample(NotACommand, "ăă", 1..99);
    assert_eq!(error.excerpt().1, " ^");
    let error = sample(NotACommand, "ab", Span { start: 5, end: 2 });
    assert_eq!(error.excerpt().1, "  ^");
}

#[test]
fn suggests_within_two_edits() {
    let options = [("priority", Some("prioritate")), ("title", Some("titlu"))];
    assert_eq!(suggest("priorty", options), Some("priority".to_string()));
    assert_eq!(suggest("tilte", options), Some("title".to_string()));
    assert_eq!(suggest("zzz", options), None);
}

#[test]
fn suggests_the_alias_that_matched() {
    let options = [("priority", Some("prioritate"))];
    assert_eq!(
        suggest("prioritat", options),
        Some("prioritate".to_string())
    );
}

#[test]
fn suggestion_ignores_case() {
    assert_eq!(suggest("HIHG", [("high", None)]), Some("high".to_string()));
}

#[test]
fn suggests_a_unique_prefix() {
    let options = [("priority", Some("prioritate")), ("parent", None)];
    assert_eq!(suggest("prio", options), Some("priority".to_string()));
    // `p` starts both.
    assert_eq!(suggest("p", options), None);
    assert_eq!(
        suggest("highest", [("low", None), ("high", None)]),
        Some("high".to_string())
    );
}

#[test]
fn short_inputs_need_a_closer_match() {
    assert_eq!(suggest("ab", [("id", None)]), None);
    assert_eq!(suggest("it", [("id", None)]), Some("id".to_string()));
}

#[test]
fn nothing_to_suggest_for_empty_input() {
    assert_eq!(suggest("", [("low", None)]), None);
}

#[test]
fn excerpt_of_a_megabyte_line_is_a_short_window_around_the_span() {
    // Issue #12, part 7: a 1 MB title once produced 3 MB of error output.
    let input = format!("/ticket open dept:it title:{}", "a".repeat(1 << 20));
    let start = input.find("title:").unwrap();
    let error = sample(
        TooLong {
            name: "title".into(),
            max: 200,
            actual: 1 << 20,
        },
        &input,
        start..input.len(),
    );
    let (line, marker) = error.excerpt();
    assert_eq!(line.chars().count(), 82, "{line}");
    assert!(
        line.starts_with("…ticket open dept:it title:aaa") && line.ends_with('…'),
        "{line}"
    );
    assert_eq!(marker, format!("{}{}", " ".repeat(21), "^".repeat(60)));
}
