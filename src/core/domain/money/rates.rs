//! Exchange rates, for counting an amount written in one currency against thresholds set in
//! another (issue #12: an expense in lei against a kind that counts in EUR).
//!
//! The configuration says what one unit of each currency is worth in one base currency,
//! every rate naming the same one, as text so that no digit is lost to floating point:
//!
//! ```toml
//! [approvals.rates]
//! RON = "0.20 EUR"     # 1 RON = 0.20 EUR
//! USD = "0.92 EUR"
//! ```
//!
//! A rate has at most six decimals and is kept in millionths, as an integer. Converting
//! between two currencies goes through the base: one RON is `0.20 / 0.92` USD. That ratio is
//! kept as a fraction ([`Rate`]), so whether an amount is above a threshold is decided
//! exactly, in integers; only the converted amount shown to people is rounded to the cent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Currency, Money, MINOR_PER_UNIT};

/// Millionths in one unit: rates have at most six decimals.
const SCALE: i64 = 1_000_000;

/// The largest rate accepted, in whole units of the base: a larger one is a typo.
const MAX_RATE_UNITS: i64 = 1_000_000;

/// What each currency is worth in the base currency, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rates {
    /// The currency every rate is given in; `None` when there are no rates.
    base: Option<Currency>,
    /// Millionths of the base that one unit of the currency is worth.
    millionths: BTreeMap<Currency, i64>,
}

/// Why a line of `[approvals.rates]` was refused; for the startup log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("[approvals.rates]: unknown currency `{0}`; use EUR, RON or USD")]
    UnknownCurrency(String),
    #[error(
        "[approvals.rates] {code} = {text:?}: write what one {code} is worth in the base \
         currency, with at most six decimals after a point, e.g. {code} = \"0.20 EUR\""
    )]
    Unreadable { code: String, text: String },
    #[error(
        "[approvals.rates]: every rate must be in the same currency; {first} and {second} are both used"
    )]
    MixedBases { first: Currency, second: Currency },
    #[error("[approvals.rates] {0}: the base currency needs no rate")]
    RateOfBase(Currency),
}

impl Rates {
    /// Reads `[approvals.rates]` as written: currency code → `"0.20 EUR"`.
    pub fn from_config(entries: &BTreeMap<String, String>) -> Result<Rates, RateError> {
        let mut rates = Rates::default();
        for (code, text) in entries {
            let currency = Currency::parse(code)
                .filter(|c| c.code() == code.trim().to_ascii_uppercase())
                .ok_or_else(|| RateError::UnknownCurrency(code.clone()))?;
            let unreadable = || RateError::Unreadable {
                code: code.clone(),
                text: text.clone(),
            };
            let (number, base) = text.trim().split_once(' ').ok_or_else(unreadable)?;
            let base = Currency::parse(base).ok_or_else(unreadable)?;
            let millionths = read_millionths(number).ok_or_else(unreadable)?;
            match rates.base {
                Some(first) if first != base => {
                    return Err(RateError::MixedBases {
                        first,
                        second: base,
                    })
                }
                _ => rates.base = Some(base),
            }
            if currency == base {
                return Err(RateError::RateOfBase(base));
            }
            rates.millionths.insert(currency, millionths);
        }
        Ok(rates)
    }

    /// The rates as written in the configuration, for writing it back.
    pub fn to_config(&self) -> BTreeMap<String, String> {
        let Some(base) = self.base else {
            return BTreeMap::new();
        };
        self.millionths
            .iter()
            .map(|(currency, m)| {
                let text = format!("{} {base}", format_decimal(*m, false));
                (currency.code().to_owned(), text)
            })
            .collect()
    }

    /// What one unit of the currency is worth in millionths of the base.
    fn worth(&self, currency: Currency) -> Option<i64> {
        if Some(currency) == self.base {
            return Some(SCALE);
        }
        self.millionths.get(&currency).copied()
    }

    /// How `from` converts into `to`; `None` when either has no rate. Asking for the same
    /// currency twice gives no rate either: nothing is converted.
    pub fn between(&self, from: Currency, to: Currency) -> Option<Rate> {
        if from == to {
            return None;
        }
        Some(Rate {
            from,
            to,
            num: self.worth(from)?,
            den: self.worth(to)?,
        })
    }

    /// The currencies an amount may be written in to be counted in `currency`: that one, and
    /// every other with a rate to it. In [`Currency::ALL`] order.
    pub fn convertible_to(&self, currency: Currency) -> Vec<Currency> {
        Currency::ALL
            .into_iter()
            .filter(|c| *c == currency || self.between(*c, currency).is_some())
            .collect()
    }
}

/// `0.2`, `0.20`, `4.9765`, `5` → millionths; `None` for anything else (a comma, a sign,
/// more than six decimals, zero, or more than [`MAX_RATE_UNITS`]).
fn read_millionths(text: &str) -> Option<i64> {
    let (units, decimals) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || (text.contains('.') && !digits(decimals)) || decimals.len() > 6 {
        return None;
    }
    let units: i64 = units.parse().ok().filter(|u| *u <= MAX_RATE_UNITS)?;
    let fraction: i64 = format!("{decimals:0<6}").parse().ok()?;
    let millionths = units * SCALE + fraction;
    (millionths > 0 && millionths <= MAX_RATE_UNITS * SCALE).then_some(millionths)
}

/// Millionths as a decimal with two to six decimals and no grouping, so that the
/// configuration form reads back: `0.20`, `4.60`, `0.217391`.
fn format_decimal(millionths: i64, ro: bool) -> String {
    let decimals = format!("{:06}", millionths % SCALE);
    let decimals = decimals.trim_end_matches('0');
    let mark = if ro { ',' } else { '.' };
    format!("{}{mark}{decimals:0<2}", millionths / SCALE)
}

/// One unit of `from` is worth `num / den` units of `to`. Kept with a request, so that its
/// card keeps showing the rate its approvers were chosen by when the configuration changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub from: Currency,
    pub to: Currency,
    num: i64,
    den: i64,
}

impl Rate {
    /// Whether `amount` (in `from`) is worth more than `units` whole units of `to`, decided
    /// exactly: `amount × num > units × 100 × den`, in `i128` so that nothing overflows.
    pub fn exceeds(self, amount: Money, units: i64) -> bool {
        i128::from(amount.minor()) * i128::from(self.num)
            > i128::from(units) * i128::from(MINOR_PER_UNIT) * i128::from(self.den)
    }

    /// `amount` in `to`, rounded to the nearest minor unit (halves away from zero): for
    /// showing, never for comparing.
    pub fn convert(self, amount: Money) -> Money {
        let scaled = i128::from(amount.minor()) * i128::from(self.num);
        let den = i128::from(self.den);
        let rounded = (2 * scaled + scaled.signum() * den) / (2 * den);
        Money::new(i64::try_from(rounded).unwrap_or(i64::MAX), self.to)
    }

    /// `1 RON = 0.20 EUR` (Romanian: `1 RON = 0,20 EUR`), rounded to six decimals.
    pub fn describe(self, ro: bool) -> String {
        let num = i128::from(self.num) * i128::from(SCALE);
        let den = i128::from(self.den);
        let millionths = i64::try_from((2 * num + den) / (2 * den)).unwrap_or(i64::MAX);
        format!(
            "1 {} = {} {}",
            self.from,
            format_decimal(millionths, ro),
            self.to
        )
    }
}

/// An amount as a policy counts it: as written, and the rate into the kind's currency when
/// it was written in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub amount: Money,
    pub rate: Option<Rate>,
}

impl Counted {
    /// Whether the amount is worth more than `units` whole units of the kind's currency.
    pub fn exceeds(self, units: i64) -> bool {
        match self.rate {
            Some(rate) => rate.exceeds(self.amount, units),
            None => self.amount.exceeds(units),
        }
    }
}

impl From<Money> for Counted {
    /// An amount in the kind's own currency.
    fn from(amount: Money) -> Self {
        Counted { amount, rate: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn demo() -> Rates {
        Rates::from_config(&config(&[("RON", "0.20 EUR"), ("USD", "0.92 EUR")])).unwrap()
    }

    #[test]
    fn rates_read_as_decimal_text_and_write_back() {
        let rates = demo();
        assert_eq!(
            rates.to_config(),
            config(&[("RON", "0.20 EUR"), ("USD", "0.92 EUR")])
        );
        let precise = Rates::from_config(&config(&[("RON", "0.201234 EUR")])).unwrap();
        assert_eq!(precise.to_config(), config(&[("RON", "0.201234 EUR")]));
        assert_eq!(Rates::from_config(&BTreeMap::new()), Ok(Rates::default()));
    }

    #[test]
    fn malformed_rates_are_refused_with_the_line() {
        let unreadable = |code: &str, text: &str| RateError::Unreadable {
            code: code.into(),
            text: text.into(),
        };
        let cases: Vec<(&str, &str, RateError)> = vec![
            ("RON", "0,20 EUR", unreadable("RON", "0,20 EUR")),
            ("RON", "0.20", unreadable("RON", "0.20")),
            ("RON", "0.2000001 EUR", unreadable("RON", "0.2000001 EUR")),
            ("RON", "0 EUR", unreadable("RON", "0 EUR")),
            ("RON", "-1 EUR", unreadable("RON", "-1 EUR")),
            ("RON", ".2 EUR", unreadable("RON", ".2 EUR")),
            ("RON", "2. EUR", unreadable("RON", "2. EUR")),
            ("RON", "0.2 GBP", unreadable("RON", "0.2 GBP")),
            ("RON", "2000000 EUR", unreadable("RON", "2000000 EUR")),
            ("GBP", "1.17 EUR", RateError::UnknownCurrency("GBP".into())),
            ("lei", "0.2 EUR", RateError::UnknownCurrency("lei".into())),
            ("EUR", "1 EUR", RateError::RateOfBase(Currency::Eur)),
        ];
        for (code, text, expected) in cases {
            assert_eq!(
                Rates::from_config(&config(&[(code, text)])),
                Err(expected),
                "{code} = {text}"
            );
        }
        assert_eq!(
            Rates::from_config(&config(&[("RON", "0.2 EUR"), ("USD", "4.6 RON")])),
            Err(RateError::MixedBases {
                first: Currency::Eur,
                second: Currency::Ron
            })
        );
    }

    #[test]
    fn thresholds_are_compared_exactly_through_the_base() {
        let rates = demo();
        let ron = |minor| Money::new(minor, Currency::Ron);
        let to_eur = rates.between(Currency::Ron, Currency::Eur).unwrap();
        // 5,000 RON is exactly 1,000 EUR: not above it; one ban more is.
        assert!(!to_eur.exceeds(ron(500_000), 1_000));
        assert!(to_eur.exceeds(ron(500_001), 1_000));
        // EUR counted in RON: 1,000 EUR = 5,000 RON.
        let to_ron = rates.between(Currency::Eur, Currency::Ron).unwrap();
        let eur = Money::new(100_000, Currency::Eur);
        assert!(!to_ron.exceeds(eur, 5_000));
        assert!(to_ron.exceeds(eur, 4_999));
        // Two rates: 1 USD = 0.92 / 0.20 = 4.6 RON.
        let usd_ron = rates.between(Currency::Usd, Currency::Ron).unwrap();
        assert_eq!(usd_ron.describe(false), "1 USD = 4.60 RON");
        assert_eq!(
            usd_ron.convert(Money::new(100, Currency::Usd)),
            Money::new(460, Currency::Ron)
        );
        assert!(rates.between(Currency::Eur, Currency::Eur).is_none());
        let no_usd = Rates::from_config(&config(&[("RON", "0.2 EUR")])).unwrap();
        assert!(no_usd.between(Currency::Usd, Currency::Eur).is_none());
        assert_eq!(
            no_usd.convertible_to(Currency::Eur),
            vec![Currency::Eur, Currency::Ron]
        );
    }

    #[test]
    fn converted_amounts_round_to_the_cent_for_display() {
        let rates = demo();
        let to_eur = rates.between(Currency::Ron, Currency::Eur).unwrap();
        let cases: &[(i64, i64)] = &[(125_050, 25_010), (1, 0), (3, 1), (2, 0), (7, 1)];
        for (ron, eur) in cases {
            assert_eq!(
                to_eur.convert(Money::new(*ron, Currency::Ron)),
                Money::new(*eur, Currency::Eur),
                "{ron}"
            );
        }
        assert_eq!(to_eur.describe(true), "1 RON = 0,20 EUR");
        let eur_usd = rates.between(Currency::Eur, Currency::Usd).unwrap();
        assert_eq!(eur_usd.describe(false), "1 EUR = 1.086957 USD");
    }
}
