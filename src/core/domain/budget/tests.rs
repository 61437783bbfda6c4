//! The arithmetic of budgets, in minor units: sums, what is left, thresholds, conversions.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::policy::{convert, BudgetPolicyError};
use super::rules::{alert_due, exceeds, overrun};
use super::*;
use crate::core::domain::approval_policy::{ApprovalPolicies, Approver};
use crate::core::domain::ids::Handle;
use crate::core::domain::money::Rates;
use crate::core::domain::org::{Member, Role};

fn at() -> DateTime<Utc> {
    "2026-12-07T08:00:00Z".parse().unwrap()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::Eur)
}

fn q4() -> Period {
    Period::Quarter {
        year: 2026,
        quarter: 4,
    }
}

fn budget(allocated: Money) -> Budget {
    Budget {
        dept: DeptKey::parse("it").unwrap(),
        period: q4(),
        allocated,
        note: None,
        alerted: 0,
        updated_at: at(),
    }
}

fn entry(n: u32, effect: Effect, amount: Money, state: EntryState) -> Entry {
    Entry {
        dept: DeptKey::parse("it").unwrap(),
        period: q4(),
        approval: crate::core::domain::approval::ApprovalId::new(n),
        title: Title::parse("title", "x").unwrap(),
        effect,
        amount,
        state,
        overrun: None,
        created_at: at(),
        updated_at: at(),
    }
}

#[test]
fn committed_spent_and_left_add_up_in_minor_units() {
    let b = budget(eur(3_000_000));
    let entries = [
        entry(1, Effect::Reserve, eur(450_000), EntryState::Open),
        entry(2, Effect::Reserve, eur(1_200_050), EntryState::Done),
        entry(3, Effect::Reserve, eur(99_999), EntryState::Released),
        // A raise is in the allocation once applied, never in what is used.
        entry(4, Effect::Raise, eur(1_000_000), EntryState::Done),
    ];
    let mut other = entry(5, Effect::Reserve, eur(7), EntryState::Open);
    other.period = Period::Year(2026);
    let figures = Figures::of(&b, &[&entries[..], &[other]].concat());
    assert_eq!(figures.committed, 450_000);
    assert_eq!(figures.spent, 1_200_050);
    assert_eq!(figures.used(), 1_650_050);
    assert_eq!(figures.left(), 1_349_950);
    // 55.00166… % rounds down.
    assert_eq!(figures.percent_used(), 55);
    let over = Figures {
        committed: figures.committed + 1_349_951,
        ..figures
    };
    assert_eq!(over.left(), -1);
}

#[test]
fn taking_exactly_what_is_left_fits_and_one_cent_more_does_not() {
    let figures = Figures::of(
        &budget(eur(3_000_000)),
        &[entry(1, Effect::Reserve, eur(1_875_000), EntryState::Done)],
    );
    assert_eq!(figures.left(), 1_125_000);
    assert!(!exceeds(&figures, 1_125_000));
    assert!(exceeds(&figures, 1_125_001));
    let overspent = Figures {
        committed: 2_000_000,
        ..figures
    };
    assert!(exceeds(&overspent, 1));
}

#[test]
fn the_policy_decides_what_a_request_over_budget_becomes() {
    assert_eq!(overrun(OverBudget::Refuse, false), None);
    assert_eq!(overrun(OverBudget::Refuse, true), None);
    assert_eq!(overrun(OverBudget::Allow, false), Some(Overrun::Allowed));
    assert_eq!(
        overrun(OverBudget::AddDirector, false),
        Some(Overrun::DirectorAdded)
    );
    assert_eq!(
        overrun(OverBudget::AddDirector, true),
        Some(Overrun::DirectorAlready)
    );
}

#[test]
fn each_threshold_is_told_once_and_a_jump_is_told_at_its_highest() {
    let b = budget(eur(3_000_000));
    let used = |minor| {
        Figures::of(
            &b,
            &[entry(1, Effect::Reserve, eur(minor), EntryState::Open)],
        )
    };
    assert_eq!(alert_due(&used(2_399_999), 0), None);
    assert_eq!(alert_due(&used(2_400_000), 0), Some(80));
    assert_eq!(alert_due(&used(2_400_000), 80), None);
    assert_eq!(alert_due(&used(2_999_999), 80), None);
    assert_eq!(alert_due(&used(3_000_000), 80), Some(100));
    assert_eq!(alert_due(&used(3_600_000), 0), Some(100));
    assert_eq!(alert_due(&used(3_600_000), 100), None);
}

#[test]
fn amounts_are_converted_exactly_into_the_budgets_currency() {
    let rates = Rates::from_config(&BTreeMap::from([
        ("RON".to_string(), "0.20 EUR".to_string()),
        ("USD".to_string(), "0.92 EUR".to_string()),
    ]))
    .unwrap();
    let ron = |minor| Money::new(minor, Currency::Ron);
    assert_eq!(
        convert(ron(625_050), Currency::Eur, &rates),
        Some(eur(125_010))
    );
    assert_eq!(convert(eur(100), Currency::Ron, &rates), Some(ron(500)));
    assert_eq!(convert(eur(100), Currency::Eur, &rates), Some(eur(100)));
    let none = Rates::default();
    assert_eq!(convert(ron(100), Currency::Eur, &none), None);
}

#[test]
fn the_accountant_is_one_person_for_every_department() {
    let member = Member::sample;
    let policy = BudgetPolicy::default();
    assert!(policy.is_accountant(&member("victor", Role::Manager, "acc")));
    assert!(!policy.is_accountant(&member("dan", Role::Agent, "acc")));
    assert!(!policy.is_accountant(&member("bob", Role::Manager, "it")));
    let named = BudgetPolicy {
        accountant: Approver::Member(Handle::parse("dan").unwrap()),
        ..BudgetPolicy::default()
    };
    assert!(named.is_accountant(&member("dan", Role::Agent, "acc")));
    let approvals = ApprovalPolicies::default();
    let per_dept = BudgetPolicy {
        accountant: Approver::DeptManager,
        ..BudgetPolicy::default()
    };
    assert_eq!(
        per_dept.validate(&approvals),
        Err(BudgetPolicyError::AccountantPerDepartment)
    );
}

#[test]
fn spending_kinds_must_exist_carry_an_amount_and_share_a_currency() {
    let approvals = ApprovalPolicies::default();
    assert_eq!(BudgetPolicy::default().validate(&approvals), Ok(()));
    assert_eq!(BudgetPolicy::default().currency(&approvals), Currency::Eur);
    let with = |kinds: &[&str]| BudgetPolicy {
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        ..BudgetPolicy::default()
    };
    assert_eq!(
        with(&["purchase", "travel"]).validate(&approvals),
        Err(BudgetPolicyError::UnknownKind("travel".into()))
    );
    assert_eq!(
        with(&["leave"]).validate(&approvals),
        Err(BudgetPolicyError::KindWithoutAmount("leave".into()))
    );
    let mut usd = approvals.clone();
    usd.kinds.get_mut("expense").unwrap().currency = Some(Currency::Usd);
    assert!(matches!(
        BudgetPolicy::default().validate(&usd),
        Err(BudgetPolicyError::MixedCurrencies(..))
    ));
    assert!(BudgetPolicy::default().reserves("Purchase"));
    assert!(!BudgetPolicy::default().reserves("budget"));
}

#[test]
fn states_and_effects_read_back_what_they_write() {
    for e in [Effect::Reserve, Effect::Raise] {
        assert_eq!(Effect::parse(e.as_str()), Some(e));
    }
    for s in [EntryState::Open, EntryState::Done, EntryState::Released] {
        assert_eq!(EntryState::parse(s.as_str()), Some(s));
    }
    for o in [
        Overrun::DirectorAdded,
        Overrun::DirectorAlready,
        Overrun::Allowed,
    ] {
        assert_eq!(Overrun::parse(o.as_str()), Some(o));
    }
    assert_eq!(budget(eur(1)).object().to_string(), "budget:it:2026-Q4");
}
