//! SLA targets, reminder offsets and wall-clock durations written as text.
//!
//! Both forms are a sequence of `<number><unit>` components with units in
//! descending order, each at most once (`2h30m`, `1d2h3m4s`). Units are
//! case-insensitive; no spaces are allowed inside the value.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::business_hours::BusinessCalendar;

/// What was wrong with a span or duration text.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SpanError {
    #[error("empty duration")]
    Empty,
    #[error("{0:?} is zero; a duration must be positive")]
    Zero(String),
    #[error("{0:?} is not a duration (expected e.g. 30m, 4h, 2h30m, 1d)")]
    Syntax(String),
    #[error("{text:?} uses unknown unit {unit:?}")]
    UnknownUnit { text: String, unit: char },
    #[error("{0:?} repeats a unit or puts them out of order (largest first, e.g. 2h30m)")]
    UnitOrder(String),
    #[error("{0:?} mixes working days with hours or minutes")]
    MixedDays(String),
    #[error("{0:?} is too large")]
    TooLarge(String),
}

/// An SLA target or a reminder offset: either business minutes, or whole working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Minutes(u32),
    WorkingDays(u32),
}

impl FromStr for Span {
    type Err = SpanError;

    /// `30m`, `4h`, `2h30m`, `1d`, `10d`; days cannot be mixed with h/m; zero and empty refused.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let components = parse_components(text, &['d', 'h', 'm'])?;
        let too_large = || SpanError::TooLarge(text.to_owned());
        let span = match components.as_slice() {
            [(days, 'd')] => Span::WorkingDays(u32::try_from(*days).map_err(|_| too_large())?),
            parts if parts.iter().any(|&(_, unit)| unit == 'd') => {
                return Err(SpanError::MixedDays(text.to_owned()));
            }
            parts => {
                let minutes = total(parts, |unit| if unit == 'h' { 60 } else { 1 })
                    .and_then(|minutes| u32::try_from(minutes).ok())
                    .ok_or_else(too_large)?;
                Span::Minutes(minutes)
            }
        };
        match span {
            Span::Minutes(0) | Span::WorkingDays(0) => Err(SpanError::Zero(text.to_owned())),
            span => Ok(span),
        }
    }
}

impl fmt::Display for Span {
    /// Canonical form: `30m`, `4h`, `2h30m`, `1d` (so `90m` prints as `1h30m`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Span::WorkingDays(days) => write!(f, "{days}d"),
            Span::Minutes(minutes) => match (minutes / 60, minutes % 60) {
                (0, minutes) => write!(f, "{minutes}m"),
                (hours, 0) => write!(f, "{hours}h"),
                (hours, minutes) => write!(f, "{hours}h{minutes}m"),
            },
        }
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl BusinessCalendar {
    /// Business minutes go through [`BusinessCalendar::add`], working days through
    /// [`BusinessCalendar::add_working_days`].
    pub fn add_span(&self, start: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        match span {
            Span::Minutes(minutes) => self.add(start, Duration::minutes(i64::from(minutes))),
            Span::WorkingDays(days) => self.add_working_days(start, days),
        }
    }
}

/// A wall-clock duration for the console's `:advance 90m` / `2h` / `3d` / `1h30m` / `45s`.
/// Days here are plain 24-hour days, not working days.
pub fn parse_wall_duration(text: &str) -> Result<Duration, SpanError> {
    let text = text.trim();
    let components = parse_components(text, &['d', 'h', 'm', 's'])?;
    let seconds = total(&components, |unit| match unit {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        _ => 1,
    })
    .and_then(|seconds| i64::try_from(seconds).ok())
    .and_then(Duration::try_seconds)
    .ok_or_else(|| SpanError::TooLarge(text.to_owned()))?;
    if seconds.is_zero() {
        return Err(SpanError::Zero(text.to_owned()));
    }
    Ok(seconds)
}

/// Sums `value * scale(unit)` over the components; `None` on overflow.
fn total(components: &[(u64, char)], scale: impl Fn(char) -> u64) -> Option<u64> {
    components.iter().try_fold(0u64, |sum, &(value, unit)| {
        sum.checked_add(value.checked_mul(scale(unit))?)
    })
}

/// Splits `2h30m` into `[(2, 'h'), (30, 'm')]`, checking units against `units`
/// (largest first) and that each appears at most once, in that order.
/// Units are returned lower-case.
fn parse_components(text: &str, units: &[char]) -> Result<Vec<(u64, char)>, SpanError> {
    if text.is_empty() {
        return Err(SpanError::Empty);
    }
    let syntax = || SpanError::Syntax(text.to_owned());
    let mut components = Vec::new();
    let mut previous_rank = None;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(digits);
        let mut chars = after.chars();
        let (false, Some(unit)) = (number.is_empty(), chars.next()) else {
            return Err(syntax());
        };
        let unit = unit.to_ascii_lowercase();
        let rank = units
            .iter()
            .position(|&known| known == unit)
            .ok_or_else(|| unknown_unit(text, unit))?;
        if previous_rank.is_some_and(|previous| previous >= rank) {
            return Err(SpanError::UnitOrder(text.to_owned()));
        }
        previous_rank = Some(rank);
        // Only digits here, so the sole possible failure is overflow.
        let value = number
            .parse()
            .map_err(|_| SpanError::TooLarge(text.to_owned()))?;
        components.push((value, unit));
        rest = chars.as_str();
    }
    Ok(components)
}

/// A stray non-unit character (space, sign, dot) is a syntax error rather than a unit.
fn unknown_unit(text: &str, unit: char) -> SpanError {
    if unit.is_alphabetic() {
        SpanError::UnknownUnit {
            text: text.to_owned(),
            unit,
        }
    } else {
        SpanError::Syntax(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::super::business_hours::WeeklyHours;
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Europe::Bucharest;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Bucharest
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("test times are unambiguous")
            .with_timezone(&Utc)
    }

    fn office() -> BusinessCalendar {
        BusinessCalendar::new(
            Bucharest,
            WeeklyHours::office(),
            [NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()],
        )
    }

    #[test]
    fn parses_minutes_hours_and_days() {
        for (text, span) in [
            ("30m", Span::Minutes(30)),
            ("4h", Span::Minutes(240)),
            ("2h30m", Span::Minutes(150)),
            ("90m", Span::Minutes(90)),
            ("1d", Span::WorkingDays(1)),
            ("10d", Span::WorkingDays(10)),
            (" 2H ", Span::Minutes(120)),
            ("0h5m", Span::Minutes(5)),
        ] {
            assert_eq!(text.parse(), Ok(span), "{text:?}");
        }
    }

    #[test]
    fn displays_the_canonical_form() {
        for (span, text) in [
            (Span::Minutes(30), "30m"),
            (Span::Minutes(240), "4h"),
            (Span::Minutes(150), "2h30m"),
            (Span::Minutes(90), "1h30m"),
            (Span::WorkingDays(1), "1d"),
        ] {
            assert_eq!(span.to_string(), text);
            assert_eq!(text.parse(), Ok(span));
        }
    }

    #[test]
    fn refuses_empty_and_zero_spans() {
        assert_eq!("".parse::<Span>(), Err(SpanError::Empty));
        assert_eq!("  ".parse::<Span>(), Err(SpanError::Empty));
        for text in ["0m", "0h", "0d", "0h0m"] {
            assert_eq!(text.parse::<Span>(), Err(SpanError::Zero(text.into())));
        }
    }

    #[test]
    fn refuses_days_mixed_with_hours_or_minutes() {
        for text in ["1d2h", "1d30m"] {
            assert_eq!(text.parse::<Span>(), Err(SpanError::MixedDays(text.into())));
        }
    }

    #[test]
    fn refuses_repeated_or_misordered_units() {
        for text in ["2h2h", "30m2h", "1h2d"] {
            assert_eq!(text.parse::<Span>(), Err(SpanError::UnitOrder(text.into())));
        }
    }

    #[test]
    fn refuses_unknown_units_and_malformed_text() {
        assert_eq!(
            "5w".parse::<Span>(),
            Err(SpanError::UnknownUnit {
                text: "5w".into(),
                unit: 'w'
            })
        );
        assert_eq!(
            "45s".parse::<Span>(),
            Err(SpanError::UnknownUnit {
                text: "45s".into(),
                unit: 's'
            })
        );
        for text in ["h", "5", "-5m", "1.5h", "2h 30m", "m30", "2h30"] {
            assert_eq!(
                text.parse::<Span>(),
                Err(SpanError::Syntax(text.into())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn refuses_spans_too_large_for_u32() {
        for text in ["99999999999999999999999h", "4294967296d", "71582789h"] {
            assert_eq!(
                text.parse::<Span>(),
                Err(SpanError::TooLarge(text.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn span_deserializes_from_text() {
        use serde::de::value::{Error, StrDeserializer};
        use serde::de::IntoDeserializer;
        let ok: StrDeserializer<Error> = "2h30m".into_deserializer();
        assert_eq!(Span::deserialize(ok), Ok(Span::Minutes(150)));
        let bad: StrDeserializer<Error> = "1d2h".into_deserializer();
        assert!(Span::deserialize(bad).is_err());
    }

    #[test]
    fn add_span_minutes_counts_business_time() {
        // Friday 16:00 + 4h -> Monday 12:00.
        assert_eq!(
            office().add_span(local(2026, 11, 27, 16, 0), Span::Minutes(240)),
            local(2026, 11, 30, 12, 0)
        );
    }

    #[test]
    fn add_span_working_days_keeps_time_of_day() {
        // Monday 11:00 + 1 working day skips the 1 December holiday.
        assert_eq!(
            office().add_span(local(2026, 11, 30, 11, 0), Span::WorkingDays(1)),
            local(2026, 12, 2, 11, 0)
        );
    }

    #[test]
    fn wall_duration_forms() {
        for (text, expected) in [
            ("90m", Duration::minutes(90)),
            ("2h", Duration::hours(2)),
            ("3d", Duration::days(3)),
            ("1h30m", Duration::minutes(90)),
            ("45s", Duration::seconds(45)),
            ("1d2h3m4s", Duration::seconds(86_400 + 7_200 + 180 + 4)),
            (" 10M ", Duration::minutes(10)),
        ] {
            assert_eq!(parse_wall_duration(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn wall_duration_errors() {
        assert_eq!(parse_wall_duration(""), Err(SpanError::Empty));
        assert_eq!(parse_wall_duration("0s"), Err(SpanError::Zero("0s".into())));
        assert_eq!(parse_wall_duration("5"), Err(SpanError::Syntax("5".into())));
        assert_eq!(
            parse_wall_duration("-5m"),
            Err(SpanError::Syntax("-5m".into()))
        );
        assert_eq!(
            parse_wall_duration("5y"),
            Err(SpanError::UnknownUnit {
                text: "5y".into(),
                unit: 'y'
            })
        );
        assert_eq!(
            parse_wall_duration("1m1h"),
            Err(SpanError::UnitOrder("1m1h".into()))
        );
        for text in ["9999999999999999d", "18446744073709551616s"] {
            assert_eq!(
                parse_wall_duration(text),
                Err(SpanError::TooLarge(text.into()))
            );
        }
    }

    #[test]
    fn errors_read_well() {
        assert_eq!(
            "1d2h".parse::<Span>().unwrap_err().to_string(),
            "\"1d2h\" mixes working days with hours or minutes"
        );
    }
}
