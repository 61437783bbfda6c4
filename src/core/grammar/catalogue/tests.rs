use super::*;

/// A catalogue shaped like the real one, shared by the parser's tests.
pub(in super::super) const TICKET: &str = r#"
name = "ticket"
ro_name = "tichet"
description = { en = "Open and work tickets", ro = "Deschide și lucrează tichete" }

[[sub]]
name = "open"
ro_name = "deschide"
description = { en = "Open a new ticket", ro = "Deschide un tichet nou" }
examples = ['/ticket open dept:it title:"Printer down" priority:high']

[[sub.option]]
name = "dept"
type = "text"
required = true
description = { en = "Department key, e.g. it", ro = "Cheia departamentului, de ex. it" }
max_length = 20

[[sub.option]]
name = "title"
ro_name = "titlu"
type = "text"
required = true
description = { en = "Short title", ro = "Titlu scurt" }
min_length = 3
max_length = 12

[[sub.option]]
name = "priority"
ro_name = "prioritate"
type = "choice"
description = { en = "How urgent", ro = "Cât de urgent" }
choices = ["low", "normal", "high", "urgent"]

[[sub.option]]
name = "assignee"
ro_name = "responsabil"
type = "user"
description = { en = "Who works on it", ro = "Cine se ocupă" }

[[sub.option]]
name = "count"
type = "number"
description = { en = "How many", ro = "Câte" }
min = 1
max = 100

[[sub.option]]
name = "notify"
ro_name = "anunta"
type = "boolean"
description = { en = "Notify the team", ro = "Anunță echipa" }

[[sub.option]]
name = "parent"
type = "id"
description = { en = "Parent ticket", ro = "Tichetul părinte" }

[[sub]]
name = "show"
ro_name = "arata"
description = { en = "Show a ticket", ro = "Arată un tichet" }
examples = ["/tichet arata IT-4"]

[[sub.option]]
name = "id"
type = "id"
required = true
description = { en = "Ticket id", ro = "Identificatorul tichetului" }
"#;

pub(in super::super) const HELP: &str = r#"
name = "help"
ro_name = "ajutor"
description = { en = "Show help", ro = "Arată ajutorul" }
examples = ["/help", "/help command:ticket"]

[[option]]
name = "command"
ro_name = "comanda"
type = "text"
description = { en = "A command", ro = "O comandă" }
"#;

pub(in super::super) const WHOAMI: &str = r#"
name = "whoami"
description = { en = "Who am I", ro = "Cine sunt eu" }
"#;

pub(in super::super) fn catalogue() -> Catalogue {
    Catalogue::from_sources(&[
        ("ticket.toml", TICKET),
        ("help.toml", HELP),
        ("whoami.toml", WHOAMI),
    ])
    .unwrap()
}

/// The problem reported for a single-file catalogue.
fn problem(text: &str) -> (String, CatalogueProblem) {
    invalid(Catalogue::from_sources(&[("x.toml", text)]))
}

/// The item and problem of the validation error a check of `x.toml` must report.
pub(in super::super) fn invalid<T: std::fmt::Debug>(
    result: Result<T, CatalogueError>,
) -> (String, CatalogueProblem) {
    match result {
        Err(CatalogueError::Invalid {
            file,
            item,
            problem,
        }) => {
            assert_eq!(file, "x.toml");
            (item, problem)
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A one-option command with `extra` added to the option table.
fn with_option(extra: &str) -> String {
    format!(
        "name = \"x\"\ndescription = {{ en = \"X\", ro = \"X\" }}\n[[option]]\nname = \"o\"\n\
         description = {{ en = \"O\", ro = \"O\" }}\n{extra}\n"
    )
}

#[test]
fn loads_in_file_order() {
    let names: Vec<_> = catalogue()
        .commands()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, ["ticket", "help", "whoami"]);
}

#[test]
fn reads_every_field() {
    let catalogue = catalogue();
    let open = &catalogue.command("ticket").unwrap().subs[0];
    assert_eq!(open.ro_name.as_deref(), Some("deschide"));
    assert_eq!(open.description.ro, "Deschide un tichet nou");
    let title = &open.options[1];
    assert_eq!(title.kind, OptionKind::Text);
    assert!(title.required);
    assert_eq!((title.min_length, title.max_length), (Some(3), Some(12)));
    let count = &open.options[4];
    assert_eq!((count.min, count.max), (Some(1), Some(100)));
    assert!(!count.required);
    assert_eq!(open.options[2].choices, ["low", "normal", "high", "urgent"]);
}

#[test]
fn finds_commands_by_name_or_alias_ignoring_case() {
    let catalogue = catalogue();
    assert_eq!(catalogue.command("TICKET").unwrap().name, "ticket");
    assert_eq!(catalogue.command("Tichet").unwrap().name, "ticket");
    assert_eq!(catalogue.command("ajutor").unwrap().name, "help");
    assert!(catalogue.command("tick").is_none());
}

#[test]
fn usage_of_a_sub() {
    assert_eq!(
        catalogue().usage("ticket", Some("open")).as_deref(),
        Some(
            "/ticket open dept:<text> title:<text> [priority:low|normal|high|urgent] \
             [assignee:@member] [count:<number>] [notify:<yes|no>] [parent:<id>]"
        )
    );
}

#[test]
fn usage_by_aliases_uses_canonical_names() {
    assert_eq!(
        catalogue().usage("tichet", Some("ARATA")).as_deref(),
        Some("/ticket show id:<id>")
    );
}

#[test]
fn usage_lists_subs_when_none_is_given() {
    assert_eq!(
        catalogue().usage("ticket", None).as_deref(),
        Some("/ticket open|show")
    );
}

#[test]
fn usage_of_commands_without_subs() {
    let catalogue = catalogue();
    assert_eq!(
        catalogue.usage("help", None).as_deref(),
        Some("/help [command:<text>]")
    );
    assert_eq!(catalogue.usage("whoami", None).as_deref(), Some("/whoami"));
}

#[test]
fn usage_of_unknown_things_is_none() {
    let catalogue = catalogue();
    assert_eq!(catalogue.usage("nope", None), None);
    assert_eq!(catalogue.usage("ticket", Some("nope")), None);
    assert_eq!(catalogue.usage("help", Some("open")), None);
}

#[test]
fn examples_of_commands_and_subs() {
    let catalogue = catalogue();
    let examples: Vec<_> = catalogue.examples().collect();
    assert_eq!(
        examples,
        [
            "/ticket open dept:it title:\"Printer down\" priority:high",
            "/tichet arata IT-4",
            "/help",
            "/help command:ticket",
        ]
    );
}

#[test]
fn toml_syntax_error_names_the_file() {
    let error = Catalogue::from_sources(&[("bad.toml", "name = ")]).unwrap_err();
    assert!(matches!(&error, CatalogueError::Toml { file, .. } if file == "bad.toml"));
    assert!(error.to_string().starts_with("bad.toml: invalid TOML"));
}

#[test]
fn unknown_fields_are_rejected() {
    let error =
        Catalogue::from_sources(&[("x.toml", &with_option("type = \"text\"\nrequird = true"))])
            .unwrap_err();
    assert!(matches!(error, CatalogueError::Toml { .. }), "{error}");
}

#[test]
fn unknown_type_is_rejected() {
    let error =
        Catalogue::from_sources(&[("x.toml", &with_option("type = \"date\""))]).unwrap_err();
    assert!(matches!(error, CatalogueError::Toml { .. }), "{error}");
}

#[test]
fn names_must_follow_discords_rule() {
    let text = TICKET.replace("name = \"dept\"", "name = \"Dept\"");
    assert_eq!(
        problem(&text),
        (
            "ticket open Dept".to_string(),
            CatalogueProblem::BadName("Dept".to_string())
        )
    );
    let long = "a".repeat(33);
    let text = WHOAMI.replace("whoami", &long);
    assert_eq!(problem(&text).1, CatalogueProblem::BadName(long));
}

#[test]
fn ro_names_must_follow_discords_rule() {
    let text = TICKET.replace("ro_name = \"arata\"", "ro_name = \"arată\"");
    assert_eq!(
        problem(&text),
        (
            "ticket show".to_string(),
            CatalogueProblem::BadName("arată".to_string())
        )
    );
}

#[test]
fn descriptions_must_have_1_to_100_chars() {
    let text = WHOAMI.replace("ro = \"Cine sunt eu\"", "ro = \"  \"");
    assert_eq!(
        problem(&text).1,
        CatalogueProblem::BadDescription { lang: "ro", len: 2 }
    );
    // 100 characters but 200 bytes is fine; 101 is not.
    let ok = WHOAMI.replace("Who am I", &"ă".repeat(100));
    assert!(Catalogue::from_sources(&[("x.toml", &ok)]).is_ok());
    let text = WHOAMI.replace("Who am I", &"a".repeat(101));
    assert_eq!(
        problem(&text).1,
        CatalogueProblem::BadDescription {
            lang: "en",
            len: 101
        }
    );
}

#[test]
fn duplicate_command_names_across_files() {
    let alias = HELP.replace("ajutor", "tichet");
    let error =
        Catalogue::from_sources(&[("ticket.toml", TICKET), ("help.toml", &alias)]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "help.toml: `help`: the name `tichet` is used twice (names and ro_names must all differ)"
    );
}

#[test]
fn duplicate_sub_names() {
    let text = TICKET.replace("ro_name = \"arata\"", "ro_name = \"deschide\"");
    assert_eq!(
        problem(&text),
        (
            "ticket show".to_string(),
            CatalogueProblem::Duplicate("deschide".to_string())
        )
    );
}

#[test]
fn duplicate_option_names() {
    let text = TICKET.replace("ro_name = \"responsabil\"", "ro_name = \"titlu\"");
    assert_eq!(
        problem(&text),
        (
            "ticket open assignee".to_string(),
            CatalogueProblem::Duplicate("titlu".to_string())
        )
    );
}

#[test]
fn alias_equal_to_its_own_name_is_allowed() {
    let text = HELP.replace("ro_name = \"comanda\"", "ro_name = \"command\"");
    assert!(Catalogue::from_sources(&[("x.toml", &text)]).is_ok());
}

#[test]
fn options_and_subs_are_exclusive() {
    let text = with_option("type = \"text\"")
        + "[[sub]]\nname = \"s\"\ndescription = { en = \"S\", ro = \"S\" }\n";
    assert_eq!(
        problem(&text),
        ("x".to_string(), CatalogueProblem::OptionsAndSubs)
    );
}

#[test]
fn required_options_come_first() {
    let text = with_option("type = \"text\"")
        + "[[option]]\nname = \"p\"\ntype = \"text\"\nrequired = true\n\
           description = { en = \"P\", ro = \"P\" }\n";
    assert_eq!(
        problem(&text),
        (
            "x p".to_string(),
            CatalogueProblem::RequiredAfterOptional("p".to_string())
        )
    );
}

#[test]
fn choice_needs_choices() {
    assert_eq!(
        problem(&with_option("type = \"choice\"")),
        ("x o".to_string(), CatalogueProblem::MissingChoices)
    );
}

#[test]
fn choices_only_on_choice() {
    assert_eq!(
        problem(&with_option("type = \"text\"\nchoices = [\"a\"]")).1,
        CatalogueProblem::UnexpectedChoices
    );
}

#[test]
fn at_most_25_choices() {
    let choices: Vec<String> = (0..26).map(|i| format!("\"c{i}\"")).collect();
    let option = format!("type = \"choice\"\nchoices = [{}]", choices.join(", "));
    assert_eq!(
        problem(&with_option(&option)).1,
        CatalogueProblem::TooManyChoices(26)
    );
}

#[test]
fn choices_have_1_to_100_chars() {
    let long = "ș".repeat(101);
    let option = format!("type = \"choice\"\nchoices = [\"a\", \"{long}\"]");
    assert_eq!(
        problem(&with_option(&option)).1,
        CatalogueProblem::BadChoice(long)
    );
    let option = "type = \"choice\"\nchoices = [\"\"]";
    assert_eq!(
        problem(&with_option(option)).1,
        CatalogueProblem::BadChoice(String::new())
    );
}

#[test]
fn choices_differ_ignoring_case() {
    let option = "type = \"choice\"\nchoices = [\"High\", \"high\"]";
    assert_eq!(
        problem(&with_option(option)).1,
        CatalogueProblem::DuplicateChoice("high".to_string())
    );
}

#[test]
fn romanian_choices_give_one_spelling_per_choice_and_name_no_other() {
    let option = "type = \"choice\"\nchoices = [\"low\", \"high\"]\nro_choices = [\"scăzută\"]";
    assert_eq!(
        problem(&with_option(option)).1,
        CatalogueProblem::RoChoicesMismatch {
            expected: 2,
            actual: 1
        }
    );
    let option =
        "type = \"choice\"\nchoices = [\"low\", \"high\"]\nro_choices = [\"high\", \"înaltă\"]";
    assert_eq!(
        problem(&with_option(option)).1,
        CatalogueProblem::DuplicateChoice("high".to_string())
    );
}

#[test]
fn a_choice_reads_in_either_language_case_and_diacritics_aside() {
    let catalogue = crate::core::grammar::builtin();
    let open = catalogue
        .command("ticket")
        .unwrap()
        .subs
        .iter()
        .find(|s| s.name == "open");
    let priority = open
        .unwrap()
        .options
        .iter()
        .find(|o| o.name == "priority")
        .unwrap();
    for typed in ["urgent", "URGENT", "urgentă", "Urgentă", "urgenta"] {
        assert_eq!(priority.choice(typed), Some("urgent"), "{typed}");
    }
    assert_eq!(priority.choice("scazuta"), Some("low"));
    assert_eq!(priority.choice("urgentissimo"), None);
    assert_eq!(
        catalogue.usages("ticket", Some("open")).unwrap().ro,
        "/tichet deschide dept:<text> titlu:<text> [prioritate:scăzută|normală|ridicată|urgentă] \
         [client:<text>] [detalii:<text>]"
    );
}

#[test]
fn lengths_only_on_text() {
    assert_eq!(
        problem(&with_option("type = \"number\"\nmax_length = 3")).1,
        CatalogueProblem::LengthOnNonText
    );
}

#[test]
fn range_only_on_number() {
    assert_eq!(
        problem(&with_option("type = \"text\"\nmin = 3")).1,
        CatalogueProblem::RangeOnNonNumber
    );
}

#[test]
fn minimum_not_above_maximum() {
    assert_eq!(
        problem(&with_option("type = \"number\"\nmin = 3\nmax = 2")).1,
        CatalogueProblem::EmptyRange
    );
    assert_eq!(
        problem(&with_option(
            "type = \"text\"\nmin_length = 3\nmax_length = 2"
        ))
        .1,
        CatalogueProblem::EmptyRange
    );
}
