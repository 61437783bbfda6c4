use super::super::catalogue::tests::catalogue;
use super::*;
use crate::i18n::Msg;
use ParseErrorKind::*;

fn ok(line: &str) -> Invocation {
    parse(&catalogue(), line).unwrap_or_else(|error| panic!("{line}: {error:?}"))
}

/// The error's kind and the text its span covers.
fn fails(line: &str) -> (ParseErrorKind, &str) {
    let error = parse(&catalogue(), line).expect_err(line);
    assert_eq!(error.input, line);
    let covered = line
        .get(error.span.clone())
        .expect("span on char boundaries");
    (error.kind, covered)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn full_ticket_line() {
    let call = ok(r#"/ticket open dept:it title:"Printer \"HP\"" priority:high"#);
    assert_eq!(call.command, "ticket");
    assert_eq!(call.sub.as_deref(), Some("open"));
    assert_eq!(call.args.text("dept"), Some("it"));
    assert_eq!(call.args.text("title"), Some("Printer \"HP\""));
    assert_eq!(call.args.choice("priority"), Some("high"));
    assert_eq!(
        call.args.names().collect::<Vec<_>>(),
        ["dept", "priority", "title"]
    );
}

#[test]
fn spans_of_arguments() {
    let line = "/ticket open dept:it  title:abc";
    let call = ok(line);
    assert_eq!(&line[call.args.span("dept").unwrap()], "dept:it");
    assert_eq!(&line[call.args.span("title").unwrap()], "title:abc");
    assert_eq!(call.args.span("priority"), None);
}

#[test]
fn surrounding_whitespace_is_ignored() {
    let call = ok("  \t/whoami  \n");
    assert_eq!(call.command, "whoami");
    assert_eq!(call.args, Args::default());
}

#[test]
fn romanian_aliases_for_command_sub_and_option() {
    let call = ok("/tichet deschide dept:it titlu:„Imprimanta” prioritate:urgent");
    assert_eq!(call.command, "ticket");
    assert_eq!(call.sub.as_deref(), Some("open"));
    assert_eq!(call.args.text("title"), Some("Imprimanta"));
    assert_eq!(call.args.choice("priority"), Some("urgent"));
}

#[test]
fn names_and_choices_ignore_case() {
    let call = ok("/TICKET Open DEPT:it Title:abc PRIORITY:High");
    assert_eq!(call.sub.as_deref(), Some("open"));
    assert_eq!(call.args.text("dept"), Some("it"));
    assert_eq!(call.args.choice("priority"), Some("high"));
}

#[test]
fn positionals_fill_required_options_in_order() {
    let call = ok(r#"/ticket open it "Printer down" priority:low"#);
    assert_eq!(call.args.text("dept"), Some("it"));
    assert_eq!(call.args.text("title"), Some("Printer down"));
}

#[test]
fn positionals_skip_options_given_by_name() {
    let call = ok("/ticket open title:abc it");
    assert_eq!(call.args.text("dept"), Some("it"));
    assert_eq!(call.args.text("title"), Some("abc"));
}

#[test]
fn positional_values_are_type_checked() {
    assert_eq!(ok("/ticket show it-4").args.id("id"), Some("IT-4"));
    assert_eq!(
        fails("/ticket show 4"),
        (
            WrongType {
                name: "id".into(),
                expected: OptionKind::Id,
                value: "4".into()
            },
            "4"
        )
    );
}

#[test]
fn quoted_token_may_start_a_positional() {
    let call = ok(r#"/ticket open "sales" “Ghișeu 🖨️”"#);
    assert_eq!(call.args.text("dept"), Some("sales"));
    assert_eq!(call.args.text("title"), Some("Ghișeu 🖨️"));
}

#[test]
fn times_and_implausible_prefixes_are_values() {
    let call = ok("/ticket open 10:30 x@y:z");
    assert_eq!(call.args.text("dept"), Some("10:30"));
    assert_eq!(call.args.text("title"), Some("x@y:z"));
}

#[test]
fn urls_must_be_quoted() {
    assert_eq!(
        fails("/ticket open it http://x"),
        (
            UnknownOption {
                name: "http".into(),
                suggestion: None,
                available: strings(&[
                    "dept", "title", "priority", "assignee", "count", "notify", "parent"
                ]),
            },
            "http"
        )
    );
    assert_eq!(
        ok(r#"/ticket open it "http://x""#).args.text("title"),
        Some("http://x")
    );
}

#[test]
fn empty_quoted_text_is_kept() {
    let catalogue =
        Catalogue::from_sources(&[("help.toml", super::super::catalogue::tests::HELP)]).unwrap();
    let call = parse(&catalogue, r#"/help command:"""#).unwrap();
    assert_eq!(call.args.text("command"), Some(""));
}

#[test]
fn mentions_are_lowercased_without_the_at() {
    let call = ok("/ticket open it abc assignee:@Alice.B");
    assert_eq!(call.args.user("assignee"), Some("alice.b"));
    let call = ok("/ticket open it abc responsabil:bob_2");
    assert_eq!(call.args.user("assignee"), Some("bob_2"));
}

#[test]
fn bad_mentions() {
    for bad in ["@", "@@bob", "ana maria", "ștefan", &"a".repeat(33)] {
        let line = format!("/ticket open it abc assignee:\"{bad}\"");
        let error = parse(&catalogue(), &line).unwrap_err();
        assert_eq!(
            error.kind,
            WrongType {
                name: "assignee".into(),
                expected: OptionKind::User,
                value: bad.into()
            },
            "{bad}"
        );
    }
}

#[test]
fn numbers() {
    assert_eq!(
        ok("/ticket open it abc count:42").args.number("count"),
        Some(42)
    );
    let catalogue = Catalogue::from_sources(&[(
        "n.toml",
        "name = \"n\"\ndescription = { en = \"N\", ro = \"N\" }\n[[option]]\nname = \"v\"\n\
         type = \"number\"\nrequired = true\ndescription = { en = \"V\", ro = \"V\" }\n",
    )])
    .unwrap();
    assert_eq!(
        parse(&catalogue, "/n -3").unwrap().args.number("v"),
        Some(-3)
    );
    for bad in ["3.5", "1e3", "ten", "99999999999999999999"] {
        let error = parse(&catalogue, &format!("/n {bad}")).unwrap_err();
        assert_eq!(
            error.kind,
            WrongType {
                name: "v".into(),
                expected: OptionKind::Number,
                value: bad.into()
            }
        );
        assert_eq!(error.span, 3..3 + bad.len());
    }
}

#[test]
fn number_out_of_range() {
    assert_eq!(
        fails("/ticket open it abc count:101"),
        (
            OutOfRange {
                name: "count".into(),
                min: Some(1),
                max: Some(100),
                value: 101
            },
            "101"
        )
    );
    assert_eq!(
        fails("/ticket open it abc count:0").0,
        OutOfRange {
            name: "count".into(),
            min: Some(1),
            max: Some(100),
            value: 0
        }
    );
    assert_eq!(
        ok("/ticket open it abc count:100").args.number("count"),
        Some(100)
    );
}

#[test]
fn booleans_in_english_and_romanian() {
    for (word, expected) in [
        ("true", true),
        ("YES", true),
        ("Da", true),
        ("1", true),
        ("false", false),
        ("no", false),
        ("NU", false),
        ("0", false),
    ] {
        let call = ok(&format!("/ticket open it abc notify:{word}"));
        assert_eq!(call.args.boolean("notify"), Some(expected), "{word}");
    }
    assert_eq!(
        fails("/ticket open it abc anunta:poate"),
        (
            WrongType {
                name: "notify".into(),
                expected: OptionKind::Boolean,
                value: "poate".into()
            },
            "poate"
        )
    );
}

#[test]
fn ids_are_uppercased() {
    assert_eq!(ok("/ticket show it-4").args.id("id"), Some("IT-4"));
    assert_eq!(ok("/ticket show Hr2-0042").args.id("id"), Some("HR2-0042"));
    for bad in ["IT4", "4-IT", "IT-", "-4", "IT-4a", "I_T-4", "IT-4-5"] {
        let line = format!("/ticket show {bad}");
        let error = parse(&catalogue(), &line).unwrap_err();
        assert_eq!(
            error.kind,
            WrongType {
                name: "id".into(),
                expected: OptionKind::Id,
                value: bad.into()
            },
            "{bad}"
        );
    }
}

#[test]
fn invalid_choice_with_suggestion() {
    assert_eq!(
        fails("/ticket open it abc priority:highest"),
        (
            InvalidChoice {
                name: "priority".into(),
                value: "highest".into(),
                choices: strings(&["low", "normal", "high", "urgent"]),
                ro_choices: strings(&["low", "normal", "high", "urgent"]),
                suggestion: Some("high".into()),
            },
            "highest"
        )
    );
}

#[test]
fn invalid_choice_without_suggestion() {
    let (kind, covered) = fails("/ticket open it abc priority:\"maybe later\"");
    assert_eq!(covered, "\"maybe later\"");
    assert!(
        matches!(
            kind,
            InvalidChoice {
                suggestion: None,
                ..
            }
        ),
        "{kind:?}"
    );
}

#[test]
fn text_length_counts_characters() {
    // Twelve two-byte characters fit a twelve-character limit.
    assert_eq!(
        ok("/ticket open it ășțîâĂȘȚÎÂăș").args.text("title"),
        Some("ășțîâĂȘȚÎÂăș")
    );
    assert_eq!(
        fails("/ticket open it \"🙂🙂🙂🙂🙂🙂 🙂🙂🙂🙂🙂🙂\""),
        (
            TooLong {
                name: "title".into(),
                max: 12,
                actual: 13
            },
            "\"🙂🙂🙂🙂🙂🙂 🙂🙂🙂🙂🙂🙂\""
        )
    );
    assert_eq!(
        fails("/ticket open it ab"),
        (
            TooShort {
                name: "title".into(),
                min: 3,
                actual: 2
            },
            "ab"
        )
    );
}

#[test]
fn not_a_command() {
    assert_eq!(fails("  ticket open"), (NotACommand, "ticket open"));
    assert_eq!(fails(""), (NotACommand, ""));
    assert_eq!(fails("   "), (NotACommand, ""));
    assert_eq!(fails("\"/ticket\""), (NotACommand, "\"/ticket\""));
}

#[test]
fn empty_command() {
    assert_eq!(fails("/"), (EmptyCommand, "/"));
    assert_eq!(fails(" / ticket"), (EmptyCommand, "/"));
}

#[test]
fn unknown_command_with_and_without_suggestion() {
    assert_eq!(
        fails("/tikcet open"),
        (
            UnknownCommand {
                name: "tikcet".into(),
                suggestion: Some("ticket".into())
            },
            "tikcet"
        )
    );
    assert_eq!(
        fails("/tichte"),
        (
            UnknownCommand {
                name: "tichte".into(),
                suggestion: Some("tichet".into())
            },
            "tichte"
        )
    );
    assert_eq!(
        fails("/deploy now"),
        (
            UnknownCommand {
                name: "deploy".into(),
                suggestion: None
            },
            "deploy"
        )
    );
}

#[test]
fn unknown_command_has_no_usage() {
    assert_eq!(parse(&catalogue(), "/deploy").unwrap_err().usage, None);
}

#[test]
fn missing_subcommand_points_at_the_end() {
    let error = parse(&catalogue(), "/ticket  ").unwrap_err();
    assert_eq!(
        error.kind,
        MissingSubcommand {
            command: "ticket".into(),
            available: strings(&["open", "show"])
        }
    );
    assert_eq!(error.span, 7..7);
    assert_eq!(
        error.usage.map(|u| u.en).as_deref(),
        Some("/ticket open|show")
    );
}

#[test]
fn named_option_in_place_of_the_subcommand() {
    let (kind, covered) = fails("/ticket dept:it");
    assert!(matches!(kind, MissingSubcommand { .. }), "{kind:?}");
    assert_eq!(covered, "dept:it");
}

#[test]
fn unknown_subcommand() {
    assert_eq!(
        fails("/ticket opne dept:it"),
        (
            UnknownSubcommand {
                command: "ticket".into(),
                name: "opne".into(),
                suggestion: Some("open".into()),
                available: strings(&["open", "show"]),
            },
            "opne"
        )
    );
    let (kind, _) = fails("/ticket close");
    assert!(
        matches!(
            kind,
            UnknownSubcommand {
                suggestion: None,
                ..
            }
        ),
        "{kind:?}"
    );
}

#[test]
fn unknown_option_suggests_the_closest_name() {
    let error = parse(&catalogue(), "/ticket open it abc prio:high").unwrap_err();
    assert!(
        matches!(&error.kind, UnknownOption { name, suggestion: Some(s), .. } if name == "prio" && s == "priority"),
        "{:?}",
        error.kind
    );
    assert_eq!(error.span, 20..24);
    assert_eq!(error.usage, catalogue().usages("ticket", Some("open")));
}

#[test]
fn unknown_option_on_a_command_without_options() {
    assert_eq!(
        fails("/whoami verbose:yes"),
        (
            UnknownOption {
                name: "verbose".into(),
                suggestion: None,
                available: vec![]
            },
            "verbose"
        )
    );
}

#[test]
fn repeated_option_points_at_the_second_occurrence() {
    assert_eq!(
        fails("/ticket open dept:it titlu:abc title:def"),
        (
            RepeatedOption {
                name: "title".into()
            },
            "title:def"
        )
    );
}

#[test]
fn repeated_option_even_when_the_value_is_missing() {
    assert_eq!(
        fails("/ticket open dept:it dept:"),
        (
            RepeatedOption {
                name: "dept".into()
            },
            "dept:"
        )
    );
}

#[test]
fn missing_value() {
    assert_eq!(
        fails("/ticket open it title: abc"),
        (
            MissingValue {
                name: "title".into()
            },
            "title:"
        )
    );
}

#[test]
fn missing_option_points_at_the_end_of_the_line() {
    let line = "/ticket open it   ";
    let error = parse(&catalogue(), line).unwrap_err();
    assert_eq!(
        error.kind,
        MissingOption {
            name: "title".into()
        }
    );
    assert_eq!(error.span, 15..15);
    assert_eq!(error.excerpt().1, "               ^");
}

#[test]
fn leftover_positionals_fill_free_optional_options_in_order() {
    let inv = ok("/help ticket");
    assert_eq!(inv.args.text("command"), Some("ticket"));
    assert_eq!(
        fails("/ticket open it abc priority:low @alice 3 yes IT-1 extra"),
        (
            UnexpectedToken {
                token: "extra".into(),
            },
            "extra"
        )
    );
}

#[test]
fn leftover_positional_without_options() {
    assert_eq!(
        fails("/whoami „me”"),
        (
            UnexpectedToken {
                token: "„me”".into(),
            },
            "„me”"
        )
    );
}

#[test]
fn unbalanced_quote_spans_to_the_end() {
    assert_eq!(
        fails("/ticket open it title:“Printer down  "),
        (UnbalancedQuote, "“Printer down")
    );
}

#[test]
fn text_glued_to_a_closing_quote() {
    assert_eq!(
        fails(r#"/ticket open it title:"abc"def"#),
        (
            UnexpectedToken {
                token: "def".into(),
            },
            "def"
        )
    );
}

#[test]
fn errors_after_the_command_carry_its_usage() {
    let error = parse(&catalogue(), "/help x:y").unwrap_err();
    let usage = error.usage.unwrap();
    assert_eq!(usage.en, "/help [command:<text>]");
    assert_eq!(usage.ro, "/ajutor [comanda:<text>]");
}

#[test]
fn args_for_the_discord_adapter() {
    let mut args = Args::default();
    args.insert("count", Value::Number(3));
    args.insert("notify", Value::Boolean(true));
    assert_eq!(args.number("count"), Some(3));
    assert_eq!(args.boolean("notify"), Some(true));
    assert_eq!(args.get("count"), Some(&Value::Number(3)));
    assert_eq!(args.span("count"), None);
    // Typed getters only answer for their own type.
    assert_eq!(args.text("count"), None);
    assert_eq!(args.user("count"), None);
    assert_eq!(args.choice("count"), None);
    assert_eq!(args.id("count"), None);
    assert_eq!(args.boolean("count"), None);
    assert_eq!(args.number("missing"), None);
}

#[test]
fn catalogue_examples_parse() {
    let catalogue = catalogue();
    for example in catalogue.examples() {
        assert!(parse(&catalogue, example).is_ok(), "{example}");
    }
}

#[test]
fn never_panics_on_odd_input() {
    let catalogue = catalogue();
    let odd = [
        "/",
        "//",
        "/:",
        "/ticket :",
        "/ticket open :::",
        "/ticket open \\",
        "/ticket open \"\\",
        "/ticket open „",
        "/ticket open ”",
        "/ticket open \u{0}",
        "/🙂",
        "/ticket 🙂:🙂",
        "/ticket open a:b:c",
        "/ticket open -:-",
        "/ticket open it abc count:-",
        "/\u{a0}",
        "/ticket open it \"\" ",
        "/ticket\topen\tit\tabc",
    ];
    for line in odd {
        if let Err(error) = parse(&catalogue, line) {
            assert!(line.get(error.span.clone()).is_some(), "{line}: {error:?}");
            let _ = error.excerpt();
            let _ = Msg::from(error);
        }
    }
}
