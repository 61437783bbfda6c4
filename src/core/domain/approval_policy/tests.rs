use super::config::RawPolicies;
use super::*;
use crate::core::domain::money::Counted;
use crate::i18n::test_bundle::{bundle, render};
use crate::i18n::Locale;

const EN_FTL: &str = include_str!("../../../i18n/en/money.ftl");
const RO_FTL: &str = include_str!("../../../i18n/ro/money.ftl");

/// The `[approvals]` table inside a whole config file.
#[derive(Debug, Deserialize, Serialize)]
struct Config {
    approvals: ApprovalPolicies,
}

fn load(toml_text: &str) -> Result<ApprovalPolicies, toml::de::Error> {
    toml::from_str::<Config>(toml_text).map(|c| c.approvals)
}

/// Conversion errors as values, bypassing serde's stringly errors.
fn load_raw(toml_text: &str) -> Result<ApprovalPolicies, PolicyError> {
    let raw: RawPolicies = toml::from_str(toml_text).expect("raw config parses");
    ApprovalPolicies::try_from(raw)
}

fn manager_of(key: &str) -> Approver {
    Approver::ManagerOf(DeptKey::parse(key).expect("test department key"))
}

fn member(handle: &str) -> Approver {
    Approver::Member(Handle::parse(handle).expect("test handle"))
}

fn eur(text: &str) -> Option<Money> {
    Some(Money::parse(text, Some(Currency::Eur), Locale::En).expect("test amount parses"))
}

/// An amount in its kind's own currency, as the policy counts it.
fn own(amount: Option<Money>) -> Option<Counted> {
    amount.map(Counted::from)
}

/// A step as `approver+approver`, with `/all` when every approver must approve.
fn describe(steps: &[&Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| {
            let names: Vec<String> = s.approvers.iter().map(ToString::to_string).collect();
            let quorum = if s.quorum == Quorum::All { "/all" } else { "" };
            format!("{}{quorum}", names.join("+"))
        })
        .collect()
}

const DM: &str = "dept_manager";
const ACC: &str = "manager:acc";
const DIR: &str = "role:director";

#[test]
fn default_kinds_give_the_expected_chains() {
    let policies = ApprovalPolicies::default();
    let spending: &[(&str, &[&str])] = &[
        ("500", &[DM]),
        ("1,000", &[DM]),
        ("1,000.01", &[DM, ACC]),
        ("10,000", &[DM, ACC]),
        ("10,000.01", &[DM, ACC, DIR]),
        ("50,000", &[DM, ACC, DIR]),
    ];
    for kind in ["purchase", "expense"] {
        for (amount, expected) in spending {
            let policy = policies.kind(kind).unwrap();
            assert_eq!(
                describe(&policy.steps_for(own(eur(amount)))),
                *expected,
                "{kind} {amount}"
            );
        }
    }
    let constant: &[(&str, &[&str])] =
        &[("budget", &[ACC, "role:director/all"]), ("refund", &[ACC])];
    for (kind, expected) in constant {
        for amount in ["500", "1,000", "1,000.01", "10,000", "50,000"] {
            let policy = policies.kind(kind).unwrap();
            assert_eq!(
                describe(&policy.steps_for(own(eur(amount)))),
                *expected,
                "{kind} {amount}"
            );
        }
    }
    let no_amount: &[(&str, &[&str])] = &[("leave", &[DM]), ("access", &[DM, "manager:it"])];
    for (kind, expected) in no_amount {
        let policy = policies.kind(kind).unwrap();
        assert_eq!(describe(&policy.steps_for(None)), *expected, "{kind}");
    }
}

#[test]
fn default_settings() {
    let policies = ApprovalPolicies::default();
    assert_eq!(
        policies.kinds().collect::<Vec<_>>(),
        ["access", "budget", "expense", "leave", "purchase", "refund"]
    );
    assert!(policies.distinct_steps);
    assert_eq!(policies.stale_after, Span::WorkingDays(2));
    let cases: &[(&str, AmountRule, Option<Currency>)] = &[
        ("purchase", AmountRule::Required, Some(Currency::Eur)),
        ("expense", AmountRule::Required, Some(Currency::Eur)),
        ("budget", AmountRule::Required, Some(Currency::Eur)),
        ("refund", AmountRule::Required, Some(Currency::Eur)),
        ("leave", AmountRule::NoAmount, None),
        ("access", AmountRule::NoAmount, None),
    ];
    for (kind, amount, currency) in cases {
        let policy = policies.kind(kind).unwrap();
        assert_eq!(policy.amount_rule(), *amount, "{kind}");
        assert_eq!(policy.amount_required, *amount == AmountRule::Required);
        assert_eq!(policy.takes_amount, *amount == AmountRule::Required);
        assert_eq!(policy.currency, *currency, "{kind}");
        let escalates = matches!(*kind, "purchase" | "expense");
        let expected = if escalates {
            ExpiryAction::Escalate
        } else {
            ExpiryAction::Expire
        };
        assert_eq!(policy.on_expiry, expected, "{kind}");
    }
    assert_eq!(policies.validate(), Ok(()));
}

#[test]
fn amount_required_wins_over_takes_amount() {
    let cases: &[(bool, bool, AmountRule)] = &[
        (true, true, AmountRule::Required),
        (true, false, AmountRule::Required),
        (false, true, AmountRule::Optional),
        (false, false, AmountRule::NoAmount),
    ];
    for (required, takes, rule) in cases {
        let policy = KindPolicy {
            amount_required: *required,
            takes_amount: *takes,
            currency: Some(Currency::Eur),
            steps: vec![Step::of(Approver::DeptManager)],
            on_expiry: ExpiryAction::Expire,
        };
        assert_eq!(policy.amount_rule(), *rule, "{required} {takes}");
    }
}

#[test]
fn kind_lookup_ignores_case_and_space() {
    let policies = ApprovalPolicies::default();
    assert!(policies.kind(" Purchase ").is_some());
    assert!(policies.kind("PURCHASE").is_some());
    assert!(policies.kind("purchases").is_none());
    assert!(policies.kind("").is_none());
}

#[test]
fn approver_forms() {
    let cases: &[(&str, Option<Approver>)] = &[
        ("dept_manager", Some(Approver::DeptManager)),
        (" DEPT_MANAGER ", Some(Approver::DeptManager)),
        ("manager:acc", Some(manager_of("acc"))),
        ("Manager: IT", Some(manager_of("it"))),
        ("role:director", Some(Approver::Role(Role::Director))),
        ("role:Admin", Some(Approver::Role(Role::Admin))),
        ("@victor", Some(member("victor"))),
        ("@Ana.Pop", Some(member("ana.pop"))),
        ("@a_b-c", Some(member("a_b-c"))),
        ("", None),
        ("victor", None),
        ("boss", None),
        ("@", None),
        ("@ana pop", None),
        ("@ana@x", None),
        ("@abcdefghijklmnopqrstuvwxyz0123456", None), // 33 characters
        (
            "@abcdefghijklmnopqrstuvwxyz012345",
            Some(member("abcdefghijklmnopqrstuvwxyz012345")),
        ),
        ("manager:", None),
        ("manager:a", None),
        ("manager:1t", None),
        ("manager:front_office", None),
        ("manager:toolongakey1", None),
        ("role:", None),
        ("role:directr", None),
        ("role:ceo", None),
        ("dept:it", None),
        ("dept_manager:it", None),
        ("manager", None),
    ];
    for (text, expected) in cases {
        assert_eq!(Approver::parse(text), *expected, "{text:?}");
    }
}

#[test]
fn approvers_print_in_their_config_form() {
    for text in ["dept_manager", "manager:acc", "role:director", "@victor"] {
        let approver = Approver::parse(text).unwrap();
        assert_eq!(approver.to_string(), text);
    }
}

const PURCHASE_EXAMPLE: &str = r#"
[approvals]
distinct_steps = true
stale_after = "2d"
[approvals.kinds.purchase]
amount = "required"          # required | optional | none
currency = "EUR"
on_expiry = "escalate"
[[approvals.kinds.purchase.steps]]
approvers = "dept_manager"
[[approvals.kinds.purchase.steps]]
approvers = "manager:acc"
above = 1000
[[approvals.kinds.purchase.steps]]
approvers = "role:director"
above = 10000
"#;

#[test]
fn the_documented_example_reads_as_the_default_purchase() {
    let policies = load(PURCHASE_EXAMPLE).unwrap();
    assert_eq!(policies.kinds().collect::<Vec<_>>(), ["purchase"]);
    assert_eq!(
        policies.kind("purchase"),
        ApprovalPolicies::default().kind("purchase")
    );
}

const CUSTOM: &str = r#"
[approvals]
distinct_steps = false
stale_after = "4h"

[approvals.kinds.travel]
amount = "optional"
currency = "RON"
on_expiry = "escalate"

[[approvals.kinds.travel.steps]]
approvers = ["@ana", "@victor"]
up_to = 2000

[[approvals.kinds.travel.steps]]
approvers = ["dept_manager", "manager:hr"]
quorum = "all"
above = 2000
up_to = 20000

[[approvals.kinds.travel.steps]]
approvers = "role:director"
above = 20000

[approvals.kinds.badge]
[[approvals.kinds.badge.steps]]
approvers = "manager:sec"

[approvals.rates]
EUR = "4.97 RON"
"#;

fn custom_expected() -> ApprovalPolicies {
    let travel = KindPolicy {
        amount_required: false,
        takes_amount: true,
        currency: Some(Currency::Ron),
        steps: vec![
            Step {
                approvers: vec![member("ana"), member("victor")],
                quorum: Quorum::Any,
                above: None,
                up_to: Some(2000),
            },
            Step {
                approvers: vec![Approver::DeptManager, manager_of("hr")],
                quorum: Quorum::All,
                above: Some(2000),
                up_to: Some(20_000),
            },
            Step::of(Approver::Role(Role::Director)).when_above(20_000),
        ],
        on_expiry: ExpiryAction::Escalate,
    };
    let badge = KindPolicy {
        amount_required: false,
        takes_amount: false,
        currency: None,
        steps: vec![Step::of(manager_of("sec"))],
        on_expiry: ExpiryAction::Expire,
    };
    ApprovalPolicies {
        kinds: BTreeMap::from([("travel".into(), travel), ("badge".into(), badge)]),
        distinct_steps: false,
        stale_after: Span::Minutes(240),
        rates: Rates::from_config(&BTreeMap::from([("EUR".into(), "4.97 RON".into())])).unwrap(),
    }
}

#[test]
fn a_custom_policy_reads_and_round_trips() {
    let policies = load(CUSTOM).unwrap();
    assert_eq!(policies, custom_expected());
    let written = toml::to_string(&Config {
        approvals: policies.clone(),
    })
    .unwrap();
    assert_eq!(load(&written).unwrap(), policies, "{written}");
}

#[test]
fn the_defaults_round_trip_through_toml() {
    let written = toml::to_string(&Config {
        approvals: ApprovalPolicies::default(),
    })
    .unwrap();
    assert_eq!(load(&written).unwrap(), ApprovalPolicies::default());
    // A single approver is written the way people write it.
    assert!(
        written.contains("approvers = \"dept_manager\""),
        "{written}"
    );
}

#[test]
fn missing_settings_take_the_defaults() {
    assert_eq!(load("[approvals]").unwrap(), ApprovalPolicies::default());
    let policies = load("[approvals]\nstale_after = \"1d\"").unwrap();
    assert_eq!(policies.kinds, ApprovalPolicies::default().kinds);
    assert_eq!(policies.stale_after, Span::WorkingDays(1));
    assert!(load("[approvals]\nkinds = {}").unwrap().kinds.is_empty());
}

#[test]
fn custom_windows_select_steps() {
    let policies = load(CUSTOM).unwrap();
    let travel = policies.kind("travel").unwrap();
    let ron = |t: &str| Some(Money::parse(t, Some(Currency::Ron), Locale::En).unwrap());
    let all = "dept_manager+manager:hr/all";
    let cases: Vec<(Option<Money>, Vec<&str>)> = vec![
        (ron("0.01"), vec!["@ana+@victor"]),
        (ron("2000"), vec!["@ana+@victor"]),
        (ron("2000.01"), vec![all]),
        (ron("20000"), vec![all]),
        (ron("20000.01"), vec![DIR]),
        // Left out, an optional amount could be anything: every step applies.
        (None, vec!["@ana+@victor", all, DIR]),
    ];
    for (amount, expected) in cases {
        assert_eq!(
            describe(&travel.steps_for(own(amount))),
            expected,
            "{amount:?}"
        );
    }
}

#[test]
fn validation_errors_name_the_kind_and_step() {
    let kind = |body: &str| format!("[kinds.k]\n{body}");
    let required = "amount = \"required\"\ncurrency = \"EUR\"\n";
    let cases: Vec<(String, PolicyError)> = vec![
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 [[kinds.k.steps]]\napprovers = [\"manager:acc\", \"boss\"]\nabove = 10"
            )),
            PolicyError::UnknownApprover {
                kind: "k".into(),
                step: 2,
                text: "boss".into(),
            },
        ),
        (
            kind("[[kinds.k.steps]]\napprovers = \"role:directr\""),
            PolicyError::UnknownApprover {
                kind: "k".into(),
                step: 1,
                text: "role:directr".into(),
            },
        ),
        (
            kind("[[kinds.k.steps]]\napprovers = []"),
            PolicyError::NoApprovers {
                kind: "k".into(),
                step: 1,
            },
        ),
        (
            kind("amount = \"required\""),
            PolicyError::NoSteps { kind: "k".into() },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 [[kinds.k.steps]]\napprovers = \"manager:acc\"\nabove = 5000\nup_to = 1000"
            )),
            PolicyError::EmptyRange {
                kind: "k".into(),
                step: 2,
                above: 5000,
                up_to: 1000,
            },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 above = 1000\nup_to = 1000"
            )),
            PolicyError::EmptyRange {
                kind: "k".into(),
                step: 1,
                above: 1000,
                up_to: 1000,
            },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 0"
            )),
            PolicyError::EmptyRange {
                kind: "k".into(),
                step: 1,
                above: 0,
                up_to: 0,
            },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nabove = -1"
            )),
            PolicyError::ThresholdOutOfRange {
                kind: "k".into(),
                step: 1,
                value: -1,
            },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 up_to = 1000000000001"
            )),
            PolicyError::ThresholdOutOfRange {
                kind: "k".into(),
                step: 1,
                value: 1_000_000_000_001,
            },
        ),
        (
            kind(
                "amount = \"none\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
            ),
            PolicyError::ThresholdWithoutAmount {
                kind: "k".into(),
                step: 2,
            },
        ),
        (
            kind(
                "[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 100\n\
                 [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
            ),
            PolicyError::ThresholdWithoutAmount {
                kind: "k".into(),
                step: 1,
            },
        ),
        (
            kind(
                "amount = \"required\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\"\n\
                 [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 100",
            ),
            PolicyError::ThresholdWithoutCurrency {
                kind: "k".into(),
                step: 2,
            },
        ),
        (
            kind("currency = \"EUR\"\n[[kinds.k.steps]]\napprovers = \"dept_manager\""),
            PolicyError::CurrencyWithoutAmount { kind: "k".into() },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nabove = 1000"
            )),
            PolicyError::Uncovered {
                kind: "k".into(),
                above: 0,
                up_to: Some(1000),
            },
        ),
        (
            kind(&format!(
                "{required}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 1000\n\
                 [[kinds.k.steps]]\napprovers = \"role:director\"\nabove = 5000"
            )),
            PolicyError::Uncovered {
                kind: "k".into(),
                above: 1000,
                up_to: Some(5000),
            },
        ),
        (
            kind(&format!(
                "{}[[kinds.k.steps]]\napprovers = \"dept_manager\"\nup_to = 1000",
                "amount = \"optional\"\ncurrency = \"RON\"\n"
            )),
            PolicyError::Uncovered {
                kind: "k".into(),
                above: 1000,
                up_to: None,
            },
        ),
        (
            "[kinds.Purchase]\n[[kinds.Purchase.steps]]\napprovers = \"dept_manager\"".into(),
            PolicyError::InvalidKindName {
                kind: "Purchase".into(),
            },
        ),
        (
            "[kinds.\"big buy\"]\n[[kinds.\"big buy\".steps]]\napprovers = \"dept_manager\"".into(),
            PolicyError::InvalidKindName {
                kind: "big buy".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(load_raw(&text), Err(expected), "{text}");
    }
}

#[test]
fn overlapping_and_adjacent_windows_are_accepted() {
    let text = "[kinds.k]\namount = \"required\"\ncurrency = \"EUR\"\n\
        [[kinds.k.steps]]\napprovers = \"@a\"\nup_to = 1000\n\
        [[kinds.k.steps]]\napprovers = \"@b\"\nabove = 500\nup_to = 5000\n\
        [[kinds.k.steps]]\napprovers = \"@c\"\nabove = 5000\n";
    assert!(load_raw(text).is_ok());
}

#[test]
fn config_errors_reach_the_log_with_kind_and_step() {
    let text = "[approvals.kinds.purchase]\n[[approvals.kinds.purchase.steps]]\n\
                approvers = \"boss\"";
    let message = load(text).unwrap_err().to_string();
    assert!(message.contains("`purchase`, step 1"), "{message}");
    assert!(message.contains("\"boss\""), "{message}");
    // It says what is accepted instead, every role included.
    assert!(
        message.contains("role:<requester|agent|manager|director|admin> or @<handle>"),
        "{message}"
    );
}

#[test]
fn malformed_config_is_refused_by_serde() {
    let cases: &[(&str, &str)] = &[
        ("[approvals]\ndistinct = true", "distinct"),
        ("[approvals]\nstale_after = \" \"", "empty duration"),
        ("[approvals]\nstale_after = \"soon\"", "\"soon\" is not a duration"),
        ("[approvals]\nstale_after = \"0d\"", "stale_after = \"0d\""),
        ("[approvals.kinds.k]\nammount = \"none\"", "ammount"),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nabve = 1",
            "abve",
        ),
        ("[approvals.kinds.k]\namount = \"maybe\"", "maybe"),
        ("[approvals.kinds.k]\ncurrency = \"GBP\"", "GBP"),
        ("[approvals.kinds.k]\non_expiry = \"notify\"", "notify"),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nquorum = \"most\"",
            "most",
        ),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = 5",
            "approver",
        ),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = [5]",
            "string",
        ),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\nquorum = \"any\"",
            "approvers",
        ),
        (
            "[approvals.kinds.k]\n[[approvals.kinds.k.steps]]\napprovers = \"@a\"\nabove = 1.5",
            "above",
        ),
    ];
    for (text, needle) in cases {
        let message = load(text).unwrap_err().to_string();
        assert!(message.contains(needle), "{text}\n→ {message}");
    }
}

#[test]
fn approvers_are_listed_with_kind_and_step() {
    let policies = ApprovalPolicies::default();
    let listed: Vec<String> = policies
        .approvers()
        .filter(|(kind, _, _)| *kind == "purchase" || *kind == "access")
        .map(|(kind, step, a)| format!("{kind}/{step}/{a}"))
        .collect();
    assert_eq!(
        listed,
        [
            "access/1/dept_manager",
            "access/2/manager:it",
            "purchase/1/dept_manager",
            "purchase/2/manager:acc",
            "purchase/3/role:director",
        ]
    );
}

#[test]
fn requests_are_checked_against_their_kind() {
    let policies = ApprovalPolicies::default();
    let custom = load(CUSTOM).unwrap();
    let ron = |t: &str| Some(Money::parse(t, Some(Currency::Ron), Locale::En).unwrap());
    let kinds = "access, budget, expense, leave, purchase, refund";
    type Case<'a> = (
        &'a ApprovalPolicies,
        &'a str,
        Option<Money>,
        Result<(), RequestError>,
    );
    let cases: Vec<Case> = vec![
        (&policies, "purchase", eur("500"), Ok(())),
        (&policies, "Purchase", eur("500"), Ok(())),
        (&policies, "leave", None, Ok(())),
        (&custom, "travel", None, Ok(())),
        (&custom, "travel", ron("10"), Ok(())),
        (
            &policies,
            "purchase",
            None,
            Err(RequestError::AmountMissing {
                kind: "purchase".into(),
                currency: Some(Currency::Eur),
            }),
        ),
        (
            &policies,
            "LEAVE",
            eur("5"),
            Err(RequestError::AmountNotUsed {
                kind: "leave".into(),
            }),
        ),
        (
            &policies,
            "refund",
            ron("5"),
            Err(RequestError::NoRate {
                kind: "refund".into(),
                currency: Currency::Ron,
                expected: Currency::Eur,
                accepted: vec![Currency::Eur],
            }),
        ),
        (&custom, "travel", eur("5"), Ok(())),
        (
            &custom,
            "travel",
            Money::parse("5 USD", None, Locale::En).ok(),
            Err(RequestError::NoRate {
                kind: "travel".into(),
                currency: Currency::Usd,
                expected: Currency::Ron,
                accepted: vec![Currency::Eur, Currency::Ron],
            }),
        ),
        (
            &policies,
            " vacation ",
            None,
            Err(RequestError::UnknownKind {
                kind: "vacation".into(),
                kinds: kinds.into(),
            }),
        ),
    ];
    for (policies, kind, amount, expected) in cases {
        let got = policies.check_request(kind, amount).map(|_| ());
        assert_eq!(got, expected, "{kind} {amount:?}");
    }
    let long = "x".repeat(500);
    let Err(RequestError::UnknownKind { kind, .. }) = policies.check_request(&long, None) else {
        panic!("unknown kind expected");
    };
    assert_eq!(kind.chars().count(), MAX_ECHO_CHARS);
}

#[test]
fn a_kind_without_currency_accepts_any_currency() {
    let text = "[kinds.k]\namount = \"optional\"\n[[kinds.k.steps]]\napprovers = \"@a\"";
    let policies = load_raw(text).unwrap();
    let usd = Money::parse("5 USD", None, Locale::En).unwrap();
    assert!(policies.check_request("k", Some(usd)).is_ok());
    let required = "[kinds.k]\namount = \"required\"\n[[kinds.k.steps]]\napprovers = \"@a\"";
    assert_eq!(
        load_raw(required)
            .unwrap()
            .check_request("k", None)
            .map(|_| ()),
        Err(RequestError::AmountMissing {
            kind: "k".into(),
            currency: None
        })
    );
}

// --- messages -----------------------------------------------------------------------

#[test]
fn every_request_error_renders_in_both_languages() {
    let errors = [
        RequestError::UnknownKind {
            kind: "vacation".into(),
            kinds: "leave, purchase".into(),
        },
        RequestError::AmountMissing {
            kind: "purchase".into(),
            currency: Some(Currency::Eur),
        },
        RequestError::AmountMissing {
            kind: "gift".into(),
            currency: None,
        },
        RequestError::AmountNotUsed {
            kind: "leave".into(),
        },
        RequestError::NoRate {
            kind: "refund".into(),
            currency: Currency::Usd,
            expected: Currency::Eur,
            accepted: vec![Currency::Eur, Currency::Ron],
        },
    ];
    for (lang, source) in [("en", EN_FTL), ("ro", RO_FTL)] {
        let bundle = bundle(lang, source);
        for error in &errors {
            let msg = crate::i18n::Msg::from(error.clone());
            let (id, args) = (msg.id(), msg.text_args());
            let text = render(&bundle, id, &args);
            for (_, value) in &args {
                assert!(text.contains(value.as_str()), "{lang} {id}: {text}");
            }
        }
    }
}

/// The examples a message suggests (`4500 EUR`) are accepted as they are.
#[test]
fn suggested_amounts_parse() {
    for (lang, source) in [("en", EN_FTL), ("ro", RO_FTL)] {
        let bundle = bundle(lang, source);
        for currency in Currency::ALL {
            let error = RequestError::NoRate {
                kind: "k".into(),
                currency,
                expected: currency,
                accepted: vec![currency],
            };
            let msg = crate::i18n::Msg::from(error);
            let (id, args) = (msg.id(), msg.text_args());
            let text = render(&bundle, id, &args);
            let example = text.split('`').nth(1).expect("an example in backticks");
            let parsed = Money::parse(example, None, Locale::En).unwrap();
            assert_eq!(parsed.currency(), currency, "{lang}: {text}");
        }
    }
}

/// Message ids and their variables, per language, from this area's catalogue files.
fn inventory(source: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for line in source.lines() {
        let Some((id, value)) = line.split_once(" = ") else {
            continue;
        };
        if id.starts_with('#') {
            continue;
        }
        let mut vars: Vec<String> = value
            .split("{ $")
            .skip(1)
            .filter_map(|rest| rest.split_once(' ').map(|(v, _)| v.to_owned()))
            .collect();
        vars.sort();
        vars.dedup();
        out.insert(id.to_owned(), vars);
    }
    out
}

#[test]
fn catalogues_match_and_use_comma_below_diacritics() {
    assert_eq!(inventory(EN_FTL), inventory(RO_FTL));
    for id in inventory(EN_FTL).keys() {
        assert!(
            id.starts_with("money-") || id.starts_with("policy-"),
            "{id}"
        );
    }
    assert!(!RO_FTL.contains(['ş', 'ţ', 'Ş', 'Ţ']));
    assert!(RO_FTL.contains(['ș', 'ț']));
}

/// Issue #12: a kind counts in its currency; an amount in another is counted at the
/// configured rate, exactly at the thresholds, and keeps that rate.
#[test]
fn amounts_in_other_currencies_are_counted_at_the_configured_rate() {
    let policies = load("[approvals.rates]\nRON = \"0.20 EUR\"").unwrap();
    let ron = |t: &str| Money::parse(t, None, Locale::Ro).unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("1.250,50 lei", &[DM]),
        ("5.000 lei", &[DM]),
        ("5.000,01 lei", &[DM, ACC]),
        ("50.000 lei", &[DM, ACC]),
        ("50.000,01 lei", &[DM, ACC, DIR]),
    ];
    for (text, expected) in cases {
        let (policy, counted) = policies.check_request("expense", Some(ron(text))).unwrap();
        let counted = counted.expect("an amount");
        assert_eq!(counted.amount, ron(text));
        let rate = counted.rate.expect("converted");
        assert_eq!(rate.describe(false), "1 RON = 0.20 EUR");
        assert_eq!(
            describe(&policy.steps_for(Some(counted))),
            *expected,
            "{text}"
        );
    }
    let (_, same) = policies.check_request("expense", eur("500")).unwrap();
    assert_eq!(same.and_then(|c| c.rate), None);
}

#[test]
fn malformed_rates_are_refused_at_startup() {
    let cases = [
        ("RON = 0.2", "invalid type"),
        ("RON = \"0,2 EUR\"", "at most six decimals"),
        ("GBP = \"1.17 EUR\"", "unknown currency `GBP`"),
        ("RON = \"0.2 EUR\"\nUSD = \"4.6 RON\"", "same currency"),
    ];
    for (rates, expected) in cases {
        let text = format!("[approvals.rates]\n{rates}");
        let err = load(&text).unwrap_err().to_string();
        assert!(err.contains(expected), "{rates}: {err}");
    }
}
