use super::*;
use crate::i18n::test_bundle::{bundle, render};
use crate::i18n::Locale::{En, Ro};

const EN_FTL: &str = include_str!("../../../i18n/en/money.ftl");
const RO_FTL: &str = include_str!("../../../i18n/ro/money.ftl");

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::Eur)
}

fn unreadable(text: &str) -> MoneyError {
    MoneyError::Unreadable { text: text.into() }
}

/// Parses as an English and as a Romanian writer; asserts both read `text` alike.
#[track_caller]
fn parse_alike(text: &str, default: Option<Currency>) -> Result<Money, MoneyError> {
    let en = Money::parse(text, default, En);
    assert_eq!(
        en,
        Money::parse(text, default, Ro),
        "{text:?} read differently"
    );
    en
}

#[test]
fn currency_words_and_symbols() {
    let cases: &[(&str, Option<Currency>)] = &[
        ("EUR", Some(Currency::Eur)),
        ("eur", Some(Currency::Eur)),
        ("€", Some(Currency::Eur)),
        ("Euro", Some(Currency::Eur)),
        (" euro ", Some(Currency::Eur)),
        ("RON", Some(Currency::Ron)),
        ("ron", Some(Currency::Ron)),
        ("lei", Some(Currency::Ron)),
        ("LEI", Some(Currency::Ron)),
        ("leu", Some(Currency::Ron)),
        ("USD", Some(Currency::Usd)),
        ("usd", Some(Currency::Usd)),
        ("$", Some(Currency::Usd)),
        ("GBP", None),
        ("£", None),
        ("", None),
        ("eu", None),
        ("euros", None),
        ("US$", None),
    ];
    for (text, expected) in cases {
        assert_eq!(Currency::parse(text), *expected, "{text:?}");
    }
}

#[test]
fn currency_codes_round_trip_through_parse_and_serde() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Wrap {
        c: Currency,
    }
    for currency in Currency::ALL {
        assert_eq!(Currency::parse(currency.code()), Some(currency));
        assert_eq!(currency.to_string(), currency.code());
        let text = toml::to_string(&Wrap { c: currency }).unwrap();
        assert_eq!(text.trim(), format!("c = \"{}\"", currency.code()));
        assert_eq!(toml::from_str::<Wrap>(&text).unwrap(), Wrap { c: currency });
    }
    assert!(toml::from_str::<Wrap>("c = \"GBP\"").is_err());
}

/// Separator rules that do not depend on the writer: (input, minor units). All without
/// currency, default EUR.
#[test]
fn separators_are_read_in_both_conventions() {
    let cases: &[(&str, i64)] = &[
        ("4500", 450_000),
        ("4 500", 450_000),
        ("4\u{a0}500", 450_000),
        ("4\u{202f}500", 450_000),
        ("4  500", 450_000),
        ("4,5", 450),
        ("4.5", 450),
        ("4,50", 450),
        ("4.05", 405),
        ("1.234,56", 123_456),
        ("1,234.56", 123_456),
        ("1 234,56", 123_456),
        ("1 234.56", 123_456),
        ("4.500,50", 450_050),
        ("4,500.50", 450_050),
        ("12,34", 1234),
        ("1234,56", 123_456),
        ("1234.5", 123_450),
        ("12345,6", 1_234_560),
        ("1.234.567", 123_456_700),
        ("1,234,567", 123_456_700),
        ("1 234 567", 123_456_700),
        ("1.234.567,89", 123_456_789),
        ("1,234,567.89", 123_456_789),
        ("1000000", 100_000_000),
        ("0,5", 50),
        ("0.01", 1),
        ("0500", 50_000),
        ("4500.00", 450_000),
        ("1000.01", 100_001),
        ("999", 99_900),
        ("0.50", 50),
        ("1", 100),
    ];
    for (text, minor) in cases {
        assert_eq!(
            parse_alike(text, Some(Currency::Eur)),
            Ok(eur(*minor)),
            "{text:?}"
        );
    }
}

/// Issue #12: a single mark before three digits is read the writer's way. The writer's
/// thousands mark groups; their decimal mark would give three decimals, which is refused,
/// naming what the other convention reads and the forms that read one way only.
#[test]
fn three_digits_after_one_mark_are_read_the_writers_way() {
    let ambiguous = |text: &str, writer, other: i64| MoneyError::Ambiguous {
        text: text.into(),
        writer,
        decimals: 3,
        other,
        currency: Some(Currency::Eur),
    };
    /// Minor units, or the refusal.
    type Reading = Result<i64, MoneyError>;
    // (text, as an English writer reads it, as a Romanian writer reads it)
    let cases: Vec<(&str, Reading, Reading)> = vec![
        ("4,500", Ok(450_000), Err(ambiguous("4,500", Ro, 450_000))),
        ("4.500", Err(ambiguous("4.500", En, 450_000)), Ok(450_000)),
        (
            "5.001 EUR",
            Err(ambiguous("5.001 EUR", En, 500_100)),
            Ok(500_100),
        ),
        (
            "1,500 EUR",
            Ok(150_000),
            Err(ambiguous("1,500 EUR", Ro, 150_000)),
        ),
        (
            "12.500 EUR",
            Err(ambiguous("12.500 EUR", En, 1_250_000)),
            Ok(1_250_000),
        ),
        (
            "12.345",
            Err(ambiguous("12.345", En, 1_234_500)),
            Ok(1_234_500),
        ),
        // Unambiguous forms read the same for everyone.
        ("5.001,00", Ok(500_100), Ok(500_100)),
        ("5,001.00", Ok(500_100), Ok(500_100)),
        ("1.234.567", Ok(123_456_700), Ok(123_456_700)),
        ("1,234,567", Ok(123_456_700), Ok(123_456_700)),
        // Three decimals the writer's way and nothing readable the other way.
        (
            "1234.567",
            Err(MoneyError::TooManyDecimals {
                text: "1234.567".into(),
            }),
            Err(unreadable("1234.567")),
        ),
        (
            "1234,567",
            Err(unreadable("1234,567")),
            Err(MoneyError::TooManyDecimals {
                text: "1234,567".into(),
            }),
        ),
        (
            "1 234.567",
            Err(MoneyError::TooManyDecimals {
                text: "1 234.567".into(),
            }),
            Err(unreadable("1 234.567")),
        ),
    ];
    for (text, en, ro) in cases {
        for (writer, expected) in [(En, en), (Ro, ro)] {
            assert_eq!(
                Money::parse(text, Some(Currency::Eur), writer).map(Money::minor),
                expected,
                "{text:?} written in {writer:?}"
            );
        }
    }
}

#[test]
fn the_ambiguity_refusal_names_both_readings_and_the_safe_forms() {
    // (writer, their catalogue, what they wrote, what the refusal must say)
    let cases = [
        (
            En,
            bundle("en", EN_FTL),
            "5.001 EUR",
            [
                "3 decimals",
                "5,001.00 EUR",
                "`5001`",
                "`5,001.00`",
                "`5.001,00`",
            ],
        ),
        (
            Ro,
            bundle("ro", RO_FTL),
            "1,500 EUR",
            [
                "3 zecimale",
                "1.500,00 EUR",
                "`1500`",
                "`1,500.00`",
                "`1.500,00`",
            ],
        ),
    ];
    for (writer, catalogue, written, parts) in cases {
        let msg = Msg::from(Money::parse(written, None, writer).unwrap_err());
        let text = render(&catalogue, msg.id(), &msg.text_args());
        for part in std::iter::once(written).chain(parts) {
            assert!(text.contains(part), "{part}: {text}");
        }
    }
}

#[test]
fn currency_before_or_after_with_or_without_space() {
    let cases: &[(&str, i64, Currency)] = &[
        ("€4500", 450_000, Currency::Eur),
        ("4500€", 450_000, Currency::Eur),
        ("€ 4500", 450_000, Currency::Eur),
        ("4500 €", 450_000, Currency::Eur),
        ("4 500 lei", 450_000, Currency::Ron),
        ("4.500,50 lei", 450_050, Currency::Ron),
        ("$ 12.50", 1250, Currency::Usd),
        ("$12.50", 1250, Currency::Usd),
        ("12.50$", 1250, Currency::Usd),
        ("RON 100", 10_000, Currency::Ron),
        ("100 ron", 10_000, Currency::Ron),
        ("100 leu", 10_000, Currency::Ron),
        ("EUR4500", 450_000, Currency::Eur),
        ("4 500 EUR", 450_000, Currency::Eur),
        ("4,500.50 USD", 450_050, Currency::Usd),
        ("usd 7", 700, Currency::Usd),
        ("  25 euro  ", 2500, Currency::Eur),
        ("1\u{a0}000\u{a0}lei", 100_000, Currency::Ron),
    ];
    for (text, minor, currency) in cases {
        // A written currency wins over the default.
        assert_eq!(
            parse_alike(text, Some(Currency::Usd)).map(|m| (m.minor(), m.currency())),
            Ok((*minor, *currency)),
            "{text:?}"
        );
    }
}

#[test]
fn the_default_currency_applies_only_when_none_is_written() {
    assert_eq!(
        parse_alike("100", Some(Currency::Ron)),
        Ok(Money::new(10_000, Currency::Ron))
    );
    assert_eq!(
        parse_alike("100", None),
        Err(MoneyError::MissingCurrency { text: "100".into() })
    );
    assert_eq!(
        parse_alike("100 EUR", None),
        Ok(Money::new(10_000, Currency::Eur))
    );
}

#[test]
fn refusals() {
    let not_positive = |t: &str| MoneyError::NotPositive { text: t.into() };
    let decimals = |t: &str| MoneyError::TooManyDecimals { text: t.into() };
    let large = |t: &str| MoneyError::TooLarge { text: t.into() };
    let cases: Vec<(&str, MoneyError)> = vec![
        ("", MoneyError::Empty),
        ("   ", MoneyError::Empty),
        ("\u{a0}", MoneyError::Empty),
        // Malformed or ambiguous grouping.
        ("1,234,56", unreadable("1,234,56")),
        ("1.23.4", unreadable("1.23.4")),
        ("1.234.56", unreadable("1.234.56")),
        ("1,234.567.89", unreadable("1,234.567.89")),
        ("1.234 567", unreadable("1.234 567")),
        ("1 2", unreadable("1 2")),
        ("12 34", unreadable("12 34")),
        ("0 500", unreadable("0 500")),
        ("0.500.000", unreadable("0.500.000")),
        ("4.,5", unreadable("4.,5")),
        ("4 .500", unreadable("4 .500")),
        ("4,,500", unreadable("4,,500")),
        ("4..5", unreadable("4..5")),
        ("4'500", unreadable("4'500")),
        ("4_500", unreadable("4_500")),
        // Not a number at all, or stray marks around it.
        ("abc", unreadable("abc")),
        ("EUR", unreadable("EUR")),
        ("€", unreadable("€")),
        (".50", unreadable(".50")),
        ("4500.", unreadable("4500.")),
        ("4500,", unreadable("4500,")),
        ("4500 EUR.", unreadable("4500 EUR.")),
        ("EUR 4500 EUR", unreadable("EUR 4500 EUR")),
        ("€4500 lei", unreadable("€4500 lei")),
        ("12 EUR 50", unreadable("12 EUR 50")),
        ("4500 US dollars", unreadable("4500 US dollars")),
        ("US$ 5", unreadable("US$ 5")),
        ("+5", unreadable("+5")),
        ("1e6", unreadable("1e6")),
        ("4500 -", unreadable("4500 -")),
        ("5-3", unreadable("5-3")),
        // Not positive.
        ("0", not_positive("0")),
        ("0,00", not_positive("0,00")),
        ("0.0 EUR", not_positive("0.0 EUR")),
        ("-5", not_positive("-5")),
        ("- 5 EUR", not_positive("- 5 EUR")),
        ("-€5", not_positive("-€5")),
        ("€-5", not_positive("€-5")),
        ("EUR -5", not_positive("EUR -5")),
        ("\u{2212}5", not_positive("\u{2212}5")),
        // More than two decimals.
        ("12.3456", decimals("12.3456")),
        ("4.5000", decimals("4.5000")),
        ("1.234,567", decimals("1.234,567")),
        ("1,234.567", decimals("1,234.567")),
        ("4,500.505", decimals("4,500.505")),
        ("0.125", decimals("0.125")),
        ("0,125 lei", decimals("0,125 lei")),
        // Too large.
        ("1000000000000.01", large("1000000000000.01")),
        ("1 000 000 000 001", large("1 000 000 000 001")),
        ("99999999999999999999999", large("99999999999999999999999")),
    ];
    for (text, expected) in cases {
        assert_eq!(
            parse_alike(text, Some(Currency::Eur)),
            Err(expected),
            "{text:?}"
        );
    }
}

#[test]
fn the_upper_bound_is_inclusive() {
    assert_eq!(
        parse_alike("1.000.000.000.000", Some(Currency::Eur)),
        Ok(eur(MAX_MINOR))
    );
    assert_eq!(
        parse_alike("00000000000000000001", Some(Currency::Eur)),
        Ok(eur(100))
    );
}

#[test]
fn unknown_currencies_are_named() {
    let cases: &[(&str, &str)] = &[
        ("4500 GBP", "GBP"),
        ("£4500", "£"),
        ("4500 lire", "lire"),
        ("CHF 10", "CHF"),
        ("10 euros", "euros"),
    ];
    for (text, currency) in cases {
        assert_eq!(
            parse_alike(text, Some(Currency::Eur)),
            Err(MoneyError::UnknownCurrency {
                text: (*text).into(),
                currency: (*currency).into()
            }),
            "{text:?}"
        );
    }
}

#[test]
fn long_input_is_refused_and_echoed_short() {
    let long = format!("{} EUR", "1".repeat(200));
    let Err(MoneyError::Unreadable { text }) = parse_alike(&long, None) else {
        panic!("long input must be unreadable");
    };
    assert_eq!(text.chars().count(), MAX_ECHO_CHARS);
    assert!(text.ends_with('…'));
}

#[test]
fn arbitrary_characters_never_panic() {
    let alphabet = [
        "0", "1", "9", ".", ",", " ", "\u{a0}", "-", "€", "$", "lei", "é", "ș", "\u{2212}", "x",
        "🙂", "\t", "'",
    ];
    // Every string of up to four pieces: 18^4 ≈ 105k inputs, all answered without panic.
    let mut count = 0;
    let mut stack: Vec<String> = vec![String::new()];
    while let Some(text) = stack.pop() {
        for writer in [En, Ro] {
            let _ = Money::parse(&text, Some(Currency::Eur), writer);
            let _ = Money::parse(&text, None, writer);
        }
        count += 1;
        if text.chars().count() < 4 {
            for piece in alphabet {
                stack.push(format!("{text}{piece}"));
            }
        }
    }
    assert!(count > 10_000);
}

#[test]
fn exceeds_compares_with_whole_units() {
    let cases: &[(i64, i64, bool)] = &[
        (50_000, 1000, false),
        (100_000, 1000, false),
        (100_001, 1000, true),
        (1_000_000, 10_000, false),
        (1_000_001, 10_000, true),
        (5_000_000, 10_000, true),
        (1, 0, true),
        (1, -1, true),
        (MAX_MINOR, i64::MAX, false),
        (i64::MAX, i64::MAX, false),
        (i64::MAX, i64::MIN, true),
    ];
    for (minor, units, expected) in cases {
        assert_eq!(eur(*minor).exceeds(*units), *expected, "{minor} > {units}");
    }
}

#[test]
fn formatting_in_both_languages() {
    let cases: &[(i64, Currency, &str, &str)] = &[
        (450_000, Currency::Eur, "4,500.00 EUR", "4.500,00 EUR"),
        (450_050, Currency::Ron, "4,500.50 RON", "4.500,50 RON"),
        (1, Currency::Usd, "0.01 USD", "0,01 USD"),
        (99_999, Currency::Eur, "999.99 EUR", "999,99 EUR"),
        (
            100_000_000,
            Currency::Eur,
            "1,000,000.00 EUR",
            "1.000.000,00 EUR",
        ),
        (
            MAX_MINOR,
            Currency::Eur,
            "1,000,000,000,000.00 EUR",
            "1.000.000.000.000,00 EUR",
        ),
        (-12_345, Currency::Eur, "-123.45 EUR", "-123,45 EUR"),
        (
            i64::MIN,
            Currency::Eur,
            "-92,233,720,368,547,758.08 EUR",
            "-92.233.720.368.547.758,08 EUR",
        ),
    ];
    for (minor, currency, en, ro) in cases {
        let m = Money::new(*minor, *currency);
        assert_eq!(format(m, false), *en);
        assert_eq!(format(m, true), *ro);
        assert_eq!(m.to_string(), *en);
    }
}

#[test]
fn formatted_amounts_parse_back() {
    for minor in [1, 99, 100, 12_345, 450_050, 100_000_000, MAX_MINOR] {
        for currency in Currency::ALL {
            let m = Money::new(minor, currency);
            assert_eq!(parse_alike(&format(m, false), None), Ok(m));
            assert_eq!(parse_alike(&format(m, true), None), Ok(m));
        }
    }
}

// --- messages -----------------------------------------------------------------------

fn every_error() -> Vec<MoneyError> {
    let text = || "4,5,6 GBP".to_owned();
    vec![
        MoneyError::Empty,
        MoneyError::Unreadable { text: text() },
        MoneyError::NotPositive { text: text() },
        MoneyError::TooManyDecimals { text: text() },
        MoneyError::Ambiguous {
            text: text(),
            writer: En,
            decimals: 3,
            other: 450_000,
            currency: Some(Currency::Eur),
        },
        MoneyError::UnknownCurrency {
            text: text(),
            currency: "GBP".into(),
        },
        MoneyError::MissingCurrency { text: text() },
        MoneyError::TooLarge { text: text() },
    ]
}

#[test]
fn every_error_renders_in_both_languages_and_ends_with_examples() {
    for (lang, source) in [("en", EN_FTL), ("ro", RO_FTL)] {
        let bundle = bundle(lang, source);
        let examples = render(&bundle, "money-examples", &[]);
        for error in every_error() {
            let msg = Msg::from(error);
            let (id, args) = (msg.id(), msg.text_args());
            let text = render(&bundle, id, &args);
            for (_, value) in &args {
                assert!(text.contains(value.as_str()), "{lang} {id}: {text}");
            }
            // An ambiguous amount ends with the forms that read one way only instead.
            let tail = text.trim_end_matches('.');
            let ambiguous = ["money-ambiguous-written-en", "money-ambiguous-written-ro"];
            let ending = if ambiguous.contains(&id) {
                "`4.500,00`"
            } else {
                &examples
            };
            assert!(tail.ends_with(ending), "{lang} {id}: {text}");
        }
    }
}

/// The examples shown to users must themselves be accepted, without a default currency, and
/// read alike whoever writes them.
#[test]
fn the_examples_in_the_messages_parse() {
    for source in [EN_FTL, RO_FTL] {
        let line = source
            .lines()
            .find(|l| l.starts_with("money-examples ="))
            .expect("money-examples defined");
        let examples: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        assert!(examples.len() >= 3, "{line}");
        for example in examples {
            assert!(parse_alike(example, None).is_ok(), "{example}");
        }
    }
}
